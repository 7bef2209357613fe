import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { createRedis, redisKeyPrefix } from './redis-client';
import { redisOutage } from './redis-outage';

const COMMAND_TIMEOUT_MS = 1000;

/**
 * The app's own Redis connection (rate limits, health); BullMQ opens its own. Keys start with the install's
 * hash tag (redisKeyPrefix). Without Redis (zero-setup mode) there is no client and callers fall back.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  readonly client?: Redis;
  readonly prefix: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.prefix = redisKeyPrefix(config);
    if (!config.redis) return;
    // fail fast, never queue: a login or /health must not wait for an outage to end (a frozen Redis: commandTimeout)
    this.client = createRedis(config.redis, {
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
