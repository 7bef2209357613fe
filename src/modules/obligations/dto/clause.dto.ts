import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { MultilineText } from '../../../common/validation/plain-text-fields';
import { ClauseKind, ClauseParty, ClauseStatus } from '../obligation.model';
import { Clearable, IsAmount, IsCalendarDate, IsNonBlankText, PresentNotNull } from './obligation-fields';

export const CLAUSE_PARTY_API = { enum: ClauseParty, enumName: 'ClauseParty', description: 'investor 企业 | government 政府' } as const;
export const CLAUSE_KIND_API = {
  enum: ClauseKind,
  enumName: 'ClauseKind',
  description: 'labels, units and checks: GET /meta/obligations',
} as const;
export const CLAUSE_STATUS_API = { enum: ClauseStatus, enumName: 'ClauseStatus' } as const;

/** POST /leads/:id/agreements/:agreementId/clauses */
export class CreateClauseDto {
  @ApiProperty(CLAUSE_PARTY_API)
  @IsEnum(ClauseParty)
  party: ClauseParty;

  @ApiProperty(CLAUSE_KIND_API)
  @IsEnum(ClauseKind)
  kind: ClauseKind;

  @ApiProperty({ description: '条款内容', example: '2026年底前实际到位投资不低于1亿元' })
  @IsNonBlankText(500)
  title: string;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'the threshold, in `unit` (required for kinds checked against figures)',
  })
  @IsOptional()
  @IsAmount()
  threshold?: number | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "the threshold's unit: the kind's unit (万元, 万元/亩, 人, %, 吨标煤/万元)",
  })
  @IsOptional()
  @IsNonBlankText(20)
  unit?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: '履约期限; or yearlyFrom' })
  @IsOptional()
  @IsCalendarDate()
  dueDate?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: '每年考核 from this year on; or dueDate' })
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  yearlyFrom?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: '佐证材料要求' })
  @IsOptional()
  @IsNonBlankText(500)
  evidenceRequired?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: '责任单位 (government clauses)', example: '区自然资源局' })
  @IsOptional()
  @IsNonBlankText(100)
  department?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the active user answering for a government clause (gets its reminders)',
  })
  @IsOptional()
  @IsUUID()
  responsibleId?: string | null;
}

/** PATCH .../clauses/:clauseId: fields, a status with its reason, and the version the client last read. */
export class UpdateClauseDto {
  @ApiProperty({ description: 'The version the client last read; a stale one is 409' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional()
  @PresentNotNull()
  @IsNonBlankText(500)
  title?: string;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @Clearable()
  @IsAmount()
  threshold?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Clearable()
  @IsNonBlankText(20)
  unit?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @Clearable()
  @IsCalendarDate()
  dueDate?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @Clearable()
  @IsInt()
  @Min(2000)
  @Max(2100)
  yearlyFrom?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Clearable()
  @IsNonBlankText(500)
  evidenceRequired?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Clearable()
  @IsNonBlankText(100)
  department?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @Clearable()
  @IsUUID()
  responsibleId?: string | null;

  @ApiPropertyOptional({ ...CLAUSE_STATUS_API, description: 'waived (豁免) only by a leader; every change of status needs a reason' })
  @PresentNotNull()
  @IsEnum(ClauseStatus)
  status?: ClauseStatus;

  @ApiPropertyOptional({ description: 'why the status changes (recorded in the timeline)' })
  @PresentNotNull()
  @IsNonBlankText(2000)
  @MultilineText()
  reason?: string;
}
