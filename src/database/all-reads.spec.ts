import { describe, expect, it } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import { allReads } from './all-reads';

/** Reads that record how many of them were running at once. */
function trackedReads() {
  let running = 0;
  let most = 0;
  const read =
    <T>(value: T) =>
    async (): Promise<T> => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      return value;
    };
  return { read, most: () => most };
}

describe('allReads', () => {
  it('runs the reads side by side without a connection of its own, answering in order', async () => {
    const { read, most } = trackedReads();
    const [a, b, c] = await allReads(undefined, [read(1), read('two'), () => [3]]);
    expect([a, b, c]).toEqual([1, 'two', [3]]);
    expect(most()).toBe(2);
  });

  it('runs them one after another on a manager bound to one connection (a transaction)', async () => {
    const { read, most } = trackedReads();
    const inTransaction = { queryRunner: {} } as EntityManager;
    const [a, b, c] = await allReads(inTransaction, [read(1), read('two'), read(3)]);
    expect([a, b, c]).toEqual([1, 'two', 3]);
    expect(most()).toBe(1);
  });
});
