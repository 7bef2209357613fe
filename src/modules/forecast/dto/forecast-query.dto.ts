import { ApiProperty } from '@nestjs/swagger';
import { DashboardFilterQuery } from '../../dashboard/dto/dashboard-query.dto';
import { IsCalendarDate } from '../../leads/dto/lead-fields';
import { OptionalYear } from '../../../common/validation/optional-year.decorator';

export class ForecastQuery extends DashboardFilterQuery {
  @OptionalYear()
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
