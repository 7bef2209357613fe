import { CARRIER_KIND_LABELS, CARRIER_STATUS_LABELS, CarrierKind, CarrierStatus, LAND_USE_LABELS, LandUse } from './carrier.model';
import { environmentalCategory, FREE_STATUS, LeadRequirementValues, NUMERIC_REQUIREMENTS, requiredKinds } from './lead-requirements.model';

/** The carrier as the scorer reads it. */
export interface MatchCarrier {
  kind: CarrierKind;
  status: CarrierStatus;
  parkCode: string;
  areaMu: number | null;
  floorArea: number | null;
  landUse: LandUse | null;
  floorLoad: number | null;
  clearHeight: number | null;
  powerKva: number | null;
  sewage: boolean | null;
  wastewaterAllowed: boolean | null;
  exhaustAllowed: boolean | null;
  price: number | null;
}

export interface MatchResult {
  /** Every hard limit holds: the carrier may be offered to the lead. */
  fits: boolean;
  /** 0–100: the share of the applicable criteria's points earned. */
  score: number;
  /** What holds and what does not, in words, hard limits first ("面积 28 亩 满足 20–30 亩"). */
  reasons: string[];
  /** The hard limits that fail, in words (empty when it fits). */
  unmet: string[];
}

export interface ScoreOptions {
  /** The carrier must be free (the lead's matches); a carrier's own lead-matches show leads for it whatever its status. */
  requireFree: boolean;
  /** Park names for the reasons (code → name). */
  parkNames?: ReadonlyMap<string, string>;
}

/** Points per criterion: size weighs most, a preferred park and the budget as much as a technical minimum. */
export const MATCH_WEIGHTS = { size: 30, minimum: 15, landUse: 15, environment: 10, park: 15, budget: 15 } as const;

/** 28 → "28", 2.5 → "2.5", 1234.5 → "1234.5": numbers as a clerk writes them. */
const fmt = (value: number) => String(Math.round(value * 100) / 100);

const SIZE = NUMERIC_REQUIREMENTS.filter((r) => r.bound !== 'min');
const MINIMUMS = NUMERIC_REQUIREMENTS.filter((r) => r.bound === 'min');

/**
 * Matches one carrier against one lead's requirements: the hard limits (kind, free status, size within range,
 * each minimum, land use, discharges allowed) decide `fits`; the score adds the points of each applicable
 * criterion — how well the size sits in the range, the minima met, the preferred park, the price within the
 * budget — as a share of those possible. Pure: the SQL of the repository applies the same hard limits first.
 */
export function scoreCarrier(req: LeadRequirementValues, carrier: MatchCarrier, options: ScoreOptions): MatchResult {
  const reasons: string[] = [];
  const unmet: string[] = [];
  const soft: string[] = [];
  let earned = 0;
  let possible = 0;
  const fail = (text: string) => {
    unmet.push(text);
    reasons.push(text);
  };

  const kinds = requiredKinds(req);
  if (!kinds.includes(carrier.kind))
    fail(`类型 ${CARRIER_KIND_LABELS[carrier.kind]} 不在意向类型（${kinds.map((k) => CARRIER_KIND_LABELS[k]).join('、')}）`);
  if (options.requireFree && carrier.status !== FREE_STATUS[carrier.kind]) fail(`状态 ${CARRIER_STATUS_LABELS[carrier.status]}，不可预留`);

  // size: within the range, the nearer the middle (or the bound given) the better
  const sizes = SIZE.filter((r) => (r.attribute.kinds as readonly string[]).includes(carrier.kind));
  const low = sizes.find((r) => r.bound === 'rangeMin');
  const high = sizes.find((r) => r.bound === 'rangeMax');
  const min = low ? req[low.key] : null;
  const max = high ? req[high.key] : null;
  if (min !== null || max !== null) {
    const attribute = (low ?? high)?.attribute;
    const unit = attribute?.unit ?? '';
    const value = attribute ? carrier[attribute.key] : null;
    const range =
      min !== null && max !== null
        ? `${fmt(min)}–${fmt(max)} ${unit}`
        : min !== null
          ? `≥ ${fmt(min)} ${unit}`
          : `≤ ${fmt(max ?? 0)} ${unit}`;
    possible += MATCH_WEIGHTS.size;
    if (value === null) fail(`面积 未登记（要求 ${range}）`);
    else if (min !== null && value < min) fail(`面积 ${fmt(value)} ${unit} 不足 ${range}`);
    else if (max !== null && value > max) fail(`面积 ${fmt(value)} ${unit} 超出 ${range}`);
    else {
      let closeness: number;
      if (min !== null && max !== null) {
        const half = (max - min) / 2;
        closeness = half > 0 ? 1 - (Math.abs(value - (min + max) / 2) / half) * 0.5 : 1;
      } else if (min !== null) closeness = value > 0 ? Math.max(0.5, Math.min(1, min / value)) : 1;
      else closeness = max && max > 0 ? Math.max(0.5, Math.min(1, value / max)) : 1;
      earned += MATCH_WEIGHTS.size * closeness;
      reasons.push(`面积 ${fmt(value)} ${unit} 满足 ${range}`);
    }
  }

  for (const requirement of MINIMUMS) {
    const wanted = req[requirement.key];
    if (wanted === null || !(requirement.attribute.kinds as readonly string[]).includes(carrier.kind)) continue;
    const { unit } = requirement.attribute;
    const value = carrier[requirement.attribute.key];
    possible += MATCH_WEIGHTS.minimum;
    if (value === null) fail(`${requirement.short} 未登记（要求 ≥ ${fmt(wanted)} ${unit}）`);
    else if (value < wanted) fail(`${requirement.short} ${fmt(value)} ${unit} 低于要求 ${fmt(wanted)}`);
    else {
      earned += MATCH_WEIGHTS.minimum;
      reasons.push(`${requirement.short} ${fmt(value)} ${unit} 满足 ≥ ${fmt(wanted)}`);
    }
  }

  if (req.landUse !== null && carrier.kind === 'land') {
    possible += MATCH_WEIGHTS.landUse;
    if (carrier.landUse === req.landUse) {
      earned += MATCH_WEIGHTS.landUse;
      reasons.push(`用地性质 ${LAND_USE_LABELS[carrier.landUse]} 相符`);
    } else fail(`用地性质 ${carrier.landUse ? LAND_USE_LABELS[carrier.landUse] : '未登记'} 不符（要求 ${LAND_USE_LABELS[req.landUse]}）`);
  }

  if (req.environmentalCategory !== null) {
    const category = environmentalCategory(req.environmentalCategory);
    const checks: Array<[boolean, string, string]> = [];
    if (category.wastewater)
      checks.push(
        carrier.kind === 'land'
          ? [carrier.sewage === true, '污水管网已接通', '无污水管网，不能排放废水']
          : [carrier.wastewaterAllowed === true, '允许排放废水', '不允许排放废水'],
      );
    if (category.exhaust && carrier.kind !== 'land') checks.push([carrier.exhaustAllowed === true, '允许排放废气', '不允许排放废气']);
    if (checks.length) {
      possible += MATCH_WEIGHTS.environment;
      if (checks.every(([ok]) => ok)) earned += MATCH_WEIGHTS.environment;
      for (const [ok, yes, no] of checks)
        if (ok) reasons.push(yes);
        else fail(no);
    }
  }

  if (req.parkCodes.length) {
    possible += MATCH_WEIGHTS.park;
    const park = options.parkNames?.get(carrier.parkCode) ?? carrier.parkCode;
    if (req.parkCodes.includes(carrier.parkCode)) {
      earned += MATCH_WEIGHTS.park;
      soft.push(`位于意向园区 ${park}`);
    } else soft.push(`不在意向园区（位于 ${park}）`);
  }

  if (req.budget !== null) {
    possible += MATCH_WEIGHTS.budget;
    if (carrier.price === null) {
      earned += MATCH_WEIGHTS.budget / 2;
      soft.push('价格待定');
    } else if (carrier.price <= req.budget) {
      earned += MATCH_WEIGHTS.budget;
      soft.push(`价格 ${fmt(carrier.price)} 万元 在预算 ${fmt(req.budget)} 万元 内`);
    } else soft.push(`价格 ${fmt(carrier.price)} 万元 超出预算 ${fmt(req.budget)} 万元`);
  }

  return {
    fits: unmet.length === 0,
    score: possible === 0 ? 100 : Math.round((earned / possible) * 100),
    reasons: [...reasons, ...soft],
    unmet,
  };
}

/** Best first; equal scores by the smaller carrier (leaves the larger for larger projects), then by id for a stable order. */
export function byScore<T extends { score: number; size: number | null; id: string }>(a: T, b: T): number {
  return b.score - a.score || (a.size ?? Infinity) - (b.size ?? Infinity) || a.id.localeCompare(b.id);
}
