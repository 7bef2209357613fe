import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RedisModule } from '../common/redis/redis.module';
import { APP_CONFIG, AppConfig, databaseUrlOf } from '../config/app.config';
import { ReadReplicas } from './read-replicas';
import { ReadSource } from './read-source';
import { RecentWrites } from './recent-writes';
import { buildDataSourceOptions } from './typeorm-options';

/** The primary's DataSource (TypeORM), and ReadSource for the read-only paths that may use a replica (#23). */
@Global()
@Module({
  imports: [
    // RecentWrites keeps read-your-writes marks in Redis
    RedisModule,
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => buildDataSourceOptions({ url: databaseUrlOf(config), poolSize: config.dbPoolSize }),
    }),
  ],
  providers: [ReadReplicas, RecentWrites, ReadSource],
  exports: [ReadReplicas, RecentWrites, ReadSource],
})
export class DatabaseModule {}
