/**
 * 闲置土地 clock (《闲置土地处置办法》, 2012, ministry order No. 53): land not started one year after the start
 * date agreed in its land contract is idle (red), after two years it may be taken back (critical), with a
 * yellow warning a configurable time before the year. Land started but with less than a third of the floor
 * area built or less than 25 % of the investment made, where work has stopped for a year, is idle too.
 * All days are district calendar dates (YYYY-MM-DD); a level begins at the start of its day.
 */
export type IdleLandLevel = 'none' | 'yellow' | 'red' | 'critical';
export const IDLE_LAND_LEVELS: readonly IdleLandLevel[] = ['none', 'yellow', 'red', 'critical'];
export const IDLE_LAND_LEVEL_LABELS: Readonly<Record<IdleLandLevel, string>> = {
  none: '正常',
  yellow: '黄色预警',
  red: '红色预警（闲置满一年）',
  critical: '满两年（可无偿收回）',
};

export type IdleLandRule = 'not_started' | 'partial_build';
export const IDLE_LAND_RULE_LABELS: Readonly<Record<IdleLandRule, string>> = { not_started: '未动工', partial_build: '中止开发建设' };

/** The partial-build rule's shares: below either, with no progress for a year, the land is idle. */
export const PARTIAL_BUILD = { builtShare: 1 / 3, investmentShare: 0.25 } as const;

export interface IdleLandInput {
  today: string;
  /** The start date agreed in the land contract (约定动工日期). */
  agreedStart: string | null;
  /** The day construction started (实际开工), or null. */
  actualStart: string | null;
  /** Built floor area ÷ planned floor area, when both are known. */
  builtShare: number | null;
  /** Investment arrived ÷ the agreement's total investment, when both are known. */
  investmentShare: number | null;
  /** The last day the reports showed progress (built area or investment up), or null. */
  lastProgressOn: string | null;
  /** IDLE_LAND_YELLOW_BEFORE in whole days. */
  yellowBeforeDays: number;
}

export interface IdleLandClock {
  level: IdleLandLevel;
  /** The rule the clock runs under, or null when neither applies. */
  rule: IdleLandRule | null;
  /** The day the clock counts from: the agreed start, or the last progress. */
  since: string | null;
  /** Whole days from `since` to today (negative before it). */
  days: number | null;
  yellowOn: string | null;
  redOn: string | null;
  criticalOn: string | null;
  builtShare: number | null;
  investmentShare: number | null;
  lastProgressOn: string | null;
}

const DAY_MS = 86_400_000;
const toUtc = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Days from `from` to `to` (calendar days; negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** The same day `years` later; 29 February becomes 28 February in a common year (the year is full on that day). */
export function addYears(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) + years;
  const month = Number(date.slice(5, 7));
  let day = Number(date.slice(8, 10));
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > lastDay) day = lastDay;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function levelFrom(since: string, input: IdleLandInput, rule: IdleLandRule): IdleLandClock {
  const redOn = addYears(since, 1);
  const criticalOn = addYears(since, 2);
  const yellowOn = addDays(redOn, -input.yellowBeforeDays);
  const { today } = input;
  const level: IdleLandLevel = today >= criticalOn ? 'critical' : today >= redOn ? 'red' : today >= yellowOn ? 'yellow' : 'none';
  return {
    level,
    rule,
    since,
    days: daysBetween(since, today),
    yellowOn,
    redOn,
    criticalOn,
    builtShare: input.builtShare,
    investmentShare: input.investmentShare,
    lastProgressOn: input.lastProgressOn,
  };
}

/** A clock that is not running (neither rule applies). */
export const STOPPED_CLOCK: IdleLandClock = Object.freeze({
  level: 'none',
  rule: null,
  since: null,
  days: null,
  yellowOn: null,
  redOn: null,
  criticalOn: null,
  builtShare: null,
  investmentShare: null,
  lastProgressOn: null,
});

/** The clock of one agreement's land: not started since the agreed start, or stopped short since the last progress. */
export function idleLandClock(input: IdleLandInput): IdleLandClock {
  const idle: IdleLandClock = {
    ...STOPPED_CLOCK,
    builtShare: input.builtShare,
    investmentShare: input.investmentShare,
    lastProgressOn: input.lastProgressOn,
  };
  if (!input.actualStart) return input.agreedStart ? levelFrom(input.agreedStart, input, 'not_started') : idle;
  const short =
    (input.builtShare !== null && input.builtShare < PARTIAL_BUILD.builtShare) ||
    (input.investmentShare !== null && input.investmentShare < PARTIAL_BUILD.investmentShare);
  if (!short) return idle;
  const since = input.lastProgressOn && input.lastProgressOn > input.actualStart ? input.lastProgressOn : input.actualStart;
  return levelFrom(since, input, 'partial_build');
}

/** The more urgent of two levels. */
export function worseLevel(a: IdleLandLevel, b: IdleLandLevel): IdleLandLevel {
  return IDLE_LAND_LEVELS.indexOf(a) >= IDLE_LAND_LEVELS.indexOf(b) ? a : b;
}

/** A report as the progress rule reads it: its as-of day and the two cumulative figures. */
export interface ProgressReport {
  asOf: string;
  builtFloorArea: number | null;
  investmentArrived: number | null;
}

/** The last as-of day on which built area or investment went up over what was reported before (the first positive report counts). */
export function lastProgressOn(reports: readonly ProgressReport[]): string | null {
  const sorted = [...reports].sort((a, b) => a.asOf.localeCompare(b.asOf));
  let built = 0;
  let invested = 0;
  let last: string | null = null;
  for (const report of sorted) {
    const up = (report.builtFloorArea ?? 0) > built || (report.investmentArrived ?? 0) > invested;
    if (up) last = report.asOf;
    built = Math.max(built, report.builtFloorArea ?? 0);
    invested = Math.max(invested, report.investmentArrived ?? 0);
  }
  return last;
}
