import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RedisHa, redisCli, redisHaUnavailable, startRedisHa } from '../scripts/topology/redis-ha.mjs';
import { Role } from '../src/modules/users/role.enum';
import { leadBody } from './support/factories';
import { auth, TestApp, TestUser } from './support/test-app';
import { TEST_DATABASE_URL, TEST_QUEUE_PREFIX } from './support/test-env';
import { sleep, waitFor } from './support/wait';

/** This suite's own Redis topology (redisha's ports): primary, replica, three Sentinels. */
const PORTS = { primaryPort: 56370, replicaPort: 56371, sentinelPorts: [56375, 56376, 56377] };
const PREFIX = `${TEST_QUEUE_PREFIX}-sentinel`;
const unavailable = redisHaUnavailable();
const suite = unavailable ? describe.skip : describe;

suite(`Redis behind Sentinel${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let dir: string;
  let ha: RedisHa;
  let t: TestApp;
  let promoter: TestUser;

  const createLead = async () => {
    const response = await t.http.post('/api/v1/leads').set(auth(promoter)).send(leadBody());
    expect(response.status).toBe(201);
    return (response.body as { id: string }).id;
  };
  const followUp = async (leadId: string, dueInMs: number) => {
    const response = await t.http
      .post(`/api/v1/leads/${leadId}/follow-ups`)
      .set(auth(promoter))
      .send({
        type: 'call',
        occurredAt: new Date().toISOString(),
        summary: '电话沟通',
        nextFollowUpAt: new Date(Date.now() + dueInMs).toISOString(),
      });
    expect(response.status).toBe(201);
  };
  const delivered = (leadId: string) =>
    t.dataSource.query<Array<{ reminder_id: string }>>(
      `SELECT reminder_id FROM notifications WHERE lead_id = $1 AND kind = 'follow_up_due'`,
      [leadId],
    );
  /** The built app's start with these variables: its exit code and output. */
  const start = async (variables: Record<string, string>) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_OPTIONS: '',
      DATABASE_URL: TEST_DATABASE_URL,
      JWT_SECRET: 'test-secret-0123456789abcdef',
      PORT: '57099',
      ...variables,
    };
    delete env.REDIS_URL;
    const child = spawn(process.execPath, [resolve('dist/main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // a start that does not fail is killed, so the suite never leaves an app running
    const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    clearTimeout(kill);
    return { code, output };
  };
  const keysOf = async (port: number) => (await redisCli(port, 'KEYS', '*')).filter(Boolean);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zscrm-sentinel-'));
    ha = await startRedisHa({ dir, ...PORTS });
    // REDIS_URL unset: the Sentinels alone say where Redis is
    t = await TestApp.start({ REDIS_URL: '', ...ha.env, QUEUE_PREFIX: PREFIX, RECONCILE_EVERY: 'PT1S', WORKER_LOCK_MS: '2000' });
    promoter = await t.createUser([Role.Promoter], await t.createTeam());
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await ha?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the primary through the Sentinels and keeps every key under the hash tag {QUEUE_PREFIX}', async () => {
    expect((await t.http.get('/health')).body).toMatchObject({ status: 'ok', redis: 'up' });
    const keys = await keysOf(await ha.primaryPort());
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((key) => !key.startsWith(`{${PREFIX}}:`))).toEqual([]);
  });

  it('answers through a failover (the primary SIGKILLed) without waiting for it, and delivers each due reminder once', async () => {
    const before = await createLead();
    await followUp(before, 5000); // queued on the primary that dies; due after the failover
    await sleep(300);

    const killed = await ha.killPrimary();
    // during the failover: writes are acknowledged at once (the queue is repaired from PostgreSQL), /health says where it hurts
    const during: string[] = [];
    let slowest = 0;
    let sawDown = false;
    const failover = ha.waitForFailover(killed.port);
    let promoted: { port: number; at: number } | null = null;
    void failover.then((value) => (promoted = value));
    while (!promoted) {
      const started = Date.now();
      during.push(await createLead());
      const health = await t.http.get('/health');
      slowest = Math.max(slowest, Date.now() - started);
      if (health.status === 503) {
        sawDown = true;
        expect(health.body).toMatchObject({ redis: 'down', unavailable: ['redis'] });
      }
      await sleep(100);
    }
    const { port: newPrimary, at } = await failover;
    expect(newPrimary).toBe(PORTS.replicaPort);
    expect(at - killed.at).toBeLessThan(15_000);
    expect(sawDown).toBe(true);
    expect(during.length).toBeGreaterThan(0);
    // a create and a health check together never waited for Redis (its commands fail fast; /health gives up at 1.5 s)
    expect(slowest).toBeLessThan(3000);

    // the app finds the new primary by itself
    await waitFor(
      async () => (await t.http.get('/health')).body as { redis: string },
      (body) => body.redis === 'up',
      15_000,
    );
    const after = await createLead();
    await followUp(after, 1500); // queued on the new primary: the workers consume from it

    for (const leadId of [before, after])
      await waitFor(
        () => delivered(leadId),
        (rows) => rows.length > 0,
        20_000,
      );
    await sleep(2500);
    for (const leadId of [before, after]) expect(await delivered(leadId)).toHaveLength(1);
    const [{ n }] = await t.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM leads WHERE id = ANY($1::uuid[])`, [
      during,
    ]);
    expect(n).toBe(during.length);
    expect((await keysOf(newPrimary)).filter((key) => !key.startsWith(`{${PREFIX}}:`))).toEqual([]);
  }, 60_000);

  it('follows a failover that demotes a running primary (its connections stay open): queued work reaches the new primary and is delivered once, on time', async () => {
    await ha.restart(PORTS.primaryPort); // the node killed above, back as a replica
    const demoted = await ha.failover();
    const promoted = await ha.waitForFailover(demoted.port);
    expect(promoted.port).toBe(PORTS.primaryPort);
    await sleep(500);
    const lead = await createLead();
    const dueAt = Date.now() + 2000;
    await followUp(lead, 2000);
    // within 6 s of its due time: by the worker itself, not the repair pass (which takes up reminders 10 s overdue)
    await waitFor(
      () => delivered(lead),
      (rows) => rows.length > 0,
      dueAt + 6000 - Date.now(),
    );
    await sleep(2000);
    expect(await delivered(lead)).toHaveLength(1);
    expect((await t.http.get('/health')).body).toMatchObject({ redis: 'up' });
  }, 60_000);

  it('fails the start with a clear message when no Sentinel answers, or they know no master of that name', async () => {
    const dead = await start({ REDIS_SENTINELS: '127.0.0.1:56399', REDIS_SENTINEL_NAME: 'zscrm' });
    expect(dead.code).toBe(1);
    expect(dead.output).toMatch(/Cannot reach Redis master \\?"zscrm\\?" through the Sentinels 127\.0\.0\.1:56399 \(REDIS_SENTINELS\)/);
    const unknown = await start({ ...ha.env, REDIS_SENTINEL_NAME: 'nosuchmaster' });
    expect(unknown.code).toBe(1);
    expect(unknown.output).toMatch(/Cannot reach Redis master \\?"nosuchmaster\\?" through the Sentinels/);
    // two boots of the built app: seconds each, more on a loaded machine
  }, 120_000);
});
