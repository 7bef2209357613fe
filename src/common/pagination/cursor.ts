import { AppError } from '../errors/app-error';
import { forbiddenControlCharacterAt } from '../validation/plain-text';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 200;

/** The SQL type a cursor value is compared as; a value that type would refuse is refused here first (a 400, not a 500). */
export type CursorValueType = 'timestamptz' | 'numeric' | 'text' | 'uuid' | 'bigint';

// timestamptz as PostgreSQL writes it (`2026-05-01 10:20:30.123456+08`), or ISO 8601 with a T
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|[+-](\d{2})(?::?(\d{2})(?::?(\d{2}))?)?)$/;

function isTimestamp(text: string): boolean {
  if (text === 'infinity' || text === '-infinity') return true;
  const match = TIMESTAMP.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes, offsetSeconds] = match
    .slice(1)
    .map((part) => Number(part ?? 0));
  const date = new Date(Date.UTC(year, month - 1, day));
  const isDay = year >= 1000 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return isDay && hour < 24 && minute < 60 && second < 60 && offsetHours <= 15 && offsetMinutes < 60 && offsetSeconds < 60;
}

const IS_CURSOR_VALUE: Record<CursorValueType, (text: string) => boolean> = {
  timestamptz: isTimestamp,
  numeric: (text) => /^-?\d{1,20}(\.\d{1,10})?$/.test(text),
  text: (text) => text.length <= 200 && forbiddenControlCharacterAt(text, false) < 0,
  uuid: (text) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text),
  bigint: (text) => /^\d{1,18}$/.test(text),
};

/** Opaque keyset cursor: the sort key of the last row plus its id, base64url JSON. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** The values of a cursor this API returned, one string per type; anything else (tampered, hand-made) is a 400. */
export function decodeCursor(cursor: string, types: readonly CursorValueType[]): string[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  if (
    Array.isArray(values) &&
    values.length === types.length &&
    values.every((value, i) => typeof value === 'string' && IS_CURSOR_VALUE[types[i]](value))
  ) {
    return values as string[];
  }
  throw AppError.validation('cursor is not valid', [{ field: 'cursor', errors: ['cursor is not a cursor this API returned'] }]);
}
