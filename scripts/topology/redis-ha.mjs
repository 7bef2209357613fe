/**
 * A self-contained Redis high-availability topology on this machine, for tests and `npm run test:topology`:
 * a primary, one replica and three Sentinels (quorum 2), each a `redis-server` process of this module's own on
 * the ports given, data and Sentinel configuration files in `dir`. Node built-ins only; `redis-server` and
 * `redis-cli` from the PATH (Debian's redis-tools: `redis-server --sentinel` runs a Sentinel, so the
 * `redis-sentinel` package is not needed).
 *
 *   const ha = await startRedisHa({ dir, primaryPort: 56370, replicaPort: 56371, sentinelPorts: [56375, 56376, 56377] });
 *   ha.env               // { REDIS_SENTINELS: '127.0.0.1:56375,…', REDIS_SENTINEL_NAME: 'zscrm' } for the app
 *   await ha.killPrimary()        // SIGKILL of the current primary: answers its port and the time
 *   await ha.waitForFailover(old) // the Sentinels name another primary: answers its port and when they did
 *   await ha.restart(old)         // the killed node back, as a replica
 *   await ha.failover()           // SENTINEL FAILOVER: the running primary demoted, a replica promoted
 *   await ha.stop()
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);
const HOST = '127.0.0.1';

/** Why this machine cannot run the topology (no redis-server or redis-cli on the PATH), or null when it can. */
export function redisHaUnavailable() {
  for (const binary of ['redis-server', 'redis-cli']) {
    const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) return `${binary} is not installed (Debian: apt-get install redis-server)`;
  }
  return null;
}

/** One command to the server on `port` through redis-cli; answers its output lines. */
export async function redisCli(port, ...args) {
  const { stdout } = await run('redis-cli', ['-h', HOST, '-p', String(port), ...args], { timeout: 5000 });
  return stdout.trim().split('\n');
}

async function waitUntil(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await sleep(100);
  }
  throw new Error(`redis-ha: ${what} did not happen within ${timeoutMs} ms${last ? ` (last error: ${last.message})` : ''}`);
}

/**
 * Starts the topology and waits until the replica is in sync and every Sentinel knows the primary, the replica
 * and the two other Sentinels (so that a failover can be agreed). `downAfterMs`: how long the primary must be
 * silent before a Sentinel calls it down; a failover then takes about that plus an election (~1–2 s).
 */
export async function startRedisHa({ dir, primaryPort, replicaPort, sentinelPorts, name = 'zscrm', downAfterMs = 1000, log = () => {} }) {
  if (sentinelPorts.length !== 3) throw new Error('redis-ha: three Sentinel ports expected');
  fs.mkdirSync(dir, { recursive: true });
  /** port → child process; every process here is ours and is stopped by its own pid. */
  const processes = new Map();
  const spawnServer = (label, port, args) => {
    const logFile = path.join(dir, `${label}-${port}.log`);
    const fd = fs.openSync(logFile, 'a');
    const child = spawn('redis-server', args, { stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    processes.set(port, { label, child, exited, logFile });
  };
  const dataNode = (label, port, extra = []) => {
    const data = path.join(dir, `${label}-${port}`);
    fs.mkdirSync(data, { recursive: true });
    spawnServer(label, port, ['--port', String(port), '--bind', HOST, '--dir', data, '--save', '', '--appendonly', 'no', ...extra]);
  };
  const handle = {
    name,
    sentinels: sentinelPorts.map((port) => ({ host: HOST, port })),
    env: { REDIS_SENTINELS: sentinelPorts.map((port) => `${HOST}:${port}`).join(','), REDIS_SENTINEL_NAME: name },
    /** The primary's port as the first Sentinel that answers names it. */
    async primaryPort() {
      for (const port of sentinelPorts) {
        try {
          const [, answered] = await redisCli(port, 'SENTINEL', 'get-master-addr-by-name', name);
          if (answered) return Number(answered);
        } catch {
          // that Sentinel is down: ask the next
        }
      }
      throw new Error('redis-ha: no Sentinel answers');
    },
    /** SIGKILL of the current primary; answers its port and when it was killed (ms since the epoch). */
    async killPrimary() {
      const port = await handle.primaryPort();
      const node = processes.get(port);
      if (!node) throw new Error(`redis-ha: the primary ${port} is not one of ours`);
      node.child.kill('SIGKILL');
      const at = Date.now();
      await node.exited;
      log(`redis-ha: killed the primary on ${port} (SIGKILL)`);
      return { port, at };
    },
    /** Starts a killed data node again, as a replica of the current primary (a failed primary coming back). */
    async restart(port) {
      const node = processes.get(port);
      if (!node || node.label === 'sentinel') throw new Error(`redis-ha: ${port} is not one of our data nodes`);
      if (node.child.exitCode === null && node.child.signalCode === null) throw new Error(`redis-ha: ${port} still runs`);
      dataNode(node.label, port, ['--replicaof', HOST, String(await handle.primaryPort())]);
      await waitUntil(
        `${port} in sync as a replica`,
        async () => (await redisCli(port, 'INFO', 'replication')).some((line) => line.startsWith('master_link_status:up')),
        15_000,
      );
      log(`redis-ha: ${port} back, as a replica`);
    },
    /** SENTINEL FAILOVER: the Sentinels promote a replica and demote the running primary (its clients stay connected to it). */
    async failover() {
      const port = await handle.primaryPort();
      await redisCli(sentinelPorts[0], 'SENTINEL', 'FAILOVER', name);
      return { port, at: Date.now() };
    },
    /** Waits until the Sentinels name a primary other than `oldPort` that answers as a master; answers its port and when. */
    async waitForFailover(oldPort, timeoutMs = 30_000) {
      return waitUntil(
        `a failover away from ${oldPort}`,
        async () => {
          const port = await handle.primaryPort();
          if (port === oldPort) return null;
          const [role] = await redisCli(port, 'ROLE');
          return role === 'master' ? { port, at: Date.now() } : null;
        },
        timeoutMs,
      );
    },
    async stop() {
      await Promise.all(
        [...processes.values()].map(async ({ child, exited }) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          // a cleared timer: a pending one would hold the caller (a Jest suite) open for its 5 s after a quick exit
          let timer;
          const timeout = new Promise((done) => (timer = setTimeout(done, 5000, 'timeout')));
          const outcome = await Promise.race([exited, timeout]);
          clearTimeout(timer);
          if (outcome === 'timeout') {
            child.kill('SIGKILL');
            await exited;
          }
        }),
      );
    },
  };
  try {
    dataNode('primary', primaryPort);
    dataNode('replica', replicaPort, ['--replicaof', HOST, String(primaryPort)]);
    await waitUntil('the primary answering', async () => (await redisCli(primaryPort, 'PING'))[0] === 'PONG', 10_000);
    await waitUntil(
      'the replica in sync',
      async () => (await redisCli(replicaPort, 'INFO', 'replication')).some((line) => line.startsWith('master_link_status:up')),
      15_000,
    );
    for (const port of sentinelPorts) {
      const conf = path.join(dir, `sentinel-${port}.conf`);
      // a Sentinel rewrites its file (what it learns of the others and the replicas): one file each
      fs.writeFileSync(
        conf,
        [
          `port ${port}`,
          `bind ${HOST}`,
          `dir ${dir}`,
          `sentinel monitor ${name} ${HOST} ${primaryPort} 2`,
          `sentinel down-after-milliseconds ${name} ${downAfterMs}`,
          `sentinel failover-timeout ${name} ${Math.max(5000, downAfterMs * 5)}`,
          `sentinel parallel-syncs ${name} 1`,
          '',
        ].join('\n'),
      );
      spawnServer('sentinel', port, [conf, '--sentinel']);
    }
    await waitUntil(
      'every Sentinel knowing the replica and the other two Sentinels',
      async () => {
        for (const port of sentinelPorts) {
          const lines = await redisCli(port, 'SENTINEL', 'master', name);
          const field = (key) => Number(lines[lines.indexOf(key) + 1]);
          if (field('num-slaves') < 1 || field('num-other-sentinels') < 2) return false;
        }
        return true;
      },
      30_000,
    );
    log(`redis-ha: primary ${primaryPort}, replica ${replicaPort}, Sentinels ${sentinelPorts.join(', ')} (master name "${name}")`);
    return handle;
  } catch (error) {
    await handle.stop();
    const tails = [...processes.values()]
      .map(({ label, logFile }) => `${label}: ${fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-3).join(' | ')}`)
      .join('\n');
    throw new Error(`${error.message}\n${tails}`, { cause: error });
  }
}
