import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { BreakdownResponseDto, CommissionersResponseDto, PipelineResponseDto, TargetsResponseDto } from './dto/dashboard-response.dto';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
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
  @ApiDoc('招商漏斗', 'Pipeline funnel', {
    description: 'Per stage: counts, investment sums, conversion and median days; on hold and lost with their reasons.',
  })
  @ApiOkResponse({ type: PipelineResponseDto })
  pipeline(@CurrentUser() user: AuthUser, @Query() query: DashboardFilterQuery): Promise<PipelineDto> {
    return this.dashboard.pipeline(user, query);
  }

  @Get('breakdown')
  @ApiDoc('分类统计', 'Breakdown', { description: 'The figures per industry, zone, team or source (`by`).' })
  @ApiOkResponse({ type: BreakdownResponseDto })
  breakdown(@CurrentUser() user: AuthUser, @Query() query: BreakdownQuery): Promise<{ by: BreakdownDimension; items: BreakdownItem[] }> {
    return this.dashboard.breakdown(user, query.by, query);
  }

  @Get('commissioners')
  @ApiDoc('护商专员工作量', 'Commissioners’ workload')
  @ApiOkResponse({ type: CommissionersResponseDto })
  commissioners(@CurrentUser() user: AuthUser, @Query() query: DashboardFilterQuery): Promise<{ items: CommissionerWorkload[] }> {
    return this.dashboard.commissioners(user, query);
  }

  @Get('targets')
  @ApiDoc('年度目标', 'Yearly targets', {
    description: 'The year’s signed and started key projects and signed and arrived investment against the targets.',
  })
  @ApiOkResponse({ type: TargetsResponseDto })
  targets(@CurrentUser() user: AuthUser, @Query() query: TargetsQuery): Promise<TargetsDto> {
    return this.dashboard.targets(user, query.year);
  }
}
