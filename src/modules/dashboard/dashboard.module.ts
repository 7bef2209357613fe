import { Module } from '@nestjs/common';
import { DashboardFilter } from './dashboard-filter';
import { DashboardTotals } from './dashboard-totals';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

@Module({ controllers: [DashboardController], providers: [DashboardService, DashboardFilter, DashboardTotals], exports: [DashboardTotals] })
export class DashboardModule {}
