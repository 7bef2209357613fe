import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { DashboardFilterQuery } from '../dashboard/dto/dashboard-query.dto';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators';
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
  runScans(): Promise<ScanSummary> {
    return this.scans.runAll();
  }

  @Get('dashboard/warnings')
  @Roles(Role.Leader, Role.Admin)
  current(@Query() query: DashboardFilterQuery): Promise<WarningsDto> {
    return this.warnings.current(query);
  }
}
