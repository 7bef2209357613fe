import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Response } from 'superagent';
import { ACTUAL_FIGURES } from '../src/modules/obligations/obligation.model';
import { Role } from '../src/modules/users/role.enum';
import { agreementBody, districtDay, signedLead } from './support/obligations';
import { leadBody } from './support/factories';
import { auth, TestApp, TestUser, unique } from './support/test-app';
import { waitFor } from './support/wait';

interface RowJson {
  row: number;
  status: string;
  leadId?: string;
  period?: string;
  errors?: string[];
  changes?: string[];
  duplicateOf?: { leadId: string; code: string } | { row: number };
}

type Cell = string | number | null;

/** The figures' headers as the template writes them: 产值（万元）… (from the one declaration). */
const FIGURE = Object.fromEntries(ACTUAL_FIGURES.map((f) => [f.key, `${f.label}（${f.unit}）`])) as Record<
  (typeof ACTUAL_FIGURES)[number]['key'],
  string
>;
const HEADERS = ['项目编号', '项目名称', '企业名称', '填报期', FIGURE.investmentArrived, FIGURE.output, FIGURE.tax, FIGURE.jobs, '备注'];

async function xlsxFile(rows: Array<Record<string, Cell>>, headers: string[] = HEADERS): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('履约填报');
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(headers.map((h) => row[h] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function csvFile(rows: Array<Record<string, Cell>>, headers: string[]): Buffer {
  const lines = [headers.join(','), ...rows.map((row) => headers.map((h) => String(row[h] ?? '')).join(','))];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** supertest buffers a binary body only when told how. */
function binary(res: Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('Actuals import (履约填报 from a spreadsheet)', () => {
  let t: TestApp;
  let promoterA: TestUser;
  let commissionerA: TestUser;
  let commissionerB: TestUser;
  let leader: TestUser;
  const tag = unique('填报');
  const thisYear = Number(districtDay().slice(0, 4));
  const lastYear = thisYear - 1;

  const upload = (user: TestUser, file: Buffer, name: string, options: { dryRun?: boolean } = {}) => {
    const request = t.http.post('/api/v1/actuals/import').set(auth(user));
    if (options.dryRun !== undefined) void request.field('dryRun', String(options.dryRun));
    return request.attach('file', file, name);
  };
  const actuals = (leadId: string) =>
    t.dataSource.query<Array<{ period: string; output: number | null; investment_arrived: number | null; version: number }>>(
      `SELECT period, output::float8 AS output, investment_arrived::float8 AS investment_arrived, version FROM reported_actuals WHERE lead_id = $1 ORDER BY period`,
      [leadId],
    );
  const countActuals = async (leadIds: string[]) =>
    (
      await t.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM reported_actuals WHERE lead_id = ANY($1::uuid[])`, [
        leadIds,
      ])
    )[0].n;
  const countEvents = async (leadIds: string[]) =>
    (
      await t.dataSource.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM lead_events WHERE lead_id = ANY($1::uuid[]) AND kind = 'actuals_reported'`,
        [leadIds],
      )
    )[0].n;
  const agreements = async (user: TestUser, leadId: string) =>
    (await t.http.get(`/api/v1/leads/${leadId}/agreements`).set(auth(user))).body as {
      items: Array<{ clauses: Array<{ state: string; actual: number | null }> }>;
      fulfilment: { rate: number | null; met: number; decided: number };
    };
  /** A signed project of team A (its commissioner: commissionerA) with a clause: 到位投资 ≥ 10000 万元 by the end of this year. */
  const projectWithClause = async (name: string) => {
    const lead = await signedLead(t, promoterA, { commissionerId: commissionerA.id });
    await t.dataSource.query(`UPDATE leads SET name = $2, company_name = $3 WHERE id = $1`, [lead.id, name, `${name}有限公司`]);
    const agreement = await t.http.post(`/api/v1/leads/${lead.id}/agreements`).set(auth(commissionerA)).send(agreementBody());
    expect(agreement.status).toBe(201);
    const clause = await t.http
      .post(`/api/v1/leads/${lead.id}/agreements/${(agreement.body as { id: string }).id}/clauses`)
      .set(auth(commissionerA))
      .send({
        party: 'investor',
        kind: 'investment_arrived',
        title: '到位投资不低于1亿元',
        threshold: 10000,
        unit: '万元',
        dueDate: `${thisYear}-12-31`,
      });
    expect(clause.status).toBe(201);
    return { ...lead, name, companyName: `${name}有限公司` };
  };

  beforeAll(async () => {
    t = await TestApp.start();
    const teamA = await t.createTeam();
    const teamB = await t.createTeam();
    promoterA = await t.createUser([Role.Promoter], teamA);
    commissionerA = await t.createUser([Role.Commissioner], teamA);
    commissionerB = await t.createUser([Role.Commissioner], teamB);
    leader = await t.createUser([Role.Leader]);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('a mixed file', () => {
    let a: Awaited<ReturnType<typeof projectWithClause>>;
    let b: Awaited<ReturnType<typeof projectWithClause>>;
    let unsigned: { id: string; code: string };
    let foreign: { id: string; code: string };
    let file: Buffer;
    let all: string[];

    beforeAll(async () => {
      a = await projectWithClause(`${tag} 甲项目`);
      b = await projectWithClause(`${tag} 乙项目`);
      const created = await t.http
        .post('/api/v1/leads')
        .set(auth(promoterA))
        .send(leadBody({ name: `${tag} 未签约项目` }));
      unsigned = created.body as { id: string; code: string };
      const promoterB = await t.createUser(
        [Role.Promoter],
        (await t.dataSource.query<Array<{ team_id: string }>>(`SELECT team_id FROM users WHERE id = $1`, [commissionerB.id]))[0].team_id,
      );
      foreign = await signedLead(t, promoterB, { commissionerId: commissionerB.id });
      all = [a.id, b.id, unsigned.id, foreign.id];
      file = await xlsxFile([
        { 项目编号: a.code, 填报期: `${thisYear}`, [FIGURE.investmentArrived]: 12000, [FIGURE.output]: 1000, 备注: '年报' },
        // by name, the way the ledger writes it (full-width brackets and spaces do not matter)
        { 项目名称: ` ${b.name} `, 企业名称: b.companyName, 填报期: `${lastYear}年第3季度`, [FIGURE.tax]: 80, [FIGURE.jobs]: 120 },
        { 项目编号: b.code, 填报期: `${lastYear}Q3`, [FIGURE.tax]: 90 },
        { 项目编号: 'ZS-1999-9999', 填报期: `${lastYear}`, [FIGURE.output]: 1 },
        { 项目编号: unsigned.code, 填报期: `${lastYear}`, [FIGURE.output]: 1 },
        { 项目编号: a.code, 填报期: `${thisYear + 1}`, [FIGURE.output]: 1 },
        { 项目编号: a.code, 填报期: `${lastYear}`, [FIGURE.output]: -5 },
        { 项目编号: a.code, 填报期: `${lastYear}-Q1`, [FIGURE.tax]: '很多' },
        { 项目编号: foreign.code, 填报期: `${lastYear}`, [FIGURE.output]: 1 },
        { 项目编号: a.code, 填报期: `${lastYear}Q5`, [FIGURE.output]: 1 },
        { 项目编号: a.code, 填报期: `${lastYear}` },
        { 项目名称: '合计', [FIGURE.output]: 1002 },
      ]);
    });

    const expectReport = (rows: RowJson[], good: 'valid' | 'created') => {
      expect(rows.map((r) => [r.row, r.status])).toEqual([
        [2, good],
        [3, good],
        [4, 'duplicate'],
        [5, 'error'],
        [6, 'error'],
        [7, 'error'],
        [8, 'error'],
        [9, 'error'],
        [10, 'error'],
        [11, 'error'],
        [12, 'error'],
        [13, 'skipped'],
      ]);
      expect(rows[0]).toMatchObject({ leadId: a.id, period: `${thisYear}` });
      expect(rows[1]).toMatchObject({ leadId: b.id, period: `${lastYear}-Q3` });
      expect(rows[2]).toMatchObject({ duplicateOf: { row: 3 }, errors: [expect.stringContaining('与第 3 行是同一项目')] });
      expect(rows[3].errors).toEqual(['项目编号: 没有找到项目「ZS-1999-9999」']);
      expect(rows[4].errors).toEqual([expect.stringMatching(/^项目编号: ZS-\d{4}-\d+ 项目处于「线索」阶段，签约后才能/)]);
      expect(rows[5].errors).toEqual([expect.stringMatching(/^填报期: 填报期 \d{4} 尚未开始，不能填报/)]);
      expect(rows[6].errors).toEqual([`${FIGURE.output}: 不能小于 0`]);
      expect(rows[7].errors).toEqual([`${FIGURE.tax}: 「很多」不是数字`]);
      // another team's project reads exactly like one that does not exist
      expect(rows[8].errors).toEqual([`项目编号: 没有找到项目「${foreign.code}」`]);
      expect(rows[9].errors).toEqual([expect.stringContaining(`填报期: 「${lastYear}Q5」不是填报期`)]);
      expect(rows[10].errors).toEqual([expect.stringContaining('没有填写任何填报数据')]);
    };

    it('checks every row in a dry run and writes nothing', async () => {
      const response = await upload(commissionerA, file, 'actuals.xlsx', { dryRun: true });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ created: 0, valid: 2, updated: 0, duplicates: 1, errors: 8, skipped: 1 });
      expect(response.body.importId).toBeUndefined();
      expectReport(response.body.rows as RowJson[], 'valid');
      expect(await countActuals(all)).toBe(0);
      expect(await countEvents(all)).toBe(0);
    });

    it('writes exactly the good rows, turning the clause met and the 履约率 with them', async () => {
      const before = await agreements(leader, a.id);
      expect(before.items[0].clauses[0].state).toBe('pending');
      expect(before.fulfilment).toMatchObject({ decided: 0 });

      const response = await upload(commissionerA, file, 'actuals.xlsx');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ created: 2, valid: 0, updated: 0, duplicates: 1, errors: 8, skipped: 1 });
      expectReport(response.body.rows as RowJson[], 'created');
      expect(await actuals(a.id)).toEqual([{ period: `${thisYear}`, output: 1000, investment_arrived: 12000, version: 1 }]);
      expect(await actuals(b.id)).toEqual([{ period: `${lastYear}-Q3`, output: null, investment_arrived: null, version: 1 }]);
      expect(await countActuals([unsigned.id, foreign.id])).toBe(0);
      const [event] = await t.dataSource.query<Array<{ actor_id: string; data: { imported: { row: number } } }>>(
        `SELECT actor_id, data FROM lead_events WHERE lead_id = $1 AND kind = 'actuals_reported'`,
        [a.id],
      );
      expect(event).toMatchObject({ actor_id: commissionerA.id, data: { imported: { row: 2 } } });

      const after = await agreements(leader, a.id);
      expect(after.items[0].clauses[0]).toMatchObject({ state: 'met', actual: 12000 });
      expect(after.fulfilment).toMatchObject({ rate: 1, met: 1, decided: 1 });

      // the refused rows come back with their reasons, from the actuals route only
      const importId = response.body.importId as string;
      const rejected = await t.http
        .get(`/api/v1/actuals/import/${importId}/rejected.xlsx`)
        .set(auth(commissionerA))
        .buffer(true)
        .parse(binary);
      expect(rejected.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(rejected.body);
      const sheet = workbook.worksheets[0];
      expect(sheet.getRow(1).getCell(1).value).toBe('项目编号');
      expect(sheet.rowCount).toBe(1 + 8);
      expect((await t.http.get(`/api/v1/leads/import/${importId}/rejected.xlsx`).set(auth(leader))).status).toBe(404);
      expect((await t.http.get(`/api/v1/actuals/import/${importId}/rejected.xlsx`).set(auth(commissionerB))).status).toBe(404);
    });

    it('is idempotent: the same file again writes nothing and reports the good rows as duplicates', async () => {
      const events = await countEvents(all);
      const response = await upload(commissionerA, file, 'actuals.xlsx');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ created: 0, updated: 0, duplicates: 3, errors: 8 });
      const rows = response.body.rows as RowJson[];
      expect(rows[0]).toMatchObject({ status: 'duplicate', duplicateOf: { leadId: a.id, code: a.code } });
      expect(rows[1]).toMatchObject({ status: 'duplicate', duplicateOf: { leadId: b.id, code: b.code } });
      expect(await countActuals(all)).toBe(2);
      expect(await countEvents(all)).toBe(events);
      expect((await actuals(a.id))[0].version).toBe(1);
    });

    it('updates a reported period in the figures a row fills, versioned, an empty cell clearing nothing', async () => {
      const response = await upload(
        commissionerA,
        await xlsxFile([{ 项目编号: a.code, 填报期: `${thisYear}年`, [FIGURE.output]: 2000 }]),
        'u.xlsx',
      );
      expect(response.body).toMatchObject({ created: 0, updated: 1, errors: 0 });
      expect((response.body.rows as RowJson[])[0]).toMatchObject({ status: 'updated', changes: ['output'], leadId: a.id });
      expect(await actuals(a.id)).toEqual([{ period: `${thisYear}`, output: 2000, investment_arrived: 12000, version: 2 }]);
      const events = await t.dataSource.query<Array<{ data: { changes: Array<{ field: string; from: number; to: number }> } }>>(
        `SELECT data FROM lead_events WHERE lead_id = $1 AND kind = 'actuals_reported' ORDER BY id`,
        [a.id],
      );
      expect(events[1].data.changes).toEqual([{ field: 'output', from: 1000, to: 2000 }]);
    });

    it('lets a leader report for any team’s project', async () => {
      const response = await upload(
        leader,
        await xlsxFile([{ 项目编号: foreign.code, 填报期: `${lastYear}`, [FIGURE.output]: 1 }]),
        'l.xlsx',
      );
      expect(response.body).toMatchObject({ created: 1, errors: 0 });
      expect(await countActuals([foreign.id])).toBe(1);
    });
  });

  it('reads 年度 and 季度 columns and a header’s unit from a CSV file', async () => {
    const lead = await projectWithClause(`${tag} 丙项目`);
    const headers = ['项目编号', '年度', '季度', '产值（亿元）', '综合能耗（吨标煤）'];
    const response = await upload(
      commissionerA,
      csvFile(
        [
          { 项目编号: lead.code, 年度: `${lastYear}`, 季度: '第2季度', '产值（亿元）': 1.5, '综合能耗（吨标煤）': 300 },
          { 项目编号: lead.code, 年度: `${lastYear}`, 季度: '', '产值（亿元）': 6 },
        ],
        headers,
      ),
      'q.csv',
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ created: 2, errors: 0 });
    expect((response.body.rows as RowJson[]).map((r) => r.period)).toEqual([`${lastYear}-Q2`, `${lastYear}`]);
    expect((await actuals(lead.id)).map((r) => [r.period, r.output])).toEqual([
      [`${lastYear}`, 60000],
      [`${lastYear}-Q2`, 15000],
    ]);
    expect(response.body.columns).toEqual(
      expect.arrayContaining([expect.objectContaining({ header: '产值（亿元）', field: 'output', factor: 10000 })]),
    );
  });

  it('refuses a file without the project, period or figure columns with 400, and callers who may not enter actuals with 403', async () => {
    const lead = await projectWithClause(`${tag} 丁项目`);
    const noPeriod = await upload(
      commissionerA,
      await xlsxFile([{ 项目编号: lead.code, [FIGURE.output]: 1 }], ['项目编号', FIGURE.output]),
      'x.xlsx',
    );
    expect(noPeriod.status).toBe(400);
    expect(noPeriod.body.details).toMatchObject({ file: 'noHeader' });
    const good = await xlsxFile([{ 项目编号: lead.code, 填报期: `${lastYear}`, [FIGURE.output]: 1 }]);
    expect((await upload(promoterA, good, 'p.xlsx')).status).toBe(403);
    expect((await t.http.get('/api/v1/actuals/import/template').set(auth(promoterA))).status).toBe(403);
    expect(await countActuals([lead.id])).toBe(0);
    // another team's commissioner: the project is not found, nothing written
    const foreign = await upload(commissionerB, good, 'b.xlsx');
    expect(foreign.body).toMatchObject({ created: 0, errors: 1 });
    expect((foreign.body.rows as RowJson[])[0].errors).toEqual([`项目编号: 没有找到项目「${lead.code}」`]);
    expect(await countActuals([lead.id])).toBe(0);
  });

  it('gives a template with the Chinese headers and units that imports as it is without writing anything', async () => {
    const response = await t.http.get('/api/v1/actuals/import/template').set(auth(commissionerA)).buffer(true).parse(binary);
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body);
    const headers = (workbook.worksheets[0].getRow(1).values as Cell[]).slice(1);
    expect(headers).toEqual(expect.arrayContaining(['项目编号', '项目名称', '企业名称', '填报期', ...Object.values(FIGURE), '备注']));
    const checked = await upload(commissionerA, response.body as Buffer, 'template.xlsx', { dryRun: true });
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ valid: 0, errors: 1 });
    expect((checked.body.rows as RowJson[])[0].errors).toEqual([expect.stringContaining('没有找到项目')]);
  });

  it('runs a large file in the background with progress on GET /imports/:id', async () => {
    const lead = await projectWithClause(`${tag} 戊项目`);
    const rows = Array.from({ length: 2100 }, () => ({ 项目编号: lead.code, 填报期: `${lastYear}-Q4`, [FIGURE.tax]: 5 }));
    const response = await upload(commissionerA, await xlsxFile(rows), 'big.xlsx');
    expect(response.status).toBe(202);
    const id = response.body.importId as string;
    const done = await waitFor(
      async () => (await t.http.get(`/api/v1/imports/${id}`).set(auth(commissionerA))).body as Record<string, unknown>,
      (body) => body.status === 'done' || body.status === 'failed',
      60_000,
      250,
    );
    expect(done).toMatchObject({ status: 'done', kind: 'actuals', total: 2100, processed: 2100, created: 1, duplicates: 2099, errors: 0 });
    expect((done.rows as RowJson[])[1]).toMatchObject({ status: 'duplicate', duplicateOf: { row: 2 } });
    expect(await countActuals([lead.id])).toBe(1);
    expect((await t.http.get(`/api/v1/imports/${id}`).set(auth(commissionerB))).status).toBe(404);
  }, 90_000);
});
