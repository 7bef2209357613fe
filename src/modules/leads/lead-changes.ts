import { LeadFieldSpec } from './lead.model';

/** One field a write changes, as the timeline's `field_changed` event records it. */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/**
 * What a write of `values` changes on `current` among `fields`: the changed values and their diff (fields
 * not given, and values equal to the stored ones, are left out). PATCH and the import's update of an
 * existing lead both write through it.
 */
export function leadFieldChanges(
  current: object,
  values: Readonly<Record<string, unknown>>,
  fields: readonly LeadFieldSpec[],
): { changes: Record<string, unknown>; diff: FieldChange[] } {
  const changes: Record<string, unknown> = {};
  const diff: FieldChange[] = [];
  const stored = current as Record<string, unknown>;
  for (const { key: field } of fields) {
    const value = values[field];
    if (value === undefined) continue;
    if (sameValue(stored[field], value)) continue;
    changes[field] = value;
    diff.push({ field, from: stored[field], to: value });
  }
  return { changes, diff };
}

/** Equal as stored: objects compared key by key whatever their order (jsonb keeps keys in an order of its own, so a contact read back is not in the order written). */
function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a, sortedKeys) === JSON.stringify(b, sortedKeys);
}

function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]]),
  );
}
