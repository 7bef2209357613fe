import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_LEADS } from '../src/demo/demo-data';
import { seedDemoData } from '../src/demo/demo-seeder';
import { Role } from '../src/modules/users/role.enum';
import { auth, TestApp, TestUser } from './support/test-app';

describe('demo data: 履约监管', () => {
  let t: TestApp;
  let leader: TestUser;

  beforeAll(async () => {
    // the demo's figures are asserted exactly: other suites' leads (a chain node's projects…) stay out of them
    t = await TestApp.startOnOwnDatabase('demo');
    await seedDemoData(t.app);
    leader = await t.createUser([Role.Leader]);
  }, 180_000);

  afterAll(async () => {
    await t.close();
  });

  it('puts two chains to work: their teams, a 链主, strong, weak and gap nodes with targets', async () => {
    const response = await t.http.get('/api/v1/chains/IT01').set(auth(leader));
    expect(response.status).toBe(200);
    const body = response.body as {
      team: { name: string } | null;
      nodes: Array<{
        code: string;
        mark: string;
        enterprises: Array<{ chainLeader: boolean; lastVisitedOn: string | null }>;
        targets: unknown[];
        projectCount: number;
      }>;
    };
    expect(body.team?.name).toBe('产业链招商一组（新一代信息技术）');
    const byCode = new Map(body.nodes.map((n) => [n.code, n]));
    // 封装测试 holds two local firms, one of them the 链主; 晶圆制造 the demo's building project; 衬底 nothing but a target
    expect(byCode.get('IT01-M2')).toMatchObject({ mark: 'strong' });
    // the 链主 was visited (安商) twice, the latest in November
    expect(byCode.get('IT01-M2')?.enterprises.find((e) => e.chainLeader)?.lastVisitedOn).toBe('2026-11-06');
    expect(byCode.get('IT01-M1')).toMatchObject({ mark: 'weak', projectCount: 1 });
    expect(byCode.get('IT01-U1')).toMatchObject({ mark: 'gap' });
    expect(byCode.get('IT01-U1')?.targets).toHaveLength(1);
  });

  it('gives the signed, building and operating projects agreements with met, late and pending clauses, a red clock, an overdue government obligation and a year of actuals', async () => {
    const response = await t.http.get('/api/v1/dashboard/obligations').set(auth(leader));
    expect(response.status).toBe(200);
    const body = response.body as {
      projects: number;
      fulfilment: { met: number; partlyMet: number; missed: number; pending: number; rate: number | null };
      clocks: { counts: Record<string, number>; items: Array<{ clock: { level: string } }> };
      governmentOverdue: unknown[];
    };
    // other suites of the same run add projects of their own, some in the demo's teams (the contract client flow signs
    // leads as the demo's promoter): the demo's projects are those of its ledger, by name and company
    const demo = `SELECT l.id FROM leads l WHERE l.deleted_at IS NULL AND (l.name, l.company_name) IN (SELECT * FROM unnest($1::text[], $2::text[]))`;
    const demoLedger = [DEMO_LEADS.map((d) => d.name), DEMO_LEADS.map((d) => d.companyName)];
    const [{ n: withoutAgreement }] = await t.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM leads WHERE id IN (${demo}) AND stage IN ('signed', 'building', 'operating') AND status <> 'lost'
         AND NOT EXISTS (SELECT 1 FROM agreements a WHERE a.lead_id = leads.id)`,
      demoLedger,
    );
    expect(withoutAgreement).toBe(0);
    expect(body.projects).toBeGreaterThanOrEqual(10);
    expect(body.fulfilment.met).toBeGreaterThan(0);
    expect(body.fulfilment.partlyMet + body.fulfilment.missed).toBeGreaterThan(0);
    expect(body.fulfilment.pending).toBeGreaterThan(0);
    expect(body.clocks.counts.red).toBeGreaterThanOrEqual(1);
    expect(body.governmentOverdue.length).toBeGreaterThanOrEqual(1);
    const [{ n: quarters }] = await t.dataSource.query<Array<{ n: number }>>(
      `SELECT count(DISTINCT period)::int AS n FROM reported_actuals WHERE lead_id IN (${demo})`,
      demoLedger,
    );
    expect(quarters).toBe(4);
    const events = await t.dataSource.query<Array<{ kind: string }>>(
      `SELECT DISTINCT kind FROM lead_events WHERE kind IN ('agreement_created', 'clause_created', 'clause_status_changed', 'actuals_reported') ORDER BY kind`,
    );
    expect(events.map((e) => e.kind)).toEqual(['actuals_reported', 'agreement_created', 'clause_created', 'clause_status_changed']);
  });
});
