import { Module } from '@nestjs/common';
import { DashboardFilter } from './dashboard-filter';
import { DashboardTotals } from './dashboard-totals';
import { DashboardTotalsCompactor } from './dashboard-totals.compactor';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

@Module({ controllers: [DashboardController], providers: [DashboardService, DashboardFilter, DashboardTotals, DashboardTotalsCompactor] })
export class DashboardModule {}
