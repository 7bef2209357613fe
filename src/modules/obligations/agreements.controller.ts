import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { ErrorCode } from '../../common/errors/app-error';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, StreamableFile, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/decorators';
import { Idempotent } from '../../common/idempotency/idempotency.interceptor';
import { uuidPipe } from '../../common/validation/validation.pipe';
import { AgreementsService } from './agreements.service';
import { CreateAgreementDto, UpdateAgreementDto } from './dto/agreement.dto';
import { CreateClauseDto, UpdateClauseDto } from './dto/clause.dto';
import { AgreementPageDto, AgreementResponseDto, ClauseResponseDto, EvidenceResponseDto } from './dto/obligation-response.dto';
import { EvidenceService } from './evidence.service';
import { EVIDENCE_TYPES, EvidenceUpload, EvidenceUploadInterceptor, UploadedEvidence } from '../../common/evidence/evidence-upload';

@ApiTags('obligations')
@ApiBearerAuth()
@Controller('leads/:id/agreements')
export class AgreementsController {
  constructor(
    private readonly agreements: AgreementsService,
    private readonly evidence: EvidenceService,
  ) {}

  @Get()
  @ApiDoc('协议与履约条款', 'The lead’s agreements with clauses, states, idle-land clocks and 履约率')
  @ApiOkResponse({ type: AgreementPageDto })
  list(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string): Promise<AgreementPageDto> {
    return this.agreements.list(user, id);
  }

  @Post()
  @Idempotent()
  @ApiDoc('登记协议', 'Record an agreement (the lead must have signed; one main agreement per lead)', {
    errors: [ErrorCode.Conflict, ErrorCode.UnprocessableEntity],
  })
  @ApiCreatedResponse({ type: AgreementResponseDto })
  create(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: CreateAgreementDto,
  ): Promise<AgreementResponseDto> {
    return this.agreements.create(user, id, dto);
  }

  @Patch(':agreementId')
  @ApiDoc('修改协议', 'Edit an agreement (needs its version)', { errors: [ErrorCode.VersionConflict, ErrorCode.UnprocessableEntity] })
  @ApiOkResponse({ type: AgreementResponseDto })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe()) id: string,
    @Param('agreementId', uuidPipe('agreementId')) agreementId: string,
    @Body() dto: UpdateAgreementDto,
  ): Promise<AgreementResponseDto> {
    return this.agreements.update(user, id, agreementId, dto);
  }

  @Post(':agreementId/clauses')
  @Idempotent()
  @ApiDoc('登记履约条款', 'Add a clause to an agreement', { errors: [ErrorCode.UnprocessableEntity] })
  @ApiCreatedResponse({ type: ClauseResponseDto })
  createClause(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe()) id: string,
    @Param('agreementId', uuidPipe('agreementId')) agreementId: string,
    @Body() dto: CreateClauseDto,
  ): Promise<ClauseResponseDto> {
    return this.agreements.createClause(user, id, agreementId, dto);
  }

  @Patch(':agreementId/clauses/:clauseId')
  @ApiDoc('修改条款或履约状态', 'Edit a clause or set its status with a reason (waiving: leaders only)', {
    errors: [ErrorCode.Forbidden, ErrorCode.VersionConflict, ErrorCode.UnprocessableEntity],
  })
  @ApiOkResponse({ type: ClauseResponseDto })
  updateClause(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe()) id: string,
    @Param('agreementId', uuidPipe('agreementId')) agreementId: string,
    @Param('clauseId', uuidPipe('clauseId')) clauseId: string,
    @Body() dto: UpdateClauseDto,
  ): Promise<ClauseResponseDto> {
    return this.agreements.updateClause(user, id, agreementId, clauseId, dto);
  }

  @Post(':agreementId/clauses/:clauseId/evidence')
  @Idempotent()
  @UseInterceptors(EvidenceUploadInterceptor)
  @ApiDoc('上传佐证材料', 'Upload evidence (PDF, PNG, JPEG or xlsx, by content; size-limited)', { errors: [ErrorCode.UnprocessableEntity] })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: EvidenceResponseDto })
  uploadEvidence(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe()) id: string,
    @Param('agreementId', uuidPipe('agreementId')) agreementId: string,
    @Param('clauseId', uuidPipe('clauseId')) clauseId: string,
    @UploadedEvidence() upload: EvidenceUpload,
  ): Promise<EvidenceResponseDto> {
    return this.evidence.upload(user, id, agreementId, clauseId, upload);
  }

  @Get(':agreementId/clauses/:clauseId/evidence/:evidenceId')
  @ApiDoc('下载佐证材料', 'Download an evidence file')
  @ApiProduces(...EVIDENCE_TYPES.map((t) => t.type))
  @ApiOkResponse({ description: 'the file as uploaded', schema: { type: 'string', format: 'binary' } })
  async downloadEvidence(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe()) id: string,
    @Param('agreementId', uuidPipe('agreementId')) agreementId: string,
    @Param('clauseId', uuidPipe('clauseId')) clauseId: string,
    @Param('evidenceId', uuidPipe('evidenceId')) evidenceId: string,
  ): Promise<StreamableFile> {
    const file = await this.evidence.download(user, id, agreementId, clauseId, evidenceId);
    return new StreamableFile(file.content, {
      type: file.contentType,
      length: file.content.length,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    });
  }

  @Delete(':agreementId/clauses/:clauseId/evidence/:evidenceId')
  @HttpCode(204)
  @ApiDoc('删除佐证材料', 'Delete an evidence file (whoever may upload may delete; on the timeline with the file name)')
  @ApiNoContentResponse({ description: 'deleted' })
  removeEvidence(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe()) id: string,
    @Param('agreementId', uuidPipe('agreementId')) agreementId: string,
    @Param('clauseId', uuidPipe('clauseId')) clauseId: string,
    @Param('evidenceId', uuidPipe('evidenceId')) evidenceId: string,
  ): Promise<void> {
    return this.evidence.remove(user, id, agreementId, clauseId, evidenceId);
  }
}
