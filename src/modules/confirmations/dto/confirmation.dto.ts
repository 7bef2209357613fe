import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateIf } from 'class-validator';
import { DoubleSigningDto, UserRefDto } from '../../leads/dto/lead-response.dto';
import { LeadStage } from '../../leads/lead.enums';
import { CONFIRMABLE_STAGES } from '../confirmation.model';
import { ConfirmationStatus } from '../lead-confirmation.entity';

export enum ConfirmationDecision {
  Confirm = 'confirm',
  Reject = 'reject',
}

/** POST /leads/:id/confirmations: a leader's decision on the lead's move into a confirmable stage. */
export class DecideConfirmationDto {
  @ApiProperty({ enum: CONFIRMABLE_STAGES, description: 'the stage whose entry is confirmed (签约, 开工建设, 运营投产)' })
  @IsIn(CONFIRMABLE_STAGES)
  stage: LeadStage;

  @ApiPropertyOptional({ enum: ConfirmationDecision, enumName: 'ConfirmationDecision', default: ConfirmationDecision.Confirm })
  @IsOptional()
  @IsIn(Object.values(ConfirmationDecision))
  decision?: ConfirmationDecision;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: 20,
    description: 'evidence uploaded for this lead (POST /leads/:id/confirmation-evidence) and not yet used; at least one to confirm',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  evidenceIds?: string[];

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 2000, description: 'why the move is rejected; required to reject' })
  @ValidateIf((dto: DecideConfirmationDto) => dto.decision === ConfirmationDecision.Reject || dto.reason !== undefined)
  @IsString()
  @Length(1, 2000)
  reason?: string;
}

export enum QueueStatus {
  Pending = 'pending',
  Rejected = 'rejected',
}

export class ConfirmationQueueQuery {
  @ApiPropertyOptional({
    enum: QueueStatus,
    enumName: 'ConfirmationQueueStatus',
    default: QueueStatus.Pending,
    description: 'pending: every move awaiting confirmation; rejected: those of them whose latest decision was a rejection',
  })
  @IsOptional()
  @IsIn(Object.values(QueueStatus))
  status?: QueueStatus;
}

export class ConfirmationEvidenceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the confirmation it supports; null until used' })
  confirmationId: string | null;
  @ApiProperty() fileName: string;
  @ApiProperty() contentType: string;
  @ApiProperty({ type: 'integer' }) sizeBytes: number;
  @ApiProperty() sha256: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class ConfirmationResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty({ enum: CONFIRMABLE_STAGES }) stage: LeadStage;
  @ApiProperty() stageLabel: string;
  @ApiProperty({ enum: ConfirmationStatus, enumName: 'ConfirmationStatus' }) status: ConfirmationStatus;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the rejection’s reason' }) reason: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the stage’s gate figures as confirmed' })
  figures: Record<string, unknown>;
  @ApiProperty({ type: [ConfirmationEvidenceDto] }) evidence: ConfirmationEvidenceDto[];
  @ApiProperty({ type: UserRefDto, nullable: true }) decidedBy: UserRefDto | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) voidedAt: Date | null;
  @ApiProperty({ type: String, nullable: true, description: 'why it was voided (the move back’s note)' }) voidReason: string | null;
}

export class StageConfirmationStateDto {
  @ApiProperty({ enum: CONFIRMABLE_STAGES }) stage: LeadStage;
  @ApiProperty() stageLabel: string;
  @ApiProperty({
    enum: ['not_reached', 'awaiting', 'confirmed'],
    description: 'not_reached: the lead is not (or no longer) at or past the stage; awaiting: reached, no standing confirmation',
  })
  state: 'not_reached' | 'awaiting' | 'confirmed';
  @ApiProperty() evidenceHint: string;
}

export class LeadConfirmationsDto {
  @ApiProperty({ type: [StageConfirmationStateDto] }) stages: StageConfirmationStateDto[];
  @ApiProperty({ type: [ConfirmationResponseDto], description: 'every decision, newest first' }) items: ConfirmationResponseDto[];
  @ApiProperty({ type: [ConfirmationEvidenceDto], description: 'evidence uploaded and not yet used by a decision' })
  unusedEvidence: ConfirmationEvidenceDto[];
}

export class ConfirmationQueueItemDto {
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty() leadCode: string;
  @ApiProperty() leadName: string;
  @ApiProperty() companyName: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) teamId: string | null;
  @ApiProperty({ enum: CONFIRMABLE_STAGES, description: 'the stage awaiting confirmation' }) stage: LeadStage;
  @ApiProperty() stageLabel: string;
  @ApiProperty({ type: String, nullable: true, description: 'the stage’s date (签约/开工/投产日期)' }) enteredOn: string | null;
  @ApiProperty({ type: Number, nullable: true, description: '合同投资额 (万元)' }) contractInvestment: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '实际到位投资 (万元)' }) actualInvestment: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'the latest rejection’s reason, if the latest decision was one' })
  rejectedReason: string | null;
  @ApiProperty({ type: DoubleSigningDto }) doubleSigning: DoubleSigningDto;
  @ApiProperty() evidenceHint: string;
}

export class ConfirmationQueueDto {
  @ApiProperty({ type: [ConfirmationQueueItemDto], description: 'oldest stage date first (at most 500)' })
  items: ConfirmationQueueItemDto[];
}
