import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { webhookJob } from '../../common/queue/queue.constants';
import { UnitOfWork } from '../../common/queue/unit-of-work';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { STAGE_LABELS, LeadStage } from '../leads/lead.enums';
import { notificationText } from './notification-text';
import { groupBy } from '../../common/collections/group-by';
import { Digest, Recipient, Relation, relationOf, REMINDER_KINDS, ReminderFacts } from './reminder-kinds';
import { readReminderFacts, stillApplies } from './reminder-facts';
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

        const facts = (await readReminderFacts(manager, [reminder])).get(reminder.id) as ReminderFacts;
        const { lead, issue, clause } = facts;
        const kind = REMINDER_KINDS[reminder.kind];
        const recipients = stillApplies(reminder, facts) ? await this.recipients(manager, kind.recipients(facts), reminder, facts) : [];
        if (this.config.reminders.faultDeliveryDelayMs > 0)
          await new Promise((r) => setTimeout(r, this.config.reminders.faultDeliveryDelayMs));
        if (recipients.length === 0) {
          await manager.query(`UPDATE reminders SET status = 'skipped', processed_at = now() WHERE id = $1`, [reminder.id]);
          return { outcome: 'skipped', notificationIds: [] };
        }
        // one text per relation: the owner reads "please follow up", a leader "please urge the owner"
        const byRelation = groupBy(recipients, (r) => r.relation);
        const inserted: Array<{ id: string }> = [];
        for (const [relation, readers] of byRelation) {
          const text = notificationText(
            {
              kind: reminder.kind,
              leadCode: lead?.code,
              leadTitle: lead?.title,
              dueAt: kind.textTime === 'anchor' ? new Date(String(reminder.data.anchor)) : reminder.due_at,
              level: reminder.level,
              issueTitle: issue?.title,
              clauseTitle: clause?.title,
              stageLabel: lead ? STAGE_LABELS[lead.stage as LeadStage] : null,
              reason: typeof reminder.data.reason === 'string' ? reminder.data.reason : null,
              digest: reminder.data.digest as Digest | undefined,
              relation,
            },
            this.config.timezone,
          );
          inserted.push(
            ...(await manager.query<Array<{ id: string }>>(
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
                readers.map((r) => r.id),
              ],
            )),
          );
        }
        await manager.query(`UPDATE reminders SET status = 'sent', processed_at = now() WHERE id = $1`, [reminder.id]);
        if (this.config.webhookUrl) this.unitOfWork.afterCommit(manager, ...inserted.map((row) => webhookJob(row.id)));
        return { outcome: 'sent', notificationIds: inserted.map((row) => row.id) };
      },
      { timeoutMs: null },
    );
  }

  /** The kind's recipients as active user ids, each with their relation to the subject (the first route that reached them). */
  private async recipients(
    manager: EntityManager,
    wanted: readonly Recipient[],
    reminder: ReminderRow,
    facts: ReminderFacts,
  ): Promise<Array<{ id: string; relation: Relation }>> {
    const { lead, issue } = facts;
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
      [Recipient.ClauseResponsible]: () => [facts.clause?.responsible_id],
      [Recipient.Addressee]: () => [reminder.recipient_id],
      [Recipient.Reserver]: () => [facts.reservation?.reserved_by],
    };
    const via = new Map<string, Recipient>();
    for (const recipient of wanted) for (const id of await resolve[recipient]()) if (id && !via.has(id)) via.set(id, recipient);
    if (via.size === 0) return [];
    // only active users receive notifications
    const active = await manager.query<Array<{ id: string }>>(`SELECT id FROM users WHERE id = ANY($1::uuid[]) AND active`, [
      [...via.keys()],
    ]);
    return active.map(({ id }) => ({ id, relation: relationOf(id, via.get(id) as Recipient, facts) }));
  }
}
