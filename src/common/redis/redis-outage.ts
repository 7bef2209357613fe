import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';

const CONNECTION_ERROR =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND|Connection is closed|Command timed out|Stream isn't writeable|Reached the max retries|TimeoutError|All sentinels are unreachable/i;
/** Redis's replies during a Sentinel failover: a master demoted to replica, a blocked command cut by the role change, a replica still loading. */
const FAILOVER_REPLY = /\b(READONLY|UNBLOCKED|LOADING)\b/;

/** True for errors that say "Redis is not reachable" rather than "this command was wrong". */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  const text = `${typeof code === 'string' ? code : ''} ${error.name} ${error.message}`;
  return CONNECTION_ERROR.test(text) || FAILOVER_REPLY.test(text);
}

/** How long after a recovery other connections' failures count as their reconnecting, not as a new outage. */
const RECONNECT_GRACE_MS = 15_000;

/**
 * Redis reachability as one fact for the whole process: every connection (the app's own client, the
 * queues, the workers) reports to it, and it logs one JSON line when Redis stops answering and one when it
 * answers again, instead of one multi-line error per connection and retry.
 */
class RedisOutage extends EventEmitter {
  private readonly logger = new Logger('Redis');
  private since: Date | null = null;
  private recoveredAt = 0;
  private readonly errors = new Map<string, number>();

  get down(): boolean {
    return this.since !== null;
  }

  failed(source: string, error: unknown): void {
    this.errors.set(source, (this.errors.get(source) ?? 0) + 1);
    if (this.since) return;
    // the first connection back announces the recovery; the others fail a little longer while they reconnect
    if (Date.now() - this.recoveredAt < RECONNECT_GRACE_MS) return;
    this.since = new Date();
    this.logger.warn({
      msg: 'redis unreachable; writes go on, queued work waits for the reconciler',
      source,
      error: error instanceof Error ? error.message : String(error),
    });
    this.emit('down');
  }

  recovered(source: string): void {
    if (!this.since) return;
    const errors = Object.fromEntries(this.errors);
    this.logger.log({ msg: 'redis reachable again', source, downForMs: Date.now() - this.since.getTime(), errors });
    this.since = null;
    this.recoveredAt = Date.now();
    this.errors.clear();
    this.emit('up');
  }

  /** A listener for the 'error' event of a BullMQ queue or worker: connection errors count here, others are logged as they are. */
  errorListener(source: string, logger: Logger = this.logger): (error: Error) => void {
    return (error: Error) => {
      if (isConnectionError(error)) this.failed(source, error);
      else logger.warn({ msg: `${source} error`, error: error.message });
    };
  }

  /** Routes an ioredis client's errors here (so ioredis never prints "Unhandled error event") and its reconnects. */
  watch(source: string, client: Redis): void {
    client.on('error', this.errorListener(source));
    client.on('ready', () => this.recovered(source));
  }
}

export const redisOutage = new RedisOutage();
