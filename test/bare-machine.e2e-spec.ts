import { afterAll, describe, expect, it } from '@jest/globals';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { sleep, waitFor } from './support/wait';

const ENTRY = resolve('dist/main.js');
const PORT = 3190 + Math.floor(Math.random() * 50);
const PG_PORT = 55400 + Math.floor(Math.random() * 500);
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN = { username: 'admin', password: 'Bare-machine@2026' };

/** Starts the built app with neither DATABASE_URL nor REDIS_URL, as on a machine with Node alone. */
function startBare(dir: string): { child: ChildProcess; exited: Promise<number | null>; output: string[] } {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_OPTIONS: '',
    PORT: String(PORT),
    EMBEDDED_PG_PORT: String(PG_PORT),
    DATA_DIR: join(dir, '.data'),
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  Object.assign(env, { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'log' });
  const child = spawn(process.execPath, [ENTRY], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, exited, output };
}

async function json(path: string, init: RequestInit = {}, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${BASE}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const healthy = () =>
  fetch(`${BASE}/health`).then(
    (r) => r.status === 200,
    () => false,
  );

describe('zero-setup mode (no DATABASE_URL, no REDIS_URL)', () => {
  // mkdtemp makes it 0700: as root, the `postgres` OS user the embedded server runs as cannot enter it (issue #12)
  const dir = mkdtempSync(join(tmpdir(), 'zscrm-bare-'));
  let running: ReturnType<typeof startBare> | undefined;

  afterAll(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGTERM');
      await running.exited;
    }
    // as root, the data of a directory out of the server user's reach went to a place DATA_DIR names
    const location = join(dir, '.data', 'postgres-location.txt');
    if (existsSync(location)) rmSync(dirname(readFileSync(location, 'utf8').trim()), { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('comes up on an embedded PostgreSQL, serves /health, logs in, delivers a due reminder, stops cleanly and finds its data again', async () => {
    expect(existsSync(ENTRY)).toBe(true); // built by the `pretest` script
    running = startBare(dir);
    await waitFor(healthy, (ok) => ok, 90_000, 500);
    const log = running.output.join('');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(log).toMatch(/database: embedded PostgreSQL/);
    if (process.getuid?.() === 0) expect(log).toMatch(/not under DATA_DIR: the postgres OS user cannot reach DATA_DIR/);
    expect(log).toMatch(/queues: BullMQ's PostgreSQL backend/);
    expect((await json('/health')).body).toMatchObject({ status: 'ok', database: 'up', redis: 'not_used' });

    const login = await json('/api/v1/auth/login', { method: 'POST', body: JSON.stringify(ADMIN) });
    expect(login.status).toBe(200);
    const token = login.body.accessToken as string;
    const lead = await json(
      '/api/v1/leads',
      {
        method: 'POST',
        body: JSON.stringify({ name: '零配置试用项目', companyName: '淄博试用科技有限公司', industryCode: 'IT03', source: 'platform' }),
      },
      token,
    );
    expect(lead.status).toBe(201);
    const leadId = lead.body.id as string;
    const followUp = await json(
      `/api/v1/leads/${leadId}/follow-ups`,
      {
        method: 'POST',
        body: JSON.stringify({
          type: 'call',
          occurredAt: new Date().toISOString(),
          summary: '电话',
          nextFollowUpAt: new Date(Date.now() + 2000).toISOString(),
        }),
      },
      token,
    );
    expect(followUp.status).toBe(201);
    const notifications = await waitFor(
      async () => ((await json('/api/v1/notifications', {}, token)).body.items as Array<{ kind: string; leadId: string }>) ?? [],
      (items) => items.some((n) => n.kind === 'follow_up_due' && n.leadId === leadId),
      20_000,
      500,
    );
    expect(notifications.filter((n) => n.kind === 'follow_up_due' && n.leadId === leadId)).toHaveLength(1);

    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    expect(await healthy()).toBe(false);

    running = startBare(dir);
    await waitFor(healthy, (ok) => ok, 60_000, 500);
    const again = await json('/api/v1/auth/login', { method: 'POST', body: JSON.stringify(ADMIN) });
    expect(again.status).toBe(200);
    const found = await json(`/api/v1/leads/${leadId}`, {}, again.body.accessToken as string);
    expect(found.status).toBe(200);
    expect(found.body.name).toBe('零配置试用项目');
    await sleep(500);
  }, 180_000);

  it('says in one line, without a stack trace, why the embedded server cannot start and what to set', async () => {
    // the machine's own PostgreSQL holds 5432, so the embedded one cannot listen there
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_OPTIONS: '',
      PORT: String(PORT + 61),
      EMBEDDED_PG_PORT: '5432',
      DATA_DIR: join(dir, '.data'),
    };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    const child = spawn(process.execPath, [ENTRY], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    expect(code).toBe(1);
    const failure = output.split('\n').filter((line) => line.includes('start-up failed'));
    expect(failure).toHaveLength(1);
    expect(failure[0]).toMatch(/EMBEDDED_PG_PORT.*DATABASE_URL/i);
    expect(output).not.toMatch(/\n\s+at /);
  }, 90_000);

  it('fails fast with a clear message when a set REDIS_URL does not answer', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_OPTIONS: '',
      REDIS_URL: 'redis://127.0.0.1:1/0',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/zscrm_test',
      JWT_SECRET: 'test-secret-0123456789abcdef',
      PORT: String(PORT + 60),
    };
    const child = spawn(process.execPath, [ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    expect(code).toBe(1);
    expect(output).toMatch(/Cannot reach Redis at 127\.0\.0\.1:1 \(REDIS_URL\)/);
  });
});
