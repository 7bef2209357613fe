import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { DEFAULT_PAGE_SIZE, encodeCursor } from '../../common/pagination/cursor';
import { UnitOfWork } from '../../common/queue/unit-of-work';
import { zonedDate } from '../../common/time/zoned';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { CatalogService } from '../catalog/catalog.service';
import { UsersRepository } from '../users/users.repository';
import { Carrier } from './carrier.entity';
import {
  CARRIER_ATTRIBUTES,
  CARRIER_KIND_LABELS,
  CARRIER_STATUS_LABELS,
  CarrierAttributeValues,
  CarrierKind,
  CarrierStatus,
  carrierKind,
  LAND_USE_LABELS,
  RESERVED_STATUS,
} from './carrier.model';
import { carrierKindProblems, daysBetween, isFree, vacantSinceAfter } from './carrier.rules';
import { CarriersRepository } from './carriers.repository';
import { CarrierQueryBuilder } from './carrier-query.builder';
import { CarrierAnswer, CarrierDetailDto, CarrierPageDto, CarrierResponseDto } from './dto/carrier-response.dto';
import { CreateCarrierDto, UpdateCarrierDto } from './dto/carrier-write.dto';
import { ListCarriersQuery } from './dto/list-carriers.query';
import { CarrierOutline } from './geojson.validator';
import { isUniqueViolation } from '../../common/sql/pg-errors';

/** The fields a write may change besides the attributes; `kind` is fixed at creation. */
const IDENTITY = ['code', 'name', 'parkCode', 'status', 'outline'] as const;
const REQUIRED = ['code', 'name', 'parkCode', 'status'] as const;
const HISTORY_LENGTH = 50;

/** A carrier's values as a write gives them: identity, status, outline and any attributes. */
export type CarrierValues = Partial<CarrierAttributeValues> & {
  code?: string | null;
  name?: string | null;
  kind?: CarrierKind;
  parkCode?: string | null;
  status?: CarrierStatus | null;
  outline?: CarrierOutline | null;
};

/** 载体资源 (DESIGN §9): list, read, create and edit carriers; the rules of a write in one place (the import writes through it too). */
@Injectable()
export class CarriersService {
  constructor(
    private readonly carriers: CarriersRepository,
    private readonly queries: CarrierQueryBuilder,
    private readonly catalog: CatalogService,
    private readonly users: UsersRepository,
    private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(query: ListCarriersQuery): Promise<CarrierPageDto> {
    const { where, params } = await this.queries.where(query);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const keyset = this.queries.keyset(query.sort ?? 'code', query.cursor, params);
    if (keyset.condition) where.push(keyset.condition);
    const rows = await this.carriers.list({ where, params, orderBy: keyset.orderBy, limit: limit + 1 }, keyset.sortExpression);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const parks = await this.catalog.zoneNames();
    return {
      items: page.map(({ carrier }) => this.toResponse(carrier, parks)),
      nextCursor: rows.length > limit && last ? encodeCursor([last.sortKey, last.carrier.id]) : null,
    };
  }

  async get(id: string): Promise<CarrierDetailDto> {
    const carrier = await this.carriers.findById(id);
    if (!carrier) throw AppError.notFound('Carrier', id);
    const history = await this.carriers.history(id, HISTORY_LENGTH);
    const actorIds = [...new Set([carrier.statusChangedBy, ...history.map((e) => e.actorId)].filter((v): v is string => v !== null))];
    const people = new Map((await this.users.findByIds(actorIds)).map((u) => [u.id, { id: u.id, displayName: u.displayName }]));
    const actor = (userId: string | null) => (userId ? (people.get(userId) ?? null) : null);
    return {
      ...this.toResponse(carrier, await this.catalog.zoneNames()),
      statusChangedBy: actor(carrier.statusChangedBy),
      history: history.map((event) => ({
        kind: event.kind,
        at: event.at,
        actor: actor(event.actorId),
        ...(typeof event.data.from === 'string' ? { from: event.data.from } : {}),
        ...(typeof event.data.to === 'string' ? { to: event.data.to } : {}),
        ...(Array.isArray(event.data.fields) ? { fields: event.data.fields as string[] } : {}),
      })),
    };
  }

  async create(user: AuthUser, dto: CreateCarrierDto): Promise<CarrierDetailDto> {
    const id = await this.withCodeGuard(dto.code, (manager) => this.insert(user, dto as CarrierValues & { kind: CarrierKind }, manager));
    return this.get(id);
  }

  async update(user: AuthUser, id: string, dto: UpdateCarrierDto): Promise<CarrierDetailDto> {
    const { version, ...values } = dto;
    await this.withCodeGuard(dto.code ?? null, async (manager) => {
      const carrier = await this.carriers.findById(id, manager, true);
      if (!carrier) throw AppError.notFound('Carrier', id);
      if (carrier.version !== version) throw AppError.staleVersion(version, carrier.version);
      await this.change(user, carrier, values, manager);
    });
    return this.get(id);
  }

  /**
   * Checks and inserts a new carrier with its `created` (or `imported`) event: the park must be a park, the
   * status and attributes the kind's; status defaults to the kind's free one, vacantSince to today while free.
   */
  async insert(user: AuthUser, values: CarrierValues & { kind: CarrierKind }, manager: EntityManager, event = 'created'): Promise<string> {
    const status = values.status ?? carrierKind(values.kind).free;
    await this.assertValues(values.kind, { ...values, status }, null);
    if (values.code && (await this.carriers.findByCode(values.code, manager))) throw codeTaken(values.code);
    const today = zonedDate(new Date(), this.config.timezone);
    const attributes = Object.fromEntries(CARRIER_ATTRIBUTES.map((a) => [a.key, (values as Record<string, unknown>)[a.key] ?? null]));
    const id = await this.carriers.insert(
      {
        ...attributes,
        code: values.code ?? undefined,
        name: values.name ?? undefined,
        kind: values.kind,
        parkCode: values.parkCode ?? undefined,
        status,
        outline: values.outline ?? null,
        vacantSince: vacantSinceAfter(values.kind, null, { status, vacantSince: values.vacantSince }, today),
        statusChangedBy: user.id,
        createdBy: user.id,
        version: 1,
      },
      manager,
    );
    await this.carriers.appendEvent({ carrierId: id, kind: event, actorId: user.id, data: { status } }, manager);
    return id;
  }

  /** Checks and writes the values that differ from the stored carrier (version bumped); a status change is recorded with who and when. */
  async change(user: AuthUser, carrier: Carrier, values: CarrierValues, manager: EntityManager): Promise<boolean> {
    const cleared = REQUIRED.filter((key) => values[key] === null);
    if (cleared.length)
      throw AppError.validation(
        'Required fields cannot be cleared',
        cleared.map((field) => ({ field, errors: [`${field} is required`] })),
      );
    await this.assertValues(carrier.kind, values, carrier.status);
    if (values.code && values.code !== carrier.code && (await this.carriers.findByCode(values.code, manager))) throw codeTaken(values.code);
    const stored = carrier as unknown as Record<string, unknown>;
    const changes: Record<string, unknown> = {};
    for (const key of [...IDENTITY, ...CARRIER_ATTRIBUTES.map((a) => a.key)]) {
      const value = (values as Record<string, unknown>)[key];
      if (value !== undefined && JSON.stringify(value) !== JSON.stringify(stored[key] ?? null)) changes[key] = value;
    }
    const status = values.status ?? carrier.status;
    const vacantSince = vacantSinceAfter(
      carrier.kind,
      carrier,
      { status, vacantSince: values.vacantSince },
      zonedDate(new Date(), this.config.timezone),
    );
    if (vacantSince !== carrier.vacantSince) changes.vacantSince = vacantSince;
    else delete changes.vacantSince;
    if (Object.keys(changes).length === 0) return false;
    const statusChanged = 'status' in changes;
    if (statusChanged) Object.assign(changes, { statusChangedAt: new Date(), statusChangedBy: user.id });
    if (!(await this.carriers.updateVersioned(carrier.id, carrier.version, changes, manager)))
      throw AppError.staleVersion(carrier.version, carrier.version + 1);
    const fields = Object.keys(changes).filter((key) => key !== 'status' && key !== 'statusChangedAt' && key !== 'statusChangedBy');
    if (fields.length)
      await this.carriers.appendEvent({ carrierId: carrier.id, kind: 'field_changed', actorId: user.id, data: { fields } }, manager);
    if (statusChanged)
      await this.carriers.appendEvent(
        { carrierId: carrier.id, kind: 'status_changed', actorId: user.id, data: { from: carrier.status, to: status } },
        manager,
      );
    return true;
  }

  /** 400 for a park code that is not a park and for values not of the kind; 422 for a reservation made or undone by hand. */
  private async assertValues(kind: CarrierKind, values: CarrierValues, currentStatus: CarrierStatus | null): Promise<void> {
    const problems = carrierKindProblems(kind, values);
    if (values.parkCode && (await this.catalog.zoneKind(values.parkCode)) !== 'park')
      problems.unshift({ field: 'parkCode', errors: [`${values.parkCode} is not a park of GET /zones`] });
    if (problems.length) throw AppError.validation(`Invalid carrier: ${problems.map((p) => p.field).join(', ')}`, problems);
    const status = values.status ?? currentStatus;
    if (status !== currentStatus && (status === RESERVED_STATUS || currentStatus === RESERVED_STATUS))
      throw new AppError(
        ErrorCode.UnprocessableEntity,
        `「${CARRIER_STATUS_LABELS[RESERVED_STATUS]}」只能通过预留办理 (a reservation is made and released through reservations, not by editing)`,
        { status: currentStatus ?? status ?? RESERVED_STATUS },
      );
  }

  /** Runs the write in a transaction; a code another carrier holds is a 409 naming the field. */
  private async withCodeGuard<T>(code: string | null, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.unitOfWork.run(work);
    } catch (error) {
      if (isUniqueViolation(error, 'uq_carriers_code') && code) throw codeTaken(code);
      throw error;
    }
  }

  toResponse(carrier: Carrier, parks: Map<string, string>): CarrierAnswer {
    const today = zonedDate(new Date(), this.config.timezone);
    const attributes = Object.fromEntries(CARRIER_ATTRIBUTES.map((a) => [a.key, carrier[a.key] ?? null])) as CarrierAttributeValues;
    return Object.assign(new CarrierResponseDto(), attributes, {
      id: carrier.id,
      code: carrier.code,
      name: carrier.name,
      kind: carrier.kind,
      kindLabel: CARRIER_KIND_LABELS[carrier.kind],
      parkCode: carrier.parkCode,
      parkName: parks.get(carrier.parkCode) ?? carrier.parkCode,
      status: carrier.status,
      statusLabel: CARRIER_STATUS_LABELS[carrier.status],
      landUseLabel: carrier.landUse ? LAND_USE_LABELS[carrier.landUse] : null,
      idleDays: isFree(carrier.kind, carrier.status) && carrier.vacantSince ? daysBetween(carrier.vacantSince, today) : null,
      outline: carrier.outline,
      reservedLeadId: carrier.reservedLeadId,
      reservedUntil: carrier.reservedUntil,
      statusChangedAt: carrier.statusChangedAt,
      version: carrier.version,
      createdAt: carrier.createdAt,
      updatedAt: carrier.updatedAt,
    });
  }
}

function codeTaken(code: string): AppError {
  return new AppError(ErrorCode.Conflict, `载体编号 ${code} 已存在 (carrier code already used)`, { field: 'code' });
}
