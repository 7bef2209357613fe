import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '../src/modules/users/role.enum';
import { leadBody } from './support/factories';
import { auth, TestApp, TestUser } from './support/test-app';

/**
 * Issue 17: every cockpit figure is the count of the lead list under the query its link carries. The built data
 * set spans two teams and no team, industries, zones, periods, stages and statuses, warnings of both levels,
 * overdue follow-ups, commissioners' follow-ups and open issues; each figure is checked against the list's
 * total (GET /leads/count) and against the rows of every page of GET /leads.
 */

interface Spec {
  team: 'A' | 'B' | null;
  stage: string;
  status: string;
  industry: string;
  zone?: string;
  source?: string;
  createdDaysAgo: number;
  commissioner?: 0 | 1;
  overdue?: boolean;
  /** signed leads: days since the agreed start date (positive: passed) */
  startPassedDays?: number;
  /** lost leads: the reason (null: none recorded, counted as 其他) and where the project went */
  lostReason?: string | null;
  lostTo?: string;
}

const DATA: Spec[] = [
  { team: 'A', stage: 'lead', status: 'active', industry: 'IT01', zone: 'A1-C1', createdDaysAgo: 400 },
  { team: 'A', stage: 'lead', status: 'active', industry: 'IT02', zone: 'A1-C3-P1', createdDaysAgo: 45 },
  { team: 'A', stage: 'lead', status: 'on_hold', industry: 'IT01', createdDaysAgo: 5, source: 'network' },
  { team: 'A', stage: 'lead', status: 'lost', industry: 'IT01', zone: 'A1-C1', createdDaysAgo: 500 },
  {
    team: 'A',
    stage: 'negotiating',
    status: 'active',
    industry: 'IT05',
    zone: 'A2-C1',
    createdDaysAgo: 10,
    commissioner: 0,
    overdue: true,
  },
  {
    team: 'A',
    stage: 'signed',
    status: 'active',
    industry: 'EM01',
    zone: 'A1-C3',
    createdDaysAgo: 380,
    commissioner: 0,
    startPassedDays: 10,
  },
  {
    team: 'B',
    stage: 'signed',
    status: 'active',
    industry: 'EM04',
    zone: 'A3-C1',
    createdDaysAgo: 390,
    commissioner: 1,
    startPassedDays: 120,
  },
  {
    team: 'B',
    stage: 'building',
    status: 'active',
    industry: 'EM04',
    zone: 'A3-C1-P1',
    createdDaysAgo: 20,
    commissioner: 1,
    overdue: true,
  },
  { team: 'B', stage: 'operating', status: 'active', industry: 'IT01', zone: 'A3-C1', createdDaysAgo: 370, commissioner: 0 },
  { team: 'B', stage: 'negotiating', status: 'on_hold', industry: 'EM01', createdDaysAgo: 30, commissioner: 1 },
  {
    team: 'B',
    stage: 'negotiating',
    status: 'lost',
    industry: 'IT02',
    zone: 'A2-C1',
    createdDaysAgo: 60,
    source: 'network',
    lostReason: 'chose_other_location',
    lostTo: '济南市',
  },
  { team: 'B', stage: 'signed', status: 'lost', industry: 'EM01', createdDaysAgo: 385, lostReason: 'land' },
  { team: null, stage: 'lead', status: 'lost', industry: 'IT05', createdDaysAgo: 15, lostReason: null },
  {
    team: null,
    stage: 'negotiating',
    status: 'lost',
    industry: 'IT01',
    zone: 'A3-C1',
    createdDaysAgo: 400,
    lostReason: 'chose_other_location',
    lostTo: '济南市',
  },
  { team: null, stage: 'lead', status: 'lost', industry: 'EM04', createdDaysAgo: 8, lostReason: 'chose_other_location', lostTo: '滨州市' },
  { team: null, stage: 'lead', status: 'active', industry: 'EM01', createdDaysAgo: 3, overdue: true },
  { team: null, stage: 'negotiating', status: 'active', industry: 'IT01', zone: 'A1-C3-P1', createdDaysAgo: 375 },
];

/** A district date `days` back, YYYY-MM-DD. */
const daysAgo = (days: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(Date.now() - days * 86_400_000);

interface Figure {
  name: string;
  shown: number;
  query: Record<string, string>;
}

describe('Cockpit figures and the lead list (issue 17)', () => {
  let t: TestApp;
  let leader: TestUser;
  const teams: Record<'A' | 'B', string> = { A: '', B: '' };
  const commissioners: TestUser[] = [];

  beforeAll(async () => {
    t = await TestApp.start();
    teams.A = await t.createTeam();
    teams.B = await t.createTeam();
    leader = await t.createUser([Role.Leader]);
    const promoter = await t.createUser([Role.Promoter], teams.A);
    commissioners.push(await t.createUser([Role.Commissioner], teams.A), await t.createUser([Role.Commissioner], teams.B));
    for (const spec of DATA) {
      const created = await t.http
        .post('/api/v1/leads')
        .set(auth(promoter))
        .send(leadBody({ industryCode: spec.industry, zoneCode: spec.zone ?? null, source: spec.source ?? 'expo' }));
      expect(created.status).toBe(201);
      const commissioner = spec.commissioner === undefined ? null : commissioners[spec.commissioner].id;
      await t.dataSource.query(
        `UPDATE leads SET stage = $2, status = $3, team_id = $4, commissioner_id = $5,
                created_at = now() - make_interval(days => $6::int), stage_entered_at = now() - make_interval(days => $6::int),
                next_follow_up_at = CASE WHEN $7::boolean THEN now() - interval '2 days' ELSE now() + interval '5 days' END,
                lost_reason = CASE WHEN $3 = 'lost' THEN $9::text END, lost_to = $10::text,
                signed_at = CASE WHEN $2 IN ('signed', 'building', 'operating') THEN current_date - 400 END,
                agreed_start_date = CASE WHEN $2 = 'signed' THEN current_date - $8::int END,
                agreed_operating_date = CASE WHEN $2 = 'building' THEN current_date + 300 END
         WHERE id = $1`,
        [
          created.body.id,
          spec.stage,
          spec.status,
          spec.team ? teams[spec.team] : null,
          commissioner,
          spec.createdDaysAgo,
          spec.overdue ?? false,
          spec.startPassedDays ?? -30,
          spec.lostReason === undefined ? 'funding' : spec.lostReason,
          spec.lostTo ?? null,
        ],
      );
      if (spec.commissioner !== undefined) {
        const author = commissioners[spec.commissioner].id;
        await t.dataSource.query(
          `INSERT INTO follow_ups (lead_id, author_id, type, occurred_at, summary) VALUES ($1, $2, 'visit', now() - make_interval(days => $3::int), '走访')`,
          [created.body.id, author, spec.createdDaysAgo > 100 ? 45 : 5],
        );
        if (spec.stage !== 'negotiating')
          await t.dataSource.query(
            `INSERT INTO enterprise_issues (lead_id, title, category, due_at, handler_id, status, created_by) VALUES ($1, '用电', 'utilities', now() - interval '1 day', $2, $3, $2)`,
            [created.body.id, author, spec.createdDaysAgo % 2 ? 'resolved' : 'open'],
          );
      }
    }
  });

  afterAll(async () => {
    await t.close();
  });

  const get = async (path: string, query: Record<string, string>) => {
    const response = await t.http.get(`/api/v1${path}`).query(query).set(auth(leader));
    expect(response.status).toBe(200);
    return response.body;
  };

  /** Each figure of the cockpit under a filter, with the list query its link carries (as web/src/dashboard.js builds it). */
  async function figures(filter: Record<string, string>): Promise<Figure[]> {
    const live = { ...filter, status: 'active,on_hold' };
    const pipeline = await get('/dashboard/pipeline', filter);
    const out: Figure[] = [
      { name: '在库项目', shown: pipeline.stages.reduce((n: number, s: { count: number }) => n + s.count, 0), query: live },
      { name: '暂缓', shown: pipeline.onHold, query: { ...filter, status: 'on_hold' } },
      { name: '终止', shown: pipeline.lost.count, query: { ...filter, status: 'lost' } },
      // the lost-reasons pie's slices and the destinations beside it
      ...Object.entries(pipeline.lost.byReason as Record<string, number>).map(([reason, count]) => ({
        name: `终止原因 ${reason}`,
        shown: count,
        query: { ...filter, status: 'lost', lostReason: reason },
      })),
      ...Object.entries(pipeline.lost.byDestination as Record<string, number>).map(([destination, count]) => ({
        name: `流向 ${destination}`,
        shown: count,
        query: { ...filter, status: 'lost', lostTo: destination },
      })),
      ...pipeline.stages.map((s: { stage: string; count: number }) => ({
        name: `阶段 ${s.stage}`,
        shown: s.count,
        query: { ...live, stage: s.stage },
      })),
    ];
    for (const by of ['industry', 'zone', 'team', 'source']) {
      const { items } = await get('/dashboard/breakdown', { ...filter, by });
      const param = { industry: 'industry', zone: 'zone', team: 'teamId', source: 'source' }[by] as string;
      for (const item of items as Array<{ key: string; count: number }>)
        // a group holds the filter's narrower branch, when there is one: the link keeps the narrower one
        out.push({ name: `${by} ${item.key}`, shown: item.count, query: { ...live, [param]: filter[param] ?? item.key } });
    }
    const workload = await get('/dashboard/commissioners', filter);
    for (const row of workload.items as Array<{
      commissionerId: string;
      displayName: string;
      activeLeads: number;
      overdueFollowUps: number;
      followUpsLast30Days: number;
      openIssues: number;
    }>) {
      const mine = { ...filter, commissionerId: row.commissionerId };
      out.push(
        { name: `在管 ${row.displayName}`, shown: row.activeLeads, query: { ...mine, status: 'active,on_hold' } },
        { name: `逾期 ${row.displayName}`, shown: row.overdueFollowUps, query: { ...mine, overdue: 'true' } },
        { name: `近30天 ${row.displayName}`, shown: row.followUpsLast30Days, query: { ...filter, followedUpBy: row.commissionerId } },
        { name: `诉求 ${row.displayName}`, shown: row.openIssues, query: { ...mine, status: 'active,on_hold', openIssues: 'true' } },
      );
    }
    const warnings = await get('/dashboard/warnings', filter);
    out.push(
      { name: '红色预警', shown: warnings.counts.red, query: { ...filter, warning: 'red' } },
      { name: '黄色预警', shown: warnings.counts.yellow, query: { ...filter, warning: 'yellow' } },
      { name: '跟进逾期', shown: warnings.counts.overdueFollowUps, query: { ...filter, overdue: 'true' } },
    );
    return out;
  }

  /** Every row of the list under a query, page by page (small pages, so the cursor is exercised). */
  async function listRows(query: Record<string, string>, expected = 0): Promise<string[]> {
    // about ten pages whatever the count (the suite's database holds every earlier suite's leads too)
    const limit = String(Math.min(200, Math.max(3, Math.ceil(expected / 10))));
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await get('/leads', { ...query, limit, ...(cursor ? { cursor } : {}) });
      ids.push(...page.items.map((lead: { id: string }) => lead.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return ids;
  }

  const FILTERS: Array<[string, () => Record<string, string>]> = [
    ['no filter', () => ({})],
    ['team A', () => ({ teamId: teams.A })],
    ['team B and an industry branch', () => ({ teamId: teams.B, industry: 'EM' })],
    ['a period and an industry branch', () => ({ from: daysAgo(420), to: daysAgo(365), industry: 'IT' })],
    ['a zone branch', () => ({ zone: 'A3' })],
    ['leads without a team', () => ({ teamId: 'none' })],
  ];

  it.each(FILTERS)(
    'with %s, every figure equals the total and the rows of the list its link opens',
    async (_name, filter) => {
      const all = await figures(filter());
      expect(all.length).toBeGreaterThan(15);
      for (const figure of all) {
        const { total } = await get('/leads/count', figure.query);
        const rows = await listRows(figure.query, figure.shown);
        expect({ figure: figure.name, total, rows: rows.length }).toEqual({ figure: figure.name, total: figure.shown, rows: figure.shown });
        expect(new Set(rows).size).toBe(rows.length);
      }
      // dozens of figures, each listed page by page: a volume check, not a timing one
    },
    180_000,
  );

  it('follows the team in the warnings and the workload', async () => {
    const everyone = await get('/dashboard/warnings', {});
    const teamA = await get('/dashboard/warnings', { teamId: teams.A });
    expect(teamA.counts).toMatchObject({ red: 1, yellow: 2, overdueFollowUps: 1 });
    expect(everyone.counts.red).toBeGreaterThan(teamA.counts.red);
    expect(teamA.stalled.map((s: { teamId: string }) => s.teamId)).toEqual(teamA.stalled.map(() => teams.A));
    const workload = await get('/dashboard/commissioners', { teamId: teams.A });
    const rows = Object.fromEntries(workload.items.map((r: { commissionerId: string }) => [r.commissionerId, r]));
    expect(rows[commissioners[0].id]).toMatchObject({ activeLeads: 2, overdueFollowUps: 1, followUpsLast30Days: 1, openIssues: 1 });
    expect(rows[commissioners[1].id]).toBeUndefined();
  });

  it('takes several statuses and stages, a period, a warning level and selected ids, and refuses what it cannot read', async () => {
    const both = await get('/leads/count', { teamId: teams.A, status: 'active,on_hold' });
    const repeated = await t.http.get('/api/v1/leads/count?status=active&status=on_hold').query({ teamId: teams.A }).set(auth(leader));
    expect(repeated.body.total).toBe(both.total);
    expect(both.total).toBe(5);
    const stages = await get('/leads/count', { teamId: teams.A, stage: 'lead,signed' });
    expect(stages.total).toBe(5);
    const page = await get('/leads', { teamId: teams.A, limit: '2' });
    const picked = await get('/leads', { ids: page.items.map((l: { id: string }) => l.id).join(',') });
    expect(picked.items.map((l: { id: string }) => l.id).sort()).toEqual(page.items.map((l: { id: string }) => l.id).sort());
    for (const bad of [
      { status: 'active,gone' },
      { warning: 'orange' },
      { from: '2026-02-30' },
      { ids: 'x' },
      { teamId: 'nobody' },
      { sort: 'colour' },
    ])
      expect((await t.http.get('/api/v1/leads').query(bad).set(auth(leader))).status).toBe(400);
  });

  it('takes several lost reasons, counts a lost lead without a reason as 其他, and refuses an unknown reason', async () => {
    const mine = { industry: 'IT' };
    const { lost } = await get('/dashboard/pipeline', mine);
    const reasons = Object.keys(lost.byReason);
    expect(reasons).toEqual(expect.arrayContaining(['funding', 'chose_other_location', 'other']));
    const several = await get('/leads/count', { ...mine, lostReason: 'funding,other' });
    expect(several.total).toBe(lost.byReason.funding + lost.byReason.other);
    const all = await get('/leads/count', { ...mine, lostReason: reasons.join(',') });
    expect(all.total).toBe(lost.count);
    // a lead not lost never counts under a reason, whatever its column holds
    const withoutReason = await get('/leads', { ...mine, lostReason: 'other', limit: '50' });
    expect(withoutReason.items.map((l: { status: string; lostReason: string | null }) => [l.status, l.lostReason ?? 'other'])).toEqual(
      withoutReason.items.map(() => ['lost', 'other']),
    );
    for (const bad of [{ lostReason: 'weather' }, { lostTo: 'x'.repeat(101) }])
      expect((await t.http.get('/api/v1/leads').query(bad).set(auth(leader))).status).toBe(400);
  });

  it('sorts by every declared column both ways, through the keyset pages', async () => {
    // the keys GET /meta declares (the console's sortable column heads)
    const { leadSortKeys } = await get('/meta', {});
    expect(leadSortKeys).toEqual(expect.arrayContaining(['name', 'stage', 'investment', 'keyProjectLevel', 'code', 'nextFollowUpAt']));
    for (const key of leadSortKeys as string[]) {
      for (const sort of [key, `-${key}`]) {
        const paged = await listRows({ teamId: teams.B, sort });
        const once = await get('/leads', { teamId: teams.B, sort, limit: '50' });
        expect(paged).toEqual(once.items.map((l: { id: string }) => l.id));
      }
    }
    const byStage = await get('/leads', { teamId: teams.B, sort: 'stage', limit: '50' });
    const order = ['lead', 'negotiating', 'signed', 'building', 'operating'];
    const ranks = byStage.items.map((l: { stage: string }) => order.indexOf(l.stage));
    expect(ranks).toEqual([...ranks].sort((a: number, b: number) => a - b));
  });

  it('counts within the caller’s scope', async () => {
    const outsider = await t.createUser([Role.Promoter], teams.B);
    const response = await t.http.get('/api/v1/leads/count').query({ teamId: teams.A }).set(auth(outsider));
    expect(response.body).toEqual({ total: 0 });
  });
});
