import { AppConfig } from '../../config/app.config';
import { LeadStage, STAGE_LABELS, STAGE_ORDER } from '../leads/lead.enums';

/** A month, as the forecast counts durations: the mean Gregorian month in days (durations are district dates apart). */
export const MONTH_DAYS = 30.4375;

/** How many months ahead a forecast looks: the five-year view of a plan from its first year, plus a year. */
export const HORIZON_MONTHS = 72;

/** The hops of the pipeline the conversion history measures: from each stage to the next (lead → 洽谈 … 建设 → 投产). */
export const HOPS: ReadonlyArray<{ from: LeadStage; to: LeadStage }> = STAGE_ORDER.slice(0, -1).map((from, i) => ({
  from,
  to: STAGE_ORDER[i + 1],
}));

/** Investment size bands (万元, on the planned investment, else the contract's): the lower bound of each, ascending. */
export const INVESTMENT_BANDS = [
  { key: 'lt5k', label: '5000万元以下', min: 0 },
  { key: '5k-20k', label: '5000万–2亿元', min: 5_000 },
  { key: '20k-100k', label: '2亿–10亿元', min: 20_000 },
  { key: 'ge100k', label: '10亿元以上', min: 100_000 },
] as const;

export type BandKey = (typeof INVESTMENT_BANDS)[number]['key'];

/** The band of an amount (万元). */
export const bandOf = (amount: number): BandKey => [...INVESTMENT_BANDS].reverse().find((b) => amount >= b.min)?.key ?? 'lt5k';

/** The same as SQL over an amount expression. */
export const bandSql = (amount: string): string =>
  `CASE ${[...INVESTMENT_BANDS]
    .reverse()
    .map((b) => `WHEN ${amount} >= ${b.min} THEN '${b.key}'`)
    .join(' ')} ELSE '${INVESTMENT_BANDS[0].key}' END`;

/**
 * The metrics the forecast measures against the plan's targets, declared once: the stage whose reaching counts,
 * what a lead weighs (1, or its amount), whether only key projects count, the target it is held to, and the
 * date column that dates an actual and the column that weighs it.
 */
export const FORECAST_METRICS = [
  {
    key: 'signings',
    label: '签约项目',
    unit: '个',
    stage: LeadStage.Signed,
    weight: 'count',
    keyOnly: false,
    target: 'signings',
    dateColumn: 'signed_at',
    actualSql: '1',
  },
  {
    key: 'investmentSigned',
    label: '合同投资额',
    unit: '万元',
    stage: LeadStage.Signed,
    weight: 'amount',
    keyOnly: false,
    target: 'investmentSigned',
    dateColumn: 'signed_at',
    actualSql: 'coalesce(l.contract_investment, 0)',
  },
  {
    key: 'keyProjectsStarted',
    label: '重点项目开工',
    unit: '个',
    stage: LeadStage.Building,
    weight: 'count',
    keyOnly: true,
    target: 'keyProjectsStarted',
    dateColumn: 'construction_started_at',
    actualSql: '1',
  },
  {
    key: 'investmentArrived',
    label: '到位投资',
    unit: '万元',
    stage: LeadStage.Operating,
    weight: 'amount',
    keyOnly: false,
    target: 'investmentArrived',
    dateColumn: 'operating_at',
    actualSql: 'coalesce(l.actual_investment, 0)',
  },
] as const satisfies ReadonlyArray<{
  key: string;
  label: string;
  unit: string;
  stage: LeadStage;
  weight: 'count' | 'amount';
  keyOnly: boolean;
  target: keyof AppConfig['targets'];
  dateColumn: string;
  actualSql: string;
}>;

export type ForecastMetric = (typeof FORECAST_METRICS)[number];
export type MetricKey = ForecastMetric['key'];
export const METRIC_KEYS: readonly MetricKey[] = FORECAST_METRICS.map((m) => m.key);

/** A per-metric record of numbers. */
export type MetricValues = Record<MetricKey, number>;
export const zeroValues = (): MetricValues => Object.fromEntries(METRIC_KEYS.map((k) => [k, 0])) as MetricValues;

/** The stage index (0 = 线索) of a stage. */
export const stageIndex = (stage: LeadStage): number => STAGE_ORDER.indexOf(stage);

export const stageLabel = (stage: LeadStage): string => STAGE_LABELS[stage];
