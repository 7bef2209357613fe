import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { LeadStage, STAGE_ORDER } from '../leads/lead.enums';
import { LeadWhere } from '../leads/lead-conditions';
import { DashboardDimensions } from '../dashboard/dashboard-dimensions';
import { Observation, Outcome } from './conversion.estimator';
import { bandSql, FORECAST_METRICS, HOPS, MetricKey, MONTH_DAYS } from './forecast.model';

/** Live leads at a date alike for the forecast: same stage, branch, band, whole months in the stage and filter keys. */
export interface LiveGroup {
  stage: number;
  branch: string;
  band: string;
  age: number;
  teamId: string | null;
  industryCode: string;
  zoneCode: string | null;
  key: boolean;
  count: number;
  /** Σ amount (万元): the contract's once signed, else the planned investment. */
  amount: number;
  /** Σ amount², for the spread of the forecast. */
  amountSq: number;
}

export interface ActualRow {
  month: number;
  year: number;
  metric: MetricKey;
  value: number;
}

const stageRank = (alias: string) => `array_position(ARRAY[${STAGE_ORDER.map((s) => `'${s}'`).join(', ')}]::text[], ${alias}.stage) - 1`;

/**
 * The history of the district's leads as the forecast reads it, known on a date: when each lead entered each stage
 * (线索 at creation, 洽谈 at its first forward or imported transition there, 签约 / 开工 / 投产 at their gate dates, a
 * stage being entered no later than the next one), when it was lost, and its branch, band, team and zone.
 */
@Injectable()
export class ForecastHistory {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dimensions: DashboardDimensions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The per-lead entries known on `asOf` ($ placeholders appended to w.params), over the leads `w` selects. */
  private async entries(w: LeadWhere, asOf: string): Promise<string> {
    const param = (value: unknown) => `$${w.params.push(value)}`;
    const tz = param(this.config.timezone);
    const day = (column: string) => `(${column} AT TIME ZONE ${tz})::date`;
    const { rollUp } = await this.dimensions.of('industry');
    const codes = (await this.dataSource.query<Array<{ code: string }>>(`SELECT code FROM industries`)).map((r) => r.code);
    const rank = stageRank('l');
    const gate = (stage: LeadStage, column: string) => `CASE WHEN ${rank} >= ${STAGE_ORDER.indexOf(stage)} THEN l.${column} END`;
    return `e AS (
      SELECT l.id, l.team_id, l.industry_code, l.zone_code, l.key_project_level <> 'none' AS key,
             coalesce(m.root, l.industry_code) AS branch,
             ${bandSql('coalesce(l.planned_investment, l.contract_investment, 0)')} AS band,
             coalesce(l.planned_investment, 0)::float8 AS planned, coalesce(l.contract_investment, l.planned_investment, 0)::float8 AS contracted,
             ${day('l.created_at')} AS e0,
             CASE WHEN ${rank} >= 1 THEN (SELECT min(${day('t.at')}) FROM lead_transitions t
               WHERE t.lead_id = l.id AND t.to_stage = '${LeadStage.Negotiating}' AND t.kind IN ('forward', 'imported')) END AS e1,
             ${gate(LeadStage.Signed, 'signed_at')} AS e2, ${gate(LeadStage.Building, 'construction_started_at')} AS e3,
             ${gate(LeadStage.Operating, 'operating_at')} AS e4,
             CASE WHEN l.status = 'lost' THEN coalesce((SELECT max(${day('t.at')}) FROM lead_transitions t
               WHERE t.lead_id = l.id AND t.to_status = 'lost'), ${day('l.updated_at')}) END AS lost_on
      FROM leads l LEFT JOIN unnest(${param(codes)}::text[], ${param(codes.map((c) => rollUp(c)))}::text[]) m(code, root) ON m.code = l.industry_code
      WHERE ${w.where.join(' AND ')} AND l.created_at < ((${param(asOf)}::date + 1)::timestamp AT TIME ZONE ${tz})
    ), r AS (
      SELECT e.*, e4 AS r4, least(e3, e4) AS r3, least(e2, e3, e4) AS r2, least(e1, e2, e3, e4) AS r1, least(e0, e1, e2, e3, e4) AS r0 FROM e
    )`;
  }

  /** The observations of every hop for leads that entered its stage in [asOf − look-back, asOf], counted by outcome and month. */
  async observations(asOf: string, horizon: number): Promise<Observation[]> {
    const w: LeadWhere = { where: ['l.deleted_at IS NULL'], params: [] };
    const entries = await this.entries(w, asOf);
    const a = `$${w.params.push(asOf)}::date`;
    const from = `(${a} - make_interval(months => $${w.params.push(this.config.forecast.lookbackMonths)}::int))::date`;
    const hops = HOPS.map((_, i) => `(${i}, r.r${i}, r.r${i + 1})`).join(', ');
    const rows = await this.dataSource.query<Array<Omit<Observation, 'outcome'> & { outcome: Outcome }>>(
      `WITH ${entries}, o AS (
         SELECT r.branch, r.band, v.hop,
                CASE WHEN v.nxt <= ${a} THEN 'event' WHEN r.lost_on <= ${a} THEN 'never' ELSE 'censored' END AS outcome,
                floor(greatest(0, (CASE WHEN v.nxt <= ${a} THEN v.nxt ELSE ${a} END) - v.cur) / ${MONTH_DAYS})::int AS bucket
         FROM r CROSS JOIN LATERAL (VALUES ${hops}) v(hop, cur, nxt)
         WHERE v.cur <= ${a} AND v.cur >= ${from}
       )
       SELECT hop, branch, band, outcome, least(bucket, ${horizon + 1}) AS bucket, count(*)::int AS n FROM o GROUP BY 1, 2, 3, 4, 5`,
      w.params,
    );
    return rows;
  }

  /** The leads live on `asOf` (created, not lost, not yet operating), grouped for the projection. */
  async liveGroups(w: LeadWhere, asOf: string): Promise<LiveGroup[]> {
    const entries = await this.entries(w, asOf);
    const a = `$${w.params.push(asOf)}::date`;
    const stageAt = `CASE WHEN r.r3 <= ${a} THEN 3 WHEN r.r2 <= ${a} THEN 2 WHEN r.r1 <= ${a} THEN 1 ELSE 0 END`;
    return this.dataSource.query<LiveGroup[]>(
      `WITH ${entries}, s AS (
         SELECT r.*, ${stageAt} AS stage FROM r
         WHERE (r.lost_on IS NULL OR r.lost_on > ${a}) AND (r.r4 IS NULL OR r.r4 > ${a})
       ), g AS (
         SELECT s.*, floor(greatest(0, ${a} - (ARRAY[s.r0, s.r1, s.r2, s.r3])[s.stage + 1]) / ${MONTH_DAYS})::int AS age,
                CASE WHEN s.stage >= ${STAGE_ORDER.indexOf(LeadStage.Signed)} THEN s.contracted ELSE s.planned END AS amount
         FROM s
       )
       SELECT stage, branch, band, age, team_id::text AS "teamId", industry_code AS "industryCode", zone_code AS "zoneCode", key,
              count(*)::int AS count, sum(amount)::float8 AS amount, sum(amount * amount)::float8 AS "amountSq"
       FROM g GROUP BY stage, branch, band, age, team_id, industry_code, zone_code, key`,
      w.params,
    );
  }

  /** Each metric's actuals by month of [fromYear, toYear], dated on or before `cutoff`: as GET /dashboard/targets counts them. */
  async actuals(w: LeadWhere, fromYear: number, toYear: number, cutoff: string): Promise<ActualRow[]> {
    const param = (value: unknown) => `$${w.params.push(value)}`;
    const [first, next, last] = [param(`${fromYear}-01-01`), param(`${toYear + 1}-01-01`), param(cutoff)];
    const where = `${w.where.join(' AND ')} AND l.status <> 'lost'`;
    const parts = FORECAST_METRICS.map(
      (m) => `SELECT '${m.key}' AS metric, l.${m.dateColumn} AS d, ${m.actualSql} AS v FROM leads l
              WHERE ${where} AND l.${m.dateColumn} >= ${first}::date AND l.${m.dateColumn} < ${next}::date AND l.${m.dateColumn} <= ${last}::date
              ${m.keyOnly ? `AND l.key_project_level <> 'none'` : ''}`,
    );
    return this.dataSource.query<ActualRow[]>(
      `SELECT metric, extract(year FROM d)::int AS year, extract(month FROM d)::int AS month, sum(v)::float8 AS value
       FROM (${parts.join(' UNION ALL ')}) a GROUP BY 1, 2, 3`,
      w.params,
    );
  }
}
