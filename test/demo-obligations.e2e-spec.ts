import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedDemoData } from '../src/demo/demo-seeder';
import { Role } from '../src/modules/users/role.enum';
import { auth, TestApp, TestUser } from './support/test-app';

describe('demo data: 履约监管', () => {
  let t: TestApp;
  let leader: TestUser;

  beforeAll(async () => {
    t = await TestApp.start();
    await seedDemoData(t.app);
    leader = await t.createUser([Role.Leader]);
  }, 180_000);

  afterAll(async () => {
    await t.close();
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
    const [{ n: signed }] = await t.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM leads WHERE stage IN ('signed', 'building', 'operating') AND status <> 'lost' AND deleted_at IS NULL`,
    );
    expect(body.projects).toBe(signed);
    expect(body.fulfilment.met).toBeGreaterThan(0);
    expect(body.fulfilment.partlyMet + body.fulfilment.missed).toBeGreaterThan(0);
    expect(body.fulfilment.pending).toBeGreaterThan(0);
    expect(body.clocks.counts.red).toBeGreaterThanOrEqual(1);
    expect(body.governmentOverdue.length).toBeGreaterThanOrEqual(1);
    const [{ n: quarters }] = await t.dataSource.query<Array<{ n: number }>>(
      `SELECT count(DISTINCT period)::int AS n FROM reported_actuals`,
    );
    expect(quarters).toBe(4);
    const events = await t.dataSource.query<Array<{ kind: string }>>(
      `SELECT DISTINCT kind FROM lead_events WHERE kind IN ('agreement_created', 'clause_created', 'clause_status_changed', 'actuals_reported') ORDER BY kind`,
    );
    expect(events.map((e) => e.kind)).toEqual(['actuals_reported', 'agreement_created', 'clause_created', 'clause_status_changed']);
  });
});
