import type { ErrorObject } from 'ajv';
import { ClosedSchemas, isObject, Json, JsonObject } from './closed-schemas';

/** One response as the server sent it, and the route (Fastify's template, e.g. `/api/v1/leads/:id`) that answered it. */
export interface Exchange {
  method: string;
  route: string;
  status: number;
  contentType: string | undefined;
  /** The serialized body, or null when it is a stream (a file download): then only its content type is checked. */
  body: string | null;
}

/** A response that does not match the document. */
export interface Violation {
  operation: string;
  status: number;
  problem: string;
  /** The part of the body the problem is about, shortened. */
  excerpt?: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];
const MAX_ERRORS_PER_RESPONSE = 10;
const EXCERPT = 160;

/** `/api/v1/leads/:id/issues/:issueId` → `/api/v1/leads/{id}/issues/{issueId}` (a Fastify regex constraint dropped). */
export function openApiPath(route: string): string {
  return route.replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, '{$1}').replace(/(.)\/$/, '$1');
}

const checks = new Map<string, ContractCheck>();

/** Checks responses against one OpenAPI document (3.0 or 3.1): the operation, the status, the content type, the body closed. */
export class ContractCheck {
  private readonly schemas: ClosedSchemas;
  private readonly basePaths: string[];

  private constructor(private readonly document: JsonObject) {
    const components = isObject(document.components) ? document.components : {};
    this.schemas = new ClosedSchemas(isObject(components.schemas) ? components.schemas : {});
    // paths are relative to a server's URL; a server with a path (e.g. `/api/v1`) prefixes every path
    const servers = Array.isArray(document.servers) ? document.servers.filter(isObject) : [];
    const urls = servers.flatMap((server) => (typeof server.url === 'string' ? [server.url] : []));
    const bases = urls.map((url) => new URL(url.replace(/\{[^}]*\}/g, 'x'), 'http://server').pathname.replace(/\/$/, ''));
    this.basePaths = [...new Set(['', ...bases])];
  }

  /** The check of a document, shared by every app built with the same document (a suite starts several). */
  static of(document: object): ContractCheck {
    const text = JSON.stringify(document);
    let check = checks.get(text);
    if (!check) {
      check = new ContractCheck(JSON.parse(text) as JsonObject);
      checks.set(text, check);
    }
    return check;
  }

  /** Whether a route belongs to the API (and must be documented) rather than the console, /docs or the queue board. */
  documents(route: string, apiPrefix: string): boolean {
    const path = openApiPath(route);
    return path.startsWith(`${apiPrefix}/`) || this.pathItem(path) !== undefined;
  }

  check(exchange: Exchange): Violation[] {
    const path = openApiPath(exchange.route);
    const method = exchange.method.toLowerCase();
    const operationName = `${exchange.method.toUpperCase()} ${path}`;
    const violation = (problem: string, excerpt?: string): Violation[] => [
      { operation: operationName, status: exchange.status, problem, ...(excerpt === undefined ? {} : { excerpt: shorten(excerpt) }) },
    ];
    const found = this.pathItem(path);
    const operation = found && METHODS.includes(method) ? this.resolve(found.item[method]) : undefined;
    if (!found || !operation) return violation('operation not in the document');
    const operationKey = `${found.key} ${method}`;

    const responses = this.resolve(operation.responses) ?? {};
    const statusKey = [String(exchange.status), `${String(exchange.status)[0]}XX`, 'default'].find((key) => key in responses);
    if (statusKey === undefined) {
      return violation(`status not documented (documented: ${Object.keys(responses).join(', ') || 'none'})`, exchange.body ?? undefined);
    }
    const response = this.resolve(responses[statusKey]) ?? {};
    const body = exchange.body ?? '';
    const content = this.resolve(response.content);
    const streamed = exchange.body === null;
    if (!content || Object.keys(content).length === 0) {
      return body.length > 0 || streamed ? violation('body not documented (the response declares no content)', body) : [];
    }
    if (body.length === 0 && !streamed) return [];

    const type = (exchange.contentType ?? '').split(';')[0].trim().toLowerCase();
    const mediaKey = [type, `${type.split('/')[0]}/*`, '*/*'].find((key) => key in content);
    if (mediaKey === undefined)
      return violation(`content type ${type || '(none)'} not documented (documented: ${Object.keys(content).join(', ')})`);
    if (!isJson(type)) return [];
    if (streamed) return violation('a JSON body streamed: not checked');
    const media = this.resolve(content[mediaKey]) ?? {};
    if (!('schema' in media)) return violation(`no schema for ${mediaKey}`, body);

    let parsed: Json;
    try {
      parsed = JSON.parse(body) as Json;
    } catch {
      return violation('body is not JSON', body);
    }
    const validate = this.schemas.validator(`${operationKey} ${statusKey} ${mediaKey}`, media.schema);
    if (validate(parsed)) return [];
    return grouped(specific(validate.errors ?? []))
      .slice(0, MAX_ERRORS_PER_RESPONSE)
      .flatMap(({ error, names }) => violation(describe(error, names), excerptAt(parsed, error.instancePath)));
  }

  private pathItem(path: string): { key: string; item: JsonObject } | undefined {
    const paths = isObject(this.document.paths) ? this.document.paths : {};
    for (const base of this.basePaths) {
      if (base !== '' && !path.startsWith(`${base}/`)) continue;
      const key = path.slice(base.length) || '/';
      const item = this.resolve(paths[key]);
      if (item) return { key, item };
    }
    return undefined;
  }

  /** The object itself, or the one its local `$ref` (`#/components/…`) points at. */
  private resolve(value: Json | undefined): JsonObject | undefined {
    if (!isObject(value)) return undefined;
    if (typeof value.$ref !== 'string') return value;
    let target: Json | undefined = this.document;
    for (const part of value.$ref.replace(/^#\//, '').split('/')) {
      target = isObject(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    }
    return this.resolve(target);
  }
}

function isJson(type: string): boolean {
  return type === 'application/json' || type.endsWith('+json');
}

/** The errors that say what is wrong: without the summaries of a nullable's `anyOf [schema, null]` ("must be null"). */
function specific(errors: ErrorObject[]): ErrorObject[] {
  const summary = (error: ErrorObject) =>
    error.keyword === 'anyOf' || (error.keyword === 'type' && (error.params as { type?: unknown }).type === 'null');
  const rest = errors.filter((error) => !summary(error));
  return rest.length > 0 ? rest : errors;
}

const UNDECLARED = ['additionalProperties', 'unevaluatedProperties'];

/** One error per object for the fields it does not declare (`/owner …: id, displayName`), the others as they are. */
function grouped(errors: ErrorObject[]): Array<{ error: ErrorObject; names: string[] }> {
  const out: Array<{ error: ErrorObject; names: string[] }> = [];
  const byObject = new Map<string, string[]>();
  for (const error of errors) {
    if (!UNDECLARED.includes(error.keyword)) {
      out.push({ error, names: [] });
      continue;
    }
    const params = error.params as { additionalProperty?: string; unevaluatedProperty?: string };
    const key = `${error.keyword} ${error.instancePath}`;
    const names = byObject.get(key);
    if (names) names.push(String(params.additionalProperty ?? params.unevaluatedProperty));
    else {
      const first = [String(params.additionalProperty ?? params.unevaluatedProperty)];
      byObject.set(key, first);
      out.push({ error, names: first });
    }
  }
  return out;
}

/** An ajv error in one line: where, which rule, and the names or values it is about. */
function describe(error: ErrorObject, names: string[]): string {
  const where = error.instancePath === '' ? '(body)' : error.instancePath.replace(/\/\d+(?=\/|$)/g, '/*');
  const params = error.params as Record<string, unknown>;
  const about = UNDECLARED.includes(error.keyword)
    ? `: ${names.join(', ')}`
    : error.keyword === 'enum'
      ? ` ${JSON.stringify(params.allowedValues)}`
      : '';
  return `${where} ${error.message ?? error.keyword}${about} [${error.keyword}]`;
}

function excerptAt(body: Json, pointer: string): string {
  let value: Json | undefined = body;
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    value = Array.isArray(value) ? value[Number(key)] : isObject(value) ? value[key] : undefined;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** At most EXCERPT characters, a token (a JWT) cut to its start. */
function shorten(text: string): string {
  const masked = text.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, 'eyJ…(token)');
  return masked.length > EXCERPT ? `${masked.slice(0, EXCERPT)}…` : masked;
}
