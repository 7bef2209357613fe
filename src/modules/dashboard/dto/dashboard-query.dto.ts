import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate } from '../../leads/dto/lead-fields';

/** Filters of the dashboard: leads created in [from, to] (district dates), of an industry or zone branch, of a team. */
export class DashboardFilterQuery {
  @ApiPropertyOptional({ description: 'leads created on or after this date (YYYY-MM-DD, district time)' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: 'leads created on or before this date (YYYY-MM-DD, district time)' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(32)
  industry?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(32)
  zone?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  teamId?: string;
}

export const BREAKDOWN_DIMENSIONS = ['industry', 'zone', 'team', 'source'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

export class BreakdownQuery extends DashboardFilterQuery {
  @ApiPropertyOptional({ enum: BREAKDOWN_DIMENSIONS })
  @IsIn(BREAKDOWN_DIMENSIONS)
  by: BreakdownDimension;
}

export class TargetsQuery {
  @ApiPropertyOptional({ description: 'the year (district time); defaults to this year' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}
