import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { UnitOfWork } from '../../common/queue/unit-of-work';
import { zonedDate } from '../../common/time/zoned';
import { REMINDER_KINDS } from './reminder-kinds';
import { ReminderKind } from './reminder.entity';
import { ReminderScheduler } from './reminder-scheduler';
import { stalledLeadsSql, StalledLead } from './warnings.query';

export interface ScanSummary {
  stalled: number;
  newWarnings: number;
  digests: number;
  /** What each registered daily scan recorded (e.g. `obligations`: idle-land clocks and due reports). */
  scans: Record<string, number>;
}

/** A feature's own daily scan (registered at start-up), run with the stall scan; answers how many reminders it recorded. */
export type DailyScan = () => Promise<number>;

/** The daily scans: stalled projects (红黄预警) and the morning digest. Both record reminders, queued after the commit. */
@Injectable()
export class ScansService {
  private readonly logger = new Logger(ScansService.name);
  private readonly dailyScans = new Map<string, DailyScan>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scheduler: ReminderScheduler,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** Adds a feature's daily scan (履约监管 registers its idle-land clocks and due reports); the module owning the rules owns the scan. */
  registerDailyScan(name: string, scan: DailyScan): void {
    if (this.dailyScans.has(name)) throw new Error(`daily scan "${name}" registered twice`);
    this.dailyScans.set(name, scan);
  }

  /** The registered daily scans, one after the other (each records its reminders in its own transactions). */
  async runDailyScans(): Promise<Record<string, number>> {
    const recorded: Record<string, number> = {};
    for (const [name, scan] of this.dailyScans) recorded[name] = await scan();
    if (this.dailyScans.size) this.logger.log({ msg: 'daily scans', recorded });
    return recorded;
  }

  /** The scheduled morning scan: stalled projects, then the features' daily scans. */
  async runScheduledScans(): Promise<{ stalled: number; newWarnings: number; scans: Record<string, number> }> {
    const stall = await this.runStallScan();
    return { ...stall, scans: await this.runDailyScans() };
  }

  /** Every stalled lead, or the longest-stalled `perLevel` of each level with the totals of both levels. */
  async stalledLeads(): Promise<StalledLead[]>;
  async stalledLeads(
    perLevel: number,
    scope?: { where: string[]; params: unknown[] },
    manager?: EntityManager,
  ): Promise<Array<StalledLead & { redTotal: number; yellowTotal: number }>>;
  async stalledLeads(
    perLevel?: number,
    scope?: { where: string[]; params: unknown[] },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<StalledLead[]> {
    const { sql, params } = stalledLeadsSql(this.config.stall, this.config.timezone, perLevel, undefined, scope);
    return manager.query<StalledLead[]>(sql, params);
  }

  /** One warning per lead, level and stall episode (the key holds the reference time), however often the scan runs. */
  async runStallScan(): Promise<{ stalled: number; newWarnings: number }> {
    const stalled = await this.stalledLeads();
    // background work: queueing waits for the queue however long it takes
    const created = await this.unitOfWork.run(
      async (manager) => {
        const before = await manager.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM reminders WHERE kind = 'stage_stalled'`);
        for (const lead of stalled) {
          const key = REMINDER_KINDS[ReminderKind.StageStalled].dedupeKey({
            leadId: lead.id,
            stage: lead.stage,
            level: lead.level,
            reference: new Date(lead.reference),
          });
          await this.scheduler.upsert(manager, ReminderKind.StageStalled, key, {
            leadId: lead.id,
            level: lead.level,
            dueAt: new Date(),
            data: { stage: lead.stage, reason: lead.reason, daysStalled: lead.daysStalled },
          });
        }
        const after = await manager.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM reminders WHERE kind = 'stage_stalled'`);
        return after[0].n - before[0].n;
      },
      { timeoutMs: null },
    );
    this.logger.log({ msg: 'stall scan', stalled: stalled.length, newWarnings: created });
    return { stalled: stalled.length, newWarnings: created };
  }

  /** A digest for each active user with due-today or overdue follow-ups, or overdue issues they handle; one a day. */
  async runDailyDigest(): Promise<number> {
    const today = zonedDate(new Date(), this.config.timezone);
    const rows = await this.dataSource.query<Array<{ user_id: string; due_today: number; overdue: number; issues_overdue: number }>>(
      `WITH mine AS (
         SELECT coalesce(l.commissioner_id, l.owner_id) AS user_id, l.next_follow_up_at
         FROM leads l WHERE l.deleted_at IS NULL AND l.status <> 'lost' AND l.next_follow_up_at IS NOT NULL
       ), follow AS (
         SELECT user_id,
                count(*) FILTER (WHERE (next_follow_up_at AT TIME ZONE $1)::date = $2::date AND next_follow_up_at >= now())::int AS due_today,
                count(*) FILTER (WHERE next_follow_up_at < now())::int AS overdue
         FROM mine GROUP BY user_id
       ), issues AS (
         SELECT handler_id AS user_id, count(*)::int AS issues_overdue FROM enterprise_issues
         WHERE status <> 'resolved' AND due_at < now() GROUP BY handler_id
       )
       SELECT u.id AS user_id, coalesce(f.due_today, 0) AS due_today, coalesce(f.overdue, 0) AS overdue, coalesce(i.issues_overdue, 0) AS issues_overdue
       FROM users u LEFT JOIN follow f ON f.user_id = u.id LEFT JOIN issues i ON i.user_id = u.id
       WHERE u.active AND (coalesce(f.due_today, 0) + coalesce(f.overdue, 0) + coalesce(i.issues_overdue, 0)) > 0`,
      [this.config.timezone, today],
    );
    await this.unitOfWork.run(
      async (manager) => {
        for (const row of rows) {
          await this.scheduler.upsert(
            manager,
            ReminderKind.DailyDigest,
            REMINDER_KINDS[ReminderKind.DailyDigest].dedupeKey({ userId: row.user_id, date: today }),
            {
              recipientId: row.user_id,
              dueAt: new Date(),
              data: { digest: { dueToday: row.due_today, overdue: row.overdue, issuesOverdue: row.issues_overdue }, date: today },
            },
          );
        }
      },
      { timeoutMs: null },
    );
    return rows.length;
  }

  async runAll(): Promise<ScanSummary> {
    const { scans, ...stall } = await this.runScheduledScans();
    const digests = await this.runDailyDigest();
    return { ...stall, digests, scans };
  }
}
