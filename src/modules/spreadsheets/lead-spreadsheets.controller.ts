import { Controller, Get, Post, Query, Res, StreamableFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { Role } from '../users/role.enum';
import { ExportLeadsQuery } from './dto/export-leads.query';
import { ImportLeadsQuery } from './dto/import-leads.query';
import { ImportAcceptedDto, ImportReportDto } from './dto/import-report.dto';
import { ImportsService } from './imports.service';
import { LeadExportService } from './lead-export.service';
import { SpreadsheetUpload, SpreadsheetUploadInterceptor, UploadedSpreadsheet } from './spreadsheet-upload';
import { Idempotent } from '../../common/idempotency/idempotency.interceptor';

@ApiTags('spreadsheets')
@ApiBearerAuth()
@Controller('leads')
export class LeadSpreadsheetsController {
  constructor(
    private readonly exports: LeadExportService,
    private readonly imports: ImportsService,
  ) {}

  @Get('export')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  async export(@CurrentUser() user: AuthUser, @Query() query: ExportLeadsQuery): Promise<StreamableFile> {
    const file = await this.exports.export(user, query);
    return new StreamableFile(file.stream, { type: file.contentType, disposition: file.disposition });
  }

  @Post('import')
  @Roles(Role.Promoter, Role.Leader, Role.Admin)
  @Idempotent()
  @UseInterceptors(SpreadsheetUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' }, dryRun: { type: 'boolean' }, sheet: { type: 'string' } },
    },
  })
  @ApiResponse({ status: 200, type: ImportReportDto, description: 'imported (or checked, in a dry run) within the request' })
  @ApiResponse({ status: 202, type: ImportAcceptedDto, description: 'a large file, queued: follow GET /imports/:id' })
  async import(
    @CurrentUser() user: AuthUser,
    @UploadedSpreadsheet() upload: SpreadsheetUpload,
    @Query() query: ImportLeadsQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImportReportDto | ImportAcceptedDto> {
    const result = await this.imports.submit(user, upload, query);
    void reply.status(result.status);
    return result.body;
  }
}
