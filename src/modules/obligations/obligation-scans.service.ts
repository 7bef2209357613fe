import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../../common/queue/unit-of-work';
import { REMINDER_KINDS } from '../reminders/reminder-kinds';
import { ReminderKind } from '../reminders/reminder.entity';
import { ReminderScheduler } from '../reminders/reminder-scheduler';
import { ScansService } from '../reminders/scans.service';
import { ClauseReminders } from './clause-reminders';
import { IDLE_LAND_RULE_LABELS, IdleLandClock } from './idle-land.calculator';
import { SIGNED_STAGES } from './obligation.model';
import { ObligationFiguresService } from './obligation-figures.service';
import { ObligationLead } from './obligations.evaluator';
import { ObligationsReader } from './obligations.reader';
import { previousQuarter } from './period';

const BATCH = 500;
const SCAN_KINDS = `kind IN ('idle_land_yellow', 'idle_land_red', 'idle_land_critical', 'actuals_due', 'clause_due', 'clause_overdue')`;
const IDLE_KIND = { yellow: ReminderKind.IdleLandYellow, red: ReminderKind.IdleLandRed, critical: ReminderKind.IdleLandCritical } as const;

/** The leads whose obligations are watched: live, not lost, with an agreement; the columns the clocks need. */
export const WATCHED_LEADS_SQL = `SELECT l.id, l.stage, l.agreed_start_date AS "agreedStartDate", l.construction_started_at AS "constructionStartedAt",
         l.operating_at AS "operatingAt", l.land_area_mu::float8 AS "landAreaMu", l.contract_investment::float8 AS "contractInvestment",
         (SELECT min(a.signed_on) FROM agreements a WHERE a.lead_id = l.id) AS "firstSignedOn"
  FROM leads l
  WHERE l.deleted_at IS NULL AND l.status <> 'lost' AND EXISTS (SELECT 1 FROM agreements a WHERE a.lead_id = l.id)`;

type WatchedLead = ObligationLead & { stage: string; firstSignedOn: string };

/** What an idle-land reminder says about the clock. */
function idleReason(clock: IdleLandClock): string {
  return clock.rule === 'not_started'
    ? `土地${IDLE_LAND_RULE_LABELS.not_started}已 ${clock.days} 天（约定动工 ${clock.since}）`
    : `土地${IDLE_LAND_RULE_LABELS.partial_build}已 ${clock.days} 天（最近进展 ${clock.since}）`;
}

/**
 * 履约监管's daily scan, run with the stall scan (ScansService): an idle-land reminder per agreement, level and
 * clock episode (the key holds the day the clock counts from), an actuals_due per project when a quarter
 * has closed unreported, and the yearly checks' clause reminders of the running year. Each is recorded once
 * however often the scan runs.
 */
@Injectable()
export class ObligationScansService implements OnModuleInit {
  private readonly logger = new Logger(ObligationScansService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reader: ObligationsReader,
    private readonly scheduler: ReminderScheduler,
    private readonly unitOfWork: UnitOfWork,
    private readonly scans: ScansService,
    private readonly figures: ObligationFiguresService,
    private readonly clauseReminders: ClauseReminders,
  ) {}

  onModuleInit(): void {
    this.scans.registerDailyScan('obligations', () => this.run());
  }

  /** Records the reminders due now; answers how many were new. */
  async run(): Promise<number> {
    // states and clocks move with the calendar: the dashboard's figures are recomputed for the new day first
    await this.figures.refresh();
    const leads = await this.dataSource.query<WatchedLead[]>(WATCHED_LEADS_SQL);
    const quarter = previousQuarter(this.reader.today());
    let recorded = 0;
    for (let i = 0; i < leads.length; i += BATCH) {
      const batch = leads.slice(i, i + BATCH);
      const evaluated = await this.reader.evaluate(batch);
      recorded += await this.unitOfWork.run(
        async (manager) => {
          const before = await manager.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM reminders WHERE ${SCAN_KINDS}`);
          // the yearly checks' reminders of a year that has just begun
          await this.clauseReminders.recordYearly(
            manager,
            batch.flatMap((lead) => evaluated.get(lead.id) ?? []),
          );
          for (const lead of batch) {
            const found = evaluated.get(lead.id);
            if (!found) continue;
            for (const [agreementId, clock] of found.evaluation.clocks) {
              if (clock.level === 'none' || !clock.since) continue;
              const kind = IDLE_KIND[clock.level];
              await this.scheduler.upsert(manager, kind, REMINDER_KINDS[kind].dedupeKey({ agreementId, since: clock.since }), {
                leadId: lead.id,
                level: clock.level,
                dueAt: new Date(),
                data: { agreementId, rule: clock.rule, since: clock.since, days: clock.days, reason: idleReason(clock) },
              });
            }
            const reported = found.actuals.some((a) => a.period === quarter.key || a.period === String(quarter.year));
            if ((SIGNED_STAGES as readonly string[]).includes(lead.stage) && lead.firstSignedOn <= quarter.end && !reported) {
              await this.scheduler.upsert(
                manager,
                ReminderKind.ActualsDue,
                REMINDER_KINDS[ReminderKind.ActualsDue].dedupeKey({ leadId: lead.id, period: quarter.key }),
                { leadId: lead.id, dueAt: new Date(), data: { period: quarter.key, reason: ` ${quarter.key} ` } },
              );
            }
          }
          const after = await manager.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM reminders WHERE ${SCAN_KINDS}`);
          return after[0].n - before[0].n;
        },
        { timeoutMs: null },
      );
    }
    this.logger.log({ msg: 'obligations scan', leads: leads.length, recorded });
    return recorded;
  }
}
