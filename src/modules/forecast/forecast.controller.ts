import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { DashboardFilterQuery } from '../dashboard/dto/dashboard-query.dto';
import { Role } from '../users/role.enum';
import { BacktestQuery, ForecastQuery } from './dto/forecast-query.dto';
import { BacktestDto, ForecastDto, PlanDto } from './dto/forecast-response.dto';
import { ForecastService } from './forecast.service';

@ApiTags('dashboard')
@ApiBearerAuth()
@Roles(Role.Leader, Role.Admin)
@Controller('dashboard/forecast')
export class ForecastController {
  constructor(private readonly forecasts: ForecastService) {}

  @Get()
  @ApiDoc('年度预测', 'Forecast of the year', {
    description:
      'Month by month per metric (signings, contract investment, key projects started, investment arrived): actual to date plus Σ over live leads of P(reach the stage by the month) × amount, against the targets, with the gap in words.',
  })
  @ApiOkResponse({ type: ForecastDto })
  forecast(@Query() query: ForecastQuery): Promise<ForecastDto> {
    return this.forecasts.forecast(query);
  }

  @Get('plan')
  @ApiDoc('五年规划预测', 'Forecast of the plan period', {
    description: 'The plan period (FORECAST_PLAN_PERIOD) year by year against the yearly targets.',
  })
  @ApiOkResponse({ type: PlanDto })
  plan(@Query() query: DashboardFilterQuery): Promise<PlanDto> {
    return this.forecasts.plan(query);
  }

  @Get('backtest')
  @ApiDoc('预测回测', 'Backtest', {
    description:
      'What the method, with only the history known on asOf, said for the rest of that year, beside what happened, with the error.',
  })
  @ApiOkResponse({ type: BacktestDto })
  backtest(@Query() query: BacktestQuery): Promise<BacktestDto> {
    return this.forecasts.backtest(query);
  }
}
