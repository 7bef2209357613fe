import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { STAGE_LABELS, LeadStage } from '../leads/lead.enums';
import { ScansService } from './scans.service';
import { StalledLead } from './warnings.query';

export interface WarningsDto {
  stalled: Array<StalledLead & { stageLabel: string }>;
  overdueFollowUps: Array<{ id: string; code: string; title: string; stage: string; ownerId: string; commissionerId: string | null; nextFollowUpAt: Date; daysOverdue: number }>;
  overdueIssues: Array<{ id: string; leadId: string; code: string; title: string; handlerId: string; dueAt: Date; daysOverdue: number }>;
  counts: { red: number; yellow: number; overdueFollowUps: number; overdueIssues: number };
}

/** GET /dashboard/warnings: what is stalled, signed-not-started, building-not-operating or overdue right now. */
@Injectable()
export class WarningsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scans: ScansService,
  ) {}

  async current(): Promise<WarningsDto> {
    const stalled = (await this.scans.stalledLeads()).map((lead) => ({ ...lead, stageLabel: STAGE_LABELS[lead.stage as LeadStage] }));
    const overdueFollowUps = await this.dataSource.query<WarningsDto['overdueFollowUps']>(
      `SELECT id, code, coalesce(code_name, name) AS title, stage, owner_id AS "ownerId", commissioner_id AS "commissionerId",
              next_follow_up_at AS "nextFollowUpAt", floor(extract(epoch FROM now() - next_follow_up_at) / 86400)::int AS "daysOverdue"
       FROM leads WHERE deleted_at IS NULL AND status <> 'lost' AND next_follow_up_at < now()
       ORDER BY next_follow_up_at LIMIT 500`,
    );
    const overdueIssues = await this.dataSource.query<WarningsDto['overdueIssues']>(
      `SELECT i.id, i.lead_id AS "leadId", l.code, i.title, i.handler_id AS "handlerId", i.due_at AS "dueAt",
              floor(extract(epoch FROM now() - i.due_at) / 86400)::int AS "daysOverdue"
       FROM enterprise_issues i JOIN leads l ON l.id = i.lead_id AND l.deleted_at IS NULL
       WHERE i.status <> 'resolved' AND i.due_at < now() ORDER BY i.due_at LIMIT 500`,
    );
    return {
      stalled,
      overdueFollowUps,
      overdueIssues,
      counts: {
        red: stalled.filter((s) => s.level === 'red').length,
        yellow: stalled.filter((s) => s.level === 'yellow').length,
        overdueFollowUps: overdueFollowUps.length,
        overdueIssues: overdueIssues.length,
      },
    };
  }
}
