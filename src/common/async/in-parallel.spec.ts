import { describe, expect, it } from '@jest/globals';
import { inParallel } from './in-parallel';

describe('inParallel', () => {
  it('keeps the items’ order and never runs more than the concurrency at once', async () => {
    let running = 0;
    let most = 0;
    const results = await inParallel([5, 1, 4, 2, 3], 2, async (ms) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      return ms * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  it('answers an empty list at once and passes a failure on', async () => {
    expect(await inParallel([], 3, () => Promise.resolve(1))).toEqual([]);
    await expect(inParallel([1, 2], 2, (n) => (n === 2 ? Promise.reject(new Error('two')) : Promise.resolve(n)))).rejects.toThrow('two');
  });
});
