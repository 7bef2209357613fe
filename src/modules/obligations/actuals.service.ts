import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { UnitOfWork } from '../../common/queue/unit-of-work';
import { LeadsRepository } from '../leads/leads.repository';
import { LeadsService } from '../leads/leads.service';
import { ReportActualsDto } from './dto/actuals.dto';
import { ClauseReminders } from './clause-reminders';
import { ActualPageDto, ActualResponseDto } from './dto/obligation-response.dto';
import { ACTUAL_FIGURES } from './obligation.model';
import { assertSignedLead, changedFields, fieldError } from './obligations.errors';
import { ObligationsReader } from './obligations.reader';
import { ObligationsRepository } from './obligations.repository';
import { isFuturePeriod, parsePeriod } from './period';
import { ReportedActual } from './reported-actual.entity';

const FIELDS = [...ACTUAL_FIGURES.map((f) => f.key), 'asOf', 'note'] as const;

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
      const period = parsePeriod(dto.period);
      if (!period) throw fieldError('period', 'period must be a year (2026) or a quarter (2026-Q3)');
      const today = this.reader.today();
      if (isFuturePeriod(period, today)) throw fieldError('period', `填报期 ${dto.period} 尚未开始，不能填报 (a future period)`);
      const asOf = dto.asOf ?? (period.end < today ? period.end : today);
      if (asOf < period.start || asOf > period.end || asOf > today)
        throw fieldError('asOf', `截至日期应在 ${period.start} 至 ${period.end < today ? period.end : today} 之间`);
      assertSignedLead(lead);
      const existing = await this.repo.findActual(leadId, period.key, manager, true);
      const sent: Partial<Record<(typeof FIELDS)[number], unknown>> = { ...dto, asOf };
      if (!existing) {
        if (dto.version !== undefined) throw AppError.staleVersion(dto.version, 0);
        const figures = Object.fromEntries(ACTUAL_FIGURES.map((f) => [f.key, dto[f.key] ?? null])) as Pick<
          ReportedActual,
          (typeof ACTUAL_FIGURES)[number]['key']
        >;
        const saved = await this.repo.insertActual(
          {
            leadId,
            period: period.key,
            periodStart: period.start,
            periodEnd: period.end,
            asOf,
            ...figures,
            note: dto.note ?? null,
            createdBy: user.id,
            updatedBy: user.id,
            version: 1,
          },
          manager,
        );
        await this.events.appendEvent(
          { leadId, kind: 'actuals_reported', actorId: user.id, data: { period: period.key, actualId: saved.id, figures } },
          manager,
        );
        await this.reminders.sync(manager, lead);
        return { created: true, id: saved.id };
      }
      if (dto.version === undefined || dto.version !== existing.version) throw AppError.staleVersion(dto.version ?? 0, existing.version);
      const { changes, diff } = changedFields<ReportedActual, (typeof FIELDS)[number]>(existing, sent, FIELDS);
      if (diff.length > 0) {
        if (!(await this.repo.updateActualVersioned(existing.id, dto.version, { ...changes, updatedBy: user.id }, manager)))
          throw AppError.staleVersion(dto.version, existing.version + 1);
        await this.events.appendEvent(
          { leadId, kind: 'actuals_reported', actorId: user.id, data: { period: period.key, actualId: existing.id, changes: diff } },
          manager,
        );
        await this.reminders.sync(manager, lead);
      }
      return { created: false, id: existing.id };
    });
    const row = await this.repo.findActual(leadId, dto.period);
    if (!row || row.id !== result.id) throw AppError.notFound('Actuals', dto.period);
    return { created: result.created, body: ActualResponseDto.from(row) };
  }
}
