import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsISO8601, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { FOLLOW_UP_TYPE_LABELS, FollowUp, FollowUpType } from '../follow-up.entity';
import { MultilineText } from '../../../common/validation/plain-text-fields';

export class CreateFollowUpDto {
  @ApiProperty({ enum: FollowUpType, enumName: 'FollowUpType' })
  @IsEnum(FollowUpType)
  type: FollowUpType;

  @ApiProperty({ format: 'date-time', description: 'when it happened (not in the future)' })
  @IsISO8601({ strict: true })
  occurredAt: string;

  @ApiProperty({ example: '与企业董事长面谈，确认用地需求 120 亩', minLength: 1, maxLength: 4000 })
  @IsString()
  @Length(1, 4000)
  @MultilineText()
  summary: string;

  @ApiPropertyOptional({ maxLength: 2000, description: '结果' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @MultilineText()
  outcome?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'next due time (in the future); defaults to the stage’s cadence' })
  @IsOptional()
  @IsISO8601({ strict: true })
  nextFollowUpAt?: string;
}

export class FollowUpResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty({ enum: FollowUpType, enumName: 'FollowUpType' }) type: FollowUpType;
  @ApiProperty({ example: '电话沟通' }) typeLabel: string;
  @ApiProperty({ type: String, format: 'date-time' }) occurredAt: Date;
  @ApiProperty() summary: string;
  @ApiProperty({ type: String, nullable: true }) outcome: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'the lead’s next follow-up as this one set it' })
  nextFollowUpAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;

  static from(followUp: FollowUp): FollowUpResponseDto {
    return {
      id: followUp.id,
      leadId: followUp.leadId,
      authorId: followUp.authorId,
      type: followUp.type,
      typeLabel: FOLLOW_UP_TYPE_LABELS[followUp.type],
      occurredAt: followUp.occurredAt,
      summary: followUp.summary,
      outcome: followUp.outcome,
      nextFollowUpAt: followUp.nextFollowUpAt,
      createdAt: followUp.createdAt,
    };
  }
}

export class FollowUpPageDto {
  @ApiProperty({ type: [FollowUpResponseDto], description: 'latest first' }) items: FollowUpResponseDto[];
  @ApiProperty({ type: String, nullable: true, description: 'the next page’s cursor; null on the last page' }) nextCursor: string | null;
}
