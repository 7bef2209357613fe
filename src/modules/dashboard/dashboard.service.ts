import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { AuthUser } from '../../common/auth/auth-user';
import { ReadSource } from '../../database/read-source';
import { groupBy } from '../../common/collections/group-by';
import { zonedParts } from '../../common/time/zoned';
import { LeadStage, LOST_REASON_LABELS, STAGE_LABELS, STAGE_ORDER } from '../leads/lead.enums';
import { liveLeadSql, lostReasonOf, NO_GROUP, openIssueSql, overdueFollowUpSql, RECENT_FOLLOW_UP_DAYS } from '../leads/lead-conditions';
import { CONFIRMABLE_SQL_LIST, CONFIRMABLE_STAGES, confirmedSql, isConfirmable } from '../confirmations/confirmation.model';
import { DashboardDimensions } from './dashboard-dimensions';
import { DashboardFilter } from './dashboard-filter';
import { DashboardTotals, KeyedStageStatusRow, LostStageStatusRow } from './dashboard-totals';
import { BreakdownDimension, DashboardFilterQuery } from './dto/dashboard-query.dto';
import { StageFigures, stageFigures, StageStatusRow } from './pipeline.calculator';

export interface ConfirmationSplit {
  count: number;
  contractInvestment: number;
  actualInvestment: number;
}

/** A figure's 审核确认 split per confirmable stage (签约, 开工建设, 运营投产). */
export type StageSplits = Partial<Record<LeadStage, ConfirmationSplit>>;

/** Leads awaiting a leader's confirmation of their stage, of one group (a breakdown's column) and stage. */
interface AwaitingRow extends ConfirmationSplit {
  key: string | null;
  stage: LeadStage;
}

/** A figure row of the pipeline or a breakdown: its stage, status and sums. */
type FigureRow = Pick<StageStatusRow, 'stage' | 'status' | 'count' | 'contractInvestment' | 'actualInvestment'>;

export interface PipelineDto {
  stages: Array<StageFigures & { stageLabel: string; confirmed: ConfirmationSplit | null; awaiting: ConfirmationSplit | null }>;
  onHold: number;
  lost: { count: number; byReason: Record<string, number>; byDestination: Record<string, number>; reasonLabels: Record<string, string> };
}

export interface BreakdownItem {
  key: string;
  name: string;
  count: number;
  plannedInvestment: number;
  contractInvestment: number;
  actualInvestment: number;
  expectedJobs: number;
  onHold: number;
  lost: number;
  stages: Record<LeadStage, number>;
  /** share of the group's leads (lost included) that reached 签约 or beyond */
  signedRate: number | null;
  /** of `stages[s]` for each confirmable stage s, the leads whose move into it a leader confirmed */
  confirmed: StageSplits;
  /** and the rest, awaiting confirmation: confirmed[s].count + awaiting[s].count = stages[s] */
  awaiting: StageSplits;
}

export interface CommissionerWorkload {
  commissionerId: string;
  displayName: string;
  activeLeads: number;
  overdueFollowUps: number;
  followUpsLast30Days: number;
  openIssues: number;
}

export interface TargetProgress {
  actual: number;
  target: number;
  rate: number | null;
  confirmed: number;
  awaiting: number;
}

export interface TargetsDto {
  year: number;
  keyProjectsSigned: TargetProgress;
  keyProjectsStarted: TargetProgress;
  investmentSigned: TargetProgress;
  investmentArrived: TargetProgress;
}

const NO_SPLIT: ConfirmationSplit = { count: 0, contractInvestment: 0, actualInvestment: 0 };

/** The lead column each breakdown groups by (before the roll-up to a top-level branch). */
const BREAKDOWN_KEY_SQL: Record<BreakdownDimension, string> = {
  industry: 'l.industry_code',
  zone: 'l.zone_code',
  team: 'l.team_id::text',
  source: 'l.source',
};

/** The 已确认 and 待确认 figures of every confirmable stage: 待确认 the awaiting leads, 已确认 the stage's live leads less them. */
function splitsOf(rows: readonly FigureRow[], awaitingRows: readonly AwaitingRow[]): { confirmed: StageSplits; awaiting: StageSplits } {
  const sumOf = (matching: ReadonlyArray<ConfirmationSplit>): ConfirmationSplit => ({
    count: matching.reduce((sum, r) => sum + r.count, 0),
    contractInvestment: matching.reduce((sum, r) => sum + r.contractInvestment, 0),
    actualInvestment: matching.reduce((sum, r) => sum + r.actualInvestment, 0),
  });
  const round = (value: number) => Math.round(value * 100) / 100;
  const confirmed: StageSplits = {};
  const awaiting: StageSplits = {};
  for (const stage of CONFIRMABLE_STAGES) {
    const total = sumOf(rows.filter((r) => r.stage === stage && r.status !== 'lost'));
    const waiting = sumOf(awaitingRows.filter((r) => r.stage === stage));
    awaiting[stage] = {
      count: waiting.count,
      contractInvestment: round(waiting.contractInvestment),
      actualInvestment: round(waiting.actualInvestment),
    };
    confirmed[stage] = {
      count: total.count - waiting.count,
      contractInvestment: round(total.contractInvestment - waiting.contractInvestment),
      actualInvestment: round(total.actualInvestment - waiting.actualInvestment),
    };
  }
  return { confirmed, awaiting };
}

const SUMS = `count(*)::int AS count,
  coalesce(sum(l.planned_investment), 0)::float8 AS "plannedInvestment",
  coalesce(sum(l.contract_investment), 0)::float8 AS "contractInvestment",
  coalesce(sum(l.actual_investment), 0)::float8 AS "actualInvestment",
  coalesce(sum(l.expected_jobs), 0)::float8 AS "expectedJobs"`;

/**
 * The leaders' figures, shaped in TypeScript: the pipeline from the trigger-maintained summary tables
 * where they hold the filter, else (and for the other views) one grouped query over the filtered leads. Every figure
 * is read through ReadSource: from a read replica within REPLICA_MAX_LAG, unless the caller wrote within that bound.
 */
@Injectable()
export class DashboardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reads: ReadSource,
    private readonly filter: DashboardFilter,
    private readonly totals: DashboardTotals,
    private readonly dimensions: DashboardDimensions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async pipeline(user: AuthUser, query: DashboardFilterQuery): Promise<PipelineDto> {
    const slice = await this.filter.summarySlice(query);
    const { rows, medians, awaiting } = await this.reads.read(user, async (manager) => {
      const figures = async () =>
        slice.dimension === 'all'
          ? Promise.all([this.totals.stageStatusRows(slice, manager), this.totals.stageMedians(slice, manager)]).then(
              ([rows, medians]) => ({ rows, medians }),
            )
          : // JIT off: the medians' lateral reads make the estimate large enough for PostgreSQL to compile the plan,
            // ~0.5 s of compiling on a busy machine for a read of ~0.1 s (cells and months at 1M leads)
            manager.transaction(async (inner) => {
              await inner.query(`SET LOCAL jit = off`);
              return { rows: await this.totals.stageStatusRows(slice, inner), medians: await this.totals.stageMedians(slice, inner) };
            });
      // the 待确认 figures beside the others, on a connection of their own as before (a wide date range: 144,000 index entries at 1M)
      const [read, awaiting] = await Promise.all([figures(), this.awaitingRows(manager, query)]);
      return { ...read, awaiting };
    });
    const lost = rows
      .filter((row) => row.status === 'lost')
      .map((row) => ({ reason: row.lostReason, destination: row.lostTo, count: row.count }));
    const byReason: Record<string, number> = {};
    const byDestination: Record<string, number> = {};
    for (const row of lost) {
      const reason = lostReasonOf(row.reason);
      byReason[reason] = (byReason[reason] ?? 0) + row.count;
      if (row.destination) byDestination[row.destination] = (byDestination[row.destination] ?? 0) + row.count;
    }
    const splits = splitsOf(rows, awaiting);
    return {
      stages: stageFigures(rows, medians).map((s) => ({
        ...s,
        stageLabel: STAGE_LABELS[s.stage],
        confirmed: isConfirmable(s.stage) ? (splits.confirmed[s.stage] ?? NO_SPLIT) : null,
        awaiting: isConfirmable(s.stage) ? (splits.awaiting[s.stage] ?? NO_SPLIT) : null,
      })),
      onHold: rows.filter((r) => r.status === 'on_hold').reduce((sum, r) => sum + r.count, 0),
      lost: { count: lost.reduce((sum, r) => sum + r.count, 0), byReason, byDestination, reasonLabels: LOST_REASON_LABELS },
    };
  }

  /**
   * 待确认 per confirmable stage over the filtered live leads, not lost, grouped by `key` (a breakdown's column, or
   * none): those at the stage whose move into it no leader has confirmed (审核确认). Few, read by their partial index
   * (leads.stage_confirmed, kept by triggers); the summary tables do not hold confirmations.
   */
  private async awaitingRows(manager: EntityManager, query: DashboardFilterQuery, key = 'NULL::text'): Promise<AwaitingRow[]> {
    const { where, params } = await this.filter.where(query);
    return manager.query<AwaitingRow[]>(
      `SELECT ${key} AS key, l.stage, count(*)::int AS count,
              coalesce(sum(l.contract_investment), 0)::float8 AS "contractInvestment", coalesce(sum(l.actual_investment), 0)::float8 AS "actualInvestment"
       FROM leads l WHERE ${where.join(' AND ')} AND l.status <> 'lost' AND l.stage IN (${CONFIRMABLE_SQL_LIST}) AND NOT l.stage_confirmed
       GROUP BY 1, 2`,
      params,
    );
  }

  /** The same figures straight from the leads: what the summary tables are checked against (tests, the bench). */
  async pipelineFromLeads(
    manager: EntityManager,
    query: DashboardFilterQuery,
  ): Promise<{ rows: LostStageStatusRow[]; medians: Partial<Record<LeadStage, number>> }> {
    const { where, params } = await this.filter.where(query);
    const condition = where.join(' AND ');
    // the medians sort every duration of a stage; give them memory instead of a spill to disk; JIT off as for the summaries
    await manager.query(`SET LOCAL work_mem = '64MB'`);
    await manager.query(`SET LOCAL jit = off`);
    // one pass over the filtered leads for both figures (two statements each found them: ~100 ms apiece at 1M)
    const [figures] = await manager.query<
      Array<{ rows: LostStageStatusRow[] | null; medians: Array<{ stage: LeadStage; median: number }> | null }>
    >(
      `WITH f AS MATERIALIZED (
         SELECT l.id, l.stage, l.status, l.lost_reason, l.lost_to, l.planned_investment, l.contract_investment, l.actual_investment, l.expected_jobs
         FROM leads l WHERE ${condition})
       SELECT (SELECT json_agg(r) FROM (SELECT l.stage, l.status, l.lost_reason AS "lostReason", l.lost_to AS "lostTo", ${SUMS}
                                        FROM f l GROUP BY l.stage, l.status, l.lost_reason, l.lost_to) r) AS rows,
              (SELECT json_agg(m) FROM (SELECT t.from_stage AS stage, percentile_cont(0.5) WITHIN GROUP (ORDER BY t.days_in_from_stage)::float8 AS median
                                        FROM f JOIN lead_transitions t ON t.lead_id = f.id
                                        WHERE t.days_in_from_stage IS NOT NULL GROUP BY t.from_stage) m) AS medians`,
      params,
    );
    return { rows: figures.rows ?? [], medians: Object.fromEntries((figures.medians ?? []).map((m) => [m.stage, m.median])) };
  }

  async breakdown(
    user: AuthUser,
    by: BreakdownDimension,
    query: DashboardFilterQuery,
  ): Promise<{ by: BreakdownDimension; items: BreakdownItem[] }> {
    // the summary tables hold team, industry and zone groups over all leads; anything narrower reads the leads (a wide
    // date range is 'all' too, less the months outside it and corrected from the leads: not all leads)
    const slice = await this.filter.summarySlice(query);
    const unfiltered = slice.dimension === 'all' && !slice.less && !slice.leads;
    const [rows, confirmations] = await this.reads.read(user, (manager) =>
      Promise.all([
        unfiltered && by !== 'source' ? this.totals.keyStageStatusRows(by, manager) : this.breakdownFromLeads(by, query, manager),
        this.awaitingRows(manager, query, BREAKDOWN_KEY_SQL[by]),
      ]),
    );
    const { rollUp, names } = await this.dimensions.of(by);
    const groups = groupBy(rows, (row) => rollUp(row.key));
    const splits = groupBy(confirmations, (row) => rollUp(row.key));
    const items = [...groups.entries()].map(([key, group]): BreakdownItem => {
      const live = group.filter((r) => r.status !== 'lost');
      const total = (field: 'count' | 'plannedInvestment' | 'contractInvestment' | 'actualInvestment' | 'expectedJobs', rowsToSum = live) =>
        Math.round(rowsToSum.reduce((sum, r) => sum + r[field], 0) * 100) / 100;
      const all = total('count', group);
      const signedOrBeyond = group
        .filter((r) => STAGE_ORDER.indexOf(r.stage) >= STAGE_ORDER.indexOf(LeadStage.Signed))
        .reduce((sum, r) => sum + r.count, 0);
      return {
        key,
        name: names(key),
        count: total('count'),
        plannedInvestment: total('plannedInvestment'),
        contractInvestment: total('contractInvestment'),
        actualInvestment: total('actualInvestment'),
        expectedJobs: total('expectedJobs'),
        onHold: group.filter((r) => r.status === 'on_hold').reduce((sum, r) => sum + r.count, 0),
        lost: group.filter((r) => r.status === 'lost').reduce((sum, r) => sum + r.count, 0),
        stages: Object.fromEntries(
          STAGE_ORDER.map((stage) => [stage, live.filter((r) => r.stage === stage).reduce((sum, r) => sum + r.count, 0)]),
        ) as Record<LeadStage, number>,
        signedRate: all === 0 ? null : Math.round((signedOrBeyond / all) * 10_000) / 10_000,
        ...splitsOf(group, splits.get(key) ?? []),
      };
    });
    items.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
    return { by, items };
  }

  /**
   * Per active commissioner, over the filtered live leads, each figure a count of leads the list shows with
   * the same conditions (LeadConditions): 在管 (assigned, not lost), 跟进逾期 of those, leads they followed up in
   * the last 30 days, and their leads with an open issue. With a team filter, the team's commissioners and
   * anyone with a lead of the team are listed.
   */
  async commissioners(user: AuthUser, query: DashboardFilterQuery = {}): Promise<{ items: CommissionerWorkload[] }> {
    const { where, params } = await this.filter.where(query);
    const filtered = where.join(' AND ');
    let team = '';
    if (query.teamId) {
      const members = query.teamId === NO_GROUP ? 'u.team_id IS NULL' : `u.team_id = $${params.push(query.teamId)}`;
      team = `AND (${members} OR a.active > 0 OR f.recent > 0)`;
    }
    const items = await this.reads.read(user, (manager) =>
      manager.query<CommissionerWorkload[]>(
        `SELECT u.id AS "commissionerId", u.display_name AS "displayName",
              coalesce(a.active, 0)::int AS "activeLeads", coalesce(a.overdue, 0)::int AS "overdueFollowUps",
              coalesce(f.recent, 0)::int AS "followUpsLast30Days", coalesce(a.open, 0)::int AS "openIssues"
       FROM users u
       LEFT JOIN (SELECT l.commissioner_id, count(*) AS active, count(*) FILTER (WHERE ${overdueFollowUpSql()}) AS overdue,
                         count(*) FILTER (WHERE ${openIssueSql()}) AS open
                  FROM leads l WHERE ${filtered} AND ${liveLeadSql()} AND l.commissioner_id IS NOT NULL GROUP BY l.commissioner_id) a
              ON a.commissioner_id = u.id
       LEFT JOIN (SELECT f.author_id, count(DISTINCT f.lead_id) AS recent FROM follow_ups f JOIN leads l ON l.id = f.lead_id
                  WHERE ${filtered} AND f.occurred_at >= now() - interval '${RECENT_FOLLOW_UP_DAYS} days' GROUP BY f.author_id) f
              ON f.author_id = u.id
       WHERE u.active AND 'commissioner' = ANY(u.roles) ${team}
       ORDER BY "overdueFollowUps" DESC, "activeLeads" DESC, u.display_name`,
        params,
      ),
    );
    return { items };
  }

  /** The breakdown's groups straight from the leads, for filtered views and the source dimension. */
  async breakdownFromLeads(
    by: BreakdownDimension,
    query: DashboardFilterQuery,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<KeyedStageStatusRow[]> {
    const { where, params } = await this.filter.where(query);
    return manager.query<KeyedStageStatusRow[]>(
      `SELECT ${BREAKDOWN_KEY_SQL[by]} AS key, l.stage, l.status, ${SUMS} FROM leads l WHERE ${where.join(' AND ')} GROUP BY 1, l.stage, l.status`,
      params,
    );
  }

  /** Progress against the plan's yearly targets (configurable): key projects signed and started, investment signed and arrived. */
  async targets(user: AuthUser, year = zonedParts(new Date(), this.config.timezone).year): Promise<TargetsDto> {
    // date ranges rather than extract(year …), so each figure is a range scan of its own partial index
    const [row] = await this.reads.read(user, (manager) =>
      manager.query<
        Array<{
          key_signed: number;
          key_signed_c: number;
          key_started: number;
          key_started_c: number;
          invest_signed: number;
          invest_signed_c: number;
          invest_arrived: number;
          invest_arrived_c: number;
        }>
      >(
        `WITH y AS (SELECT make_date($1, 1, 1) AS first, make_date($1 + 1, 1, 1) AS next),
       signed AS (SELECT count(*) FILTER (WHERE key_project_level <> 'none')::int AS key_signed,
                         count(*) FILTER (WHERE key_project_level <> 'none' AND ${confirmedSql('leads', "'signed'")})::int AS key_signed_c,
                         coalesce(sum(contract_investment), 0)::float8 AS invest_signed,
                         coalesce(sum(contract_investment) FILTER (WHERE ${confirmedSql('leads', "'signed'")}), 0)::float8 AS invest_signed_c
                  FROM leads, y WHERE deleted_at IS NULL AND status <> 'lost' AND signed_at IS NOT NULL AND signed_at >= y.first AND signed_at < y.next),
       started AS (SELECT count(*)::int AS key_started, count(*) FILTER (WHERE ${confirmedSql('leads', "'building'")})::int AS key_started_c
                   FROM leads, y WHERE deleted_at IS NULL AND status <> 'lost' AND construction_started_at IS NOT NULL
                   AND construction_started_at >= y.first AND construction_started_at < y.next AND key_project_level <> 'none'),
       arrived AS (SELECT coalesce(sum(actual_investment), 0)::float8 AS invest_arrived,
                          coalesce(sum(actual_investment) FILTER (WHERE ${confirmedSql('leads', "'operating'")}), 0)::float8 AS invest_arrived_c
                   FROM leads, y WHERE deleted_at IS NULL AND status <> 'lost' AND operating_at IS NOT NULL
                   AND operating_at >= y.first AND operating_at < y.next)
       SELECT * FROM signed, started, arrived`,
        [year],
      ),
    );
    const t = this.config.targets;
    const progress = (actual: number, confirmed: number, target: number): TargetProgress => ({
      actual,
      target,
      rate: target > 0 ? Math.round((actual / target) * 10_000) / 10_000 : null,
      confirmed,
      awaiting: Math.round((actual - confirmed) * 100) / 100,
    });
    return {
      year,
      keyProjectsSigned: progress(row.key_signed, row.key_signed_c, t.keyProjectsSigned),
      keyProjectsStarted: progress(row.key_started, row.key_started_c, t.keyProjectsStarted),
      investmentSigned: progress(row.invest_signed, row.invest_signed_c, t.investmentSigned),
      investmentArrived: progress(row.invest_arrived, row.invest_arrived_c, t.investmentArrived),
    };
  }
}
