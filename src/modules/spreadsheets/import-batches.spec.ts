import { describe, expect, it } from '@jest/globals';
import { inBatches } from './import-batches';
import { SheetRow } from './sheet-reader';

const rows = (count: number): SheetRow[] => Array.from({ length: count }, (_, i) => ({ number: i + 2, cells: [`行 ${i + 1}`] }));

/** The rows as a file's reader gives them: one at a time, each after a pause, counting how many were read. */
async function* slowly(list: SheetRow[], read: { count: number }): AsyncGenerator<SheetRow> {
  for (const row of list) {
    await new Promise((resolve) => setImmediate(resolve));
    read.count += 1;
    yield row;
  }
}

describe('inBatches', () => {
  it('hands every data row once, in order, one batch at a time, while the next batch is read', async () => {
    const read = { count: 0 };
    const handled: number[][] = [];
    let running = 0;
    let readDuringFirst = 0;
    await inBatches(slowly(rows(10), read), { batchSize: 3 }, async (batch) => {
      running += 1;
      expect(running).toBe(1);
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
      if (handled.length === 0) readDuringFirst = read.count;
      handled.push(batch.map((row) => row.number));
      running -= 1;
    });
    expect(handled).toEqual([[2, 3, 4], [5, 6, 7], [8, 9, 10], [11]]);
    // the reader went on while the first batch was being written
    expect(readDuringFirst).toBeGreaterThan(3);
  });

  it('passes over the rows an earlier run committed, and leaves blank lines out', async () => {
    const list = [...rows(5), { number: 7, cells: [null, '  '] }, { number: 8, cells: ['末行'] }];
    const passed: number[] = [];
    const handled: number[] = [];
    await inBatches(list, { batchSize: 2, skip: 2, passed: (row) => passed.push(row.number) }, (batch) => {
      handled.push(...batch.map((row) => row.number));
      return Promise.resolve();
    });
    expect(passed).toEqual([2, 3]);
    expect(handled).toEqual([4, 5, 6, 8]);
  });

  it('fails with the batch that failed, handles no batch after it, and stops reading', async () => {
    const read = { count: 0 };
    const handled: number[] = [];
    const run = inBatches(slowly(rows(30), read), { batchSize: 3 }, async (batch) => {
      await new Promise((resolve) => setImmediate(resolve));
      if (batch[0].number === 5) throw new Error('the database refused the batch');
      handled.push(batch[0].number);
    });
    await expect(run).rejects.toThrow('the database refused the batch');
    expect(handled).toEqual([2]);
    expect(read.count).toBeLessThan(30);
  });
});
