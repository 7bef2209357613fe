import { Redis, RedisOptions } from 'ioredis';
import type { AppConfig, RedisTarget } from '../../config/app.config';

/**
 * The first part of every Redis key of one install (BullMQ's prefix and the app's own keys): QUEUE_PREFIX as a
 * hash tag, `{zscrm}`, so that on a Redis Cluster all of them hash to one slot (BullMQ's scripts touch several
 * keys of a queue at once, and a slot is what one script may touch).
 */
export function redisKeyPrefix(config: Pick<AppConfig, 'queuePrefix'>): string {
  return `{${config.queuePrefix}}`;
}

/** How long a Sentinel may take to name the master before the next one is asked (a frozen Sentinel must not stall a reconnect). */
const SENTINEL_COMMAND_TIMEOUT_MS = 2000;

/**
 * With Sentinels: a master that dies is found again by the ordinary reconnect, which asks the Sentinels; a master
 * that Sentinel demotes has its clients killed by Sentinel (CLIENT KILL in the reconfiguration), so they reconnect
 * too (test/redis-sentinel.e2e-spec.ts: both cases). Should a connection reach a demoted master all the same (a
 * demotion by hand, without the kill), its writes answer READONLY, also inside BullMQ's scripts and its blocking pop,
 * and the client reconnects and resends. Not ioredis' `failoverDetector`: its Sentinel subscriptions outlive
 * `quit()`, which is how BullMQ closes its blocking connections, and kept processes from exiting.
 */
const SENTINEL_OPTIONS: RedisOptions = {
  reconnectOnError: (error) => (error.message.includes('READONLY') ? 2 : false),
  sentinelCommandTimeout: SENTINEL_COMMAND_TIMEOUT_MS,
};

/**
 * The one constructor of the app's Redis clients: where to connect comes from the configuration (REDIS_URL, or
 * the Sentinels), how to behave (fail fast, wait, lazy) from the caller's `options`.
 */
export function createRedis(target: RedisTarget, options: RedisOptions): Redis {
  const { url, sentinel } = target;
  if (!sentinel) {
    if (!url) throw new Error('RedisTarget without REDIS_URL or REDIS_SENTINELS');
    return new Redis(url, options);
  }
  const parsed = url ? new URL(url) : undefined;
  return new Redis({
    ...SENTINEL_OPTIONS,
    ...options,
    sentinels: sentinel.nodes,
    name: sentinel.name,
    sentinelPassword: sentinel.password,
    username: parsed?.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed?.password ? decodeURIComponent(parsed.password) : undefined,
    db: Number(parsed?.pathname.slice(1) || 0),
  });
}

/** Where Redis is, for logs and start-up errors (never a password). */
export function describeRedis(target: RedisTarget): string {
  if (!target.sentinel) return `at ${URL.canParse(target.url ?? '') ? new URL(target.url ?? '').host : '?'} (REDIS_URL)`;
  const nodes = target.sentinel.nodes.map(({ host, port }) => `${host.includes(':') ? `[${host}]` : host}:${port}`).join(', ');
  return `master "${target.sentinel.name}" through the Sentinels ${nodes} (REDIS_SENTINELS)`;
}
