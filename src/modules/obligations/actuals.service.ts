import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { UnitOfWork } from '../../common/queue/unit-of-work';
import { Lead } from '../leads/lead.entity';
import { LeadsRepository } from '../leads/leads.repository';
import { LeadsService } from '../leads/leads.service';
import { ReportActualsDto } from './dto/actuals.dto';
import { ClauseReminders } from './clause-reminders';
import { ActualPageDto, ActualResponseDto } from './dto/obligation-response.dto';
import { ACTUAL_FIGURES, ActualFigure } from './obligation.model';
import { assertSignedLead, changedFields, fieldError } from './obligations.errors';
import { ObligationsReader } from './obligations.reader';
import { ObligationsRepository } from './obligations.repository';
import { isFuturePeriod, parsePeriod, Period } from './period';
import { ReportedActual } from './reported-actual.entity';

const FIELDS = [...ACTUAL_FIGURES.map((f) => f.key), 'asOf', 'note'] as const;
type ActualField = (typeof FIELDS)[number];

/** A report's values: the figures it gives (undefined: not given), the day they are as of, a note. */
export type ActualValues = Partial<Record<ActualFigure, number | null>> & { asOf: string; note?: string | null };

/** What a report did to its period: the first report, an update of the fields it changes, or nothing (the same figures). */
export interface RecordedActual {
  outcome: 'created' | 'updated' | 'unchanged';
  id: string;
  changes: ActualField[];
}

/**
 * The rules of a period (填报期), one place for the form and the import: a year or a quarter that has begun,
 * and an as-of day inside it, not after today (default the period's last day, or today while it runs).
 * Answers the period and the day, or the field at fault with why.
 */
export function checkReportPeriod(
  key: string,
  today: string,
  asOf?: string,
): { period: Period; asOf: string } | { field: 'period' | 'asOf'; message: string } {
  const period = parsePeriod(key);
  if (!period) return { field: 'period', message: 'period must be a year (2026) or a quarter (2026-Q3)' };
  if (isFuturePeriod(period, today)) return { field: 'period', message: `填报期 ${key} 尚未开始，不能填报 (a future period)` };
  const last = period.end < today ? period.end : today;
  const day = asOf ?? last;
  if (day < period.start || day > last) return { field: 'asOf', message: `截至日期应在 ${period.start} 至 ${last} 之间` };
  return { period, asOf: day };
}

/** The fields of a reported period that a report's values change (a value not given changes nothing). */
export function changedActualFields(existing: ReportedActual, values: ActualValues) {
  return changedFields<ReportedActual, ActualField>(existing, values, FIELDS);
}

/** 年度/季度填报: one row per project and period, created by the first report and updated, versioned, by later ones. */
@Injectable()
export class ActualsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly leads: LeadsService,
    private readonly events: LeadsRepository,
    private readonly repo: ObligationsRepository,
    private readonly reader: ObligationsReader,
    private readonly reminders: ClauseReminders,
  ) {}

  async list(user: AuthUser, leadId: string): Promise<ActualPageDto> {
    const lead = await this.leads.findVisible(user, leadId);
    const { actuals } = await this.repo.loadForLeads([lead.id]);
    return { items: actuals.map((row) => ActualResponseDto.from(row)), nextCursor: null };
  }

  /** Records a period's figures: `created` for a new period, else the update of the reported one (its version required). */
  async report(user: AuthUser, leadId: string, dto: ReportActualsDto): Promise<{ created: boolean; body: ActualResponseDto }> {
    const result = await this.unitOfWork.run(async (manager) => {
      const lead = await this.leads.findVisible(user, leadId, manager, true);
      const checked = checkReportPeriod(dto.period, this.reader.today(), dto.asOf);
      if ('field' in checked) throw fieldError(checked.field, checked.message);
      assertSignedLead(lead);
      const existing = await this.repo.findActual(leadId, checked.period.key, manager, true);
      if (!existing && dto.version !== undefined) throw AppError.staleVersion(dto.version, 0);
      if (existing && (dto.version === undefined || dto.version !== existing.version))
        throw AppError.staleVersion(dto.version ?? 0, existing.version);
      const { period: _period, version: _version, ...values } = dto;
      return this.record(manager, user, lead, checked.period, { ...values, asOf: checked.asOf }, existing);
    });
    const row = await this.repo.findActual(leadId, dto.period);
    if (!row || row.id !== result.id) throw AppError.notFound('Actuals', dto.period);
    return { created: result.outcome === 'created', body: ActualResponseDto.from(row) };
  }

  /**
   * Writes a period's report in the caller's transaction, for a lead the caller may see, has locked and checked as
   * signed: the first report of the period is inserted, a later one updates the fields it changes (version bumped,
   * the row locked by the caller as `existing`). Each write goes on the timeline and re-syncs the clause reminders.
   */
  async record(
    manager: EntityManager,
    user: AuthUser,
    lead: Lead,
    period: Period,
    values: ActualValues,
    existing: ReportedActual | null,
    event: Record<string, unknown> = {},
  ): Promise<RecordedActual> {
    const leadId = lead.id;
    if (!existing) {
      const figures = Object.fromEntries(ACTUAL_FIGURES.map((f) => [f.key, values[f.key] ?? null])) as Pick<ReportedActual, ActualFigure>;
      const saved = await this.repo.insertActual(
        {
          leadId,
          period: period.key,
          periodStart: period.start,
          periodEnd: period.end,
          asOf: values.asOf,
          ...figures,
          note: values.note ?? null,
          createdBy: user.id,
          updatedBy: user.id,
          version: 1,
        },
        manager,
      );
      await this.events.appendEvent(
        { leadId, kind: 'actuals_reported', actorId: user.id, data: { period: period.key, actualId: saved.id, figures, ...event } },
        manager,
      );
      await this.reminders.sync(manager, lead);
      return { outcome: 'created', id: saved.id, changes: [] };
    }
    const { changes, diff } = changedActualFields(existing, values);
    if (diff.length === 0) return { outcome: 'unchanged', id: existing.id, changes: [] };
    if (!(await this.repo.updateActualVersioned(existing.id, existing.version, { ...changes, updatedBy: user.id }, manager)))
      throw AppError.staleVersion(existing.version, existing.version + 1);
    await this.events.appendEvent(
      { leadId, kind: 'actuals_reported', actorId: user.id, data: { period: period.key, actualId: existing.id, changes: diff, ...event } },
      manager,
    );
    await this.reminders.sync(manager, lead);
    return { outcome: 'updated', id: existing.id, changes: diff.map((d) => d.field as ActualField) };
  }
}
