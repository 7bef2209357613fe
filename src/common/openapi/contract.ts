import { INestApplication } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer, Reflector } from '@nestjs/core';
import type { OpenAPIObject, OperationObject, ParameterObject, ResponseObject } from '@nestjs/swagger';
import { IS_PUBLIC, REQUIRED_ROLES } from '../auth/decorators';
import { ErrorCode, ERROR_STATUS } from '../errors/app-error';
import { API_ERRORS } from './api-doc.decorator';
import { ERROR_CODE, ERROR_CODE_SCHEMA, ERROR_RESPONSE, ERROR_RESPONSE_SCHEMA } from './error-response.schema';

/** The tags the controllers use, declared once with what they cover (Spectral: every tag declared and described). */
export const API_TAGS: ReadonlyArray<{ name: string; description: string }> = [
  { name: 'auth', description: '登录与账户 / Sign-in, sign-out and the caller’s account' },
  { name: 'leads', description: '项目 (招商线索) / Leads: create, list, search, edit, delete and restore' },
  { name: 'pipeline', description: '阶段推进与护商专员 / Stage and status moves, and the business-protection commissioner' },
  { name: 'follow-ups', description: '跟进记录 / Follow-ups logged on a lead' },
  { name: 'assessments', description: '事前评估 / Pre-signing assessments of key projects' },
  { name: 'enterprise-issues', description: '企业诉求 / Issues an enterprise raised, with their handling' },
  { name: 'timeline', description: '项目动态 / A lead’s history from the audit trail' },
  { name: 'notifications', description: '消息提醒 / The caller’s notifications' },
  { name: 'reminders', description: '红黄预警与扫描 / Warnings and the reminder scans' },
  { name: 'dashboard', description: '领导驾驶舱 / The leaders’ cockpit figures' },
  {
    name: 'obligations',
    description: '履约监管 / Agreements, clauses, evidence, reported actuals, idle-land clocks and 亩均效益 grades after the signature',
  },
  {
    name: 'carriers',
    description: '载体资源 / Carriers: land parcels, standard factories and buildings in the parks, their plan, ledger and vacancy',
  },
  {
    name: 'carrier-matching',
    description: '载体匹配与预留 / A lead’s requirements of a site, carriers and leads matched both ways, reservations',
  },
  {
    name: 'chains',
    description: '产业链招商 / Industry chains: nodes, local enterprises, targets, the gap view and targets turned into leads',
  },
  { name: 'confirmations', description: '审核确认 / Leaders’ confirmations of moves into 签约, 开工建设, 运营投产 with evidence' },
  { name: 'spreadsheets', description: '台账导入导出 / Spreadsheet export, import and import progress' },
  { name: 'users', description: '用户管理 / User administration' },
  { name: 'teams', description: '团队管理 / Promotion teams' },
  { name: 'reference data', description: '基础数据 / Industry catalog, zones, labels and the pipeline model' },
  { name: 'health', description: '健康检查 / Liveness of the service and its dependencies' },
];

/** Every operation's error statuses with their title. */
const STATUS_TITLES: Record<number, string> = {
  400: '请求无效 / Invalid request',
  401: '未登录 / Not signed in',
  403: '无权操作 / Not allowed',
  404: '不存在或不可见 / Not found, or not visible to the caller',
  409: '冲突 / Conflict',
  413: '请求过大 / Payload too large',
  415: '不支持的内容类型 / Unsupported media type',
  422: '不能执行 / Refused by a rule',
  429: '请求过于频繁 / Too many requests',
  500: '服务器错误 / Internal error',
};

/** What each code means to a client, and where its details are (every ErrorCode must have one). */
const CODE_HINTS: Record<ErrorCode, string> = {
  [ErrorCode.ValidationFailed]: 'details.fields names each refused field',
  [ErrorCode.MalformedJson]: 'the body is not JSON',
  [ErrorCode.BadRequest]: 'the body or file cannot be read (details.limit, details.file)',
  [ErrorCode.Unauthorized]: 'no, invalid or expired token',
  [ErrorCode.InvalidCredentials]: 'wrong username or password',
  [ErrorCode.Forbidden]: 'the caller’s role or team does not allow it',
  [ErrorCode.NotFound]: 'missing, or not visible to the caller',
  [ErrorCode.Conflict]: 'a name taken, or the same Idempotency-Key still running',
  [ErrorCode.VersionConflict]: 'a stale version: details.currentVersion',
  [ErrorCode.DuplicateCreditCode]: 'the credit code is taken: details.existingLeadId when the caller may see that lead',
  [ErrorCode.DuplicateUsername]: 'the username is taken',
  [ErrorCode.LastAdmin]: 'the last active admin would go',
  [ErrorCode.StageGateUnmet]: 'the gate of the stage is not met: details.missing',
  [ErrorCode.TransitionNotAllowed]: 'not a move from here: details.from, details.to',
  [ErrorCode.UnprocessableEntity]:
    'a rule refuses it (details.missing, details.status; a whole-file import: details.rows), or an Idempotency-Key reused for another body',
  [ErrorCode.PayloadTooLarge]: 'the body or file is too large (details.limit, details.max)',
  [ErrorCode.UnsupportedMediaType]: 'a content type the route does not read',
  [ErrorCode.TooManyRequests]: 'too many attempts: retry after the Retry-After header’s seconds',
  [ErrorCode.Internal]: 'logged with details.requestId',
  [ErrorCode.ServiceUnavailable]: 'a dependency is down',
};

/** The OpenAPI extension on an operation that lists the roles it takes (absent: any signed-in user, or public). */
const ROLES_EXTENSION = 'x-roles';
type WithRoles = OperationObject & { [ROLES_EXTENSION]?: string[] };

/** The roles an operation of the completed document takes; null: any signed-in user (or public). */
export function operationRoles(operation: OperationObject): readonly string[] | null {
  return (operation as WithRoles)[ROLES_EXTENSION] ?? null;
}

interface RouteFacts {
  isPublic: boolean;
  roles: string[];
  errors: ErrorCode[];
}

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';
const METHODS: readonly Method[] = ['get', 'put', 'post', 'delete', 'patch'];

/** The route facts of every controller method, by the operationId @nestjs/swagger gives it (`Controller_method`). */
function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  const reflector = new Reflector();
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (abstract new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const targets = [handler, controller];
        facts.set(`${controller.name}_${name}`, {
          isPublic: reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) === true,
          roles: reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES, targets) ?? [],
          errors: reflector.get<ErrorCode[] | undefined>(API_ERRORS, handler) ?? [],
        });
      }
    }
  }
  return facts;
}

/** The error codes an operation can answer, derived from its route and document facts plus the codes it declares. */
function errorCodes(operation: OperationObject, facts: RouteFacts): ErrorCode[] {
  const parameters = (operation.parameters ?? []) as ParameterObject[];
  const content = operation.requestBody && 'content' in operation.requestBody ? operation.requestBody.content : {};
  const json = 'application/json' in content;
  const upload = 'multipart/form-data' in content;
  const codes = new Set<ErrorCode>([ErrorCode.Internal, ...facts.errors]);
  if (!facts.isPublic) codes.add(ErrorCode.Unauthorized);
  if (facts.roles.length > 0) codes.add(ErrorCode.Forbidden);
  if (parameters.some((p) => p.in === 'path')) codes.add(ErrorCode.NotFound);
  if (parameters.some((p) => p.in === 'path' || p.in === 'query') || json || upload) codes.add(ErrorCode.ValidationFailed);
  if (json) codes.add(ErrorCode.MalformedJson);
  // a JSON body over a structural limit (json-body.ts), a form without its file (spreadsheet-upload.ts)
  if (json || upload) codes.add(ErrorCode.BadRequest).add(ErrorCode.PayloadTooLarge).add(ErrorCode.UnsupportedMediaType);
  if (parameters.some((p) => p.in === 'header' && p.name === 'Idempotency-Key'))
    codes.add(ErrorCode.Conflict).add(ErrorCode.UnprocessableEntity);
  return Object.values(ErrorCode).filter((code) => codes.has(code));
}

function accessLine(facts: RouteFacts): string {
  if (facts.isPublic) return '公开 / Public: no token needed.';
  if (facts.roles.length > 0) return `角色 / Roles: ${facts.roles.join(', ')} (403 for others).`;
  return '任何已登录用户 / Any signed-in user (what they may see is scoped by role and team).';
}

/** Adds to each operation its error responses (one per status, each the ErrorResponse schema), path id formats and access line. */
function completeOperation(path: string, operation: OperationObject, facts: RouteFacts): void {
  for (const parameter of (operation.parameters ?? []) as ParameterObject[]) {
    if (parameter.in !== 'path') continue;
    // every path parameter of this API is an id checked by uuidPipe(): `/leads/{id}` is a lead's, `/issues/{issueId}` an issue's
    const segments = path.split('/');
    const owner = segments[segments.indexOf(`{${parameter.name}}`) - 1] ?? 'record';
    parameter.schema = { type: 'string', format: 'uuid' };
    parameter.description ??= `the id (UUID) of the ${owner.replace(/s$/, '')}`;
  }
  for (const [status, response] of Object.entries(operation.responses)) {
    if (status.startsWith('2') && response && 'description' in response && !response.description) response.description = '成功 / Success';
  }
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodes(operation, facts)) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const existing = operation.responses[status] as ResponseObject | undefined;
    if (existing?.content) continue; // documented with its own body (GET /health's 503)
    operation.responses[status] = {
      description: `${STATUS_TITLES[status] ?? 'Error'}. ${codes.map((code) => `${code}: ${CODE_HINTS[code]}`).join('; ')}.`,
      ...(status === 429
        ? { headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer', minimum: 1 } } } }
        : {}),
      content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_RESPONSE}` } } },
    };
  }
  const access = accessLine(facts);
  operation.description = operation.description ? `${operation.description}\n\n${access}` : access;
  // the roles the route's guard takes, machine-readable: GET /meta derives from it what the caller may call
  if (facts.roles.length > 0) (operation as WithRoles)[ROLES_EXTENSION] = facts.roles;
}

/** `nullable: true` (what @nestjs/swagger writes) as OpenAPI 3.1 / JSON Schema says it: a `null` type, and null among an enum's values. */
function nullableAsJsonSchema(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(nullableAsJsonSchema);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Record<string, unknown>;
  Object.values(schema).forEach(nullableAsJsonSchema);
  if (schema.nullable === undefined || typeof schema.nullable !== 'boolean') return;
  const nullable = schema.nullable;
  delete schema.nullable;
  if (!nullable) return;
  const allOf = schema.allOf as Array<Record<string, unknown>> | undefined;
  if (allOf?.length === 1 && typeof allOf[0].$ref === 'string') {
    // { nullable, type: object, allOf: [$ref] }: the referenced schema, or null
    schema.anyOf = [allOf[0], { type: 'null' }];
    delete schema.allOf;
    delete schema.type;
  } else if (typeof schema.$ref === 'string') {
    schema.anyOf = [{ $ref: schema.$ref }, { type: 'null' }];
    delete schema.$ref;
  } else if (typeof schema.type === 'string') {
    schema.type = [schema.type, 'null'];
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...(schema.enum as unknown[]), null];
  } else {
    throw new Error(`a nullable schema without a type: ${JSON.stringify(schema)}`);
  }
}

/**
 * Completes the document @nestjs/swagger built into the contract a generated client can trust: OpenAPI
 * 3.1 (nullable as a `null` type), the declared tags and relative server, the ErrorResponse component and,
 * derived once here rather than by hand per route, each operation's error responses and access line.
 */
export function completeContract(built: OpenAPIObject, app: INestApplication): OpenAPIObject {
  // a copy: @nestjs/swagger hands out its decorators' metadata objects, which a second app would see changed
  const document = structuredClone(built);
  const facts = routeFacts(app);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const route = operation.operationId ? facts.get(operation.operationId) : undefined;
      if (!route) throw new Error(`no controller method for ${method.toUpperCase()} ${path} (${operation.operationId})`);
      completeOperation(path, operation, route);
    }
  }
  document.openapi = '3.1.0';
  document.servers = [{ url: '/', description: '本服务 / this server (the paths carry /api/v1)' }];
  document.tags = API_TAGS.map((tag) => ({ ...tag }));
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      [ERROR_CODE]: structuredClone(ERROR_CODE_SCHEMA),
      [ERROR_RESPONSE]: structuredClone(ERROR_RESPONSE_SCHEMA),
    },
  };
  nullableAsJsonSchema(document.components.schemas);
  nullableAsJsonSchema(document.paths);
  return document;
}
