import { expect } from '@jest/globals';
import { Redis } from 'ioredis';
import { auth, TestApp, TestUser } from './test-app';
import { TEST_REDIS_URL } from './test-env';
import { sleep, waitFor } from './wait';

/** Seconds instead of days, so escalations happen while the test watches. */
export const FAST_REMINDERS = {
  OVERDUE_ESCALATION_AFTER: 'PT2S',
  RECONCILE_EVERY: 'PT1S',
  WORKER_LOCK_MS: '2000',
  RECONCILE_HORIZON: 'PT1H',
};

/**
 * Waits until the notifications `read` answers reached every one of `users`, then a little more, and checks each got
 * one exactly once and no one else did; `leader` stands for every active leader (other suites of the same run add theirs).
 */
export async function expectDeliveredOnce<Row extends { user_id: string }>(
  app: TestApp,
  read: () => Promise<Row[]>,
  users: TestUser[],
  leader: TestUser,
): Promise<Row[]> {
  const leaders = await app.dataSource.query<Array<{ id: string }>>(`SELECT id FROM users WHERE active AND 'leader' = ANY(roles)`);
  const expected = [
    ...users.filter((u) => u !== leader).map((u) => u.id),
    ...(users.includes(leader) ? leaders.map((l) => l.id) : []),
  ].sort();
  await waitFor(read, (rows) => expected.every((id) => rows.some((r) => r.user_id === id)), 15_000);
  await sleep(2500);
  const rows = await read();
  expect(rows.map((r) => r.user_id).sort()).toEqual(expected);
  return rows;
}

/** Runs every scan now (POST /admin/scans/run as `admin`) and answers what each recorded. */
export async function runScans(app: TestApp, admin: TestUser): Promise<{ scans: Record<string, number> }> {
  const response = await app.http.post('/api/v1/admin/scans/run').set(auth(admin));
  expect(response.status).toBe(200);
  return response.body as { scans: Record<string, number> };
}

/** FLUSHDB of the test Redis database: the queue store lost, as after a Redis restart without persistence. */
export async function flushQueueStore(): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  await redis.flushdb();
  await redis.quit();
}

/**
 * The worker away and the queue store lost: `record` runs on an API-only app (no worker) once `current` is closed,
 * then Redis is flushed and a worker app with `config` started; answers that app and what `record` answered.
 */
export async function afterQueueStoreLoss<T>(
  current: TestApp,
  config: Record<string, string>,
  record: (api: TestApp) => Promise<T>,
): Promise<{ app: TestApp; recorded: T }> {
  const api = await TestApp.start({ ...config, APP_ROLE: 'api' });
  await current.close();
  let recorded: T;
  try {
    recorded = await record(api);
  } finally {
    await api.close();
  }
  await flushQueueStore();
  return { app: await TestApp.start(config), recorded };
}

/** Closes `app` and starts another with `config`, then gives it 3 s: time enough to deliver anything a second time. */
export async function restarted(app: TestApp, config: Record<string, string>): Promise<TestApp> {
  await app.close();
  const next = await TestApp.start(config);
  await sleep(3000);
  return next;
}
