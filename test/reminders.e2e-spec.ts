import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { queueSchema } from '../src/common/queue/queue-backend';
import { QueueName, reminderJobId } from '../src/common/queue/queue.constants';
import { QueueService } from '../src/common/queue/queue.service';
import { Role } from '../src/modules/users/role.enum';
import { leadBody } from './support/factories';
import { auth, TestApp, TestUser } from './support/test-app';
import { TEST_DATABASE_URL, TEST_QUEUE_PREFIX, TEST_REDIS_URL } from './support/test-env';
import { sleep, waitFor } from './support/wait';

/** Seconds instead of days, so escalations happen while the test watches. */
const FAST_BASE = { OVERDUE_ESCALATION_AFTER: 'PT2S', RECONCILE_EVERY: 'PT1S', WORKER_LOCK_MS: '2000', RECONCILE_HORIZON: 'PT1H' };

interface NotificationRow {
  user_id: string;
  kind: string;
  reminder_id: string;
  title: string;
  body: string;
}

/** The engine must hold on both queue backends: Redis, and BullMQ's PostgreSQL backend (REDIS_URL unset). */
const BACKENDS: Array<{ backend: 'redis' | 'postgres'; env: Record<string, string> }> = [
  { backend: 'redis', env: {} },
  { backend: 'postgres', env: { REDIS_URL: '' } },
];

describe.each(BACKENDS)('Reminders engine on $backend', ({ backend, env }) => {
  const FAST = { ...FAST_BASE, ...env };
  let t: TestApp;
  let team: string;
  let promoter: TestUser;
  let commissioner: TestUser;
  let teamLeader: TestUser;
  let leader: TestUser;
  const extraApps: TestApp[] = [];

  const notificationsOf = async (leadId: string, kind?: string): Promise<NotificationRow[]> =>
    t.dataSource.query(
      `SELECT user_id, kind, reminder_id, title, body FROM notifications WHERE lead_id = $1 ${kind ? 'AND kind = $2' : ''} ORDER BY created_at`,
      kind ? [leadId, kind] : [leadId],
    );
  const createLead = async (overrides: Record<string, unknown> = {}) => {
    const response = await t.http.post('/api/v1/leads').set(auth(promoter)).send(leadBody(overrides));
    expect(response.status).toBe(201);
    return response.body as { id: string; code: string; version: number };
  };
  const followUp = (user: TestUser, leadId: string, nextInMs: number) =>
    t.http
      .post(`/api/v1/leads/${leadId}/follow-ups`)
      .set(auth(user))
      .send({
        type: 'call',
        occurredAt: new Date().toISOString(),
        summary: '电话沟通',
        nextFollowUpAt: new Date(Date.now() + nextInMs).toISOString(),
      });

  beforeAll(async () => {
    t = await TestApp.start(FAST);
    team = await t.createTeam();
    promoter = await t.createUser([Role.Promoter], team);
    commissioner = await t.createUser([Role.Commissioner], team);
    teamLeader = await t.createUser([Role.Promoter], team);
    leader = await t.createUser([Role.Leader]);
    await t.dataSource.query('UPDATE teams SET leader_id = $1 WHERE id = $2', [teamLeader.id, team]);
  });

  afterEach(async () => {
    while (extraApps.length) await extraApps.pop()?.close();
  });

  afterAll(async () => {
    await t.close();
  });

  it('notifies the commissioner of a due follow-up within seconds of its due time, once, with the project and time in Chinese', async () => {
    const lead = await createLead();
    await t.http.put(`/api/v1/leads/${lead.id}/commissioner`).set(auth(leader)).send({ commissionerId: commissioner.id, note: '指派' });
    const dueAt = Date.now() + 2000;
    expect((await followUp(promoter, lead.id, 2000)).status).toBe(201);

    const [due] = await waitFor(
      () => notificationsOf(lead.id, 'follow_up_due'),
      (rows) => rows.length > 0,
    );
    const [created] = await t.dataSource.query<Array<{ created_at: Date }>>(`SELECT created_at FROM notifications WHERE reminder_id = $1`, [
      due.reminder_id,
    ]);
    expect(created.created_at.getTime() - dueAt).toBeLessThan(5000);
    expect(created.created_at.getTime()).toBeGreaterThanOrEqual(dueAt - 1000);
    expect(due.user_id).toBe(commissioner.id);
    expect(due.title).toContain(lead.code);
    expect(due.body).toMatch(/跟进/);

    await sleep(2500);
    expect(await notificationsOf(lead.id, 'follow_up_due')).toHaveLength(1);
    const assigned = await notificationsOf(lead.id, 'assigned');
    expect(assigned.map((n) => n.user_id)).toEqual([commissioner.id]);

    const api = await t.http.get('/api/v1/notifications').set(auth(commissioner));
    expect(api.status).toBe(200);
    const mine = api.body.items.filter((n: { leadId: string }) => n.leadId === lead.id);
    expect(mine.map((n: { kind: string }) => n.kind).sort()).toEqual(['assigned', 'follow_up_due']);
  });

  it('notifies the owner when there is no commissioner', async () => {
    const lead = await createLead();
    await followUp(promoter, lead.id, 1000);
    const [due] = await waitFor(
      () => notificationsOf(lead.id, 'follow_up_due'),
      (rows) => rows.length > 0,
    );
    expect(due.user_id).toBe(promoter.id);
  });

  it('escalates a follow-up that stays undone to the team leader and the leaders, once; logging a follow-up first cancels it', async () => {
    const ignored = await createLead();
    const handled = await createLead();
    await followUp(promoter, ignored.id, 1000);
    await followUp(promoter, handled.id, 1000);
    await waitFor(
      () => notificationsOf(handled.id, 'follow_up_due'),
      (rows) => rows.length > 0,
    );
    // the follow-up is done before the escalation (due + 2 s) fires
    await followUp(promoter, handled.id, 3_600_000);

    const escalated = await waitFor(
      () => notificationsOf(ignored.id, 'follow_up_overdue'),
      (rows) => rows.some((r) => r.user_id === leader.id),
    );
    const recipients = escalated.map((n) => n.user_id);
    expect(recipients).toContain(teamLeader.id);
    expect(recipients).toContain(leader.id);
    expect(new Set(recipients).size).toBe(recipients.length);
    expect(escalated[0].title).toMatch(/督办/);

    await sleep(2500);
    expect(await notificationsOf(ignored.id, 'follow_up_overdue')).toHaveLength(escalated.length);
    expect(await notificationsOf(handled.id, 'follow_up_overdue')).toHaveLength(0);
  });

  it('does not fire a rescheduled reminder at its old time', async () => {
    const lead = await createLead();
    await followUp(promoter, lead.id, 1500);
    await followUp(promoter, lead.id, 3_600_000);
    await sleep(4000);
    expect(await notificationsOf(lead.id)).toHaveLength(0);
    const statuses = await t.dataSource.query<Array<{ status: string }>>(
      `SELECT status FROM reminders WHERE lead_id = $1 AND kind = 'follow_up_due' ORDER BY due_at`,
      [lead.id],
    );
    expect(statuses.map((s) => s.status)).toEqual(['cancelled', 'pending']);
  });

  it('delivers a reminder that fell due while the app was stopped, once, after the restart', async () => {
    const api = await TestApp.start({ ...FAST, APP_ROLE: 'api' });
    extraApps.push(api);
    await t.close();
    const owner = await api.createUser([Role.Promoter], team);
    const lead = (await api.http.post('/api/v1/leads').set(auth(owner)).send(leadBody())).body as { id: string };
    await api.http
      .post(`/api/v1/leads/${lead.id}/follow-ups`)
      .set(auth(owner))
      .send({
        type: 'call',
        occurredAt: new Date().toISOString(),
        summary: 'x',
        nextFollowUpAt: new Date(Date.now() + 1000).toISOString(),
      });
    await sleep(2500);
    expect(await api.dataSource.query(`SELECT 1 FROM notifications WHERE lead_id = $1`, [lead.id])).toHaveLength(0);

    t = await TestApp.start(FAST);
    const rows = await waitFor(
      () => notificationsOf(lead.id, 'follow_up_due'),
      (r) => r.length > 0,
    );
    await sleep(1500);
    expect(await notificationsOf(lead.id, 'follow_up_due')).toHaveLength(rows.length);
    expect(rows).toHaveLength(1);
  });

  it('still delivers every pending reminder after the queue store is wiped (FLUSHDB, or the queue schema dropped) and the app restarts', async () => {
    const leads = [await createLead(), await createLead(), await createLead()];
    for (const lead of leads) await followUp(promoter, lead.id, 2500);
    await t.close();
    if (backend === 'redis') {
      const redis = new Redis(TEST_REDIS_URL);
      await redis.flushdb();
      await redis.quit();
    } else {
      const scratch = await TestApp.start({ ...FAST, APP_ROLE: 'api', REDIS_URL: 'redis://127.0.0.1:6379/1' });
      await scratch.dataSource.query(`DROP SCHEMA IF EXISTS ${queueSchema(TEST_QUEUE_PREFIX)} CASCADE`);
      await scratch.close();
    }

    t = await TestApp.start(FAST);
    for (const lead of leads) {
      const rows = await waitFor(
        () => notificationsOf(lead.id, 'follow_up_due'),
        (r) => r.length > 0,
        15_000,
      );
      expect(rows).toHaveLength(1);
    }
  });

  it('delivers each reminder exactly once with two workers running at once', async () => {
    const second = await TestApp.start(FAST);
    extraApps.push(second);
    const leads = await Promise.all(Array.from({ length: 12 }, () => createLead()));
    await Promise.all(leads.map((lead) => followUp(promoter, lead.id, 1500)));
    const ids = leads.map((l) => l.id);
    await waitFor(
      () =>
        t.dataSource.query<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM notifications WHERE kind = 'follow_up_due' AND lead_id = ANY($1::uuid[])`,
          [ids],
        ),
      (rows) => rows[0].n >= 12,
      15_000,
    );
    await sleep(2000);
    const perReminder = await t.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM notifications WHERE kind = 'follow_up_due' AND lead_id = ANY($1::uuid[]) GROUP BY lead_id`,
      [ids],
    );
    expect(perReminder).toHaveLength(12);
    expect(perReminder.every((r) => r.n === 1)).toBe(true);
  });

  it('recovers a job whose worker was killed with SIGKILL mid-delivery, and delivers it once', async () => {
    const entry = 'dist/main.js';
    expect(existsSync(entry)).toBe(true); // built by the `pretest` script
    // only the child may work on the job until it is killed
    const api = await TestApp.start({ ...FAST, APP_ROLE: 'api' });
    extraApps.push(api);
    await t.close();
    const owner = await api.createUser([Role.Promoter], team);
    const lead = (await api.http.post('/api/v1/leads').set(auth(owner)).send(leadBody())).body as { id: string };
    const child = spawn(process.execPath, [entry], {
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        APP_ROLE: 'worker',
        DATABASE_URL: TEST_DATABASE_URL,
        REDIS_URL: env.REDIS_URL ?? TEST_REDIS_URL,
        QUEUE_PREFIX: TEST_QUEUE_PREFIX,
        JWT_SECRET: 'test-secret-0123456789abcdef',
        WORKER_LOCK_MS: '2000',
        FAULT_DELIVERY_DELAY_MS: '60000',
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    try {
      await api.http
        .post(`/api/v1/leads/${lead.id}/follow-ups`)
        .set(auth(owner))
        .send({
          type: 'call',
          occurredAt: new Date().toISOString(),
          summary: 'x',
          nextFollowUpAt: new Date(Date.now() + 1000).toISOString(),
        });
      const [reminder] = await api.dataSource.query<Array<{ id: string }>>(
        `SELECT id FROM reminders WHERE lead_id = $1 AND kind = 'follow_up_due'`,
        [lead.id],
      );
      const queue = api.app.get(QueueService).queues[QueueName.Reminders];
      // the child holds the delivery's transaction open (fault injection): kill it while the job is active
      await waitFor(
        async () => (await queue.getJob(reminderJobId(reminder.id)))?.isActive() ?? false,
        (active) => active,
        20_000,
      );
      await sleep(300);
    } finally {
      child.kill('SIGKILL');
    }
    expect(await api.dataSource.query(`SELECT 1 FROM notifications WHERE lead_id = $1`, [lead.id])).toHaveLength(0);

    t = await TestApp.start(FAST);
    const rows = await waitFor(
      () => notificationsOf(lead.id, 'follow_up_due'),
      (r) => r.length > 0,
      20_000,
    );
    await sleep(1500);
    expect(await notificationsOf(lead.id, 'follow_up_due')).toHaveLength(1);
    expect(rows[0].user_id).toBe(owner.id);
  });

  describe('stall scan (红黄预警)', () => {
    it('raises a yellow warning, then a red one to the leaders, on a signed project whose agreed start date has passed, each once', async () => {
      const admin = await t.createUser([Role.Admin]);
      const lead = await createLead();
      await t.http.put(`/api/v1/leads/${lead.id}/commissioner`).set(auth(leader)).send({ commissionerId: commissioner.id });
      await t.dataSource.query(
        `UPDATE leads SET stage = 'signed', signed_at = current_date - 30, contract_investment = 1000, agreed_start_date = current_date - 5, agreed_operating_date = current_date + 300 WHERE id = $1`,
        [lead.id],
      );
      const run = async () => {
        const response = await t.http.post('/api/v1/admin/scans/run').set(auth(admin));
        expect(response.status).toBe(200);
        return response.body;
      };
      await run();
      const yellow = await waitFor(
        () => notificationsOf(lead.id, 'stage_stalled'),
        (rows) => rows.length >= 2,
      );
      expect(yellow.map((n) => n.user_id).sort()).toEqual([promoter.id, commissioner.id].sort());
      expect(yellow[0].title).toMatch(/黄色预警.*签约未开工/);

      const warnings = await t.http.get('/api/v1/dashboard/warnings').set(auth(leader));
      expect(warnings.body.stalled.find((w: { id: string }) => w.id === lead.id)).toMatchObject({ level: 'yellow', reason: '签约未开工' });

      await run();
      await sleep(1000);
      expect(await notificationsOf(lead.id, 'stage_stalled')).toHaveLength(2);

      await t.dataSource.query(`UPDATE leads SET agreed_start_date = current_date - 100 WHERE id = $1`, [lead.id]);
      await run();
      const all = await waitFor(
        () => notificationsOf(lead.id, 'stage_stalled'),
        (rows) => rows.some((r) => r.user_id === leader.id),
      );
      const red = all.filter((n) => n.title.includes('红色预警'));
      expect(red.map((n) => n.user_id)).toEqual(expect.arrayContaining([promoter.id, commissioner.id, leader.id]));
      expect((await t.http.get('/api/v1/dashboard/warnings').set(auth(promoter))).status).toBe(403);
      expect((await t.http.post('/api/v1/admin/scans/run').set(auth(leader))).status).toBe(403);
    });
  });

  describe('webhook channel', () => {
    let server: Server;
    const received: Array<{ path: string; body: { msgtype: string; text: { content: string } } }> = [];
    // every message is refused twice with a server error before it is accepted
    const failuresLeft = new Map<string, number>();

    beforeAll(async () => {
      server = createServer((request, response) => {
        let raw = '';
        request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
        request.on('end', () => {
          const body = JSON.parse(raw) as (typeof received)[number]['body'];
          received.push({ path: request.url ?? '', body });
          const left = failuresLeft.get(body.text.content) ?? 2;
          failuresLeft.set(body.text.content, left - 1);
          if (request.url === '/refuse') response.statusCode = 400;
          else if (left > 0) response.statusCode = 503;
          response.end('{}');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });

    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    const withWebhook = async (path: string) => {
      await t.close();
      t = await TestApp.start({ ...FAST, WEBHOOK_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}` });
      const lead = await createLead();
      await followUp(promoter, lead.id, 500);
      return lead;
    };
    const webhookState = (leadId: string) =>
      t.dataSource.query<Array<{ webhook_status: string | null; webhook_attempts: number }>>(
        `SELECT webhook_status, webhook_attempts FROM notifications WHERE lead_id = $1 AND kind = 'follow_up_due'`,
        [leadId],
      );
    const dueMessages = (path: string, code: string) =>
      received.filter((r) => r.path === path && r.body.text.content.startsWith('跟进提醒') && r.body.text.content.includes(code));

    it('posts each notification as a robot text message, retrying server errors with backoff until it is accepted', async () => {
      const lead = await withWebhook('/hook');
      const [state] = await waitFor(
        () => webhookState(lead.id),
        (rows) => rows[0]?.webhook_status === 'sent',
        20_000,
      );
      expect(state.webhook_attempts).toBe(3);
      const delivered = dueMessages('/hook', lead.code);
      expect(delivered).toHaveLength(3);
      expect(delivered[2].body.msgtype).toBe('text');
      expect(delivered[2].body.text.content).toContain(lead.code);
    });

    it('does not retry a permanent refusal (4xx) and records the failure', async () => {
      const lead = await withWebhook('/refuse');
      const [state] = await waitFor(
        () => webhookState(lead.id),
        (rows) => rows[0]?.webhook_status === 'failed',
        10_000,
      );
      await sleep(2500);
      expect(state.webhook_attempts).toBe(1);
      expect(dueMessages('/refuse', lead.code)).toHaveLength(1);
    });
  });

  it('shows the queue dashboard to admins only', async () => {
    const admin = await t.createUser([Role.Admin]);
    expect((await t.http.get('/admin/queues')).status).toBe(401);
    expect((await t.http.get('/admin/queues').set(auth(leader))).status).toBe(403);
    const page = await t.http.get(`/admin/queues?token=${admin.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['set-cookie']?.[0]).toMatch(/HttpOnly/);
    const queues = await t.http.get('/admin/queues/api/queues').set(auth(admin));
    expect(queues.body.queues.map((q: { name: string }) => q.name).sort()).toEqual([
      'imports',
      'maintenance',
      'reminders',
      'scans',
      'webhooks',
    ]);
  });

  describe('notifications API', () => {
    it('shows callers only their own notifications and lets them mark one read; others get 404', async () => {
      const lead = await createLead();
      await followUp(promoter, lead.id, 500);
      const [row] = await waitFor(
        () => notificationsOf(lead.id, 'follow_up_due'),
        (rows) => rows.length > 0,
      );
      const [{ id }] = await t.dataSource.query<Array<{ id: string }>>(`SELECT id FROM notifications WHERE reminder_id = $1`, [
        row.reminder_id,
      ]);
      const foreign = await t.http.post(`/api/v1/notifications/${id}/read`).set(auth(commissioner));
      expect({ status: foreign.status, owner: row.user_id, body: foreign.body }).toMatchObject({ status: 404, owner: promoter.id });
      const read = await t.http.post(`/api/v1/notifications/${id}/read`).set(auth(promoter));
      expect(read.status).toBe(200);
      expect(read.body.readAt).not.toBeNull();
      const unread = await t.http.get('/api/v1/notifications').query({ unread: true }).set(auth(promoter));
      expect(unread.body.items.map((n: { id: string }) => n.id)).not.toContain(id);
      const others = await t.http.get('/api/v1/notifications').set(auth(commissioner));
      expect(others.body.items.map((n: { id: string }) => n.id)).not.toContain(id);
    });
  });
});
