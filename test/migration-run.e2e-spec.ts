import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Client } from 'pg';
import { MIGRATIONS } from '../src/database/migrations';
import { TEST_DATABASE_URL } from './support/test-env';

const ENTRY = 'dist/database/migrate.js';

/** A scratch database beside the test database, dropped before and after. */
const scratch = new URL(TEST_DATABASE_URL);
scratch.pathname = `${scratch.pathname}_migrate`;

async function dropScratch(): Promise<void> {
  const admin = new URL(TEST_DATABASE_URL);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${scratch.pathname.slice(1)}" WITH (FORCE)`);
  await client.end();
}

function runMigrate(env: NodeJS.ProcessEnv) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'log', ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete childEnv[name];
  return spawnSync(process.execPath, [ENTRY], { env: childEnv, encoding: 'utf8', timeout: 60_000 });
}

describe('npm run migration:run (dist/database/migrate.js)', () => {
  afterAll(dropScratch);

  it('creates the database named by DATABASE_URL, applies every migration and loads the reference data, exit 0', async () => {
    expect(existsSync(ENTRY)).toBe(true); // built by the `pretest` script
    await dropScratch();
    const run = runMigrate({ DATABASE_URL: scratch.toString() });
    expect(run.status).toBe(0);
    const client = new Client({ connectionString: scratch.toString() });
    await client.connect();
    try {
      const applied = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM migrations');
      expect(applied.rows[0].n).toBe(MIGRATIONS.length);
      const industries = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM industries');
      expect(industries.rows[0].n).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
    expect(runMigrate({ DATABASE_URL: scratch.toString() }).status).toBe(0); // nothing pending: still fine
  });

  it('refuses in one line, exit 1, when DATABASE_URL is not set', () => {
    const run = runMigrate({ DATABASE_URL: undefined });
    expect(run.status).toBe(1);
    const failures = (run.stdout + run.stderr).split('\n').filter((line) => line.includes('migration failed'));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain('DATABASE_URL');
  });
});
