import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user';
import { decodeCursor, encodeCursor, Page } from '../../common/pagination/cursor';
import { LeadsService } from '../leads/leads.service';
import { UserRefDto } from '../leads/dto/lead-response.dto';

export const TIMELINE_KIND_LABELS: Record<string, string> = {
  created: '创建项目',
  field_changed: '修改信息',
  deleted: '删除项目',
  restored: '恢复项目',
  transition: '阶段/状态变更',
  commissioner_assigned: '指派护商专员',
  follow_up: '跟进记录',
  assessment: '事前评估',
  issue_created: '企业诉求登记',
  issue_updated: '企业诉求更新',
  imported: '台账导入',
  agreement_created: '登记协议',
  agreement_updated: '修改协议',
  clause_created: '登记履约条款',
  clause_updated: '修改履约条款',
  clause_status_changed: '履约状态变更',
  evidence_added: '上传佐证材料',
  evidence_removed: '删除佐证材料',
  actuals_reported: '履约数据填报',
  requirements_changed: '载体需求变更',
  carrier_reserved: '预留载体',
  carrier_released: '解除载体预留',
  carrier_taken: '载体签约落地',
  referrer_corrected: '更正首引人',
  confirmation_confirmed: '审核确认',
  confirmation_rejected: '审核退回',
  confirmation_voided: '审核确认作废',
  confirmation_evidence_added: '上传审核佐证',
};

export class TimelineItemDto {
  @ApiProperty({ description: 'the event’s id (a number, as text)' }) id: string;
  @ApiProperty({ enum: Object.keys(TIMELINE_KIND_LABELS), enumName: 'TimelineKind' }) kind: string;
  @ApiProperty({ example: '跟进记录' }) kindLabel: string;
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
  @ApiProperty({ type: UserRefDto, nullable: true, description: 'who did it; null for the system' }) actor: UserRefDto | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'what changed, by kind (field_changed: the fields with from/to; transition: stages, statuses and gate data; follow_up: the follow-up …)',
  })
  data: Record<string, unknown>;
}

export class TimelinePageDto {
  @ApiProperty({ type: [TimelineItemDto], description: 'newest first' }) items: TimelineItemDto[];
  @ApiProperty({ type: String, nullable: true, description: 'the next page’s cursor; null on the last page' }) nextCursor: string | null;
}

export const TIMELINE_MAX_PAGE = 200;

/** The lead's history from the append-only audit trail, newest first. */
@Injectable()
export class TimelineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly leads: LeadsService,
  ) {}

  async timeline(user: AuthUser, leadId: string, limit = TIMELINE_MAX_PAGE, cursor?: string): Promise<Page<TimelineItemDto>> {
    await this.leads.findVisible(user, leadId);
    const params: unknown[] = [leadId];
    let after = '';
    if (cursor) {
      params.push(...decodeCursor(cursor, ['timestamptz', 'bigint']));
      after = `AND (e.at, e.id) < ($2::timestamptz, $3::bigint)`;
    }
    params.push(Math.min(limit, TIMELINE_MAX_PAGE) + 1);
    const rows: Array<{
      id: string;
      kind: string;
      at: Date;
      at_text: string;
      data: Record<string, unknown>;
      actor_id: string | null;
      actor_name: string | null;
    }> = await this.dataSource.query(
      `SELECT e.id, e.kind, e.at, e.at::text AS at_text, e.data, e.actor_id, u.display_name AS actor_name
         FROM lead_events e LEFT JOIN users u ON u.id = e.actor_id
         WHERE e.lead_id = $1 ${after}
         ORDER BY e.at DESC, e.id DESC
         LIMIT $${params.length}`,
      params,
    );
    const size = Math.min(limit, TIMELINE_MAX_PAGE);
    const page = rows.slice(0, size);
    const last = page.at(-1);
    return {
      items: page.map((row) => ({
        id: row.id,
        kind: row.kind,
        kindLabel: TIMELINE_KIND_LABELS[row.kind] ?? row.kind,
        at: row.at,
        actor: row.actor_id ? { id: row.actor_id, displayName: row.actor_name ?? '' } : null,
        data: row.data,
      })),
      nextCursor: rows.length > size && last ? encodeCursor([last.at_text, last.id]) : null,
    };
  }
}
