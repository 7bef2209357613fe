import { Body, Controller, Get, Param, Post, Query, StreamableFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ErrorCode } from '../../common/errors/app-error';
import { Idempotent } from '../../common/idempotency/idempotency.interceptor';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { uuidPipe } from '../../common/validation/validation.pipe';
import { EVIDENCE_TYPES, EvidenceUpload, EvidenceUploadInterceptor, UploadedEvidence } from '../../common/evidence/evidence-upload';
import { Role } from '../users/role.enum';
import { ConfirmationsService } from './confirmations.service';
import {
  ConfirmationEvidenceDto,
  ConfirmationQueueDto,
  ConfirmationQueueQuery,
  ConfirmationResponseDto,
  DecideConfirmationDto,
  LeadConfirmationsDto,
} from './dto/confirmation.dto';

@ApiTags('confirmations')
@ApiBearerAuth()
@Controller()
export class ConfirmationsController {
  constructor(private readonly confirmations: ConfirmationsService) {}

  @Post('leads/:id/confirmation-evidence')
  @Idempotent()
  @Roles(Role.Leader)
  @UseInterceptors(EvidenceUploadInterceptor)
  @ApiDoc('上传审核佐证', 'Upload evidence for a confirmation (contract, start photos, production proof; PDF, PNG, JPEG or xlsx)', {
    description: 'Leaders only. The file is kept with the lead until a decision (POST /leads/:id/confirmations) uses it.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: ConfirmationEvidenceDto })
  uploadEvidence(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe()) id: string,
    @UploadedEvidence() upload: EvidenceUpload,
  ): Promise<ConfirmationEvidenceDto> {
    return this.confirmations.uploadEvidence(user, id, upload);
  }

  @Get('leads/:id/confirmation-evidence/:evidenceId')
  @ApiDoc('下载审核佐证', 'Download a confirmation’s evidence file')
  @ApiProduces(...EVIDENCE_TYPES.map((t) => t.type))
  @ApiOkResponse({ description: 'the file as uploaded', schema: { type: 'string', format: 'binary' } })
  async downloadEvidence(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe()) id: string,
    @Param('evidenceId', uuidPipe('evidenceId')) evidenceId: string,
  ): Promise<StreamableFile> {
    const file = await this.confirmations.downloadEvidence(user, id, evidenceId);
    return new StreamableFile(file.content, {
      type: file.contentType,
      length: file.content.length,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    });
  }

  @Post('leads/:id/confirmations')
  @Idempotent()
  @Roles(Role.Leader)
  @ApiDoc('审核确认', 'Confirm (or reject) a lead’s move into 签约, 开工建设 or 运营投产', {
    description:
      'Leaders only. `decision` confirm (default) needs at least one evidence id uploaded for the lead and not yet used; reject needs a `reason` and leaves the move awaiting confirmation. 409 when the stage is confirmed already; 422 when the lead has not reached the stage, is lost, or the evidence is missing, unknown or used.',
    errors: [ErrorCode.Conflict, ErrorCode.UnprocessableEntity],
  })
  @ApiCreatedResponse({ type: ConfirmationResponseDto })
  decide(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: DecideConfirmationDto,
  ): Promise<ConfirmationResponseDto> {
    return this.confirmations.decide(user, id, dto);
  }

  @Get('leads/:id/confirmations')
  @ApiDoc('项目审核记录', 'A lead’s confirmations', {
    description: 'Per confirmable stage its state (not reached, awaiting, confirmed), every decision newest first, and unused evidence.',
  })
  @ApiOkResponse({ type: LeadConfirmationsDto })
  ofLead(@CurrentUser() user: AuthUser, @Param('id', uuidPipe()) id: string): Promise<LeadConfirmationsDto> {
    return this.confirmations.ofLead(user, id);
  }

  @Get('confirmations')
  @Roles(Role.Leader, Role.Admin)
  @ApiDoc('待审核确认', 'The confirmations queue', {
    description:
      'Every move into 签约, 开工建设 or 运营投产 of a live, not lost lead that awaits a leader’s confirmation (status=pending), or only those whose latest decision was a rejection (status=rejected), with the double-signing flag.',
  })
  @ApiOkResponse({ type: ConfirmationQueueDto })
  queue(@CurrentUser() user: AuthUser, @Query() query: ConfirmationQueueQuery): Promise<ConfirmationQueueDto> {
    return this.confirmations.queue(user, query.status);
  }
}
