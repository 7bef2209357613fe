import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsISO8601, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { FOLLOW_UP_TYPE_LABELS, FollowUp, FollowUpType } from '../follow-up.entity';
import { MultilineText } from '../../../common/validation/plain-text-fields';

export class CreateFollowUpDto {
  @ApiProperty({ enum: FollowUpType })
  @IsEnum(FollowUpType)
  type: FollowUpType;

  @ApiProperty({ description: 'when it happened (not in the future)' })
  @IsISO8601({ strict: true })
  occurredAt: string;

  @ApiProperty({ example: '与企业董事长面谈，确认用地需求 120 亩' })
  @IsString()
  @Length(1, 4000)
  @MultilineText()
  summary: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @MultilineText()
  outcome?: string;

  @ApiPropertyOptional({ description: 'next due time; defaults to the stage’s cadence' })
  @IsOptional()
  @IsISO8601({ strict: true })
  nextFollowUpAt?: string;
}

export class FollowUpResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() leadId: string;
  @ApiProperty() authorId: string;
  @ApiProperty({ enum: FollowUpType }) type: FollowUpType;
  @ApiProperty() typeLabel: string;
  @ApiProperty() occurredAt: Date;
  @ApiProperty() summary: string;
  @ApiProperty({ nullable: true }) outcome: string | null;
  @ApiProperty({ nullable: true }) nextFollowUpAt: Date | null;
  @ApiProperty() createdAt: Date;

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
