import { ApiProperty } from '@nestjs/swagger';
import { LeadStage } from '../../leads/lead.enums';
import { METRIC_KEYS, type MetricKey } from '../forecast.model';

const metricKey = { enum: METRIC_KEYS, enumName: 'ForecastMetricKey' } as const;
const figure = { type: Number, description: 'a count, or 万元 for investment' } as const;

export class ForecastBasisDto {
  @ApiProperty({ enum: ['snapshot', 'computed'], description: 'snapshot: the worker’s precompute; computed: worked out in this request' })
  source: 'snapshot' | 'computed';
  @ApiProperty({ format: 'date', description: 'the day the expected figures were computed for' }) asOf: string;
  @ApiProperty({ format: 'date-time' }) computedAt: string;
  @ApiProperty({ description: 'false: leads changed since; the last snapshot is served until the worker takes the next' }) fresh: boolean;
}

export class ForecastMonthDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 12 }) month: number;
  @ApiProperty({ type: Number, nullable: true, description: 'what happened in the month; null for months to come' }) actual: number | null;
  @ApiProperty({ type: Number, description: 'expected in the month from the live leads (0 for months past)' }) expected: number;
  @ApiProperty({ type: Number, description: 'the running total: actual plus expected, from January' }) cumulative: number;
  @ApiProperty({ type: Number, description: 'the running total’s 80 % band, low end' }) low: number;
  @ApiProperty({ type: Number, description: 'the running total’s 80 % band, high end' }) high: number;
}

export class ForecastMetricDto {
  @ApiProperty(metricKey) key: MetricKey;
  @ApiProperty() label: string;
  @ApiProperty() unit: string;
  @ApiProperty(figure) target: number;
  @ApiProperty(figure) actualToDate: number;
  @ApiProperty({ ...figure, description: 'actual to date plus expected to year end' }) yearEnd: number;
  @ApiProperty(figure) low: number;
  @ApiProperty(figure) high: number;
  @ApiProperty({ ...figure, description: 'target minus the year-end forecast, 0 when met' }) gap: number;
  @ApiProperty({ description: 'the gap in plain words, derived from the numbers' }) words: string;
  @ApiProperty({ type: [ForecastMonthDto] }) months: ForecastMonthDto[];
}

export class ConversionGroupDto {
  @ApiProperty() key: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'leads that entered the stage in the look-back' }) leads: number;
  @ApiProperty({ type: Number, description: 'chance to reach the next stage within 12 months (pulled towards the overall rate)' })
  within12Months: number;
}

export class ConversionHopDto {
  @ApiProperty({ enum: LeadStage, enumName: 'LeadStage' }) from: LeadStage;
  @ApiProperty({ enum: LeadStage, enumName: 'LeadStage' }) to: LeadStage;
  @ApiProperty() label: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) leads: number;
  @ApiProperty({ type: Number, description: 'Kaplan–Meier chance to reach the next stage within 12 months' }) within12Months: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'months by which half of those that move on have moved' })
  medianMonths: number | null;
  @ApiProperty({ type: [ConversionGroupDto], description: 'per industry branch' }) byBranch: ConversionGroupDto[];
  @ApiProperty({ type: [ConversionGroupDto], description: 'per investment size band' }) byBand: ConversionGroupDto[];
}

/** GET /dashboard/forecast. */
export class ForecastDto {
  @ApiProperty({ type: 'integer' }) year: number;
  @ApiProperty({ format: 'date', description: 'today (district time)' }) asOf: string;
  @ApiProperty({ type: ForecastBasisDto }) basis: ForecastBasisDto;
  @ApiProperty({ type: [ForecastMetricDto] }) metrics: ForecastMetricDto[];
  @ApiProperty({ type: [ConversionHopDto], description: 'the conversion history the forecast uses' }) conversion: ConversionHopDto[];
}

export class PlanYearDto {
  @ApiProperty({ type: 'integer' }) year: number;
  @ApiProperty(figure) actual: number;
  @ApiProperty(figure) expected: number;
  @ApiProperty(figure) total: number;
  @ApiProperty(figure) target: number;
}

export class PlanMetricDto {
  @ApiProperty(metricKey) key: MetricKey;
  @ApiProperty() label: string;
  @ApiProperty() unit: string;
  @ApiProperty({ type: [PlanYearDto] }) years: PlanYearDto[];
  @ApiProperty(figure) total: number;
  @ApiProperty({ ...figure, description: 'the yearly target times the years of the period' }) target: number;
  @ApiProperty() words: string;
}

/** GET /dashboard/forecast/plan. */
export class PlanDto {
  @ApiProperty({ type: 'integer' }) from: number;
  @ApiProperty({ type: 'integer' }) to: number;
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ type: ForecastBasisDto }) basis: ForecastBasisDto;
  @ApiProperty({ type: [PlanMetricDto] }) metrics: PlanMetricDto[];
}

export class BacktestMonthDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 12 }) month: number;
  @ApiProperty({ type: Number, nullable: true, description: 'the running total the method predicted on asOf; null before its month' })
  predicted: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'the running total that happened; null for months to come' }) actual:
    number | null;
}

export class BacktestYearEndDto {
  @ApiProperty(figure) predicted: number;
  @ApiProperty({ ...figure, nullable: true }) actual: number | null;
  @ApiProperty({ ...figure, nullable: true }) absoluteError: number | null;
}

export class BacktestMetricDto {
  @ApiProperty(metricKey) key: MetricKey;
  @ApiProperty() label: string;
  @ApiProperty() unit: string;
  @ApiProperty({ ...figure, description: 'the year’s actual up to asOf' }) knownAtAsOf: number;
  @ApiProperty({ type: [BacktestMonthDto] }) months: BacktestMonthDto[];
  @ApiProperty({ ...figure, nullable: true, description: 'mean |predicted − actual| of the running totals over the months both are known' })
  meanAbsoluteError: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'mean |predicted − actual| ÷ actual over those months with an actual above 0' })
  mape: number | null;
  @ApiProperty({ type: BacktestYearEndDto }) yearEnd: BacktestYearEndDto;
}

/** GET /dashboard/forecast/backtest. */
export class BacktestDto {
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ type: 'integer' }) year: number;
  @ApiProperty({ type: [BacktestMetricDto] }) metrics: BacktestMetricDto[];
}
