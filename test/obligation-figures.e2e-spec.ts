import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { figuresOf } from '../src/modules/obligations/obligation-figures';
import { ObligationFiguresService, OBLIGATION_LEAD_COLUMNS } from '../src/modules/obligations/obligation-figures.service';
import { ObligationScansService } from '../src/modules/obligations/obligation-scans.service';
import { ObligationLead, summarise } from '../src/modules/obligations/obligations.evaluator';
import { ObligationsReader } from '../src/modules/obligations/obligations.reader';
import { Role } from '../src/modules/users/role.enum';
import { agreementBody, districtDay, signedLead } from './support/obligations';
import { auth, TestApp, TestUser } from './support/test-app';

interface Body {
  [key: string]: unknown;
  id: string;
  version: number;
}

/** The row as stored, in the pure figures' terms. */
interface StoredRow {
  stale: boolean;
  evaluatedOn: string | null;
  agreements: number;
  clauses: number;
  decided: number;
  met: number;
  partlyMet: number;
  missed: number;
  pending: number;
  waived: number;
  overdue: number;
  rateSum: number;
  rate: number | null;
  fullyHonoured: boolean;
  clockLevel: string;
  clockCounts: Record<string, number>;
  clocks: unknown[];
  governmentOverdue: unknown[];
  governmentOverdueSince: string | null;
  clockRank: number;
  clockDays: number;
}

describe('obligation_figures: the dashboard’s per-project figures follow every change', () => {
  let t: TestApp;
  let promoter: TestUser;
  let commissioner: TestUser;
  let leader: TestUser;
  let teamId: string;
  let otherTeamId: string;
  const thisYear = Number(districtDay().slice(0, 4));

  const call = async (pending: PromiseLike<{ status: number; body: unknown }>) => {
    const response = await pending;
    return { status: response.status, body: response.body as Body };
  };
  const api = (path: string) => `/api/v1/leads/${path}`;
  const post = (user: TestUser, path: string, body: object) => call(t.http.post(api(path)).set(auth(user)).send(body));
  const patch = (user: TestUser, path: string, body: object) => call(t.http.patch(api(path)).set(auth(user)).send(body));

  const stored = async (leadId: string): Promise<StoredRow> => {
    const [row] = await t.dataSource.query<Array<StoredRow & Record<string, number>>>(
      `SELECT stale, evaluated_on::text AS "evaluatedOn", agreements, clauses, decided, met, partly_met AS "partlyMet", missed, pending,
              waived, overdue, rate_sum AS "rateSum", rate, fully_honoured AS "fullyHonoured", clock_level AS "clockLevel",
              clocks_none AS none, clocks_yellow AS yellow, clocks_red AS red, clocks_critical AS critical, clocks, government_overdue AS "governmentOverdue",
              government_overdue_since::text AS "governmentOverdueSince", clock_rank AS "clockRank", clock_days AS "clockDays"
       FROM obligation_figures WHERE lead_id = $1`,
      [leadId],
    );
    const { none, yellow, red, critical, ...rest } = row;
    return { ...rest, clockCounts: { none, yellow, red, critical } };
  };
  /** What a from-scratch evaluation of the lead gives (the lead page's evaluator, nothing stored). */
  const fromScratch = async (leadId: string) => {
    const leads = await t.dataSource.query<ObligationLead[]>(`SELECT ${OBLIGATION_LEAD_COLUMNS} FROM leads l WHERE l.id = $1`, [leadId]);
    const found = (await t.app.get(ObligationsReader).evaluate(leads)).get(leadId);
    if (!found) throw new Error('not evaluated');
    return JSON.parse(JSON.stringify(figuresOf(found, found.evaluation))) as Omit<StoredRow, 'stale' | 'evaluatedOn'>;
  };
  /** Refreshes as the dashboard does before it sums, and checks the row equals a from-scratch evaluation. */
  const expectCurrent = async (leadId: string) => {
    await t.app.get(ObligationFiguresService).refresh();
    const { stale, evaluatedOn, rateSum, ...row } = await stored(leadId);
    const { rateSum: expectedSum, ...expected } = await fromScratch(leadId);
    expect({ stale, evaluatedOn }).toEqual({ stale: false, evaluatedOn: districtDay() });
    expect(row).toEqual(expected);
    expect(rateSum).toBeCloseTo(expectedSum, 9);
    return row;
  };
  const expectStale = async (leadId: string) => expect((await stored(leadId)).stale).toBe(true);

  beforeAll(async () => {
    t = await TestApp.start();
    const teamA = await t.createTeam();
    const teamB = await t.createTeam();
    teamId = teamA;
    otherTeamId = teamB;
    promoter = await t.createUser([Role.Promoter], teamA);
    commissioner = await t.createUser([Role.Commissioner], teamA);
    leader = await t.createUser([Role.Leader]);
  });

  afterAll(async () => {
    await t.close();
  });

  it('marks the row stale in the writing transaction and recomputes it equal to a from-scratch evaluation after each kind of change', async () => {
    const lead = await signedLead(t, promoter, { commissionerId: commissioner.id });
    const agreement = (await post(commissioner, `${lead.id}/agreements`, agreementBody({ landStartDate: districtDay(-400) }))).body;
    await expectStale(lead.id);
    expect(await expectCurrent(lead.id)).toMatchObject({ agreements: 1, clauses: 0, clockLevel: 'red' });

    // a government clause past due: overdue, listed
    const land = (
      await post(commissioner, `${lead.id}/agreements/${agreement.id}/clauses`, {
        party: 'government',
        kind: 'land_delivery',
        title: '交付净地',
        department: '区自然资源局',
        dueDate: districtDay(-10),
      })
    ).body;
    const invest = (
      await post(commissioner, `${lead.id}/agreements/${agreement.id}/clauses`, {
        party: 'investor',
        kind: 'investment_arrived',
        title: '到位投资不低于1亿元',
        threshold: 10000,
        unit: '万元',
        dueDate: `${thisYear}-12-31`,
      })
    ).body;
    await expectStale(lead.id);
    expect(await expectCurrent(lead.id)).toMatchObject({ clauses: 2, overdue: 1, governmentOverdue: [{ id: land.id, state: 'missed' }] });

    // clause status
    const met = await patch(commissioner, `${lead.id}/agreements/${agreement.id}/clauses/${land.id}`, {
      version: land.version,
      status: 'met',
      reason: '已交地',
    });
    expect(met.status).toBe(200);
    await expectStale(lead.id);
    expect(await expectCurrent(lead.id)).toMatchObject({ met: 1, overdue: 0, governmentOverdue: [], rate: 1 });

    // reported actuals: the investor's clause met by the figures
    expect((await post(commissioner, `${lead.id}/actuals`, { period: `${thisYear}`, investmentArrived: 12000 })).status).toBe(201);
    await expectStale(lead.id);
    expect(await expectCurrent(lead.id)).toMatchObject({ met: 2, decided: 2, fullyHonoured: true });
    expect(invest.id).toBeDefined();

    // the lead's own dates and land (edited through the API)
    const current = await call(t.http.get(api(lead.id)).set(auth(promoter)));
    const edited = await patch(promoter, lead.id, { version: current.body.version, landAreaMu: 37 });
    expect(edited.status).toBe(200);
    await expectStale(lead.id);
    await expectCurrent(lead.id);
    await t.dataSource.query(`UPDATE leads SET construction_started_at = current_date - 5 WHERE id = $1`, [lead.id]);
    await expectStale(lead.id);
    expect(await expectCurrent(lead.id)).toMatchObject({ clockLevel: 'none' });
  });

  it('is recomputed by the daily scan once the calendar has moved on, equal to a from-scratch evaluation', async () => {
    const lead = await signedLead(t, promoter, { commissionerId: commissioner.id });
    await post(commissioner, `${lead.id}/agreements`, agreementBody({ landStartDate: districtDay(-366) }));
    await expectCurrent(lead.id);
    // as if computed yesterday, when the clock was a day younger: yellow, not red
    await t.dataSource.query(
      `UPDATE obligation_figures SET evaluated_on = $2, clock_level = 'yellow', clocks_red = 0, clocks_yellow = 1 WHERE lead_id = $1`,
      [lead.id, districtDay(-1)],
    );
    await t.app.get(ObligationScansService).run();
    const { stale, evaluatedOn } = await stored(lead.id);
    expect({ stale, evaluatedOn }).toEqual({ stale: false, evaluatedOn: districtDay() });
    expect(await expectCurrent(lead.id)).toMatchObject({ clockLevel: 'red', clockCounts: { none: 0, yellow: 0, red: 1, critical: 0 } });
  });

  it('sums the rows in the dashboard equal to a from-scratch evaluation, following a lead moved to another team', async () => {
    const lead = await signedLead(t, promoter, { commissionerId: commissioner.id });
    const agreement = (await post(commissioner, `${lead.id}/agreements`, agreementBody())).body;
    await post(commissioner, `${lead.id}/agreements/${agreement.id}/clauses`, {
      party: 'government',
      kind: 'land_delivery',
      title: '交付净地',
      dueDate: districtDay(-3),
    });
    const dashboard = async (team: string) =>
      (await t.http.get('/api/v1/dashboard/obligations').set(auth(leader)).query({ teamId: team })).body as {
        projects: number;
        fulfilment: Record<string, unknown>;
        governmentOverdueTotal: number;
        governmentOverdue: Array<{ leadId: string }>;
      };
    const teamLeads = async (team: string) =>
      (
        await t.dataSource.query<Array<{ id: string }>>(
          `SELECT l.id FROM leads l WHERE l.team_id = $1 AND l.deleted_at IS NULL AND l.status <> 'lost'
             AND EXISTS (SELECT 1 FROM agreements a WHERE a.lead_id = l.id)`,
          [team],
        )
      ).map((r) => r.id);
    const expected = async (team: string) => {
      const ids = await teamLeads(team);
      const leads = await t.dataSource.query<ObligationLead[]>(`SELECT ${OBLIGATION_LEAD_COLUMNS} FROM leads l WHERE l.id = ANY($1)`, [
        ids,
      ]);
      const evaluated = [...(await t.app.get(ObligationsReader).evaluate(leads)).values()];
      return {
        projects: ids.length,
        fulfilment: summarise(evaluated.flatMap((e) => [...e.evaluation.states.values()])),
        governmentOverdueTotal: evaluated.reduce((n, e) => n + figuresOf(e, e.evaluation).governmentOverdue.length, 0),
      };
    };
    const before = await dashboard(teamId);
    expect(before).toMatchObject(await expected(teamId));
    expect(before.governmentOverdue.map((o) => o.leadId)).toContain(lead.id);

    // the team is read from the lead at query time: moving the lead moves its figures at once
    await t.dataSource.query(`UPDATE leads SET team_id = $2 WHERE id = $1`, [lead.id, otherTeamId]);
    const after = await dashboard(teamId);
    expect(after).toMatchObject(await expected(teamId));
    expect(after.projects).toBe(before.projects - 1);
    const there = await dashboard(otherTeamId);
    expect(there).toMatchObject({ ...(await expected(otherTeamId)), projects: 1, governmentOverdueTotal: 1 });
  });
});
