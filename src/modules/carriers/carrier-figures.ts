import { CARRIER_ATTRIBUTES, CARRIER_KINDS } from './carrier.model';

/** 空置时长 buckets of the vacancy figures: days vacant up to `max` (inclusive), the last open-ended. */
export const IDLE_BUCKETS = [
  { key: 'upTo90', label: '3个月以内', max: 90 },
  { key: 'upTo180', label: '3–6个月', max: 180 },
  { key: 'upTo365', label: '6–12个月', max: 365 },
  { key: 'over365', label: '1年以上', max: null },
] as const;
export type IdleBucket = (typeof IDLE_BUCKETS)[number]['key'];

const column = (key: string) => CARRIER_ATTRIBUTES.find((a) => a.key === key)!.column;

/** Whether a carrier over alias `c` is free to offer (its kind's free status), as SQL derived from the model. */
export const freeSql = (alias = 'c') =>
  `(${alias}.status = CASE ${alias}.kind ${CARRIER_KINDS.map((k) => `WHEN '${k.key}' THEN '${k.free}'`).join(' ')} END)`;

/** A carrier's size in its kind's unit (亩 for land, m² for floor space), as SQL derived from the model. */
export const areaSql = (alias = 'c') =>
  `(CASE ${alias}.kind ${CARRIER_KINDS.map((k) => `WHEN '${k.key}' THEN ${alias}.${column(k.areaField)}`).join(' ')} END)`;

/** The unit of a kind's size. */
export const areaUnitOf = (kind: string): string => {
  const declared = CARRIER_KINDS.find((k) => k.key === kind);
  return (declared && CARRIER_ATTRIBUTES.find((a) => a.key === declared.areaField)?.unit) ?? '';
};

/** The bucket of a number of idle days. */
export const idleBucketOf = (days: number): IdleBucket => IDLE_BUCKETS.find((b) => b.max === null || days <= b.max)!.key;
