import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Response } from 'superagent';
import { ImportsRepository } from '../src/modules/spreadsheets/imports.repository';
import { ImportsService } from '../src/modules/spreadsheets/imports.service';
import { LeadImportService } from '../src/modules/spreadsheets/lead-import.service';
import { LEAD_SHEET_COLUMNS } from '../src/modules/spreadsheets/lead-sheet.columns';
import { Role } from '../src/modules/users/role.enum';
import { leadBody, makeCreditCode } from './support/factories';
import { auth, TestApp, TestUser, unique } from './support/test-app';
import { waitFor } from './support/wait';

interface LeadJson {
  id: string;
  code: string;
  version: number;
  [key: string]: unknown;
}

interface ImportRowJson {
  row: number;
  status: string;
  leadId?: string;
  errors?: string[];
  warnings?: string[];
}

const HEADERS = LEAD_SHEET_COLUMNS.map((c) => c.header);
const signing = { signedAt: '2026-03-01', contractInvestment: 60000, agreedStartDate: '2026-06-01', agreedOperatingDate: '2027-06-01' };

/** supertest buffers a binary body only when told how. */
function binary(res: Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** A CSV file as a person would save it from Excel: BOM, CRLF, quoted where needed. */
function csvFile(rows: Array<Record<string, string | number | null | undefined>>, headers: string[] = HEADERS): Buffer {
  const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const lines = [headers.map(quote).join(',')];
  for (const row of rows) lines.push(headers.map((h) => quote(row[h] === null || row[h] === undefined ? '' : String(row[h]))).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

async function xlsxFile(rows: Array<Record<string, string | number | Date | null | undefined>>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('台账');
  sheet.addRow(HEADERS);
  for (const row of rows) sheet.addRow(HEADERS.map((h) => row[h] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('Spreadsheets (lead export and import)', () => {
  let t: TestApp;
  let teamA: string;
  let teamB: string;
  let promoterA: TestUser;
  let promoterB: TestUser;
  let commissioner: TestUser;
  let commissionerOnly: TestUser;
  let leader: TestUser;
  let admin: TestUser;
  let commissionerUsername: string;
  const tag = unique('表');

  const create = async (user: TestUser, overrides: Record<string, unknown> = {}) => {
    const response = await t.http
      .post('/api/v1/leads')
      .set(auth(user))
      .send(leadBody({ name: `${tag} 项目`, creditCode: makeCreditCode(), ...overrides }));
    if (response.status !== 201) throw new Error(`create failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as LeadJson;
  };
  const move = async (user: TestUser, lead: LeadJson, body: Record<string, unknown>) => {
    const response = await t.http
      .post(`/api/v1/leads/${lead.id}/transitions`)
      .set(auth(user))
      .send({ version: lead.version, ...body });
    if (response.status !== 200) throw new Error(`transition failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as LeadJson;
  };
  const exportFile = (user: TestUser, query: Record<string, string>) =>
    t.http.get('/api/v1/leads/export').query(query).set(auth(user)).buffer(true).parse(binary);
  const upload = (user: TestUser, file: Buffer, name: string, options: { dryRun?: boolean } = {}) => {
    const request = t.http.post('/api/v1/leads/import').set(auth(user));
    if (options.dryRun !== undefined) void request.field('dryRun', String(options.dryRun));
    return request.attach('file', file, name);
  };
  const readXlsx = async (body: Buffer) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ExcelJS.Buffer);
    return workbook.worksheets[0];
  };
  const xlsxRows = (sheet: ExcelJS.Worksheet) => {
    const rows: Array<Record<string, unknown>> = [];
    sheet.eachRow((row, number) => {
      if (number === 1) return;
      rows.push(Object.fromEntries(HEADERS.map((h, i) => [h, row.getCell(i + 1).value])));
    });
    return rows;
  };
  const leadRow = (overrides: Record<string, string | number | Date | null>) => ({
    项目编号: 'ZS-1999-0001',
    项目名称: `${tag} 导入项目`,
    企业名称: '淄博导入测试有限公司',
    统一社会信用代码: makeCreditCode(),
    产业类别代码: 'IT01',
    招商方式: '产业链招商',
    来源地: '深圳',
    '计划投资额(万元)': 30000,
    阶段: '线索',
    状态: '推进中',
    ...overrides,
  });

  beforeAll(async () => {
    // the worker's requeue of unfinished imports (every RECONCILE_EVERY) would run the resume test's import beside
    // the test's own runs and take the batch meant to fail; at worker start it finds nothing yet
    t = await TestApp.start({ RECONCILE_EVERY: 'PT1H' });
    teamA = await t.createTeam();
    teamB = await t.createTeam();
    promoterA = await t.createUser([Role.Promoter], teamA);
    promoterB = await t.createUser([Role.Promoter], teamB);
    commissioner = await t.createUser([Role.Commissioner], teamA);
    commissionerOnly = await t.createUser([Role.Commissioner], teamB);
    leader = await t.createUser([Role.Leader]);
    admin = await t.createUser([Role.Admin]);
    commissionerUsername = commissioner.username;
  });

  afterAll(async () => {
    await t.close();
  });

  describe('export', () => {
    let secret: LeadJson;
    let plain: LeadJson;
    let other: LeadJson;

    beforeAll(async () => {
      secret = await create(promoterA, {
        name: `${tag} 真名保密项目`,
        codeName: `${tag}-代号X`,
        companyName: '淄博"星河",科技有限公司',
        contacts: [{ name: '王总', title: '董事长', phone: '13800000001' }],
      });
      plain = await create(promoterA, { plannedInvestment: 12345.6, keyProjectLevel: 'district', zoneCode: 'A1' });
      plain = await move(promoterA, plain, { to: 'negotiating' });
      other = await create(promoterB, { name: `${tag} 他组项目` });
    });

    it('writes xlsx with the Chinese headers, a bold frozen header row, 万元 formats, and only the promoter’s scope', async () => {
      const response = await exportFile(promoterA, { format: 'xlsx', q: tag });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toContain('spreadsheetml');
      expect(response.headers['content-disposition']).toMatch(
        /^attachment; filename\*=UTF-8''%E6%8B%9B%E5%95%86%E9%A1%B9%E7%9B%AE-\d{8}-\d{4}\.xlsx; filename="leads-\d{8}-\d{4}\.xlsx"$/,
      );
      const sheet = await readXlsx(response.body as Buffer);
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.getRow(1).getCell(1).font).toMatchObject({ bold: true });
      const rows = xlsxRows(sheet);
      expect(rows.map((r) => r['项目编号']).sort()).toEqual([secret.code, plain.code].sort());
      expect(rows.map((r) => r['项目编号'])).not.toContain(other.code);

      const plainRow = rows.find((r) => r['项目编号'] === plain.code)!;
      expect(plainRow).toMatchObject({
        阶段: '洽谈',
        状态: '推进中',
        招商方式: '产业链招商',
        重点项目级别: '区级重点',
        '计划投资额(万元)': 12345.6,
        产业类别代码: 'IT01',
        落地区域代码: 'A1',
        负责人账号: promoterA.username,
      });
      const plannedColumn = HEADERS.indexOf('计划投资额(万元)') + 1;
      const plainNumber = rows.indexOf(plainRow) + 2;
      expect(sheet.getRow(plainNumber).getCell(plannedColumn).numFmt).toBe('#,##0.00');

      const secretRow = rows.find((r) => r['项目编号'] === secret.code)!;
      expect(secretRow['项目名称']).toBe(`${tag}-代号X`);
      expect(secretRow['项目代号']).toBe(`${tag}-代号X`);
      expect(secretRow['联系人']).toBe('王总 / 董事长 / 13800000001');
      expect(JSON.stringify(rows)).not.toContain('真名保密项目');
    });

    it('writes csv in UTF-8 with a BOM and RFC 4180 quoting, filtered like the list, and everything for a leader', async () => {
      const response = await exportFile(leader, { format: 'csv', q: tag });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toContain('text/csv');
      const body = response.body as Buffer;
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = body.toString('utf8').slice(1);
      const lines = text.split('\r\n');
      expect(lines[0]).toBe(HEADERS.join(','));
      expect(text).toContain('"淄博""星河"",科技有限公司"');
      expect(text).toContain(other.code);
      expect(lines.filter(Boolean)).toHaveLength(4);

      const filtered = await exportFile(leader, { format: 'csv', q: tag, stage: 'negotiating' });
      const filteredLines = (filtered.body as Buffer).toString('utf8').split('\r\n').filter(Boolean);
      expect(filteredLines).toHaveLength(2);
      expect(filteredLines[1].startsWith(`${plain.code},`)).toBe(true);
    });

    it('answers 400 for a format it does not write, and for an unknown industry filter', async () => {
      const bad = await exportFile(leader, { format: 'pdf' });
      expect(bad.status).toBe(400);
      expect(JSON.parse((bad.body as Buffer).toString('utf8'))).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect((await exportFile(leader, { format: 'csv', industry: 'NOPE' })).status).toBe(400);
    });

    it('reads back its own files: a dry-run re-import of an export reports every row as a duplicate and writes nothing', async () => {
      for (const format of ['xlsx', 'csv']) {
        const exported = await exportFile(leader, { format, q: tag });
        const response = await upload(leader, exported.body as Buffer, `export.${format}`, { dryRun: true });
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({ created: 0, duplicates: 3, errors: 0 });
        expect(response.body.rows.map((r: ImportRowJson) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
        expect(response.body.rows.map((r: ImportRowJson) => r.row)).toEqual([2, 3, 4]);
      }
      const after = await t.http.get('/api/v1/leads').query({ q: tag, limit: 50 }).set(auth(leader));
      expect(after.body.items).toHaveLength(3);
    });
  });

  describe('import', () => {
    it('creates rows with new credit codes at their stages, with gate data, an imported transition and a timeline entry', async () => {
      const rows = [
        leadRow({
          项目名称: `${tag} 线索行`,
          联系人: '李经理 / 投资部经理 / 13900000000 / li@example.com；赵工 / 13700000000',
          下次跟进: '2099-01-02 10:30',
        }),
        leadRow({
          项目名称: `${tag} 洽谈行`,
          阶段: '洽谈',
          负责人账号: promoterA.username,
          落地区域代码: 'A1',
          '用地面积(亩)': 120.5,
          '预计就业(人)': 300,
        }),
        leadRow({
          项目名称: `${tag} 签约行`,
          阶段: '签约',
          签约日期: new Date(Date.UTC(2026, 2, 1)),
          '合同投资额(万元)': 60000,
          约定开工日期: '2026-06-01',
          约定投产日期: '2027/6/1',
          护商专员账号: commissionerUsername,
        }),
        leadRow({
          项目名称: `${tag} 开工行`,
          阶段: '开工建设',
          ...signingRow(),
          实际开工日期: '2026-07-01',
          护商专员账号: commissionerUsername,
        }),
        leadRow({
          项目名称: `${tag} 投产行`,
          阶段: 'operating',
          ...signingRow(),
          实际开工日期: '2026-07-01',
          实际投产日期: '2027-05-01',
          '实际到位投资(万元)': 42000,
          护商专员账号: commissionerUsername,
          重点项目级别: '市级重点',
        }),
        leadRow({ 项目名称: `${tag} 暂缓行`, 阶段: '洽谈', 状态: '暂缓', 状态说明: '企业资金紧张，暂缓推进' }),
        leadRow({
          项目名称: `${tag} 终止行`,
          阶段: '洽谈',
          状态: '终止',
          终止原因: '落户他地',
          流失去向: '济南',
          状态说明: '济南给出更优惠的土地政策',
        }),
      ];
      const response = await upload(leader, await xlsxFile(rows), '台账.xlsx');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ created: 7, duplicates: 0, errors: 0 });
      const report = response.body.rows as ImportRowJson[];
      expect(report.map((r) => r.status)).toEqual(Array(7).fill('created'));
      expect(report[4].warnings?.[0]).toContain('重点项目级别');

      const get = async (row: ImportRowJson) => (await t.http.get(`/api/v1/leads/${row.leadId}`).set(auth(leader))).body as LeadJson;
      const first = await get(report[0]);
      expect(first).toMatchObject({
        stage: 'lead',
        status: 'active',
        version: 1,
        ownerId: leader.id,
        creditCode: rows[0]['统一社会信用代码'],
      });
      expect(first.code).toMatch(/^ZS-\d{4}-\d{4,}$/);
      expect(first.code).not.toBe('ZS-1999-0001');
      expect(first.contacts).toEqual([
        { name: '李经理', title: '投资部经理', phone: '13900000000', email: 'li@example.com' },
        { name: '赵工', phone: '13700000000' },
      ]);
      expect(new Date(first.nextFollowUpAt as string).toISOString()).toBe('2099-01-02T02:30:00.000Z');

      expect(await get(report[1])).toMatchObject({
        stage: 'negotiating',
        ownerId: promoterA.id,
        teamId: teamA,
        zoneCode: 'A1',
        landAreaMu: 120.5,
        expectedJobs: 300,
      });
      expect(await get(report[2])).toMatchObject({ stage: 'signed', ...signing, commissionerId: commissioner.id });
      expect(await get(report[3])).toMatchObject({
        stage: 'building',
        constructionStartedAt: '2026-07-01',
        commissionerId: commissioner.id,
      });
      expect(await get(report[4])).toMatchObject({
        stage: 'operating',
        operatingAt: '2027-05-01',
        actualInvestment: 42000,
        keyProjectLevel: 'city',
      });
      expect(await get(report[5])).toMatchObject({ stage: 'negotiating', status: 'on_hold', statusNote: '企业资金紧张，暂缓推进' });
      expect(await get(report[6])).toMatchObject({ status: 'lost', lostReason: 'chose_other_location', lostTo: '济南' });

      const [transition] = await t.dataSource.query<
        Array<{
          kind: string;
          from_stage: string | null;
          to_stage: string;
          to_status: string;
          actor_id: string;
          gate_data: Record<string, unknown>;
        }>
      >(`SELECT kind, from_stage, to_stage, to_status, actor_id, gate_data FROM lead_transitions WHERE lead_id = $1`, [report[2].leadId]);
      expect(transition).toMatchObject({
        kind: 'imported',
        from_stage: null,
        to_stage: 'signed',
        to_status: 'active',
        actor_id: leader.id,
        gate_data: { ...signing },
      });
      const [assignment] = await t.dataSource.query<Array<{ commissioner_id: string; assigned_by: string }>>(
        `SELECT commissioner_id, assigned_by FROM commissioner_assignments WHERE lead_id = $1`,
        [report[2].leadId],
      );
      expect(assignment).toMatchObject({ commissioner_id: commissioner.id, assigned_by: leader.id });
      const reminders = await t.dataSource.query<Array<{ kind: string }>>(
        `SELECT kind FROM reminders WHERE lead_id = $1 AND status = 'pending' ORDER BY kind`,
        [report[0].leadId],
      );
      expect(reminders.map((r) => r.kind)).toEqual(['follow_up_due', 'follow_up_overdue']);

      const timeline = await t.http.get(`/api/v1/leads/${report[2].leadId}/timeline`).set(auth(leader));
      expect(timeline.status).toBe(200);
      expect(timeline.body.items.map((i: { kind: string }) => i.kind)).toEqual(['transition', 'created']);
      expect(timeline.body.items[0]).toMatchObject({ data: { kind: 'imported', toStage: 'signed' }, actor: { id: leader.id } });

      // the imported leads move on through the ordinary transitions
      const signed = await get(report[2]);
      expect(
        (
          await t.http
            .post(`/api/v1/leads/${signed.id}/transitions`)
            .set(auth(leader))
            .send({ to: 'building', version: signed.version, constructionStartedAt: '2026-06-15' })
        ).status,
      ).toBe(200);
    });

    it('writes a batch set-based with the same rows a transition would: summary tables equal to the leads, one imported transition and the created-then-transition events per lead', async () => {
      const stages = ['线索', '洽谈', '签约', '开工建设', '运营投产'];
      const lostAt = (i: number) => i % 7 === 3 && i % 5 < 2;
      const followedUp = (i: number) => !lostAt(i) && i % 3 !== 0;
      const rows = Array.from({ length: 1203 }, (_, i) => {
        const stage = stages[i % 5];
        const lost = lostAt(i);
        const onHold = i % 11 === 4 && i % 5 < 4;
        return leadRow({
          项目名称: `${tag} 汇总 ${i + 1}`,
          阶段: stage,
          状态: lost ? '终止' : onHold ? '暂缓' : '推进中',
          ...(lost ? { 终止原因: '资金问题', 状态说明: '企业融资未到位' } : onHold ? { 状态说明: '企业调整投资计划' } : {}),
          负责人账号: i % 3 ? promoterA.username : null,
          产业类别代码: ['IT01', 'IT02', 'CT01'][i % 3],
          落地区域代码: i % 4 ? 'A1' : null,
          '计划投资额(万元)': 1000 + i * 10.25,
          '预计就业(人)': i % 2 ? 20 + i : null,
          下次跟进: followedUp(i) ? '2099-03-04 09:00' : null,
          ...(i % 5 >= 2 ? { ...signingRow(), 护商专员账号: commissionerUsername } : {}),
          ...(i % 5 >= 3 ? { 实际开工日期: '2026-07-01' } : {}),
          ...(i % 5 === 4 ? { 实际投产日期: '2027-05-01', '实际到位投资(万元)': 42000 } : {}),
        });
      });
      const response = await upload(leader, csvFile(rows), '汇总.csv');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ created: 1203, duplicates: 0, errors: 0 });
      const ids = (response.body.rows as ImportRowJson[]).map((r) => r.leadId);

      // every (dimension, key, stage, status) of the trigger-kept summary against the same figures from the leads
      const differing = await t.dataSource.query<unknown[]>(
        `WITH s AS (SELECT dimension, key, stage, status, coalesce(lost_reason, '') AS lost_reason, coalesce(lost_to, '') AS lost_to, sum(lead_count) AS n, sum(planned_investment) AS planned,
                           sum(contract_investment) AS contract, sum(actual_investment) AS actual, sum(expected_jobs) AS jobs
                      FROM dashboard_lead_totals GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(lead_count) <> 0),
              l AS (SELECT d.dimension, d.key, l.stage, l.status, coalesce(l.lost_reason, '') AS lost_reason, coalesce(l.lost_to, '') AS lost_to, count(*) AS n, coalesce(sum(l.planned_investment), 0) AS planned,
                           coalesce(sum(l.contract_investment), 0) AS contract, coalesce(sum(l.actual_investment), 0) AS actual,
                           coalesce(sum(l.expected_jobs), 0) AS jobs
                      FROM leads l CROSS JOIN LATERAL crm_dashboard_dimensions(l.team_id, l.industry_code, l.zone_code, l.created_at) d
                     WHERE l.deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6)
         SELECT * FROM s FULL JOIN l USING (dimension, key, stage, status, lost_reason, lost_to)
          WHERE (s.n, s.planned, s.contract, s.actual, s.jobs) IS DISTINCT FROM (l.n, l.planned, l.contract, l.actual, l.jobs)`,
      );
      expect(differing).toEqual([]);

      const leads = await t.dataSource.query<
        Array<{ version: number; stage: string; transitions: string[]; events: string[]; reminders: number }>
      >(
        `SELECT l.version, l.stage,
                (SELECT array_agg(t.kind || ':' || coalesce(t.from_stage, '-') || '>' || t.to_stage) FROM lead_transitions t WHERE t.lead_id = l.id) AS transitions,
                (SELECT array_agg(e.kind ORDER BY e.id) FROM lead_events e WHERE e.lead_id = l.id) AS events,
                (SELECT count(*)::int FROM reminders r WHERE r.lead_id = l.id AND r.status = 'pending') AS reminders
           FROM unnest($1::uuid[]) WITH ORDINALITY AS i(id, n) JOIN leads l ON l.id = i.id ORDER BY i.n`,
        [ids],
      );
      expect(leads).toHaveLength(1203);
      leads.forEach((lead, i) => {
        expect(lead).toEqual({
          version: 1,
          stage: ['lead', 'negotiating', 'signed', 'building', 'operating'][i % 5],
          transitions: [`imported:->${lead.stage}`],
          events: ['created', 'transition'],
          reminders: followedUp(i) ? 2 : 0,
        });
      });
      // out of the other suites' shared queues: 720 of them would await confirmation, filling its first pages
      await t.dataSource.query(`UPDATE leads SET deleted_at = now() WHERE id = ANY($1)`, [ids]);
    }, 120_000);

    it('reports a row without its stage’s gate data as an error naming the column, and imports the rest', async () => {
      const csv = csvFile([
        leadRow({
          阶段: '签约',
          签约日期: '2026-03-01',
          约定开工日期: '2026-06-01',
          约定投产日期: '2027-06-01',
          护商专员账号: commissionerUsername,
        }),
        leadRow({ 阶段: '开工建设', ...signingRow(), 护商专员账号: commissionerUsername }),
        leadRow({ 阶段: '线索', 签约日期: '2026-03-01' }),
        leadRow({}),
      ]);
      const response = await upload(leader, csv, 'gates.csv');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ created: 1, duplicates: 0, errors: 3 });
      const [signedRow, buildingRow, leadWithDate, ok] = response.body.rows as ImportRowJson[];
      expect(signedRow).toMatchObject({ row: 2, status: 'error' });
      expect(signedRow.errors).toEqual([expect.stringContaining('合同投资额(万元)')]);
      expect(buildingRow.errors).toEqual([expect.stringContaining('实际开工日期')]);
      expect(leadWithDate.errors).toEqual([expect.stringContaining('签约日期')]);
      expect(ok).toMatchObject({ row: 5, status: 'created' });
    });

    it('checks every field as the API does, each error naming its column', async () => {
      const csv = csvFile([
        leadRow({
          统一社会信用代码: '91370303MA3C0000X0',
          产业类别代码: 'NOPE',
          招商方式: '网购',
          '计划投资额(万元)': -5,
          签约日期: '2026-02-30',
          企业名称: '',
          落地区域代码: 'Z9',
          阶段: '签约',
        }),
        leadRow({ 状态: '终止', 终止原因: '落户他地' }),
        leadRow({ 状态: '暂缓' }),
        leadRow({ 负责人账号: 'nobody-here' }),
        leadRow({ '预计就业(人)': 12.5, 约定开工日期: '2027-01-01', 约定投产日期: '2026-01-01', 联系人: '王总 / not-an-email@' }),
      ]);
      const response = await upload(leader, csv, 'bad.csv', { dryRun: true });
      expect(response.status).toBe(200);
      const rows = response.body.rows as ImportRowJson[];
      expect(rows.map((r) => r.status)).toEqual(['error', 'error', 'error', 'error', 'error']);
      const joined = (i: number) => rows[i].errors!.join('\n');
      for (const column of [
        '统一社会信用代码',
        '产业类别代码',
        '招商方式',
        '计划投资额(万元)',
        '签约日期',
        '企业名称',
        '落地区域代码',
        '合同投资额(万元)',
        '护商专员账号',
      ])
        expect(joined(0)).toContain(column);
      expect(joined(1)).toContain('流失去向');
      expect(joined(1)).toContain('状态说明');
      expect(joined(2)).toContain('状态说明');
      expect(joined(3)).toContain('负责人账号');
      for (const column of ['预计就业(人)', '约定投产日期', '联系人']) expect(joined(4)).toContain(column);
    });

    it('writes nothing in a dry run, answering valid rows as valid; a second row with the same credit code is a duplicate', async () => {
      const code = makeCreditCode();
      const csv = csvFile([leadRow({ 统一社会信用代码: code }), leadRow({ 统一社会信用代码: code.toLowerCase() }), leadRow({})]);
      const dry = await upload(promoterA, csv, 'dry.csv', { dryRun: true });
      expect(dry.status).toBe(200);
      expect(dry.body).toMatchObject({ created: 0, valid: 2, duplicates: 1, errors: 0 });
      expect(dry.body.rows.map((r: ImportRowJson) => r.status)).toEqual(['valid', 'duplicate', 'valid']);
      expect(dry.body.rows[1]).toMatchObject({ duplicateOf: { row: 2 } });
      const found = await t.dataSource.query(`SELECT id FROM leads WHERE credit_code = $1`, [code]);
      expect(found).toHaveLength(0);

      const real = await t.http.post('/api/v1/leads/import').query({ dryRun: 'false' }).set(auth(promoterA)).attach('file', csv, 'dry.csv');
      expect(real.body).toMatchObject({ created: 2, duplicates: 1 });
      const again = await upload(promoterA, csv, 'dry.csv', { dryRun: true });
      expect(again.body).toMatchObject({ duplicates: 3 });
      expect(again.body.rows[0]).toMatchObject({ status: 'duplicate', duplicateOf: { leadId: real.body.rows[0].leadId } });
    });

    it('onDuplicate=update writes a batch’s matches set-based as row-by-row updates would: each row’s changes, a lead two rows name changed by both in row order, an unchanged row a duplicate, a bad row an error naming its column', async () => {
      const [first, second, third] = [makeCreditCode(), makeCreditCode(), makeCreditCode()];
      const base = (code: string) => leadRow({ 项目名称: `${tag} 逐批更新 ${code}`, 统一社会信用代码: code });
      const made = await upload(promoterA, csvFile([base(first), base(second), base(third)]), 'base.csv');
      expect(made.body).toMatchObject({ created: 3, errors: 0 });
      const ids = (made.body.rows as ImportRowJson[]).map((r) => r.leadId!);
      const leadsNow = () =>
        Promise.all(ids.map(async (id) => (await t.http.get(`/api/v1/leads/${id}`).set(auth(promoterA))).body as LeadJson));
      const before = await leadsNow();
      const rows = [
        { ...base(first), '计划投资额(万元)': 45000, 备注: '第一次更正' },
        base(second),
        { ...base(first), '计划投资额(万元)': 45000, 备注: '第二次更正' },
        leadRow({ 统一社会信用代码: makeCreditCode(), 产业类别代码: 'ZZ99' }),
        leadRow({ 项目名称: `${tag} 逐批更新 新项目`, 统一社会信用代码: makeCreditCode() }),
      ];
      const post = (dryRun: boolean) =>
        t.http
          .post('/api/v1/leads/import')
          .set(auth(promoterA))
          .field('onDuplicate', 'update')
          .field('dryRun', String(dryRun))
          .attach('file', csvFile(rows), 'update.csv');

      // a dry run compares every row with the stored lead and writes nothing
      const dry = await post(true);
      expect((dry.body.rows as Array<ImportRowJson & { changes?: string[] }>).map((r) => [r.status, r.changes])).toEqual([
        ['updated', ['plannedInvestment', 'remarks']],
        ['duplicate', []],
        ['updated', ['plannedInvestment', 'remarks']],
        ['error', undefined],
        ['valid', undefined],
      ]);
      expect((await leadsNow()).map((l) => l.version)).toEqual(before.map((l) => l.version));

      const real = await post(false);
      expect(real.status).toBe(200);
      expect(real.body).toMatchObject({ created: 1, updated: 2, duplicates: 1, errors: 1 });
      const reported = real.body.rows as Array<ImportRowJson & { changes?: string[] }>;
      expect(reported.map((r) => r.status)).toEqual(['updated', 'duplicate', 'updated', 'error', 'created']);
      // the second row of the same lead is compared with the lead as the first row left it
      expect(reported[0]).toMatchObject({ row: 2, leadId: ids[0], changes: ['plannedInvestment', 'remarks'] });
      expect(reported[2]).toMatchObject({ row: 4, leadId: ids[0], changes: ['remarks'] });
      expect(reported[1].errors?.join()).toContain('没有需要更新的字段');
      expect(reported[1].leadId).toBeUndefined();
      expect(reported[3].errors?.[0]).toMatch(/^产业类别代码/);

      const after = await leadsNow();
      expect(after[0]).toMatchObject({ plannedInvestment: 45000, remarks: '第二次更正', version: before[0].version + 2 });
      expect(after[0].name).toBe(before[0].name);
      expect([after[1].version, after[2].version]).toEqual([before[1].version, before[2].version]);
      const events = await t.dataSource.query<Array<{ data: { changes: Array<{ field: string }>; imported: boolean; row: number } }>>(
        `SELECT data FROM lead_events WHERE lead_id = $1 AND kind = 'field_changed' ORDER BY id`,
        [ids[0]],
      );
      expect(events.map((e) => [e.data.row, e.data.imported, e.data.changes.map((c) => c.field)])).toEqual([
        [2, true, ['plannedInvestment', 'remarks']],
        [4, true, ['remarks']],
      ]);
    });

    it('refuses a commissioner column from a promoter (row error) and the import itself to a commissioner (403)', async () => {
      const csv = csvFile([
        leadRow({ 阶段: '签约', ...signingRow(), 护商专员账号: commissionerUsername }),
        leadRow({ 护商专员账号: commissionerUsername }),
      ]);
      const response = await upload(promoterA, csv, 'assign.csv');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ created: 0, errors: 2 });
      for (const row of response.body.rows as ImportRowJson[]) expect(row.errors!.join()).toContain('护商专员账号: 只有领导或管理员');
      expect((await upload(commissionerOnly, csv, 'assign.csv')).status).toBe(403);
      const asAdmin = await upload(admin, csv, 'assign.csv', { dryRun: true });
      expect(asAdmin.body).toMatchObject({ valid: 2, errors: 0 });
    });

    it('answers 400 for a file that is not a spreadsheet or has no recognisable header, and for a request without a file', async () => {
      const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
      const junk: Array<[Buffer, string]> = [
        [png, 'photo.png'],
        [Buffer.from('hello world\nthis is not a ledger\n'), 'notes.txt'],
        [Buffer.from('PK\u0003\u0004 not really a zip at all'), 'broken.xlsx'],
        [Buffer.alloc(0), 'empty.csv'],
        [Buffer.from('项目名称,负责人\n某项目,张三\n'), 'partial.csv'],
      ];
      for (const [file, name] of junk) {
        const response = await upload(leader, file, name);
        expect({ name, status: response.status }).toEqual({ name, status: 400 });
        expect(response.body.code).toBe('BAD_REQUEST');
      }
      const noFile = await t.http.post('/api/v1/leads/import').set(auth(leader)).field('dryRun', 'true');
      expect(noFile.status).toBe(400);
      const json = await t.http.post('/api/v1/leads/import').set(auth(leader)).send({ file: 'x' });
      expect(json.status).toBe(400);
    });

    it('accepts the English field names as headers and a GB18030 CSV saved by Chinese Excel', async () => {
      const headers = ['name', 'companyName', 'creditCode', 'industryCode', 'source', 'stage'];
      const english = Buffer.from(`${headers.join(',')}\n${tag} 英文表头,淄博英文有限公司,${makeCreditCode()},IT01,expo,negotiating\n`);
      const response = await upload(promoterA, english, 'english.csv');
      expect(response.body).toMatchObject({ created: 1, errors: 0 });
      // 项目名称,企业名称,统一社会信用代码,产业类别代码,招商方式 and 导入项目 in GB18030, as Excel on Chinese Windows saves a CSV
      const gbHeader = Buffer.from(
        'cfeec4bfc3fbb3c62cc6f3d2b5c3fbb3c62ccdb3d2bbc9e7bbe1d0c5d3c3b4fac2eb2cb2fad2b5c0e0b1f0b4fac2eb2cd5d0c9ccb7bdcabd0d0a',
        'hex',
      );
      const gbk = Buffer.concat([
        gbHeader,
        Buffer.from('b5bcc8ebcfeec4bf', 'hex'),
        Buffer.from(`,GBK company,${makeCreditCode()},IT01,expo\r\n`, 'latin1'),
      ]);
      const gbResponse = await upload(promoterA, gbk, 'gbk.csv');
      expect(gbResponse.body).toMatchObject({ created: 1, errors: 0 });
      expect((await t.http.get(`/api/v1/leads/${gbResponse.body.rows[0].leadId}`).set(auth(promoterA))).body.name).toBe('导入项目');
    });

    it('runs a large file as a background job that reaches done, with progress on GET /imports/:id for the importer and leaders only', async () => {
      const rows = Array.from({ length: 3000 }, (_, i) => leadRow({ 项目名称: `${tag} 批量 ${i + 1}`, 阶段: i % 2 ? '洽谈' : '线索' }));
      rows.push(leadRow({ 统一社会信用代码: rows[0]['统一社会信用代码'] }));
      const response = await upload(promoterA, csvFile(rows), 'big.csv');
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ importId: expect.any(String), status: 'queued' });
      const id = response.body.importId as string;

      const seen = new Set<string>();
      const done = await waitFor(
        async () => {
          const progress = await t.http.get(`/api/v1/imports/${id}`).set(auth(promoterA));
          expect(progress.status).toBe(200);
          seen.add(progress.body.status);
          return progress.body;
        },
        (body) => body.status === 'done' || body.status === 'failed',
        110_000,
        250,
      );
      expect(done).toMatchObject({
        id,
        status: 'done',
        total: 3001,
        processed: 3001,
        created: 3000,
        duplicates: 1,
        errors: 0,
        fileName: 'big.csv',
      });
      expect(done.rows).toHaveLength(3001);
      expect(done.rows[3000]).toMatchObject({ row: 3002, status: 'duplicate' });
      expect(seen.has('running') || seen.has('queued')).toBe(true);
      const [{ n }] = await t.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM leads WHERE name LIKE $1`, [
        `${tag} 批量 %`,
      ]);
      expect(n).toBe(3000);

      expect((await t.http.get(`/api/v1/imports/${id}`).set(auth(leader))).status).toBe(200);
      expect((await t.http.get(`/api/v1/imports/${id}`).set(auth(promoterB))).status).toBe(404);
      expect((await t.http.get(`/api/v1/imports/not-a-uuid`).set(auth(leader))).status).toBe(400);
    }, 120_000);

    it('runs a large xlsx dry run in the background, its 合计 and notes lines counted as skipped, not valid, and leaves none of exceljs’s temporary files behind', async () => {
      const ours = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`tmp-${process.pid}-`));
      const before = new Set(ours());
      const rows: Array<Record<string, string | number | null>> = Array.from({ length: 2500 }, (_, i) =>
        leadRow({ 项目名称: `${tag} 表格 ${i + 1}` }),
      );
      rows.push({ 项目名称: '合计', '计划投资额(万元)': 2500 * 30000 }, { 项目名称: '注：以上数据截至 2026 年 3 月' });
      const response = await upload(leader, await xlsxFile(rows), 'big.xlsx', { dryRun: true });
      expect(response.status).toBe(202);
      const done = await waitFor(
        async () => (await t.http.get(`/api/v1/imports/${response.body.importId}`).set(auth(leader))).body,
        (body) => body.status === 'done' || body.status === 'failed',
        60_000,
        250,
      );
      expect(done).toMatchObject({
        status: 'done',
        dryRun: true,
        total: 2502,
        processed: 2502,
        valid: 2500,
        skipped: 2,
        created: 0,
        errors: 0,
      });
      expect((done.rows as Array<{ row: number; status: string }>).slice(-2)).toEqual([
        expect.objectContaining({ row: 2502, status: 'skipped' }),
        expect.objectContaining({ row: 2503, status: 'skipped' }),
      ]);
      await waitFor(
        () => Promise.resolve(ours().filter((name) => !before.has(name))),
        (left) => left.length === 0,
        20_000,
        200,
      );
    }, 90_000);

    it('runs background imports on BullMQ’s PostgreSQL backend too (zero-setup mode, REDIS_URL unset)', async () => {
      const pg = await TestApp.start({ REDIS_URL: '', QUEUE_PREFIX: 'zscrm-sheets-pg' });
      try {
        const user = await pg.createUser([Role.Promoter], teamA);
        const rows = Array.from({ length: 2100 }, (_, i) => leadRow({ 项目名称: `${tag} 零配置 ${i + 1}` }));
        const response = await pg.http.post('/api/v1/leads/import').set(auth(user)).attach('file', csvFile(rows), 'pg.csv');
        expect(response.status).toBe(202);
        const done = await waitFor(
          async () => (await pg.http.get(`/api/v1/imports/${response.body.importId}`).set(auth(user))).body,
          (body) => body.status === 'done' || body.status === 'failed',
          90_000,
          250,
        );
        expect(done).toMatchObject({ status: 'done', total: 2100, created: 2100 });
      } finally {
        await pg.close();
      }
    }, 120_000);

    it('resumes an interrupted background import after the rows it committed, and of two concurrent runs only one does the work', async () => {
      const rows = Array.from({ length: 1200 }, (_, i) => leadRow({ 项目名称: `${tag} 续传 ${i + 1}` }));
      const imports = t.app.get(ImportsService);
      const id = await t.app
        .get(ImportsRepository)
        .create({ userId: leader.id, dryRun: false, fileName: 'resume.csv', format: 'csv', file: csvFile(rows) });

      // the second batch dies before it commits, as if the worker were killed there
      const importer: { create: (...args: unknown[]) => Promise<string[]> } = t.app.get<LeadImportService, never>(LeadImportService);
      const create = importer.create.bind(importer);
      let calls = 0;
      importer.create = async (...args: unknown[]) => {
        calls += 1;
        if (calls === 2) throw new Error('worker killed');
        return create(...args);
      };
      await expect(imports.run(id)).rejects.toThrow('worker killed');
      delete (importer as { create?: unknown }).create;
      const asLeader = { id: leader.id, username: leader.username, displayName: '', roles: [Role.Leader], teamId: null };
      expect(await imports.progress(asLeader, id)).toMatchObject({ status: 'running', total: 1200, processed: 500, created: 500 });

      const outcomes = await Promise.all([imports.run(id), imports.run(id)]);
      expect(outcomes.sort()).toEqual(['done', 'skipped']);
      expect(await imports.run(id)).toBe('skipped');

      const done = await t.http.get(`/api/v1/imports/${id}`).set(auth(leader));
      expect(done.body).toMatchObject({ status: 'done', total: 1200, processed: 1200, created: 1200, duplicates: 0, errors: 0 });
      expect(done.body.rows.map((r: ImportRowJson) => r.row)).toEqual(Array.from({ length: 1200 }, (_, i) => i + 2));
      const [{ n }] = await t.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM leads WHERE name LIKE $1`, [
        `${tag} 续传 %`,
      ]);
      expect(n).toBe(1200);
    }, 120_000);
  });
});

function signingRow(): Record<string, string | number> {
  return {
    签约日期: signing.signedAt,
    '合同投资额(万元)': signing.contractInvestment,
    约定开工日期: signing.agreedStartDate,
    约定投产日期: signing.agreedOperatingDate,
  };
}
