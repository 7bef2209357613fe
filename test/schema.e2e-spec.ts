import { describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/typeorm-options';
import { TEST_DATABASE_URL } from './support/test-env';

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
});
