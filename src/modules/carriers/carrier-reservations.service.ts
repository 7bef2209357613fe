import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser, seesEverything } from '../../common/auth/auth-user';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { UnitOfWork } from '../../common/queue/unit-of-work';
import { zonedDate } from '../../common/time/zoned';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { CatalogService } from '../catalog/catalog.service';
import { LeadStatus } from '../leads/lead.enums';
import { LeadsRepository } from '../leads/leads.repository';
import { LeadsService } from '../leads/leads.service';
import { REMINDER_KINDS } from '../reminders/reminder-kinds';
import { ReminderKind } from '../reminders/reminder.entity';
import { ReminderScheduler } from '../reminders/reminder-scheduler';
import { ScansService } from '../reminders/scans.service';
import { UsersRepository } from '../users/users.repository';
import { CarrierMatchingRepository } from './carrier-matching.repository';
import { CarriersRepository } from './carriers.repository';
import { CarrierMatchingService } from './carrier-matching.service';
import { CARRIER_KINDS, CARRIER_STATUS_LABELS, RESERVED_STATUS } from './carrier.model';
import { CreateReservationDto, ReservationDto } from './dto/carrier-match.dto';
import { FREE_CARRIER_SQL, RESERVATION_END_LABELS, ReservationEndReason, TAKEN_STATUS } from './lead-requirements.model';

interface ReservationRow {
  id: string;
  carrier_id: string;
  lead_id: string;
  reserved_by: string;
  reserved_at: Date;
  until: Date;
  ended_at: Date | null;
  end_reason: ReservationEndReason | null;
}

/** `CASE kind WHEN 'land' THEN 'available' … END`: the status a carrier goes back to, or is taken as, by kind. */
const statusByKind = (status: (kind: (typeof CARRIER_KINDS)[number]) => string) =>
  `CASE kind ${CARRIER_KINDS.map((k) => `WHEN '${k.key}' THEN '${status(k)}'`).join(' ')} END`;
const FREE_BY_KIND = statusByKind((k) => k.free);
const TAKEN_BY_KIND = statusByKind((k) => TAKEN_STATUS[k.key]);
const BATCH = 200;

/**
 * 载体预留: one lead per carrier at a time, until a date. The carrier's conditional UPDATE (… WHERE it is free)
 * decides a race in one statement; the reservation row, the carrier's and the lead's events and the expiry
 * reminder are written in the same transaction. Released by hand, on lapse (the daily scan), when the lead is
 * lost (the transition calls onLeadLost) and taken by the agreement at signing (takeForAgreement).
 */
@Injectable()
export class CarrierReservationsService implements OnModuleInit {
  private readonly logger = new Logger(CarrierReservationsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly unitOfWork: UnitOfWork,
    private readonly leads: LeadsService,
    private readonly events: LeadsRepository,
    private readonly repo: CarrierMatchingRepository,
    private readonly carriers: CarriersRepository,
    private readonly matching: CarrierMatchingService,
    private readonly scheduler: ReminderScheduler,
    private readonly scans: ScansService,
    private readonly users: UsersRepository,
    private readonly catalog: CatalogService,
  ) {}

  onModuleInit(): void {
    this.scans.registerDailyScan('reservations', () => this.expireLapsed());
  }

  async reserve(user: AuthUser, carrierId: string, dto: CreateReservationDto): Promise<ReservationDto> {
    const until = new Date(dto.until);
    if (until.getTime() <= Date.now())
      throw AppError.validation('until must be in the future', [
        { field: 'until', errors: ['预留截止时间须晚于现在 (must be in the future)'] },
      ]);
    if (until.getTime() > Date.now() + this.config.reservations.maxMs)
      throw AppError.validation('until is too far ahead', [
        { field: 'until', errors: [`预留期限最长 ${Math.round(this.config.reservations.maxMs / 86_400_000)} 天 (RESERVATION_MAX)`] },
      ]);
    const id = await this.unitOfWork.run(async (manager) => {
      const lead = await this.leads.findVisible(user, dto.leadId, manager, true);
      if (lead.status === LeadStatus.Lost)
        throw new AppError(ErrorCode.UnprocessableEntity, '项目已终止，不能预留载体 (the lead is lost)', { status: lead.status });
      // the referee of concurrent reservations: one conditional UPDATE, only a free carrier becomes reserved
      // TypeORM answers an UPDATE … RETURNING with [rows, affected]
      const [taken] = await manager.query<[Array<{ id: string; kind: string; code: string; name: string }>, number]>(
        `UPDATE carriers c SET status = '${RESERVED_STATUS}', reserved_lead_id = $2, reserved_until = $3, status_changed_at = now(),
                status_changed_by = $4, vacant_since = NULL, version = version + 1, updated_at = now()
         WHERE c.id = $1 AND (${FREE_CARRIER_SQL})
         RETURNING c.id, c.kind, c.code, c.name`,
        [carrierId, lead.id, until, user.id],
      );
      const carrier = taken[0];
      if (!carrier) throw await this.refusal(carrierId, manager);
      const [reservation] = await manager.query<Array<{ id: string }>>(
        `INSERT INTO carrier_reservations (carrier_id, lead_id, reserved_by, until) VALUES ($1, $2, $3, $4) RETURNING id`,
        [carrierId, lead.id, user.id, until],
      );
      const free = CARRIER_KINDS.find((k) => k.key === carrier.kind)?.free ?? null;
      await this.carrierEvent(manager, carrierId, user.id, {
        from: free,
        to: RESERVED_STATUS,
        cause: 'reserved',
        leadId: lead.id,
        reservationId: reservation.id,
        until: until.toISOString(),
      });
      await this.events.appendEvent(
        {
          leadId: lead.id,
          kind: 'carrier_reserved',
          actorId: user.id,
          data: { carrierId, code: carrier.code, name: carrier.name, reservationId: reservation.id, until: until.toISOString() },
        },
        manager,
      );
      const remindAt = Math.max(Date.now(), until.getTime() - this.config.reservations.reminderBeforeMs);
      await this.scheduler.upsert(
        manager,
        ReminderKind.ReservationExpiring,
        REMINDER_KINDS[ReminderKind.ReservationExpiring].dedupeKey({ reservationId: reservation.id, until }),
        {
          leadId: lead.id,
          dueAt: new Date(remindAt),
          data: { reservationId: reservation.id, carrierId, anchor: until.toISOString(), reason: `「${carrier.code} ${carrier.name}」` },
        },
      );
      return reservation.id;
    });
    return this.response(id);
  }

  /** 解除预留: by whoever reserved it, or a leader or admin (403 for others who see the lead). */
  async release(user: AuthUser, carrierId: string, reservationId: string): Promise<void> {
    await this.unitOfWork.run(async (manager) => {
      const [reservation] = await manager.query<ReservationRow[]>(
        `SELECT * FROM carrier_reservations WHERE id = $1 AND carrier_id = $2 FOR UPDATE`,
        [reservationId, carrierId],
      );
      if (!reservation) throw AppError.notFound('Reservation', reservationId);
      await this.leads.findVisible(user, reservation.lead_id, manager);
      if (reservation.reserved_by !== user.id && !seesEverything(user))
        throw AppError.forbidden('只有预留人或领导可以解除预留 (only the reserver, a leader or an admin may release it)');
      if (reservation.ended_at)
        throw new AppError(ErrorCode.Conflict, `预留已结束（${RESERVATION_END_LABELS[reservation.end_reason ?? 'released']}）`, {
          status: reservation.end_reason ?? 'released',
        });
      await this.end(manager, reservation, 'released', user.id);
    });
  }

  /** The lead was lost: its carriers go back to free, in the transition's transaction. */
  async onLeadLost(manager: EntityManager, leadId: string, actorId: string | null): Promise<void> {
    for (const reservation of await this.openFor(manager, leadId)) await this.end(manager, reservation, 'lead_lost', actorId);
  }

  /**
   * The agreement recorded at signing takes the lead's reserved carriers (land transferred, floor space leased), in
   * the agreement's transaction; answers the first one, which the agreement references.
   */
  async takeForAgreement(manager: EntityManager, leadId: string, actorId: string): Promise<{ id: string; code: string } | null> {
    let first: { id: string; code: string } | null = null;
    for (const reservation of await this.openFor(manager, leadId)) {
      const carrier = await this.end(manager, reservation, 'taken', actorId);
      if (carrier && !first) first = carrier;
    }
    return first;
  }

  /** The daily scan: every reservation past its date is released (expired); running it again changes nothing. */
  async expireLapsed(): Promise<number> {
    let expired = 0;
    for (;;) {
      const done = await this.unitOfWork.run(
        async (manager) => {
          const lapsed = await manager.query<ReservationRow[]>(
            `SELECT * FROM carrier_reservations WHERE ended_at IS NULL AND until <= now() ORDER BY until LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
          );
          for (const reservation of lapsed) if (await this.end(manager, reservation, 'expired', null)) expired += 1;
          return lapsed.length < BATCH;
        },
        { timeoutMs: null },
      );
      if (done) break;
    }
    if (expired) this.logger.log({ msg: 'reservations expired', expired });
    return expired;
  }

  private openFor(manager: EntityManager, leadId: string): Promise<ReservationRow[]> {
    return manager.query<ReservationRow[]>(
      `SELECT * FROM carrier_reservations WHERE lead_id = $1 AND ended_at IS NULL ORDER BY reserved_at FOR UPDATE`,
      [leadId],
    );
  }

  /** Ends a reservation once (a second call finds it ended and does nothing): the carrier freed or taken, both histories written, its reminder cancelled. */
  private async end(
    manager: EntityManager,
    reservation: ReservationRow,
    reason: ReservationEndReason,
    actorId: string | null,
  ): Promise<{ id: string; code: string } | null> {
    const [ended] = await manager.query<[Array<{ id: string }>, number]>(
      `UPDATE carrier_reservations SET ended_at = now(), end_reason = $2, ended_by = $3 WHERE id = $1 AND ended_at IS NULL RETURNING id`,
      [reservation.id, reason, actorId],
    );
    if (ended.length === 0) return null;
    const [rows] = await manager.query<[Array<{ id: string; code: string; name: string; status: string }>, number]>(
      `UPDATE carriers SET status = ${reason === 'taken' ? TAKEN_BY_KIND : FREE_BY_KIND}, reserved_lead_id = NULL, reserved_until = NULL,
              status_changed_at = now(), status_changed_by = $3, vacant_since = $4::date, version = version + 1, updated_at = now()
       WHERE id = $1 AND status = '${RESERVED_STATUS}' AND reserved_lead_id = $2
       RETURNING id, code, name, status`,
      // free again: vacant from today (the carriers' rule, carrier.rules.ts vacantSinceAfter); taken: not vacant
      [reservation.carrier_id, reservation.lead_id, actorId, reason === 'taken' ? null : zonedDate(new Date(), this.config.timezone)],
    );
    const carrier = rows[0];
    if (carrier)
      await this.carrierEvent(manager, carrier.id, actorId, {
        from: RESERVED_STATUS,
        to: carrier.status,
        cause: reason,
        leadId: reservation.lead_id,
        reservationId: reservation.id,
      });
    await this.events.appendEvent(
      {
        leadId: reservation.lead_id,
        kind: reason === 'taken' ? 'carrier_taken' : 'carrier_released',
        actorId,
        data: {
          carrierId: reservation.carrier_id,
          code: carrier?.code ?? null,
          name: carrier?.name ?? null,
          reservationId: reservation.id,
          reason,
          reasonLabel: RESERVATION_END_LABELS[reason],
          ...(carrier
            ? { status: carrier.status, statusLabel: CARRIER_STATUS_LABELS[carrier.status as keyof typeof CARRIER_STATUS_LABELS] }
            : {}),
        },
      },
      manager,
    );
    await manager.query(
      `UPDATE reminders SET status = 'cancelled', processed_at = now() WHERE kind = $1 AND data->>'reservationId' = $2 AND status = 'pending'`,
      [ReminderKind.ReservationExpiring, reservation.id],
    );
    return carrier ? { id: carrier.id, code: carrier.code } : null;
  }

  private carrierEvent(manager: EntityManager, carrierId: string, actorId: string | null, data: Record<string, unknown>): Promise<void> {
    return this.carriers.appendEvent({ carrierId, kind: 'status_changed', actorId, data }, manager);
  }

  /** Why a carrier could not be reserved: 404 when there is none, 409 when another lead holds it, 422 when it is let or sold. */
  private async refusal(carrierId: string, manager: EntityManager): Promise<AppError> {
    const carrier = await this.repo.findCarrier(carrierId, manager);
    if (!carrier) return AppError.notFound('Carrier', carrierId);
    const label = CARRIER_STATUS_LABELS[carrier.status];
    if (carrier.status === RESERVED_STATUS)
      return new AppError(ErrorCode.Conflict, `载体 ${carrier.code} 已预留给其他项目 (the carrier is reserved already)`, {
        status: carrier.status,
      });
    return new AppError(ErrorCode.UnprocessableEntity, `载体 ${carrier.code} ${label}，不能预留 (the carrier is ${carrier.status})`, {
      status: carrier.status,
    });
  }

  private async response(reservationId: string): Promise<ReservationDto> {
    const [row] = await this.dataSource.query<ReservationRow[]>(`SELECT * FROM carrier_reservations WHERE id = $1`, [reservationId]);
    const [carrier, reserver, parkNames] = await Promise.all([
      this.repo.findCarrier(row.carrier_id),
      this.users.findById(row.reserved_by),
      this.catalog.zoneNames(),
    ]);
    if (!carrier) throw AppError.notFound('Carrier', row.carrier_id);
    return {
      id: row.id,
      carrierId: row.carrier_id,
      leadId: row.lead_id,
      reservedBy: reserver ? { id: reserver.id, displayName: reserver.displayName } : null,
      reservedAt: row.reserved_at,
      until: row.until,
      endedAt: row.ended_at,
      endReason: row.end_reason,
      carrier: this.matching.summary(carrier, parkNames),
    };
  }
}
