import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { DashboardFilterQuery } from '../dashboard/dto/dashboard-query.dto';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { ScanSummaryDto, WarningsResponseDto } from './dto/reminders-response.dto';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { Role } from '../users/role.enum';
import { ScanSummary } from './scans.service';
import { WarningsDto, WarningsService } from './warnings.service';
import { ScansService } from './scans.service';

@ApiTags('reminders')
@ApiBearerAuth()
@Controller()
export class RemindersController {
  constructor(
    private readonly scans: ScansService,
    private readonly warnings: WarningsService,
  ) {}

  /** Runs the stall scan and the digest now instead of waiting for their schedule. */
  @Post('admin/scans/run')
  @HttpCode(200)
  @Roles(Role.Admin)
  @ApiDoc('立即扫描', 'Run the scans now', {
    description: 'Runs the stall scan (红黄预警) and the morning digest now instead of waiting for their schedule.',
  })
  @ApiOkResponse({ type: ScanSummaryDto })
  runScans(): Promise<ScanSummary> {
    return this.scans.runAll();
  }

  @Get('dashboard/warnings')
  @Roles(Role.Leader, Role.Admin)
  @ApiDoc('红黄预警', 'Warnings', {
    description:
      'Stalled leads (red/yellow), overdue follow-ups and overdue issues under the cockpit filters; lists capped, counts complete.',
  })
  @ApiOkResponse({ type: WarningsResponseDto })
  current(@CurrentUser() user: AuthUser, @Query() query: DashboardFilterQuery): Promise<WarningsDto> {
    return this.warnings.current(user, query);
  }
}
