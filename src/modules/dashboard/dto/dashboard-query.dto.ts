import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { FigureFilterQuery } from '../../leads/dto/figure-filter.query';

/** Filters of the dashboard: the figure filters the lead list shares (FigureFilterQuery). */
export class DashboardFilterQuery extends FigureFilterQuery {}

export const BREAKDOWN_DIMENSIONS = ['industry', 'zone', 'team', 'source'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

export class BreakdownQuery extends DashboardFilterQuery {
  @ApiProperty({ enum: BREAKDOWN_DIMENSIONS, enumName: 'BreakdownDimension', description: 'what to group by' })
  @IsIn(BREAKDOWN_DIMENSIONS)
  by: BreakdownDimension;
}

export class TargetsQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 2000, maximum: 2100, description: 'the year (district time); defaults to this year' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}
