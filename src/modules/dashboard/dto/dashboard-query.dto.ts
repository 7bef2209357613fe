import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { FigureFilterQuery } from '../../leads/dto/figure-filter.query';
import { OptionalYear } from '../../../common/validation/optional-year.decorator';

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
  @OptionalYear()
  year?: number;
}
