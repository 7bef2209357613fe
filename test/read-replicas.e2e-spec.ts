import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, Server, Socket, connect } from 'node:net';
import { Client } from 'pg';
import { Role } from '../src/modules/users/role.enum';
import { recreateDatabase } from './support/database';
import { leadBody } from './support/factories';
import { auth, TestApp, TestUser } from './support/test-app';
import { TEST_DATABASE_URL, TEST_QUEUE_PREFIX } from './support/test-env';
import { sleep, waitFor } from './support/wait';

/**
 * Read replicas (#23) without a streaming replica: the "replica" is a second database on the same server, a copy of
 * the primary (CREATE DATABASE … TEMPLATE) in which one lead has another name and a lead created later is missing.
 * Which name and which count an answer shows says where it was read.
 */
const withDatabase = (name: string) => {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `${url.pathname}_${name}`;
  return url.toString();
};
const PRIMARY_URL = withDatabase('rr');
const COPY_URL = withDatabase('rr_copy');
/** Nothing listens there (the ports of this helper's own servers, 55430-55439, are not used by the suite). */
const DEAD_URL = 'postgres://postgres:secret@127.0.0.1:55439/nothing';
const MAX_LAG = 'PT2S';

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function onCopy(sql: string, params: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: COPY_URL });
  await client.connect();
  await client.query(sql, params).finally(() => client.end());
}

/** The copy of the primary, taken when nothing is connected to it (a template must be idle). */
async function copyPrimary(): Promise<void> {
  const name = (url: string) => new URL(url).pathname.slice(1);
  await admin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name(COPY_URL)}" WITH (FORCE)`);
    for (let attempt = 1; ; attempt += 1) {
      try {
        await client.query(`CREATE DATABASE "${name(COPY_URL)}" TEMPLATE "${name(PRIMARY_URL)}"`);
        return;
      } catch (error) {
        if (attempt >= 20 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await sleep(250);
      }
    }
  });
}

const replicaOptions = (urls: string) => ({
  DATABASE_URL: PRIMARY_URL,
  QUEUE_PREFIX: `${TEST_QUEUE_PREFIX}-rr`,
  DATABASE_REPLICA_URLS: urls,
  REPLICA_MAX_LAG: MAX_LAG,
  REPLICA_PROBE_EVERY: 'PT0.2S',
});

interface Health {
  replicas?: Array<{ name: string; state: string; lagMs: number | null }>;
}

/** The lead whose name differs on the copy, and a leader who never writes: shared by the suites below, in order. */
let leadId: string;
let reader: TestUser;

describe('ReadSource (read replicas)', () => {
  let t: TestApp;
  let team: string;
  let writer: TestUser;

  const health = async () => (await t.http.get('/health')).body as Health;
  const leadName = async (user: TestUser) => {
    const response = await t.http.get('/api/v1/leads').query({ ids: leadId }).set(auth(user));
    expect(response.status).toBe(200);
    return (response.body as { items: Array<{ name: string }> }).items[0].name;
  };
  const pipelineCount = async (user: TestUser) => {
    const response = await t.http.get('/api/v1/dashboard/pipeline').query({ teamId: team }).set(auth(user));
    expect(response.status).toBe(200);
    return (response.body as { stages: Array<{ stage: string; count: number }> }).stages.find((s) => s.stage === 'lead')!.count;
  };

  beforeAll(async () => {
    await recreateDatabase(PRIMARY_URL);
    const setup = await TestApp.start({ DATABASE_URL: PRIMARY_URL, QUEUE_PREFIX: `${TEST_QUEUE_PREFIX}-rr` });
    team = await setup.createTeam();
    reader = await setup.createUser([Role.Leader]);
    writer = await setup.createUser([Role.Leader], team);
    const created = await setup.http
      .post('/api/v1/leads')
      .set(auth(writer))
      .send(leadBody({ name: '主库的名字', teamId: team }));
    expect(created.status).toBe(201);
    leadId = (created.body as { id: string }).id;
    await setup.close();
    await copyPrimary();
    await onCopy(`UPDATE leads SET name = '副本的名字' WHERE id = $1`, [leadId]);

    t = await TestApp.start(replicaOptions(COPY_URL));
    await waitFor(health, (h) => h.replicas?.[0]?.state === 'in_use', 10_000);
    // written after the copy: on the primary only, and by `writer`, who from now on reads from the primary for the bound
    const second = await t.http
      .post('/api/v1/leads')
      .set(auth(writer))
      .send(leadBody({ name: '第二个', teamId: team }));
    expect(second.status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await admin((client) => client.query(`DROP DATABASE IF EXISTS "${new URL(COPY_URL).pathname.slice(1)}" WITH (FORCE)`));
  });

  it('reads the list, its count, the dashboard and the export from the replica for a user who has not written', async () => {
    expect(await leadName(reader)).toBe('副本的名字');
    const count = await t.http.get('/api/v1/leads/count').query({ teamId: team }).set(auth(reader));
    expect(count.body).toEqual({ total: 1 });
    expect(await pipelineCount(reader)).toBe(1);
    const exported = await t.http.get('/api/v1/leads/export').query({ format: 'csv', teamId: team }).set(auth(reader));
    expect(exported.status).toBe(200);
    expect(exported.text).toContain('副本的名字');
    expect(exported.text).not.toContain('第二个');
  });

  it('reads from the primary for a user who wrote within the bound', async () => {
    expect(await leadName(writer)).toBe('主库的名字');
    expect(await pipelineCount(writer)).toBe(2);
  });

  it('sends the page opened right after a write to the primary, and the same user back to the replica once the bound has passed', async () => {
    const patched = await t.http
      .post(`/api/v1/leads/${leadId}/follow-ups`)
      .set(auth(reader))
      .send({
        type: 'call',
        occurredAt: new Date(Date.now() - 60_000).toISOString(),
        summary: '电话沟通',
      });
    expect(patched.status).toBe(201);
    expect(await leadName(reader)).toBe('主库的名字');
    expect(await pipelineCount(reader)).toBe(2);
    await sleep(2_300);
    expect(await leadName(reader)).toBe('副本的名字');
  });

  it('reports the replica by host and port with its lag on /health, never its credentials', async () => {
    const body = await health();
    expect(body.replicas).toEqual([{ name: new URL(COPY_URL).host, state: 'in_use', lagMs: expect.any(Number) }]);
    expect(body.replicas![0].lagMs).toBeLessThan(2000);
  });

  it('answers from the primary, without an error, when the replica goes away under it', async () => {
    await admin((client) => client.query(`DROP DATABASE "${new URL(COPY_URL).pathname.slice(1)}" WITH (FORCE)`));
    const started = Date.now();
    expect(await leadName(reader)).toBe('主库的名字');
    expect(await pipelineCount(reader)).toBe(2);
    expect(Date.now() - started).toBeLessThan(1000);
    await waitFor(health, (h) => h.replicas?.[0]?.state === 'skipped', 5_000);
    expect(await leadName(reader)).toBe('主库的名字');
  });
});

describe('ReadSource with a replica nothing listens for', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start(replicaOptions(DEAD_URL));
  }, 30_000);

  afterAll(async () => {
    await t?.close();
  });

  it('skips it: reads answer from the primary at once, and /health names it skipped without its password', async () => {
    for (let i = 0; i < 5; i += 1) {
      const started = Date.now();
      const response = await t.http.get('/api/v1/leads').set(auth(reader));
      expect(response.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(1000);
      for (const path of [
        '/api/v1/dashboard/targets',
        '/api/v1/dashboard/breakdown?by=source',
        '/api/v1/dashboard/commissioners',
        '/api/v1/dashboard/warnings',
        '/api/v1/dashboard/credit',
      ]) {
        const dashboard = await t.http.get(path).set(auth(reader));
        expect(dashboard.status).toBe(200);
      }
      await sleep(100);
    }
    const response = await t.http.get('/health');
    expect(response.status).toBe(200);
    expect((response.body as Health).replicas).toEqual([{ name: '127.0.0.1:55439', state: 'skipped', lagMs: null }]);
    expect(response.text).not.toContain('secret');
  });
});

/**
 * A TCP relay to the test server that can freeze: the bytes of open connections stop flowing and new ones are accepted
 * but never answered, as with a replica whose host stopped (SIGSTOP, a lost network) without closing anything.
 */
function freezableRelay(target: URL, port: number): Promise<{ server: Server; freeze: () => void; close: () => Promise<void> }> {
  let frozen = false;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (frozen) return;
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('data', (chunk) => !frozen && upstream.write(chunk));
    upstream.on('data', (chunk) => !frozen && client.write(chunk));
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  });
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () =>
      resolve({
        server,
        freeze: () => (frozen = true),
        close: async () => {
          for (const socket of sockets) socket.destroy();
          await new Promise((done) => server.close(done));
        },
      }),
    ),
  );
}

describe('ReadSource with a replica that freezes', () => {
  const RELAY_PORT = 55434;
  let t: TestApp;
  let relay: Awaited<ReturnType<typeof freezableRelay>>;

  beforeAll(async () => {
    await copyPrimary();
    await onCopy(`UPDATE leads SET name = '副本的名字' WHERE id = $1`, [leadId]);
    relay = await freezableRelay(new URL(COPY_URL), RELAY_PORT);
    const viaRelay = new URL(COPY_URL);
    viaRelay.host = `127.0.0.1:${RELAY_PORT}`;
    t = await TestApp.start(replicaOptions(viaRelay.toString()));
    await waitFor(
      async () => ((await t.http.get('/health')).body as Health).replicas?.[0]?.state,
      (state) => state === 'in_use',
    );
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await relay?.close();
    await admin((client) => client.query(`DROP DATABASE IF EXISTS "${new URL(COPY_URL).pathname.slice(1)}" WITH (FORCE)`));
  });

  it('gives up a read held by the frozen replica once the probe finds it down, and answers from the primary', async () => {
    const list = () => t.http.get('/api/v1/leads').query({ ids: leadId }).set(auth(reader));
    // the replica's pool now holds an idle connection, which the next read takes
    expect(((await list()).body as { items: Array<{ name: string }> }).items[0].name).toBe('副本的名字');
    relay.freeze();
    const started = Date.now();
    const [first, second] = await Promise.all([list(), sleep(300).then(list)]);
    expect(Date.now() - started).toBeLessThan(4000);
    for (const response of [first, second]) {
      expect(response.status).toBe(200);
      expect((response.body as { items: Array<{ name: string }> }).items[0].name).toBe('主库的名字');
    }
    expect(((await t.http.get('/health')).body as Health).replicas?.[0]?.state).toBe('skipped');
  });
});
