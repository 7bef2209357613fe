import { Agreement } from './agreement.entity';
import { AgreementClause } from './agreement-clause.entity';
import { ClauseState } from './clause-state.calculator';
import { IDLE_LAND_LEVELS, IdleLandClock, IdleLandLevel, worseLevel } from './idle-land.calculator';
import { ClauseStatus } from './obligation.model';
import { LeadEvaluation } from './obligations.evaluator';

/** A clock of one agreement as the figures row keeps it (yellow or worse only), with its level's rank for SQL ordering. */
export interface StoredClock {
  agreementId: string;
  agreementNumber: string;
  rank: number;
  clock: IdleLandClock;
}

/** One project's row of obligation_figures: what the dashboard sums. Computed only here, from the evaluator's answer. */
export interface ObligationFiguresRow {
  agreements: number;
  clauses: number;
  decided: number;
  met: number;
  partlyMet: number;
  missed: number;
  pending: number;
  waived: number;
  overdue: number;
  /** sum of the decided clauses' rates: with `decided`, the 履约率 of any set of projects (rateFromSum) */
  rateSum: number;
  rate: number | null;
  fullyHonoured: boolean;
  clockLevel: IdleLandLevel;
  clockCounts: Record<IdleLandLevel, number>;
  clocks: StoredClock[];
  /** the government's own clauses past due, with their state */
  governmentOverdue: Array<{ id: string; state: ClauseStatus; dueDate: string }>;
  /** the earliest due date of those: orders the rows as their first listed item would */
  governmentOverdueSince: string | null;
  /** rank and days of the worst clock (0, 0 when none is yellow or worse): orders the rows as their first listed clock would */
  clockRank: number;
  clockDays: number;
}

/** A project honours its agreements fully when it has decided clauses and every one is met. */
export const fullyHonoured = (states: readonly ClauseState[]) =>
  states.some((s) => s.rate !== null) && states.every((s) => s.rate === null || s.rate === 1);

/** The figures row of a project from its evaluation. */
export function figuresOf(
  rows: { agreements: readonly Agreement[]; clauses: readonly AgreementClause[] },
  evaluation: LeadEvaluation,
): ObligationFiguresRow {
  const states = [...evaluation.states.values()];
  const summary = evaluation.fulfilment;
  const clockCounts = Object.fromEntries(IDLE_LAND_LEVELS.map((level) => [level, 0])) as Record<IdleLandLevel, number>;
  const clocks: StoredClock[] = [];
  let clockLevel: IdleLandLevel = 'none';
  for (const agreement of rows.agreements) {
    const clock = evaluation.clocks.get(agreement.id);
    if (!clock) continue;
    clockCounts[clock.level] += 1;
    clockLevel = worseLevel(clockLevel, clock.level);
    if (clock.level !== 'none')
      clocks.push({ agreementId: agreement.id, agreementNumber: agreement.number, rank: IDLE_LAND_LEVELS.indexOf(clock.level), clock });
  }
  const governmentOverdue = rows.clauses.flatMap((clause) => {
    const state = evaluation.states.get(clause.id);
    return clause.party === 'government' && state?.overdue && clause.dueDate
      ? [{ id: clause.id, state: state.state, dueDate: clause.dueDate }]
      : [];
  });
  return {
    agreements: rows.agreements.length,
    clauses: summary.clauses,
    decided: summary.decided,
    met: summary.met,
    partlyMet: summary.partlyMet,
    missed: summary.missed,
    pending: summary.pending,
    waived: summary.waived,
    overdue: summary.overdue,
    rateSum: states.reduce((sum, s) => sum + (s.rate ?? 0), 0),
    rate: summary.rate,
    fullyHonoured: fullyHonoured(states),
    clockLevel,
    clockCounts,
    clocks,
    governmentOverdue,
    governmentOverdueSince: governmentOverdue.reduce<string | null>((min, o) => (min === null || o.dueDate < min ? o.dueDate : min), null),
    clockRank: clocks.reduce((max, c) => Math.max(max, c.rank), 0),
    clockDays: clocks
      .filter((c) => c.rank === clocks.reduce((max, d) => Math.max(max, d.rank), 0))
      .reduce((max, c) => Math.max(max, c.clock.days ?? 0), 0),
  };
}
