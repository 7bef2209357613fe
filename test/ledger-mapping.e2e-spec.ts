import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Response } from 'superagent';
import { UsersService } from '../src/modules/users/users.service';
import { Role } from '../src/modules/users/role.enum';
import { makeCreditCode, leadBody } from './support/factories';
import { auth, TestApp, TestUser } from './support/test-app';

interface Row {
  row: number;
  status: string;
  leadId?: string;
  errors?: string[];
  warnings?: string[];
  changes?: string[];
}
interface Column {
  index: number;
  header: string;
  field: string | null;
  factor?: number;
  reason?: string;
}

const fixture = (name: string) => readFileSync(join(process.cwd(), 'test', 'fixtures', 'ledgers', name));

function binary(res: Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('Ledger mapping (bureau ledgers written by openpyxl)', () => {
  let t: TestApp;
  let teamA: string;
  let teamB: string;
  let leader: TestUser;
  let promoterA: TestUser;
  let promoterB: TestUser;
  let zhang: TestUser;
  let li: TestUser;

  const upload = (user: TestUser, file: Buffer, fields: Record<string, string> = {}) => {
    const request = t.http.post('/api/v1/leads/import').set(auth(user));
    for (const [k, v] of Object.entries(fields)) void request.field(k, v);
    return request.attach('file', file, 'ledger.xlsx');
  };
  const lead = async (user: TestUser, id: string) =>
    (await t.http.get(`/api/v1/leads/${id}`).set(auth(user))).body as Record<string, unknown>;
  const named = async (displayName: string, teamId: string | null) => {
    const u = await t.createUser([Role.Promoter], teamId);
    await t.app.get(UsersService).update(u.id, { displayName });
    return u;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    teamA = await t.createTeam();
    teamB = await t.createTeam();
    leader = await t.createUser([Role.Leader]);
    promoterA = await t.createUser([Role.Promoter], teamA);
    promoterB = await t.createUser([Role.Promoter], teamB);
    zhang = await named('映射张伟', teamA);
    li = await named('映射李娜', teamA);
    await named('映射王芳', teamA);
    await named('映射王芳', teamB);
  });
  afterAll(() => t?.close());

  it('dry run: answers the column mapping with units, warns of the unused column, and reports every row (ambiguous name, bad source)', async () => {
    const res = await upload(leader, fixture('map-units-people.xlsx'), { dryRun: 'true' });
    expect(res.status).toBe(200);
    const columns = res.body.columns as Column[];
    const byHeader = Object.fromEntries(columns.map((c) => [c.header, c]));
    expect(byHeader['计划投资额（亿元）']).toMatchObject({ field: 'plannedInvestment', factor: 10000 });
    expect(byHeader['预计年税收（元）']).toMatchObject({ field: 'expectedAnnualTax', factor: 0.0001 });
    expect(byHeader['用地面积（公顷）']).toMatchObject({ field: 'landAreaMu', factor: 15 });
    expect(byHeader['是否重点项目']).toMatchObject({ field: 'keyProjectLevel' });
    expect(byHeader['负责人']).toMatchObject({ field: 'ownerName' });
    expect(byHeader['备注']).toMatchObject({ field: 'remarks' });
    expect(byHeader['联系电话']).toMatchObject({ field: null });
    expect(res.body.warnings).toEqual(expect.arrayContaining([expect.stringContaining('联系电话')]));
    const rows = res.body.rows as Row[];
    expect(rows.map((r) => r.status)).toEqual(['valid', 'valid', 'error', 'error']);
    expect(rows[2].errors?.join()).toMatch(/2 位同名用户.*映射王芳/);
    expect(rows[3].errors?.join()).toContain('招商方式');
    expect(await t.dataSource.query(`SELECT 1 FROM leads WHERE name LIKE '映射%'`)).toHaveLength(0);
  });

  it('imports the good rows converted to 万元 and 亩, owned by the named promoter in their team; the rejected rows come back to fix', async () => {
    const res = await upload(leader, fixture('map-units-people.xlsx'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 2, errors: 2 });
    const [first, second] = res.body.rows as Row[];
    const a = await lead(zhang, first.leadId!);
    expect(a).toMatchObject({
      plannedInvestment: 52000,
      expectedAnnualTax: 300,
      landAreaMu: 97.5,
      keyProjectLevel: 'district',
      ownerId: zhang.id,
      teamId: teamA,
      stage: 'negotiating',
      remarks: '首批签约',
    });
    expect(await lead(li, second.leadId!)).toMatchObject({ ownerId: li.id, teamId: teamA, keyProjectLevel: 'none' });

    const file = await t.http.get(`/api/v1/leads/import/${res.body.importId}/rejected.xlsx`).set(auth(leader)).buffer(true).parse(binary);
    expect(file.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body);
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.at(-1)).toBe('原因');
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(3).getCell(header.length).text).toContain('招商方式');
    // another team's promoter may not fetch it
    expect((await t.http.get(`/api/v1/leads/import/${res.body.importId}/rejected.xlsx`).set(auth(promoterB))).status).toBe(404);

    // fixed (the source corrected, the ambiguous name replaced by an account column would do too): imports cleanly
    const sourceColumn = header.indexOf('招商方式') + 1;
    sheet.getRow(3).getCell(sourceColumn).value = '产业链招商';
    const nameColumn = header.indexOf('负责人') + 1;
    sheet.getRow(2).getCell(nameColumn).value = zhang.username;
    const again = await upload(leader, Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(again.body).toMatchObject({ created: 2, errors: 0 });
  });

  it('re-importing a corrected ledger makes no duplicates; onDuplicate=update changes only the plain fields and records them', async () => {
    const corrected = fixture('map-units-people-corrected.xlsx');
    const dry = await upload(leader, corrected, { dryRun: 'true' });
    expect((dry.body.rows as Row[]).map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);

    const updated = await upload(leader, corrected, { onDuplicate: 'update' });
    expect(updated.body).toMatchObject({ created: 0, updated: 1 });
    const row = (updated.body.rows as Row[])[0];
    expect(row).toMatchObject({ status: 'updated', changes: ['name', 'companyName', 'plannedInvestment', 'remarks'] });
    const after = await lead(leader, row.leadId!);
    expect(after).toMatchObject({ plannedInvestment: 60000, remarks: '追加投资', stage: 'negotiating', version: 2 });
    const timeline = (await t.http.get(`/api/v1/leads/${row.leadId}/timeline`).set(auth(leader))).body as {
      items: Array<{ kind: string }>;
    };
    expect(timeline.items.map((i) => i.kind)).toContain('field_changed');
  });

  it('onDuplicate=update keeps a confidential project’s name when its export shows the 代号 in the name column', async () => {
    const creditCode = makeCreditCode();
    const created = await t.http
      .post('/api/v1/leads')
      .set(auth(leader))
      .send(leadBody({ creditCode, name: '保密的真实项目名称', codeName: '星河代号项目', plannedInvestment: 100 }));
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const exported = await t.http
      .get('/api/v1/leads/export')
      .query({ format: 'csv', q: creditCode })
      .set(auth(leader))
      .buffer(true)
      .parse(binary);
    expect(exported.status).toBe(200);
    const csv = (exported.body as Buffer).toString('utf8');
    expect(csv).toContain('星河代号项目');
    expect(csv).not.toContain('保密的真实项目名称');
    const again = await t.http
      .post('/api/v1/leads/import')
      .set(auth(leader))
      .field('onDuplicate', 'update')
      .attach('file', Buffer.from(csv.replace(',100,', ',300,'), 'utf8'), 'export.csv');
    expect(again.status).toBe(200);
    const row = (again.body.rows as Row[])[0];
    expect(row.leadId).toBe(id);
    expect(row.changes ?? []).not.toContain('name');
    expect(row.warnings?.join()).toContain('保留原项目名称');
    expect(await lead(leader, id)).toMatchObject({ name: '保密的真实项目名称', codeName: '星河代号项目' });
  });

  it('a confidential project’s exported row is found by its 代号 without a credit code; as a NEW lead it is refused until the real name is filled in', async () => {
    const suffix = Date.now().toString(36);
    const codeName = `月影代号${suffix}`;
    const created = await t.http
      .post('/api/v1/leads')
      .set(auth(leader))
      .send(
        leadBody({
          name: `保密真名二号${suffix}`,
          codeName,
          companyName: `月影科技${suffix}有限公司`,
          plannedInvestment: 4321,
          contacts: [{ name: '赵经理', title: '总经理', phone: '13800000000' }],
          remarks: '05331234567',
        }),
      );
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const exported = await t.http
      .get('/api/v1/leads/export')
      .query({ format: 'csv', q: codeName })
      .set(auth(leader))
      .buffer(true)
      .parse(binary);
    const csv = (exported.body as Buffer).toString('utf8');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2);
    // a phone number alone in a cell is written as ="…" so a spreadsheet keeps its leading 0; in the contacts text it is text already
    expect(csv).toContain('"=""05331234567"""');
    expect(csv).toContain('赵经理 / 总经理 / 13800000000');
    const post = (text: string, fields: Record<string, string>) => {
      const request = t.http.post('/api/v1/leads/import').set(auth(leader));
      for (const [k, v] of Object.entries(fields)) void request.field(k, v);
      return request.attach('file', Buffer.from(text, 'utf8'), 'export.csv');
    };

    // no credit code: the 代号 in the name column still finds the lead (team + 企业名称 + 代号)
    const dry = await post(csv, { dryRun: 'true' });
    expect((dry.body.rows as Row[])[0]).toMatchObject({ status: 'duplicate', duplicateOf: { leadId: id } });
    const update = await post(csv.replace(',4321,', ',4400,'), { onDuplicate: 'update' });
    expect((update.body.rows as Row[])[0]).toMatchObject({ status: 'updated', leadId: id, changes: ['plannedInvestment'] });
    expect((update.body.rows as Row[])[0].warnings?.join()).toContain('保留原项目名称');
    const kept = await lead(leader, id);
    expect(kept).toMatchObject({ name: `保密真名二号${suffix}`, plannedInvestment: 4400, remarks: '05331234567' });

    // the lead gone, the same row would create a lead named by its 代号: refused, saying what to fill in
    expect(
      (
        await t.http
          .delete(`/api/v1/leads/${id}`)
          .query({ version: kept.version as number })
          .set(auth(leader))
      ).status,
    ).toBe(204);
    const refused = await post(csv, {});
    expect(refused.body).toMatchObject({ created: 0, errors: 1 });
    const error = (refused.body.rows as Row[])[0];
    expect(error.status).toBe('error');
    expect(error.errors?.join()).toMatch(/项目名称: 与项目代号相同.*不是真实名称.*请填写真实的项目名称/);
    expect(await t.dataSource.query(`SELECT 1 FROM leads WHERE code_name = $1 AND deleted_at IS NULL`, [codeName])).toHaveLength(0);

    // the real name filled in (the first occurrence is the 项目名称 column; 项目代号 comes after it): created, phone and 备注 read back
    const fixed = await post(csv.replace(`,${codeName},`, `,保密真名三号${suffix},`), {});
    expect(fixed.body).toMatchObject({ created: 1, errors: 0 });
    expect(await lead(leader, (fixed.body.rows as Row[])[0].leadId!)).toMatchObject({
      name: `保密真名三号${suffix}`,
      codeName,
      remarks: '05331234567',
      contacts: [{ name: '赵经理', title: '总经理', phone: '13800000000' }],
    });
  });

  it('reads a two-row header (投资额 over 计划 / 合同 / 到位) without taking the sub-header for data', async () => {
    const res = await upload(promoterA, fixture('map-two-row.xlsx'));
    expect(res.body).toMatchObject({ created: 2, errors: 0 });
    expect((res.body.columns as Column[]).find((c) => c.header === '投资额（万元） / 计划')).toMatchObject({ field: 'plannedInvestment' });
    expect((res.body.rows as Row[]).map((r) => r.row)).toEqual([3, 4]);
    expect(await lead(promoterA, (res.body.rows as Row[])[1].leadId!)).toMatchObject({ plannedInvestment: 12000.5, teamId: teamA });
  });

  it('saves a mapping and reuses it by id; another team’s promoter gets 404 for it; an override can ignore a column', async () => {
    const saved = await t.http
      .post('/api/v1/leads/import/mappings')
      .set(auth(promoterA))
      .send({ name: '区台账', scope: 'team', mapping: { 联系电话: 'ignore', 序号: 'ignore' } });
    expect(saved.status).toBe(201);
    const list = await t.http.get('/api/v1/leads/import/mappings').set(auth(promoterA));
    expect((list.body as Array<{ id: string }>).map((m) => m.id)).toContain(saved.body.id);
    const dry = await upload(leader, fixture('map-units-people.xlsx'), { dryRun: 'true', mappingId: saved.body.id as string });
    expect(dry.status).toBe(200);
    expect(dry.body.warnings).toEqual([]);
    expect((await upload(promoterB, fixture('map-two-row.xlsx'), { dryRun: 'true', mappingId: saved.body.id as string })).status).toBe(404);
    expect((await t.http.delete(`/api/v1/leads/import/mappings/${saved.body.id}`).set(auth(promoterB))).status).toBe(404);
    const bad = await upload(leader, fixture('map-two-row.xlsx'), { dryRun: 'true', mapping: JSON.stringify({ 阶段: 'nonsense' }) });
    expect(bad.status).toBe(400);
  });

  it('serves a template whose example rows import cleanly, with a 可选值 sheet', async () => {
    const file = await t.http.get('/api/v1/leads/import/template').set(auth(promoterA)).buffer(true).parse(binary);
    expect(file.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['台账', '可选值']);
    const res = await upload(promoterA, file.body as Buffer);
    expect(res.body).toMatchObject({ created: 2, errors: 0, warnings: [] });
  });
});
