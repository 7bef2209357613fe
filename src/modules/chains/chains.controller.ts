import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ErrorCode } from '../../common/errors/app-error';
import { Idempotent } from '../../common/idempotency/idempotency.interceptor';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { PageQuery } from '../../common/pagination/page.query';
import { uuidPipe } from '../../common/validation/validation.pipe';
import { LeadDetailDto } from '../leads/dto/lead-response.dto';
import { XLSX_TYPE } from '../spreadsheets/lead-import-files.service';
import { SpreadsheetImport, SpreadsheetUpload, UploadedSpreadsheet } from '../spreadsheets/spreadsheet-upload';
import { CHAIN_EDITORS, CHAIN_READERS, EXPANSION_WRITERS, TARGET_WRITERS, VISIT_WRITERS } from './chain.model';
import { ChainAftercareService } from './chain-aftercare.service';
import { ChainConversionService } from './chain-conversion.service';
import { CHAIN_SHEETS } from './chain-sheet.columns';
import { ChainExportService } from './chain-export.service';
import { ChainImportService } from './chain-import.service';
import { ChainsService } from './chains.service';
import { ChainVisitDto, ChainVisitPageDto, CreateChainVisitDto, CreateExpansionDto } from './dto/chain-aftercare.dto';
import { ChainImportReportDto } from './dto/chain-import.dto';
import { ChainEnterpriseDto, ChainGapViewDto, ChainListDto, ChainNodeDto, ChainSummaryDto, ChainTargetDto } from './dto/chain-response.dto';
import {
  CreateChainEnterpriseDto,
  CreateChainNodeDto,
  CreateChainTargetDto,
  UpdateChainDto,
  UpdateChainEnterpriseDto,
  UpdateChainNodeDto,
  UpdateChainTargetDto,
} from './dto/chain-write.dto';

const SHEET_NAMES = CHAIN_SHEETS.map((s) => s.name).join(' / ');

@ApiTags('chains')
@ApiBearerAuth()
@Controller('chains')
export class ChainsController {
  constructor(
    private readonly chains: ChainsService,
    private readonly conversion: ChainConversionService,
    private readonly aftercare: ChainAftercareService,
    private readonly exports: ChainExportService,
    private readonly imports: ChainImportService,
  ) {}

  @Get()
  @Roles(...CHAIN_READERS)
  @ApiDoc('产业链列表', 'List chains', {
    description: 'Each chain (a catalog branch) with its team and its node, gap (缺链) and weak (弱链) counts.',
  })
  @ApiOkResponse({ type: ChainListDto })
  list(): Promise<ChainListDto> {
    return this.chains.list();
  }

  @Post('nodes')
  @Idempotent()
  @Roles(...CHAIN_EDITORS)
  @ApiDoc('新增产业链环节', 'Create a chain node', {
    description: 'A node of a catalog branch’s chain (the chain is added with its first node).',
  })
  @ApiCreatedResponse({ type: ChainNodeDto })
  createNode(@Body() dto: CreateChainNodeDto): Promise<ChainNodeDto> {
    return this.chains.createNode(dto);
  }

  @Patch('nodes/:id')
  @Roles(...CHAIN_EDITORS)
  @ApiDoc('修改产业链环节', 'Update a chain node')
  @ApiOkResponse({ type: ChainNodeDto })
  updateNode(@Param('id', uuidPipe()) id: string, @Body() dto: UpdateChainNodeDto): Promise<ChainNodeDto> {
    return this.chains.updateNode(id, dto);
  }

  @Post('enterprises')
  @Idempotent()
  @Roles(...CHAIN_EDITORS)
  @ApiDoc('登记本地企业', 'Create a local enterprise', {
    description: 'A firm already in the district, on one or more nodes; a credit code another enterprise holds is 409.',
    errors: [ErrorCode.DuplicateCreditCode],
  })
  @ApiCreatedResponse({ type: ChainEnterpriseDto })
  createEnterprise(@Body() dto: CreateChainEnterpriseDto): Promise<ChainEnterpriseDto> {
    return this.chains.createEnterprise(dto);
  }

  @Patch('enterprises/:id')
  @Roles(...CHAIN_EDITORS)
  @ApiDoc('修改本地企业', 'Update a local enterprise', {
    description: 'The fields given change; nodeIds replaces its nodes.',
    errors: [ErrorCode.DuplicateCreditCode],
  })
  @ApiOkResponse({ type: ChainEnterpriseDto })
  updateEnterprise(@Param('id', uuidPipe()) id: string, @Body() dto: UpdateChainEnterpriseDto): Promise<ChainEnterpriseDto> {
    return this.chains.updateEnterprise(id, dto);
  }

  @Post('enterprises/:id/visits')
  @Idempotent()
  @Roles(...VISIT_WRITERS)
  @ApiDoc('记录安商走访', 'Log a visit to a local enterprise', {
    description:
      '安商: a visit (date, way, summary, next step) logged by the caller; promoters, commissioners and leaders log visits, others 403. The enterprise’s lastVisitedOn follows. A date after today is 400.',
    errors: [ErrorCode.Forbidden],
  })
  @ApiCreatedResponse({ type: ChainVisitDto })
  logVisit(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string, @Body() dto: CreateChainVisitDto): Promise<ChainVisitDto> {
    return this.aftercare.logVisit(user, id, dto);
  }

  @Get('enterprises/:id/visits')
  @Roles(...CHAIN_READERS)
  @ApiDoc('安商走访记录', 'List an enterprise’s visits', { description: 'Newest visit first, paged by cursor like every list.' })
  @ApiOkResponse({ type: ChainVisitPageDto })
  listVisits(@Param('id', uuidPipe()) id: string, @Query() query: PageQuery): Promise<ChainVisitPageDto> {
    return this.aftercare.listVisits(id, query);
  }

  @Post('enterprises/:id/expansion')
  @Idempotent()
  @Roles(...EXPANSION_WRITERS)
  @ApiDoc('企业增资 (新建增资线索)', 'Create a capital-increase lead of a local enterprise', {
    description:
      '增资: a new lead (investmentKind increase) linked to the enterprise (enterpriseId), with its company and credit code, the industry and node of its first chain node, source 产业链招商, and planned investment = the increase alone, so every figure counts only the increase (不重复统计). Created like POST /leads (a promoter only into their own team, else 403). The enterprise’s original project may hold the same credit code: live credit codes are unique among new projects only. A 增资 lead is not flagged as a re-signing of the company’s new project, and reaching 运营投产 it creates no second enterprise.',
    errors: [ErrorCode.Forbidden],
  })
  @ApiCreatedResponse({ type: LeadDetailDto })
  expand(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string, @Body() dto: CreateExpansionDto): Promise<LeadDetailDto> {
    return this.aftercare.expand(user, id, dto);
  }

  @Post('targets')
  @Idempotent()
  @Roles(...TARGET_WRITERS)
  @ApiDoc('新增目标企业', 'Create a target company', {
    description: 'A candidate company for a node, with why and where the tip came from.',
  })
  @ApiCreatedResponse({ type: ChainTargetDto })
  createTarget(@CurrentUser() user: AuthUser, @Body() dto: CreateChainTargetDto): Promise<ChainTargetDto> {
    return this.chains.createTarget(user, dto);
  }

  @Patch('targets/:id')
  @Roles(...TARGET_WRITERS)
  @ApiDoc('修改目标企业', 'Update a target company', {
    description: 'Leaders and admins edit any open target, a promoter the targets they added (else 403); a converted target is 422.',
    errors: [ErrorCode.Forbidden, ErrorCode.UnprocessableEntity],
  })
  @ApiOkResponse({ type: ChainTargetDto })
  updateTarget(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: UpdateChainTargetDto,
  ): Promise<ChainTargetDto> {
    return this.chains.updateTarget(user, id, dto);
  }

  @Post('targets/:id/lead')
  @Idempotent()
  @Roles(...TARGET_WRITERS)
  @ApiDoc('目标企业转为线索', 'Turn a target into a lead', {
    description:
      'Creates the lead (source industry_chain, the target’s node, the chain’s team or else the caller’s; a promoter only into their own team, else 403) and marks the target converted in the same transaction. Another live lead of the company (credit code, or normalised company name) is 409 naming it when the caller may see it; a converted target is 409.',
    errors: [ErrorCode.Forbidden, ErrorCode.Conflict, ErrorCode.DuplicateCreditCode],
  })
  @ApiCreatedResponse({ type: LeadDetailDto })
  convert(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string): Promise<LeadDetailDto> {
    return this.conversion.convert(user, id);
  }

  @Get(':industryCode/export')
  @Roles(...CHAIN_READERS)
  @ApiDoc('导出产业链', 'Export a chain', {
    description: `The chain as an xlsx workbook the import reads back: sheets ${SHEET_NAMES}, Chinese headers.`,
  })
  @ApiResponse({
    status: 200,
    description: 'the workbook, as an attachment',
    content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } },
  })
  async export(@Param('industryCode') industryCode: string): Promise<StreamableFile> {
    const file = await this.exports.export(industryCode);
    return new StreamableFile(file.stream, { type: file.contentType, disposition: file.disposition });
  }

  @Post(':industryCode/import')
  @HttpCode(200)
  @Roles(...CHAIN_EDITORS)
  @ApiDoc('导入产业链', 'Import a chain', {
    description: `Reads the export's workbook (multipart, the file in \`file\`; sheets ${SHEET_NAMES}, an absent sheet left alone) and upserts nodes by code within the chain, local enterprises by credit code else name (their nodes on this chain become the row's), targets by node and name; an empty cell keeps the stored value. One transaction: any bad row is 422 listing each (sheet, row, column, message) and nothing is written; dryRun checks the same way and writes nothing. An unknown catalog branch is 404.`,
    errors: [ErrorCode.BadRequest, ErrorCode.UnprocessableEntity, ErrorCode.PayloadTooLarge, ErrorCode.UnsupportedMediaType],
  })
  @SpreadsheetImport()
  @ApiOkResponse({ type: ChainImportReportDto })
  import(
    @CurrentUser() user: AuthUser,
    @Param('industryCode') industryCode: string,
    @UploadedSpreadsheet() upload: SpreadsheetUpload,
  ): Promise<ChainImportReportDto> {
    return this.imports.import(user, industryCode, upload);
  }

  @Get(':industryCode')
  @Roles(...CHAIN_READERS)
  @ApiDoc('产业链图谱 (缺链视图)', 'Chain gap view', {
    description:
      'Each node upstream to downstream with its local enterprises, the live projects the caller may see, its targets and its mark: gap (no local enterprise and no counting project), weak (one), strong. A project counts from 洽谈 (negotiating) on while not lost; projectCount counts every team’s.',
  })
  @ApiOkResponse({ type: ChainGapViewDto })
  gapView(@CurrentUser() user: AuthUser, @Param('industryCode') industryCode: string): Promise<ChainGapViewDto> {
    return this.chains.gapView(user, industryCode);
  }

  @Patch(':industryCode')
  @Roles(...CHAIN_EDITORS)
  @ApiDoc('设置产业链团队', 'Set a chain’s team', {
    description: 'The team whose leads the chain’s targets become (链长制); null: the converting user’s team.',
  })
  @ApiOkResponse({ type: ChainSummaryDto })
  setTeam(@Param('industryCode') industryCode: string, @Body() dto: UpdateChainDto): Promise<ChainSummaryDto> {
    return this.chains.setTeam(industryCode, dto);
  }
}
