import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Response } from 'superagent';
import { Role } from '../src/modules/users/role.enum';
import { agreementBody, districtDay, signedLead } from './support/obligations';
import { auth, TestApp, TestUser } from './support/test-app';

interface Fulfilment {
  rate: number | null;
  clauses: number;
  decided: number;
  met: number;
  partlyMet: number;
  missed: number;
  pending: number;
  waived: number;
  overdue: number;
}
interface Group {
  key: string;
  name: string;
  projects: number;
  fullyHonoured: number;
  fulfilment: Fulfilment;
}
interface Figures {
  projects: number;
  fullyHonoured: number;
  fulfilment: Fulfilment;
  byProject: Array<{ code: string; name: string; fulfilment: Fulfilment; clockLevel: string }>;
  byTeam: Group[];
  byIndustry: Group[];
  byZone: Group[];
  clocks: {
    counts: Record<'none' | 'yellow' | 'red' | 'critical', number>;
    items: Array<{
      code: string;
      name: string;
      agreementNumber: string;
      clock: {
        levelLabel: string;
        ruleLabel: string | null;
        since: string | null;
        days: number | null;
        redOn: string | null;
        criticalOn: string | null;
      };
    }>;
  };
  governmentOverdueTotal: number;
  governmentOverdue: Array<{
    code: string;
    name: string;
    kindLabel: string;
    title: string;
    department: string | null;
    responsible: { displayName: string } | null;
    dueDate: string;
    daysOverdue: number;
  }>;
}

const binary = (res: Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** A sheet's rows under its header, as arrays of cell values (an empty cell is null). */
function sheetRows(workbook: ExcelJS.Workbook, name: string): { header: unknown[]; rows: unknown[][] } {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  const width = sheet.getRow(1).cellCount;
  const values = (row: ExcelJS.Row) => Array.from({ length: width }, (_, i) => row.getCell(i + 1).value ?? null);
  const all: unknown[][] = [];
  sheet.eachRow((row) => all.push(values(row)));
  return { header: all[0], rows: all.slice(1) };
}

const fulfilmentCells = (f: Fulfilment) => [f.rate, f.clauses, f.decided, f.met, f.partlyMet, f.missed, f.pending, f.waived, f.overdue];
const LEVEL_LABELS: Record<string, string> = {};

describe('GET /dashboard/obligations/export: the leaders’ 履约监管 figures as xlsx', () => {
  let t: TestApp;
  let teamA: string;
  let promoterA: TestUser;
  let commissionerA: TestUser;
  let promoterB: TestUser;
  let responsible: TestUser;
  let leader: TestUser;
  let admin: TestUser;
  const codes: { a: string[]; b: string[] } = { a: [], b: [] };

  const post = async (user: TestUser, path: string, body: object) => {
    const response = await t.http.post(`/api/v1/leads/${path}`).set(auth(user)).send(body);
    if (response.status !== 201) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { id: string };
  };
  const json = async (user: TestUser, query: Record<string, string>) => {
    const response = await t.http.get('/api/v1/dashboard/obligations').query(query).set(auth(user));
    expect(response.status).toBe(200);
    return response.body as Figures;
  };
  const download = (user: TestUser, query: Record<string, string>) =>
    t.http.get('/api/v1/dashboard/obligations/export').query(query).set(auth(user)).buffer(true).parse(binary);
  const workbookOf = async (user: TestUser, query: Record<string, string>) => {
    const response = await download(user, query);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('履约监管-')}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body);
    return workbook;
  };

  /** Every sheet of the workbook holds what the JSON answers for the same filters. */
  const expectSameFigures = (workbook: ExcelJS.Workbook, figures: Figures) => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      '汇总',
      '按项目',
      '按团队',
      '按产业',
      '按区域',
      '闲置土地预警',
      '闲置土地明细',
      '政府逾期承诺',
      '筛选条件',
    ]);
    const summary = sheetRows(workbook, '汇总');
    expect(summary.header).toEqual([
      '签约项目数',
      '全部履约项目数',
      '履约率',
      '条款数',
      '已判定',
      '已履约',
      '部分履约',
      '未履约',
      '待履约',
      '已豁免',
      '逾期',
      '政府逾期承诺',
    ]);
    expect(summary.rows).toEqual([
      [figures.projects, figures.fullyHonoured, ...fulfilmentCells(figures.fulfilment), figures.governmentOverdueTotal],
    ]);
    const projects = sheetRows(workbook, '按项目');
    expect(projects.header.slice(0, 3)).toEqual(['项目编号', '项目名称', '履约率']);
    expect(projects.rows).toEqual(
      figures.byProject.map((p) => [p.code, p.name, ...fulfilmentCells(p.fulfilment), LEVEL_LABELS[p.clockLevel]]),
    );
    for (const [sheet, column, groups] of [
      ['按团队', '团队', figures.byTeam],
      ['按产业', '产业', figures.byIndustry],
      ['按区域', '区域', figures.byZone],
    ] as const) {
      const found = sheetRows(workbook, sheet);
      expect(found.header.slice(0, 4)).toEqual([column, '项目数', '全部履约项目数', '履约率']);
      expect(found.rows).toEqual(groups.map((g) => [g.name, g.projects, g.fullyHonoured, ...fulfilmentCells(g.fulfilment)]));
    }
    expect(sheetRows(workbook, '闲置土地预警').rows).toEqual(
      (['none', 'yellow', 'red', 'critical'] as const).map((level) => [LEVEL_LABELS[level], figures.clocks.counts[level]]),
    );
    expect(sheetRows(workbook, '闲置土地明细').rows).toEqual(
      figures.clocks.items.map((c) => [
        c.code,
        c.name,
        c.agreementNumber,
        c.clock.levelLabel,
        c.clock.ruleLabel,
        c.clock.since,
        c.clock.days,
        c.clock.redOn,
        c.clock.criticalOn,
      ]),
    );
    const government = sheetRows(workbook, '政府逾期承诺');
    expect(government.header).toEqual([
      '项目编号',
      '项目名称',
      '条款类型',
      '条款内容',
      '责任单位',
      '责任人',
      '履约期限',
      '逾期天数',
      '履约状态',
    ]);
    expect(government.rows.map((r) => r.slice(0, 8))).toEqual(
      figures.governmentOverdue.map((o) => [
        o.code,
        o.name,
        o.kindLabel,
        o.title,
        o.department,
        o.responsible?.displayName ?? null,
        o.dueDate,
        o.daysOverdue,
      ]),
    );
  };

  beforeAll(async () => {
    t = await TestApp.start();
    teamA = await t.createTeam();
    const teamB = await t.createTeam();
    promoterA = await t.createUser([Role.Promoter], teamA);
    commissionerA = await t.createUser([Role.Commissioner], teamA);
    promoterB = await t.createUser([Role.Promoter], teamB);
    responsible = await t.createUser([Role.Commissioner]);
    leader = await t.createUser([Role.Leader]);
    admin = await t.createUser([Role.Admin]);
    const meta = await t.http.get('/api/v1/meta/obligations').set(auth(leader));
    for (const level of meta.body.idleLandLevels as Array<{ key: string; label: string }>) LEVEL_LABELS[level.key] = level.label;

    const year = districtDay().slice(0, 4);
    // team A: a clause met by the figures, a government clause overdue, an idle-land red clock
    const met = await signedLead(t, promoterA, { commissionerId: commissionerA.id });
    const metAgreement = await post(commissionerA, `${met.id}/agreements`, agreementBody());
    await post(commissionerA, `${met.id}/agreements/${metAgreement.id}/clauses`, {
      party: 'investor',
      kind: 'investment_arrived',
      title: '实际到位投资不低于1亿元',
      threshold: 10000,
      unit: '万元',
      dueDate: `${year}-12-31`,
    });
    await post(commissionerA, `${met.id}/actuals`, { period: year, investmentArrived: 12000 });
    const late = await signedLead(t, promoterA, { commissionerId: commissionerA.id });
    const lateAgreement = await post(commissionerA, `${late.id}/agreements`, agreementBody({ landStartDate: districtDay(-400) }));
    await post(commissionerA, `${late.id}/agreements/${lateAgreement.id}/clauses`, {
      party: 'government',
      kind: 'land_delivery',
      title: '交付净地',
      department: '区自然资源局',
      responsibleId: responsible.id,
      dueDate: districtDay(-20),
    });
    codes.a.push(met.code, late.code);
    // team B: a clause past due
    const other = await signedLead(t, promoterB);
    const otherAgreement = await post(promoterB, `${other.id}/agreements`, agreementBody());
    await post(promoterB, `${other.id}/agreements/${otherAgreement.id}/clauses`, {
      party: 'investor',
      kind: 'completion',
      title: '主体工程竣工',
      dueDate: districtDay(-5),
    });
    codes.b.push(other.code);
  });

  afterAll(async () => {
    await t.close();
  });

  it('holds, sheet by sheet with Chinese headers, the figures the JSON answers for one team, and only that team’s projects', async () => {
    const query = { teamId: teamA };
    const figures = await json(leader, query);
    const workbook = await workbookOf(leader, query);
    expectSameFigures(workbook, figures);
    expect(figures.projects).toBe(2);
    const listed = sheetRows(workbook, '按项目').rows.map((r) => r[0]);
    expect([...listed].sort()).toEqual([...codes.a].sort());
    expect(listed).not.toContain(codes.b[0]);
    expect(sheetRows(workbook, '闲置土地明细').rows.map((r) => r[0])).toEqual([codes.a[1]]);
    const government = sheetRows(workbook, '政府逾期承诺').rows;
    expect(government).toEqual([
      [codes.a[1], expect.any(String), '交地', '交付净地', '区自然资源局', `测试${responsible.username}`, districtDay(-20), 20, '未履约'],
    ]);
    const rate = sheetRows(workbook, '汇总').rows[0][2];
    expect(typeof rate).toBe('number');
    expect(sheetRows(workbook, '筛选条件').rows).toContainEqual(['团队', expect.not.stringMatching(/^全部$/)]);
  });

  it('holds the same figures as the JSON without a filter and with an industry filter', async () => {
    for (const query of [{}, { industry: 'IT01' }] as Array<Record<string, string>>) {
      const figures = await json(admin, query);
      expectSameFigures(await workbookOf(admin, query), figures);
    }
  });

  it('answers promoters and commissioners 403 as the JSON does, an unknown filter 400, and no token 401', async () => {
    for (const user of [promoterA, commissionerA, promoterB]) {
      const jsonStatus = (await t.http.get('/api/v1/dashboard/obligations').set(auth(user))).status;
      const exportStatus = (await download(user, { teamId: teamA })).status;
      expect({ user: user.username, jsonStatus, exportStatus }).toEqual({ user: user.username, jsonStatus: 403, exportStatus: 403 });
    }
    expect((await download(leader, { teamId: 'not-a-team' })).status).toBe(400);
    expect((await download(leader, { colour: 'red' })).status).toBe(400);
    expect((await t.http.get('/api/v1/dashboard/obligations/export')).status).toBe(401);
  });
});
