import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { IdempotencyStore } from '../src/common/idempotency/idempotency.store';
import { QueueName } from '../src/common/queue/queue.constants';
import { QueueService } from '../src/common/queue/queue.service';
import { Role } from '../src/modules/users/role.enum';
import { LEAD_SHEET_COLUMNS } from '../src/modules/spreadsheets/lead-sheet.columns';
import { leadBody, makeCreditCode } from './support/factories';
import { auth, TestApp, TestUser, unique } from './support/test-app';
import { TEST_DATABASE_URL, TEST_QUEUE_PREFIX } from './support/test-env';
import { sleep, waitFor } from './support/wait';

/**
 * Redis outages, each on a redis-server of the test's own (random port, no persistence: a restart comes back
 * empty); the shared Redis is never touched. OUTAGE_SECONDS (default 60, the scenario) sets how long Redis stays stopped:
 * 15 s already outlasts every client timeout and reconnect back-off that matters, for quicker local runs.
 */
const OUTAGE_MS = Number(process.env.OUTAGE_SECONDS ?? 60) * 1000;
const ENTRY = resolve('dist/main.js');

class OwnRedis {
  private process?: ChildProcess;
  readonly port = 20000 + Math.floor(Math.random() * 20000);
  readonly url = `redis://127.0.0.1:${this.port}`;

  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    this.process = child;
    await waitFor(
      () =>
        this.cli('PING').then(
          (r) => r,
          () => '',
        ),
      (r) => r === 'PONG',
      10_000,
      100,
    );
  }

  get running(): boolean {
    return this.process?.exitCode === null;
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    this.signal('SIGCONT');
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await exited;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.process?.exitCode === null) this.process.kill(signal);
  }

  async cli(...args: string[]): Promise<string> {
    const client = new Redis(this.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return String(await client.call(args[0], ...args.slice(1)));
    } finally {
      client.disconnect();
    }
  }
}

const FAST = {
  RECONCILE_EVERY: 'PT1S',
  WORKER_LOCK_MS: '2000',
  RECONCILE_HORIZON: 'PT1H',
  SCHEDULER_CHECK_EVERY: 'PT1S',
  OVERDUE_ESCALATION_AFTER: 'PT1H',
};

const timed = async <T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
};

describe('Redis outage', () => {
  let redis: OwnRedis;
  let setup: TestApp;
  let promoter: TestUser;
  const apps: TestApp[] = [];

  const followUpDue = (leadId: string) =>
    setup.dataSource.query<Array<{ id: string }>>(`SELECT id FROM notifications WHERE lead_id = $1 AND kind = 'follow_up_due'`, [leadId]);

  beforeAll(async () => {
    redis = new OwnRedis();
    await redis.start();
    // users and tokens come from an API-only app; the token works on every app sharing JWT_SECRET
    setup = await TestApp.start({ APP_ROLE: 'api', REDIS_URL: redis.url });
    promoter = await setup.createUser([Role.Promoter], await setup.createTeam());
  });

  afterEach(async () => {
    redis.signal('SIGCONT');
    if (!redis.running) await redis.start();
    while (apps.length) await apps.pop()?.close();
  });

  afterAll(async () => {
    await setup?.close();
    await redis?.stop();
  });

  describe('a running app (node dist/main.js) while Redis is stopped, then comes back empty', () => {
    let app: ChildProcess | undefined;
    const lines: string[] = [];
    const port = 3300 + Math.floor(Math.random() * 600);
    const base = `http://127.0.0.1:${port}`;

    beforeAll(() => {
      execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
    }, 180_000);

    afterAll(async () => {
      if (app && app.exitCode === null) {
        const exited = new Promise((done) => app?.once('exit', done));
        app.kill('SIGTERM');
        const killer = setTimeout(() => app?.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
    });

    const call = async (method: string, path: string, body: unknown, key?: string) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...auth(promoter), ...(key ? { 'idempotency-key': key } : {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(20_000),
      });
      return {
        status: response.status,
        body: (await response.json()) as Record<string, unknown>,
        replayed: response.headers.get('idempotent-replayed'),
      };
    };

    it(
      'answers writes at once, creates one record per Idempotency-Key however often the client retries, delivers every reminder once afterwards, and logs one line per outage',
      async () => {
        const env: NodeJS.ProcessEnv = {
          ...process.env,
          ...FAST,
          NODE_OPTIONS: '',
          NODE_ENV: 'test',
          PORT: String(port),
          DATABASE_URL: TEST_DATABASE_URL,
          REDIS_URL: redis.url,
          QUEUE_PREFIX: TEST_QUEUE_PREFIX,
          JWT_SECRET: 'test-secret-0123456789abcdef',
          LOG_LEVEL: 'log',
        };
        app = spawn(process.execPath, [ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let partial = '';
        const collect = (chunk: Buffer) => {
          const text = partial + chunk.toString();
          const parts = text.split('\n');
          partial = parts.pop() ?? '';
          lines.push(...parts.filter((line) => line.trim() !== ''));
        };
        app.stdout?.on('data', collect);
        app.stderr?.on('data', collect);
        await waitFor(
          () =>
            fetch(`${base}/health`).then(
              (r) => r.status,
              () => 0,
            ),
          (status) => status === 200,
          60_000,
          300,
        );
        const before = await call('POST', '/api/v1/leads', leadBody());
        expect(before.status).toBe(201);
        const leadBefore = before.body.id as string;

        const linesBeforeOutage = lines.length;
        await redis.stop();
        const outageStarted = Date.now();

        // a lead with a follow-up time and a follow-up, each sent three times with one key, as a client retrying after its timeout
        const leadKey = randomUUID();
        const lead = leadBody({
          name: `断连期间的项目${randomUUID().slice(0, 6)}`,
          nextFollowUpAt: new Date(Date.now() + 2000).toISOString(),
        });
        const created = await Promise.all([0, 1, 2].map(() => timed(() => call('POST', '/api/v1/leads', lead, leadKey))));
        const followUpKey = randomUUID();
        const followUp = {
          type: 'call',
          occurredAt: new Date().toISOString(),
          summary: '断连期间电话沟通',
          nextFollowUpAt: new Date(Date.now() + 3000).toISOString(),
        };
        const logged: Array<{ value: Awaited<ReturnType<typeof call>>; ms: number }> = [];
        for (let i = 0; i < 3; i++)
          logged.push(await timed(() => call('POST', `/api/v1/leads/${leadBefore}/follow-ups`, followUp, followUpKey)));
        const otherBody = await call('POST', `/api/v1/leads/${leadBefore}/follow-ups`, { ...followUp, summary: '另一次沟通' }, followUpKey);
        const health = await timed(() =>
          fetch(`${base}/health`).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> })),
        );

        for (const { value, ms } of [...created, ...logged]) {
          expect(value.status).toBe(201);
          expect(ms).toBeLessThan(2000);
        }
        const leadIds = new Set(created.map((c) => c.value.body.id));
        expect(leadIds.size).toBe(1);
        expect(new Set(logged.map((l) => l.value.body.id)).size).toBe(1);
        expect(logged.slice(1).every((l) => l.value.replayed === 'true')).toBe(true);
        expect(otherBody.status).toBe(422);
        expect(health.value.status).toBe(503);
        expect(health.value.body.unavailable).toEqual(['redis']);
        expect(health.ms).toBeLessThan(2000);

        await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStarted)));
        const linesDuringOutage = lines.slice(linesBeforeOutage);
        await redis.start();

        const leadDuring = [...leadIds][0] as string;
        for (const leadId of [leadDuring, leadBefore]) {
          await waitFor(
            () => followUpDue(leadId),
            (rows) => rows.length > 0,
            30_000,
            300,
          );
        }
        await sleep(3000);
        expect(await followUpDue(leadDuring)).toHaveLength(1);
        expect(await followUpDue(leadBefore)).toHaveLength(1);
        const [{ n: leadsNamed }] = await setup.dataSource.query<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM leads WHERE name = $1`,
          [lead.name],
        );
        expect(leadsNamed).toBe(1);
        const [{ n: followUps }] = await setup.dataSource.query<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM follow_ups WHERE lead_id = $1 AND summary = $2`,
          [leadBefore, followUp.summary],
        );
        expect(followUps).toBe(1);

        // every line JSON; one for the outage, one for the recovery, and not one per retry in between
        const afterOutage = lines.slice(linesBeforeOutage);
        if (process.env.OUTAGE_LOG) writeFileSync(process.env.OUTAGE_LOG, lines.join('\n')); // the app's log, to read when this fails
        expect(afterOutage.filter((line) => !line.startsWith('{'))).toEqual([]);
        expect(afterOutage.filter((line) => line.includes('redis unreachable'))).toHaveLength(1);
        expect(afterOutage.filter((line) => line.includes('redis reachable again'))).toHaveLength(1);
        expect(linesDuringOutage.length).toBeLessThan(15);
      },
      OUTAGE_MS + 120_000,
    );
  });

  it('answers a repeated Idempotency-Key on every create endpoint with the first answer, creating nothing more', async () => {
    const team = promoter.teamId as string;
    const admin = await setup.createUser([Role.Admin]);
    const leader = await setup.createUser([Role.Leader]);
    const commissioner = await setup.createUser([Role.Commissioner], team);
    const lead = (await setup.http.post('/api/v1/leads').set(auth(promoter)).send(leadBody())).body as { id: string };
    const versionOf = async () =>
      ((await setup.http.get(`/api/v1/leads/${lead.id}`).set(auth(promoter))).body as { version: number }).version;
    const headers = LEAD_SHEET_COLUMNS.map((c) => c.header);
    const creditCode = makeCreditCode();
    const row: Record<string, string | number> = {
      项目名称: '幂等导入项目',
      企业名称: '淄博幂等测试有限公司',
      统一社会信用代码: creditCode,
      产业类别代码: 'IT01',
      招商方式: '产业链招商',
      来源地: '深圳',
      '计划投资额(万元)': 30000,
      阶段: '线索',
      状态: '推进中',
    };
    const csv = Buffer.from(`\uFEFF${headers.join(',')}\r\n${headers.map((h) => row[h] ?? '').join(',')}\r\n`, 'utf8');
    const username = unique('idem');
    const teamName = unique('幂等团队');

    const cases: Array<{
      name: string;
      user: TestUser;
      method?: 'put';
      path: string;
      body?: Record<string, unknown> | (() => Promise<Record<string, unknown>>);
      file?: Buffer;
    }> = [
      { name: 'team', user: admin, path: '/api/v1/teams', body: { name: teamName } },
      {
        name: 'user',
        user: admin,
        path: '/api/v1/users',
        body: { username, displayName: '幂等用户', password: `Zs-${randomUUID()}`, roles: [Role.Promoter], teamId: team },
      },
      { name: 'lead', user: promoter, path: '/api/v1/leads', body: leadBody({ creditCode: makeCreditCode() }) },
      {
        name: 'follow-up',
        user: promoter,
        path: `/api/v1/leads/${lead.id}/follow-ups`,
        body: { type: 'call', occurredAt: new Date().toISOString(), summary: '幂等跟进' },
      },
      {
        name: 'issue',
        user: promoter,
        path: `/api/v1/leads/${lead.id}/issues`,
        body: {
          title: '厂房用电增容',
          category: 'utilities',
          dueAt: new Date(Date.now() + 86_400_000).toISOString(),
          handlerId: commissioner.id,
        },
      },
      {
        name: 'assessment',
        user: promoter,
        path: `/api/v1/leads/${lead.id}/assessment`,
        body: { scores: { industryFit: 25, investmentIntensity: 20, taxPerMu: 15, technology: 12, energyEnvironment: 8 }, vetoes: [] },
      },
      {
        name: 'transition',
        user: promoter,
        path: `/api/v1/leads/${lead.id}/transitions`,
        body: async () => ({ to: 'negotiating', version: await versionOf() }),
      },
      {
        name: 'commissioner',
        user: leader,
        method: 'put',
        path: `/api/v1/leads/${lead.id}/commissioner`,
        body: { commissionerId: commissioner.id, note: '指派' },
      },
      { name: 'import', user: promoter, path: '/api/v1/leads/import?dryRun=false', file: csv },
    ];
    for (const c of cases) {
      const key = randomUUID();
      const body = typeof c.body === 'function' ? await c.body() : c.body;
      const send = () => {
        const request = (c.method === 'put' ? setup.http.put(c.path) : setup.http.post(c.path))
          .set(auth(c.user))
          .set('Idempotency-Key', key);
        return c.file ? request.attach('file', c.file, 'leads.csv') : request.send(body);
      };
      const first = await send();
      const again = await send();
      expect({ name: c.name, ok: first.status < 300, body: first.body as unknown }).toMatchObject({ name: c.name, ok: true });
      expect({ name: c.name, status: again.status, body: again.body as unknown, replayed: again.headers['idempotent-replayed'] }).toEqual({
        name: c.name,
        status: first.status,
        body: first.body as unknown,
        replayed: 'true',
      });
    }
    const count = async (sql: string, param: string) => (await setup.dataSource.query<Array<{ n: number }>>(sql, [param]))[0].n;
    expect(await count(`SELECT count(*)::int AS n FROM teams WHERE name = $1`, teamName)).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM users WHERE username = $1`, username)).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM leads WHERE credit_code = $1`, creditCode)).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM follow_ups WHERE lead_id = $1`, lead.id)).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM enterprise_issues WHERE lead_id = $1`, lead.id)).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM assessments WHERE lead_id = $1`, lead.id)).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM lead_transitions WHERE lead_id = $1`, lead.id)).toBe(1);

    // a malformed key is refused before anything runs
    const bad = await setup.http
      .post('/api/v1/teams')
      .set(auth(admin))
      .set('Idempotency-Key', 'x'.repeat(201))
      .send({ name: unique('团队') });
    expect(bad.status).toBe(400);
    // an expired key is a new key; the cleanup removes expired ones
    const key = randomUUID();
    const teamBody = { name: unique('过期团队') };
    const original = await setup.http.post('/api/v1/teams').set(auth(admin)).set('Idempotency-Key', key).send(teamBody);
    await setup.dataSource.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`, [key]);
    const afterExpiry = await setup.http.post('/api/v1/teams').set(auth(admin)).set('Idempotency-Key', key).send(teamBody);
    expect([original.status, afterExpiry.status, afterExpiry.headers['idempotent-replayed']]).toEqual([201, 409, undefined]); // the team name is taken: it ran again
    const old = randomUUID();
    expect(
      (
        await setup.http
          .post('/api/v1/teams')
          .set(auth(admin))
          .set('Idempotency-Key', old)
          .send({ name: unique('团队') })
      ).status,
    ).toBe(201);
    await setup.dataSource.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`, [old]);
    expect(await setup.app.get(IdempotencyStore).removeExpired()).toBeGreaterThanOrEqual(1);
    expect(await count(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1`, old)).toBe(0);
    // documented in OpenAPI on the create endpoints
    const docs = (await setup.http.get('/docs-json')).body as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;
    };
    expect(docs.paths['/api/v1/leads'].post.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }));
  }, 60_000);

  it('re-registers the repair pass, the stall scan and the digest after FLUSHALL under a running worker, and still delivers the due reminder once', async () => {
    const t = await TestApp.start({ ...FAST, REDIS_URL: redis.url, STALL_SCAN_CRON: '*/2 * * * * *', DIGEST_CRON: '*/2 * * * * *' });
    apps.push(t);
    const scans = t.app.get(QueueService).queues[QueueName.Scans];
    const schedulerIds = async () => (await scans.getJobSchedulers()).map((s) => s.key).sort();
    expect(await schedulerIds()).toEqual(['daily-digest', 'reconcile', 'stall-scan']);

    const lead = await t.http
      .post('/api/v1/leads')
      .set(auth(promoter))
      .send(leadBody({ nextFollowUpAt: new Date(Date.now() + 2500).toISOString() }));
    expect(lead.status).toBe(201);
    const leadId = (lead.body as { id: string }).id;
    await sleep(300);
    expect(await redis.cli('FLUSHALL')).toBe('OK');
    const flushedAt = Date.now();

    await waitFor(
      () => followUpDue(leadId),
      (rows) => rows.length > 0,
      20_000,
      300,
    );
    expect(await schedulerIds()).toEqual(['daily-digest', 'reconcile', 'stall-scan']);
    const ranSince = async (name: string) =>
      (await scans.getJobs(['completed'])).filter((job) => job.name === name && (job.finishedOn ?? 0) > flushedAt).length;
    await waitFor(
      () => Promise.all([ranSince('stall-scan'), ranSince('daily-digest'), ranSince('reconcile')]),
      (counts) => counts.every((n) => n > 0),
      20_000,
      500,
    );
    await sleep(2000);
    expect(await followUpDue(leadId)).toHaveLength(1);
  }, 60_000);

  it('answers /health within 2 s with 503 naming Redis, and writes within 2 s, when Redis is connected but frozen', async () => {
    const t = await TestApp.start({ ...FAST, REDIS_URL: redis.url });
    apps.push(t);
    expect((await t.http.get('/health')).status).toBe(200);
    redis.signal('SIGSTOP');
    try {
      const health = await timed(() => t.http.get('/health'));
      expect(health.value.status).toBe(503);
      expect(health.value.body).toMatchObject({ database: 'up', redis: 'down', unavailable: ['redis'] });
      expect(health.ms).toBeLessThan(2000);
      const write = await timed(() =>
        t.http
          .post('/api/v1/leads')
          .set(auth(promoter))
          .send(leadBody({ nextFollowUpAt: new Date(Date.now() + 1000).toISOString() })),
      );
      expect(write.value.status).toBe(201);
      expect(write.ms).toBeLessThan(2000);
    } finally {
      redis.signal('SIGCONT');
    }
    await waitFor(
      () => t.http.get('/health').then((r) => r.status),
      (status) => status === 200,
      15_000,
      300,
    );
  }, 60_000);
});
