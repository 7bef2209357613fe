#!/usr/bin/env node
/**
 * `npm run test:topology` (#23): the production topology on this machine, under load, with parts of it killed.
 *
 * Starts, all of its own on its own ports (the machine's PostgreSQL and Redis are not touched): a PostgreSQL
 * primary and a streaming replica made with pg_basebackup (pg-replica.mjs), a Redis primary, a replica and three
 * Sentinels (redis-ha.mjs), three API processes (APP_ROLE=api) behind a round-robin proxy (proxy.mjs) and two
 * workers (APP_ROLE=worker), all from the built app (dist/). Then a bounded load (TOPOLOGY_SECONDS, default 75 s,
 * TOPOLOGY_CLIENTS, default 4) of lead creates (Idempotency-Key, retried until acknowledged), stage moves,
 * follow-ups whose reminders fall due during the run, and reads (list, count, dashboard) as a leader; during it:
 * SIGKILL of the Redis primary (Sentinel fails over), SIGKILL of one API and of one worker, the PostgreSQL replica
 * stopped. Afterwards it checks and prints: every acknowledged create is in the primary; every due reminder was
 * delivered, once; errors happened only within ERROR_WINDOW_MS after a kill; no read was older than
 * REPLICA_MAX_LAG; and the figures (requests, errors and their window, reminders due/delivered/duplicated,
 * lateness, max replica lag seen). Exit 1 when a check fails, 2 when this machine cannot run it.
 *
 * Needs: `npx tsc -p tsconfig.build.json` (dist/), redis-server and redis-cli, PostgreSQL 15's binaries
 * (/usr/lib/postgresql/15/bin, or PG_BIN). Logs: bench/.logs/topology-*.log and the Redis/PostgreSQL logs in
 * TOPOLOGY_DIR (default a fresh directory under the system's tmp, removed at the end unless TOPOLOGY_KEEP=1).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { ROOT, percentile, startProcess, stopAll, waitForHttp } from '../../bench/lib/util.mjs';
import { BENCH_PASSWORD, seedIfNeeded } from '../../bench/lib/seed.mjs';
import { startPrimary, startReplica, stopReplica, teardown } from './pg-replica.mjs';
import { startProxy } from './proxy.mjs';
import { redisHaUnavailable, startRedisHa } from './redis-ha.mjs';

const env = process.env;
const SECONDS = Number(env.TOPOLOGY_SECONDS ?? 75);
const CLIENTS = Number(env.TOPOLOGY_CLIENTS ?? 4);
/**
 * The ports, from this run's ranges (56370–56399 for Redis, 57000–57099 for the rest), each checked free first (other
 * programs' ephemeral ports fall in these ranges too): PostgreSQL primary and replica, three APIs, the proxy; Redis
 * primary, replica and three Sentinels.
 */
const PORTS = await (async () => {
  const taken = new Set();
  const take = async (from, to) => {
    for (let port = from; port <= to; port++) if (!taken.has(port) && (await isFree(port))) return taken.add(port) && port;
    throw new Error(`no free port in ${from}–${to}`);
  };
  const some = async (n, from, to) => {
    const ports = [];
    for (let i = 0; i < n; i++) ports.push(await take(from, to));
    return ports;
  };
  const [pgPrimary, pgReplica, proxy, ...apis] = await some(6, 57000, 57099);
  const [primaryPort, replicaPort, ...sentinelPorts] = await some(5, 56370, 56399);
  return { pgPrimary, pgReplica, apis, proxy, redis: { primaryPort, replicaPort, sentinelPorts } };
})();

function isFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}
/** When, in seconds after the load starts, each part is killed. */
const KILLS = [
  { at: 0.2, what: 'redis-primary', label: 'Redis primary SIGKILLed' },
  { at: 0.4, what: 'api', label: 'API 2 of 3 SIGKILLed' },
  { at: 0.5, what: 'worker', label: 'worker 1 of 2 SIGKILLed' },
  { at: 0.65, what: 'pg-replica', label: 'PostgreSQL replica stopped' },
];
/** Errors are allowed only this long after a kill. */
const ERROR_WINDOW_MS = 20_000;
const REPLICA_MAX_LAG_MS = 5000;
/** Follow-ups stop this long before the load ends, so their reminders fall due while the system still runs. */
const FOLLOW_UP_CUTOFF_MS = 20_000;

const started = Date.now();
const say = (message) => process.stdout.write(`[topology ${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${message}\n`);

const distMain = path.join(ROOT, 'dist', 'main.js');
if (!fs.existsSync(distMain)) {
  console.error('dist/main.js is missing: build the server first (`npx tsc -p tsconfig.build.json`)');
  process.exit(2);
}
const missing = redisHaUnavailable();
if (missing) {
  console.error(`cannot run the topology test: ${missing}`);
  process.exit(2);
}
const requireDist = createRequire(distMain);
const dist = (file) => requireDist(path.join(ROOT, 'dist', file));
requireDist('reflect-metadata');

const dir = env.TOPOLOGY_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'zscrm-topology-'));
// PostgreSQL's tools run as the postgres user (we may be root): it must be able to reach its directories below
fs.chmodSync(dir, 0o711);
const pgDir = path.join(dir, 'pg');
let redisHa = null;
let proxy = null;
/** The run's own connection to the primary (figures and checks). */
let db = null;
let cleaned = false;
async function cleanUp() {
  if (cleaned) return;
  cleaned = true;
  await db?.end().catch(() => undefined);
  await stopAll();
  await proxy?.close().catch(() => undefined);
  await redisHa?.stop().catch(() => undefined);
  await teardown({ baseDir: pgDir }).catch((error) => say(`PostgreSQL teardown: ${error.message}`));
  if (env.TOPOLOGY_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    say(`${signal}: stopping what this run started`);
    void cleanUp().finally(() => process.exit(130));
  });
}

// ── figures ────────────────────────────────────────────────────────────────────────────────────────────────────
const requests = { create: 0, transition: 0, followUp: 0, read: 0, login: 0 };
/** Every failed attempt: when (ms since the epoch), which operation, and the status or error. */
const errors = [];
/** Acknowledged creates: lead id and when the 201 came. */
const acked = [];
/** Follow-ups acknowledged: the lead and the due time of its reminder. */
const followUps = [];
const staleness = { reads: 0, maxMs: 0, violations: 0 };
const lag = { maxMs: 0, samples: 0 };
/** The replica as the APIs' /health reports it: the largest lag and how often it was in use or skipped. */
const appLag = { maxMs: 0, states: {} };
const kills = [];
/** Each time an API's /health said Redis was not up: the API's port and for how long (ms). */
const redisSeenDown = [];

async function call(base, method, url, { token, body, key } = {}) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (key) headers['idempotency-key'] = key;
  const response = await fetch(`${base}${url}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** One user action: retried (same Idempotency-Key) until it is answered with `ok`, or the deadline passes. */
async function act(op, base, method, url, options, ok, deadline) {
  const key = method === 'GET' ? undefined : randomUUID();
  for (;;) {
    requests[op] += 1;
    try {
      const answer = await call(base, method, url, { ...options, key });
      if (ok.includes(answer.status)) return answer;
      errors.push({ at: Date.now(), op, error: `${answer.status} ${answer.body?.code ?? ''}`.trim() });
      if (answer.status >= 400 && answer.status < 500 && answer.status !== 429) return null;
    } catch (error) {
      errors.push({ at: Date.now(), op, error: error.cause?.code ?? error.name });
    }
    if (Date.now() > deadline) return null;
    await sleep(250);
  }
}

async function main() {
  say(`directory ${dir}; load ${SECONDS}s × ${CLIENTS} clients`);
  // ── PostgreSQL: primary, data, then the replica (pg_basebackup copies the seeded data) ─────────────────────────
  const primary = await startPrimary({ baseDir: pgDir, port: PORTS.pgPrimary });
  say(`PostgreSQL primary on ${PORTS.pgPrimary}`);
  const { Logger } = requireDist('@nestjs/common');
  Logger.overrideLogger(['warn', 'error']);
  await dist('database/prepare-database.js').prepareDatabase(primary.url);
  const { people } = await seedIfNeeded({ databaseUrl: primary.url, leads: 2000, require: (file) => dist(file) });
  db = new pg.Client({ connectionString: primary.url, application_name: 'zscrm-topology' });
  db.on('error', (error) => say(`the run's PostgreSQL connection: ${error.message}`));
  await db.connect();
  // the seeded pending reminders would fall due in the middle of the run: only the run's own are counted
  await db.query(
    `UPDATE reminders SET status = 'skipped', processed_at = now() WHERE status = 'pending' AND due_at < now() + interval '1 day'`,
  );
  const replica = await startReplica({ baseDir: pgDir, primaryPort: PORTS.pgPrimary, port: PORTS.pgReplica });
  say(`PostgreSQL replica on ${PORTS.pgReplica} (pg_basebackup, streaming)`);

  // ── Redis: primary, replica, three Sentinels ───────────────────────────────────────────────────────────────────
  redisHa = await startRedisHa({ dir: path.join(dir, 'redis'), ...PORTS.redis, log: say });

  // ── the app: three APIs, two workers ───────────────────────────────────────────────────────────────────────────
  const jwtSecret = randomBytes(24).toString('hex');
  const appEnv = (role, port) => ({
    NODE_ENV: 'production',
    APP_ROLE: role,
    PORT: String(port),
    DATABASE_URL: primary.url,
    DATABASE_REPLICA_URLS: replica.url,
    REPLICA_MAX_LAG: `PT${REPLICA_MAX_LAG_MS / 1000}S`,
    REDIS_URL: '',
    ...redisHa.env,
    QUEUE_PREFIX: 'zscrm-topology',
    JWT_SECRET: jwtSecret,
    LOGIN_MAX_ATTEMPTS: '1000',
    DB_POOL_SIZE: '5',
    RECONCILE_EVERY: 'PT5S',
    WORKER_LOCK_MS: '5000',
    WORKER_CONCURRENCY: '5',
    LOG_LEVEL: 'warn',
  });
  const entry = path.join(ROOT, 'bench', 'start-app.cjs');
  const apis = PORTS.apis.map((port, i) => startProcess(`topology-api${i + 1}`, [entry], { env: appEnv('api', port) }));
  const workers = [1, 2].map((n) => startProcess(`topology-worker${n}`, [entry], { env: appEnv('worker', 0) }));
  await Promise.all(apis.map((api, i) => waitForHttp(api, `http://127.0.0.1:${PORTS.apis[i]}/health`, 120_000)));
  proxy = await startProxy({ port: PORTS.proxy, backends: PORTS.apis });
  const base = proxy.url;
  say(`3 APIs behind ${base}, 2 workers`);

  // ── users ──────────────────────────────────────────────────────────────────────────────────────────────────────
  const login = async (username) => {
    const answer = await act(
      'login',
      base,
      'POST',
      '/api/v1/auth/login',
      { body: { username, password: BENCH_PASSWORD } },
      [200, 201],
      Date.now() + 30_000,
    );
    if (!answer) throw new Error(`cannot log in as ${username}`);
    return answer.body.accessToken;
  };
  const promoters = [];
  for (let i = 1; i <= CLIENTS; i++) promoters.push(await login(`bench_t01_p${i}`));
  const leader = await login(people.leader.username);
  const [{ n: baseline }] = (await db.query(`SELECT count(*)::int AS n FROM leads WHERE deleted_at IS NULL`)).rows;
  await sleep(3000); // the workers' start-up repair and schedulers

  // ── the load, and the kills ────────────────────────────────────────────────────────────────────────────────────
  const loadStart = Date.now();
  const loadEnd = loadStart + SECONDS * 1000;
  const killers = KILLS.map(async (kill) => {
    await sleep(kill.at * SECONDS * 1000);
    const at = Date.now();
    if (kill.what === 'redis-primary') {
      const killed = await redisHa.killPrimary();
      redisHa.waitForFailover(killed.port).then(
        (promoted) => {
          kill.recoveredMs = promoted.at - killed.at;
          say(`Sentinel promoted ${promoted.port} ${kill.recoveredMs} ms after the kill`);
        },
        (error) => say(`failover: ${error.message}`),
      );
    } else if (kill.what === 'api') apis[1].child.kill('SIGKILL');
    else if (kill.what === 'worker') workers[0].child.kill('SIGKILL');
    else await stopReplica({ baseDir: pgDir, port: PORTS.pgReplica });
    kill.atMs = at;
    kills.push(kill);
    say(kill.label);
  });
  // Redis as each API sees it (its GET /health every 500 ms): how long it was not `up`
  const healthWatch = PORTS.apis.map(async (port) => {
    let downSince = null;
    while (Date.now() < loadEnd) {
      const answer = await call(`http://127.0.0.1:${port}`, 'GET', '/health').catch(() => null);
      if (answer) {
        for (const replica of answer.body?.replicas ?? []) {
          appLag.states[replica.state] = (appLag.states[replica.state] ?? 0) + 1;
          if (replica.lagMs !== null) appLag.maxMs = Math.max(appLag.maxMs, replica.lagMs);
        }
        const up = answer.body?.redis === 'up';
        if (!up && downSince === null) downSince = Date.now();
        if (up && downSince !== null) {
          redisSeenDown.push({ api: port, ms: Date.now() - downSince });
          downSince = null;
        }
      }
      await sleep(500);
    }
    if (downSince !== null) redisSeenDown.push({ api: port, ms: Date.now() - downSince, still: true });
  });
  const lagWatch = (async () => {
    while (Date.now() < loadEnd) {
      const { rows } = await db
        .query(`SELECT COALESCE(EXTRACT(EPOCH FROM replay_lag) * 1000, 0)::float AS ms FROM pg_stat_replication`)
        .catch(() => ({ rows: [] }));
      for (const row of rows) lag.maxMs = Math.max(lag.maxMs, row.ms);
      lag.samples += 1;
      await sleep(500);
    }
  })();
  const writer = async (token) => {
    const mine = [];
    while (Date.now() < loadEnd) {
      const roll = Math.random();
      const deadline = Date.now() + 30_000;
      if (roll < 0.45 || mine.length === 0) {
        const answer = await act('create', base, 'POST', '/api/v1/leads', { token, body: leadBody() }, [201], deadline);
        if (answer) {
          acked.push({ id: answer.body.id, at: Date.now() });
          mine.push({ id: answer.body.id, version: answer.body.version, followedUp: false, onHold: false });
        }
      } else if (roll < 0.75) {
        const lead = mine.find((l) => !l.followedUp);
        if (lead && Date.now() < loadEnd - FOLLOW_UP_CUTOFF_MS) {
          const dueAt = Date.now() + 3000 + Math.floor(Math.random() * 12_000);
          const body = {
            type: 'call',
            occurredAt: new Date().toISOString(),
            summary: '电话沟通',
            nextFollowUpAt: new Date(dueAt).toISOString(),
          };
          const answer = await act('followUp', base, 'POST', `/api/v1/leads/${lead.id}/follow-ups`, { token, body }, [201], deadline);
          lead.followedUp = true;
          if (answer) followUps.push({ leadId: lead.id, dueAt });
        }
      } else {
        // as the console does: read the lead (its version moves with follow-ups too), then move it
        const lead = mine[Math.floor(Math.random() * mine.length)];
        const current = await act('read', base, 'GET', `/api/v1/leads/${lead.id}`, { token }, [200], deadline);
        if (!current) continue;
        Object.assign(lead, { version: current.body.version, onHold: current.body.status === 'on_hold' });
        const body = lead.onHold ? { to: 'active', version: lead.version } : { to: 'on_hold', version: lead.version, note: '企业内部调整' };
        const answer = await act('transition', base, 'POST', `/api/v1/leads/${lead.id}/transitions`, { token, body }, [200], deadline);
        if (answer) Object.assign(lead, { version: answer.body.version, onHold: answer.body.status === 'on_hold' });
      }
      await sleep(100);
    }
  };
  const reader = async () => {
    const reads = ['/api/v1/leads?limit=20', '/api/v1/dashboard/pipeline', '/api/v1/leads/count'];
    let i = 0;
    while (Date.now() < loadEnd) {
      const url = reads[i++ % reads.length];
      const readAt = Date.now();
      const answer = await act('read', base, 'GET', url, { token: leader }, [200], readAt + 10_000);
      if (answer && url.endsWith('/count')) judgeStaleness(readAt, answer.body.total - baseline);
      await sleep(150);
    }
  };
  await Promise.all([...promoters.map(writer), reader(), lagWatch, ...healthWatch, ...killers]);
  say(`load over: ${Object.values(requests).reduce((a, b) => a + b, 0)} requests`);

  // ── afterwards ─────────────────────────────────────────────────────────────────────────────────────────────────
  const leadIds = followUps.map((f) => f.leadId);
  const lastDue = Math.max(0, ...followUps.map((f) => f.dueAt));
  const settle = async () => {
    const { rows } = await db.query(
      `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending FROM reminders WHERE lead_id = ANY($1::uuid[]) AND kind = 'follow_up_due' AND due_at <= now()`,
      [leadIds],
    );
    return rows[0].pending;
  };
  const settleDeadline = Math.max(Date.now(), lastDue) + 60_000;
  while ((await settle()) > 0 && Date.now() < settleDeadline) await sleep(1000);
  await sleep(3000); // a late duplicate would show up here
  const reminders = (
    await db.query(
      `SELECT r.id, r.lead_id, r.due_at, r.status,
              count(n.id)::int AS notifications, min(n.created_at) AS delivered_at
       FROM reminders r LEFT JOIN notifications n ON n.reminder_id = r.id
       WHERE r.lead_id = ANY($1::uuid[]) AND r.kind = 'follow_up_due' AND r.due_at <= now()
       GROUP BY r.id`,
      [leadIds],
    )
  ).rows;
  const perLead = (
    await db.query(
      `SELECT lead_id, count(*)::int AS n FROM notifications WHERE lead_id = ANY($1::uuid[]) AND kind = 'follow_up_due' GROUP BY lead_id`,
      [leadIds],
    )
  ).rows;
  const present = (await db.query(`SELECT id FROM leads WHERE id = ANY($1::uuid[])`, [acked.map((a) => a.id)])).rows.length;
  const [{ n: finalCount }] = (await db.query(`SELECT count(*)::int AS n FROM leads WHERE deleted_at IS NULL`)).rows;
  const apiCount = await call(base, 'GET', '/api/v1/leads/count', { token: leader }).catch(() => null);

  const delivered = reminders.filter((r) => r.notifications > 0);
  const duplicated =
    reminders.reduce((sum, r) => sum + Math.max(0, r.notifications - 1), 0) + perLead.reduce((sum, r) => sum + Math.max(0, r.n - 1), 0);
  const lateness = delivered.map((r) => new Date(r.delivered_at).getTime() - new Date(r.due_at).getTime());
  const windows = errorWindows();
  const outside = errors.filter((e) => !windows.some((w) => e.at >= w.atMs && e.at <= w.atMs + ERROR_WINDOW_MS));

  const figures = {
    duration_s: SECONDS,
    clients: CLIENTS + 1,
    requests: { total: Object.values(requests).reduce((a, b) => a + b, 0), ...requests },
    proxy: proxy.counts,
    errors: {
      total: errors.length,
      outside_windows: outside.length,
      by_kill: windows.map(({ label, count, firstMs, lastMs, kinds }) => ({ label, count, firstMs, lastMs, kinds })),
    },
    failover_ms: kills.find((k) => k.what === 'redis-primary')?.recoveredMs ?? null,
    redis_down_in_health_ms: redisSeenDown,
    creates: { acknowledged: acked.length, present_in_primary: present },
    reminders: {
      due: reminders.length,
      follow_ups_acknowledged: followUps.length,
      delivered: delivered.length,
      duplicated,
      lateness_p50_ms: round(percentile(lateness, 50)),
      lateness_max_ms: round(lateness.length ? Math.max(...lateness) : null),
      /** queued while Redis failed over (the enqueue fails fast), delivered by the reconciler's repair pass */
      later_than_5s: lateness.filter((ms) => ms > 5000).length,
    },
    reads: {
      counted: staleness.reads,
      max_staleness_ms: round(staleness.maxMs),
      older_than_bound: staleness.violations,
      bound_ms: REPLICA_MAX_LAG_MS,
    },
    replica_lag_max_ms: { pg_stat_replication: round(lag.maxMs), app_health: round(appLag.maxMs) },
    replica_health_samples: appLag.states,
    lead_count: { primary: finalCount, api: apiCount?.body?.total ?? null },
  };
  const checks = [
    ['every acknowledged create is in the primary', present === acked.length && acked.length > 0],
    ['every due reminder was delivered', delivered.length === reminders.length && reminders.length > 0],
    ['no reminder was delivered twice', duplicated === 0],
    ['every acknowledged follow-up has its reminder', reminders.length === followUps.length],
    [`errors only within ${ERROR_WINDOW_MS / 1000}s after a kill`, outside.length === 0],
    [`no read older than REPLICA_MAX_LAG (${REPLICA_MAX_LAG_MS / 1000}s)`, staleness.violations === 0],
    ['the Sentinels failed over', figures.failover_ms !== null],
    ['every API found the new Redis primary', redisSeenDown.every((d) => !d.still)],
    ['the API counts what the primary holds at the end', figures.lead_count.api === finalCount],
  ];
  process.stdout.write(`\n${JSON.stringify(figures, null, 2)}\n\n`);
  for (const [label, ok] of checks) process.stdout.write(`${ok ? 'ok  ' : 'FAIL'}  ${label}\n`);
  if (outside.length) process.stdout.write(`errors outside the windows: ${JSON.stringify(outside.slice(0, 10))}\n`);
  return checks.every(([, ok]) => ok);
}

/** A count read at `readAt` saw `seen` of the run's creates: how far behind the acknowledged creates was it? */
function judgeStaleness(readAt, seen) {
  staleness.reads += 1;
  const before = acked.filter((a) => a.at < readAt).sort((a, b) => a.at - b.at);
  if (seen >= before.length) return;
  const missedSince = readAt - before[Math.max(0, seen)].at;
  staleness.maxMs = Math.max(staleness.maxMs, missedSince);
  // a second of slack: the replica's position is probed every REPLICA_PROBE_EVERY (1 s)
  if (missedSince > REPLICA_MAX_LAG_MS + 1000) staleness.violations += 1;
}

/** The errors that followed each kill (each error counts for the latest kill before it). */
function errorWindows() {
  const ordered = [...kills].sort((a, b) => a.atMs - b.atMs);
  return ordered.map((kill, i) => {
    const until = ordered[i + 1]?.atMs ?? Infinity;
    const mine = errors.filter((e) => e.at >= kill.atMs && e.at < until);
    const kinds = {};
    for (const e of mine) kinds[`${e.op} ${e.error}`] = (kinds[`${e.op} ${e.error}`] ?? 0) + 1;
    return {
      ...kill,
      count: mine.length,
      firstMs: mine.length ? mine[0].at - kill.atMs : null,
      lastMs: mine.length ? mine[mine.length - 1].at - kill.atMs : null,
      kinds,
    };
  });
}

let serial = Math.floor(Math.random() * 1e6);
function leadBody() {
  serial += 1;
  return {
    name: `拓扑测试项目${serial}`,
    companyName: `拓扑测试企业${serial}有限公司`,
    industryCode: 'IT01',
    source: 'industry_chain',
    sourceCity: '深圳',
    plannedInvestment: 50000,
    landAreaMu: 100,
  };
}

const round = (value) => (value === null || value === undefined || Number.isNaN(value) ? null : Math.round(value));

let passed = false;
try {
  passed = await main();
} catch (error) {
  say(`failed: ${error.stack ?? error.message}`);
} finally {
  await cleanUp();
}
say(passed ? 'topology test passed' : 'topology test FAILED');
process.exit(passed ? 0 : 1);
