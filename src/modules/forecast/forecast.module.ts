import { Module } from '@nestjs/common';
import { DashboardModule } from '../dashboard/dashboard.module';
import { LeadConditionsModule } from '../leads/lead-conditions.module';
import { ForecastController } from './forecast.controller';
import { ForecastHistory } from './forecast-history.query';
import { ForecastProcessor } from './forecast.processor';
import { ForecastService } from './forecast.service';
import { ForecastSnapshots } from './forecast-snapshots.service';

/** 考核预测 (#20): the conversion history, the forecast against the plan's targets, its backtest and the worker's snapshot. */
@Module({
  imports: [DashboardModule, LeadConditionsModule],
  controllers: [ForecastController],
  providers: [ForecastService, ForecastHistory, ForecastSnapshots, ForecastProcessor],
  exports: [ForecastSnapshots],
})
export class ForecastModule {}
