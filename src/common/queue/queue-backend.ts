import { Logger } from '@nestjs/common';
import { createPostgresBackend, Queue, QueueOptions, withBackend, Worker, WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedis, describeRedis, redisKeyPrefix } from '../redis/redis-client';
import { isConnectionError, redisOutage } from '../redis/redis-outage';
import { AppConfig } from '../../config/app.config';

/** Long enough for a 500-job bulk add or look-up on a busy Redis; requests do not wait this long (ENQUEUE_TIMEOUT_MS). */
const PRODUCER_COMMAND_TIMEOUT_MS = 5000;

/** The PostgreSQL schema that holds the queues when BullMQ runs on PostgreSQL, one per QUEUE_PREFIX (the raw prefix, no hash tag). */
export function queueSchema(prefix: string): string {
  return `bullmq_${prefix.replace(/[^A-Za-z0-9_]/g, '_').toLowerCase()}`;
}

/**
 * Where the queues live: Redis when it is configured (REDIS_URL or REDIS_SENTINELS: production, scales out), else BullMQ's
 * PostgreSQL backend in the app's own database (zero-setup mode). Everything else uses the same
 * Queue/Worker API, so the engine does not know which one it runs on.
 */
export class QueueBackend {
  private readonly logger = new Logger(QueueBackend.name);
  /** Producers (queues: add, look-ups, schedulers): fail fast while Redis is away, the reconciler catches up. */
  private readonly producer?: Redis;
  /** Workers: they may wait for Redis; BullMQ requires maxRetriesPerRequest null on connections it blocks on. */
  private readonly consumer?: Redis;

  /** BullMQ's key prefix on Redis: the install's hash tag. */
  private readonly prefix: string;

  private constructor(
    readonly kind: 'redis' | 'postgres',
    private readonly config: AppConfig,
    private readonly databaseUrl: string,
  ) {
    this.prefix = redisKeyPrefix(config);
    if (kind === 'redis' && config.redis) {
      // No offline queue: a command while disconnected fails at once instead of waiting for the outage to end;
      // commandTimeout covers a Redis that is connected but does not answer.
      this.producer = createRedis(config.redis, {
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        commandTimeout: PRODUCER_COMMAND_TIMEOUT_MS,
      });
      this.consumer = createRedis(config.redis, { maxRetriesPerRequest: null, enableOfflineQueue: true });
      redisOutage.watch('queue producer', this.producer);
      redisOutage.watch('queue worker', this.consumer);
    }
  }

  static create(config: AppConfig, databaseUrl: string): QueueBackend {
    return new QueueBackend(config.redis ? 'redis' : 'postgres', config, databaseUrl);
  }

  describe(): string {
    if (this.kind === 'redis' && this.config.redis)
      return `BullMQ on Redis ${describeRedis(this.config.redis)}, key prefix "${this.prefix}"`;
    return `BullMQ's PostgreSQL backend in schema "${queueSchema(this.config.queuePrefix)}" of the app's database (neither REDIS_URL nor REDIS_SENTINELS is set)`;
  }

  /** A queue whose connection errors go to the one outage log (without a listener BullMQ prints each one). */
  queue(name: string, options: Omit<QueueOptions, 'connection'>): Queue {
    let queue: Queue;
    if (this.kind === 'redis') queue = new Queue(name, { ...options, connection: this.producer!, prefix: this.prefix });
    else {
      const { Queue: PgQueue } = withBackend(createPostgresBackend);
      // The PostgreSQL classes are the same Queue with other backend type parameters; callers use the common API only.
      queue = new PgQueue(name, { ...options, connection: this.pgConnection() }) as unknown as Queue;
    }
    queue.on('error', this.errorListener(`queue ${name}`, this.logger));
    return queue;
  }

  /** A queue operation failed: on Redis, a connection failure goes to the one outage log (a line per outage); anything else is logged. */
  failed(source: string, error: unknown, logger: Logger, fields: Record<string, unknown> = {}): void {
    if (this.kind === 'redis' && isConnectionError(error)) redisOutage.failed(source, error);
    else logger.warn({ msg: `${source} failed`, ...fields, error: error instanceof Error ? error.message : String(error) });
  }

  /** A queue operation succeeded: Redis answers again (the recovery a frozen Redis gives no reconnect event for). */
  succeeded(source: string): void {
    if (this.kind === 'redis') redisOutage.recovered(source);
  }

  /** For a queue's or worker's 'error' event. */
  errorListener(source: string, logger: Logger): (error: Error) => void {
    return (error: Error) => this.failed(source, error, logger);
  }

  /** A worker; the caller adds its own 'error' listener (errorListener). */
  worker<T>(name: string, processor: ConstructorParameters<typeof Worker<T>>[1], options: Omit<WorkerOptions, 'connection'>): Worker<T> {
    if (this.kind === 'redis') return new Worker<T>(name, processor, { ...options, connection: this.consumer!, prefix: this.prefix });
    const { Worker: PgWorker } = withBackend(createPostgresBackend);
    return new PgWorker<T>(name, processor, { ...options, connection: this.pgConnection() }) as unknown as Worker<T>;
  }

  /** Called each time the producer connection is ready again after a drop (Redis restarted, maybe empty). */
  onReconnect(listener: () => void): void {
    let connectedOnce = false;
    this.producer?.on('ready', () => {
      if (connectedOnce) listener();
      connectedOnce = true;
    });
    if (this.producer?.status === 'ready') connectedOnce = true;
  }

  async close(): Promise<void> {
    const clients = [this.producer, this.consumer].filter((client): client is Redis => client !== undefined);
    await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
  }

  private pgConnection() {
    // migrate: BullMQ creates or upgrades its schema on connect, under its own advisory lock
    return { connectionString: this.databaseUrl, schema: queueSchema(this.config.queuePrefix), max: 5, migrate: true };
  }
}
