/**
 * reminders: COUNT (10,000) follow-up reminders falling due within one minute, delivered by the real
 * engine (the built app with APP_ROLE=worker: BullMQ delayed jobs → ReminderDeliveryService, row
 * lock, notifications), against a no-op BullMQ worker of the same concurrency on the same Redis with
 * the same number of delayed jobs and the same delays. The due times are spread evenly over one
 * minute starting LEAD_MS after the jobs are prepared.
 *
 * - lateness: when a reminder was handled minus its due time (real: the notification's created_at,
 *   i.e. the start of the delivering transaction; no-op: when the processor ran);
 * - throughput: handled ÷ (last handled − first due), in reminders per second; real ÷ no-op.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { BENCH_DIR, LOG_DIR, log, percentile, progress, round, sleep, table, waitForLog, fmt } from './util.mjs';

const LEAD_MS = 30_000; // room for preparing and enqueueing before the first is due
const WINDOW_MS = 60_000;
const NOOP_QUEUE = 'bench-noop';
const DAY = 86_400_000;

function dueTimes(count, start) {
  return Array.from({ length: count }, (_, i) => Math.round(start + (i / count) * WINDOW_MS));
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

export async function measureReminders({ config, appEnv, appEntry, dist, startProcess }) {
  const count = config.reminders;
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const db = new pg.Client({ connectionString: config.databaseUrl, application_name: 'zscrm-bench' });
  await db.connect();
  const { QUEUE_JOB_DEFAULTS } = dist('modules/reminders/queue.constants.js');
  const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 20);
  try {
    log(`reminders: cleared ${await clearPrefix(redis, config.queuePrefix)} Redis keys under ${config.queuePrefix}:`);
    // Pending reminders that fell due since the data was seeded (or a previous run left) would be
    // delivered in the middle of the measurement: they are marked skipped first.
    const stale = await db.query(`UPDATE reminders SET status = 'skipped', processed_at = now() WHERE status = 'pending' AND due_at < now() + interval '30 minutes'`);
    if (stale.rowCount) log(`reminders: marked ${stale.rowCount} stale pending reminders (due before the run) skipped`);

    // ── the no-op baseline ───────────────────────────────────────────────────────────────────────
    const out = path.join(LOG_DIR, 'noop-result.json');
    fs.rmSync(out, { force: true });
    const noop = startProcess('noop-worker', [path.join(BENCH_DIR, 'noop-worker.mjs')], {
      env: { REDIS_URL: config.redisUrl, QUEUE_PREFIX: config.queuePrefix, NOOP_QUEUE, NOOP_EXPECTED: String(count), NOOP_OUT: out, WORKER_CONCURRENCY: String(concurrency) },
    });
    await waitForLog(noop, /noop worker ready/);
    const noopStart = Date.now() + LEAD_MS;
    const noopDue = dueTimes(count, noopStart);
    const queue = new Queue(NOOP_QUEUE, { connection: redis, prefix: config.queuePrefix, defaultJobOptions: QUEUE_JOB_DEFAULTS.reminders });
    const now = Date.now();
    await queue.addBulk(noopDue.map((due, i) => ({ name: 'deliver-reminder', data: { reminderId: `noop-${i}`, dueAt: due }, opts: { jobId: `rem-noop-${i}-${now}`, delay: Math.max(0, due - now) } })));
    log(`reminders: no-op worker (concurrency ${concurrency}): ${count} delayed jobs due from +${round((noopStart - Date.now()) / 1000, 1)}s over ${WINDOW_MS / 1000}s`);
    const prog = progress('reminders no-op');
    const noopDeadline = noopStart + WINDOW_MS + 120_000;
    while (!fs.existsSync(out) && Date.now() < noopDeadline) {
      if (noop.child.exitCode !== null || noop.child.signalCode !== null) throw new Error(`the no-op worker exited early:\n${noop.tail(5)}`);
      prog.update(`${Math.max(0, Math.round((noopStart + WINDOW_MS - Date.now()) / 1000))}s until the last is due`);
      await sleep(500);
    }
    await noop.stop();
    await queue.close();
    const noopResult = JSON.parse(fs.readFileSync(out, 'utf8'));
    const noopStats = stats(noopResult.done);
    prog.done(`handled ${noopStats.handled}/${count}, lateness p50 ${noopStats.lateness_p50_ms} ms, p99 ${noopStats.lateness_p99_ms} ms, ${noopStats.throughput_per_s}/s`);

    // ── the real engine ──────────────────────────────────────────────────────────────────────────
    log(`reminders: cleared ${await clearPrefix(redis, config.queuePrefix)} Redis keys`);
    const worker = startProcess('worker', [appEntry], { env: appEnv('worker', 0, { WORKER_CONCURRENCY: String(concurrency) }) });
    await waitForLog(worker, /workers started/, 90_000);
    const { rows: picked } = await db.query(`SELECT id FROM leads WHERE deleted_at IS NULL AND status <> 'lost' ORDER BY random() LIMIT $1`, [count]);
    const realStart = Date.now() + LEAD_MS;
    const realDue = dueTimes(count, realStart);
    if (picked.length < count) throw new Error(`only ${picked.length} live leads for ${count} reminders`);
    const ids = picked.map((r) => r.id);
    const dueIso = realDue.map((ms) => new Date(ms).toISOString());
    // The worker's own configuration, as the app reads it from the same environment.
    const appConfig = dist('config/app.config.js').loadAppConfig({ ...process.env, ...appEnv('worker', 0) });
    const escalationMs = appConfig.overdueEscalationMs;
    const overdueIso = realDue.map((ms) => new Date(ms + escalationMs).toISOString());
    // What ReminderScheduler.syncFollowUp writes when a follow-up time is set, for 10,000 leads at once.
    await db.query('BEGIN');
    await db.query(`UPDATE leads l SET next_follow_up_at = d.due, version = l.version + 1, updated_at = now() FROM unnest($1::uuid[], $2::timestamptz[]) AS d(id, due) WHERE l.id = d.id`, [ids, dueIso]);
    await db.query(`UPDATE reminders SET status = 'cancelled', processed_at = now() WHERE lead_id = ANY($1::uuid[]) AND kind IN ('follow_up_due', 'follow_up_overdue') AND status = 'pending'`, [ids]);
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
    // After the commit the app enqueues them with its own producer (deterministic job ids, delays).
    const { ReminderQueue } = dist('modules/reminders/reminder-queue.js');
    const producer = new ReminderQueue(appConfig, null);
    const dispatched = await producer.dispatch(due.map((r) => ({ id: r.id, dueAt: r.due_at })));
    await producer.onApplicationShutdown();
    if (dispatched !== count) throw new Error(`ReminderQueue.dispatch enqueued ${dispatched} of ${count}`);
    if (realStart - Date.now() < 2000) log(`reminders: WARNING: the first reminders were enqueued only ${realStart - Date.now()} ms before they were due`);
    log(`reminders: real engine (APP_ROLE=worker, concurrency ${concurrency}): ${count} reminders due from +${round((realStart - Date.now()) / 1000, 1)}s over ${WINDOW_MS / 1000}s`);
    const reminderIds = due.map((r) => r.id);
    const prog2 = progress('reminders real');
    const deadline = realStart + WINDOW_MS + 120_000;
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
        throw new Error(`the worker exited during the measurement (code ${worker.child.exitCode}, signal ${worker.child.signalCode}) with ${state.pending} reminders pending:\n${worker.tail(5)}`);
      }
      prog2.update(`sent ${state.sent}/${count}, ${Math.max(0, Math.round((realStart + WINDOW_MS - Date.now()) / 1000))}s until the last is due`);
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
    prog2.done(`sent ${state.sent}, skipped ${state.skipped}, pending ${state.pending}; lateness p50 ${realStats.lateness_p50_ms} ms, p99 ${realStats.lateness_p99_ms} ms, ${realStats.throughput_per_s}/s`);

    const result = {
      count,
      delivered: dup[0].delivered,
      duplicates: dup[0].per_reminder + dup[0].per_lead_due,
      throughput_ratio: realStats.throughput_per_s ? round(realStats.throughput_per_s / noopStats.throughput_per_s, 3) : 0,
      lateness_p50_ms: realStats.lateness_p50_ms ?? null,
      lateness_p99_ms: realStats.lateness_p99_ms ?? null,
      worker_concurrency: concurrency,
      window_s: WINDOW_MS / 1000,
      outcome: state,
      real: realStats,
      noop: noopStats,
    };
    table(`reminders (${count} due within ${WINDOW_MS / 1000} s, concurrency ${concurrency})`, ['', 'real engine', 'no-op worker', 'ratio'], [
      ['handled', fmt(result.delivered, 0), fmt(noopStats.handled, 0), ''],
      ['throughput /s', fmt(realStats.throughput_per_s), fmt(noopStats.throughput_per_s), fmt(result.throughput_ratio, 3)],
      ['lateness p50 ms', fmt(realStats.lateness_p50_ms), fmt(noopStats.lateness_p50_ms), ''],
      ['lateness p99 ms', fmt(realStats.lateness_p99_ms), fmt(noopStats.lateness_p99_ms), ''],
      ['duplicates', fmt(result.duplicates, 0), '', ''],
    ]);
    return result;
  } finally {
    await db.end().catch(() => undefined);
    await redis.quit().catch(() => redis.disconnect());
  }
}
