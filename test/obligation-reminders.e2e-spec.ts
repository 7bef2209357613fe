import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '../src/modules/users/role.enum';
import { agreementBody, districtDay, signedLead } from './support/obligations';
import { afterQueueStoreLoss, expectDeliveredOnce, FAST_REMINDERS, restarted, runScans } from './support/reminders';
import { auth, TestApp, TestUser } from './support/test-app';

// Idle-land clocks run from the agreements' land contract dates, so that the leads are not left stalled (签约未开工)
// for the warnings other suites of the same run count.
import { sleep, waitFor } from './support/wait';

interface NotificationRow {
  user_id: string;
  reminder_id: string;
  title: string;
  body: string;
}

describe('履约监管 reminders through the engine', () => {
  let t: TestApp;
  let owner: TestUser;
  let commissioner: TestUser;
  let responsible: TestUser;
  let leader: TestUser;
  let admin: TestUser;

  const notifications = (leadId: string, kind: string) =>
    t.dataSource.query<NotificationRow[]>(
      `SELECT user_id, reminder_id, title, body FROM notifications WHERE lead_id = $1 AND kind = $2 ORDER BY created_at, user_id`,
      [leadId, kind],
    );
  const deliveredOnce = (leadId: string, kind: string, users: TestUser[]) =>
    expectDeliveredOnce(t, () => notifications(leadId, kind), users, leader);
  const agreementFor = async (app: TestApp, leadId: string, overrides: Record<string, unknown> = {}) => {
    const created = await app.http.post(`/api/v1/leads/${leadId}/agreements`).set(auth(commissioner)).send(agreementBody(overrides));
    expect(created.status).toBe(201);
    return created.body as { id: string };
  };
  const clauseFor = async (app: TestApp, leadId: string, agreementId: string, overrides: Record<string, unknown>) => {
    const created = await app.http
      .post(`/api/v1/leads/${leadId}/agreements/${agreementId}/clauses`)
      .set(auth(commissioner))
      .send({ party: 'investor', kind: 'completion', title: '主体工程竣工', dueDate: districtDay(-1), ...overrides });
    expect(created.status).toBe(201);
    return created.body as { id: string; version: number };
  };

  beforeAll(async () => {
    t = await TestApp.start(FAST_REMINDERS);
    const team = await t.createTeam();
    owner = await t.createUser([Role.Promoter], team);
    commissioner = await t.createUser([Role.Commissioner], team);
    responsible = await t.createUser([Role.Commissioner]);
    leader = await t.createUser([Role.Leader]);
    admin = await t.createUser([Role.Admin]);
  });

  afterAll(async () => {
    await t.close();
  });

  it('reminds a government clause’s responsible person and the leaders when due, and again when overdue, each once', async () => {
    const lead = await signedLead(t, owner, { commissionerId: commissioner.id });
    const agreement = await agreementFor(t, lead.id);
    await clauseFor(t, lead.id, agreement.id, {
      party: 'government',
      kind: 'utilities',
      title: '项目红线外水电气管网接通',
      department: '区住建局',
      responsibleId: responsible.id,
    });
    const due = await deliveredOnce(lead.id, 'clause_due', [responsible, leader]);
    expect(due[0].title).toBe('履约条款到期：项目红线外水电气管网接通');
    expect(due[0].body).toContain(lead.code);
    const overdue = await deliveredOnce(lead.id, 'clause_overdue', [responsible, leader]);
    const toLeader = overdue.find((n) => n.user_id === leader.id);
    expect(toLeader?.body).toContain('督促');
    expect(overdue.find((n) => n.user_id === responsible.id)?.body).not.toContain('督促');
  });

  it('reminds the commissioner of an investor clause and escalates it to the leaders; a decided clause is not reminded', async () => {
    const lead = await signedLead(t, owner, { commissionerId: commissioner.id });
    const agreement = await agreementFor(t, lead.id);
    await clauseFor(t, lead.id, agreement.id, {});
    await deliveredOnce(lead.id, 'clause_due', [commissioner]);
    await deliveredOnce(lead.id, 'clause_overdue', [commissioner, leader]);

    const other = await signedLead(t, owner, { commissionerId: commissioner.id });
    const otherAgreement = await agreementFor(t, other.id);
    // due tomorrow: decided before it falls due, its reminders are cancelled
    const clause = await clauseFor(t, other.id, otherAgreement.id, { dueDate: districtDay(1) });
    const decided = await t.http
      .patch(`/api/v1/leads/${other.id}/agreements/${otherAgreement.id}/clauses/${clause.id}`)
      .set(auth(commissioner))
      .send({ version: clause.version, status: 'met', reason: '已竣工验收' });
    expect(decided.status).toBe(200);
    const statuses = await t.dataSource.query<Array<{ status: string }>>(`SELECT status FROM reminders WHERE data->>'clauseId' = $1`, [
      clause.id,
    ]);
    expect(statuses.map((s) => s.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('raises a red idle-land warning to owner, commissioner and leaders, and asks for the last quarter’s actuals, each once however often the scan runs', async () => {
    const lead = await signedLead(t, owner, { commissionerId: commissioner.id });
    await agreementFor(t, lead.id, { signedOn: districtDay(-420), landStartDate: districtDay(-400) });
    const first = await runScans(t, admin);
    expect(first.scans.obligations).toBeGreaterThanOrEqual(2);
    await runScans(t, admin);
    const red = await deliveredOnce(lead.id, 'idle_land_red', [owner, commissioner, leader]);
    expect(red[0].title).toContain('闲置土地红色预警');
    expect(red[0].body).toContain('未动工已 400 天');
    await deliveredOnce(lead.id, 'actuals_due', [commissioner]);
    await runScans(t, admin);
    await sleep(1500);
    expect(await notifications(lead.id, 'idle_land_red')).toHaveLength(red.length);
    expect(await notifications(lead.id, 'actuals_due')).toHaveLength(1);
    // the yellow level was passed, not reached: no yellow warning for a clock found red
    expect(await notifications(lead.id, 'idle_land_yellow')).toHaveLength(0);
  });

  it('skips an idle-land warning whose land started before delivery, and an actuals_due reported before delivery', async () => {
    const api = await TestApp.start({ ...FAST_REMINDERS, APP_ROLE: 'api' });
    await t.close();
    try {
      const lead = await signedLead(api, owner, { commissionerId: commissioner.id });
      await agreementFor(api, lead.id, { signedOn: districtDay(-820), landStartDate: districtDay(-800) });
      await runScans(api, admin);
      await api.dataSource.query(`UPDATE leads SET stage = 'building', construction_started_at = current_date WHERE id = $1`, [lead.id]);
      const lastQuarter = await api.dataSource.query<Array<{ period: string }>>(
        `SELECT data->>'period' AS period FROM reminders WHERE lead_id = $1 AND kind = 'actuals_due'`,
        [lead.id],
      );
      const reported = await api.http
        .post(`/api/v1/leads/${lead.id}/actuals`)
        .set(auth(commissioner))
        .send({ period: lastQuarter[0].period, tax: 10 });
      expect(reported.status).toBe(201);
      t = await TestApp.start(FAST_REMINDERS);
      await waitFor(
        () =>
          t.dataSource.query<Array<{ status: string }>>(`SELECT status FROM reminders WHERE lead_id = $1 AND status = 'pending'`, [
            lead.id,
          ]),
        (rows) => rows.length === 0,
        15_000,
      );
      const kinds = await t.dataSource.query<Array<{ kind: string; status: string }>>(
        `SELECT kind, status FROM reminders WHERE lead_id = $1 AND kind IN ('actuals_due', 'idle_land_critical') ORDER BY kind`,
        [lead.id],
      );
      expect(kinds).toEqual([
        { kind: 'actuals_due', status: 'skipped' },
        { kind: 'idle_land_critical', status: 'skipped' },
      ]);
      expect(await notifications(lead.id, 'idle_land_critical')).toHaveLength(0);
    } finally {
      await api.close();
    }
  });

  it('delivers every new kind recorded while the worker was away once, after a FLUSHDB of the queue store and a restart', async () => {
    const { app, recorded: leadIds } = await afterQueueStoreLoss(t, FAST_REMINDERS, async (api) => {
      const clauseLead = await signedLead(api, owner, { commissionerId: commissioner.id });
      const agreement = await agreementFor(api, clauseLead.id);
      await clauseFor(api, clauseLead.id, agreement.id, {});
      const idle = async (daysAgo: number) => {
        const lead = await signedLead(api, owner, { commissionerId: commissioner.id });
        await agreementFor(api, lead.id, { signedOn: districtDay(-daysAgo - 20), landStartDate: districtDay(-daysAgo) });
        return lead.id;
      };
      const ids = { clause: clauseLead.id, idle: await idle(380), yellow: await idle(300), critical: await idle(760) };
      await runScans(api, admin);
      return ids;
    });
    t = app;
    const counts = {
      due: (await deliveredOnce(leadIds.clause, 'clause_due', [commissioner])).length,
      overdue: (await deliveredOnce(leadIds.clause, 'clause_overdue', [commissioner, leader])).length,
      red: (await deliveredOnce(leadIds.idle, 'idle_land_red', [owner, commissioner, leader])).length,
      yellow: (await deliveredOnce(leadIds.yellow, 'idle_land_yellow', [owner, commissioner])).length,
      critical: (await deliveredOnce(leadIds.critical, 'idle_land_critical', [owner, commissioner, leader])).length,
      actuals: (await deliveredOnce(leadIds.idle, 'actuals_due', [commissioner])).length,
    };
    // and a second restart delivers nothing again
    t = await restarted(t, FAST_REMINDERS);
    expect({
      due: (await notifications(leadIds.clause, 'clause_due')).length,
      overdue: (await notifications(leadIds.clause, 'clause_overdue')).length,
      red: (await notifications(leadIds.idle, 'idle_land_red')).length,
      yellow: (await notifications(leadIds.yellow, 'idle_land_yellow')).length,
      critical: (await notifications(leadIds.critical, 'idle_land_critical')).length,
      actuals: (await notifications(leadIds.idle, 'actuals_due')).length,
    }).toEqual(counts);
  });
});
