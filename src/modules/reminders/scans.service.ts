import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { inParallel } from '../../common/async/in-parallel';
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

/** Stalled leads per statement and transaction of the stall scan. */
const STALL_SCAN_BATCH = 10_000;

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
    const { sql, params } = stalledLeadsSql(this.config.stall, this.config.timezone, { perLevel, scope });
    return manager.query<StalledLead[]>(sql, params);
  }

  /**
   * One warning per lead, level and stall episode (the key holds the reference time), however often the scan runs.
   * Set-based: the stalled leads are read by the stages' indexes, then recorded STALL_SCAN_BATCH at a time, each
   * batch one statement and one transaction queued after its commit. A crash loses nothing: the next scan records
   * what is missing, the reconciler queues what was recorded and not queued.
   */
  async runStallScan(): Promise<{ stalled: number; newWarnings: number }> {
    const started = Date.now();
    const kind = REMINDER_KINDS[ReminderKind.StageStalled];
    const { sql, params } = stalledLeadsSql(this.config.stall, this.config.timezone, { byIndex: true });
    const key = kind.dedupeKeySql({ leadId: 's.id', stage: 's.stage', level: 's.level', reference: 's.reference' });
    // only what is not recorded yet (or was cancelled): a daily scan over 500,000 stalled leads writes the new ones
    const unrecorded = await this.dataSource.query<StalledLead[]>(
      `SELECT s.* FROM (${sql}) s WHERE NOT EXISTS (SELECT 1 FROM reminders r WHERE r.dedupe_key = ${key} AND r.status <> 'cancelled')`,
      params,
    );
    const batches = Array.from({ length: Math.ceil(unrecorded.length / STALL_SCAN_BATCH) }, (_, i) =>
      unrecorded.slice(i * STALL_SCAN_BATCH, (i + 1) * STALL_SCAN_BATCH),
    );
    // two at a time: one batch is written while the last one's jobs are queued
    const recorded = await inParallel(batches, 2, (batch) => {
      const warnings = batch.map((lead) => ({
        kind: ReminderKind.StageStalled,
        dedupeKey: kind.dedupeKey({ leadId: lead.id, stage: lead.stage, level: lead.level, reference: new Date(lead.reference) }),
        leadId: lead.id,
        level: lead.level,
        dueAt: new Date(),
        data: { stage: lead.stage, reason: lead.reason, daysStalled: lead.daysStalled },
      }));
      // background work: queueing waits for the queue however long it takes
      return this.unitOfWork.run((manager) => this.scheduler.upsertMany(manager, warnings), { timeoutMs: null });
    });
    const created = recorded.reduce((sum, n) => sum + n, 0);
    // every stalled lead, recorded before or now: the warnings' own totals, read from the indexes
    const [totals] = await this.stalledLeads(1);
    const stalledNow = totals ? totals.redTotal + totals.yellowTotal : 0;
    this.logger.log({ msg: 'stall scan', stalled: stalledNow, newWarnings: created, ms: Date.now() - started });
    return { stalled: stalledNow, newWarnings: created };
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
    const digests = rows.map((row) => ({
      kind: ReminderKind.DailyDigest,
      dedupeKey: REMINDER_KINDS[ReminderKind.DailyDigest].dedupeKey({ userId: row.user_id, date: today }),
      recipientId: row.user_id,
      dueAt: new Date(),
      data: { digest: { dueToday: row.due_today, overdue: row.overdue, issuesOverdue: row.issues_overdue }, date: today },
    }));
    // one statement for every user's digest, as the stall scan records its warnings
    await this.unitOfWork.run((manager) => this.scheduler.upsertMany(manager, digests), { timeoutMs: null });
    return rows.length;
  }

  async runAll(): Promise<ScanSummary> {
    const { scans, ...stall } = await this.runScheduledScans();
    const digests = await this.runDailyDigest();
    return { ...stall, digests, scans };
  }
}
