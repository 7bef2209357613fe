import { Controller, Get, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ErrorCode } from '../../common/errors/app-error';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { uuidPipe } from '../../common/validation/validation.pipe';
import { Role } from '../users/role.enum';
import { ImportSheetQuery } from './dto/import-leads.query';
import { ImportAcceptedDto, ImportReportDto } from './dto/import-report.dto';
import { ImportsService } from './imports.service';
import { LeadImportFilesService, XLSX_TYPE } from './lead-import-files.service';
import { xlsxFile } from './lead-spreadsheets.controller';
import { SpreadsheetImport, SpreadsheetUpload, UploadedSpreadsheet } from './spreadsheet-upload';

const XLSX_FILE = { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } };

/** 履约填报 from a spreadsheet: the same machinery as the ledger import (POST /leads/import), for whoever may enter actuals by hand. */
// 履约监管 operations (the obligations tag), on the ledger import's machinery
@ApiTags('obligations')
@ApiBearerAuth()
@Controller('actuals/import')
export class ActualsSpreadsheetsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly files: LeadImportFilesService,
  ) {}

  @Post()
  @Roles(Role.Commissioner, Role.Leader, Role.Admin)
  @ApiDoc('导入履约填报', 'Import reported actuals', {
    description:
      'Reads an xlsx or CSV sheet of reported actuals (multipart, the file in `file`): each row names a project (项目编号, or 项目名称 + 企业名称) and a period (填报期, or 年度 + 季度) and gives figures. ' +
      'Each row follows the rules of POST /leads/:id/actuals; a period reported already is updated in the figures the row fills. A small file is imported (or checked, with dryRun) within the request; a large one is queued (202).',
    errors: [ErrorCode.BadRequest, ErrorCode.PayloadTooLarge, ErrorCode.UnsupportedMediaType, ErrorCode.NotFound],
  })
  @SpreadsheetImport({
    mapping: { type: 'string', description: 'JSON {"<header>": "<column key>|ignore"}, over the saved mapping' },
    mappingId: {
      type: 'string',
      format: 'uuid',
      description: 'a saved mapping (GET /leads/import/mappings) whose columns are actuals columns',
    },
  })
  @ApiResponse({ status: 200, type: ImportReportDto, description: 'imported (or checked, in a dry run) within the request' })
  @ApiResponse({ status: 202, type: ImportAcceptedDto, description: 'a large file, queued: follow GET /imports/:id' })
  async import(
    @CurrentUser() user: AuthUser,
    @UploadedSpreadsheet() upload: SpreadsheetUpload,
    @Query() query: ImportSheetQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImportReportDto | ImportAcceptedDto> {
    const result = await this.imports.submit(user, upload, query, 'actuals');
    void reply.status(result.status);
    return result.body;
  }

  @Get('template')
  @Roles(Role.Commissioner, Role.Leader, Role.Admin)
  @ApiDoc('下载履约填报模板', 'Actuals import template')
  @ApiResponse({
    status: 200,
    description: 'the actuals template: headers with their units, an example row, and a 说明 sheet',
    content: XLSX_FILE,
  })
  async template(): Promise<StreamableFile> {
    return xlsxFile(await this.files.actualsTemplate());
  }

  @Get(':importId/rejected.xlsx')
  @Roles(Role.Commissioner, Role.Leader, Role.Admin)
  @ApiDoc('下载未导入的填报行', 'Rejected actuals rows', {
    description: 'The rows an actuals import refused, with a 原因 column, to fix and upload again.',
  })
  @ApiResponse({ status: 200, description: 'the rows the import refused, with a 原因 column', content: XLSX_FILE })
  async rejected(@CurrentUser() user: AuthUser, @Param('importId', uuidPipe('importId')) importId: string): Promise<StreamableFile> {
    return xlsxFile(await this.files.rejected(user, importId, 'actuals'));
  }
}
