/** Tests use their own database and Redis key prefix, so they can run beside a dev instance. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/zscrm_test';
/** Redis DB 1: the reminder tests FLUSHDB it, which must never touch a dev instance on DB 0. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/1';
export const TEST_QUEUE_PREFIX = process.env.TEST_QUEUE_PREFIX ?? 'zscrm-test';

/**
 * The contract check of every e2e response (test/support/contract/): `enforce` (default) fails a suite whose responses
 * do not match the OpenAPI document, `report` appends them to CONTRACT_REPORT instead, `off` is for diagnosis only.
 */
export const CONTRACT_CHECK: 'enforce' | 'report' | 'off' = (() => {
  const mode = process.env.CONTRACT_CHECK ?? 'enforce';
  if (mode !== 'enforce' && mode !== 'report' && mode !== 'off') throw new Error(`CONTRACT_CHECK=${mode}: enforce, report or off`);
  return mode;
})();
export const CONTRACT_REPORT = process.env.CONTRACT_REPORT ?? 'test/artifacts/contract-violations.jsonl';
