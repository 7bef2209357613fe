/**
 * The no-op baseline for the reminders benchmark: a BullMQ worker with the app's worker settings
 * (same concurrency, lock and stalled-check intervals, same Redis) whose processor does nothing but
 * note when it ran. The benchmark enqueues the same number of delayed jobs with the same delays.
 *
 *   REDIS_URL=… QUEUE_PREFIX=… NOOP_QUEUE=… NOOP_EXPECTED=10000 NOOP_OUT=out.json node bench/noop-worker.mjs
 *
 * Each job's data carries its due time (`dueAt`, ms); when NOOP_EXPECTED jobs have run, the worker
 * writes {"done": [[dueAt, ranAt], …]} to NOOP_OUT and exits.
 */
import fs from 'node:fs';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

const expected = Number(process.env.NOOP_EXPECTED);
const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 20);
const lockDuration = Number(process.env.WORKER_LOCK_MS ?? 30_000);
const connection = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: null, enableOfflineQueue: true });
const done = [];
let finished = false;

const worker = new Worker(
  process.env.NOOP_QUEUE,
  async (job) => {
    done.push([job.data.dueAt, Date.now()]);
    if (done.length >= expected && !finished) {
      finished = true;
      setImmediate(finish);
    }
    return 'noop';
  },
  { connection, prefix: process.env.QUEUE_PREFIX, concurrency, lockDuration, stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)) },
);
worker.on('error', (error) => process.stdout.write(`worker error: ${error.message}\n`));
await worker.waitUntilReady();
process.stdout.write(`noop worker ready (concurrency ${concurrency})\n`);

async function finish() {
  fs.writeFileSync(process.env.NOOP_OUT, JSON.stringify({ done }));
  await worker.close();
  await connection.quit();
  process.exit(0);
}

process.on('SIGTERM', async () => {
  fs.writeFileSync(process.env.NOOP_OUT, JSON.stringify({ done, interrupted: true }));
  await worker.close().catch(() => undefined);
  process.exit(0);
});
