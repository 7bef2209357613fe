import { describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/typeorm-options';
import { CREDIT_CODE_HOLDER_INDEX, creditCodeHolderSql } from '../src/modules/leads/credit-code-holder';
import { TEST_DATABASE_URL } from './support/test-env';

/** The conjuncts of an index predicate as PostgreSQL prints it, in a stable order. */
const conjuncts = (predicate: string) =>
  predicate
    .replace(/^\((.*)\)$/, '$1')
    .split(' AND ')
    .sort();

describe('schema', () => {
  it('is exactly what the entities describe after the migrations ran (no drift)', async () => {
    const dataSource = new DataSource(buildDataSourceOptions({ url: TEST_DATABASE_URL, poolSize: 1 }));
    await dataSource.initialize();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      expect(await dataSource.showMigrations()).toBe(false);
    } finally {
      await dataSource.destroy();
    }
  });

  it('keeps the hand-written indexes the entities mark as not synchronised', async () => {
    const dataSource = new DataSource(buildDataSourceOptions({ url: TEST_DATABASE_URL, poolSize: 1 }));
    await dataSource.initialize();
    try {
      const rows: Array<{ indexname: string }> = await dataSource.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'leads'`);
      const names = rows.map((r) => r.indexname);
      for (const index of dataSource.getMetadata('leads').indices.filter((i) => !i.synchronize)) expect(names).toContain(index.name);
    } finally {
      await dataSource.destroy();
    }
  });

  it('keeps the credit code unique among exactly the leads the holder rule names (creditCodeHolderSql)', async () => {
    const dataSource = new DataSource(buildDataSourceOptions({ url: TEST_DATABASE_URL, poolSize: 1 }));
    await dataSource.initialize();
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      const predicateOf = async (index: string) =>
        (
          (await runner.query(`SELECT pg_get_expr(indpred, indrelid) AS predicate FROM pg_index WHERE indexrelid = $1::regclass`, [
            index,
          ])) as Array<{ predicate: string }>
        )[0].predicate;
      // the rule as the code states it, printed by PostgreSQL the way it prints the real index's predicate
      await runner.query(`CREATE TEMP TABLE holder_probe (LIKE leads)`);
      await runner.query(
        `CREATE UNIQUE INDEX holder_probe_code ON holder_probe (credit_code) WHERE credit_code IS NOT NULL AND ${creditCodeHolderSql('holder_probe')}`,
      );
      expect(conjuncts(await predicateOf(CREDIT_CODE_HOLDER_INDEX))).toEqual(conjuncts(await predicateOf('holder_probe_code')));
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
      await dataSource.destroy();
    }
  });
});
