import { Logger } from '@nestjs/common';
import { createPostgresBackend, Queue, QueueOptions, withBackend, Worker, WorkerOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/app.config';

/** The PostgreSQL schema that holds the queues when BullMQ runs on PostgreSQL, one per QUEUE_PREFIX. */
export function queueSchema(prefix: string): string {
  return `bullmq_${prefix.replace(/[^A-Za-z0-9_]/g, '_').toLowerCase()}`;
}

/**
 * Where the queues live: Redis when REDIS_URL is set (production, scales out), else BullMQ's
 * PostgreSQL backend in the app's own database (zero-setup mode). Everything else uses the same
 * Queue/Worker API, so the engine does not know which one it runs on.
 */
export class QueueBackend {
  private readonly logger = new Logger(QueueBackend.name);
  private readonly redis?: Redis;

  private constructor(
    readonly kind: 'redis' | 'postgres',
    private readonly config: AppConfig,
    private readonly databaseUrl: string,
  ) {
    if (kind === 'redis' && config.redisUrl) {
      // BullMQ needs maxRetriesPerRequest null on the connections its workers block on.
      this.redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null, enableOfflineQueue: true });
      this.redis.on('error', (error: Error) => this.logger.warn({ msg: 'queue redis error', error: error.message }));
    }
  }

  static create(config: AppConfig, databaseUrl: string): QueueBackend {
    return new QueueBackend(config.redisUrl ? 'redis' : 'postgres', config, databaseUrl);
  }

  describe(): string {
    if (this.kind === 'redis') return `BullMQ on Redis at ${new URL(this.config.redisUrl ?? '').host} (REDIS_URL is set), key prefix "${this.config.queuePrefix}"`;
    return `BullMQ's PostgreSQL backend in schema "${queueSchema(this.config.queuePrefix)}" of the app's database (REDIS_URL is not set)`;
  }

  queue(name: string, options: Omit<QueueOptions, 'connection'>): Queue {
    if (this.kind === 'redis') return new Queue(name, { ...options, connection: this.redis!, prefix: this.config.queuePrefix });
    const { Queue: PgQueue } = withBackend(createPostgresBackend);
    // The PostgreSQL classes are the same Queue with other backend type parameters; callers use the common API only.
    return new PgQueue(name, { ...options, connection: this.pgConnection() }) as unknown as Queue;
  }

  worker<T>(name: string, processor: ConstructorParameters<typeof Worker<T>>[1], options: Omit<WorkerOptions, 'connection'>): Worker<T> {
    if (this.kind === 'redis') return new Worker<T>(name, processor, { ...options, connection: this.redis!, prefix: this.config.queuePrefix });
    const { Worker: PgWorker } = withBackend(createPostgresBackend);
    return new PgWorker<T>(name, processor, { ...options, connection: this.pgConnection() }) as unknown as Worker<T>;
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }

  private pgConnection() {
    // migrate: BullMQ creates or upgrades its schema on connect, under its own advisory lock
    return { connectionString: this.databaseUrl, schema: queueSchema(this.config.queuePrefix), max: 5, migrate: true };
  }
}
