import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { MultilineText } from '../../../common/validation/plain-text-fields';
import { CreateLeadDto } from '../../leads/dto/create-lead.dto';
import { IsCalendarDate, IsWanYuan } from '../../leads/dto/lead-fields';
import { VISIT_KINDS, VisitKind } from '../chain.model';

const VISIT_KIND_VALUES = Object.fromEntries(VISIT_KINDS.map((k) => [k.key, k.key])) as Record<string, VisitKind>;

/** POST /chains/enterprises/:id/visits: a 安商 visit, logged like a follow-up. */
export class CreateChainVisitDto {
  @ApiProperty({ enum: VISIT_KINDS.map((k) => k.key), enumName: 'ChainVisitKind', description: '走访方式' })
  @IsEnum(VISIT_KIND_VALUES)
  kind: VisitKind;

  @ApiProperty({ format: 'date', description: '走访日期 (YYYY-MM-DD, district time; not in the future)', example: '2026-11-20' })
  @IsCalendarDate()
  visitedOn: string;

  @ApiProperty({ description: '走访情况', example: '走访企业总经理, 了解二期扩产用地需求', minLength: 1, maxLength: 4000 })
  @IsString()
  @Length(1, 4000)
  @MultilineText()
  summary: string;

  @ApiPropertyOptional({ description: '下一步: what was agreed to do next', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @MultilineText()
  nextStep?: string;
}

class VisitAuthorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
}

export class ChainVisitDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) enterpriseId: string;
  @ApiProperty({ enum: VISIT_KINDS.map((k) => k.key), enumName: 'ChainVisitKind' }) kind: VisitKind;
  @ApiProperty({ example: '上门走访' }) kindLabel: string;
  @ApiProperty({ format: 'date' }) visitedOn: string;
  @ApiProperty() summary: string;
  @ApiProperty({ type: String, nullable: true }) nextStep: string | null;
  @ApiProperty({ type: VisitAuthorDto, nullable: true, description: 'who logged it' }) author: VisitAuthorDto | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class ChainVisitPageDto {
  @ApiProperty({ type: [ChainVisitDto], description: 'newest visit first' }) items: ChainVisitDto[];
  @ApiProperty({ type: String, nullable: true, description: 'the next page’s cursor; null on the last page' }) nextCursor: string | null;
}

/**
 * POST /chains/enterprises/:id/expansion: a 增资 (capital increase) of the enterprise as a new lead. The company and
 * its credit code come from the enterprise, the industry and chain node from its first node, the source is 产业链招商;
 * the amounts are the increase only (不重复统计). The lead's other fields are edited as any lead's (PATCH /leads/:id).
 */
export class CreateExpansionDto extends PickType(CreateLeadDto, [
  'zoneCode',
  'teamId',
  'ownerId',
  'keyProjectLevel',
  'contacts',
  'nextFollowUpAt',
] as const) {
  @ApiProperty({ description: '增资额 (万元): the planned investment of the increase alone', minimum: 0, example: 8000 })
  @IsWanYuan()
  increase: number;

  @ApiPropertyOptional({ description: '项目名称 (default: 〈企业名称〉增资扩产项目)', minLength: 1, maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;
}
