#!/usr/bin/env node
/**
 * A throw-away PostgreSQL primary with a streaming hot standby, for trying read replicas (#23) by hand and for the
 * topology test. Self-contained: node built-ins and `pg` only.
 *
 *   import { startPrimary, startReplica, stopReplica, pauseReplay, resumeReplay, replicaStatus, teardown } from './pg-replica.mjs';
 *   const primary = await startPrimary({ baseDir: '/tmp/topo', port: 55431 });          // initdb, wal_level=replica, start
 *   const replica = await startReplica({ baseDir: '/tmp/topo', primaryPort: 55431, port: 55432 }); // pg_basebackup -R, start
 *   // DATABASE_URL=primary.url DATABASE_REPLICA_URLS=replica.url (database `zscrm`, user postgres, trust on 127.0.0.1)
 *   await stopReplica({ baseDir: '/tmp/topo', port: 55432 });           // pg_ctl stop -m fast (mode: 'immediate' to crash it)
 *   await startReplica({ baseDir: '/tmp/topo', primaryPort: 55431, port: 55432 }); // starts the existing copy again
 *   await pauseReplay(replica.url); await resumeReplay(replica.url);   // a replica falling behind, on demand
 *   await setReplayDelay({ baseDir: '/tmp/topo', port: 55432, delay: '8s' }); // one applying every commit 8 s late ('0': none)
 *   await teardown({ baseDir: '/tmp/topo' });                           // stops every node under baseDir, removes it
 *
 * From a shell: node scripts/topology/pg-replica.mjs up|stop-replica|start-replica|status|down <baseDir> [primaryPort] [replicaPort]
 *
 * Each node lives in `<baseDir>/<port>` and listens on 127.0.0.1 only, with trust authentication (never for real use).
 * PostgreSQL refuses to run as root: when this runs as root, its tools run as the `postgres` user (runuser) and
 * baseDir is given to that user. PG_BIN names the tools' directory (default: /usr/lib/postgresql/15/bin when present).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, chown, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const PG_BIN = process.env.PG_BIN ?? (existsSync('/usr/lib/postgresql/15/bin/initdb') ? '/usr/lib/postgresql/15/bin' : '');
const AS_ROOT = process.getuid?.() === 0;
export const DATABASE = 'zscrm';

/** Runs a PostgreSQL tool, as the postgres user when this process is root. */
async function tool(name, args) {
  const bin = PG_BIN ? join(PG_BIN, name) : name;
  const [command, argv] = AS_ROOT ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  try {
    return await run(command, argv, { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    throw new Error(`${name} ${args.join(' ')} failed: ${error.stderr || error.message}`, { cause: error });
  }
}

async function ownedDir(dir) {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (AS_ROOT) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout), Number(gid));
  }
}

const nodeDir = (baseDir, port) => join(baseDir, String(port));
export const urlOf = (port, database = DATABASE) => `postgres://postgres@127.0.0.1:${port}/${database}`;

async function pgCtl(baseDir, port, action, extra = []) {
  const dir = nodeDir(baseDir, port);
  const log = action === 'start' ? ['-l', join(dir, 'server.log')] : [];
  return tool('pg_ctl', ['-D', dir, ...log, '-w', '-t', '60', action, ...extra]);
}

/** A primary on `port`: initdb (once), replication allowed from 127.0.0.1, started, with the database `zscrm`. */
export async function startPrimary({ baseDir, port }) {
  await ownedDir(baseDir);
  const dir = nodeDir(baseDir, port);
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    await ownedDir(dir);
    await tool('initdb', ['-D', dir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8']);
    await appendFile(
      join(dir, 'postgresql.conf'),
      [
        `port = ${port}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${dir}'`,
        'wal_level = replica',
        'max_wal_senders = 10',
        'hot_standby = on',
        'wal_keep_size = 256MB',
        'fsync = off',
        'synchronous_commit = on',
        '',
      ].join('\n'),
    );
    await appendFile(join(dir, 'pg_hba.conf'), 'host replication all 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 trust\n');
  }
  await pgCtl(baseDir, port, 'start');
  const client = new pg.Client({ connectionString: urlOf(port, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
  return { port, dir, url: urlOf(port) };
}

/** A hot standby of the primary on `port`: a base backup with -R (streaming from the primary) the first time, then started. */
export async function startReplica({ baseDir, primaryPort, port }) {
  const dir = nodeDir(baseDir, port);
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    await ownedDir(dir);
    await tool('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      dir,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
    ]);
    await appendFile(join(dir, 'postgresql.conf'), `port = ${port}\nunix_socket_directories = '${dir}'\n`);
  }
  await pgCtl(baseDir, port, 'start');
  return { port, dir, url: urlOf(port) };
}

/** Stops a node: `fast` (clean, connections closed) or `immediate` (as a crash). */
export async function stopReplica({ baseDir, port, mode = 'fast' }) {
  await pgCtl(baseDir, port, 'stop', ['-m', mode]);
}

/** Pauses the standby's WAL replay: it stays up and answers, falling further behind the primary. */
export async function pauseReplay(replicaUrl) {
  await query(replicaUrl, 'SELECT pg_wal_replay_pause()');
}

export async function resumeReplay(replicaUrl) {
  await query(replicaUrl, 'SELECT pg_wal_replay_resume()');
}

/** Makes the standby apply each commit `delay` late (recovery_min_apply_delay, e.g. '8s'; '0' to stop): a replica that lags by that much. */
export async function setReplayDelay({ baseDir, port, delay }) {
  await appendFile(join(nodeDir(baseDir, port), 'postgresql.conf'), `recovery_min_apply_delay = '${delay}'\n`);
  await pgCtl(baseDir, port, 'reload');
}

/** The standby's view: in recovery, replay paused, and the seconds since it last replayed a transaction. */
export async function replicaStatus(replicaUrl) {
  const [row] = await query(
    replicaUrl,
    `SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS replayed,
            CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() END AS paused,
            extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 AS "secondsSinceReplay"`,
  );
  return row;
}

/** Stops every node under baseDir (immediately) and removes it. */
export async function teardown({ baseDir }) {
  if (!existsSync(baseDir)) return;
  for (const entry of await readdir(baseDir)) {
    const dir = join(baseDir, entry);
    if (existsSync(join(dir, 'postmaster.pid'))) await tool('pg_ctl', ['-D', dir, '-w', 'stop', '-m', 'immediate']).catch(() => undefined);
  }
  await rm(baseDir, { recursive: true, force: true });
}

async function query(url, sql, params = []) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function main([command, baseDir, primaryPort = '55431', replicaPort = '55432']) {
  if (!command || !baseDir) {
    console.error('usage: pg-replica.mjs up|stop-replica|start-replica|status|down <baseDir> [primaryPort] [replicaPort]');
    process.exit(2);
  }
  const ports = { primaryPort: Number(primaryPort), port: Number(replicaPort) };
  if (command === 'up') {
    const primary = await startPrimary({ baseDir, port: ports.primaryPort });
    const replica = await startReplica({ baseDir, ...ports });
    console.log(JSON.stringify({ DATABASE_URL: primary.url, DATABASE_REPLICA_URLS: replica.url }));
  } else if (command === 'stop-replica') await stopReplica({ baseDir, port: ports.port });
  else if (command === 'start-replica') await startReplica({ baseDir, ...ports });
  else if (command === 'status') console.log(JSON.stringify(await replicaStatus(urlOf(ports.port))));
  else if (command === 'down') await teardown({ baseDir });
  else throw new Error(`unknown command ${command}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
