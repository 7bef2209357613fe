import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { RedisService } from '../../common/redis/redis.module';

/**
 * Fixed-window counter in Redis per client address and username, shared by every API replica.
 * If Redis is unreachable, login still works (availability over throttling), and the failure is logged by RedisService.
 */
@Injectable()
export class LoginRateLimiter {
  constructor(
    private readonly redis: RedisService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async hit(clientIp: string, username: string): Promise<void> {
    const { maxAttempts, windowSeconds } = this.config.login;
    const key = this.redis.key('login', clientIp, username.toLowerCase());
    let attempts: number;
    let ttl: number;
    try {
      const result = await this.redis.client.multi().incr(key).expire(key, windowSeconds, 'NX').ttl(key).exec();
      attempts = Number(result?.[0]?.[1] ?? 0);
      ttl = Number(result?.[2]?.[1] ?? windowSeconds);
    } catch {
      return;
    }
    if (attempts > maxAttempts) {
      const retryAfter = String(Math.max(1, ttl));
      throw new AppError(ErrorCode.TooManyRequests, '登录尝试过于频繁，请稍后再试 (too many login attempts)', { retryAfterSeconds: Number(retryAfter) }, { 'Retry-After': retryAfter });
    }
  }
}
