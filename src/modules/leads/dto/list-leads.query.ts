import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../../common/pagination/cursor';
import { LeadStage, LeadStatus, LeadSource } from '../lead.enums';

export const LEAD_SORTS = [
  'createdAt',
  '-createdAt',
  'updatedAt',
  '-updatedAt',
  'code',
  '-code',
  'plannedInvestment',
  '-plannedInvestment',
  'nextFollowUpAt',
  '-nextFollowUpAt',
] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** Filters of GET /leads (and of the export): all optional, combined with AND. */
export class LeadFilterQuery {
  @ApiPropertyOptional({ enum: LeadStage })
  @IsOptional()
  @IsEnum(LeadStage)
  stage?: LeadStage;

  @ApiPropertyOptional({ enum: LeadStatus })
  @IsOptional()
  @IsEnum(LeadStatus)
  status?: LeadStatus;

  @ApiPropertyOptional({ description: 'industry code; a branch includes its sub-industries' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  industry?: string;

  @ApiPropertyOptional({ description: 'zone, cluster or park code; an area includes what lies in it' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  zone?: string;

  @ApiPropertyOptional({ enum: LeadSource })
  @IsOptional()
  @IsEnum(LeadSource)
  source?: LeadSource;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  commissionerId?: string;

  @ApiPropertyOptional({ description: 'true: key projects only (any level); false: non-key only' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  keyProject?: boolean;

  @ApiPropertyOptional({ description: 'true: leads whose next follow-up is past due' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'searches project name, code name, company name and credit code (any substring, 1+ characters)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class ListLeadsQuery extends LeadFilterQuery {
  @ApiPropertyOptional({ enum: LEAD_SORTS, default: '-createdAt' })
  @IsOptional()
  @IsIn(LEAD_SORTS)
  sort?: LeadSort;

  @ApiPropertyOptional({ default: DEFAULT_PAGE_SIZE, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}
