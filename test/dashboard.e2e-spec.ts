import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '../src/modules/users/role.enum';
import { DashboardFilter } from '../src/modules/dashboard/dashboard-filter';
import { DashboardTotals } from '../src/modules/dashboard/dashboard-totals';
import { DashboardService } from '../src/modules/dashboard/dashboard.service';
import { DashboardFilterQuery } from '../src/modules/dashboard/dto/dashboard-query.dto';
import { REMINDER_KINDS } from '../src/modules/reminders/reminder-kinds';
import { ReminderKind } from '../src/modules/reminders/reminder.entity';
import { ScansService } from '../src/modules/reminders/scans.service';
import { stalledLeadsSql } from '../src/modules/reminders/warnings.query';
import { WARNING_LIST_LIMIT } from '../src/modules/reminders/warnings.service';
import { APP_CONFIG, AppConfig } from '../src/config/app.config';
import { zonedDate } from '../src/common/time/zoned';
import { toSnake } from '../src/database/snake-naming.strategy';
import { PIPELINE } from '../src/modules/pipeline/pipeline.model';
import { leadBody } from './support/factories';
import { auth, TestApp, TestUser } from './support/test-app';

interface Spec {
  stage: string;
  status: string;
  industry: string;
  source?: string;
  planned?: number;
  contract?: number;
  actual?: number;
  jobs?: number;
  lostReason?: string;
  lostTo?: string;
}

/** A known data set in a team of its own, so every figure can be checked exactly. */
const DATA: Spec[] = [
  { stage: 'lead', status: 'active', industry: 'IT01', source: 'network', planned: 100, jobs: 10 },
  { stage: 'lead', status: 'on_hold', industry: 'IT02', planned: 200, jobs: 20 },
  { stage: 'lead', status: 'lost', industry: 'IT01', planned: 5000, lostReason: 'funding' },
  { stage: 'negotiating', status: 'active', industry: 'IT05', planned: 300, jobs: 30 },
  { stage: 'negotiating', status: 'lost', industry: 'EM01', planned: 7000, lostReason: 'chose_other_location', lostTo: '济南' },
  { stage: 'signed', status: 'active', industry: 'EM01', planned: 400, contract: 500, jobs: 40 },
  { stage: 'building', status: 'active', industry: 'EM04', planned: 600, contract: 700, jobs: 60 },
  { stage: 'operating', status: 'active', industry: 'EM04', planned: 800, contract: 900, actual: 850, jobs: 80 },
];

describe('DashboardController', () => {
  let t: TestApp;
  let team: string;
  let leader: TestUser;
  let promoter: TestUser;
  let commissioner: TestUser;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await TestApp.start();
    team = await t.createTeam();
    leader = await t.createUser([Role.Leader]);
    promoter = await t.createUser([Role.Promoter], team);
    commissioner = await t.createUser([Role.Commissioner], team);
    for (const spec of DATA) {
      const response = await t.http
        .post('/api/v1/leads')
        .set(auth(promoter))
        .send(
          leadBody({
            industryCode: spec.industry,
            source: spec.source ?? 'expo',
            plannedInvestment: spec.planned,
            expectedJobs: spec.jobs ?? null,
            landAreaMu: null,
          }),
        );
      expect(response.status).toBe(201);
      ids.push(response.body.id as string);
      await t.dataSource.query(
        `UPDATE leads SET stage = $2, status = $3, contract_investment = $4, actual_investment = $5, lost_reason = $6, lost_to = $7 WHERE id = $1`,
        [
          response.body.id,
          spec.stage,
          spec.status,
          spec.contract ?? null,
          spec.actual ?? null,
          spec.lostReason ?? null,
          spec.lostTo ?? null,
        ],
      );
    }
    // stays that ended: lead → negotiating for five leads, and so on
    const stays: Array<[number, string, string, number]> = [
      [3, 'lead', 'negotiating', 10],
      [4, 'lead', 'negotiating', 20],
      [5, 'lead', 'negotiating', 30],
      [6, 'lead', 'negotiating', 40],
      [7, 'lead', 'negotiating', 50],
      [5, 'negotiating', 'signed', 5],
      [6, 'negotiating', 'signed', 15],
      [7, 'negotiating', 'signed', 100],
      [6, 'signed', 'building', 10],
      [7, 'signed', 'building', 20],
      [7, 'building', 'operating', 7],
    ];
    for (const [index, from, to, days] of stays) {
      await t.dataSource.query(
        `INSERT INTO lead_transitions (lead_id, kind, from_stage, to_stage, from_status, to_status, days_in_from_stage) VALUES ($1, 'forward', $2, $3, 'active', 'active', $4)`,
        [ids[index], from, to, days],
      );
    }
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers every pipeline figure of the known data set', async () => {
    const response = await t.http.get('/api/v1/dashboard/pipeline').query({ teamId: team }).set(auth(leader));
    expect(response.status).toBe(200);
    const stages = response.body.stages.map((s: Record<string, unknown>) => [
      s.stage,
      s.count,
      s.plannedInvestment,
      s.contractInvestment,
      s.expectedJobs,
      s.conversion,
      s.medianDaysInStage,
    ]);
    expect(stages).toEqual([
      ['lead', 2, 300, 0, 30, 0.625, 30],
      ['negotiating', 1, 300, 0, 30, 0.6, 15],
      ['signed', 1, 400, 500, 40, 0.6667, 15],
      ['building', 1, 600, 700, 60, 0.5, 7],
      ['operating', 1, 800, 900, 80, null, null],
    ]);
    expect(response.body.stages[4].actualInvestment).toBe(850);
    expect(response.body.stages[0].stageLabel).toBe('线索');
    expect(response.body.onHold).toBe(1);
    expect(response.body.lost).toMatchObject({ count: 2, byReason: { funding: 1, chose_other_location: 1 }, byDestination: { 济南: 1 } });
  });

  it('filters by period and industry branch', async () => {
    await t.dataSource.query(`UPDATE leads SET created_at = '2020-03-01T00:00:00Z' WHERE id = $1`, [ids[0]]);
    const recent = await t.http.get('/api/v1/dashboard/pipeline').query({ teamId: team, from: '2021-01-01' }).set(auth(leader));
    expect(recent.body.stages[0].count).toBe(1);
    const old = await t.http.get('/api/v1/dashboard/pipeline').query({ teamId: team, to: '2020-12-31' }).set(auth(leader));
    expect(old.body.stages.map((s: { count: number }) => s.count)).toEqual([1, 0, 0, 0, 0]);
    const em = await t.http.get('/api/v1/dashboard/pipeline').query({ teamId: team, industry: 'EM' }).set(auth(leader));
    expect(em.body.stages.map((s: { count: number }) => s.count)).toEqual([0, 0, 1, 1, 1]);
    await t.dataSource.query(`UPDATE leads SET created_at = now() WHERE id = $1`, [ids[0]]);
    expect((await t.http.get('/api/v1/dashboard/pipeline').query({ industry: 'NOPE' }).set(auth(leader))).status).toBe(400);
    expect((await t.http.get('/api/v1/dashboard/pipeline').query({ from: '2021-13-01' }).set(auth(leader))).status).toBe(400);
  });

  it('breaks the figures down by industry branch with Chinese names, and by team and source', async () => {
    const response = await t.http.get('/api/v1/dashboard/breakdown').query({ by: 'industry', teamId: team }).set(auth(leader));
    expect(response.status).toBe(200);
    const byKey = Object.fromEntries(response.body.items.map((i: { key: string }) => [i.key, i]));
    expect(byKey.IT).toMatchObject({
      name: '新一代信息技术',
      count: 3,
      plannedInvestment: 600,
      expectedJobs: 60,
      onHold: 1,
      lost: 1,
      signedRate: 0,
    });
    expect(byKey.IT.stages).toEqual({ lead: 2, negotiating: 1, signed: 0, building: 0, operating: 0 });
    expect(byKey.EM).toMatchObject({
      name: '装备制造',
      count: 3,
      plannedInvestment: 1800,
      contractInvestment: 2100,
      actualInvestment: 850,
      expectedJobs: 180,
      lost: 1,
      signedRate: 0.75,
    });
    // nothing confirmed yet: each confirmable stage's leads are all awaiting, 线索 and 洽谈 have no split
    const split = (count: number, contractInvestment: number, actualInvestment = 0) => ({ count, contractInvestment, actualInvestment });
    expect(byKey.EM.confirmed).toEqual({ signed: split(0, 0), building: split(0, 0), operating: split(0, 0) });
    expect(byKey.EM.awaiting).toEqual({ signed: split(1, 500), building: split(1, 700), operating: split(1, 900, 850) });
    expect(byKey.IT.awaiting).toEqual({ signed: split(0, 0), building: split(0, 0), operating: split(0, 0) });

    const byTeam = await t.http.get('/api/v1/dashboard/breakdown').query({ by: 'team', teamId: team }).set(auth(leader));
    expect(byTeam.body.items).toHaveLength(1);
    expect(byTeam.body.items[0]).toMatchObject({ key: team, count: 6 });
    const bySource = await t.http.get('/api/v1/dashboard/breakdown').query({ by: 'source', teamId: team }).set(auth(leader));
    expect(bySource.body.items.map((i: { key: string; name: string; count: number }) => [i.key, i.name, i.count])).toEqual([
      ['expo', '招商推介会/展会', 5],
      ['network', '人脉招商', 1],
    ]);
    expect((await t.http.get('/api/v1/dashboard/breakdown').query({ by: 'colour' }).set(auth(leader))).status).toBe(400);
  });

  it('shows each commissioner’s workload', async () => {
    await t.dataSource.query(`UPDATE leads SET commissioner_id = $1 WHERE id = ANY($2::uuid[])`, [commissioner.id, [ids[5], ids[6]]]);
    await t.dataSource.query(`UPDATE leads SET next_follow_up_at = now() - interval '2 days' WHERE id = $1`, [ids[6]]);
    await t.dataSource.query(
      `INSERT INTO follow_ups (lead_id, author_id, type, occurred_at, summary) VALUES ($1, $2, 'visit', now() - interval '5 days', '现场'), ($1, $2, 'call', now() - interval '40 days', '电话')`,
      [ids[5], commissioner.id],
    );
    await t.dataSource.query(
      `INSERT INTO enterprise_issues (lead_id, title, category, due_at, handler_id, status, created_by) VALUES ($1, '用电', 'utilities', now() + interval '3 days', $2, 'open', $2)`,
      [ids[5], commissioner.id],
    );
    const response = await t.http.get('/api/v1/dashboard/commissioners').set(auth(leader));
    expect(response.status).toBe(200);
    const mine = response.body.items.find((i: { commissionerId: string }) => i.commissionerId === commissioner.id);
    expect(mine).toEqual({
      commissionerId: commissioner.id,
      displayName: expect.any(String),
      activeLeads: 2,
      overdueFollowUps: 1,
      followUpsLast30Days: 1,
      openIssues: 1,
    });
  });

  it('measures progress against the yearly targets', async () => {
    const before = (await t.http.get('/api/v1/dashboard/targets').set(auth(leader))).body;
    const lead = await t.http
      .post('/api/v1/leads')
      .set(auth(promoter))
      .send(leadBody({ keyProjectLevel: 'city' }));
    await t.dataSource.query(`UPDATE leads SET stage = 'signed', signed_at = current_date, contract_investment = 1234 WHERE id = $1`, [
      lead.body.id,
    ]);
    const after = (await t.http.get('/api/v1/dashboard/targets').set(auth(leader))).body;
    expect(after.keyProjectsSigned.actual).toBe(before.keyProjectsSigned.actual + 1);
    expect(after.investmentSigned.actual).toBeCloseTo(before.investmentSigned.actual + 1234, 2);
    expect(after.keyProjectsSigned.target).toBe(15);
  });

  it('keeps the summary tables equal to the leads through every kind of change', async () => {
    const service = t.app.get(DashboardService);
    const filter = t.app.get(DashboardFilter);
    const totals = t.app.get(DashboardTotals);
    const otherTeam = await t.createTeam();
    const queries: DashboardFilterQuery[] = [
      {},
      { teamId: team },
      { teamId: otherTeam },
      { industry: 'IT' },
      { industry: 'EM04' },
      { zone: 'A1' },
      { zone: 'A1-P1' },
      // no team or zone, and combinations: the summary's 'none' keys and its team|industry|zone cells
      { teamId: 'none' },
      { zone: 'none' },
      { teamId: team, industry: 'IT' },
      { teamId: team, zone: 'A1' },
      { industry: 'EM04', zone: 'A1-C1' },
      { teamId: otherTeam, industry: 'EM', zone: 'A1' },
      { teamId: team, industry: 'IT', zone: 'A1-P1' },
      { teamId: team, zone: 'none' },
      { teamId: 'none', industry: 'IT', zone: 'none' },
      // date ranges: the summary's whole creation months (UTC) plus the leads of the partial ones
      { from: '2000-01-01', to: '2099-12-31' },
      { from: '2020-01-01' },
      { to: '2099-12-31' },
      { from: '2024-03-01', to: '2024-03-31' },
      { from: '2024-02-20', to: '2024-04-10' },
      { from: new Date().toISOString().slice(0, 10) },
      // the district's dates cut UTC months: a month mostly inside counts whole less the leads outside, one mostly
      // outside counts only the leads inside; a range covering most months is the whole less the months outside
      { from: '2024-03-01' },
      { from: '2024-03-05', to: '2024-03-20' },
      { from: '2024-03-10', to: '2024-03-12' },
      // a date range with one of team, industry and zone: that dimension's months
      { teamId: team, from: '2024-03-01' },
      { teamId: otherTeam, from: '2024-03-01', to: '2024-03-31' },
      { teamId: 'none', from: '2020-01-01' },
      { industry: 'EM04', from: '2024-02-20', to: '2024-04-10' },
      { industry: 'IT', from: new Date().toISOString().slice(0, 10) },
      { zone: 'A1', from: '2024-03-01', to: '2024-03-31' },
      { zone: 'A1-C1', from: '2024-03-05', to: '2024-03-20' },
      { zone: 'none', to: '2099-12-31' },
      // a date range with two or three of them: their cells' months
      { teamId: team, industry: 'IT', from: '2024-03-01' },
      { industry: 'EM04', zone: 'A1-C1', from: '2024-02-20', to: '2024-04-10' },
      { teamId: otherTeam, industry: 'EM', zone: 'A1', from: '2020-01-01' },
      { teamId: 'none', industry: 'IT', zone: 'none', to: '2099-12-31' },
      { teamId: team, zone: 'A1', from: '2024-03-05', to: '2024-03-20' },
      { industry: 'IT', zone: 'A1', from: new Date().toISOString().slice(0, 10) },
    ];
    const sortRows = (rows: object[]) => rows.map((r) => JSON.stringify(Object.entries(r).sort())).sort();
    const expectInStep = async (moment: string) => {
      for (const query of queries) {
        const slice = await filter.summarySlice(query);
        const [fromSummary, fromLeads] = await t.dataSource.transaction('REPEATABLE READ', async (manager) => [
          { rows: await totals.stageStatusRows(slice, manager), medians: await totals.stageMedians(slice, manager) },
          await service.pipelineFromLeads(manager, query),
        ]);
        const context = `${moment}, filter ${JSON.stringify(query)}`;
        expect({ context, rows: sortRows(fromSummary.rows) }).toEqual({ context, rows: sortRows(fromLeads.rows) });
        expect({ context, medians: fromSummary.medians }).toEqual({ context, medians: fromLeads.medians });
      }
      for (const by of ['team', 'industry', 'zone'] as const) {
        const [fromSummary, fromLeads] = await t.dataSource.transaction('REPEATABLE READ', async (manager) => [
          await totals.keyStageStatusRows(by, manager),
          await service.breakdownFromLeads(by, {}, manager),
        ]);
        const context = `${moment}, breakdown by ${by}`;
        expect({ context, rows: sortRows(fromSummary) }).toEqual({ context, rows: sortRows(fromLeads) });
      }
      // a wide date range is summed as everything less the months outside it: the breakdown must not take it for no filter
      const [{ leads: inRange }] = await t.dataSource.query<Array<{ leads: number }>>(
        `SELECT count(*)::int AS leads FROM leads WHERE deleted_at IS NULL AND created_at >= '2024-03-20T00:00:00+08:00'`,
      );
      const dated = await t.http.get('/api/v1/dashboard/breakdown').query({ by: 'team', from: '2024-03-20' }).set(auth(leader));
      const grouped = (dated.body.items as Array<{ count: number; lost: number }>).reduce((sum, item) => sum + item.count + item.lost, 0);
      expect({ context: `${moment}, breakdown by team from 2024-03-20`, leads: grouped }).toEqual({
        context: `${moment}, breakdown by team from 2024-03-20`,
        leads: inRange,
      });
    };
    await expectInStep('as built');
    const extra: string[] = [];
    for (const [index, zoneCode] of ['A1-P1', 'A1-C1', null, 'A1-P1'].entries()) {
      const response = await t.http
        .post('/api/v1/leads')
        .set(auth(promoter))
        .send(leadBody({ zoneCode, plannedInvestment: 1000 + index, expectedJobs: index }));
      expect(response.status).toBe(201);
      extra.push(response.body.id as string);
    }
    const durations = [0.25, 3.5, 3.5, 3.75, 12, 12.01, 40.5];
    for (const [index, days] of durations.entries()) {
      await t.dataSource.query(
        `INSERT INTO lead_transitions (lead_id, kind, from_stage, to_stage, from_status, to_status, days_in_from_stage) VALUES ($1, 'forward', 'lead', 'negotiating', 'active', 'active', $2)`,
        [extra[index % extra.length], days],
      );
    }
    await expectInStep('after creating leads and transitions');
    await t.dataSource.query(`UPDATE leads SET team_id = $2, industry_code = 'EM04', zone_code = 'A1-C1' WHERE id = $1`, [
      extra[0],
      otherTeam,
    ]);
    await t.dataSource.query(`UPDATE leads SET planned_investment = planned_investment + 0.5, expected_jobs = NULL WHERE id = ANY($1)`, [
      extra,
    ]);
    await t.dataSource.query(`UPDATE leads SET status = 'lost', lost_reason = 'chose_other_location', lost_to = '潍坊' WHERE id = $1`, [
      extra[1],
    ]);
    await t.dataSource.query(`UPDATE lead_transitions SET days_in_from_stage = days_in_from_stage + 30 WHERE lead_id = $1`, [extra[2]]);
    await expectInStep('after moving a lead between team, industry and zone, and changing sums, status and durations');
    await t.dataSource.query(`UPDATE leads SET created_at = '2024-03-15T10:00:00Z' WHERE id = $1`, [extra[2]]);
    await t.dataSource.query(`UPDATE leads SET created_at = '2024-02-29T23:30:00Z' WHERE id = $1`, [extra[0]]);
    // UTC March, but 1 April in the district (UTC+8): outside a range ending 31 March
    await t.dataSource.query(`UPDATE leads SET created_at = '2024-03-31T20:00:00Z' WHERE id = $1`, [extra[3]]);
    await expectInStep("after moving leads' creation into past months");
    // one statement over several leads (the trigger compares its old and new rows as sets): one moves team, one is
    // deleted, one changes its sums, one stays as it was
    await t.dataSource.query(
      `UPDATE leads SET team_id = CASE WHEN id = $1 THEN $5::uuid ELSE team_id END,
                        deleted_at = CASE WHEN id = $2 THEN now() ELSE deleted_at END,
                        planned_investment = CASE WHEN id = $3 THEN planned_investment + 7 ELSE planned_investment END
       WHERE id = ANY($4)`,
      [extra[2], extra[3], extra[0], extra, team],
    );
    await expectInStep('after one statement moving, deleting and changing several leads');
    await t.dataSource.query(`UPDATE leads SET deleted_at = now() WHERE id = ANY($1)`, [[extra[1], extra[3]]]);
    await expectInStep('after deleting leads');
    await totals.compact();
    const [{ deltas }] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM dashboard_lead_totals WHERE NOT compacted) + (SELECT count(*) FROM dashboard_stage_days WHERE NOT compacted) AS deltas`,
    );
    expect(Number(deltas)).toBe(0);
    await expectInStep('after compaction');
    await t.dataSource.query(`UPDATE leads SET deleted_at = NULL WHERE id = $1`, [extra[3]]);
    await expectInStep('after restoring a lead');
    await t.dataSource.query(`SELECT crm_rebuild_dashboard_totals()`);
    await expectInStep('after a rebuild');
  });

  it('answers complete warning counts with the longest-stalled of each list', async () => {
    const owner = await t.createUser([Role.Promoter], team);
    const created = await t.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO leads (code, name, company_name, industry_code, source, owner_id, team_id, created_at, next_follow_up_at)
       SELECT 'ZS-WARN-' || n, '预警测试项目' || n, '预警测试公司' || n, 'IT01', 'expo', $1, $2, now() - interval '400 days' - n * interval '1 minute', now() - interval '3 days'
       FROM generate_series(1, ${WARNING_LIST_LIMIT + 5}) n RETURNING id`,
      [owner.id, team],
    );
    try {
      const response = await t.http.get('/api/v1/dashboard/warnings').set(auth(leader));
      expect(response.status).toBe(200);
      const all = await t.app.get(ScansService).stalledLeads();
      const red = all.filter((s) => s.level === 'red');
      expect(red.length).toBeGreaterThan(WARNING_LIST_LIMIT);
      expect(response.body.counts).toMatchObject({ red: red.length, yellow: all.length - red.length });
      const listedRed = response.body.stalled.filter((s: { level: string }) => s.level === 'red');
      expect(listedRed.map((s: { id: string }) => s.id)).toEqual(red.slice(0, WARNING_LIST_LIMIT).map((s) => s.id));
      expect(response.body.stalled[0]).toMatchObject({ stageLabel: '线索', reason: '超期未跟进' });
      expect(response.body.stalled[0]).not.toHaveProperty('redTotal');
      const [{ overdue }] = await t.dataSource.query<Array<{ overdue: number }>>(
        `SELECT count(*)::int AS overdue FROM leads WHERE deleted_at IS NULL AND status <> 'lost' AND next_follow_up_at < now()`,
      );
      expect(overdue).toBeGreaterThan(WARNING_LIST_LIMIT);
      expect(response.body.counts.overdueFollowUps).toBe(overdue);
      expect(response.body.overdueFollowUps).toHaveLength(WARNING_LIST_LIMIT);
      expect(response.body.overdueFollowUps[0]).not.toHaveProperty('total');
    } finally {
      // out of the other suites' stall scans and digests
      await t.dataSource.query(`UPDATE leads SET deleted_at = now() WHERE id = ANY($1)`, [created.map((row) => row.id)]);
    }
  });

  it('counts and lists each stage and level by its index exactly as the full evaluation does, at the thresholds', async () => {
    const own = await t.createTeam();
    const owner = await t.createUser([Role.Promoter], own);
    const { stall, timezone } = t.app.get<{ stall: AppConfig['stall']; timezone: string }>(APP_CONFIG);
    const HOUR = 3_600_000;
    const DAY = 24 * HOUR;
    // each stage with a rule, its reference (created, entered, agreed day) an hour or a day inside or outside each threshold
    const cases = PIPELINE.stallRules.flatMap(({ stage, rule }) => {
      const { yellowMs, redMs } = stall[stage];
      const deadline = 'deadline' in rule.since ? toSnake(rule.since.deadline) : null;
      const offsets = deadline
        ? [yellowMs - DAY, yellowMs + DAY, redMs - DAY, redMs + DAY, -DAY, 0]
        : [yellowMs - HOUR, yellowMs + HOUR, redMs - HOUR, redMs + HOUR, 2 * redMs];
      return offsets.map((offset) => ({ stage, deadline, offset }));
    });
    const ids: string[] = [];
    for (const [n, c] of cases.entries()) {
      const reference = new Date(Date.now() - c.offset);
      const day = zonedDate(reference, timezone);
      const [{ id }] = await t.dataSource.query<Array<{ id: string }>>(
        `INSERT INTO leads (code, name, company_name, industry_code, source, owner_id, team_id, stage, created_at, stage_entered_at,
                            agreed_start_date, agreed_operating_date)
         VALUES ($1, '阈值测试' || $1, '阈值测试公司' || $1, 'IT01', 'expo', $2, $3, $4, $5, $5, $6, $6) RETURNING id`,
        [`ZS-EDGE-${n}`, owner.id, own, c.stage, reference, c.deadline ? day : null],
      );
      ids.push(id);
    }
    try {
      const response = await t.http.get(`/api/v1/dashboard/warnings?teamId=${own}`).set(auth(leader));
      expect(response.status).toBe(200);
      const all = await t.app.get(ScansService).stalledLeads();
      const mine = all.filter((s) => ids.includes(s.id));
      const red = mine.filter((s) => s.level === 'red');
      // every stage has leads at both levels and leads not yet stalled, so the comparison covers each range
      expect(new Set(red.map((s) => s.stage)).size).toBe(PIPELINE.stallRules.length);
      expect(mine.length - red.length).toBeGreaterThanOrEqual(PIPELINE.stallRules.length);
      expect(mine.length).toBeLessThan(cases.length);
      expect(response.body.counts).toMatchObject({ red: red.length, yellow: mine.length - red.length });
      const listed = (response.body.stalled as Array<{ id: string; level: string; reference: string }>).map((s) => `${s.id}:${s.level}`);
      expect(listed.sort()).toEqual(mine.map((s) => `${s.id}:${s.level}`).sort());
    } finally {
      await t.dataSource.query(`UPDATE leads SET deleted_at = now() WHERE id = ANY($1)`, [ids]);
    }
  });

  it('builds the stall warning key in SQL exactly as the scan records it (the scan skips recorded ones in SQL)', async () => {
    const owner = await t.createUser([Role.Promoter], team);
    const created = await t.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO leads (code, name, company_name, industry_code, source, owner_id, team_id, created_at)
       SELECT 'ZS-KEY-' || n, '键测试' || n, '键测试公司' || n, 'IT01', 'expo', $1, $2, now() - interval '400 days' - n * interval '1.234567 seconds'
       FROM generate_series(1, 5) n RETURNING id`,
      [owner.id, team],
    );
    try {
      const { stall, timezone } = t.app.get<{ stall: AppConfig['stall']; timezone: string }>(APP_CONFIG);
      const { sql, params } = stalledLeadsSql(stall, timezone, { byIndex: true });
      const kind = REMINDER_KINDS[ReminderKind.StageStalled];
      const rows = await t.dataSource.query<Array<{ id: string; stage: string; level: string; reference: Date; key: string }>>(
        `SELECT s.id, s.stage, s.level, s.reference, ${kind.dedupeKeySql({ leadId: 's.id', stage: 's.stage', level: 's.level', reference: 's.reference' })} AS key
         FROM (${sql}) s`,
        params,
      );
      expect(rows.filter((row) => created.some((c) => c.id === row.id))).toHaveLength(5);
      for (const row of rows)
        expect(row.key).toBe(kind.dedupeKey({ leadId: row.id, stage: row.stage, level: row.level, reference: row.reference }));
      // recorded once: a second scan finds nothing new for these leads
      const scans = t.app.get(ScansService);
      expect((await scans.runStallScan()).newWarnings).toBeGreaterThanOrEqual(5);
      expect((await scans.runStallScan()).newWarnings).toBe(0);
      const [{ n }] = await t.dataSource.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM reminders WHERE kind = 'stage_stalled' AND lead_id = ANY($1)`,
        [created.map((c) => c.id)],
      );
      expect(n).toBe(5);
    } finally {
      await t.dataSource.query(`UPDATE leads SET deleted_at = now() WHERE id = ANY($1)`, [created.map((row) => row.id)]);
    }
  });

  it('has a partial index for every stall rule of the pipeline model (a new stage needs its own migration)', async () => {
    const indexes = await t.dataSource.query<Array<{ indexname: string; indexdef: string }>>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'leads' AND indexname LIKE 'idx_leads_stall_%'`,
    );
    for (const { stage } of PIPELINE.stallRules)
      expect(indexes.find((index) => index.indexname === `idx_leads_stall_${stage}`)?.indexdef).toContain(`(stage = '${stage}'::text)`);
  });

  it('is for leaders and admins only', async () => {
    for (const path of ['pipeline', 'breakdown?by=team', 'commissioners', 'targets', 'warnings']) {
      expect((await t.http.get(`/api/v1/dashboard/${path}`).set(auth(promoter))).status).toBe(403);
      expect((await t.http.get(`/api/v1/dashboard/${path}`).set(auth(commissioner))).status).toBe(403);
    }
  });
});
