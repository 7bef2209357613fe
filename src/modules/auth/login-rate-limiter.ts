import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { RedisService } from '../../common/redis/redis.module';

/**
 * Fixed-window counter in Redis per client address and username, shared by every API replica.
 * If Redis is unreachable, login still works (availability over throttling), and the failure is logged by RedisService.
 */
@Injectable()
export class LoginRateLimiter {
  /** Zero-setup mode has no Redis and a single process: count in memory. */
  private readonly local = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly redis: RedisService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async hit(clientIp: string, username: string): Promise<void> {
    const { maxAttempts, windowSeconds } = this.config.login;
    const key = this.redis.key('login', clientIp, username.toLowerCase());
    const counted = this.redis.client ? await this.hitInRedis(this.redis.client, key, windowSeconds) : this.hitInMemory(key, windowSeconds);
    if (!counted) return;
    const { attempts, ttl } = counted;
    if (attempts > maxAttempts) {
      const retryAfter = String(Math.max(1, ttl));
      throw new AppError(
        ErrorCode.TooManyRequests,
        '登录尝试过于频繁，请稍后再试 (too many login attempts)',
        { retryAfterSeconds: Number(retryAfter) },
        { 'Retry-After': retryAfter },
      );
    }
  }

  private async hitInRedis(client: Redis, key: string, windowSeconds: number): Promise<{ attempts: number; ttl: number } | null> {
    try {
      const result = await client.multi().incr(key).expire(key, windowSeconds, 'NX').ttl(key).exec();
      return { attempts: Number(result?.[0]?.[1] ?? 0), ttl: Number(result?.[2]?.[1] ?? windowSeconds) };
    } catch {
      return null;
    }
  }

  private hitInMemory(key: string, windowSeconds: number): { attempts: number; ttl: number } {
    const now = Date.now();
    let entry = this.local.get(key);
    if (!entry || entry.resetAt <= now) {
      if (this.local.size > 50_000) this.local.clear();
      entry = { count: 0, resetAt: now + windowSeconds * 1000 };
      this.local.set(key, entry);
    }
    entry.count += 1;
    return { attempts: entry.count, ttl: Math.ceil((entry.resetAt - now) / 1000) };
  }
}
