import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { APP_ROLES, AppConfig } from './config/app.config';
import { ConfigModule } from './config/config.module';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { IdempotencyModule } from './common/idempotency/idempotency.module';
import { RedisModule } from './common/redis/redis.module';
import { DatabaseModule } from './database/database.module';
import { RecentWritesInterceptor } from './database/recent-writes.interceptor';
import { AssessmentsModule } from './modules/assessments/assessments.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { CarrierMatchingModule } from './modules/carriers/carrier-matching.module';
import { CarriersModule } from './modules/carriers/carriers.module';
import { CatalogModule } from './modules/catalog/catalog.module';
import { ChainsModule } from './modules/chains/chains.module';
import { ConfirmationsModule } from './modules/confirmations/confirmations.module';
import { CreditModule } from './modules/credit/credit.module';
import { DashboardModule } from './modules/dashboard/dashboard.module';
import { ForecastModule } from './modules/forecast/forecast.module';
import { EnterpriseIssuesModule } from './modules/enterprise-issues/enterprise-issues.module';
import { FollowUpsModule } from './modules/follow-ups/follow-ups.module';
import { HealthModule } from './modules/health/health.module';
import { LeadsModule } from './modules/leads/leads.module';
import { MetaModule } from './modules/meta/meta.module';
import { ObligationsModule } from './modules/obligations/obligations.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { PipelineModule } from './modules/pipeline/pipeline.module';
import { RemindersModule } from './modules/reminders/reminders.module';
import { SpreadsheetsModule } from './modules/spreadsheets/spreadsheets.module';
import { UsersModule } from './modules/users/users.module';
import { WorkerModule } from './worker.module';

/** The HTTP application, with the workers too when its role runs them (`all`); a worker-only process is built by worker.factory.ts. */
@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        IdempotencyModule,
        RemindersModule,
        NotificationsModule,
        UsersModule,
        AuthModule,
        CatalogModule,
        ChainsModule,
        LeadsModule,
        AssessmentsModule,
        PipelineModule,
        ConfirmationsModule,
        CreditModule,
        FollowUpsModule,
        EnterpriseIssuesModule,
        ObligationsModule,
        CarriersModule,
        CarrierMatchingModule,
        DashboardModule,
        ForecastModule,
        AuditModule,
        HealthModule,
        SpreadsheetsModule,
        MetaModule,
        ...(APP_ROLES[config.role].workers ? [WorkerModule] : []),
      ],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_INTERCEPTOR, useClass: RecentWritesInterceptor },
      ],
    };
  }
}
