import { SheetCell } from './sheet-reader';
import { excelSerialToUtcDate, formatDay, fromWallClock, isCalendarDay } from './sheet-time';

/** A cell read as a value of some kind: the value, or a Chinese problem description (the caller adds the column). */
export type Read<T> = { value: T } | { problem: string };

const ok = <T>(value: T): Read<T> => ({ value });
const bad = <T>(problem: string): Read<T> => ({ problem });

/** Text of a cell, trimmed; null for an empty cell. Numbers keep their digits (a phone or code typed as a number). */
export function readText(cell: SheetCell): string | null {
  if (cell === null) return null;
  if (cell instanceof Date) return cell.toISOString();
  const text = String(cell).trim();
  return text === '' ? null : text;
}

/** A non-negative number with at most `decimals` places, below `max`; text like `1,234.50` or `1234.5万元` is read too. */
export function readNumber(cell: SheetCell, options: { decimals: number; max: number }): Read<number | null> {
  let value: number;
  if (cell === null || (typeof cell === 'string' && cell.trim() === '')) return ok(null);
  if (typeof cell === 'number') {
    value = cell;
  } else if (typeof cell === 'string') {
    const text = cell.replace(/[,，\s]/g, '').replace(/(万元|万|元|亩|人)$/, '');
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return bad(`「${cell.trim()}」不是数字`);
    value = Number(text);
  } else {
    return bad('不是数字');
  }
  if (!Number.isFinite(value)) return bad('不是数字');
  if (value < 0) return bad('不能小于 0');
  if (value > options.max) return bad(`不能大于 ${options.max}`);
  const scale = 10 ** options.decimals;
  const rounded = Math.round(value * scale) / scale;
  // a float read from xlsx may carry noise in the 12th place; anything coarser is a real extra decimal
  if (Math.abs(rounded - value) > 1e-9 * Math.max(1, Math.abs(value)))
    return bad(options.decimals === 0 ? '必须是整数' : `最多 ${options.decimals} 位小数`);
  return ok(rounded);
}

const DAY_PATTERNS = [/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$/, /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/, /^(\d{4})(\d{2})(\d{2})$/];

/** A calendar day `YYYY-MM-DD` from a date cell, an Excel serial number, or text (2026-10-01, 2026/10/1, 2026年10月1日, 20261001). */
export function readDay(cell: SheetCell): Read<string | null> {
  if (cell === null) return ok(null);
  if (cell instanceof Date) return ok(formatDay(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate()));
  if (typeof cell === 'number') {
    if (cell < 1 || cell > 401_768) return bad(`「${cell}」不是日期`);
    return readDay(excelSerialToUtcDate(Math.floor(cell)));
  }
  const text = String(cell).trim();
  if (text === '') return ok(null);
  for (const pattern of DAY_PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    return isCalendarDay(year, month, day) ? ok(formatDay(year, month, day)) : bad(`「${text}」不是有效日期`);
  }
  return bad(`「${text}」不是日期 (YYYY-MM-DD)`);
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
    if (cell < 1 || cell > 401_768) return bad(`「${cell}」不是日期时间`);
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
  const text = String(cell).trim();
  if (text === '') return ok(null);
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    const instant = new Date(text);
    return Number.isNaN(instant.getTime()) ? bad(`「${text}」不是日期时间`) : ok(instant);
  }
  const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!match) return bad(`「${text}」不是日期时间 (YYYY-MM-DD HH:mm)`);
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
