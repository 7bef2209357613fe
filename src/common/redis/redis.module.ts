import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { redisOutage } from './redis-outage';

const COMMAND_TIMEOUT_MS = 1000;

/**
 * The app's own Redis connection (rate limits, health); BullMQ opens its own. Keys are prefixed with
 * QUEUE_PREFIX. Without REDIS_URL (zero-setup mode) there is no client and callers fall back.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  readonly client?: Redis;
  readonly prefix: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.prefix = config.queuePrefix;
    if (!config.redisUrl) return;
    // fail fast, never queue: a login or /health must not wait for an outage to end (a frozen Redis: commandTimeout)
    this.client = new Redis(config.redisUrl, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      lazyConnect: false,
      commandTimeout: COMMAND_TIMEOUT_MS,
    });
    redisOutage.watch('app client', this.client);
  }

  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  /** null when Redis is not used. */
  async ping(): Promise<boolean | null> {
    if (!this.client) return null;
    try {
      const ok = (await this.client.ping()) === 'PONG';
      if (ok) redisOutage.recovered('app client');
      return ok;
    } catch (error) {
      redisOutage.failed('app client', error);
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
