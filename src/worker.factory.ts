import { DynamicModule, INestApplicationContext, LoggerService, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RedisModule } from './common/redis/redis.module';
import { AppConfig } from './config/app.config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { CatalogModule } from './modules/catalog/catalog.module';
import { RemindersModule } from './modules/reminders/reminders.module';
import { UsersModule } from './modules/users/users.module';
import { WorkerModule, withoutControllers } from './worker.module';

/** A worker process's modules: the consumer side and the global modules it uses, without HTTP. */
@Module({})
class WorkerProcessModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: WorkerProcessModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, RedisModule, RemindersModule, UsersModule, CatalogModule, WorkerModule],
    };
  }
}

/** Builds and starts a worker process (APP_ROLE=worker): no Fastify, Swagger, console or controllers, no port. */
export async function createWorkerContext(config: AppConfig, logger: LoggerService): Promise<INestApplicationContext> {
  // abortOnError off: a wiring error ends in main.ts's one-line start-up failure, not in process.abort()
  return NestFactory.createApplicationContext(withoutControllers(WorkerProcessModule.register(config)), {
    logger,
    bufferLogs: false,
    abortOnError: false,
  });
}
