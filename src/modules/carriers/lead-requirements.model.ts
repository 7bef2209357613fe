import { declaredEnum } from '../../common/model/declared-enum';
import { Role } from '../users/role.enum';
import { CARRIER_ATTRIBUTES, CARRIER_KINDS, CarrierKind, CarrierStatus, LAND_USE_LABELS } from './carrier.model';

/**
 * 项目用地/用房需求 (DESIGN §9) declared once: what a lead needs, each requirement tied to the carrier attribute
 * it is measured against (label and unit come from carrier.model.ts). The table, the DTO (validation and
 * OpenAPI), the SQL hard limits, the scorer's reasons and the console's form derive from this list.
 */

/** 环保类别: what the project discharges; a carrier must allow it (factories and buildings) or have a sewer (land, wastewater). */
export const ENVIRONMENTAL_CATEGORIES = [
  { key: 'clean', label: '无废水废气排放', wastewater: false, exhaust: false },
  { key: 'wastewater', label: '有废水排放', wastewater: true, exhaust: false },
  { key: 'exhaust', label: '有废气排放', wastewater: false, exhaust: true },
  { key: 'both', label: '有废水和废气排放', wastewater: true, exhaust: true },
] as const;
export type EnvironmentalCategory = (typeof ENVIRONMENTAL_CATEGORIES)[number]['key'];
export const EnvironmentalCategory = declaredEnum(ENVIRONMENTAL_CATEGORIES.map((c) => c.key));

export function environmentalCategory(key: EnvironmentalCategory): (typeof ENVIRONMENTAL_CATEGORIES)[number] {
  const found = ENVIRONMENTAL_CATEGORIES.find((c) => c.key === key);
  if (!found) throw new Error(`Unknown environmental category "${key}"`);
  return found;
}

type Attribute = (typeof CARRIER_ATTRIBUTES)[number];
const attribute = <K extends Attribute['key']>(key: K): Extract<Attribute, { key: K }> => {
  const found = CARRIER_ATTRIBUTES.find((a): a is Extract<Attribute, { key: K }> => a.key === key);
  if (!found) throw new Error(`carrier attribute ${key} is not declared`);
  return found;
};

/**
 * The numeric requirements: a minimum (`min`) or one bound of a range (`rangeMin`, `rangeMax`) over a carrier
 * attribute. `short` is the word the reasons use (面积, 荷载 …).
 */
export const NUMERIC_REQUIREMENTS = [
  { key: 'landAreaMuMin', column: 'land_area_mu_min', bound: 'rangeMin', attribute: attribute('areaMu'), short: '面积' },
  { key: 'landAreaMuMax', column: 'land_area_mu_max', bound: 'rangeMax', attribute: attribute('areaMu'), short: '面积' },
  { key: 'floorAreaMin', column: 'floor_area_min', bound: 'rangeMin', attribute: attribute('floorArea'), short: '面积' },
  { key: 'floorAreaMax', column: 'floor_area_max', bound: 'rangeMax', attribute: attribute('floorArea'), short: '面积' },
  { key: 'floorLoadMin', column: 'floor_load_min', bound: 'min', attribute: attribute('floorLoad'), short: '荷载' },
  { key: 'clearHeightMin', column: 'clear_height_min', bound: 'min', attribute: attribute('clearHeight'), short: '净高' },
  { key: 'powerKvaMin', column: 'power_kva_min', bound: 'min', attribute: attribute('powerKva'), short: '供电' },
] as const;
export type NumericRequirementKey = (typeof NUMERIC_REQUIREMENTS)[number]['key'];

/** Every requirement's label, for the console and the timeline (GET /meta/carriers could carry them too). */
export const REQUIREMENT_LABELS: Record<string, string> = {
  kinds: '意向载体类型',
  parkCodes: '意向园区',
  landAreaMuMin: '用地面积下限 (亩)',
  landAreaMuMax: '用地面积上限 (亩)',
  landUse: '用地性质',
  floorAreaMin: '建筑面积下限 (m²)',
  floorAreaMax: '建筑面积上限 (m²)',
  floorLoadMin: '楼面荷载不低于 (kN/m²)',
  clearHeightMin: '净高不低于 (m)',
  powerKvaMin: '供电容量不低于 (kVA)',
  environmentalCategory: '环保类别',
  budget: '预算 (万元)',
  note: '需求说明',
};

/** A lead's requirements as the scorer and the API hold them (null: no requirement). */
export interface LeadRequirementValues {
  kinds: CarrierKind[];
  parkCodes: string[];
  landAreaMuMin: number | null;
  landAreaMuMax: number | null;
  landUse: keyof typeof LAND_USE_LABELS | null;
  floorAreaMin: number | null;
  floorAreaMax: number | null;
  floorLoadMin: number | null;
  clearHeightMin: number | null;
  powerKvaMin: number | null;
  environmentalCategory: EnvironmentalCategory | null;
  /** 预算 (万元): compared with the carrier's price. */
  budget: number | null;
  note: string | null;
}

/** The kinds a requirement set asks for: those named, else those whose size range is given, else every kind. */
export function requiredKinds(req: Pick<LeadRequirementValues, 'kinds' | NumericRequirementKey>): CarrierKind[] {
  if (req.kinds.length) return [...req.kinds];
  const sized = CARRIER_KINDS.filter((kind) =>
    NUMERIC_REQUIREMENTS.some((r) => r.attribute.key === kind.areaField && r.bound !== 'min' && req[r.key] !== null),
  ).map((k) => k.key);
  return sized.length ? sized : CARRIER_KINDS.map((k) => k.key);
}

/** The status in which a carrier of each kind is free to reserve. */
export const FREE_STATUS: Record<CarrierKind, CarrierStatus> = Object.fromEntries(CARRIER_KINDS.map((k) => [k.key, k.free])) as Record<
  CarrierKind,
  CarrierStatus
>;

/** What an agreement at signing turns a reserved carrier into: land is transferred (出让), floor space leased (出租). */
export const TAKEN_STATUS: Record<CarrierKind, CarrierStatus> = { land: 'transferred', factory: 'leased', building: 'leased' };

/** `(kind = 'land' AND status = 'available') OR …`: a free carrier, over alias `c`. */
export const FREE_CARRIER_SQL = CARRIER_KINDS.map((k) => `(c.kind = '${k.key}' AND c.status = '${k.free}')`).join(' OR ');

/** How a reservation ends: released by hand, lapsed (expired), its lead lost, or taken by the agreement at signing. */
export const RESERVATION_END_REASONS = ['released', 'expired', 'lead_lost', 'taken'] as const;
export type ReservationEndReason = (typeof RESERVATION_END_REASONS)[number];
export const RESERVATION_END_LABELS: Record<ReservationEndReason, string> = {
  released: '解除预留',
  expired: '预留到期',
  lead_lost: '项目终止',
  taken: '签约落地',
};

/** Who may reserve a carrier for a lead (and release their own): those who work leads. A carrier manager keeps carriers but does not tie them to projects. */
export const RESERVERS: readonly Role[] = [Role.Promoter, Role.Commissioner, Role.Leader, Role.Admin];
