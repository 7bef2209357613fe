/**
 * Spreadsheets have no time zones: a 下次跟进 cell holds the district's wall-clock time. These helpers
 * turn an instant into that wall-clock time and back (APP_TIMEZONE, Asia/Shanghai by default).
 */
import { dateTimeFormat } from '../../common/time/zoned';

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  return dateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** The wall-clock time of an instant in a time zone. */
export function toWallClock(instant: Date, timeZone: string): WallClock {
  const parts = formatter(timeZone).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

const wallAsUtc = (w: WallClock) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** The instant at which the time zone's clocks show this wall-clock time. */
export function fromWallClock(wall: WallClock, timeZone: string): Date {
  const guess = wallAsUtc(wall);
  let instant = guess - (wallAsUtc(toWallClock(new Date(guess), timeZone)) - guess);
  // a second pass settles times near an offset change
  instant = guess - (wallAsUtc(toWallClock(new Date(instant), timeZone)) - instant);
  return new Date(instant);
}

/** The wall-clock time carried as a UTC Date: how xlsx (which has no zones) stores a date-time cell. */
export function wallClockAsUtcDate(instant: Date, timeZone: string): Date {
  return new Date(wallAsUtc(toWallClock(instant, timeZone)));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD HH:mm` of an instant in the time zone. */
export function formatWallClock(instant: Date, timeZone: string): string {
  const w = toWallClock(instant, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
}

/** True when the parts name a real calendar day. */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function formatDay(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** A date from an Excel serial day number (a date typed into a cell that has no date format). */
export function excelSerialToUtcDate(serial: number): Date {
  return new Date(EXCEL_EPOCH_MS + Math.round(serial * 86_400_000));
}
