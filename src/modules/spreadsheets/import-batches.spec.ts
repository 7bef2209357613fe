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

  it('prepares the next batch while the batch before it is handled, one preparation at a time, and hands each batch over prepared', async () => {
    const log: string[] = [];
    let preparing = 0;
    const handled: string[] = [];
    await inBatches(
      rows(7),
      {
        batchSize: 3,
        prepare: async (batch) => {
          preparing += 1;
          expect(preparing).toBe(1);
          log.push(`prepare ${batch[0].number}`);
          await new Promise((resolve) => setImmediate(resolve));
          preparing -= 1;
          return `prepared ${batch.map((row) => row.number).join(',')}`;
        },
      },
      async (batch) => {
        log.push(`handle ${batch}`);
        for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
        log.push(`handled ${batch}`);
        handled.push(batch);
      },
    );
    expect(handled).toEqual(['prepared 2,3,4', 'prepared 5,6,7', 'prepared 8']);
    // the second batch was prepared before the first was done
    expect(log.indexOf('prepare 5')).toBeLessThan(log.indexOf('handled prepared 2,3,4'));
    expect(log.indexOf('handle prepared 5,6,7')).toBeGreaterThan(log.indexOf('handled prepared 2,3,4'));
  });

  it('fails with a batch whose preparation failed, after the batch before it was handled', async () => {
    const handled: number[] = [];
    const run = inBatches(
      rows(9),
      {
        batchSize: 3,
        prepare: (batch) => (batch[0].number === 5 ? Promise.reject(new Error('unreadable row')) : Promise.resolve(batch)),
      },
      async (batch) => {
        await new Promise((resolve) => setImmediate(resolve));
        handled.push(batch[0].number);
      },
    );
    await expect(run).rejects.toThrow('unreadable row');
    expect(handled).toEqual([2]);
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
