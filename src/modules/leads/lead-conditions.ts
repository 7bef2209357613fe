import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { CatalogService } from '../catalog/catalog.service';
import { stalledLeadsSql } from '../reminders/warnings.query';
import { FigureFilterQuery } from './dto/figure-filter.query';
import { LostReason } from './lead.enums';

/** SQL conditions over a leads alias with their positional parameters, appended to as filters are read. */
export interface LeadWhere {
  where: string[];
  params: unknown[];
}

/** The window of "近30天跟进": a follow-up logged this many days back or less. */
export const RECENT_FOLLOW_UP_DAYS = 30;

/** The key of the breakdown's group of leads without a team or a zone, accepted by the filters as such. */
export const NO_GROUP = 'none';

export type WarningLevel = 'red' | 'yellow';

/**
 * What each cockpit figure means, as SQL over `leads <alias>`, in one place: the dashboard counts with these
 * conditions and the lead list filters with them, so a figure and the list it links to agree by construction.
 */
@Injectable()
export class LeadConditions {
  constructor(
    private readonly catalog: CatalogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The instants a period [from, to] of calendar days (the configured timezone) starts and ends at, as SQL expressions, appending their parameters. */
  periodSql(w: LeadWhere, period: { from?: string; to?: string }): { start: string | null; end: string | null } {
    const param = (value: unknown) => {
      w.params.push(value);
      return `$${w.params.length}`;
    };
    return {
      start: period.from ? `(${param(period.from)}::date::timestamp AT TIME ZONE ${param(this.config.timezone)})` : null,
      end: period.to ? `((${param(period.to)}::date + 1)::timestamp AT TIME ZONE ${param(this.config.timezone)})` : null,
    };
  }

  /** The period (created in [from, to], district dates), team, and industry / zone branches. */
  async figureFilter(w: LeadWhere, filter: FigureFilterQuery, alias = 'l'): Promise<void> {
    const param = (value: unknown) => {
      w.params.push(value);
      return `$${w.params.length}`;
    };
    const period = this.periodSql(w, filter);
    if (period.start) w.where.push(`${alias}.created_at >= ${period.start}`);
    if (period.end) w.where.push(`${alias}.created_at < ${period.end}`);
    if (filter.teamId === NO_GROUP) w.where.push(`${alias}.team_id IS NULL`);
    else if (filter.teamId) w.where.push(`${alias}.team_id = ${param(filter.teamId)}`);
    if (filter.industry)
      w.where.push(`${alias}.industry_code = ANY(${param(await this.catalog.branchCodes('industry', filter.industry))}::text[])`);
    if (filter.zone === NO_GROUP) w.where.push(`${alias}.zone_code IS NULL`);
    else if (filter.zone) w.where.push(`${alias}.zone_code = ANY(${param(await this.catalog.branchCodes('zone', filter.zone))}::text[])`);
  }

  /** Leads at a 红黄预警 level right now: exactly the stalled leads GET /dashboard/warnings counts at that level. */
  warningLevel(w: LeadWhere, level: WarningLevel, alias = 'l'): void {
    const { sql } = stalledLeadsSql(this.config.stall, this.config.timezone, { scope: { where: [], params: w.params } });
    w.params.push(level);
    w.where.push(`${alias}.id IN (SELECT stalled.id FROM (${sql}) stalled WHERE stalled.level = $${w.params.length})`);
  }

  /** Leads with at least one follow-up logged by the user in the last RECENT_FOLLOW_UP_DAYS days. */
  recentFollowUpBy(w: LeadWhere, userId: string, alias = 'l'): void {
    w.params.push(userId);
    w.where.push(
      `EXISTS (SELECT 1 FROM follow_ups f WHERE f.lead_id = ${alias}.id AND f.author_id = $${w.params.length}
               AND f.occurred_at >= now() - interval '${RECENT_FOLLOW_UP_DAYS} days')`,
    );
  }
}

/** The reason a lost lead counts under: one lost without a recorded reason counts as 其他. */
export const lostReasonOf = (reason: string | null): string => reason ?? LostReason.Other;

/** Lost leads whose reason (lostReasonOf) is one of these: a slice of the cockpit's lost-reasons pie. */
export function lostReasonsSql(w: LeadWhere, reasons: readonly LostReason[], alias = 'l'): void {
  w.params.push(reasons);
  w.where.push(`(${alias}.status = 'lost' AND coalesce(${alias}.lost_reason, '${LostReason.Other}') = ANY($${w.params.length}::text[]))`);
}

/** Lost leads that went to this place (落户去向, as recorded): a row of the cockpit's destinations. */
export function lostToSql(w: LeadWhere, destination: string, alias = 'l'): void {
  w.params.push(destination);
  w.where.push(`(${alias}.status = 'lost' AND ${alias}.lost_to = $${w.params.length})`);
}

/** Leads not lost: what the pipeline, the breakdowns and a commissioner's 在管项目 count. */
export const liveLeadSql = (alias = 'l') => `${alias}.status <> 'lost'`;

/** Leads not lost whose next follow-up has passed (跟进逾期). */
export const overdueFollowUpSql = (alias = 'l') => `(${liveLeadSql(alias)} AND ${alias}.next_follow_up_at < now())`;

/** Leads with an enterprise issue not yet resolved (未办结诉求). */
export const openIssueSql = (alias = 'l') =>
  `EXISTS (SELECT 1 FROM enterprise_issues e WHERE e.lead_id = ${alias}.id AND e.status <> 'resolved')`;
