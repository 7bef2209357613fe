import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { STAGE_LABELS, LeadStage } from '../leads/lead.enums';
import { notificationText } from './notification-text';
import { ReminderKind, ReminderStatus } from './reminder.entity';

interface ReminderRow {
  id: string;
  kind: ReminderKind;
  lead_id: string | null;
  issue_id: string | null;
  recipient_id: string | null;
  level: string | null;
  due_at: Date;
  status: ReminderStatus;
  data: Record<string, unknown>;
}

interface LeadRow {
  code: string;
  title: string;
  stage: LeadStage;
  status: string;
  deleted_at: Date | null;
  owner_id: string;
  commissioner_id: string | null;
  team_id: string | null;
  next_follow_up_at: Date | null;
  last_follow_up_at: Date | null;
}

interface IssueRow {
  title: string;
  status: string;
  due_at: Date;
  handler_id: string;
}

export type DeliveryOutcome = { outcome: 'sent'; notificationIds: string[] } | { outcome: 'skipped' | 'not_pending' | 'missing'; notificationIds: [] } | { outcome: 'not_due'; dueAt: Date; notificationIds: [] };

/**
 * Delivers one reminder: locks its row, re-checks that it still applies, writes the notifications and
 * marks it sent, all in one transaction. Running it twice, or in two workers at once, notifies once.
 */
@Injectable()
export class ReminderDeliveryService {
  private readonly logger = new Logger(ReminderDeliveryService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async deliver(reminderId: string): Promise<DeliveryOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const [reminder] = await manager.query<ReminderRow[]>(`SELECT * FROM reminders WHERE id = $1 FOR UPDATE`, [reminderId]);
      if (!reminder) return { outcome: 'missing', notificationIds: [] };
      if (reminder.status !== ReminderStatus.Pending) return { outcome: 'not_pending', notificationIds: [] };
      if (reminder.due_at.getTime() > Date.now() + 1000) return { outcome: 'not_due', dueAt: reminder.due_at, notificationIds: [] };

      const lead = reminder.lead_id ? await this.lead(manager, reminder.lead_id) : null;
      const issue = reminder.issue_id ? await this.issue(manager, reminder.issue_id) : null;
      const recipients = this.stillApplies(reminder, lead, issue) ? await this.recipients(manager, reminder, lead, issue) : [];
      if (this.config.reminders.faultDeliveryDelayMs > 0) await new Promise((r) => setTimeout(r, this.config.reminders.faultDeliveryDelayMs));
      if (recipients.length === 0) {
        await manager.query(`UPDATE reminders SET status = 'skipped', processed_at = now() WHERE id = $1`, [reminder.id]);
        return { outcome: 'skipped', notificationIds: [] };
      }
      const text = notificationText(
        {
          kind: reminder.kind,
          leadCode: lead?.code,
          leadTitle: lead?.title,
          dueAt: reminder.kind === ReminderKind.FollowUpOverdue || reminder.kind === ReminderKind.IssueOverdue ? new Date(String(reminder.data.anchor)) : reminder.due_at,
          level: reminder.level,
          issueTitle: issue?.title,
          stageLabel: lead ? STAGE_LABELS[lead.stage] : null,
          reason: typeof reminder.data.reason === 'string' ? reminder.data.reason : null,
          digest: reminder.data.digest as { dueToday: number; overdue: number; issuesOverdue: number } | undefined,
        },
        this.config.timezone,
      );
      const inserted = await manager.query<Array<{ id: string }>>(
        `INSERT INTO notifications (user_id, reminder_id, kind, lead_id, due_at, title, body, webhook_status)
         SELECT u, $1, $2, $3, $4, $5, $6, $7 FROM unnest($8::uuid[]) AS u
         ON CONFLICT ON CONSTRAINT uq_notifications_reminder_user DO NOTHING
         RETURNING id`,
        [reminder.id, reminder.kind, reminder.lead_id, reminder.due_at, text.title, text.body, this.config.webhookUrl ? 'pending' : null, recipients],
      );
      await manager.query(`UPDATE reminders SET status = 'sent', processed_at = now() WHERE id = $1`, [reminder.id]);
      return { outcome: 'sent', notificationIds: inserted.map((row) => row.id) };
    });
  }

  private async lead(manager: EntityManager, id: string): Promise<LeadRow | null> {
    const [row] = await manager.query<LeadRow[]>(
      `SELECT code, coalesce(code_name, name) AS title, stage, status, deleted_at, owner_id, commissioner_id, team_id, next_follow_up_at, last_follow_up_at
       FROM leads WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  private async issue(manager: EntityManager, id: string): Promise<IssueRow | null> {
    const [row] = await manager.query<IssueRow[]>(`SELECT title, status, due_at, handler_id FROM enterprise_issues WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** Re-checks the database before acting (a job may run late or twice): a reminder whose reason has gone is skipped. */
  private stillApplies(reminder: ReminderRow, lead: LeadRow | null, issue: IssueRow | null): boolean {
    if (reminder.lead_id && (!lead || lead.deleted_at || lead.status === 'lost')) return reminder.kind === ReminderKind.DailyDigest;
    const anchor = typeof reminder.data.anchor === 'string' ? new Date(reminder.data.anchor).getTime() : null;
    switch (reminder.kind) {
      case ReminderKind.FollowUpDue:
        return lead?.next_follow_up_at?.getTime() === anchor;
      case ReminderKind.FollowUpOverdue:
        return lead?.next_follow_up_at?.getTime() === anchor && !(lead?.last_follow_up_at && anchor !== null && lead.last_follow_up_at.getTime() >= anchor);
      case ReminderKind.IssueDue:
      case ReminderKind.IssueOverdue:
        return !!issue && issue.status !== 'resolved' && issue.due_at.getTime() === anchor;
      case ReminderKind.StageStalled:
        return !!lead && lead.stage === reminder.data.stage;
      default:
        return true;
    }
  }

  private async recipients(manager: EntityManager, reminder: ReminderRow, lead: LeadRow | null, issue: IssueRow | null): Promise<string[]> {
    const leaders = async () => (await manager.query<Array<{ id: string }>>(`SELECT id FROM users WHERE active AND 'leader' = ANY(roles)`)).map((r) => r.id);
    const teamLeader = async () => {
      if (!lead?.team_id) return [];
      const rows = await manager.query<Array<{ leader_id: string | null }>>(`SELECT leader_id FROM teams WHERE id = $1`, [lead.team_id]);
      return rows[0]?.leader_id ? [rows[0].leader_id] : [];
    };
    let ids: string[] = [];
    switch (reminder.kind) {
      case ReminderKind.FollowUpDue:
        ids = [lead?.commissioner_id ?? lead?.owner_id ?? ''];
        break;
      case ReminderKind.FollowUpOverdue:
        ids = [...(await teamLeader()), ...(await leaders())];
        break;
      case ReminderKind.StageStalled:
        ids = [lead?.owner_id ?? '', lead?.commissioner_id ?? '', ...(reminder.level === 'red' ? await leaders() : [])];
        break;
      case ReminderKind.IssueDue:
        ids = [issue?.handler_id ?? ''];
        break;
      case ReminderKind.IssueOverdue:
        ids = [lead?.commissioner_id ?? '', ...(await leaders())];
        break;
      case ReminderKind.Assigned:
      case ReminderKind.DailyDigest:
        ids = [reminder.recipient_id ?? ''];
        break;
    }
    const unique = [...new Set(ids.filter((id) => id !== ''))];
    if (unique.length === 0) return [];
    // only active users receive notifications
    const active = await manager.query<Array<{ id: string }>>(`SELECT id FROM users WHERE id = ANY($1::uuid[]) AND active`, [unique]);
    return active.map((r) => r.id);
  }
}
