/**
 * The no-op baseline for the reminders benchmark: a BullMQ worker with the app's worker settings
 * (same concurrency, lock and stalled-check intervals, same queue backend) whose processor does
 * nothing but note when it ran. The benchmark enqueues the same number of delayed jobs with the same
 * delays.
 *
 *   REDIS_URL=… NOOP_PREFIX='{…}' NOOP_QUEUE=… NOOP_EXPECTED=10000 NOOP_OUT=out.json node bench/noop-worker.mjs
 *   NOOP_BACKEND=postgres DATABASE_URL=… NOOP_SCHEMA=bullmq_bench_noop NOOP_QUEUE=… NOOP_EXPECTED=… NOOP_OUT=… node bench/noop-worker.mjs
 *
 * NOOP_BACKEND is `redis` (default: Redis at REDIS_URL, keys under NOOP_PREFIX, the app's hash-tagged prefix) or `postgres`
 * (BullMQ 6's PostgreSQL backend, `withBackend(createPostgresBackend)`, in the schema NOOP_SCHEMA of
 * DATABASE_URL, created on connect; the same pool size as the app's PostgreSQL queue connections).
 *
 * Each job's data carries its due time (`dueAt`, ms); when NOOP_EXPECTED jobs have run, the worker
 * writes {"done": [[dueAt, ranAt], …]} to NOOP_OUT and exits.
 */
import fs from 'node:fs';
import { Worker, createPostgresBackend, withBackend } from 'bullmq';
import { Redis } from 'ioredis';

const backend = process.env.NOOP_BACKEND ?? 'redis';
const expected = Number(process.env.NOOP_EXPECTED);
const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 20);
const lockDuration = Number(process.env.WORKER_LOCK_MS ?? 30_000);
const options = { concurrency, lockDuration, stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)) };
const done = [];
let finished = false;

async function processor(job) {
  done.push([job.data.dueAt, Date.now()]);
  if (done.length >= expected && !finished) {
    finished = true;
    setImmediate(finish);
  }
  return 'noop';
}

let connection = null;
let worker;
if (backend === 'postgres') {
  if (!process.env.DATABASE_URL || !process.env.NOOP_SCHEMA) throw new Error('NOOP_BACKEND=postgres needs DATABASE_URL and NOOP_SCHEMA');
  const { Worker: PgWorker } = withBackend(createPostgresBackend);
  // as the app's QueueBackend.pgConnection(): its own schema, max 5, migrated on connect
  worker = new PgWorker(process.env.NOOP_QUEUE, processor, {
    ...options,
    connection: { connectionString: process.env.DATABASE_URL, schema: process.env.NOOP_SCHEMA, max: 5, migrate: true },
  });
} else if (backend === 'redis') {
  connection = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: null, enableOfflineQueue: true });
  worker = new Worker(process.env.NOOP_QUEUE, processor, { ...options, connection, prefix: process.env.NOOP_PREFIX });
} else {
  throw new Error(`NOOP_BACKEND must be redis or postgres, got ${backend}`);
}
worker.on('error', (error) => process.stdout.write(`worker error: ${error.message}\n`));
await worker.waitUntilReady();
process.stdout.write(`noop worker ready (${backend}, concurrency ${concurrency})\n`);

async function finish() {
  fs.writeFileSync(process.env.NOOP_OUT, JSON.stringify({ done }));
  await worker.close();
  await connection?.quit();
  process.exit(0);
}

process.on('SIGTERM', async () => {
  fs.writeFileSync(process.env.NOOP_OUT, JSON.stringify({ done, interrupted: true }));
  await worker.close().catch(() => undefined);
  process.exit(0);
});
