import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsIn, IsInt, IsOptional, IsString, MaxLength, Min, ValidateIf } from 'class-validator';
import { IsCalendarDate, IsWanYuan } from '../../leads/dto/lead-fields';
import { LostReason } from '../../leads/lead.enums';
import { TRANSITION_TARGETS, TransitionTarget } from '../lead-stage.machine';
import { MultilineText } from '../../../common/validation/plain-text-fields';

/** POST /leads/:id/transitions: where to go, the version read, a reason where needed, and the gate data. */
export class TransitionDto {
  @ApiProperty({
    enum: TRANSITION_TARGETS,
    enumName: 'TransitionTarget',
    description: 'a stage (one forward, or one back for leaders), on_hold, active (resume / admin reopen) or lost',
  })
  @IsIn(TRANSITION_TARGETS)
  to: TransitionTarget;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'The version the client last read; a stale one is 409' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ maxLength: 2000, description: 'reason; required for on_hold, lost, a move back and a reopen' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @MultilineText()
  note?: string;

  @ApiPropertyOptional({ enum: LostReason, enumName: 'LeadLostReason', description: '终止原因: required to lose a lead' })
  @ValidateIf((o: TransitionDto) => o.to === 'lost' || o.lostReason !== undefined)
  @IsEnum(LostReason)
  lostReason?: LostReason;

  @ApiPropertyOptional({ maxLength: 100, description: 'where the project went (落户地); required with chose_other_location' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  lostTo?: string;

  @ApiPropertyOptional({ format: 'date', description: '签约日期' })
  @IsOptional()
  @IsCalendarDate()
  signedAt?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 999_999_999_999, description: '合同投资额 (万元)' })
  @IsOptional()
  @IsWanYuan()
  contractInvestment?: number;

  @ApiPropertyOptional({ format: 'date', description: '约定开工日期' })
  @IsOptional()
  @IsCalendarDate()
  agreedStartDate?: string;

  @ApiPropertyOptional({ format: 'date', description: '约定投产日期' })
  @IsOptional()
  @IsCalendarDate()
  agreedOperatingDate?: string;

  @ApiPropertyOptional({ format: 'date', description: '实际开工日期' })
  @IsOptional()
  @IsCalendarDate()
  constructionStartedAt?: string;

  @ApiPropertyOptional({ format: 'date', description: '实际投产日期' })
  @IsOptional()
  @IsCalendarDate()
  operatingAt?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 999_999_999_999, description: '实际到位投资 (万元)' })
  @IsOptional()
  @IsWanYuan()
  actualInvestment?: number;
}
