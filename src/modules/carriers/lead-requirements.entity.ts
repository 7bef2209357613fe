import { Check, Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericTransformer } from '../../database/numeric.transformer';
import { CarrierKind, LAND_USE_SQL_LIST, LandUse } from './carrier.model';
import {
  ENVIRONMENTAL_CATEGORIES,
  RESERVATION_END_REASONS,
  ReservationEndReason,
  EnvironmentalCategory,
  NUMERIC_REQUIREMENTS,
  NumericRequirementKey,
} from './lead-requirements.model';
import { sqlList } from '../../common/sql/sql-list';

const NON_NEGATIVE_SQL = [...NUMERIC_REQUIREMENTS.map((r) => r.column), 'budget'].map((c) => `(${c} IS NULL OR ${c} >= 0)`).join(' AND ');

// the numeric requirements' properties come from the model (declared below by the loop)
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface LeadRequirements extends Record<NumericRequirementKey, number | null> {}

/** 项目载体需求: what a lead needs (one row per lead, versioned), matched against the carriers (DESIGN §9). */
@Entity('lead_requirements')
@Check('chk_lead_requirements_land_use', `land_use IS NULL OR land_use IN (${LAND_USE_SQL_LIST})`)
@Check(
  'chk_lead_requirements_environmental_category',
  `environmental_category IS NULL OR environmental_category IN (${sqlList(ENVIRONMENTAL_CATEGORIES.map((c) => c.key))})`,
)
@Check('chk_lead_requirements_non_negative', NON_NEGATIVE_SQL)
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class LeadRequirements {
  @PrimaryColumn({ type: 'uuid' })
  leadId: string;

  /** 意向载体类型 as sent (empty: not said). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  kinds: CarrierKind[];

  /** The kinds the lead is matched against (requiredKinds: those named, else those whose size is given, else all), stored for the reverse match. */
  @Column({ type: 'text', array: true })
  matchKinds: CarrierKind[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  parkCodes: string[];

  @Column({ type: 'text', nullable: true })
  landUse: LandUse | null;

  @Column({ type: 'text', nullable: true })
  environmentalCategory: EnvironmentalCategory | null;

  /** 预算 (万元) */
  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: numericTransformer })
  budget: number | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

for (const requirement of NUMERIC_REQUIREMENTS)
  Column({ type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: numericTransformer, name: requirement.column })(
    LeadRequirements.prototype,
    requirement.key,
  );

/**
 * 载体预留: a carrier tied to one lead until a date. One open reservation per carrier (the partial unique index);
 * the carrier's own status and reserved_lead_id say the same, set by one conditional UPDATE (the race's referee).
 */
@Entity('carrier_reservations')
@Index('uq_carrier_reservations_open', ['carrierId'], { unique: true, where: 'ended_at IS NULL' })
@Index('idx_carrier_reservations_lead', ['leadId'])
@Check('chk_carrier_reservations_end_reason', `end_reason IS NULL OR end_reason IN (${sqlList(RESERVATION_END_REASONS)})`)
export class CarrierReservation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  carrierId: string;

  @Column({ type: 'uuid' })
  leadId: string;

  @Column({ type: 'uuid' })
  reservedBy: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  reservedAt: Date;

  /** 预留截止 */
  @Column({ type: 'timestamptz' })
  until: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  /** released (by hand), expired, lead_lost, taken (by the agreement at signing) */
  @Column({ type: 'text', nullable: true })
  endReason: ReservationEndReason | null;

  @Column({ type: 'uuid', nullable: true })
  endedBy: string | null;
}
