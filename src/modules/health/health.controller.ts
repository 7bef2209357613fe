import { Controller, Get, Res } from '@nestjs/common';
import { ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { withTimeout } from '../../common/async/with-timeout';
import { Public } from '../../common/auth/decorators';
import { RedisService } from '../../common/redis/redis.module';

/** Each dependency gets this long to answer, so /health itself answers within 2 s even when one hangs. */
const PROBE_TIMEOUT_MS = 1500;

const DEPENDENCIES = ['database', 'redis'] as const;
type Dependency = (typeof DEPENDENCIES)[number];

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status: 'ok' | 'degraded';
  @ApiProperty({ enum: ['up', 'down'] }) database: 'up' | 'down';
  @ApiProperty({ enum: ['up', 'down', 'not_used'], description: 'not_used: the queues run on PostgreSQL (zero-setup mode)' }) redis:
    'up' | 'down' | 'not_used';
  @ApiProperty({ enum: DEPENDENCIES, isArray: true, description: 'the dependencies that did not answer (or not in time)' })
  unavailable: Dependency[];
  @ApiProperty({ format: 'date-time' }) time: string;
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
  @ApiDoc('健康检查', 'Health', {
    description: '200 when PostgreSQL and Redis (if used) answer within 1.5 s, 503 otherwise, naming the one that did not.',
  })
  @ApiResponse({ status: 200, type: HealthDto, description: 'every dependency answered' })
  @ApiResponse({ status: 503, type: HealthDto, description: 'degraded: `unavailable` names what did not answer' })
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
