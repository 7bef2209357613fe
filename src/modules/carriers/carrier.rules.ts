import { FieldError } from '../../common/errors/app-error';
import {
  CARRIER_ATTRIBUTES,
  CARRIER_KIND_LABELS,
  CARRIER_STATUS_LABELS,
  CarrierAttributeValues,
  CarrierKind,
  CarrierStatus,
  carrierKind,
  statusFitsKind,
} from './carrier.model';

/**
 * What is wrong with a carrier's values for its kind, per field: an attribute of another kind given a value
 * (楼面荷载 on a 地块), a status the kind does not take (`leased` for land). Types and ranges are the DTO's checks.
 */
export function carrierKindProblems(kind: CarrierKind, values: Partial<CarrierAttributeValues> & { status?: string | null }): FieldError[] {
  const problems: FieldError[] = [];
  if (values.status !== undefined && values.status !== null && !statusFitsKind(kind, values.status))
    problems.push({
      field: 'status',
      errors: [`status ${values.status} is not one of a ${kind}'s (${carrierKind(kind).statuses.join(', ')})`],
    });
  for (const a of CARRIER_ATTRIBUTES) {
    const value = (values as Record<string, unknown>)[a.key];
    if (value === undefined || value === null || (a.kinds as readonly string[]).includes(kind)) continue;
    problems.push({ field: a.key, errors: [`${a.label} is not an attribute of a ${CARRIER_KIND_LABELS[kind]} (${kind})`] });
  }
  return problems;
}

/** The status a carrier is free to offer in (available / vacant): it counts as vacant and its idle days run. */
export const isFree = (kind: CarrierKind, status: CarrierStatus): boolean => carrierKind(kind).free === status;

/** `空置 → 已出租`: a status change in words, for the history. */
export const statusChangeText = (from: CarrierStatus, to: CarrierStatus): string =>
  `${CARRIER_STATUS_LABELS[from]} → ${CARRIER_STATUS_LABELS[to]}`;

/**
 * What vacantSince becomes on a write: a carrier that falls free is vacant from today unless a date is given;
 * one that is taken (reserved, leased, sold, transferred) is no longer vacant.
 */
export function vacantSinceAfter(
  kind: CarrierKind,
  before: { status: CarrierStatus; vacantSince: string | null } | null,
  after: { status: CarrierStatus; vacantSince: string | null | undefined },
  today: string,
): string | null {
  if (!isFree(kind, after.status)) return null;
  if (after.vacantSince !== undefined && after.vacantSince !== null) return after.vacantSince;
  if (before && isFree(kind, before.status) && after.vacantSince === undefined) return before.vacantSince ?? today;
  return today;
}

/** Whole days from a date to today (both YYYY-MM-DD, district dates); never negative. */
export function daysBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000));
}
