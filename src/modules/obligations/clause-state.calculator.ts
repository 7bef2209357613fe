import { ACTUAL_FIGURES, ActualFigure, ActualFigures, ClauseKind, ClauseStatus, clauseKind } from './obligation.model';
import { comparePeriods, Period } from './period';

/** A clause as the calculator sees it. */
export interface ClauseInput {
  kind: ClauseKind;
  threshold: number | null;
  /** The deadline (district date), or null for a yearly check. */
  dueDate: string | null;
  /** A yearly check from this year on, or null for a deadline. */
  yearlyFrom: number | null;
  /** What people recorded; anything but `pending` is their decision and stands. */
  status: ClauseStatus;
}

/** One report of a project's figures. */
export interface ReportedActual {
  period: Period;
  /** The day the figures are as of (district date). */
  asOf: string;
  figures: ActualFigures;
}

/** What besides the clause decides its state. */
export interface ClauseContext {
  /** The district's today. */
  today: string;
  landAreaMu: number | null;
  constructionStartedAt: string | null;
  operatingAt: string | null;
  actuals: readonly ReportedActual[];
}

/** One year of a yearly check. */
export interface YearCheck {
  year: number;
  actual: number | null;
  rate: number | null;
  state: ClauseStatus | null;
}

/** A clause's computed state, with the figures that decided it. */
export interface ClauseState {
  state: ClauseStatus;
  /** What decided: the recorded status, the reported figures, a date of the lead, or nothing yet. */
  decidedBy: 'recorded' | 'figures' | 'milestone' | 'none';
  /** The figure compared with the threshold (in the kind's unit), when one was. */
  actual: number | null;
  /** 履约率 of the clause: 1 met, 0 missed, the achieved share when partly met; null while pending or when waived. */
  rate: number | null;
  /** Past its due date and neither met nor waived. */
  overdue: boolean;
  /** The years of a yearly check, oldest first. */
  years: YearCheck[];
}

const STOCK = new Set<ActualFigure>(ACTUAL_FIGURES.filter((f) => !f.flow).map((f) => f.key));
const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** The latest non-null value of a figure among the given reports (by as-of day, then period). */
function latest(actuals: readonly ReportedActual[], figure: ActualFigure): number | null {
  const sorted = [...actuals].sort((a, b) => a.asOf.localeCompare(b.asOf) || comparePeriods(a.period, b.period));
  for (let i = sorted.length - 1; i >= 0; i -= 1) {
    const value = sorted[i].figures[figure];
    if (value !== null) return value;
  }
  return null;
}

/**
 * A year's figures: the year's own report where it gives a figure, else from its quarters (flow figures
 * added up, stock figures the latest). `quartersCount`: false for the running year, whose quarters are not the whole year.
 */
export function annualFigures(actuals: readonly ReportedActual[], year: number, quartersCount = true): ActualFigures {
  const yearRow = actuals.find((a) => a.period.year === year && a.period.quarter === null);
  const quarters = quartersCount ? actuals.filter((a) => a.period.year === year && a.period.quarter !== null) : [];
  const result = {} as ActualFigures;
  for (const { key, flow } of ACTUAL_FIGURES) {
    const own = yearRow?.figures[key] ?? null;
    if (own !== null) {
      result[key] = own;
      continue;
    }
    const values = quarters.map((q) => q.figures[key]).filter((v): v is number => v !== null);
    if (values.length === 0) result[key] = null;
    else result[key] = flow ? values.reduce((sum, v) => sum + v, 0) : latest(quarters, key);
  }
  return result;
}

/** The figures a deadline is checked against: stock figures as last reported, flow figures of the latest year reported. */
function currentFigures(actuals: readonly ReportedActual[], today: string): ActualFigures {
  const result = {} as ActualFigures;
  const thisYear = Number(today.slice(0, 4));
  const years = [...new Set(actuals.map((a) => a.period.year))].sort((a, b) => b - a);
  for (const { key } of ACTUAL_FIGURES) {
    if (STOCK.has(key)) {
      result[key] = latest(actuals, key);
      continue;
    }
    result[key] = null;
    for (const year of years) {
      const value = annualFigures(actuals, year, year < thisYear)[key];
      if (value !== null) {
        result[key] = value;
        break;
      }
    }
  }
  return result;
}

/** The kind's figure from a set of figures (a ratio for per-亩, per-output and share kinds), or null when it cannot be computed. */
export function kindFigure(kind: ClauseKind, figures: ActualFigures, landAreaMu: number | null): number | null {
  const { check } = clauseKind(kind);
  if (check.by !== 'figure') return null;
  const value = figures[check.figure];
  if (value === null) return null;
  if (!('per' in check) || check.per === undefined) return value;
  const divisor = check.per === 'landAreaMu' ? landAreaMu : figures[check.per];
  if (divisor === null || divisor <= 0) return null;
  return round4((value / divisor) * ('percent' in check && check.percent ? 100 : 1));
}

/** How much of the threshold the figure achieves, 0–1 (1: met). */
export function achievement(kind: ClauseKind, actual: number, threshold: number): number {
  const { check } = clauseKind(kind);
  const atMost = check.by === 'figure' && check.direction === 'atMost';
  if (atMost) return actual <= threshold ? 1 : actual > 0 ? round4(threshold / actual) : 0;
  if (actual >= threshold) return 1;
  return threshold > 0 ? round4(Math.max(0, actual / threshold)) : 0;
}

const verdict = (rate: number): ClauseStatus => (rate >= 1 ? 'met' : rate > 0 ? 'partly_met' : 'missed');

/**
 * A clause's state: what people recorded when they decided (met, partly met, missed, waived); else, for a
 * figure kind, the reported actuals against the threshold (met as soon as reached; after the due date
 * partly met or missed; a yearly check by its latest year with figures), for a milestone the lead's date
 * against the due date (late: partly met), and a manual clause past due is missed.
 */
export function clauseState(clause: ClauseInput, context: ClauseContext): ClauseState {
  const { today } = context;
  const pastDue = clause.dueDate !== null && clause.dueDate < today;
  const result = (
    state: ClauseStatus,
    decidedBy: ClauseState['decidedBy'],
    actual: number | null,
    rate: number | null,
    years: YearCheck[] = [],
  ) => ({
    state,
    decidedBy,
    actual,
    rate: state === 'waived' || state === 'pending' ? null : (rate ?? (state === 'met' ? 1 : state === 'missed' ? 0 : 0.5)),
    overdue: pastDue && state !== 'met' && state !== 'waived',
    years,
  });
  if (clause.status !== 'pending') return result(clause.status, 'recorded', null, null);
  const { check } = clauseKind(clause.kind);

  if (check.by === 'milestone') {
    const done = context[check.leadDate];
    if (done) {
      const late = clause.dueDate !== null && done > clause.dueDate;
      return result(late ? 'partly_met' : 'met', 'milestone', null, late ? 0.5 : 1);
    }
    return pastDue ? result('missed', 'milestone', null, 0) : result('pending', 'none', null, null);
  }

  if (check.by === 'manual' || clause.threshold === null)
    return pastDue ? result('missed', 'none', null, 0) : result('pending', 'none', null, null);
  const threshold = clause.threshold;

  if (clause.yearlyFrom !== null) {
    const thisYear = Number(today.slice(0, 4));
    const years: YearCheck[] = [];
    for (let year = clause.yearlyFrom; year <= thisYear; year += 1) {
      const actual = kindFigure(clause.kind, annualFigures(context.actuals, year, year < thisYear), context.landAreaMu);
      if (actual === null && year === thisYear) break;
      const rate = actual === null ? null : achievement(clause.kind, actual, threshold);
      years.push({ year, actual, rate, state: rate === null ? null : verdict(rate) });
    }
    const decided = years.filter((y) => y.state !== null).at(-1);
    if (!decided || decided.state === null || decided.rate === null) return result('pending', 'none', null, null, years);
    return result(decided.state, 'figures', decided.actual, decided.rate, years);
  }

  const actual = kindFigure(clause.kind, currentFigures(context.actuals, today), context.landAreaMu);
  if (actual === null) return pastDue ? result('missed', 'figures', null, 0) : result('pending', 'none', null, null);
  const rate = achievement(clause.kind, actual, threshold);
  if (rate >= 1) return result('met', 'figures', actual, 1);
  if (!pastDue) return { ...result('pending', 'figures', actual, null), rate: null };
  return result(verdict(rate), 'figures', actual, rate);
}

/** 履约率 of a set of clause states: the mean of the decided clauses' rates (met 1, missed 0, partly met its share); null when none is decided. */
export function fulfilmentRate(states: ReadonlyArray<Pick<ClauseState, 'rate'>>): number | null {
  const rates = states.map((s) => s.rate).filter((r): r is number => r !== null);
  return rateFromSum(
    rates.reduce((sum, r) => sum + r, 0),
    rates.length,
  );
}

/** 履约率 from the sum of the decided clauses' rates and their count (what the dashboard sums in SQL). */
export function rateFromSum(sum: number, decided: number): number | null {
  return decided === 0 ? null : round4(sum / decided);
}
