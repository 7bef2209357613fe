import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '../src/modules/users/role.enum';
import { agreementBody, districtDay, signedLead } from './support/obligations';
import { auth, TestApp, TestUser } from './support/test-app';
import { afterQueueStoreLoss, expectDeliveredOnce, FAST_REMINDERS, restarted, runScans } from './support/reminders';

interface NotificationRow {
  user_id: string;
  year: string | null;
  body: string;
}

interface ReminderRow {
  kind: string;
  year: string | null;
  status: string;
  due_at: Date;
}

describe('yearly-check clauses (每年考核) reminded through the engine', () => {
  let t: TestApp;
  let owner: TestUser;
  let commissioner: TestUser;
  let leader: TestUser;
  let admin: TestUser;
  const thisYear = Number(districtDay().slice(0, 4));
  const lastYear = thisYear - 1;

  const notifications = (leadId: string, kind: string) =>
    t.dataSource.query<NotificationRow[]>(
      `SELECT n.user_id, r.data->>'year' AS year, n.body FROM notifications n JOIN reminders r ON r.id = n.reminder_id
       WHERE n.lead_id = $1 AND n.kind = $2 ORDER BY n.created_at, n.user_id`,
      [leadId, kind],
    );
  const reminders = (app: TestApp, leadId: string) =>
    app.dataSource.query<ReminderRow[]>(
      `SELECT kind, data->>'year' AS year, status, due_at FROM reminders WHERE lead_id = $1 AND kind LIKE 'clause%' ORDER BY data->>'year', kind`,
      [leadId],
    );
  const deliveredOnce = (leadId: string, kind: string, users: TestUser[]) =>
    expectDeliveredOnce(t, () => notifications(leadId, kind), users, leader);
  const post = async (app: TestApp, path: string, body: object) => {
    const response = await app.http.post(`/api/v1/leads/${path}`).set(auth(commissioner)).send(body);
    if (![200, 201].includes(response.status)) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { id: string; version: number };
  };
  /** A signed lead with an agreement and an annual-tax clause checked each year from `yearlyFrom` (2000 万元 a year). */
  const yearlyClause = async (app: TestApp, yearlyFrom: number, before?: (leadId: string) => Promise<void>) => {
    const lead = await signedLead(app, owner, { commissionerId: commissioner.id });
    const agreement = await post(app, `${lead.id}/agreements`, agreementBody());
    if (before) await before(lead.id);
    const clause = await post(app, `${lead.id}/agreements/${agreement.id}/clauses`, {
      party: 'investor',
      kind: 'annual_tax',
      title: '达产后年纳税不低于2000万元',
      threshold: 2000,
      unit: '万元',
      yearlyFrom,
    });
    return { lead, clause };
  };

  beforeAll(async () => {
    t = await TestApp.start(FAST_REMINDERS);
    const team = await t.createTeam();
    owner = await t.createUser([Role.Promoter], team);
    commissioner = await t.createUser([Role.Commissioner], team);
    leader = await t.createUser([Role.Leader]);
    admin = await t.createUser([Role.Admin]);
  });

  afterAll(async () => {
    await t.close();
  });

  it('reminds last year’s unreported check once, then escalates it; keeps this year’s for its check day, 09:00 district time', async () => {
    const { lead } = await yearlyClause(t, lastYear);
    const due = await deliveredOnce(lead.id, 'clause_due', [commissioner]);
    expect(due.map((n) => n.year)).toEqual([String(lastYear)]);
    expect(due[0].body).toContain(`（${lastYear} 年度考核）于 ${lastYear}/12/31 09:00 到期`);
    const overdue = await deliveredOnce(lead.id, 'clause_overdue', [commissioner, leader]);
    expect(new Set(overdue.map((n) => n.year))).toEqual(new Set([String(lastYear)]));
    const rows = await reminders(t, lead.id);
    // the check day's 09:00 in Asia/Shanghai is 01:00 UTC
    expect(rows.filter((r) => r.year === String(thisYear))).toEqual([
      { kind: 'clause_due', year: String(thisYear), status: 'pending', due_at: new Date(`${thisYear}-12-31T01:00:00Z`) },
      { kind: 'clause_overdue', year: String(thisYear), status: 'pending', due_at: new Date(`${thisYear}-12-31T01:00:02Z`) },
    ]);
  });

  it('does not remind a year the reported figures meet, escalates a year they fall short, and follows a report either way', async () => {
    const met = await yearlyClause(t, lastYear, async (leadId) => {
      await post(t, `${leadId}/actuals`, { period: String(lastYear), tax: 2500 });
    });
    expect((await reminders(t, met.lead.id)).map((r) => r.year)).toEqual([String(thisYear), String(thisYear)]);

    const short = await yearlyClause(t, lastYear, async (leadId) => {
      await post(t, `${leadId}/actuals`, { period: String(lastYear), tax: 1200 });
    });
    await deliveredOnce(short.lead.id, 'clause_overdue', [commissioner, leader]);

    // this year met by a report: its pending reminders are cancelled; the report corrected below: back again
    const current = await yearlyClause(t, thisYear);
    const reported = await post(t, `${current.lead.id}/actuals`, { period: String(thisYear), tax: 2600 });
    expect((await reminders(t, current.lead.id)).map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    await post(t, `${current.lead.id}/actuals`, { period: String(thisYear), version: reported.version, tax: 1500 });
    expect((await reminders(t, current.lead.id)).map((r) => r.status)).toEqual(['pending', 'pending']);
  });

  it('records each year once however often the daily scan runs, and records a year not yet recorded (a new year)', async () => {
    const { lead, clause } = await yearlyClause(t, thisYear);
    // as on the first day of a year: the running year's reminders are not recorded yet
    await t.dataSource.query(`DELETE FROM reminders WHERE data->>'clauseId' = $1`, [clause.id]);
    await runScans(t, admin);
    await runScans(t, admin);
    const counts = await t.dataSource.query<Array<{ kind: string; year: string; n: number }>>(
      `SELECT kind, data->>'year' AS year, count(*)::int AS n FROM reminders WHERE data->>'clauseId' = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [clause.id],
    );
    expect(counts).toEqual([
      { kind: 'clause_due', year: String(thisYear), n: 1 },
      { kind: 'clause_overdue', year: String(thisYear), n: 1 },
    ]);
    expect(await notifications(lead.id, 'clause_due')).toHaveLength(0);
  });

  it('delivers a yearly check recorded while the worker was away once, after a FLUSHDB of the queue store and a restart', async () => {
    const { app, recorded: leadId } = await afterQueueStoreLoss(t, FAST_REMINDERS, async (api) => {
      const { lead } = await yearlyClause(api, lastYear);
      await runScans(api, admin);
      return lead.id;
    });
    t = app;
    const counts = {
      due: (await deliveredOnce(leadId, 'clause_due', [commissioner])).length,
      overdue: (await deliveredOnce(leadId, 'clause_overdue', [commissioner, leader])).length,
    };
    t = await restarted(t, FAST_REMINDERS);
    expect({
      due: (await notifications(leadId, 'clause_due')).length,
      overdue: (await notifications(leadId, 'clause_overdue')).length,
    }).toEqual(counts);
  });
});
