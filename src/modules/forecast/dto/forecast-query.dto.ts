import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DashboardFilterQuery } from '../../dashboard/dto/dashboard-query.dto';
import { IsCalendarDate } from '../../leads/dto/lead-fields';

export class ForecastQuery extends DashboardFilterQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 2000, maximum: 2100, description: 'the year (district time); defaults to this year' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class BacktestQuery extends DashboardFilterQuery {
  @ApiProperty({
    format: 'date',
    description: 'the date the forecast is made on, with only the history known then (YYYY-MM-DD, not in the future)',
  })
  @IsCalendarDate()
  asOf: string;
}
