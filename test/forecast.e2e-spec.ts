import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '../src/modules/users/role.enum';
import { ForecastSnapshots } from '../src/modules/forecast/forecast-snapshots.service';
import { zonedDate } from '../src/common/time/zoned';
import { leadBody } from './support/factories';
import { auth, TestApp, TestUser } from './support/test-app';

interface Past {
  name: string;
  created: string;
  negotiating?: string;
  signed?: string;
  contract?: number;
  lost?: string;
}

/**
 * A constructed 2019 in a team of its own (no other suite writes history that old), with answers worked by hand:
 * five leads enter 洽谈; A and B sign after a month, E after four, C is lost, D is still in 洽谈 on 30 June.
 * 洽谈 → 签约 by Kaplan–Meier: month 1: 2 of 5 → 0.4; D (observed 2 whole months) leaves the risk set; month 4:
 * 1 of 2 → 0.7. D, two months in, signs within the year with chance (0.7 − 0.4) / (1 − 0.4) = 0.5, in August.
 */
const HISTORY: Past[] = [
  { name: 'A', created: '2018-12-01', negotiating: '2019-01-01', signed: '2019-02-15', contract: 100 },
  { name: 'B', created: '2018-12-01', negotiating: '2019-01-01', signed: '2019-02-15', contract: 200 },
  { name: 'C', created: '2018-12-01', negotiating: '2019-01-01', lost: '2019-03-01' },
  { name: 'E', created: '2018-12-01', negotiating: '2019-01-01', signed: '2019-05-20', contract: 300 },
  // D: in 洽谈 on 30 June 2019 (planned 1000); signed on 10 September for 1200
  { name: 'D', created: '2019-04-01', negotiating: '2019-04-15', signed: '2019-09-10', contract: 1200 },
];

describe('ForecastController', () => {
  let t: TestApp;
  let team: string;
  let otherTeam: string;
  let leader: TestUser;
  let promoter: TestUser;
  let commissioner: TestUser;
  let signedThisYear: string;

  const at = (date: string) => `${date}T04:00:00Z`;

  beforeAll(async () => {
    t = await TestApp.start();
    team = await t.createTeam();
    otherTeam = await t.createTeam();
    leader = await t.createUser([Role.Leader]);
    promoter = await t.createUser([Role.Promoter], team);
    commissioner = await t.createUser([Role.Commissioner], team);
    for (const past of HISTORY) {
      const created = await t.http
        .post('/api/v1/leads')
        .set(auth(promoter))
        .send(leadBody({ name: `回测${past.name}`, plannedInvestment: 1000, landAreaMu: null }));
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      const stage = past.signed ? 'signed' : 'negotiating';
      await t.dataSource.query(
        `UPDATE leads SET created_at = $2, stage = $3, status = $4, signed_at = $5, contract_investment = $6, lost_reason = $7 WHERE id = $1`,
        [
          id,
          at(past.created),
          stage,
          past.lost ? 'lost' : 'active',
          past.signed ?? null,
          past.contract ?? null,
          past.lost ? 'market' : null,
        ],
      );
      const moves: Array<[string, string, string, string]> = [['forward', 'lead', 'negotiating', past.negotiating ?? past.created]];
      if (past.signed) moves.push(['forward', 'negotiating', 'signed', past.signed]);
      for (const [kind, from, to, date] of moves)
        await t.dataSource.query(
          `INSERT INTO lead_transitions (lead_id, kind, from_stage, to_stage, from_status, to_status, at) VALUES ($1, $2, $3, $4, 'active', 'active', $5)`,
          [id, kind, from, to, at(date)],
        );
      if (past.lost)
        await t.dataSource.query(
          `INSERT INTO lead_transitions (lead_id, kind, from_stage, to_stage, from_status, to_status, at) VALUES ($1, 'lose', 'negotiating', 'negotiating', 'active', 'lost', $2)`,
          [id, at(past.lost)],
        );
    }
    // one lead of the team signed today: this year's actual
    const today = zonedDate(new Date(), t.config.timezone);
    const lead = await t.http
      .post('/api/v1/leads')
      .set(auth(promoter))
      .send(leadBody({ name: '今年签约', landAreaMu: null }));
    signedThisYear = lead.body.id as string;
    await t.dataSource.query(`UPDATE leads SET stage = 'signed', signed_at = $2, contract_investment = 800 WHERE id = $1`, [
      signedThisYear,
      today,
    ]);
    // a loaded machine takes its time to start the app and write the history
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const get = (path: string, user: TestUser = leader) => t.http.get(`/api/v1/dashboard/forecast${path}`).set(auth(user));

  describe('GET /dashboard/forecast/backtest', () => {
    it('says what the method knew on 30 June 2019 beside what happened, with the error (worked by hand)', async () => {
      const response = await get(`/backtest?asOf=2019-06-30&teamId=${team}`);
      expect(response.status).toBe(200);
      const signings = response.body.metrics.find((m: { key: string }) => m.key === 'signings');
      expect(signings.knownAtAsOf).toBe(3);
      const predicted = signings.months.map((m: { predicted: number | null }) => m.predicted);
      expect(predicted).toEqual([null, null, null, null, null, 3, 3, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5].slice(0, 12));
      const actual = signings.months.map((m: { actual: number | null }) => m.actual);
      expect(actual).toEqual([0, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4]);
      expect(signings.yearEnd).toEqual({ predicted: 3.5, actual: 4, absoluteError: 0.5 });
      expect(signings.meanAbsoluteError).toBe(Math.round((2.5 / 7) * 100) / 100);
      expect(signings.mape).toBe(Math.round(((0.5 / 3 + 4 * (0.5 / 4)) / 7) * 10_000) / 10_000);

      const invested = response.body.metrics.find((m: { key: string }) => m.key === 'investmentSigned');
      // D weighs its planned 1000 on 30 June (its contract's 1200 came later): 600 + 0.5 × 1000
      expect(invested.yearEnd).toEqual({ predicted: 1100, actual: 1800, absoluteError: 700 });
      const arrived = response.body.metrics.find((m: { key: string }) => m.key === 'investmentArrived');
      expect(arrived.yearEnd.predicted).toBe(0);
    });

    it('knows nothing of a team without history', async () => {
      const response = await get(`/backtest?asOf=2019-06-30&teamId=${otherTeam}`);
      expect(response.status).toBe(200);
      for (const metric of response.body.metrics) expect(metric.yearEnd).toEqual({ predicted: 0, actual: 0, absoluteError: 0 });
    });

    it('refuses a missing, malformed or future asOf with 400', async () => {
      expect((await get('/backtest')).status).toBe(400);
      expect((await get('/backtest?asOf=2019-02-30')).status).toBe(400);
      expect((await get('/backtest?asOf=2999-01-01')).status).toBe(400);
    });
  });

  describe('GET /dashboard/forecast', () => {
    it('adds the live leads’ expectation to the year’s actual, month by month, against the targets', async () => {
      await t.app.get(ForecastSnapshots).refresh(true);
      const response = await get(`?teamId=${team}`);
      expect(response.status).toBe(200);
      expect(response.body.basis).toMatchObject({ source: 'snapshot', fresh: true });
      const signings = response.body.metrics.find((m: { key: string }) => m.key === 'signings');
      expect(signings.actualToDate).toBe(1);
      expect(signings.target).toBe(t.config.targets.signings);
      const months = signings.months as Array<{
        month: number;
        actual: number | null;
        expected: number;
        cumulative: number;
        low: number;
        high: number;
      }>;
      const sum = months.reduce((s, m) => s + (m.actual ?? 0) + m.expected, 0);
      expect(signings.yearEnd).toBeCloseTo(sum, 1);
      for (const m of months) expect(m.low).toBeLessThanOrEqual(m.cumulative + 1e-9);
      expect(signings.gap).toBeCloseTo(Math.max(0, signings.target - signings.yearEnd), 1);
      expect(signings.words).toMatch(/按当前转化率|完成/);
      expect(response.body.conversion).toHaveLength(4);
    });

    it('answers the same from the snapshot and computed in the request', async () => {
      await t.app.get(ForecastSnapshots).refresh(true);
      const fromSnapshot = await get(`?teamId=${team}`);
      const computed = await get(`?teamId=${team}&from=2000-01-01`);
      expect(computed.body.basis.source).toBe('computed');
      const yearEnds = (body: { metrics: Array<{ yearEnd: number }> }) => body.metrics.map((m) => m.yearEnd);
      expect(yearEnds(fromSnapshot.body)).toEqual(yearEnds(computed.body));
    });

    it('says when leads changed since the snapshot it serves', async () => {
      await t.app.get(ForecastSnapshots).refresh(true);
      await t.dataSource.query(`UPDATE leads SET expected_jobs = 5 WHERE id = $1`, [signedThisYear]);
      const response = await get(`?teamId=${team}`);
      expect(response.body.basis).toMatchObject({ source: 'snapshot', fresh: false });
    });

    it('filters by team: another team has no actuals', async () => {
      const response = await get(`?teamId=${otherTeam}`);
      expect(response.status).toBe(200);
      for (const metric of response.body.metrics) expect(metric.actualToDate).toBe(0);
    });

    it('refuses a bad year or filter with 400', async () => {
      expect((await get('?year=1999')).status).toBe(400);
      expect((await get('?year=abc')).status).toBe(400);
      expect((await get('?industry=NOPE')).status).toBe(400);
    });

    it('is the leaders’ and admins’: a promoter or commissioner gets 403', async () => {
      expect((await get('', promoter)).status).toBe(403);
      expect((await get('/plan', commissioner)).status).toBe(403);
      expect((await get('/backtest?asOf=2019-06-30', promoter)).status).toBe(403);
    });
  });

  describe('GET /dashboard/forecast/plan', () => {
    it('covers the plan period year by year with the yearly targets', async () => {
      const response = await get(`/plan?teamId=${team}`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ from: t.config.forecast.planPeriod.from, to: t.config.forecast.planPeriod.to });
      const signings = response.body.metrics.find((m: { key: string }) => m.key === 'signings');
      expect(signings.years).toHaveLength(t.config.forecast.planPeriod.to - t.config.forecast.planPeriod.from + 1);
      expect(signings.target).toBe(t.config.targets.signings * signings.years.length);
      expect(typeof signings.words).toBe('string');
    });
  });
});
