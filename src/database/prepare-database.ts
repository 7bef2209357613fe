import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { seedCatalog } from '../modules/catalog/catalog.seeder';
import { seedChains } from '../modules/chains/chains.seeder';
import { StartupError } from '../config/startup-error';
import { buildDataSourceOptions } from './typeorm-options';

const logger = new Logger('Database');
const MIGRATION_LOCK = 7_261_001;

/** Creates the database named in the URL when the server lacks it, so a fresh machine needs no manual step. */
export async function ensureDatabaseExists(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL names no database');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  try {
    await client.connect();
  } catch (error) {
    throw new StartupError(`Cannot reach PostgreSQL at ${target.host}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}" ENCODING 'UTF8' TEMPLATE template0`);
      logger.log({ msg: 'created database', database: name });
    }
  } catch (error) {
    if ((error as { code?: string }).code !== '42P04') throw error; // created concurrently by another replica
  } finally {
    await client.end();
  }
}

/**
 * Applies pending migrations and loads the reference data, under an advisory lock so that replicas
 * starting together do it once.
 */
export async function prepareDatabase(url: string): Promise<void> {
  await ensureDatabaseExists(url);
  const dataSource = new DataSource(buildDataSourceOptions({ url, poolSize: 2 }));
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length) logger.log({ msg: 'applied migrations', migrations: applied.map((m) => m.name) });
    const counts = { ...(await seedCatalog(dataSource.manager)), ...(await seedChains(dataSource.manager)) };
    logger.log({ msg: 'reference data loaded', ...counts });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
    await dataSource.destroy();
  }
}
