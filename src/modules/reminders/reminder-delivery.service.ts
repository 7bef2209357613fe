import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { webhookJob } from '../../common/queue/queue.constants';
import { UnitOfWork } from '../../common/queue/unit-of-work';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { allReads } from '../../database/all-reads';
import { STAGE_LABELS, LeadStage } from '../leads/lead.enums';
import { notificationText } from './notification-text';
import { groupBy } from '../../common/collections/group-by';
import { Digest, Recipient, Relation, relationOf, REMINDER_KINDS, ReminderFacts } from './reminder-kinds';
import { readReminderFacts, stillApplies } from './reminder-facts';
import { ReminderKind, ReminderStatus } from './reminder.entity';

/**
 * How many reminders one delivery takes at most: its own and others already due that no other delivery holds.
 * A burst (10,000 due at the 08:30 digest) is delivered a batch per transaction instead of a transaction each.
 */
export const DELIVERY_BATCH = 500;

/** A job that comes this early is still delivered (clock skew between workers and BullMQ's timers). */
const EARLY_MS = 1000;

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

/** A reader of a reminder, with their relation to its subject (the text is worded for it). */
interface Reader {
  id: string;
  relation: Relation;
}

interface NotificationRow {
  userId: string;
  reminder: ReminderRow;
  title: string;
  body: string;
}

export type DeliveryOutcome =
  | { outcome: 'sent'; notificationIds: string[]; batch: number }
  | { outcome: 'skipped'; notificationIds: []; batch: number }
  | { outcome: 'not_pending' | 'missing'; notificationIds: []; swept?: number }
  | { outcome: 'not_due'; dueAt: Date; notificationIds: [] };

type Ids = Array<string | null | undefined>;

/**
 * Delivers a reminder's job: locks its row, and with it up to DELIVERY_BATCH - 1 other due reminders that no other
 * delivery holds (SKIP LOCKED); re-checks that each still applies, writes all their notifications in one statement
 * and marks them sent or skipped in another, in one transaction. A job whose reminder a batch delivered finds it
 * sent and only sweeps what else is due. Running a job twice, or in two workers at once, notifies once.
 */
@Injectable()
export class ReminderDeliveryService {
  private readonly logger = new Logger(ReminderDeliveryService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Delivers the reminder and, in the same transaction, up to `batch - 1` others already due. A job with nothing of its
   * own left to deliver sweeps instead: the due reminders no other delivery holds, so that they do not wait for their
   * own jobs behind a backlog of jobs whose reminders a batch already delivered. With WEBHOOK_URL set, each
   * notification's webhook job is queued after the commit.
   */
  async deliver(reminderId: string, batch = DELIVERY_BATCH): Promise<DeliveryOutcome> {
    // in a burst most jobs find their reminder delivered by another job's batch: answered without a transaction
    const [current] = await this.dataSource.query<Array<{ status: ReminderStatus }>>(`SELECT status FROM reminders WHERE id = $1`, [
      reminderId,
    ]);
    if (!current || current.status !== ReminderStatus.Pending) {
      const swept = batch > 1 ? await this.sweep(batch) : 0;
      return { outcome: current ? 'not_pending' : 'missing', notificationIds: [], swept };
    }
    if (batch <= 1) return this.deliverBatch(reminderId, 1);
    try {
      return await this.deliverBatch(reminderId, batch);
    } catch (error) {
      // the batch was rolled back: a reminder that cannot be delivered must not hold back the job's own; its own job fails alone
      this.logger.warn({ msg: 'batched delivery failed; delivering the job’s own reminder alone', reminderId, error: String(error) });
      return this.deliverBatch(reminderId, 1);
    }
  }

  /** Delivers up to `limit` due reminders that no other delivery holds; answers how many. Best effort: their own jobs remain. */
  private async sweep(limit: number): Promise<number> {
    const [due] = await this.dataSource.query<Array<{ found: boolean }>>(
      `SELECT EXISTS (SELECT 1 FROM reminders WHERE status = 'pending' AND due_at <= $1) AS found`,
      [new Date()],
    );
    if (!due.found) return 0;
    try {
      return await this.unitOfWork.run(
        async (manager) => {
          const claimed = await this.claimDue(manager, null, limit);
          if (claimed.length) await this.deliverLocked(manager, claimed);
          return claimed.length;
        },
        { timeoutMs: null },
      );
    } catch (error) {
      // rolled back; each reminder's own job still delivers it
      this.logger.warn({ msg: 'sweeping due reminders failed', error: String(error) });
      return 0;
    }
  }

  private deliverBatch(reminderId: string, limit: number): Promise<DeliveryOutcome> {
    return this.unitOfWork.run(
      async (manager) => {
        // waits for a batch that holds it, then sees it sent
        const [own] = await manager.query<ReminderRow[]>(`SELECT * FROM reminders WHERE id = $1 FOR UPDATE`, [reminderId]);
        if (!own) return { outcome: 'missing', notificationIds: [] };
        if (own.status !== ReminderStatus.Pending) return { outcome: 'not_pending', notificationIds: [] };
        if (own.due_at.getTime() > Date.now() + EARLY_MS) return { outcome: 'not_due', dueAt: own.due_at, notificationIds: [] };
        const reminders = [own, ...(limit > 1 ? await this.claimDue(manager, own.id, limit - 1) : [])];
        const { sent, inserted } = await this.deliverLocked(manager, reminders);
        if (!sent.has(own.id)) return { outcome: 'skipped', notificationIds: [], batch: reminders.length };
        const notificationIds = inserted.filter((row) => row.reminder_id === own.id).map((row) => row.id);
        return { outcome: 'sent', notificationIds, batch: reminders.length };
      },
      { timeoutMs: null },
    );
  }

  /**
   * Locks up to `limit` pending reminders already due that no other delivery holds, oldest first (only once due: the
   * early margin of a job's own reminder is for clock skew, not a reason to send others early).
   */
  private claimDue(manager: EntityManager, except: string | null, limit: number): Promise<ReminderRow[]> {
    return manager.query<ReminderRow[]>(
      `SELECT * FROM reminders WHERE status = 'pending' AND due_at <= $1 AND ($2::uuid IS NULL OR id <> $2)
       ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [new Date(), except, limit],
    );
  }

  /**
   * Delivers locked pending reminders set-based: facts and readers in a few queries, every notification in one
   * statement, every reminder marked sent (notified) or skipped (no longer applies, or no active reader) in another.
   */
  private async deliverLocked(
    manager: EntityManager,
    reminders: readonly ReminderRow[],
  ): Promise<{ sent: Set<string>; inserted: Array<{ id: string; reminder_id: string }> }> {
    const facts = await readReminderFacts(manager, reminders);
    const readers = await this.readers(manager, reminders, facts);
    if (this.config.reminders.faultDeliveryDelayMs > 0) await new Promise((r) => setTimeout(r, this.config.reminders.faultDeliveryDelayMs));
    const notifications = reminders.flatMap((reminder) =>
      this.notificationsOf(reminder, facts.get(reminder.id) as ReminderFacts, readers.get(reminder.id) ?? []),
    );
    const inserted = await this.insertNotifications(manager, notifications);
    const sent = new Set(notifications.map((n) => n.reminder.id));
    await manager.query(
      `UPDATE reminders SET status = CASE WHEN id = ANY($2::uuid[]) THEN 'sent' ELSE 'skipped' END, processed_at = now()
       WHERE id = ANY($1::uuid[])`,
      [reminders.map((r) => r.id), [...sent]],
    );
    if (this.config.webhookUrl) this.unitOfWork.afterCommit(manager, ...inserted.map((row) => webhookJob(row.id)));
    return { sent, inserted };
  }

  /** One text per relation: the owner reads "please follow up", a leader "please urge the owner". */
  private notificationsOf(reminder: ReminderRow, facts: ReminderFacts, readers: Reader[]): NotificationRow[] {
    const { lead, issue, clause } = facts;
    const kind = REMINDER_KINDS[reminder.kind];
    return [...groupBy(readers, (r) => r.relation)].flatMap(([relation, group]) => {
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
      return group.map((reader) => ({ userId: reader.id, reminder, ...text }));
    });
  }

  /** Every notification of the batch in one statement; one already written for a reminder and user stays (and is not answered). */
  private async insertNotifications(
    manager: EntityManager,
    rows: readonly NotificationRow[],
  ): Promise<Array<{ id: string; reminder_id: string }>> {
    if (rows.length === 0) return [];
    // statement_timestamp(): when the batch's notifications were written, not when its transaction began
    return manager.query<Array<{ id: string; reminder_id: string }>>(
      `INSERT INTO notifications (user_id, reminder_id, kind, lead_id, due_at, title, body, webhook_status, created_at)
       SELECT n.user_id, n.reminder_id, n.kind, n.lead_id, n.due_at, n.title, n.body, $8, statement_timestamp()
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::timestamptz[], $6::text[], $7::text[])
         AS n(user_id, reminder_id, kind, lead_id, due_at, title, body)
       ON CONFLICT ON CONSTRAINT uq_notifications_reminder_user DO NOTHING
       RETURNING id, reminder_id`,
      [
        rows.map((n) => n.userId),
        rows.map((n) => n.reminder.id),
        rows.map((n) => n.reminder.kind),
        rows.map((n) => n.reminder.lead_id),
        rows.map((n) => n.reminder.due_at),
        rows.map((n) => n.title),
        rows.map((n) => n.body),
        this.config.webhookUrl ? 'pending' : null,
      ],
    );
  }

  /**
   * Each reminder's readers: its kind's recipients (none once it no longer applies) as active users, each with
   * their relation to the subject (the first route that reached them). A few queries for the whole batch.
   */
  private async readers(
    manager: EntityManager,
    reminders: readonly ReminderRow[],
    facts: ReadonlyMap<string, ReminderFacts>,
  ): Promise<Map<string, Reader[]>> {
    const factsOf = (reminder: ReminderRow) => facts.get(reminder.id) as ReminderFacts;
    const wanted = new Map<string, readonly Recipient[]>(
      reminders.map((r) => [r.id, stillApplies(r, factsOf(r)) ? REMINDER_KINDS[r.kind].recipients(factsOf(r)) : []]),
    );
    const routed = (route: Recipient) => reminders.filter((r) => (wanted.get(r.id) ?? []).includes(route));
    const teamIds = [...new Set(routed(Recipient.TeamLeader).flatMap((r) => factsOf(r).lead?.team_id ?? []))];
    const [teams, leaders] = await allReads(manager, [
      () =>
        teamIds.length
          ? manager.query<Array<{ id: string; leader_id: string | null }>>(`SELECT id, leader_id FROM teams WHERE id = ANY($1::uuid[])`, [
              teamIds,
            ])
          : [],
      () =>
        routed(Recipient.Leaders).length
          ? manager.query<Array<{ id: string }>>(`SELECT id FROM users WHERE active AND 'leader' = ANY(roles)`)
          : [],
    ]);
    const leaderOf = new Map(teams.map((t) => [t.id, t.leader_id]));
    const resolve: Record<Recipient, (reminder: ReminderRow, facts: ReminderFacts) => Ids> = {
      [Recipient.CommissionerOrOwner]: (_, { lead }) => [lead?.commissioner_id ?? lead?.owner_id],
      [Recipient.Owner]: (_, { lead }) => [lead?.owner_id],
      [Recipient.Commissioner]: (_, { lead }) => [lead?.commissioner_id],
      [Recipient.TeamLeader]: (_, { lead }) => [lead?.team_id ? leaderOf.get(lead.team_id) : null],
      [Recipient.Leaders]: () => leaders.map((l) => l.id),
      [Recipient.IssueHandler]: (_, { issue }) => [issue?.handler_id],
      [Recipient.ClauseResponsible]: (_, { clause }) => [clause?.responsible_id],
      [Recipient.Addressee]: (reminder) => [reminder.recipient_id],
      [Recipient.Reserver]: (_, { reservation }) => [reservation?.reserved_by],
    };
    const via = new Map<string, Map<string, Recipient>>();
    for (const reminder of reminders) {
      const routes = new Map<string, Recipient>();
      for (const route of wanted.get(reminder.id) ?? [])
        for (const id of resolve[route](reminder, factsOf(reminder))) if (id && !routes.has(id)) routes.set(id, route);
      via.set(reminder.id, routes);
    }
    const candidates = [...new Set([...via.values()].flatMap((routes) => [...routes.keys()]))];
    // only active users receive notifications
    const active = new Set(
      candidates.length
        ? (await manager.query<Array<{ id: string }>>(`SELECT id FROM users WHERE id = ANY($1::uuid[]) AND active`, [candidates])).map(
            (u) => u.id,
          )
        : [],
    );
    return new Map(
      reminders.map((reminder) => [
        reminder.id,
        [...(via.get(reminder.id) ?? [])]
          .filter(([id]) => active.has(id))
          .map(([id, route]) => ({ id, relation: relationOf(id, route, factsOf(reminder)) })),
      ]),
    );
  }
}
