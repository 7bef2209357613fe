/** Tests use their own database and Redis key prefix, so they can run beside a dev instance. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/zscrm_test';
/** Redis DB 1: the reminder tests FLUSHDB it, which must never touch a dev instance on DB 0. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/1';
export const TEST_QUEUE_PREFIX = process.env.TEST_QUEUE_PREFIX ?? 'zscrm-test';
