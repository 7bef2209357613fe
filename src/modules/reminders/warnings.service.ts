import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../common/auth/auth-user';
import { ReadSource } from '../../database/read-source';
import { FigureFilterQuery } from '../leads/dto/figure-filter.query';
import { LeadConditions, LeadWhere, overdueFollowUpSql } from '../leads/lead-conditions';
import { STAGE_LABELS, LeadStage } from '../leads/lead.enums';
import { ScansService } from './scans.service';
import { StalledLead } from './warnings.query';

export interface WarningsDto {
  stalled: Array<StalledLead & { stageLabel: string }>;
  overdueFollowUps: Array<{
    id: string;
    code: string;
    title: string;
    stage: string;
    ownerId: string;
    commissionerId: string | null;
    nextFollowUpAt: Date;
    daysOverdue: number;
  }>;
  overdueIssues: Array<{ id: string; leadId: string; code: string; title: string; handlerId: string; dueAt: Date; daysOverdue: number }>;
  counts: { red: number; yellow: number; overdueFollowUps: number; overdueIssues: number };
}

/** Items per list in GET /dashboard/warnings (per level for stalled leads); the counts are always complete. */
export const WARNING_LIST_LIMIT = 200;

/** GET /dashboard/warnings: what is stalled, signed-not-started, building-not-operating or overdue right now, under the dashboard's filters. */
@Injectable()
export class WarningsService {
  constructor(
    private readonly reads: ReadSource,
    private readonly scans: ScansService,
    private readonly conditions: LeadConditions,
  ) {}

  /** Read from a replica within REPLICA_MAX_LAG unless the caller wrote within it (ReadSource). */
  async current(user: AuthUser, filter: FigureFilterQuery = {}): Promise<WarningsDto> {
    // one set of conditions per query: each appends its own parameters after the filter's
    const scoped = async (): Promise<LeadWhere> => {
      const w: LeadWhere = { where: [], params: [] };
      await this.conditions.figureFilter(w, filter);
      return w;
    };
    const followUps = await scoped();
    const overdue = ['l.deleted_at IS NULL', overdueFollowUpSql(), ...followUps.where].join(' AND ');
    const issues = await scoped();
    const stalledScope = await scoped();
    const [stalledRows, followUpRows, [followUpCount], issueRows] = await this.reads.read(user, (manager) =>
      Promise.all([
        this.scans.stalledLeads(WARNING_LIST_LIMIT, stalledScope, manager),
        // list and count apart: a window count would sort every overdue lead before the LIMIT
        manager.query<WarningsDto['overdueFollowUps']>(
          `SELECT id, code, coalesce(code_name, name) AS title, stage, owner_id AS "ownerId", commissioner_id AS "commissionerId",
                next_follow_up_at AS "nextFollowUpAt", floor(extract(epoch FROM now() - next_follow_up_at) / 86400)::int AS "daysOverdue"
         FROM leads l WHERE ${overdue}
         ORDER BY next_follow_up_at LIMIT $${followUps.params.length + 1}`,
          [...followUps.params, WARNING_LIST_LIMIT],
        ),
        manager.query<Array<{ total: number }>>(`SELECT count(*)::int AS total FROM leads l WHERE ${overdue}`, followUps.params),
        manager.query<Array<WarningsDto['overdueIssues'][number] & { total: number }>>(
          `SELECT i.id, i.lead_id AS "leadId", l.code, i.title, i.handler_id AS "handlerId", i.due_at AS "dueAt",
                floor(extract(epoch FROM now() - i.due_at) / 86400)::int AS "daysOverdue", count(*) OVER ()::int AS total
         FROM enterprise_issues i JOIN leads l ON l.id = i.lead_id AND l.deleted_at IS NULL
         WHERE i.status <> 'resolved' AND i.due_at < now()${issues.where.map((c) => ` AND ${c}`).join('')}
         ORDER BY i.due_at LIMIT $${issues.params.length + 1}`,
          [...issues.params, WARNING_LIST_LIMIT],
        ),
      ]),
    );
    return {
      stalled: stalledRows.map(({ redTotal: _red, yellowTotal: _yellow, ...lead }) => ({
        ...lead,
        stageLabel: STAGE_LABELS[lead.stage as LeadStage],
      })),
      overdueFollowUps: followUpRows,
      overdueIssues: issueRows.map(({ total: _total, ...row }) => row),
      counts: {
        red: stalledRows[0]?.redTotal ?? 0,
        yellow: stalledRows[0]?.yellowTotal ?? 0,
        overdueFollowUps: followUpCount.total,
        overdueIssues: issueRows[0]?.total ?? 0,
      },
    };
  }
}
