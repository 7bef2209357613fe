import { Module } from '@nestjs/common';
import { DashboardFilter } from './dashboard-filter';
import { DashboardTotals } from './dashboard-totals';
import { DashboardTotalsProcessor } from './dashboard-totals.processor';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

@Module({
  controllers: [DashboardController],
  providers: [DashboardService, DashboardFilter, DashboardTotals, DashboardTotalsProcessor],
  exports: [DashboardTotals],
})
export class DashboardModule {}
