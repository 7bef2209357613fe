import { describe, expect, it } from '@jest/globals';
import { ContractCheck, Exchange, openApiPath } from './contract-check';

const ERROR = {
  type: 'object',
  required: ['code'],
  properties: { code: { type: 'string', enum: ['NOT_FOUND'] }, details: { type: 'object', additionalProperties: true } },
};
const document = {
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths: {
    '/api/v1/things/{id}': {
      get: {
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          '404': { $ref: '#/components/responses/NotFound' },
        },
      },
      delete: { responses: { '204': { description: 'deleted' } } },
    },
    '/api/v1/things/{id}/file': {
      get: { responses: { '200': { description: 'a file', content: { 'text/csv': { schema: { type: 'string', format: 'binary' } } } } } },
    },
    '/api/v1/labelled': {
      get: {
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': {
                schema: { allOf: [{ $ref: '#/components/schemas/Thing' }, { type: 'object', properties: { label: { type: 'string' } } }] },
              },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        required: ['id', 'note', 'level'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          note: { type: 'string', nullable: true },
          level: { type: 'string', enum: ['low', 'high'], nullable: true },
          owner: { allOf: [{ $ref: '#/components/schemas/Owner' }], nullable: true },
          count: { type: 'integer', minimum: 0, exclusiveMinimum: true },
        },
      },
      Owner: { type: 'object', properties: { name: { type: 'string' } } },
    },
    responses: { NotFound: { description: 'missing', content: { 'application/json': { schema: ERROR } } } },
  },
};
const ID = '0b7e7a3e-3f0e-4a57-9a53-2f1d8f3b8a11';
const thing = (body: object, route = '/api/v1/things/:id', status = 200): Exchange => ({
  method: 'GET',
  route,
  status,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(body),
});

describe('ContractCheck', () => {
  const check = ContractCheck.of(document);

  it('turns a Fastify route into the OpenAPI path template', () => {
    expect(openApiPath('/api/v1/leads/:id/issues/:issueId')).toBe('/api/v1/leads/{id}/issues/{issueId}');
    expect(openApiPath('/api/v1/leads/')).toBe('/api/v1/leads');
  });

  it('passes a body that matches, nullable fields null, a nullable $ref null', () => {
    expect(check.check(thing({ id: ID, note: null, level: 'low', owner: null, count: 1 }))).toEqual([]);
    expect(check.check(thing({ id: ID, note: 'x', level: 'high', owner: { name: 'w' } }))).toEqual([]);
  });

  it('refuses a field the schema does not name, at any depth (closed schemas)', () => {
    const problems = check
      .check(thing({ id: ID, note: null, level: 'low', extra: 1, more: 2, owner: { name: 'w', age: 3 } }))
      .map((v) => v.problem);
    expect(problems).toEqual([
      '(body) must NOT have additional properties: extra, more [additionalProperties]',
      '/owner must NOT have additional properties: age [additionalProperties]',
    ]);
  });

  it('refuses null in a nullable enum that does not list null, a wrong format, and 3.0’s exclusive minimum', () => {
    const problems = check.check(thing({ id: 'not-a-uuid', note: null, level: null, count: 0 })).map((v) => v.problem);
    expect(problems).toEqual(
      expect.arrayContaining([
        '/id must match format "uuid" [format]',
        '/level must be equal to one of the allowed values ["low","high"] [enum]',
        '/count must be > 0 [exclusiveMinimum]',
      ]),
    );
  });

  it('closes an allOf of several parts as a whole (each part’s fields allowed, others not)', () => {
    const route = '/api/v1/labelled';
    expect(check.check(thing({ id: ID, note: null, level: 'low', label: 'l' }, route))).toEqual([]);
    expect(check.check(thing({ id: ID, note: null, level: 'low', label: 'l', other: 1 }, route)).map((v) => v.problem)).toEqual([
      '(body) must NOT have unevaluated properties: other [unevaluatedProperties]',
    ]);
  });

  it('follows a $ref to a shared response, and refuses a status the operation does not document', () => {
    expect(check.check(thing({ code: 'NOT_FOUND', details: { id: ID } }, '/api/v1/things/:id', 404))).toEqual([]);
    expect(check.check(thing({ code: 'CONFLICT' }, '/api/v1/things/:id', 409))).toEqual([
      {
        operation: 'GET /api/v1/things/{id}',
        status: 409,
        problem: 'status not documented (documented: 200, 404)',
        excerpt: '{"code":"CONFLICT"}',
      },
    ]);
  });

  it('refuses a body where none is documented, and a route the document does not have', () => {
    const deleted = { method: 'DELETE', route: '/api/v1/things/:id', status: 204, contentType: undefined, body: '' };
    expect(check.check(deleted)).toEqual([]);
    expect(check.check({ ...deleted, status: 204, body: '{}', contentType: 'application/json' })[0].problem).toMatch(
      /^body not documented/,
    );
    expect(check.check(thing({}, '/api/v1/nowhere'))[0].problem).toBe('operation not in the document');
    expect(check.documents('/api/v1/nowhere', '/api/v1')).toBe(true);
    expect(check.documents('/docs-json', '/api/v1')).toBe(false);
  });

  it('checks a file download by its content type only', () => {
    const file = { method: 'GET', route: '/api/v1/things/:id/file', status: 200, contentType: 'text/csv; charset=utf-8', body: null };
    expect(check.check(file)).toEqual([]);
    expect(check.check({ ...file, contentType: 'application/pdf' })[0].problem).toBe(
      'content type application/pdf not documented (documented: text/csv)',
    );
  });

  it('reads paths under a server’s base path, and 3.1 type arrays', () => {
    const v31 = ContractCheck.of({
      openapi: '3.1.0',
      servers: [{ url: 'http://localhost:3000/api/v1' }],
      paths: {
        '/notes': {
          get: {
            responses: {
              '200': {
                description: 'ok',
                content: { 'application/json': { schema: { type: 'object', properties: { text: { type: ['string', 'null'] } } } } },
              },
            },
          },
        },
      },
    });
    expect(v31.check(thing({ text: null }, '/api/v1/notes'))).toEqual([]);
    expect(v31.check(thing({ text: 1 }, '/api/v1/notes')).map((v) => v.problem)).toEqual(['/text must be string,null [type]']);
  });
});
