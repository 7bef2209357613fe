import { SheetCell } from './sheet-reader';
import { excelSerialToUtcDate, formatDay, fromWallClock, isCalendarDay } from './sheet-time';
import { parseQuantity, plainNumber, Quantity, QUANTITY_UNITS, toHalfWidth } from './sheet-units';

/**
 * A cell read as a value of some kind: the value (with a note when it was converted, e.g. `5.2亿元 → 52000 万元`),
 * or a Chinese problem description. The caller adds the column to both.
 */
export type Read<T> = { value: T; note?: string } | { problem: string };

const ok = <T>(value: T, note?: string): Read<T> => (note ? { value, note } : { value });
const bad = <T>(problem: string): Read<T> => ({ problem });

/** Text of a cell, trimmed; null for an empty cell. Numbers keep their digits (a phone or code typed as a number). */
export function readText(cell: SheetCell): string | null {
  if (cell === null) return null;
  if (cell instanceof Date) return cell.toISOString();
  const text = String(cell).trim();
  return text === '' ? null : text;
}

export interface NumberOptions {
  decimals: number;
  max: number;
  /** Amounts and areas: read with their unit (5.2亿, 6.5公顷) and converted to the stored one. */
  quantity?: Quantity;
  /** The unit a bare number is in: the header's (计划投资额（亿元）), else the stored one; for other numbers the one suffix a cell may carry (人). */
  unit?: string;
}

const SCALE_NOISE = 1e-9;

/**
 * A non-negative number with at most `decimals` places, below `max`. Text is read as a clerk types it:
 * full-width digits, thousands separators, and for amounts and areas a unit (`1.2亿`, `5千万`,
 * `3,000,000元`, `6.5公顷`, `2000㎡`) converted to the stored unit, with a note saying so.
 */
export function readNumber(cell: SheetCell, options: NumberOptions): Read<number | null> {
  if (cell === null || (typeof cell === 'string' && cell.trim() === '')) return ok(null);
  if (typeof cell !== 'number' && typeof cell !== 'string') return bad('不是数字');
  let value: number;
  let note: string | undefined;
  let converted = false;
  if (options.quantity) {
    const read = parseQuantity(cell, options.quantity, options.unit);
    if ('problem' in read) return read;
    if (read.value === null) return ok(null);
    value = read.value;
    converted = read.converted;
    if (converted)
      note = `${read.text}${typeof cell === 'number' ? read.unit : ''} → ${round(value, options.decimals)} ${QUANTITY_UNITS[options.quantity].stored}`;
  } else if (typeof cell === 'number') {
    value = cell;
  } else {
    let text = toHalfWidth(cell).replace(/\s/g, '');
    if (options.unit && text.endsWith(options.unit)) text = text.slice(0, -options.unit.length);
    const read = plainNumber(text);
    if ('problem' in read) return bad(read.problem.replace(`「${text}」`, `「${cell.trim()}」`));
    value = read.value;
  }
  if (!Number.isFinite(value)) return bad('不是数字');
  if (value < 0) return bad('不能小于 0');
  const rounded = round(value, options.decimals);
  if (rounded > options.max) return bad(`不能大于 ${options.max}`);
  // a float read from xlsx may carry noise in the 12th place; anything coarser is a real extra decimal (a converted value is rounded, and says so)
  if (Math.abs(rounded - value) > SCALE_NOISE * Math.max(1, Math.abs(value))) {
    if (!converted) return bad(options.decimals === 0 ? '必须是整数' : `最多 ${options.decimals} 位小数`);
    note = `${note} (四舍五入到 ${options.decimals} 位小数)`;
  }
  return ok(rounded, note);
}

function round(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

/** Year, month, day in the ways a ledger writes them; a two-digit year is this century's (26.3.5 is 2026-03-05). */
const DAY_PATTERNS = [
  /^(\d{4}|\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$/,
  /^(\d{4}|\d{2})年(\d{1,2})月(\d{1,2})[日号]?$/,
  /^(\d{4})(\d{2})(\d{2})$/,
];
/** A number cell holding 20260401 (typed without separators, stored as a number): far above any Excel serial. */
const MIN_DIGITS_DAY = 1900_01_01;
const MAX_DIGITS_DAY = 2199_12_31;
const MAX_EXCEL_SERIAL = 401_768;

/** A calendar day `YYYY-MM-DD` from a date cell, an Excel serial number, or text (2026-10-01, 2026/10/1, 2026.3.5, 26.3.5, 2026年10月1日, 20261001, full-width digits). */
export function readDay(cell: SheetCell): Read<string | null> {
  if (cell === null) return ok(null);
  if (cell instanceof Date) return ok(formatDay(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate()));
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell >= MIN_DIGITS_DAY && cell <= MAX_DIGITS_DAY) return readDay(String(cell));
    if (cell < 1 || cell > MAX_EXCEL_SERIAL) return bad(`「${cell}」不是日期`);
    return readDay(excelSerialToUtcDate(Math.floor(cell)));
  }
  const original = String(cell).trim();
  const text = toHalfWidth(original).replace(/\s/g, '');
  if (text === '') return ok(null);
  for (const pattern of DAY_PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const year = match[1].length === 2 ? 2000 + Number(match[1]) : Number(match[1]);
    const [month, day] = [Number(match[2]), Number(match[3])];
    return isCalendarDay(year, month, day) ? ok(formatDay(year, month, day)) : bad(`「${original}」不是有效日期`);
  }
  return bad(`「${original}」不是日期 (YYYY-MM-DD)`);
}

/** The hour a date-only follow-up time gets: the start of the working day. */
const DAY_ONLY_HOUR = 9;

/**
 * An instant from a date-time cell: xlsx cells and plain text carry the district's wall-clock time
 * (`2026-05-01 09:30`); ISO text with `Z` or an offset is taken as it is; a day alone means 09:00.
 */
export function readInstant(cell: SheetCell, timeZone: string): Read<Date | null> {
  if (cell === null) return ok(null);
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell >= MIN_DIGITS_DAY && cell <= MAX_DIGITS_DAY) return readInstant(String(cell), timeZone);
    if (cell < 1 || cell > MAX_EXCEL_SERIAL) return bad(`「${cell}」不是日期时间`);
    return readInstant(excelSerialToUtcDate(cell), timeZone);
  }
  if (cell instanceof Date) {
    return ok(
      fromWallClock(
        {
          year: cell.getUTCFullYear(),
          month: cell.getUTCMonth() + 1,
          day: cell.getUTCDate(),
          hour: cell.getUTCHours(),
          minute: cell.getUTCMinutes(),
          second: cell.getUTCSeconds(),
        },
        timeZone,
      ),
    );
  }
  const text = toHalfWidth(String(cell)).trim();
  if (text === '') return ok(null);
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    const instant = new Date(text);
    return Number.isNaN(instant.getTime()) ? bad(`「${text}」不是日期时间`) : ok(instant);
  }
  const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!match) {
    // a day written another way (26.3.5, 2026年3月5日, 20260305): 09:00 of it
    const day = readDay(text);
    if ('value' in day && day.value) return readInstant(day.value, timeZone);
    return bad(`「${text}」不是日期时间 (YYYY-MM-DD HH:mm)`);
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const hour = match[4] === undefined ? DAY_ONLY_HOUR : Number(match[4]);
  const minute = match[5] === undefined ? 0 : Number(match[5]);
  const second = match[6] === undefined ? 0 : Number(match[6]);
  if (!isCalendarDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return bad(`「${text}」不是有效日期时间`);
  return ok(fromWallClock({ year, month, day, hour, minute, second }, timeZone));
}

/** An enum value from its code (any case) or its Chinese label; a few extra spellings may be given. */
export function readChoice<T extends string>(cell: SheetCell, labels: Record<T, string>, aliases: Record<string, T> = {}): Read<T | null> {
  const text = readText(cell);
  if (text === null) return ok(null);
  const lower = text.toLowerCase();
  for (const [code, label] of Object.entries(labels) as Array<[T, string]>) {
    if (code === lower || label === text) return ok(code);
  }
  if (aliases[text] !== undefined) return ok(aliases[text]);
  return bad(`「${text}」不是可选值 (${Object.values<string>(labels).join('、')})`);
}
