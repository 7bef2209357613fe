import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { webhookJob } from '../../common/queue/queue.constants';
import { UnitOfWork } from '../../common/queue/unit-of-work';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { STAGE_LABELS, LeadStage } from '../leads/lead.enums';
import { notificationText } from './notification-text';
import { Digest, Recipient, REMINDER_KINDS, ReminderFacts, ReminderIssue, ReminderLead } from './reminder-kinds';
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

export type DeliveryOutcome =
  | { outcome: 'sent'; notificationIds: string[] }
  | { outcome: 'skipped' | 'not_pending' | 'missing'; notificationIds: [] }
  | { outcome: 'not_due'; dueAt: Date; notificationIds: [] };

/**
 * Delivers one reminder: locks its row, re-checks that it still applies, writes the notifications and
 * marks it sent, all in one transaction. Running it twice, or in two workers at once, notifies once.
 */
@Injectable()
export class ReminderDeliveryService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** With WEBHOOK_URL set, each notification's webhook job is queued after the commit. */
  async deliver(reminderId: string): Promise<DeliveryOutcome> {
    return this.unitOfWork.run(
      async (manager) => {
        const [reminder] = await manager.query<ReminderRow[]>(`SELECT * FROM reminders WHERE id = $1 FOR UPDATE`, [reminderId]);
        if (!reminder) return { outcome: 'missing', notificationIds: [] };
        if (reminder.status !== ReminderStatus.Pending) return { outcome: 'not_pending', notificationIds: [] };
        if (reminder.due_at.getTime() > Date.now() + 1000) return { outcome: 'not_due', dueAt: reminder.due_at, notificationIds: [] };

        const lead = reminder.lead_id ? await this.lead(manager, reminder.lead_id) : null;
        const issue = reminder.issue_id ? await this.issue(manager, reminder.issue_id) : null;
        const kind = REMINDER_KINDS[reminder.kind];
        const anchor = typeof reminder.data.anchor === 'string' ? new Date(reminder.data.anchor).getTime() : null;
        const facts: ReminderFacts = { level: reminder.level, data: reminder.data, anchor, lead, issue };
        const leadGone = reminder.lead_id !== null && (!lead || lead.deleted_at !== null || lead.status === 'lost');
        const recipients =
          !leadGone && kind.stillApplies(facts) ? await this.recipients(manager, kind.recipients(facts), reminder, lead, issue) : [];
        if (this.config.reminders.faultDeliveryDelayMs > 0)
          await new Promise((r) => setTimeout(r, this.config.reminders.faultDeliveryDelayMs));
        if (recipients.length === 0) {
          await manager.query(`UPDATE reminders SET status = 'skipped', processed_at = now() WHERE id = $1`, [reminder.id]);
          return { outcome: 'skipped', notificationIds: [] };
        }
        const text = notificationText(
          {
            kind: reminder.kind,
            leadCode: lead?.code,
            leadTitle: lead?.title,
            dueAt: kind.textTime === 'anchor' ? new Date(String(reminder.data.anchor)) : reminder.due_at,
            level: reminder.level,
            issueTitle: issue?.title,
            stageLabel: lead ? STAGE_LABELS[lead.stage as LeadStage] : null,
            reason: typeof reminder.data.reason === 'string' ? reminder.data.reason : null,
            digest: reminder.data.digest as Digest | undefined,
          },
          this.config.timezone,
        );
        const inserted = await manager.query<Array<{ id: string }>>(
          `INSERT INTO notifications (user_id, reminder_id, kind, lead_id, due_at, title, body, webhook_status)
         SELECT u, $1, $2, $3, $4, $5, $6, $7 FROM unnest($8::uuid[]) AS u
         ON CONFLICT ON CONSTRAINT uq_notifications_reminder_user DO NOTHING
         RETURNING id`,
          [
            reminder.id,
            reminder.kind,
            reminder.lead_id,
            reminder.due_at,
            text.title,
            text.body,
            this.config.webhookUrl ? 'pending' : null,
            recipients,
          ],
        );
        await manager.query(`UPDATE reminders SET status = 'sent', processed_at = now() WHERE id = $1`, [reminder.id]);
        if (this.config.webhookUrl) this.unitOfWork.afterCommit(manager, ...inserted.map((row) => webhookJob(row.id)));
        return { outcome: 'sent', notificationIds: inserted.map((row) => row.id) };
      },
      { timeoutMs: null },
    );
  }

  private async lead(manager: EntityManager, id: string): Promise<ReminderLead | null> {
    const [row] = await manager.query<ReminderLead[]>(
      `SELECT code, coalesce(code_name, name) AS title, stage, status, deleted_at, owner_id, commissioner_id, team_id, next_follow_up_at, last_follow_up_at
       FROM leads WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  private async issue(manager: EntityManager, id: string): Promise<ReminderIssue | null> {
    const [row] = await manager.query<ReminderIssue[]>(`SELECT title, status, due_at, handler_id FROM enterprise_issues WHERE id = $1`, [
      id,
    ]);
    return row ?? null;
  }

  /** The kind's recipients as active user ids. */
  private async recipients(
    manager: EntityManager,
    wanted: readonly Recipient[],
    reminder: ReminderRow,
    lead: ReminderLead | null,
    issue: ReminderIssue | null,
  ): Promise<string[]> {
    type Ids = Array<string | null | undefined>;
    const resolve: Record<Recipient, () => Ids | Promise<Ids>> = {
      [Recipient.CommissionerOrOwner]: () => [lead?.commissioner_id ?? lead?.owner_id],
      [Recipient.Owner]: () => [lead?.owner_id],
      [Recipient.Commissioner]: () => [lead?.commissioner_id],
      [Recipient.TeamLeader]: async () => {
        if (!lead?.team_id) return [];
        const rows = await manager.query<Array<{ leader_id: string | null }>>(`SELECT leader_id FROM teams WHERE id = $1`, [lead.team_id]);
        return [rows[0]?.leader_id];
      },
      [Recipient.Leaders]: async () =>
        (await manager.query<Array<{ id: string }>>(`SELECT id FROM users WHERE active AND 'leader' = ANY(roles)`)).map((r) => r.id),
      [Recipient.IssueHandler]: () => [issue?.handler_id],
      [Recipient.Addressee]: () => [reminder.recipient_id],
    };
    const ids: string[] = [];
    for (const recipient of wanted) for (const id of await resolve[recipient]()) if (id) ids.push(id);
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    // only active users receive notifications
    const active = await manager.query<Array<{ id: string }>>(`SELECT id FROM users WHERE id = ANY($1::uuid[]) AND active`, [unique]);
    return active.map((r) => r.id);
  }
}
