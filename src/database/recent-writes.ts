import { Inject, Injectable } from '@nestjs/common';
import { RedisService } from '../common/redis/redis.module';
import { APP_CONFIG, AppConfig } from '../config/app.config';

/**
 * Read-your-writes (#23): who wrote within REPLICA_MAX_LAG, in Redis so that every API process behind the proxy
 * knows it (a key per user, expiring after the bound). When Redis fails to answer, every user counts as having just
 * written, for the bound after the failure: reads go to the primary, never to an older copy.
 */
@Injectable()
export class RecentWrites {
  private readonly ttlMs: number;
  /** Until then Redis is not believed: a write recorded meanwhile may be missing from it. */
  private unreliableUntil = 0;

  constructor(
    private readonly redis: RedisService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMs = config.replicas.maxLagMs;
  }

  /** Notes that the user writes now; a failure is remembered, never thrown (the write itself goes on). */
  async record(userId: string): Promise<void> {
    try {
      if (!this.redis.client) throw new Error('no Redis');
      await this.redis.client.set(this.key(userId), '1', 'PX', this.ttlMs);
    } catch {
      this.distrustRedis();
    }
  }

  /** Whether the user wrote within the bound, or might have (Redis absent, failing, or failed within the bound). */
  async wroteRecently(userId: string): Promise<boolean> {
    if (!this.redis.client || Date.now() < this.unreliableUntil) return true;
    try {
      return (await this.redis.client.exists(this.key(userId))) === 1;
    } catch {
      this.distrustRedis();
      return true;
    }
  }

  private distrustRedis(): void {
    this.unreliableUntil = Date.now() + this.ttlMs;
  }

  private key(userId: string): string {
    return this.redis.key('wrote', userId);
  }
}
