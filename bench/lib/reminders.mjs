/**
 * reminders: COUNT (10,000) follow-up reminders falling due within one minute, delivered by the real
 * engine (the built app with APP_ROLE=worker: BullMQ delayed jobs → ReminderDeliveryService, row
 * lock, notifications), against a no-op BullMQ worker of the same concurrency on the same queue
 * backend with the same number of delayed jobs and the same delays. The due times are spread evenly
 * over one minute starting LEAD_MS after the jobs are prepared.
 *
 * Two queue backends, measured the same way (`backend`):
 * - `redis` (key `reminders`): REDIS_URL, keys under the hash tag `{QUEUE_PREFIX}` (cleared first);
 * - `postgres` (key `reminders_pg`): the app's worker started with REDIS_URL unset, so its engine runs
 *   on BullMQ 6's PostgreSQL backend in the bench database (schema `queueSchema(QUEUE_PREFIX)`,
 *   dropped first and recreated by the worker's migration on connect); the no-op worker on the same
 *   backend in a schema of its own (NOOP_PG_SCHEMA, likewise dropped first).
 *
 * - lateness: when a reminder was handled minus its due time (real: the notification's created_at,
 *   i.e. the start of the delivering transaction; no-op: when the processor ran);
 * - throughput: handled ÷ (last handled − first due), in reminders per second; real ÷ no-op.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Queue, createPostgresBackend, withBackend } from 'bullmq';
import { Redis } from 'ioredis';
import { BENCH_DIR, LOG_DIR, holdForecastLock, log, percentile, progress, round, sleep, table, waitForLog, fmt } from './util.mjs';

const LEAD_MS = 30_000; // room for preparing and enqueueing before the first is due
const LEAD_CHUNK = 500; // leads per UPDATE when their follow-up times are set
const WINDOW_MS = 60_000;
const NOOP_QUEUE = 'bench-noop';
const NOOP_PG_SCHEMA = 'bullmq_bench_noop';

/** Due times spread evenly over `window` ms from `start` (0: all at one instant, the burst). */
function dueTimes(count, start, window) {
  return Array.from({ length: count }, (_, i) => Math.round(start + (i / count) * window));
}

async function clearPrefix(redis, prefix) {
  let cursor = '0';
  let removed = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) removed += await redis.del(...keys);
  } while (cursor !== '0');
  return removed;
}

function stats(pairs) {
  // pairs: [dueMs, handledMs]
  const lateness = pairs.map(([due, at]) => at - due);
  const firstDue = Math.min(...pairs.map(([due]) => due));
  const lastDone = Math.max(...pairs.map(([, at]) => at));
  return {
    handled: pairs.length,
    lateness_p50_ms: round(percentile(lateness, 50), 1),
    lateness_p99_ms: round(percentile(lateness, 99), 1),
    lateness_max_ms: round(Math.max(...lateness), 1),
    span_s: round((lastDone - firstDue) / 1000, 2),
    throughput_per_s: round(pairs.length / ((lastDone - firstDue) / 1000), 1),
  };
}

async function dropSchema(db, schema) {
  if (!/^[a-z0-9_]+$/.test(schema)) throw new Error(`unexpected queue schema name ${schema}`);
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1`, [schema]);
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  return rows[0].n > 0;
}

/**
 * backend: 'redis' (the `reminders` key) or 'postgres' (`reminders_pg`); burst: all COUNT due at one instant
 * instead of over a minute (`reminders_burst`, as at the 08:30 digest): `drain_ratio` is the real engine's drain
 * rate (handled ÷ (last handled − due)) over the no-op worker's.
 */
export async function measureReminders({ config, appEnv, appEntry, dist, startProcess, backend = 'redis', burst = false }) {
  const pgBackend = backend === 'postgres';
  const label = `${pgBackend ? 'reminders_pg' : 'reminders'}${burst ? '_burst' : ''}`;
  const window = burst ? 0 : WINDOW_MS;
  const count = config.reminders;
  const redis = pgBackend ? null : new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const db = new pg.Client({ connectionString: config.databaseUrl, application_name: 'zscrm-bench' });
  await db.connect();
  // at 1M leads the worker's scheduled snapshot otherwise starts with it and runs beside the measurement
  const forecastLock = await holdForecastLock(config, dist, 'reminders');
  const { QUEUES, reminderJob } = dist('common/queue/queue.constants.js');
  const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 20);
  // The app's environment for this backend: REDIS_URL unset (empty) puts its queues on PostgreSQL.
  const backendEnv = pgBackend ? { REDIS_URL: '' } : {};
  const appSchema = pgBackend ? dist('common/queue/queue-backend.js').queueSchema(config.queuePrefix) : null;
  // the app's key prefix (`{QUEUE_PREFIX}`, a Redis Cluster hash tag); the no-op worker's queue lives under it too
  const keyPrefix = dist('common/redis/redis-client.js').redisKeyPrefix(config);
  /** Empties the queue store the next measurement uses. */
  const clearQueues = async (what) => {
    if (!pgBackend) return log(`${label}: cleared ${await clearPrefix(redis, keyPrefix)} Redis keys under ${keyPrefix}:`);
    const schema = what === 'noop' ? NOOP_PG_SCHEMA : appSchema;
    log(
      `${label}: ${(await dropSchema(db, schema)) ? 'dropped' : 'no'} queue schema ${schema} in the bench database (the worker recreates it)`,
    );
  };
  try {
    await clearQueues('noop');
    // Pending reminders that fell due since the data was seeded (or a previous run left) would be
    // delivered in the middle of the measurement: they are marked skipped first.
    const stale = await db.query(
      `UPDATE reminders SET status = 'skipped', processed_at = now() WHERE status = 'pending' AND due_at < now() + interval '30 minutes'`,
    );
    if (stale.rowCount) log(`${label}: marked ${stale.rowCount} stale pending reminders (due before the run) skipped`);

    // ── the no-op baseline ───────────────────────────────────────────────────────────────────────
    const out = path.join(LOG_DIR, pgBackend ? 'noop-pg-result.json' : 'noop-result.json');
    fs.rmSync(out, { force: true });
    const noopEnv = pgBackend
      ? { NOOP_BACKEND: 'postgres', DATABASE_URL: config.databaseUrl, NOOP_SCHEMA: NOOP_PG_SCHEMA }
      : { NOOP_BACKEND: 'redis', REDIS_URL: config.redisUrl, NOOP_PREFIX: keyPrefix };
    const noop = startProcess(pgBackend ? 'noop-worker-pg' : 'noop-worker', [path.join(BENCH_DIR, 'noop-worker.mjs')], {
      env: { ...noopEnv, NOOP_QUEUE, NOOP_EXPECTED: String(count), NOOP_OUT: out, WORKER_CONCURRENCY: String(concurrency) },
    });
    await waitForLog(noop, /noop worker ready/);
    const noopStart = Date.now() + LEAD_MS;
    const noopDue = dueTimes(count, noopStart, window);
    let queue;
    if (pgBackend) {
      const { Queue: PgQueue } = withBackend(createPostgresBackend);
      queue = new PgQueue(NOOP_QUEUE, {
        connection: { connectionString: config.databaseUrl, schema: NOOP_PG_SCHEMA, max: 5, migrate: true },
        defaultJobOptions: QUEUES.reminders.jobs,
      });
    } else {
      queue = new Queue(NOOP_QUEUE, { connection: redis, prefix: keyPrefix, defaultJobOptions: QUEUES.reminders.jobs });
    }
    const now = Date.now();
    await queue.addBulk(
      noopDue.map((due, i) => ({
        name: 'deliver-reminder',
        data: { reminderId: `noop-${i}`, dueAt: due },
        opts: { jobId: `rem-noop-${i}-${now}`, delay: Math.max(0, due - now) },
      })),
    );
    if (noopStart - Date.now() < 2000)
      log(`${label}: WARNING: the first no-op jobs were enqueued only ${noopStart - Date.now()} ms before they were due`);
    log(
      `${label}: no-op worker (${backend}, concurrency ${concurrency}): ${count} delayed jobs due from +${round((noopStart - Date.now()) / 1000, 1)}s over ${window / 1000}s`,
    );
    const prog = progress(`${label} no-op`);
    const noopDeadline = noopStart + window + 120_000;
    while (!fs.existsSync(out) && Date.now() < noopDeadline) {
      if (noop.child.exitCode !== null || noop.child.signalCode !== null)
        throw new Error(`the no-op worker exited early:\n${noop.tail(5)}`);
      prog.update(`${Math.max(0, Math.round((noopStart + window - Date.now()) / 1000))}s until the last is due`);
      await sleep(500);
    }
    await noop.stop();
    await queue.close();
    const noopResult = JSON.parse(fs.readFileSync(out, 'utf8'));
    const noopStats = stats(noopResult.done);
    prog.done(
      `handled ${noopStats.handled}/${count}, lateness p50 ${noopStats.lateness_p50_ms} ms, p99 ${noopStats.lateness_p99_ms} ms, ${noopStats.throughput_per_s}/s`,
    );

    // ── the real engine ──────────────────────────────────────────────────────────────────────────
    await clearQueues('app');
    const worker = startProcess(pgBackend ? 'worker-pg' : 'worker', [appEntry], {
      env: appEnv('worker', 0, { WORKER_CONCURRENCY: String(concurrency), ...backendEnv }),
    });
    await waitForLog(worker, /workers started/, 90_000);
    const { rows: picked } = await db.query(
      `SELECT id FROM leads WHERE deleted_at IS NULL AND status <> 'lost' ORDER BY random() LIMIT $1`,
      [count],
    );
    const realStart = Date.now() + LEAD_MS;
    const realDue = dueTimes(count, realStart, window);
    if (picked.length < count) throw new Error(`only ${picked.length} live leads for ${count} reminders`);
    const ids = picked.map((r) => r.id);
    const dueIso = realDue.map((ms) => new Date(ms).toISOString());
    // The worker's own configuration, as the app reads it from the same environment.
    const appConfig = dist('config/app.config.js').loadAppConfig({ ...process.env, ...appEnv('worker', 0, backendEnv) });
    if (Boolean(appConfig.redis) === pgBackend)
      throw new Error(`${label}: the app's configuration has Redis ${appConfig.redis ? 'set' : 'unset'}`);
    const escalationMs = appConfig.overdueEscalationMs;
    const overdueIso = realDue.map((ms) => new Date(ms + escalationMs).toISOString());
    // What ReminderScheduler.syncFollowUp writes when a follow-up time is set, for 10,000 leads at once.
    await db.query('BEGIN');
    // In statements of LEAD_CHUNK leads: before DashboardTriggerSetOps one statement of 10,000 cost ~90 s in the leads'
    // trigger and the lateness measured that preparation; chunks keep the setup short on any schema.
    for (let i = 0; i < ids.length; i += LEAD_CHUNK) {
      await db.query(
        `UPDATE leads l SET next_follow_up_at = d.due, version = l.version + 1, updated_at = now() FROM unnest($1::uuid[], $2::timestamptz[]) AS d(id, due) WHERE l.id = d.id`,
        [ids.slice(i, i + LEAD_CHUNK), dueIso.slice(i, i + LEAD_CHUNK)],
      );
    }
    await db.query(
      `UPDATE reminders SET status = 'cancelled', processed_at = now() WHERE lead_id = ANY($1::uuid[]) AND kind IN ('follow_up_due', 'follow_up_overdue') AND status = 'pending'`,
      [ids],
    );
    const { rows: due } = await db.query(
      `INSERT INTO reminders (kind, dedupe_key, lead_id, due_at, data)
       SELECT 'follow_up_due', 'fud-' || d.id || '-' || (extract(epoch FROM d.due) * 1000)::bigint, d.id, d.due, jsonb_build_object('anchor', d.iso)
       FROM unnest($1::uuid[], $2::timestamptz[], $2::text[]) AS d(id, due, iso)
       RETURNING id, due_at`,
      [ids, dueIso],
    );
    await db.query(
      `INSERT INTO reminders (kind, dedupe_key, lead_id, due_at, data)
       SELECT 'follow_up_overdue', 'fuo-' || d.id || '-' || (extract(epoch FROM d.due) * 1000)::bigint, d.id, d.overdue, jsonb_build_object('anchor', d.iso)
       FROM unnest($1::uuid[], $2::timestamptz[], $2::text[], $3::timestamptz[]) AS d(id, due, iso, overdue)`,
      [ids, dueIso, overdueIso],
    );
    await db.query('COMMIT');
    // After the commit the app enqueues them with its own producer (deterministic job ids, delays), on
    // the backend the same configuration selects (PostgreSQL: the worker's schema of the bench database).
    const { QueueService } = dist('common/queue/queue.service.js');
    const producer = new QueueService(appConfig);
    if (producer.backend.kind !== backend)
      throw new Error(`${label}: the app's producer runs on ${producer.backend.kind}, expected ${backend}`);
    // null: no time-box, as the app's background producers (a busy machine takes over a second for 10,000)
    const dispatched = await producer.enqueue(
      due.map((r) => reminderJob(r.id, r.due_at)),
      null,
    );
    await producer.onApplicationShutdown();
    if (dispatched !== count) throw new Error(`QueueService.enqueue enqueued ${dispatched} of ${count}`);
    const enqueuedBeforeDueMs = realStart - Date.now();
    if (enqueuedBeforeDueMs < 2000)
      log(`${label}: WARNING: the first reminders were enqueued only ${enqueuedBeforeDueMs} ms before they were due`);
    log(
      `${label}: real engine (APP_ROLE=worker, ${producer.backend.describe()}, concurrency ${concurrency}): ${count} reminders due from +${round((realStart - Date.now()) / 1000, 1)}s over ${window / 1000}s`,
    );
    const reminderIds = due.map((r) => r.id);
    const prog2 = progress(`${label} real`);
    const deadline = realStart + window + 120_000;
    let state = { pending: count, sent: 0, skipped: 0 };
    while (Date.now() < deadline) {
      const { rows } = await db.query(
        `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE status = 'skipped')::int AS skipped
         FROM reminders WHERE id = ANY($1::uuid[])`,
        [reminderIds],
      );
      state = rows[0];
      if (state.pending === 0) break;
      if (worker.child.exitCode !== null || worker.child.signalCode !== null) {
        throw new Error(
          `the worker exited during the measurement (code ${worker.child.exitCode}, signal ${worker.child.signalCode}) with ${state.pending} reminders pending:\n${worker.tail(5)}`,
        );
      }
      prog2.update(
        `sent ${state.sent}/${count}, ${Math.max(0, Math.round((realStart + window - Date.now()) / 1000))}s until the last is due`,
      );
      await sleep(1000);
    }
    await sleep(2000); // let a duplicate delivery, if the engine made one, land before counting
    await worker.stop();
    const { rows: notes } = await db.query(
      `SELECT (extract(epoch FROM r.due_at) * 1000)::float8 AS due, (extract(epoch FROM n.created_at) * 1000)::float8 AS at
       FROM notifications n JOIN reminders r ON r.id = n.reminder_id WHERE r.id = ANY($1::uuid[])`,
      [reminderIds],
    );
    const { rows: dup } = await db.query(
      `SELECT (SELECT count(*)::int FROM (SELECT 1 FROM notifications WHERE reminder_id = ANY($1::uuid[]) GROUP BY reminder_id, user_id HAVING count(*) > 1) a) AS per_reminder,
              (SELECT count(*)::int FROM (SELECT 1 FROM notifications WHERE lead_id = ANY($2::uuid[]) AND kind = 'follow_up_due' AND due_at = ANY($3::timestamptz[])
                                          GROUP BY lead_id, due_at, user_id HAVING count(*) > 1) b) AS per_lead_due,
              (SELECT count(DISTINCT reminder_id)::int FROM notifications WHERE reminder_id = ANY($1::uuid[])) AS delivered`,
      [reminderIds, ids, dueIso],
    );
    const realStats = notes.length ? stats(notes.map((n) => [n.due, n.at])) : { handled: 0 };
    prog2.done(
      `sent ${state.sent}, skipped ${state.skipped}, pending ${state.pending}; lateness p50 ${realStats.lateness_p50_ms} ms, p99 ${realStats.lateness_p99_ms} ms, ${realStats.throughput_per_s}/s`,
    );

    const result = {
      count,
      delivered: dup[0].delivered,
      duplicates: dup[0].per_reminder + dup[0].per_lead_due,
      throughput_ratio: realStats.throughput_per_s ? round(realStats.throughput_per_s / noopStats.throughput_per_s, 3) : 0,
      ...(burst ? { drain_ratio: realStats.throughput_per_s ? round(realStats.throughput_per_s / noopStats.throughput_per_s, 3) : 0 } : {}),
      lateness_p50_ms: realStats.lateness_p50_ms ?? null,
      lateness_p99_ms: realStats.lateness_p99_ms ?? null,
      worker_concurrency: concurrency,
      window_s: window / 1000,
      // negative: the first reminders fell due before they were all enqueued, and the lateness counts the preparation
      enqueued_before_due_ms: enqueuedBeforeDueMs,
      outcome: state,
      real: realStats,
      noop: noopStats,
    };
    if (pgBackend) Object.assign(result, { backend, queue_schema: appSchema, noop_schema: NOOP_PG_SCHEMA });
    table(
      `${label}: BullMQ on ${pgBackend ? 'PostgreSQL' : 'Redis'} (${count} due ${burst ? 'at one instant' : `within ${window / 1000} s`}, concurrency ${concurrency})`,
      ['', 'real engine', 'no-op worker', 'ratio'],
      [
        ['handled', fmt(result.delivered, 0), fmt(noopStats.handled, 0), ''],
        ['throughput /s', fmt(realStats.throughput_per_s), fmt(noopStats.throughput_per_s), fmt(result.throughput_ratio, 3)],
        ['lateness p50 ms', fmt(realStats.lateness_p50_ms), fmt(noopStats.lateness_p50_ms), ''],
        ['lateness p99 ms', fmt(realStats.lateness_p99_ms), fmt(noopStats.lateness_p99_ms), ''],
        ['duplicates', fmt(result.duplicates, 0), '', ''],
      ],
    );
    return result;
  } finally {
    await forecastLock.release();
    await db.end().catch(() => undefined);
    await redis?.quit().catch(() => redis.disconnect());
  }
}

/** The reminder figures of both queue backends side by side (either may be missing). */
export function printRemindersSideBySide({ redis, postgres, fromFile = {} }) {
  const col = (r) => (f) => (r ? f(r) : '–');
  const R = col(redis);
  const P = col(postgres);
  const row = (name, f) => [name, R(f), P(f)];
  const head = (name, r, file) => `${name}${r && file ? ' (results.json)' : ''}`;
  const counts = [...new Set([redis?.count, postgres?.count].filter(Boolean))].join(' / ');
  table(
    `reminders on both queue backends (${counts} due within ${WINDOW_MS / 1000} s)`,
    ['', head('Redis', redis, fromFile.redis), head('PostgreSQL', postgres, fromFile.postgres)],
    [
      row('count', (r) => fmt(r.count, 0)),
      row('delivered', (r) => fmt(r.delivered, 0)),
      row('duplicates', (r) => fmt(r.duplicates, 0)),
      row('throughput /s', (r) => fmt(r.real?.throughput_per_s)),
      row('no-op throughput /s', (r) => fmt(r.noop?.throughput_per_s)),
      row('throughput_ratio', (r) => fmt(r.throughput_ratio, 3)),
      row('lateness p50 ms', (r) => fmt(r.lateness_p50_ms)),
      row('lateness p99 ms', (r) => fmt(r.lateness_p99_ms)),
      row('lateness max ms', (r) => fmt(r.real?.lateness_max_ms)),
      row('no-op lateness p50 ms', (r) => fmt(r.noop?.lateness_p50_ms)),
      row('no-op lateness p99 ms', (r) => fmt(r.noop?.lateness_p99_ms)),
      row('worker concurrency', (r) => fmt(r.worker_concurrency, 0)),
    ],
  );
}
