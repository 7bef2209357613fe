/**
 * A reporting period (填报期): a year `2026` or a quarter `2026-Q3`, with its first and last day. Days are
 * district calendar dates (YYYY-MM-DD), compared as strings.
 */
export interface Period {
  key: string;
  year: number;
  /** 1–4, or null for a whole year. */
  quarter: number | null;
  start: string;
  end: string;
}

export const PERIOD_PATTERN = /^(\d{4})(?:-Q([1-4]))?$/;

const pad = (n: number) => String(n).padStart(2, '0');
const QUARTER_END_DAY = [31, 30, 30, 31];

/** The period a key names, or null when it is not `YYYY` or `YYYY-Qn`. */
export function parsePeriod(key: string): Period | null {
  const match = PERIOD_PATTERN.exec(key);
  if (!match) return null;
  const year = Number(match[1]);
  if (year < 2000 || year > 2100) return null;
  const quarter = match[2] ? Number(match[2]) : null;
  if (quarter === null) return { key, year, quarter, start: `${year}-01-01`, end: `${year}-12-31` };
  const firstMonth = (quarter - 1) * 3 + 1;
  return {
    key,
    year,
    quarter,
    start: `${year}-${pad(firstMonth)}-01`,
    end: `${year}-${pad(firstMonth + 2)}-${QUARTER_END_DAY[quarter - 1]}`,
  };
}

/** A period that has not begun on `today` (a district date): nothing can be reported for it yet. */
export function isFuturePeriod(period: Period, today: string): boolean {
  return period.start > today;
}

/** The quarter before the one `today` falls in: the period whose figures are due once a quarter opens. */
export function previousQuarter(today: string): Period {
  const year = Number(today.slice(0, 4));
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const key = quarter === 1 ? `${year - 1}-Q4` : `${year}-Q${quarter - 1}`;
  return parsePeriod(key) as Period;
}

/** Periods in order: by first day, and a year before its quarters. */
export function comparePeriods(a: Period, b: Period): number {
  return a.start.localeCompare(b.start) || (a.quarter ?? 0) - (b.quarter ?? 0);
}

const QUARTER_DIGITS: Readonly<Record<string, number>> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };
const YEAR_TEXT = /^(\d{4})(?:年度|年)?$/;
const QUARTER_TEXT = /^(?:q([1-4])|第?([1-4一二三四])(?:季度|季)?)$/;
// after a year a bare digit is not a quarter (20253, 2025-3): it takes q, 第 or 季
const PERIOD_TEXT = /^(\d{4})(?:年度|年)?-?(?:q([1-4])|第([1-4一二三四])(?:季度|季)?|([1-4一二三四])(?:季度|季))?$/;

/** A period as a clerk types it, without spaces and full-width forms, lower case. */
const compact = (text: string) => text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/**
 * The period key a sheet's text names, or null: a year (2025, 2025年, 2025年度) or a quarter (2025-Q3, 2025Q3,
 * 2025年第3季度, 2025年三季度). With `quarter`, the text is the year and `quarter` its quarter (3, Q3, 第3季度,
 * 三季度; empty: the whole year).
 */
export function periodKeyOf(text: string, quarter?: string | null): string | null {
  if (quarter !== undefined && quarter !== null && compact(quarter) !== '') {
    const year = YEAR_TEXT.exec(compact(text));
    const q = QUARTER_TEXT.exec(compact(quarter));
    if (!year || !q) return null;
    return validKey(`${year[1]}-Q${QUARTER_DIGITS[q[1] ?? q[2]]}`);
  }
  const match = PERIOD_TEXT.exec(compact(text));
  if (!match) return null;
  const q = match[2] ?? match[3] ?? match[4];
  return validKey(q ? `${match[1]}-Q${QUARTER_DIGITS[q]}` : match[1]);
}

const validKey = (key: string): string | null => (parsePeriod(key) ? key : null);
