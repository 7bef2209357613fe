import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '../../common/errors/app-error';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { uuidPipe } from '../../common/validation/validation.pipe';
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
import { SpreadsheetImport, SpreadsheetUpload, UploadedSpreadsheet } from './spreadsheet-upload';

const binary = { schema: { type: 'string', format: 'binary' } };
const XLSX_FILE = { [XLSX_TYPE]: binary };

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
  @ApiDoc('导出台账', 'Export leads', {
    description:
      'The leads the list’s filters match, as an xlsx workbook (default) or a UTF-8 CSV (`format=csv`); a confidential project shows its 代号.',
  })
  @ApiResponse({ status: 200, description: 'the file, as an attachment', content: { ...XLSX_FILE, 'text/csv': binary } })
  async export(@CurrentUser() user: AuthUser, @Query() query: ExportLeadsQuery): Promise<StreamableFile> {
    const file = await this.exports.export(user, query);
    return new StreamableFile(file.stream, { type: file.contentType, disposition: file.disposition });
  }

  @Post('import')
  @Roles(Role.Promoter, Role.Leader, Role.Admin)
  @ApiDoc('导入台账', 'Import leads', {
    description:
      'Reads an xlsx or CSV ledger (multipart, the file in `file`): a small file is imported (or checked, with dryRun) within the request and answered with the per-row report; a large one is queued (202). ' +
      'A file that cannot be read is a 400 naming the reason (details.file); one too large a 413.',
    errors: [ErrorCode.BadRequest, ErrorCode.PayloadTooLarge, ErrorCode.UnsupportedMediaType, ErrorCode.NotFound],
  })
  @SpreadsheetImport({
    mapping: { type: 'string', description: 'JSON {"<header>": "<column key>|ignore"}, over the saved mapping' },
    mappingId: { type: 'string', format: 'uuid', description: 'a saved mapping (GET /leads/import/mappings)' },
    onDuplicate: { $ref: '#/components/schemas/ImportOnDuplicate' },
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
  @ApiDoc('下载导入模板', 'Import template')
  @ApiResponse({ status: 200, description: 'the ledger template: headers, two example rows, and a 可选值 sheet', content: XLSX_FILE })
  async template(): Promise<StreamableFile> {
    return xlsxFile(await this.files.template());
  }

  @Get('import/mappings')
  @Roles(Role.Promoter, Role.Leader, Role.Admin)
  @ApiDoc('列映射', 'List import mappings', { description: 'The caller’s saved column mappings and those shared with their team.' })
  @ApiResponse({ status: 200, type: [ImportMappingDto], description: 'the mappings' })
  listMappings(@CurrentUser() user: AuthUser): Promise<ImportMappingDto[]> {
    return this.mappings.list(user);
  }

  @Post('import/mappings')
  @Roles(Role.Promoter, Role.Leader, Role.Admin)
  @ApiDoc('保存列映射', 'Save an import mapping', {
    description: 'A named mapping of file headers to columns, the caller’s own or shared with the team.',
  })
  @ApiResponse({ status: 201, type: ImportMappingDto, description: 'saved' })
  createMapping(@CurrentUser() user: AuthUser, @Body() dto: CreateImportMappingDto): Promise<ImportMappingDto> {
    return this.mappings.create(user, dto);
  }

  @Delete('import/mappings/:id')
  @Roles(Role.Promoter, Role.Leader, Role.Admin)
  @HttpCode(204)
  @ApiDoc('删除列映射', 'Delete an import mapping', {
    description: 'Its author, a leader or an admin may delete it.',
    errors: [ErrorCode.Forbidden],
  })
  @ApiResponse({ status: 204, description: 'deleted' })
  removeMapping(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string): Promise<void> {
    return this.mappings.remove(user, id);
  }

  @Get('import/:importId/rejected.xlsx')
  @Roles(Role.Promoter, Role.Leader, Role.Admin)
  @ApiDoc('下载未导入的行', 'Rejected rows', { description: 'The rows an import refused, with a 原因 column, to fix and upload again.' })
  @ApiResponse({ status: 200, description: 'the rows the import refused, with a 原因 column, to fix and upload again', content: XLSX_FILE })
  async rejected(@CurrentUser() user: AuthUser, @Param('importId', uuidPipe('importId')) importId: string): Promise<StreamableFile> {
    return xlsxFile(await this.files.rejected(user, importId));
  }
}

/** An xlsx file as a download, its Chinese name encoded for the header. */
export function xlsxFile(file: SheetFile): StreamableFile {
  return new StreamableFile(file.body, {
    type: XLSX_TYPE,
    disposition: `attachment; filename="import.xlsx"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
  });
}
