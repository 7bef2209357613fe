import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { Document, RulesetDefinition, Spectral } from '@stoplight/spectral-core';
import { Json, parseYaml } from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import { ErrorCode } from '../src/common/errors/app-error';
import { auth, TestApp, TestUser } from './support/test-app';
import { leadBody } from './support/factories';
import { Role } from '../src/modules/users/role.enum';

/** The parts of an OpenAPI 3.1 document these checks read. */
type Schema = { [key: string]: unknown };
interface Operation {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Array<{ name: string; in: string; schema?: Schema }>;
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: Schema }> }>;
}
interface OpenApi {
  openapi: string;
  servers?: Array<{ url: string }>;
  tags?: Array<{ name: string; description?: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const ERROR_REF = '#/components/schemas/ErrorResponse';
/** Spectral's severities by number (@stoplight/types' DiagnosticSeverity): 0 error, 1 warning. */
const SEVERITY = ['error', 'warning', 'info', 'hint'];
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** The repository's ruleset file (.spectral.yaml), with `spectral:oas` resolved to the package the CLI would load. */
function repositoryRuleset(): RulesetDefinition {
  const file = parseYaml(readFileSync('.spectral.yaml', 'utf8')).data as {
    extends: Array<[string, 'all' | 'recommended']>;
    rules?: Record<string, 'off' | 'error' | 'warn' | 'info' | 'hint'>;
  };
  const known: Record<string, RulesetDefinition> = { 'spectral:oas': oas as RulesetDefinition };
  return {
    extends: file.extends.map(([name, set]): [RulesetDefinition, 'all' | 'recommended'] => [known[name], set]),
    rules: file.rules ?? {},
  };
}

/** Every schema object under `node`, with its JSON path. */
function* schemasIn(node: unknown, path = ''): Generator<[string, Schema]> {
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) yield* schemasIn(item, `${path}/${index}`);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Schema;
  if ('type' in schema || '$ref' in schema || 'anyOf' in schema || 'oneOf' in schema || 'allOf' in schema || 'enum' in schema)
    yield [path, schema];
  for (const [key, value] of Object.entries(schema)) yield* schemasIn(value, `${path}/${key}`);
}

describe('The OpenAPI contract (/docs-json)', () => {
  let t: TestApp;
  let text: string;
  let document: OpenApi;
  const operations: Array<[string, string, Operation]> = [];

  beforeAll(async () => {
    t = await TestApp.start();
    const response = await t.http.get('/docs-json');
    expect(response.status).toBe(200);
    text = response.text;
    document = response.body as OpenApi;
    for (const [path, item] of Object.entries(document.paths))
      for (const method of METHODS) if (item[method]) operations.push([method.toUpperCase(), path, item[method]]);
  });

  afterAll(async () => {
    await t.close();
  });

  it('passes every rule of Spectral’s spectral:oas (.spectral.yaml) with no error and no warning', async () => {
    const spectral = new Spectral();
    spectral.setRuleset(repositoryRuleset());
    const results = await spectral.run(new Document(text, Json, '/docs-json'));
    const findings = results
      .filter((result) => Number(result.severity) <= 1)
      .map((result) => `${SEVERITY[result.severity]} ${result.code} at ${result.path.join('.')}: ${result.message}`);
    expect(findings).toEqual([]);
  });

  it('is OpenAPI 3.1 with a relative server and every tag declared with a description', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    const declared = new Map((document.tags ?? []).map((tag) => [tag.name, tag.description]));
    for (const [method, path, operation] of operations) {
      expect([`${method} ${path}`, operation.tags?.length]).toEqual([`${method} ${path}`, 1]);
      expect(declared.get(operation.tags![0])).toEqual(expect.stringMatching(/.+ \/ .+/));
    }
  });

  it('gives every operation a summary in Chinese and English and a description', () => {
    const untitled = operations.filter(
      ([, , op]) => !/^[^/]*\p{Script=Han}[^/]* \/ [A-Za-z].*$/u.test(op.summary ?? '') || !op.description,
    );
    expect(untitled.map(([method, path]) => `${method} ${path}`)).toEqual([]);
  });

  it('documents the success body of every operation: a JSON schema, a file type, or none for a 204', () => {
    const undocumented: string[] = [];
    for (const [method, path, operation] of operations) {
      const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
      if (success.length === 0) undocumented.push(`${method} ${path}: no 2xx`);
      for (const [status, response] of success) {
        if (status === '204') {
          if (response.content) undocumented.push(`${method} ${path} 204 has a body`);
          continue;
        }
        const content = Object.entries(response.content ?? {});
        if (content.length === 0) undocumented.push(`${method} ${path} ${status}: no content`);
        for (const [type, media] of content) {
          const schema = media.schema ?? {};
          const described = type === 'application/json' ? Object.keys(schema).length > 0 : schema.format === 'binary';
          if (!described) undocumented.push(`${method} ${path} ${status} ${type}: no schema`);
        }
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('names the file types of the export, the import template and the rejected rows', () => {
    const types = (path: string) => Object.keys(document.paths[path].get.responses['200'].content ?? {}).sort();
    const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    expect(types('/api/v1/leads/export')).toEqual([xlsx, 'text/csv']);
    expect(types('/api/v1/leads/import/template')).toEqual([xlsx]);
    expect(types('/api/v1/leads/import/{importId}/rejected.xlsx')).toEqual([xlsx]);
  });

  it('answers every error with the one ErrorResponse component, whose code is an ErrorCode and whose details are typed', () => {
    const error = document.components.schemas.ErrorResponse as { properties: Record<string, Schema>; required: string[] };
    expect(error.required).toEqual(['statusCode', 'code', 'message']);
    expect(error.properties.code).toEqual({ $ref: '#/components/schemas/ErrorCode' });
    expect(document.components.schemas.ErrorCode.enum).toEqual(Object.values(ErrorCode));
    const details = error.properties.details as { additionalProperties: boolean; properties: Record<string, Schema> };
    expect(Object.keys(details.properties)).toEqual(
      expect.arrayContaining(['fields', 'moreFields', 'missing', 'currentVersion', 'yourVersion', 'existingLeadId', 'retryAfterSeconds']),
    );
    expect(details.properties.fields).toMatchObject({ type: 'array', items: { required: ['field', 'errors'] } });
    const strays: string[] = [];
    for (const [method, path, operation] of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400 || (path === '/health' && status === '503')) continue;
        const schema = response.content?.['application/json']?.schema;
        if (schema?.$ref !== ERROR_REF || Object.keys(response.content!).length !== 1) strays.push(`${method} ${path} ${status}`);
      }
    }
    expect(strays).toEqual([]);
  });

  it('derives the error statuses from the route: 401 unless public, 403 with roles, 404 with an id, 400 with input, 413/415 with a body', () => {
    const statuses = (method: string, path: string) => Object.keys(document.paths[path][method].responses);
    expect(statuses('post', '/api/v1/auth/login')).toEqual(expect.arrayContaining(['400', '401', '413', '415', '429']));
    expect(statuses('get', '/health')).not.toContain('401');
    expect(statuses('get', '/api/v1/auth/me')).toEqual(['200', '401', '500']);
    expect(statuses('get', '/api/v1/dashboard/pipeline')).toEqual(['200', '400', '401', '403', '500']);
    expect(statuses('patch', '/api/v1/leads/{id}')).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '422', '500']);
    expect(statuses('post', '/api/v1/leads/{id}/transitions')).toEqual(
      expect.arrayContaining(['400', '401', '403', '404', '409', '413', '415', '422']),
    );
    expect(document.paths['/api/v1/leads/{id}/transitions'].post.responses['422'].description).toContain('STAGE_GATE_UNMET');
    for (const [, path, operation] of operations) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'path') expect([path, parameter.schema]).toEqual([path, { type: 'string', format: 'uuid' }]);
      }
      // a public route answers no UNAUTHORIZED (login's 401 is INVALID_CREDENTIALS)
      const isPublic = path === '/health' || path === '/api/v1/auth/login';
      expect([path, operation.responses['401']?.description.includes('UNAUTHORIZED') ?? false]).toEqual([path, !isPublic]);
    }
  });

  it('types nullable values the JSON Schema way, enums once as components, and no bare object in place of a scalar', () => {
    const problems: string[] = [];
    for (const [path, schema] of schemasIn({ paths: document.paths, components: document.components })) {
      if ('nullable' in schema && typeof schema.nullable === 'boolean') problems.push(`${path}: nullable (3.0 style)`);
      const bare = schema.type === 'object' && !schema.properties && schema.additionalProperties === undefined;
      if (bare && !schema.anyOf && !schema.oneOf && !schema.allOf) problems.push(`${path}: type object without properties`);
      if (Array.isArray(schema.type) && schema.type.includes('null') && Array.isArray(schema.enum) && !schema.enum.includes(null))
        problems.push(`${path}: nullable enum without null`);
    }
    expect(problems).toEqual([]);
    const lead = document.components.schemas.LeadResponseDto as { properties: Record<string, Schema> };
    expect(lead.properties.lostReason.anyOf).toEqual([{ $ref: '#/components/schemas/LeadLostReason' }, { type: 'null' }]);
    expect(lead.properties.creditCode.type).toEqual(['string', 'null']);
    expect(lead.properties.signedAt).toMatchObject({ type: ['string', 'null'], format: 'date' });
    expect(lead.properties.contacts).toMatchObject({ type: 'array', items: { $ref: '#/components/schemas/ContactDto' } });
    const patch = document.components.schemas.UpdateLeadDto as { properties: Record<string, Schema> };
    expect(patch.properties.plannedInvestment.type).toEqual(['number', 'null']);
    expect(patch.properties.name.type).toBe('string');
  });

  it('says that a follow-up increments the lead’s version, and pages follow-ups like every list', () => {
    const lead = document.components.schemas.LeadResponseDto as { properties: Record<string, Schema> };
    expect(lead.properties.version.description).toContain('follow-up');
    const followUps = document.paths['/api/v1/leads/{id}/follow-ups'];
    expect(followUps.post.description).toContain('version');
    expect(followUps.get.parameters?.map((p) => p.name)).toEqual(['id', 'limit', 'cursor']);
    expect(document.paths['/api/v1/leads/{id}/timeline'].get.parameters?.map((p) => p.name)).toEqual(['id', 'limit', 'cursor']);
  });

  it('takes null in a PATCH body exactly where the schema says nullable', async () => {
    const admin = await t.createUser([Role.Admin]);
    const teamId = await t.createTeam();
    const user = await t.createUser([Role.Promoter], teamId, true, { login: false });
    const schemas = document.components.schemas as Record<string, { properties: Record<string, Schema> }>;
    expect(schemas.UpdateUserDto.properties.teamId.type).toEqual(['string', 'null']);
    expect(schemas.UpdateUserDto.properties.displayName.type).toBe('string');
    expect(schemas.UpdateTeamDto.properties.leaderId.type).toEqual(['string', 'null']);
    expect(schemas.UpdateTeamDto.properties.name.type).toBe('string');
    const patchUser = (body: object) => t.http.patch(`/api/v1/users/${user.id}`).set(auth(admin)).send(body);
    expect((await patchUser({ teamId: null })).body).toMatchObject({ teamId: null });
    const refused = await patchUser({ displayName: null });
    expect(refused.status).toBe(400);
    expect(refused.body.details.fields[0].field).toBe('displayName');
    const patchTeam = (body: object) => t.http.patch(`/api/v1/teams/${teamId}`).set(auth(admin)).send(body);
    expect((await patchTeam({ leaderId: null })).status).toBe(200);
    expect((await patchTeam({ name: null })).status).toBe(400);
  });

  it('answers an error in the documented shape (a live check of the schema’s required fields and code)', async () => {
    const user: TestUser = await t.createUser([Role.Promoter], await t.createTeam());
    const response = await t.http
      .post('/api/v1/leads')
      .set(auth(user))
      .send(leadBody({ name: '' }));
    expect(response.status).toBe(400);
    expect(Object.keys(response.body as object).sort()).toEqual(['code', 'details', 'message', 'statusCode']);
    expect(response.body).toMatchObject({ statusCode: 400, code: ErrorCode.ValidationFailed, details: { fields: [{ field: 'name' }] } });
  });
});
