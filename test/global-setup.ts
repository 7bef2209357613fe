import { Client } from 'pg';
import { prepareDatabase } from '../src/database/prepare-database';
import { TEST_DATABASE_URL } from './support/test-env';

/** A fresh test database per run, built by the migrations alone. */
export default async function globalSetup(): Promise<void> {
  const url = new URL(TEST_DATABASE_URL);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
  await prepareDatabase(TEST_DATABASE_URL);
}
