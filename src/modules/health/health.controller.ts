import { Controller, Get, Res } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { withTimeout } from '../../common/async/with-timeout';
import { Public } from '../../common/auth/decorators';
import { RedisService } from '../../common/redis/redis.module';
import { ReadReplicas } from '../../database/read-replicas';

/** Each dependency gets this long to answer, so /health itself answers within 2 s even when one hangs. */
const PROBE_TIMEOUT_MS = 1500;

const DEPENDENCIES = ['database', 'redis'] as const;
type Dependency = (typeof DEPENDENCIES)[number];

export class ReplicaHealthDto {
  @ApiProperty({ description: 'host:port of the replica' }) name: string;
  @ApiProperty({ enum: ['in_use', 'skipped'], description: 'skipped: unreachable, paused or further behind than REPLICA_MAX_LAG' })
  state: 'in_use' | 'skipped';
  @ApiProperty({ type: 'integer', nullable: true, description: 'how old a read from it may be (ms); null when unknown' })
  lagMs: number | null;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status: 'ok' | 'degraded';
  @ApiProperty({ enum: ['up', 'down'] }) database: 'up' | 'down';
  @ApiProperty({ enum: ['up', 'down', 'not_used'], description: 'not_used: the queues run on PostgreSQL (zero-setup mode)' }) redis:
    'up' | 'down' | 'not_used';
  @ApiProperty({ enum: DEPENDENCIES, isArray: true, description: 'the dependencies that did not answer (or not in time)' })
  unavailable: Dependency[];
  @ApiPropertyOptional({
    type: [ReplicaHealthDto],
    description:
      'the read replicas (DATABASE_REPLICA_URLS), when configured; a skipped one does not degrade the status (reads go to the primary)',
  })
  replicas?: ReplicaHealthDto[];
  @ApiProperty({ format: 'date-time' }) time: string;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: RedisService,
    private readonly replicas: ReadReplicas,
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
    const replicas = this.replicas.enabled ? { replicas: this.replicas.status() } : {};
    return { status, database, redis, unavailable, ...replicas, time: new Date().toISOString() };
  }
}
