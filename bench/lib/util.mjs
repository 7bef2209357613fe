import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

export const BENCH_DIR = path.dirname(path.dirname(new URL(import.meta.url).pathname));
export const ROOT = path.dirname(BENCH_DIR);
export const LOG_DIR = path.join(BENCH_DIR, '.logs');

const started = Date.now();
export function log(message) {
  const t = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  process.stdout.write(`[bench ${t}s] ${message}\n`);
}

/** A progress line: rewritten in place on a terminal, printed every few seconds otherwise. */
export function progress(label) {
  const tty = process.stdout.isTTY;
  let last = 0;
  return {
    update(text, force = false) {
      const now = Date.now();
      if (!force && now - last < (tty ? 250 : 3000)) return;
      last = now;
      if (tty) process.stdout.write(`\r\x1b[K[bench] ${label}: ${text}`);
      else log(`${label}: ${text}`);
    },
    done(text) {
      if (tty) process.stdout.write('\r\x1b[K');
      log(`${label}: ${text}`);
    },
  };
}

export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/** SQL: a number in [0, 1) from the SQL expression `expr` and a salt, so the same row gets the same draw on every run (the seeds). */
export const sqlDraw = (expr, salt) => `(('x' || substr(md5(${expr}::text || '${salt}'), 1, 8))::bit(32)::bigint / 4294967296.0)`;

export const round = (value, digits = 2) =>
  value === null || value === undefined || Number.isNaN(value) ? null : Math.round(value * 10 ** digits) / 10 ** digits;

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Children this run started; all are stopped at exit, each by its own pid. */
const children = new Set();

export function startProcess(name, args, { env = {}, cwd = ROOT } = {}) {
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `${name}.log`);
  const fd = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  const handle = {
    name,
    child,
    logFile,
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal }))),
    async stop(timeoutMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = sleep(timeoutMs).then(() => 'timeout');
      if ((await Promise.race([handle.exited, timer])) === 'timeout') {
        child.kill('SIGKILL');
        await handle.exited;
      }
      children.delete(handle);
    },
    tail(lines = 20) {
      try {
        return fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
      } catch {
        return '';
      }
    },
  };
  children.add(handle);
  return handle;
}

/** Fails when a process this run depends on has gone (another session's broad kill, a crash). */
export function assertAlive(handle) {
  if (handle.child.exitCode !== null || handle.child.signalCode !== null) {
    throw new Error(
      `${handle.name} exited during the run (code ${handle.child.exitCode}, signal ${handle.child.signalCode}):\n${handle.tail(5)}`,
    );
  }
}

export async function stopAll() {
  await Promise.all([...children].map((c) => c.stop().catch(() => undefined)));
}

/** Polls `url` until it answers 200, or fails with the child's log tail. */
export async function waitForHttp(handle, url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (handle.child.exitCode !== null)
      throw new Error(`${handle.name} exited (${handle.child.exitCode}) before answering:\n${handle.tail()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${handle.name} did not answer ${url} within ${timeoutMs} ms:\n${handle.tail()}`);
}

/** Waits until the child's log contains `pattern`. */
export async function waitForLog(handle, pattern, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (handle.child.exitCode !== null) throw new Error(`${handle.name} exited (${handle.child.exitCode}):\n${handle.tail()}`);
    if (fs.existsSync(handle.logFile) && pattern.test(fs.readFileSync(handle.logFile, 'utf8'))) return;
    await sleep(200);
  }
  throw new Error(`${handle.name} did not log ${pattern} within ${timeoutMs} ms:\n${handle.tail()}`);
}

export async function getJson(url, token) {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const body = await res.text();
  if (!res.ok) throw new Error(`GET ${url} → ${res.status}: ${body.slice(0, 300)}`);
  return JSON.parse(body);
}

/** Times one GET (ms, wall clock including the body), checking the status. */
export async function timedGet(url, token) {
  const t0 = performance.now();
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const body = await res.text();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`GET ${url} → ${res.status}: ${body.slice(0, 300)}`);
  return { ms, body };
}

/** Prints rows as an aligned table. */
export function table(title, header, rows) {
  const widths = header.map((h, i) => Math.max(displayWidth(String(h)), ...rows.map((r) => displayWidth(String(r[i] ?? '')))));
  const line = (cells) => cells.map((c, i) => pad(String(c ?? ''), widths[i], i > 0)).join('  ');
  const out = [`\n${title}`, line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  process.stdout.write(out.join('\n') + '\n');
}

function displayWidth(s) {
  let w = 0;
  for (const ch of s) w += /[\u1100-\uffff]/.test(ch) ? 2 : 1;
  return w;
}

function pad(s, width, right) {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

export const fmt = (value, digits = 1) =>
  value === null || value === undefined
    ? '–'
    : typeof value === 'number'
      ? value.toLocaleString('en-US', { maximumFractionDigits: digits })
      : String(value);

/**
 * A seeding step after the leads, once per seeded lead set: `_bench_seed_<name>` records the lead count it was seeded
 * for and its time, and a rerun with the same BENCH_LEADS and rows in `table` (a reseed of the leads empties it) skips
 * it. `seed(client)` writes the rows and answers their counts; `describe(counts, seconds)` is the line logged after.
 */
export async function seedOnce({ databaseUrl, leads, name, table, noun }, seed, describe) {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: `zscrm-bench-seed-${name}` });
  await client.connect();
  try {
    await client.query(
      `CREATE TABLE IF NOT EXISTS _bench_seed_${name} (id int PRIMARY KEY DEFAULT 1, leads bigint NOT NULL, seconds numeric NOT NULL)`,
    );
    const [state] = (await client.query(`SELECT leads, seconds FROM _bench_seed_${name} WHERE id = 1`)).rows;
    const [{ n }] = (await client.query(`SELECT count(*)::int AS n FROM ${table}`)).rows;
    if (state && Number(state.leads) === leads && n > 0) {
      log(`${name}: ${n.toLocaleString('en-US')} ${noun} seeded already (in ${state.seconds}s): not reseeding`);
      return { skipped: true, seconds: Number(state.seconds) };
    }
    const started = Date.now();
    const counts = await seed(client);
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    await client.query(
      `INSERT INTO _bench_seed_${name} (id, leads, seconds) VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE SET leads = $1, seconds = $2`,
      [leads, seconds],
    );
    log(describe(counts, seconds));
    return { skipped: false, seconds, ...counts };
  } finally {
    await client.end();
  }
}

/**
 * Holds the forecast snapshot's advisory lock until `release()`: the worker's scheduled snapshot (about a minute and
 * ~1 GB of reads at 1M leads, measured in `forecast`) then skips, as when another worker takes one, instead of
 * running beside a measurement.
 */
export async function holdForecastLock(config, dist, name) {
  const lock = new pg.Client({ connectionString: config.databaseUrl, application_name: `zscrm-bench-${name}-forecast-lock` });
  await lock.connect();
  await lock.query('BEGIN');
  await lock.query('SELECT pg_advisory_xact_lock($1)', [dist('modules/forecast/forecast-snapshots.service.js').FORECAST_LOCK]);
  return { release: () => lock.end().catch(() => undefined) };
}
