import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { groupBy } from '../../common/collections/group-by';
import { LeadStage } from '../leads/lead.enums';
import { StageStatusRow } from './pipeline.calculator';

/** The dimensions a lead is grouped by alone (the breakdowns) and, per creation month, for a date range. */
export type SingleDimension = 'team' | 'industry' | 'zone';

/** What a lead is grouped by per creation month: one of team, industry and zone, or its cell (`team|industry|zone`). */
export type MonthlyDimension = SingleDimension | 'cell';

/**
 * A slice the summary tables hold: everything, or one team, or industry / zone codes (a branch and its
 * descendants), or cells (`team|industry|zone`), or creation months ('YYYY-MM'), alone or of one of the
 * four (`key|YYYY-MM`); '' stands for no team or zone.
 */
export type SummaryDimension = 'all' | MonthlyDimension | 'month' | `${MonthlyDimension}_month`;

export interface SummarySlice {
  dimension: SummaryDimension;
  keys: string[];
  /** Rows subtracted from those of `keys`: a date range's months outside it, taken from its whole dimension. */
  less?: { dimension: SummaryDimension; keys: string[] };
  /**
   * The slice's leads (`range`) as conditions over `leads l` numbered from $3 with their `params`, where the
   * keys alone would be slow to test per lead (many cells) or do not cover it: for a date range, `edges` are
   * the leads the months do not count right, those created in `spans` (parts of the months it cuts) and
   * meeting `where`, each counted `sign` times (+1 or −1), null when none; the three use every parameter.
   */
  leads?: { edges: { spans: string; where: string[]; sign: string } | null; range: string[]; params: unknown[] };
}

export type LostStageStatusRow = StageStatusRow & { lostReason: string | null; lostTo: string | null };
export type KeyedStageStatusRow = StageStatusRow & { key: string | null };

/**
 * The figures summed over summary rows, named as the from-leads queries name them. The rows are chosen by
 * `key IN (SELECT unnest(keys))`, not `key = ANY(keys)`: a combination names hundreds of cells, and a scan
 * testing each row against every key took seconds.
 */
const SUMMARY_SUMS = `sum(lead_count)::int AS count, sum(planned_investment)::float8 AS "plannedInvestment",
  sum(contract_investment)::float8 AS "contractInvestment", sum(actual_investment)::float8 AS "actualInvestment",
  sum(expected_jobs)::float8 AS "expectedJobs"`;

/** Each dimension's key of a lead, as crm_dashboard_dimensions computes it. */
const KEY_OF: Record<MonthlyDimension | 'month', string> = {
  team: `coalesce(l.team_id::text, '')`,
  industry: 'l.industry_code',
  zone: `coalesce(l.zone_code, '')`,
  cell: `coalesce(l.team_id::text, '') || '|' || l.industry_code || '|' || coalesce(l.zone_code, '')`,
  month: `to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM')`,
};
const SLICE_COLUMN: Record<Exclude<SummaryDimension, 'all'>, string> = {
  ...KEY_OF,
  team_month: `${KEY_OF.team} || '|' || ${KEY_OF.month}`,
  industry_month: `${KEY_OF.industry} || '|' || ${KEY_OF.month}`,
  zone_month: `${KEY_OF.zone} || '|' || ${KEY_OF.month}`,
  cell_month: `${KEY_OF.cell} || '|' || ${KEY_OF.month}`,
};

/**
 * A date range's edge leads as `l`: found by the creation index alone (OFFSET 0 keeps the other conditions out
 * of that scan: with them the planner ANDed in the zone or industry index, 400,000 entries, ~200 ms at 1M).
 */
const edgeLeads = (edges: { spans: string; where: string[] }) =>
  `(SELECT * FROM (SELECT * FROM leads l WHERE l.deleted_at IS NULL AND ${edges.spans} OFFSET 0) l WHERE ${edges.where.join(' AND ')}) l`;

/**
 * Reads the dashboard summary tables, dashboard_lead_totals and dashboard_stage_days. What they count is
 * not in this module: the rules are the statement triggers of src/database/migrations/1795800000000-DashboardTotals.ts
 * (functions crm_dashboard_on_leads and crm_dashboard_on_transitions, which append deltas per
 * crm_dashboard_dimensions; crm_compact_dashboard_totals folds them, crm_rebuild_dashboard_totals recomputes
 * them from leads and lead_transitions). A change to what a figure means is a new migration. The median
 * days in stage come from the per-day counts, which locate the day holding the middle durations; those
 * durations are then read from lead_transitions itself, so the median equals percentile_cont's.
 */
@Injectable()
export class DashboardTotals {
  private readonly logger = new Logger(DashboardTotals.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Counts and sums by stage, status and lost reason/destination. */
  async stageStatusRows(slice: SummarySlice, manager: EntityManager = this.dataSource.manager): Promise<LostStageStatusRow[]> {
    const params: unknown[] = [slice.dimension, slice.keys, ...(slice.leads?.edges ? slice.leads.params : [])];
    const edges = slice.leads?.edges
      ? `UNION ALL
         SELECT l.stage, l.status, l.lost_reason, l.lost_to, e.sign, e.sign * coalesce(l.planned_investment, 0), e.sign * coalesce(l.contract_investment, 0),
                e.sign * coalesce(l.actual_investment, 0), e.sign * coalesce(l.expected_jobs, 0)
         FROM ${edgeLeads(slice.leads.edges)} CROSS JOIN LATERAL (SELECT ${slice.leads.edges.sign} AS sign) e`
      : '';
    const less = slice.less
      ? `UNION ALL
         SELECT stage, status, lost_reason, lost_to, -lead_count, -planned_investment, -contract_investment, -actual_investment, -expected_jobs
         FROM dashboard_lead_totals WHERE dimension = $${params.push(slice.less.dimension)} AND key IN (SELECT unnest($${params.push(slice.less.keys)}::text[]))`
      : '';
    return manager.query<LostStageStatusRow[]>(
      `SELECT stage, status, lost_reason AS "lostReason", lost_to AS "lostTo", ${SUMMARY_SUMS}
       FROM (SELECT stage, status, lost_reason, lost_to, lead_count, planned_investment, contract_investment, actual_investment, expected_jobs
             FROM dashboard_lead_totals WHERE dimension = $1 AND key IN (SELECT unnest($2::text[]))
             ${less} ${edges}) s
       GROUP BY stage, status, lost_reason, lost_to HAVING sum(lead_count) <> 0`,
      params,
    );
  }

  /** Counts and sums by stage and status per team, industry or zone code (null: none), over all live leads. */
  async keyStageStatusRows(
    dimension: 'team' | 'industry' | 'zone',
    manager: EntityManager = this.dataSource.manager,
  ): Promise<KeyedStageStatusRow[]> {
    return manager.query<KeyedStageStatusRow[]>(
      `SELECT nullif(key, '') AS key, stage, status, ${SUMMARY_SUMS}
       FROM dashboard_lead_totals WHERE dimension = $1
       GROUP BY key, stage, status HAVING sum(lead_count) <> 0`,
      [dimension],
    );
  }

  /**
   * The median of days_in_from_stage per stage left, over the slice's live leads, in one statement (one
   * snapshot): the per-day counts locate the day holding each middle rank, then the rank is read within
   * that day's durations. percentile_cont(0.5) interpolates between ranks floor((n-1)/2) and ceil((n-1)/2).
   * Each transition walked past costs a look-up of its lead, so a day's durations are read once for both
   * ranks, and from its longer end when the ranks lie in its upper half (the day's count is known).
   */
  async stageMedians(slice: SummarySlice, manager: EntityManager = this.dataSource.manager): Promise<Partial<Record<LeadStage, number>>> {
    const live = slice.leads
      ? `EXISTS (SELECT 1 FROM leads l WHERE l.id = t.lead_id AND ${slice.leads.range.join(' AND ')})`
      : slice.dimension === 'all'
        ? 'NOT EXISTS (SELECT 1 FROM leads d WHERE d.id = t.lead_id AND d.deleted_at IS NOT NULL)'
        : `EXISTS (SELECT 1 FROM leads l WHERE l.id = t.lead_id AND l.deleted_at IS NULL AND ${SLICE_COLUMN[slice.dimension]} = ANY($2::text[]))`;
    const params: unknown[] = [slice.dimension, slice.keys, ...(slice.leads?.params ?? [])];
    const edges = slice.leads?.edges
      ? `UNION ALL
         SELECT t.from_stage, floor(t.days_in_from_stage)::int, ${slice.leads.edges.sign} FROM ${edgeLeads(slice.leads.edges)}
         JOIN lead_transitions t ON t.lead_id = l.id AND t.days_in_from_stage IS NOT NULL`
      : '';
    const less = slice.less
      ? `UNION ALL
         SELECT from_stage, day, -transitions FROM dashboard_stage_days
         WHERE dimension = $${params.push(slice.less.dimension)} AND key IN (SELECT unnest($${params.push(slice.less.keys)}::text[]))`
      : '';
    const rows = await manager.query<Array<{ stage: LeadStage; rank: number; position: number; days: number | null }>>(
      `WITH buckets AS (
         SELECT from_stage, day, sum(transitions) AS n
         FROM (SELECT from_stage, day, transitions FROM dashboard_stage_days WHERE dimension = $1 AND key IN (SELECT unnest($2::text[])) ${less} ${edges}) b
         GROUP BY from_stage, day HAVING sum(transitions) <> 0
       ), placed AS (
         SELECT from_stage, day, n, sum(n) OVER (PARTITION BY from_stage ORDER BY day) - n AS before, sum(n) OVER (PARTITION BY from_stage) AS total
         FROM buckets
       ), wanted AS (
         SELECT p.from_stage, p.day, p.n, min(r.rank) AS first, min(r.rank - p.before) AS skip, count(DISTINCT r.rank) AS take,
                (p.total - 1) / 2.0 AS position
         FROM placed p CROSS JOIN LATERAL (VALUES (floor((p.total - 1) / 2.0)), (ceil((p.total - 1) / 2.0))) r(rank)
         WHERE r.rank >= p.before AND r.rank < p.before + p.n
         GROUP BY p.from_stage, p.day, p.n, p.total
       )
       SELECT w.from_stage AS stage, (w.first + v.i - 1)::float8 AS rank, w.position::float8 AS position, v.days
       FROM wanted w LEFT JOIN LATERAL (
         SELECT u.days, row_number() OVER (ORDER BY u.days) AS i FROM (
           (SELECT t.days_in_from_stage::float8 AS days FROM lead_transitions t
            WHERE 2 * w.skip < w.n AND t.from_stage = w.from_stage AND t.days_in_from_stage >= w.day AND t.days_in_from_stage < w.day + 1 AND ${live}
            ORDER BY t.days_in_from_stage OFFSET w.skip LIMIT w.take)
           UNION ALL
           (SELECT t.days_in_from_stage::float8 FROM lead_transitions t
            WHERE 2 * w.skip >= w.n AND t.from_stage = w.from_stage AND t.days_in_from_stage >= w.day AND t.days_in_from_stage < w.day + 1 AND ${live}
            ORDER BY t.days_in_from_stage DESC OFFSET w.n - w.skip - w.take LIMIT w.take)) u) v ON true`,
      params,
    );
    const medians: Partial<Record<LeadStage, number>> = {};
    for (const [stage, ranks] of groupBy(rows, (r) => r.stage)) {
      const { position } = ranks[0];
      const low = ranks.find((r) => r.rank === Math.floor(position))?.days;
      const high = ranks.find((r) => r.rank === Math.ceil(position))?.days;
      if (low == null || high == null) {
        // the per-day counts disagree with lead_transitions: never expected, but a wrong median is worse than none
        this.logger.error({
          msg: 'dashboard_stage_days out of step with lead_transitions; run SELECT crm_rebuild_dashboard_totals()',
          stage,
        });
        continue;
      }
      medians[stage] = low + (position - Math.floor(position)) * (high - low);
    }
    return medians;
  }

  /** Folds the triggers' deltas; run periodically by the worker. Returns the rows folded. */
  async compact(): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ folded: string }>>(`SELECT crm_compact_dashboard_totals() AS folded`);
    return Number(row.folded);
  }
}
