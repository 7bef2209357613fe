import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  StreamableFile,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { Role } from '../users/role.enum';
import { ExportLeadsQuery } from './dto/export-leads.query';
import { CreateImportMappingDto, ImportMappingDto } from './dto/import-mapping.dto';
import { ImportLeadsQuery } from './dto/import-leads.query';
import { ImportAcceptedDto, ImportReportDto } from './dto/import-report.dto';
import { ImportMappingsService } from './import-mappings.service';
import { ImportsService } from './imports.service';
import { LeadImportFilesService, SheetFile, XLSX_TYPE } from './lead-import-files.service';
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
    private readonly files: LeadImportFilesService,
    private readonly mappings: ImportMappingsService,
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
      properties: {
        file: { type: 'string', format: 'binary' },
        dryRun: { type: 'boolean' },
        sheet: { type: 'string' },
        mapping: { type: 'string', description: 'JSON {"<header>": "<column key>|ignore"}, over the saved mapping' },
        mappingId: { type: 'string', format: 'uuid', description: 'a saved mapping (GET /leads/import/mappings)' },
        onDuplicate: { type: 'string', enum: ['skip', 'update'] },
      },
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

  @Get('import/template')
  @Roles(Role.Promoter, Role.Leader, Role.Admin)
  @ApiProduces(XLSX_TYPE)
  @ApiResponse({ status: 200, description: 'the ledger template: headers, two example rows, and a 可选值 sheet' })
  async template(): Promise<StreamableFile> {
    return xlsx(await this.files.template());
  }

  @Get('import/mappings')
  @Roles(Role.Promoter, Role.Leader, Role.Admin)
  @ApiResponse({ status: 200, type: [ImportMappingDto] })
  listMappings(@CurrentUser() user: AuthUser): Promise<ImportMappingDto[]> {
    return this.mappings.list(user);
  }

  @Post('import/mappings')
  @Roles(Role.Promoter, Role.Leader, Role.Admin)
  @ApiResponse({ status: 201, type: ImportMappingDto })
  createMapping(@CurrentUser() user: AuthUser, @Body() dto: CreateImportMappingDto): Promise<ImportMappingDto> {
    return this.mappings.create(user, dto);
  }

  @Delete('import/mappings/:id')
  @Roles(Role.Promoter, Role.Leader, Role.Admin)
  @HttpCode(204)
  @ApiResponse({ status: 204, description: 'deleted' })
  removeMapping(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.mappings.remove(user, id);
  }

  @Get('import/:importId/rejected.xlsx')
  @Roles(Role.Promoter, Role.Leader, Role.Admin)
  @ApiProduces(XLSX_TYPE)
  @ApiResponse({ status: 200, description: 'the rows the import refused, with a 原因 column, to fix and upload again' })
  async rejected(@CurrentUser() user: AuthUser, @Param('importId', ParseUUIDPipe) importId: string): Promise<StreamableFile> {
    return xlsx(await this.files.rejected(user, importId));
  }
}

function xlsx(file: SheetFile): StreamableFile {
  return new StreamableFile(file.body, {
    type: XLSX_TYPE,
    disposition: `attachment; filename="import.xlsx"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
  });
}
