import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { withTimeout } from '../../common/async/with-timeout';
import { Public } from '../../common/auth/decorators';
import { RedisService } from '../../common/redis/redis.module';

/** Each dependency gets this long to answer, so /health itself answers within 2 s even when one hangs. */
const PROBE_TIMEOUT_MS = 1500;

type Dependency = 'database' | 'redis';

interface HealthDto {
  status: 'ok' | 'degraded';
  database: 'up' | 'down';
  redis: 'up' | 'down' | 'not_used';
  /** The dependencies that did not answer (or not in time). */
  unavailable: Dependency[];
  time: string;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: RedisService,
  ) {}

  /** 200 when PostgreSQL and Redis (if used) answer within 1.5 s, 503 otherwise, naming the one that did not. */
  @Public()
  @Get()
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    const probe = <T>(work: Promise<T>, what: Dependency) => withTimeout(work, PROBE_TIMEOUT_MS, what);
    const [database, redis] = await Promise.all([
      probe(this.dataSource.query('SELECT 1'), 'database').then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      probe(this.redis.ping(), 'redis').then(
        (ok) => (ok === null ? ('not_used' as const) : ok ? ('up' as const) : ('down' as const)),
        () => 'down' as const,
      ),
    ]);
    const unavailable = (Object.entries({ database, redis }) as Array<[Dependency, string]>)
      .filter(([, state]) => state === 'down')
      .map(([name]) => name);
    const status = unavailable.length === 0 ? 'ok' : 'degraded';
    void reply.status(status === 'ok' ? 200 : 503);
    return { status, database, redis, unavailable, time: new Date().toISOString() };
  }
}
