import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { reminderJob } from '../src/common/queue/queue.constants';
import { QueueService } from '../src/common/queue/queue.service';
import { DELIVERY_BATCH, DeliveryOutcome, ReminderDeliveryService } from '../src/modules/reminders/reminder-delivery.service';
import { Role } from '../src/modules/users/role.enum';
import { leadBody } from './support/factories';
import { FAST_REMINDERS } from './support/reminders';
import { auth, TestApp, TestUser } from './support/test-app';
import { sleep, waitFor } from './support/wait';

interface Note {
  reminder_id: string;
  user_id: string;
  title: string;
  body: string;
}

/** A reminder to record directly (as the scheduler would), due `ageMs` ago. */
interface Planned {
  kind: string;
  leadId: string;
  recipientId?: string | null;
  level?: string | null;
  data?: Record<string, unknown>;
  /** Default: due long ago. */
  dueAt?: Date;
}

/**
 * Batched delivery (a burst due at one instant, as at the 08:30 digest): a delivery takes its own reminder and other
 * due ones in one transaction. Against the real PostgreSQL, through ReminderDeliveryService, and through BullMQ.
 */
describe('ReminderDeliveryService batches', () => {
  let api: TestApp;
  let other: TestApp;
  let team: string;
  let owner: TestUser;
  let commissioner: TestUser;
  let teamLeader: TestUser;
  let leader: TestUser;
  const trigger = `zscrm_test_fail_${randomUUID().slice(0, 8)}`;
  const poison = `${trigger}_ids`;

  // far in the past: ahead of any other pending reminder in the shared test database when a batch orders by due time
  let nextDue = Date.UTC(2001, 0, 1);
  const record = async (app: TestApp, planned: Planned[]): Promise<string[]> => {
    const rows = await app.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO reminders (kind, dedupe_key, lead_id, recipient_id, level, due_at, data)
       SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::timestamptz[], $7::jsonb[])
       RETURNING id`,
      [
        planned.map((p) => p.kind),
        planned.map(() => `test-batch-${randomUUID()}`),
        planned.map((p) => p.leadId),
        planned.map((p) => p.recipientId ?? null),
        planned.map((p) => p.level ?? null),
        planned.map((p) => (p.dueAt ?? new Date((nextDue += 1000))).toISOString()),
        planned.map((p) => JSON.stringify(p.data ?? {})),
      ],
    );
    return rows.map((r) => r.id);
  };
  const notes = (ids: string[]): Promise<Note[]> =>
    api.dataSource.query(
      `SELECT reminder_id, user_id, title, body FROM notifications WHERE reminder_id = ANY($1::uuid[]) ORDER BY reminder_id, user_id`,
      [ids],
    );
  const statuses = async (ids: string[]): Promise<Record<string, string>> =>
    Object.fromEntries(
      (
        await api.dataSource.query<Array<{ id: string; status: string }>>(`SELECT id, status FROM reminders WHERE id = ANY($1::uuid[])`, [
          ids,
        ])
      ).map((r) => [r.id, r.status]),
    );
  /** Per reminder, how many notifications each of its readers got. */
  const perReader = (rows: Note[]) => {
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(`${row.reminder_id}|${row.user_id}`, (counts.get(`${row.reminder_id}|${row.user_id}`) ?? 0) + 1);
    return counts;
  };
  const createLead = async (): Promise<string> => {
    const response = await api.http.post('/api/v1/leads').set(auth(owner)).send(leadBody());
    expect(response.status).toBe(201);
    return (response.body as { id: string }).id;
  };
  const assignedTo = (leadId: string, user: TestUser): Planned => ({ kind: 'assigned', leadId, recipientId: user.id });
  const delivery = (app: TestApp) => app.app.get(ReminderDeliveryService);

  beforeAll(async () => {
    // no worker: the test calls the delivery itself, as a job would
    api = await TestApp.start({ ...FAST_REMINDERS, APP_ROLE: 'api' });
    other = await TestApp.start({ ...FAST_REMINDERS, APP_ROLE: 'api' });
    team = await api.createTeam();
    owner = await api.createUser([Role.Promoter], team);
    commissioner = await api.createUser([Role.Commissioner], team, true, { login: false });
    teamLeader = await api.createUser([Role.Promoter], team, true, { login: false });
    leader = await api.createUser([Role.Leader], null, true, { login: false });
    await api.dataSource.query('UPDATE teams SET leader_id = $1 WHERE id = $2', [teamLeader.id, team]);
    // a fault in the middle of a batch: marking a listed reminder sent fails, after the batch's notifications were written
    await api.dataSource.query(`CREATE TABLE ${poison} (id uuid PRIMARY KEY)`);
    await api.dataSource.query(
      `CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.status = 'sent' AND EXISTS (SELECT 1 FROM ${poison} WHERE id = NEW.id) THEN RAISE EXCEPTION 'injected fault'; END IF;
         RETURN NEW;
       END $$`,
    );
    await api.dataSource.query(`CREATE TRIGGER ${trigger} BEFORE UPDATE ON reminders FOR EACH ROW EXECUTE FUNCTION ${trigger}()`);
  });

  afterEach(async () => {
    // a failed test must not leave its fault to the next one
    await api.dataSource.query(`DELETE FROM ${poison}`);
  });

  afterAll(async () => {
    await api.dataSource.query(`DROP TRIGGER IF EXISTS ${trigger} ON reminders`);
    await api.dataSource.query(`DROP FUNCTION IF EXISTS ${trigger}()`);
    await api.dataSource.query(`DROP TABLE IF EXISTS ${poison}`);
    await other.close();
    await api.close();
  });

  it('delivers a burst of due reminders in one transaction, each exactly once, and the other reminders’ jobs then do nothing', async () => {
    const leads = await Promise.all(Array.from({ length: 4 }, () => createLead()));
    const ids = await record(
      api,
      Array.from({ length: 120 }, (_, i) => assignedTo(leads[i % leads.length], i % 2 ? commissioner : owner)),
    );

    const [notYet] = await record(api, [{ ...assignedTo(leads[0], owner), dueAt: new Date(Date.now() + 3_600_000) }]);

    const first = await delivery(api).deliver(ids[0]);
    expect(first).toMatchObject({ outcome: 'sent', batch: expect.any(Number) });
    expect((first as { batch: number }).batch).toBeGreaterThanOrEqual(ids.length);
    expect(Object.values(await statuses(ids)).every((s) => s === 'sent')).toBe(true);

    // every other reminder's job still runs, and finds it delivered
    const rest = await Promise.all(ids.slice(1).map((id) => delivery(api).deliver(id)));
    expect(rest.every((r) => r.outcome === 'not_pending')).toBe(true);
    const rows = await notes(ids);
    expect(rows).toHaveLength(ids.length);
    expect(new Set(rows.map((r) => r.reminder_id)).size).toBe(ids.length);
    expect(rows.filter((r) => r.reminder_id === ids[1]).map((r) => r.user_id)).toEqual([commissioner.id]);
    // a batch takes only reminders already due; this one's job comes in an hour
    expect(await statuses([notYet])).toEqual({ [notYet]: 'pending' });
    expect(await delivery(api).deliver(notYet)).toMatchObject({ outcome: 'not_due' });
    await api.dataSource.query(`UPDATE reminders SET status = 'cancelled' WHERE id = $1`, [notYet]);

    // due since, their own jobs not run yet (a backlog): the next job, with nothing of its own to deliver, sweeps them
    const later = await record(api, [assignedTo(leads[1], owner), assignedTo(leads[2], commissioner)]);
    const swept = await delivery(api).deliver(ids[0]);
    expect(swept).toMatchObject({ outcome: 'not_pending', swept: expect.any(Number) });
    expect((swept as { swept: number }).swept).toBeGreaterThanOrEqual(later.length);
    expect(await statuses(later)).toEqual({ [later[0]]: 'sent', [later[1]]: 'sent' });
    expect((await notes(later)).map((n) => n.user_id).sort()).toEqual([owner.id, commissioner.id].sort());
  });

  it('delivers each reminder of a burst exactly once when two workers run their jobs at once', async () => {
    const leads = await Promise.all(Array.from({ length: 4 }, () => createLead()));
    const ids = await record(
      api,
      Array.from({ length: 300 }, (_, i) => assignedTo(leads[i % leads.length], [owner, commissioner, teamLeader][i % 3])),
    );
    // small batches, so that many overlap: every job of the burst runs once, half on each app (its own pool)
    const outcomes: DeliveryOutcome[] = await Promise.all(ids.map((id, i) => delivery(i % 2 ? other : api).deliver(id, 7)));

    expect(outcomes.filter((o) => o.outcome === 'sent').length).toBeGreaterThan(0);
    expect(outcomes.some((o) => o.outcome === 'sent' && o.batch > 1)).toBe(true);
    expect(outcomes.every((o) => o.outcome === 'sent' || o.outcome === 'not_pending')).toBe(true);
    expect(Object.values(await statuses(ids)).every((s) => s === 'sent')).toBe(true);
    const counts = perReader(await notes(ids));
    expect(counts.size).toBe(ids.length);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('rolls a batch back whole when it fails midway, and its retried job delivers each reminder once', async () => {
    const lead = await createLead();
    const ids = await record(
      api,
      Array.from({ length: 40 }, () => assignedTo(lead, owner)),
    );
    const failing = ids[5];
    await api.dataSource.query(`INSERT INTO ${poison} (id) VALUES ($1)`, [failing]);

    // the first job's batch takes the failing reminder too: rolled back, then its own reminder is delivered alone
    expect(await delivery(api).deliver(ids[0])).toMatchObject({ outcome: 'sent', batch: 1 });
    expect((await notes(ids)).map((n) => n.reminder_id)).toEqual([ids[0]]);
    expect(Object.values(await statuses(ids.slice(1))).every((s) => s === 'pending')).toBe(true);

    // the failing reminder's own job fails (and is retried by the queue); nothing of its batch stays written
    await expect(delivery(api).deliver(failing)).rejects.toThrow(/injected fault/);
    expect((await notes(ids)).map((n) => n.reminder_id)).toEqual([ids[0]]);

    // the fault is gone: the retry delivers it and the rest of the batch, once each
    await api.dataSource.query(`DELETE FROM ${poison}`);
    expect(await delivery(api).deliver(failing)).toMatchObject({ outcome: 'sent' });
    await Promise.all(ids.map((id) => delivery(api).deliver(id)));
    const counts = perReader(await notes(ids));
    expect(counts.size).toBe(ids.length);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(Object.values(await statuses(ids)).every((s) => s === 'sent')).toBe(true);
  });

  it('skips, within a batch, the reminders whose lead or reader changed so that they must not be sent', async () => {
    const [kept, moved, deleted, lost, quiet] = await Promise.all(Array.from({ length: 5 }, () => createLead()));
    const anchor = new Date(Date.UTC(2001, 0, 1, 1)).toISOString();
    const formerUser = await api.createUser([Role.Commissioner], team, true, { login: false });
    await api.dataSource.query(`UPDATE leads SET next_follow_up_at = $2 WHERE id = ANY($1::uuid[])`, [
      [kept, deleted, lost, quiet],
      anchor,
    ]);
    // rescheduled since: the reminder for the old time must not fire
    await api.dataSource.query(`UPDATE leads SET next_follow_up_at = $2 WHERE id = $1`, [moved, new Date(Date.now() + 86_400_000)]);
    await api.dataSource.query(`UPDATE leads SET deleted_at = now() WHERE id = $1`, [deleted]);
    await api.dataSource.query(`UPDATE leads SET status = 'lost' WHERE id = $1`, [lost]);
    await api.dataSource.query(`UPDATE users SET active = false WHERE id = $1`, [formerUser.id]);
    const followUp = (leadId: string): Planned => ({ kind: 'follow_up_due', leadId, data: { anchor } });
    const ids = await record(api, [
      followUp(kept),
      followUp(moved),
      followUp(deleted),
      followUp(lost),
      assignedTo(quiet, formerUser),
      assignedTo(quiet, owner),
    ]);

    const outcome = await delivery(api).deliver(ids[0]);
    expect(outcome).toMatchObject({ outcome: 'sent' });
    expect((outcome as { batch: number }).batch).toBeGreaterThanOrEqual(ids.length);
    expect(await statuses(ids)).toEqual({
      [ids[0]]: 'sent',
      [ids[1]]: 'skipped',
      [ids[2]]: 'skipped',
      [ids[3]]: 'skipped',
      [ids[4]]: 'skipped',
      [ids[5]]: 'sent',
    });
    expect((await notes(ids)).map((n) => [n.reminder_id, n.user_id]).sort()).toEqual(
      [
        [ids[0], owner.id],
        [ids[5], owner.id],
      ].sort(),
    );
  });

  it('words and addresses each notification of a batch as a delivery of that reminder alone does', async () => {
    const leads = await Promise.all(Array.from({ length: 3 }, () => createLead()));
    await api.http.put(`/api/v1/leads/${leads[1]}/commissioner`).set(auth(leader)).send({ commissionerId: commissioner.id, note: '指派' });
    await api.dataSource.query(`UPDATE leads SET commissioner_id = $2 WHERE id = $1`, [leads[1], commissioner.id]);
    const anchor = new Date(Date.UTC(2001, 0, 1, 2)).toISOString();
    await api.dataSource.query(`UPDATE leads SET next_follow_up_at = $2 WHERE id = ANY($1::uuid[])`, [leads, anchor]);
    const [{ stage }] = await api.dataSource.query<Array<{ stage: string }>>(`SELECT stage FROM leads WHERE id = $1`, [leads[2]]);
    const plan: Planned[] = [
      { kind: 'follow_up_due', leadId: leads[0], data: { anchor } },
      { kind: 'follow_up_due', leadId: leads[1], data: { anchor } },
      { kind: 'follow_up_overdue', leadId: leads[0], data: { anchor } },
      { kind: 'stage_stalled', leadId: leads[2], level: 'red', data: { stage, reason: '超过 90 天未推进' } },
      { kind: 'stage_stalled', leadId: leads[2], level: 'yellow', data: { stage } },
      assignedTo(leads[1], commissioner),
    ];
    // both copies due at the same (past) times: the text names the due time
    plan.forEach((p, i) => (p.dueAt = new Date(Date.UTC(2001, 0, 1, 3, i))));
    const alone = await record(api, plan);
    for (const id of alone) expect((await delivery(api).deliver(id, 1)).outcome).toBe('sent');
    const batched = await record(api, plan);
    expect(await delivery(api).deliver(batched[0])).toMatchObject({ outcome: 'sent' });

    const comparable = async (ids: string[]) =>
      (await notes(ids)).map((n) => [ids.indexOf(n.reminder_id), n.user_id, n.title, n.body].join('|')).sort();
    const single = await comparable(alone);
    expect(await comparable(batched)).toEqual(single);
    // the red warning reaches the leaders, the overdue follow-up the team leader: the batch resolved every route
    const readers = single.map((line) => line.split('|')[1]);
    expect(readers).toEqual(expect.arrayContaining([owner.id, commissioner.id, teamLeader.id, leader.id]));
  });

  it('drains a burst queued on BullMQ with two workers: every reminder delivered once, most jobs finding theirs already sent', async () => {
    const workers = [await TestApp.start(FAST_REMINDERS), await TestApp.start(FAST_REMINDERS)];
    try {
      const leads = await Promise.all(Array.from({ length: 5 }, () => createLead()));
      const ids = await record(
        api,
        Array.from({ length: Math.min(400, DELIVERY_BATCH) }, (_, i) => assignedTo(leads[i % leads.length], i % 2 ? owner : commissioner)),
      );
      const rows = await api.dataSource.query<Array<{ id: string; due_at: Date }>>(
        `SELECT id, due_at FROM reminders WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      await api.app.get(QueueService).enqueue(
        rows.map((r) => reminderJob(r.id, r.due_at)),
        null,
      );
      await waitFor(
        () => statuses(ids),
        (s) => Object.values(s).every((status) => status === 'sent'),
        30_000,
      );
      await sleep(2000);
      const counts = perReader(await notes(ids));
      expect(counts.size).toBe(ids.length);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
    } finally {
      for (const worker of workers) await worker.close();
    }
  });
});
