import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../../common/auth/decorators';
import { RedisService } from '../../common/redis/redis.module';

interface HealthDto {
  status: 'ok' | 'degraded';
  database: 'up' | 'down';
  redis: 'up' | 'down' | 'not_used';
  time: string;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: RedisService,
  ) {}

  /** 200 when PostgreSQL and Redis (if used) answer, 503 otherwise, with each one's state. */
  @Public()
  @Get()
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    const [database, redis] = await Promise.all([
      this.dataSource.query('SELECT 1').then(() => 'up' as const, () => 'down' as const),
      this.redis.ping().then((ok) => (ok === null ? ('not_used' as const) : ok ? ('up' as const) : ('down' as const))),
    ]);
    const status = database === 'up' && redis !== 'down' ? 'ok' : 'degraded';
    void reply.status(status === 'ok' ? 200 : 503);
    return { status, database, redis, time: new Date().toISOString() };
  }
}
