import { Client } from 'pg';
import { prepareDatabase } from '../../src/database/prepare-database';

/** Drops the database named in the URL and builds it again from the migrations alone. */
export async function recreateDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
  await prepareDatabase(databaseUrl);
}
