// The fixture first: it declares the extra field before anything derived from the lead model is loaded.
import { RD_STAFF } from './fixtures/lead-model-extension';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'superagent';
import { Client } from 'pg';
import { Role } from '../src/modules/users/role.enum';
import { leadBody } from './support/factories';
import { auth, TestApp, TestUser } from './support/test-app';
import { TEST_DATABASE_URL } from './support/test-env';

interface SchemaJson {
  components: {
    schemas: Record<
      string,
      {
        properties: Record<string, { type?: string | string[]; minimum?: number; maximum?: number; description?: string }>;
        required?: string[];
      }
    >;
  };
}

/** supertest buffers a binary body only when told how. */
function binary(res: Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/**
 * Adding a field is its model entry and a migration: one entry in a fixture (test/fixtures/lead-model-extension.ts)
 * and its column reach create and patch validation, the answer, GET /leads, the OpenAPI schema, export, import and /meta.
 */
describe('a field added to the lead model', () => {
  let t: TestApp;
  let promoter: TestUser;
  let commissioner: TestUser;
  const header = `${RD_STAFF.header}(人)`;
  const db = new Client({ connectionString: TEST_DATABASE_URL });

  beforeAll(async () => {
    // the field's migration
    await db.connect();
    await db.query(`ALTER TABLE leads ADD COLUMN IF NOT EXISTS ${RD_STAFF.column} int`);
    t = await TestApp.start();
    const team = await t.createTeam();
    promoter = await t.createUser([Role.Promoter], team);
    commissioner = await t.createUser([Role.Commissioner], team);
  });

  afterAll(async () => {
    await t?.close();
    // the shared test database goes back to what the migrations make (test/schema.e2e-spec.ts compares them)
    await db.query(`ALTER TABLE leads DROP COLUMN IF EXISTS ${RD_STAFF.column}`);
    await db.end();
  });

  const name = `研发字段${Date.now().toString(36)}`;
  const create = (body: Record<string, unknown>) =>
    t.http
      .post('/api/v1/leads')
      .set(auth(promoter))
      .send(leadBody({ name, ...body }));

  it('is checked on create and stored, and the answer carries it', async () => {
    const bad = await create({ [RD_STAFF.key]: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields).toEqual([{ field: RD_STAFF.key, errors: [`${RD_STAFF.key} must not be less than 0`] }]);
    expect((await create({ [RD_STAFF.key]: 1.5 })).body.details.fields).toEqual([
      { field: RD_STAFF.key, errors: [`${RD_STAFF.key} must be an integer number`] },
    ]);

    const created = await create({ [RD_STAFF.key]: 35 });
    expect(created.status).toBe(201);
    expect(created.body[RD_STAFF.key]).toBe(35);
    const stored = await db.query<{ value: number }>(`SELECT ${RD_STAFF.column} AS value FROM leads WHERE id = $1`, [created.body.id]);
    expect(stored.rows[0].value).toBe(35);

    const list = await t.http.get('/api/v1/leads').query({ q: name }).set(auth(promoter));
    expect(list.body.items[0][RD_STAFF.key]).toBe(35);
  });

  it('is checked on patch, changed, cleared, and recorded in the timeline’s field changes', async () => {
    const lead = (await create({})).body as { id: string; version: number };
    const patch = (body: Record<string, unknown>) => t.http.patch(`/api/v1/leads/${lead.id}`).set(auth(promoter)).send(body);
    const refused = await patch({ version: lead.version, [RD_STAFF.key]: 200_000 });
    expect(refused.status).toBe(400);
    expect(refused.body.details.fields[0].field).toBe(RD_STAFF.key);
    const changed = await patch({ version: lead.version, [RD_STAFF.key]: 12 });
    expect(changed.status).toBe(200);
    expect(changed.body[RD_STAFF.key]).toBe(12);
    const cleared = await patch({ version: changed.body.version, [RD_STAFF.key]: null });
    expect(cleared.body[RD_STAFF.key]).toBeNull();
    const events = await db.query<{ data: { changes: Array<{ field: string }> } }>(
      `SELECT data FROM lead_events WHERE lead_id = $1 AND kind = 'field_changed' ORDER BY id`,
      [lead.id],
    );
    expect(events.rows.map((e) => e.data.changes[0].field)).toEqual([RD_STAFF.key, RD_STAFF.key]);
  });

  it('is in the OpenAPI schema of the create and patch bodies and of the answer', async () => {
    const docs = (await t.http.get('/docs-json')).body as SchemaJson;
    const { CreateLeadDto, UpdateLeadDto, LeadResponseDto } = docs.components.schemas;
    // nullable the OpenAPI 3.1 way: null is one of its types
    expect(CreateLeadDto.properties[RD_STAFF.key]).toMatchObject({
      type: ['integer', 'null'],
      minimum: 0,
      maximum: 100_000,
      description: `${RD_STAFF.label} (人)`,
    });
    expect(CreateLeadDto.required ?? []).not.toContain(RD_STAFF.key);
    expect(UpdateLeadDto.properties[RD_STAFF.key]).toMatchObject({ type: ['integer', 'null'] });
    expect(LeadResponseDto.properties[RD_STAFF.key]).toMatchObject({ type: ['integer', 'null'] });
  });

  it('is a column of the export and is read back by the import', async () => {
    await create({ [RD_STAFF.key]: 48, creditCode: null });
    const exported = await t.http
      .get('/api/v1/leads/export')
      .query({ format: 'csv', q: name })
      .set(auth(promoter))
      .buffer(true)
      .parse(binary);
    expect(exported.status).toBe(200);
    const lines = (exported.body as Buffer)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r\n/);
    const headers = lines[0].split(',');
    const column = headers.indexOf(header);
    expect(headers[column - 1]).toBe('预计就业(人)');
    expect(
      lines
        .slice(1)
        .filter(Boolean)
        .map((line) => line.split(',')[column])
        .sort(),
    ).toEqual(['', '35', '48']);

    const csv = `\uFEFF项目名称,企业名称,产业类别代码,招商方式,${header}\r\n${name} 导入,淄博研发测试有限公司,IT01,产业链招商,66\r\n${name} 坏行,淄博研发测试有限公司,IT01,产业链招商,六十\r\n`;
    const imported = await t.http.post('/api/v1/leads/import').set(auth(promoter)).attach('file', Buffer.from(csv, 'utf8'), 'rd.csv');
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ created: 1, errors: 1 });
    const [good, badRow] = imported.body.rows as Array<{ leadId?: string; errors?: string[] }>;
    expect(badRow.errors).toEqual([`${header}: 「六十」不是数字`]);
    const lead = await t.http.get(`/api/v1/leads/${good.leadId}`).set(auth(promoter));
    expect(lead.body[RD_STAFF.key]).toBe(66);
  });

  it('is in /meta with its label, type, unit and the caller’s editability', async () => {
    const meta = await t.http.get('/api/v1/meta').set(auth(commissioner));
    expect(meta.status).toBe(200);
    expect(meta.body.labels[RD_STAFF.key]).toBe(RD_STAFF.label);
    expect(meta.body.units[RD_STAFF.key]).toBe('人');
    const field = (meta.body.lead.fields as Array<{ key: string }>).find((f) => f.key === RD_STAFF.key);
    expect(field).toMatchObject({
      type: 'integer',
      label: RD_STAFF.label,
      unit: '人',
      required: false,
      editable: true,
      creatable: false,
      exported: true,
      imported: true,
    });
    const fields = meta.body.lead.fields as Array<{ key: string }>;
    expect(fields.findIndex((f) => f.key === RD_STAFF.key)).toBe(fields.findIndex((f) => f.key === 'expectedJobs') + 1);
  });
});
