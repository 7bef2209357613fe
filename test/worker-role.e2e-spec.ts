import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { connect, createServer, AddressInfo } from 'node:net';
import { ConsoleLogger, INestApplicationContext } from '@nestjs/common';
import { HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import { createApp } from '../src/app.factory';
import { QueueWorkers } from '../src/common/queue/queue-workers';
import { Role } from '../src/modules/users/role.enum';
import { createWorkerContext } from '../src/worker.factory';
import { leadBody } from './support/factories';
import { auth, TestApp, testConfig } from './support/test-app';
import { TEST_DATABASE_URL, TEST_QUEUE_PREFIX, TEST_REDIS_URL } from './support/test-env';
import { waitFor } from './support/wait';

const FAST = { RECONCILE_EVERY: 'PT1S', WORKER_LOCK_MS: '2000', RECONCILE_HORIZON: 'PT1H' };

/** Ports in LISTEN state on sockets the process holds (/proc/net/tcp{,6}: state 0A, inode in column 10). */
function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    const target = (() => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        return '';
      }
    })();
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode) inodes.add(inode);
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      if (columns[3] === '0A' && inodes.has(columns[9])) ports.push(parseInt(columns[1].split(':')[1], 16));
    }
  }
  return ports;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Whether anything answers a TCP connection on the port. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('APP_ROLE=worker process', () => {
  let api: TestApp;
  let child: ChildProcess;
  let output = '';
  let port: number;

  beforeAll(async () => {
    const entry = 'dist/main.js';
    expect(existsSync(entry)).toBe(true); // built by the `pretest` script
    api = await TestApp.start({ ...FAST, APP_ROLE: 'api' });
    port = await freePort();
    child = spawn(process.execPath, [entry], {
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        APP_ROLE: 'worker',
        PORT: String(port),
        DATABASE_URL: TEST_DATABASE_URL,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: TEST_QUEUE_PREFIX,
        JWT_SECRET: 'test-secret-0123456789abcdef',
        ...FAST,
        LOG_LEVEL: 'log',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(
      () => Promise.resolve(output),
      (text) => text.includes('"msg":"started","role":"worker"') || child.exitCode !== null,
      30_000,
    );
    expect(child.exitCode).toBeNull();
  });

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await api.close();
  });

  it('opens no listening TCP socket and nothing answers on its PORT', async () => {
    expect(listeningPorts(child.pid as number)).toEqual([]);
    expect(await answers(port)).toBe(false);
    // no HTTP stack was built at all: the HTTP app logs its routes at start-up
    expect(output).not.toMatch(/"context":"(RoutesResolver|RouterExplorer|NestApplication)"/);
  });

  it('delivers a due reminder created through an API-role process', async () => {
    const team = await api.createTeam();
    const promoter = await api.createUser([Role.Promoter], team);
    const lead = (await api.http.post('/api/v1/leads').set(auth(promoter)).send(leadBody())).body as { id: string };
    const followUp = await api.http
      .post(`/api/v1/leads/${lead.id}/follow-ups`)
      .set(auth(promoter))
      .send({
        type: 'call',
        occurredAt: new Date().toISOString(),
        summary: '电话沟通',
        nextFollowUpAt: new Date(Date.now() + 1500).toISOString(),
      });
    expect(followUp.status).toBe(201);
    const rows = await waitFor(
      () =>
        api.dataSource.query<Array<{ user_id: string }>>(
          `SELECT user_id FROM notifications WHERE lead_id = $1 AND kind = 'follow_up_due'`,
          [lead.id],
        ),
      (found) => found.length > 0,
      20_000,
    );
    expect(rows).toEqual([{ user_id: promoter.id }]);
  });

  it('stops on SIGTERM with exit code 0', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('"msg":"stopped"');
  });
});

describe('APP_ROLE decides which modules a process gets', () => {
  const modulesOf = (app: INestApplicationContext) => [...app.get(ModulesContainer).values()];

  it('a worker context has no controllers and no HTTP adapter, but has the workers', async () => {
    const context = await createWorkerContext(testConfig({ APP_ROLE: 'worker' }), new ConsoleLogger({ logLevels: ['error'] }));
    try {
      expect(modulesOf(context).flatMap((module) => [...module.controllers.keys()])).toEqual([]);
      expect(context.get(HttpAdapterHost).httpAdapter).toBeFalsy();
      expect(context.get(QueueWorkers, { strict: false })).toBeInstanceOf(QueueWorkers);
    } finally {
      await context.close();
    }
  });

  it.each([
    { role: 'api', workers: false },
    { role: 'all', workers: true },
  ])('the HTTP app of role $role has controllers, and workers: $workers', async ({ role, workers }) => {
    const app = await createApp(testConfig({ APP_ROLE: role }), new ConsoleLogger({ logLevels: ['error'] }));
    try {
      expect(modulesOf(app).some((module) => module.controllers.size > 0)).toBe(true);
      expect(modulesOf(app).some((module) => module.providers.has(QueueWorkers))).toBe(workers);
    } finally {
      await app.close();
    }
  });
});
