import { Module } from '@nestjs/common';
import { LeadConditionsModule } from '../leads/lead-conditions.module';
import { DashboardDimensions } from './dashboard-dimensions';
import { DashboardFilter } from './dashboard-filter';
import { DashboardTotals } from './dashboard-totals';
import { DashboardTotalsProcessor } from './dashboard-totals.processor';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

@Module({
  imports: [LeadConditionsModule],
  controllers: [DashboardController],
  providers: [DashboardService, DashboardFilter, DashboardDimensions, DashboardTotals, DashboardTotalsProcessor],
  exports: [DashboardTotals, DashboardFilter, DashboardDimensions],
})
export class DashboardModule {}
