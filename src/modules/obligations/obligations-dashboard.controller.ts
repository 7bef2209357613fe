import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators';
import { DashboardFilterQuery } from '../dashboard/dto/dashboard-query.dto';
import { Role } from '../users/role.enum';
import { GradesDto, GradesQuery, ObligationsDashboardDto } from './dto/obligations-dashboard.dto';
import { ObligationsMetaDto } from './dto/obligations-meta.dto';
import { IDLE_LAND_LEVEL_LABELS, IDLE_LAND_LEVELS } from './idle-land.calculator';
import { obligationsMeta } from './obligation.model';
import { ObligationsDashboardService } from './obligations-dashboard.service';
import { ObligationsExportService } from './obligations-export.service';
import { XLSX_TYPE } from '../spreadsheets/lead-import-files.service';

@ApiTags('obligations')
@ApiBearerAuth()
@Controller()
export class ObligationsDashboardController {
  constructor(
    private readonly dashboard: ObligationsDashboardService,
    private readonly exports: ObligationsExportService,
  ) {}

  @Get('dashboard/obligations')
  @Roles(Role.Leader, Role.Admin)
  @ApiDoc('履约监管', 'Fulfilment (履约率) by project, team, industry and zone, idle-land clocks, the government’s overdue obligations')
  @ApiOkResponse({ type: ObligationsDashboardDto })
  obligations(@Query() query: DashboardFilterQuery): Promise<ObligationsDashboardDto> {
    return this.dashboard.obligations(query);
  }

  @Get('dashboard/obligations/export')
  @Roles(Role.Leader, Role.Admin)
  @ApiDoc('导出履约监管', 'Export the obligations figures (xlsx)', {
    description:
      'The figures of GET /dashboard/obligations under the same filters as an xlsx workbook: 汇总, 履约率 by project, team, industry and zone, idle-land clocks by level and listed, the government’s overdue clauses, and the filters.',
  })
  @ApiResponse({
    status: 200,
    description: 'the workbook, as an attachment',
    content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } },
  })
  async export(@Query() query: DashboardFilterQuery): Promise<StreamableFile> {
    const file = await this.exports.export(query);
    return new StreamableFile(file.body, { type: XLSX_TYPE, disposition: file.disposition });
  }

  @Get('dashboard/obligations/grades')
  @Roles(Role.Leader, Role.Admin)
  @ApiDoc('亩均效益评价', 'A–D grades of the year’s operating projects with the figures that decided')
  @ApiOkResponse({ type: GradesDto })
  grades(@Query() query: GradesQuery): Promise<GradesDto> {
    return this.dashboard.grades(query.year);
  }

  @Get('meta/obligations')
  @ApiDoc('履约监管字典', 'Clause parties, kinds (labels, units, checks), statuses, report figures, clock levels')
  @ApiOkResponse({ type: ObligationsMetaDto })
  meta(): ObligationsMetaDto {
    return { ...obligationsMeta(), idleLandLevels: IDLE_LAND_LEVELS.map((key) => ({ key, label: IDLE_LAND_LEVEL_LABELS[key] })) };
  }
}
