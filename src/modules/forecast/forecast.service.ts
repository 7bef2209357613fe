import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { DashboardDimensions } from '../dashboard/dashboard-dimensions';
import { DashboardFilter } from '../dashboard/dashboard-filter';
import { DashboardFilterQuery } from '../dashboard/dto/dashboard-query.dto';
import { LeadConditions, LeadWhere } from '../leads/lead-conditions';
import { LeadStage } from '../leads/lead.enums';
import { HopCurves, medianMonths, reachByOffset } from './conversion.estimator';
import {
  FORECAST_METRICS,
  ForecastMetric,
  HOPS,
  HORIZON_MONTHS,
  INVESTMENT_BANDS,
  METRIC_KEYS,
  MetricValues,
  stageIndex,
  stageLabel,
  zeroValues,
} from './forecast.model';
import { ActualRow, ForecastHistory } from './forecast-history.query';
import { METRIC_COLUMNS, ForecastSnapshots, Projection } from './forecast-snapshots.service';
import { gapWords } from './forecast-words';
import type {
  BacktestDto,
  ConversionHopDto,
  ForecastBasisDto,
  ForecastDto,
  ForecastMetricDto,
  PlanDto,
  PlanMetricDto,
} from './dto/forecast-response.dto';

/** The spread shown around the forecast: ±1.28 standard deviations (an 80 % band). */
const BAND_Z = 1.28;

/** Expected figures by month ('YYYY-MM') with the variance of the running total, and the live 洽谈 pool. */
interface Expectation {
  monthly: Map<string, { expected: MetricValues; variance: MetricValues }>;
  pool: { leads: number; keyLeads: number; amount: number };
  curves: HopCurves[];
  basis: ForecastBasisDto;
}

const monthKey = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const filterOnly = (q: DashboardFilterQuery): DashboardFilterQuery => ({ teamId: q.teamId, industry: q.industry, zone: q.zone });

/**
 * The forecast of DESIGN §11 against the plan's targets: actual to date from the leads, plus Σ over live leads of
 * P(reach the stage by the month) × amount, from the worker's snapshot (ForecastSnapshots) or, for filters the
 * snapshot does not hold (a creation period) and before the first snapshot, computed in the request.
 */
@Injectable()
export class ForecastService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly filter: DashboardFilter,
    private readonly conditions: LeadConditions,
    private readonly dimensions: DashboardDimensions,
    private readonly history: ForecastHistory,
    private readonly snapshots: ForecastSnapshots,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private now(): { today: string; year: number; month: number } {
    const today = this.snapshots.today();
    return { today, year: Number(today.slice(0, 4)), month: Number(today.slice(5, 7)) };
  }

  /** GET /dashboard/forecast: the year month by month per metric, against its target, with the gap in words. */
  async forecast(query: DashboardFilterQuery & { year?: number }): Promise<ForecastDto> {
    const now = this.now();
    const year = query.year ?? now.year;
    // the filter first: an unknown industry or zone is a 400 before any work
    const where = await this.filter.where(query);
    const [expectation, actuals] = await Promise.all([this.expectation(query, year), this.history.actuals(where, year, year, now.today)]);
    const metrics = FORECAST_METRICS.map((metric) => this.yearOf(metric, year, now, actuals, expectation));
    return { year, asOf: now.today, basis: expectation.basis, metrics, conversion: await this.conversion(expectation.curves) };
  }

  /** GET /dashboard/forecast/plan: the plan period year by year, against the yearly targets. */
  async plan(query: DashboardFilterQuery): Promise<PlanDto> {
    const now = this.now();
    const { from, to } = this.config.forecast.planPeriod;
    const where = await this.filter.where(query);
    const [expectation, actuals] = await Promise.all([this.expectation(query, to), this.history.actuals(where, from, to, now.today)]);
    const years = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    // new 洽谈 leads are asked for halfway through what is left of the period
    const monthsLeft = Math.max(0, (to - now.year) * 12 + 12 - now.month);
    const halfway = Math.floor(monthsLeft / 2);
    const deadlineYear = now.year + Math.floor((now.month - 1 + halfway) / 12);
    const deadlineMonth = ((now.month - 1 + halfway) % 12) + 1;
    const metrics = FORECAST_METRICS.map((metric): PlanMetricDto => {
      const target = this.config.targets[metric.target];
      const rows = years.map((year) => {
        const actual = actuals.filter((r) => r.metric === metric.key && r.year === year).reduce((sum, r) => sum + r.value, 0);
        let expected = 0;
        for (let month = 1; month <= 12; month++) expected += expectation.monthly.get(monthKey(year, month))?.expected[metric.key] ?? 0;
        return { year, actual: round(actual), expected: round(expected), total: round(actual + expected), target };
      });
      const total = round(rows.reduce((sum, r) => sum + r.total, 0));
      const planTarget = target * years.length;
      const closed = now.year > to;
      return {
        key: metric.key,
        label: metric.label,
        unit: metric.unit,
        years: rows,
        total,
        target: planTarget,
        words: gapWords({
          metric,
          year: to,
          period: `${from}–${to}年`,
          closed,
          yearEnd: total,
          target: planTarget,
          deadline: `${deadlineYear}年${deadlineMonth}月`,
          perNewLead: this.perNewLead(metric, expectation, monthsLeft - halfway),
        }),
      };
    });
    return { from, to, asOf: now.today, basis: expectation.basis, metrics };
  }

  /** GET /dashboard/forecast/backtest: what the method said on `asOf` for the rest of that year, beside what happened. */
  async backtest(query: DashboardFilterQuery & { asOf: string }): Promise<BacktestDto> {
    const now = this.now();
    if (query.asOf > now.today)
      throw AppError.validation('asOf must not be in the future', [{ field: 'asOf', errors: ['a past date (district time)'] }]);
    const year = Number(query.asOf.slice(0, 4));
    const asOfMonth = Number(query.asOf.slice(5, 7));
    const projection = await this.snapshots.project(await this.filter.where(query), query.asOf);
    const expected = this.monthlyOf(projection);
    const [known, happened] = await Promise.all([
      this.history.actuals(await this.filter.where(query), year, year, query.asOf),
      this.history.actuals(await this.filter.where(query), year, year, now.today),
    ]);
    const lastKnownMonth = year < now.year ? 12 : now.month - 1;
    const metrics = FORECAST_METRICS.map((metric) => {
      const sumTo = (rows: ActualRow[], month: number) =>
        rows.filter((r) => r.metric === metric.key && r.month <= month).reduce((sum, r) => sum + r.value, 0);
      let predicted = sumTo(known, 12);
      const months = Array.from({ length: 12 }, (_, i) => {
        const month = i + 1;
        if (month >= asOfMonth) predicted += expected.get(monthKey(year, month))?.expected[metric.key] ?? 0;
        return {
          month,
          predicted: month >= asOfMonth ? round(predicted) : null,
          actual: month <= lastKnownMonth || (year === now.year && month === now.month) ? round(sumTo(happened, month)) : null,
        };
      });
      const scored = months.filter((m) => m.predicted !== null && m.actual !== null && m.month <= lastKnownMonth);
      const withActual = scored.filter((m) => (m.actual ?? 0) > 0);
      const december = months[11];
      const yearEndKnown = lastKnownMonth === 12;
      return {
        key: metric.key,
        label: metric.label,
        unit: metric.unit,
        knownAtAsOf: round(sumTo(known, 12)),
        months,
        meanAbsoluteError: scored.length
          ? round(scored.reduce((s, m) => s + Math.abs((m.predicted ?? 0) - (m.actual ?? 0)), 0) / scored.length)
          : null,
        mape: withActual.length
          ? round(
              withActual.reduce((s, m) => s + Math.abs((m.predicted ?? 0) - (m.actual ?? 0)) / (m.actual ?? 1), 0) / withActual.length,
              4,
            )
          : null,
        yearEnd: {
          predicted: december.predicted ?? 0,
          actual: yearEndKnown ? december.actual : null,
          absoluteError: yearEndKnown ? round(Math.abs((december.predicted ?? 0) - (december.actual ?? 0))) : null,
        },
      };
    });
    return { asOf: query.asOf, year, metrics };
  }

  /** The expected figures for the filter up to the end of `untilYear`: from the latest snapshot (stale or not, and said so), else computed now. */
  private async expectation(query: DashboardFilterQuery, untilYear: number): Promise<Expectation> {
    const now = this.now();
    if (query.from || query.to) {
      const projection = await this.snapshots.project(await this.filter.where(query), now.today);
      return this.fromProjection(projection, { source: 'computed', asOf: now.today, computedAt: new Date().toISOString(), fresh: true });
    }
    let snapshot = await this.snapshots.latest();
    let source: ForecastBasisDto['source'] = 'snapshot';
    if (!snapshot) {
      // no snapshot yet (a new install, or the worker has not run): take the first one in the request
      await this.snapshots.refresh(true);
      snapshot = await this.snapshots.latest();
      source = 'computed';
      if (!snapshot) throw new Error('the forecast snapshot could not be taken');
    }
    const basis = {
      source,
      asOf: snapshot.asOf,
      computedAt: snapshot.computedAt.toISOString(),
      fresh: await this.snapshots.isFresh(snapshot),
    };
    const w: LeadWhere = { where: [], params: [snapshot.id] };
    w.where.push('x.snapshot_id = $1');
    await this.conditions.figureFilter(w, filterOnly(query), 'x');
    const sums = METRIC_KEYS.map(
      (key) => `sum(x.${METRIC_COLUMNS[key]})::float8 AS "${key}", sum(x.${METRIC_COLUMNS[key]}_var)::float8 AS "${key}Var"`,
    );
    const first = `$${w.params.push(monthKey(now.year, now.month) + '-01')}::date`;
    const next = `$${w.params.push(`${untilYear + 1}-01-01`)}::date`;
    const [rows, [pool]] = await Promise.all([
      this.dataSource.query<Array<Record<string, number> & { month: string }>>(
        `SELECT to_char(x.month, 'YYYY-MM') AS month, ${sums.join(', ')} FROM forecast_expected x
         WHERE ${w.where.join(' AND ')} AND x.month >= ${first} AND x.month < ${next} GROUP BY x.month`,
        w.params,
      ),
      this.dataSource.query<Array<{ leads: number; keyLeads: number; amount: number }>>(
        `SELECT coalesce(sum(x.leads), 0)::int AS leads, coalesce(sum(x.key_leads), 0)::int AS "keyLeads", coalesce(sum(x.amount), 0)::float8 AS amount
         FROM forecast_pools x WHERE ${w.where.join(' AND ')} AND x.stage = ${stageIndex(LeadStage.Negotiating)}`,
        w.params.slice(0, -2),
      ),
    ]);
    const monthly = new Map(
      rows.map((r) => {
        const values = (suffix: string) => Object.fromEntries(METRIC_KEYS.map((k) => [k, r[`${k}${suffix}`]])) as MetricValues;
        return [r.month, { expected: values(''), variance: values('Var') }] as const;
      }),
    );
    return { monthly, pool, curves: snapshot.curves, basis };
  }

  private fromProjection(projection: Projection, basis: ForecastBasisDto): Expectation {
    const negotiating = projection.groups.filter((g) => g.stage === stageIndex(LeadStage.Negotiating));
    return {
      monthly: this.monthlyOf(projection),
      pool: {
        leads: negotiating.reduce((s, g) => s + g.count, 0),
        keyLeads: negotiating.filter((g) => g.key).reduce((s, g) => s + g.count, 0),
        amount: negotiating.reduce((s, g) => s + g.amount, 0),
      },
      curves: projection.curves,
      basis,
    };
  }

  /** A projection's rows summed by calendar month. */
  private monthlyOf(projection: Projection): Expectation['monthly'] {
    const year = Number(projection.asOf.slice(0, 4));
    const month = Number(projection.asOf.slice(5, 7));
    const monthly: Expectation['monthly'] = new Map();
    for (const row of projection.rows) {
      const index = month - 1 + row.offset;
      const key = monthKey(year + Math.floor(index / 12), (index % 12) + 1);
      const entry = monthly.get(key) ?? { expected: zeroValues(), variance: zeroValues() };
      for (const k of METRIC_KEYS) {
        entry.expected[k] += row.expected[k];
        entry.variance[k] += row.variance[k];
      }
      monthly.set(key, entry);
    }
    return monthly;
  }

  private yearOf(
    metric: ForecastMetric,
    year: number,
    now: { year: number; month: number },
    actuals: ActualRow[],
    expectation: Expectation,
  ): ForecastMetricDto {
    let cumulative = 0;
    let actualToDate = 0;
    let sd = 0;
    const months = Array.from({ length: 12 }, (_, i) => {
      const month = i + 1;
      const started = year < now.year || (year === now.year && month <= now.month);
      const actual = started ? actuals.filter((r) => r.metric === metric.key && r.month === month).reduce((s, r) => s + r.value, 0) : null;
      const entry =
        year > now.year || (year === now.year && month >= now.month) ? expectation.monthly.get(monthKey(year, month)) : undefined;
      const expected = entry?.expected[metric.key] ?? 0;
      actualToDate += actual ?? 0;
      cumulative += (actual ?? 0) + expected;
      if (entry) sd = Math.sqrt(Math.max(0, entry.variance[metric.key]));
      return {
        month,
        actual: actual === null ? null : round(actual),
        expected: round(expected),
        cumulative: round(cumulative),
        low: round(Math.max(actualToDate, cumulative - BAND_Z * sd)),
        high: round(cumulative + BAND_Z * sd),
      };
    });
    const target = this.config.targets[metric.target];
    const yearEnd = months[11].cumulative;
    const deadlineMonth = year > now.year ? 6 : Math.min(12, now.month + Math.floor((12 - now.month) / 2));
    return {
      key: metric.key,
      label: metric.label,
      unit: metric.unit,
      target,
      actualToDate: round(actualToDate),
      yearEnd,
      low: months[11].low,
      high: months[11].high,
      gap: round(Math.max(0, target - yearEnd)),
      words: gapWords({
        metric,
        year,
        closed: year < now.year,
        yearEnd,
        target,
        deadline: `${deadlineMonth}月`,
        perNewLead: this.perNewLead(metric, expectation, 12 - deadlineMonth),
      }),
      months,
    };
  }

  /** What one more 洽谈 lead, in by the deadline, is expected to add to a metric by year end (the pool's mean amount). */
  private perNewLead(metric: ForecastMetric, expectation: Expectation, monthsLeft: number): number {
    const from = stageIndex(LeadStage.Negotiating);
    const hops = expectation.curves.slice(from, stageIndex(metric.stage)).map((hop) => hop.overall);
    const chance = reachByOffset(hops, 0, HORIZON_MONTHS)[Math.max(0, monthsLeft)];
    if (metric.weight === 'count') return chance;
    const { leads, amount } = expectation.pool;
    return leads > 0 ? chance * (amount / leads) : 0;
  }

  /** The conversion history as the cockpit shows it: per hop, the chance to move on within 12 months, overall, per branch and band. */
  private async conversion(curves: HopCurves[]): Promise<ConversionHopDto[]> {
    const { names } = await this.dimensions.of('industry');
    const within = (cdf: number[]) => round(cdf[Math.min(11, cdf.length - 1)], 4);
    const bandLabel = new Map<string, string>(INVESTMENT_BANDS.map((b) => [b.key, b.label]));
    return HOPS.map((hop, i) => {
      const c = curves[i];
      return {
        from: hop.from,
        to: hop.to,
        label: `${stageLabel(hop.from)} → ${stageLabel(hop.to)}`,
        leads: c.overall.n,
        within12Months: within(c.overall.cdf),
        medianMonths: medianMonths(c.overall),
        byBranch: [...c.byBranch].map(([key, curve]) => ({ key, name: names(key), leads: curve.n, within12Months: within(curve.cdf) })),
        byBand: [...c.byBand].map(([key, curve]) => ({
          key,
          name: bandLabel.get(key) ?? key,
          leads: curve.n,
          within12Months: within(curve.cdf),
        })),
      };
    });
  }
}
