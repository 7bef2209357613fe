import { Check, Column, ColumnOptions, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericTransformer } from '../../database/numeric.transformer';
import {
  CARRIER_ATTRIBUTES,
  CARRIER_KIND_SQL_LIST,
  CARRIER_STATUS_BY_KIND_SQL,
  CARRIER_STATUS_SQL_LIST,
  CarrierAttribute,
  CarrierAttributeValues,
  CarrierKind,
  CarrierStatus,
  LAND_USE_SQL_LIST,
} from './carrier.model';
import type { CarrierOutline } from './geojson.validator';

/** The column of an attribute by its type (carrier.model.ts). */
export function carrierColumnOptions(attribute: CarrierAttribute): ColumnOptions {
  switch (attribute.type) {
    case 'decimal':
      return { type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: numericTransformer };
    case 'boolean':
      return { type: 'boolean', nullable: true };
    case 'date':
      return { type: 'date', nullable: true };
    default:
      return { type: 'text', nullable: true };
  }
}

/** Every attribute ≥ 0: a negative area or load is refused by the API (400) and, failing that, by the database. */
const NON_NEGATIVE_SQL = CARRIER_ATTRIBUTES.filter((a) => a.type === 'decimal')
  .map((a) => `(${a.column} IS NULL OR ${a.column} >= 0)`)
  .join(' AND ');

// the attributes' properties come from the model (declared below by the loop), typed by CarrierAttributeValues
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface Carrier extends CarrierAttributeValues {}

/** 载体: a land parcel, a standard factory or a building unit in a park (DESIGN §9). Not team-scoped. */
@Entity('carriers')
@Check('chk_carriers_kind', `kind IN (${CARRIER_KIND_SQL_LIST})`)
@Check('chk_carriers_status', `status IN (${CARRIER_STATUS_SQL_LIST})`)
@Check('chk_carriers_status_of_kind', CARRIER_STATUS_BY_KIND_SQL)
@Check('chk_carriers_land_use', `land_use IS NULL OR land_use IN (${LAND_USE_SQL_LIST})`)
@Check('chk_carriers_non_negative', NON_NEGATIVE_SQL)
@Index('uq_carriers_code', ['code'], { unique: true })
@Index('idx_carriers_park_kind', ['parkCode', 'kind', 'status'])
@Index('idx_carriers_created', ['createdAt', 'id'])
// the matching's partial indexes, hand-written in 1796700000001-CarrierMatching (the two free_* covering since 1796700000002)
@Index('idx_carriers_free_land_area', { synchronize: false })
@Index('idx_carriers_free_space_area', { synchronize: false })
@Index('idx_carriers_reserved_until', { synchronize: false })
@Index('idx_carriers_reserved_lead', { synchronize: false })
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Carrier {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 载体编号: the parcel number (地块编号) or building-unit code, unique. */
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: CarrierKind;

  /** A park of the zone tree (kind `park`). */
  @Column({ type: 'text' })
  parkCode: string;

  @Column({ type: 'text' })
  status: CarrierStatus;

  /** 轮廓: a GeoJSON Polygon or MultiPolygon in lon/lat (WGS 84), checked by geojson.validator.ts. */
  @Column({ type: 'jsonb', nullable: true })
  outline: CarrierOutline | null;

  /** Set by reservations (the lead the carrier is reserved for while status is `reserved`); null otherwise. */
  @Column({ type: 'uuid', nullable: true })
  reservedLeadId: string | null;

  /** Set by reservations: when the reservation lapses. */
  @Column({ type: 'timestamptz', nullable: true })
  reservedUntil: Date | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  statusChangedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  statusChangedBy: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

for (const attribute of CARRIER_ATTRIBUTES)
  Column({ ...carrierColumnOptions(attribute), name: attribute.column })(Carrier.prototype, attribute.key);

/** A carrier's history (append-only): created, fields changed, status changed — who and when. */
@Entity('carrier_events')
@Index('idx_carrier_events_carrier_at', ['carrierId', 'at'])
export class CarrierEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  carrierId: string;

  /** created, field_changed, status_changed */
  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;
}

/** 园区轮廓: the outline of a park of the zone tree, for the plan (GET /carriers/plan). */
@Entity('zone_outlines')
export class ZoneOutline {
  @Column({ type: 'text', primary: true })
  zoneCode: string;

  @Column({ type: 'jsonb' })
  outline: CarrierOutline;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
