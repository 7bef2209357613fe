import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { reminderJob } from '../../common/queue/queue.constants';
import { UnitOfWork } from '../../common/queue/unit-of-work';
import { sqlList } from '../../common/sql/sql-list';
import { zonedDate } from '../../common/time/zoned';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
// the wall-clock conversion the spreadsheets use for district times, one implementation
import { fromWallClock } from '../spreadsheets/sheet-time';
import { clauseChecks } from '../obligations/yearly-check';
import { REMINDER_KINDS } from './reminder-kinds';
import { ReminderKind } from './reminder.entity';

export interface LeadReminderState {
  id: string;
  nextFollowUpAt: Date | null;
  status: string;
  deletedAt?: Date | null;
}

export interface IssueReminderState {
  id: string;
  leadId: string;
  dueAt: Date;
  status: string;
}

export interface ClauseReminderState {
  id: string;
  leadId: string;
  dueDate: string | null;
  /** A yearly check from this year on (then no due date). */
  yearlyFrom: number | null;
  status: string;
  /** Years of a yearly check whose reported figures meet the clause: not reminded. */
  metYears?: readonly number[];
}

/** Clause reminders fire at this district hour on the due date or a yearly check's date (the overdue one OVERDUE_ESCALATION_AFTER later). */
export const CLAUSE_REMINDER_HOUR = 9;

const FOLLOW_UP_KINDS = sqlList([ReminderKind.FollowUpDue, ReminderKind.FollowUpOverdue]);

/** What a reminder row holds besides its kind and dedupe key. */
export interface ReminderFields {
  leadId?: string | null;
  issueId?: string | null;
  recipientId?: string | null;
  level?: string | null;
  dueAt: Date;
  data?: Record<string, unknown>;
}

/**
 * Records what must be reminded, inside the caller's transaction (no queue call inside one), which must be a
 * UnitOfWork.run: the rows are the truth, and each new reminder's job is queued after the commit.
 */
@Injectable()
export class ReminderScheduler {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** Makes the lead's follow-up reminders match its next follow-up time: the old ones are cancelled, the new ones recorded. */
  async syncFollowUp(manager: EntityManager, lead: LeadReminderState): Promise<void> {
    await this.syncFollowUps(manager, [lead]);
  }

  /**
   * syncFollowUp for many leads at once (an import's batch): one statement cancels, one records. `created`: the leads
   * were inserted in this transaction, so they have no reminder to cancel and the cancelling statement is left out.
   */
  async syncFollowUps(manager: EntityManager, leads: readonly LeadReminderState[], options: { created?: boolean } = {}): Promise<void> {
    if (leads.length === 0) return;
    const next = leads.map((lead) => (lead.status === 'lost' || lead.deletedAt ? null : lead.nextFollowUpAt));
    if (!options.created)
      await manager.query(
        `UPDATE reminders r SET status = 'cancelled', processed_at = now()
       FROM unnest($1::uuid[], $2::timestamptz[]) AS l(id, next)
       WHERE r.lead_id = ANY($1::uuid[]) AND r.lead_id = l.id AND r.kind IN (${FOLLOW_UP_KINDS}) AND r.status = 'pending'
         AND (l.next IS NULL OR (r.data->>'anchor')::timestamptz <> l.next)`,
        [leads.map((lead) => lead.id), next.map((at) => at?.toISOString() ?? null)],
      );
    const rows: ReminderRow[] = [];
    leads.forEach((lead, i) => {
      const at = next[i];
      if (!at) return;
      const data = { anchor: at.toISOString() };
      const subject = { leadId: lead.id, at };
      rows.push(
        {
          kind: ReminderKind.FollowUpDue,
          dedupeKey: REMINDER_KINDS[ReminderKind.FollowUpDue].dedupeKey(subject),
          leadId: lead.id,
          dueAt: at,
          data,
        },
        {
          kind: ReminderKind.FollowUpOverdue,
          dedupeKey: REMINDER_KINDS[ReminderKind.FollowUpOverdue].dedupeKey(subject),
          leadId: lead.id,
          dueAt: new Date(at.getTime() + this.config.overdueEscalationMs),
          data,
        },
      );
    });
    await this.upsertMany(manager, rows);
  }

  /** Cancels every pending reminder of a lead (deleted). */
  async cancelForLead(manager: EntityManager, leadId: string): Promise<void> {
    await manager.query(`UPDATE reminders SET status = 'cancelled', processed_at = now() WHERE lead_id = $1 AND status = 'pending'`, [
      leadId,
    ]);
  }

  async assigned(manager: EntityManager, leadId: string, commissionerId: string, assignmentKey: string): Promise<void> {
    await this.upsert(manager, ReminderKind.Assigned, REMINDER_KINDS[ReminderKind.Assigned].dedupeKey({ assignmentId: assignmentKey }), {
      leadId,
      recipientId: commissionerId,
      dueAt: new Date(),
    });
  }

  /** The issue's due and overdue reminders follow its due date and die when it is resolved. */
  async syncIssue(manager: EntityManager, issue: IssueReminderState): Promise<void> {
    const due = issue.status === 'resolved' ? null : issue.dueAt;
    await manager.query(
      `UPDATE reminders SET status = 'cancelled', processed_at = now()
       WHERE issue_id = $1 AND status = 'pending' AND ($2::timestamptz IS NULL OR (data->>'anchor')::timestamptz <> $2::timestamptz)`,
      [issue.id, due],
    );
    if (!due) return;
    const anchor = due.toISOString();
    const subject = { issueId: issue.id, at: due };
    await this.upsert(manager, ReminderKind.IssueDue, REMINDER_KINDS[ReminderKind.IssueDue].dedupeKey(subject), {
      leadId: issue.leadId,
      issueId: issue.id,
      dueAt: due,
      data: { anchor },
    });
    await this.upsert(manager, ReminderKind.IssueOverdue, REMINDER_KINDS[ReminderKind.IssueOverdue].dedupeKey(subject), {
      leadId: issue.leadId,
      issueId: issue.id,
      dueAt: new Date(due.getTime() + this.config.overdueEscalationMs),
      data: { anchor },
    });
  }

  /**
   * A 履约条款's due and overdue reminders follow its checks while it is pending (clauseChecks): its due date, or
   * each reminded year of a yearly check not yet met, the key holding the year. A decided clause, a moved date or
   * a year met cancels the pending ones that no longer match.
   */
  async syncClause(manager: EntityManager, clause: ClauseReminderState): Promise<void> {
    const today = zonedDate(new Date(), this.config.timezone);
    const checks = clause.status === 'pending' ? clauseChecks(clause, today, clause.metYears) : [];
    await manager.query(
      `UPDATE reminders SET status = 'cancelled', processed_at = now()
       WHERE lead_id = $1 AND data->>'clauseId' = $2 AND status = 'pending'
         AND NOT (coalesce('y' || (data->>'year'), data->>'dueDate') = ANY($3::text[]))`,
      [clause.leadId, clause.id, checks.map((c) => (c.year === null ? c.dueDate : `y${c.year}`))],
    );
    for (const check of checks) {
      const [year, month, day] = check.dueDate.split('-').map(Number);
      const dueAt = fromWallClock({ year, month, day, hour: CLAUSE_REMINDER_HOUR, minute: 0, second: 0 }, this.config.timezone);
      const subject = check.year === null ? { clauseId: clause.id, dueDate: check.dueDate } : { clauseId: clause.id, year: check.year };
      const data = {
        ...subject,
        ...(check.year === null ? {} : { checkDate: check.dueDate, reason: `（${check.year} 年度考核）` }),
        anchor: dueAt.toISOString(),
      };
      await this.upsert(manager, ReminderKind.ClauseDue, REMINDER_KINDS[ReminderKind.ClauseDue].dedupeKey(subject), {
        leadId: clause.leadId,
        dueAt,
        data,
      });
      await this.upsert(manager, ReminderKind.ClauseOverdue, REMINDER_KINDS[ReminderKind.ClauseOverdue].dedupeKey(subject), {
        leadId: clause.leadId,
        dueAt: new Date(dueAt.getTime() + this.config.overdueEscalationMs),
        data,
      });
    }
  }

  /**
   * Records a reminder once per key (REMINDER_KINDS[kind].dedupeKey); a cancelled one comes back to life if its
   * time is chosen again, a sent one never. A new or revived reminder is queued after the commit.
   */
  async upsert(manager: EntityManager, kind: ReminderKind, dedupeKey: string, fields: ReminderFields): Promise<void> {
    await this.upsertMany(manager, [{ kind, dedupeKey, ...fields }]);
  }

  /**
   * Records reminders in one statement (a cancelled one with the same key becomes pending again, any other is left
   * as it is) and queues the recorded ones after the commit. Answers how many were new rows (a new row's created_at
   * is its transaction's now(); `xmax = 0` miscounted under the stall scan's concurrent batches).
   */
  async upsertMany(manager: EntityManager, rows: readonly ReminderRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const recorded = await manager.query<Array<{ id: string; due_at: Date; inserted: boolean }>>(
      `INSERT INTO reminders (kind, dedupe_key, lead_id, issue_id, recipient_id, level, due_at, data)
       SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::timestamptz[], $8::jsonb[])
       ON CONFLICT (dedupe_key) DO UPDATE SET status = 'pending', processed_at = NULL
       WHERE reminders.status = 'cancelled'
       RETURNING id, due_at, (created_at = now()) AS inserted`,
      [
        rows.map((r) => r.kind),
        rows.map((r) => r.dedupeKey),
        rows.map((r) => r.leadId ?? null),
        rows.map((r) => r.issueId ?? null),
        rows.map((r) => r.recipientId ?? null),
        rows.map((r) => r.level ?? null),
        rows.map((r) => r.dueAt.toISOString()),
        rows.map((r) => JSON.stringify(r.data ?? {})),
      ],
    );
    this.unitOfWork.afterCommit(manager, ...recorded.map((row) => reminderJob(row.id, row.due_at)));
    return recorded.filter((row) => row.inserted).length;
  }
}

/** A reminder row as upsertMany records it. */
export type ReminderRow = ReminderFields & { kind: ReminderKind; dedupeKey: string };
