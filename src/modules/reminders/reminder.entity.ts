import { sqlList } from '../../common/sql/sql-list';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum ReminderKind {
  FollowUpDue = 'follow_up_due',
  FollowUpOverdue = 'follow_up_overdue',
  StageStalled = 'stage_stalled',
  IssueDue = 'issue_due',
  IssueOverdue = 'issue_overdue',
  DailyDigest = 'daily_digest',
  Assigned = 'assigned',
  ClauseDue = 'clause_due',
  ClauseOverdue = 'clause_overdue',
  IdleLandYellow = 'idle_land_yellow',
  IdleLandRed = 'idle_land_red',
  IdleLandCritical = 'idle_land_critical',
  ActualsDue = 'actuals_due',
  ReservationExpiring = 'reservation_expiring',
}

export enum ReminderStatus {
  Pending = 'pending',
  Sent = 'sent',
  Cancelled = 'cancelled',
  /** Due, but the condition no longer held when it was checked (e.g. the follow-up was logged). */
  Skipped = 'skipped',
}

/**
 * What must be reminded, and when: PostgreSQL is the source of truth, BullMQ only delivers.
 * Written in the same transaction as the follow-up, transition, assignment or issue that causes it.
 */
@Entity('reminders')
@Check('chk_reminders_kind', `kind IN (${sqlList(Object.values(ReminderKind))})`)
@Check('chk_reminders_status', `status IN (${sqlList(Object.values(ReminderStatus))})`)
@Index('idx_reminders_pending_due', { synchronize: false })
export class Reminder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: ReminderKind;

  @Index('idx_reminders_lead')
  @Column({ type: 'uuid', nullable: true })
  leadId: string | null;

  @Column({ type: 'uuid', nullable: true })
  issueId: string | null;

  /** Set for reminders addressed to one person (assigned, daily digest); others resolve recipients at delivery. */
  @Column({ type: 'uuid', nullable: true })
  recipientId: string | null;

  /** yellow or red, for stage_stalled */
  @Column({ type: 'text', nullable: true })
  level: string | null;

  @Column({ type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'text', default: ReminderStatus.Pending })
  status: ReminderStatus;

  /** One reminder per subject and due time: rescheduling to a new time makes a new key. */
  @Index('uq_reminders_dedupe_key', { unique: true })
  @Column({ type: 'text' })
  dedupeKey: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  processedAt: Date | null;
}
