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
    description: 'a stage (one forward, or one back for leaders), on_hold, active (resume / admin reopen) or lost',
  })
  @IsIn(TRANSITION_TARGETS)
  to: TransitionTarget;

  @ApiProperty()
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ description: 'reason; required for on_hold, lost, a move back and a reopen' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @MultilineText()
  note?: string;

  @ApiPropertyOptional({ enum: LostReason })
  @ValidateIf((o: TransitionDto) => o.to === 'lost' || o.lostReason !== undefined)
  @IsEnum(LostReason)
  lostReason?: LostReason;

  @ApiPropertyOptional({ description: 'where the project went (落户地)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  lostTo?: string;

  @ApiPropertyOptional({ description: '签约日期' })
  @IsOptional()
  @IsCalendarDate()
  signedAt?: string;

  @ApiPropertyOptional({ description: '合同投资额 (万元)' })
  @IsOptional()
  @IsWanYuan()
  contractInvestment?: number;

  @ApiPropertyOptional({ description: '约定开工日期' })
  @IsOptional()
  @IsCalendarDate()
  agreedStartDate?: string;

  @ApiPropertyOptional({ description: '约定投产日期' })
  @IsOptional()
  @IsCalendarDate()
  agreedOperatingDate?: string;

  @ApiPropertyOptional({ description: '实际开工日期' })
  @IsOptional()
  @IsCalendarDate()
  constructionStartedAt?: string;

  @ApiPropertyOptional({ description: '实际投产日期' })
  @IsOptional()
  @IsCalendarDate()
  operatingAt?: string;

  @ApiPropertyOptional({ description: '实际到位投资 (万元)' })
  @IsOptional()
  @IsWanYuan()
  actualInvestment?: number;
}
