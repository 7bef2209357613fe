import { Module } from '@nestjs/common';
import { DashboardFilter } from './dashboard-filter';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

@Module({ controllers: [DashboardController], providers: [DashboardService, DashboardFilter] })
export class DashboardModule {}
