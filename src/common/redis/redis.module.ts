import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../config/app.config';

/**
 * The app's own Redis connection (rate limits, health); BullMQ opens its own. Keys are prefixed with
 * QUEUE_PREFIX. Without REDIS_URL (zero-setup mode) there is no client and callers fall back.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisService.name);
  readonly client?: Redis;
  readonly prefix: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.prefix = config.queuePrefix;
    if (!config.redisUrl) return;
    this.client = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: false, lazyConnect: false });
    this.client.on('error', (error: Error) => this.logger.warn({ msg: 'redis connection error', error: error.message }));
  }

  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  /** null when Redis is not used. */
  async ping(): Promise<boolean | null> {
    if (!this.client) return null;
    try {
      return (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.quit().catch(() => this.client?.disconnect());
  }
}

@Global()
@Module({ providers: [RedisService], exports: [RedisService] })
export class RedisModule {}
