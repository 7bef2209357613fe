import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators';
import { Role } from '../users/role.enum';
import { BreakdownItem, CommissionerWorkload, DashboardService, PipelineDto, TargetsDto } from './dashboard.service';
import { BreakdownDimension, BreakdownQuery, DashboardFilterQuery, TargetsQuery } from './dto/dashboard-query.dto';

@ApiTags('dashboard')
@ApiBearerAuth()
@Roles(Role.Leader, Role.Admin)
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get('pipeline')
  pipeline(@Query() query: DashboardFilterQuery): Promise<PipelineDto> {
    return this.dashboard.pipeline(query);
  }

  @Get('breakdown')
  breakdown(@Query() query: BreakdownQuery): Promise<{ by: BreakdownDimension; items: BreakdownItem[] }> {
    return this.dashboard.breakdown(query.by, query);
  }

  @Get('commissioners')
  commissioners(@Query() query: DashboardFilterQuery): Promise<{ items: CommissionerWorkload[] }> {
    return this.dashboard.commissioners(query);
  }

  @Get('targets')
  targets(@Query() query: TargetsQuery): Promise<TargetsDto> {
    return this.dashboard.targets(query.year);
  }
}
