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
