import { Agreement } from './agreement.entity';
import { AgreementClause } from './agreement-clause.entity';
import { ClauseState, clauseState, fulfilmentRate, ReportedActual as ReportInput } from './clause-state.calculator';
import { IdleLandClock, idleLandClock, lastProgressOn } from './idle-land.calculator';
import { ACTUAL_FIGURES, ActualFigures } from './obligation.model';
import { parsePeriod, Period } from './period';
import { ReportedActual } from './reported-actual.entity';

/** The lead's columns its obligations are computed from. */
export interface ObligationLead {
  id: string;
  agreedStartDate: string | null;
  constructionStartedAt: string | null;
  operatingAt: string | null;
  landAreaMu: number | null;
  contractInvestment: number | null;
}

/** Counts of a set of clauses by state, and their 履约率. */
export interface FulfilmentSummary {
  /** 履约率: mean of the decided clauses' rates; null when none is decided. */
  rate: number | null;
  clauses: number;
  decided: number;
  met: number;
  partlyMet: number;
  missed: number;
  pending: number;
  waived: number;
  overdue: number;
}

export interface LeadEvaluation {
  states: Map<string, ClauseState>;
  clocks: Map<string, IdleLandClock>;
  fulfilment: FulfilmentSummary;
}

/** A report row as the calculators read it. */
export function toReport(row: ReportedActual): ReportInput {
  const figures = Object.fromEntries(ACTUAL_FIGURES.map((f) => [f.key, row[f.key]])) as ActualFigures;
  return { period: parsePeriod(row.period) as Period, asOf: row.asOf, figures };
}

/** Counts and 履约率 of some clause states. */
export function summarise(states: readonly ClauseState[]): FulfilmentSummary {
  const count = (state: string) => states.filter((s) => s.state === state).length;
  return {
    rate: fulfilmentRate(states),
    clauses: states.length,
    decided: states.filter((s) => s.rate !== null).length,
    met: count('met'),
    partlyMet: count('partly_met'),
    missed: count('missed'),
    pending: count('pending'),
    waived: count('waived'),
    overdue: states.filter((s) => s.overdue).length,
  };
}

/**
 * One lead's obligations: each clause's state, each agreement's idle-land clock and the project's 履约率.
 * The land of an agreement is its own, else the lead's; the clock starts at the land contract's start date,
 * else (the main agreement) the lead's agreed start; shares are measured against the agreement's floor area and investment.
 */
export function evaluateLead(
  lead: ObligationLead,
  rows: { agreements: readonly Agreement[]; clauses: readonly AgreementClause[]; actuals: readonly ReportedActual[] },
  today: string,
  yellowBeforeDays: number,
): LeadEvaluation {
  const reports = rows.actuals.map(toReport);
  const latest = (figure: 'builtFloorArea' | 'investmentArrived') =>
    [...rows.actuals].sort((a, b) => a.asOf.localeCompare(b.asOf)).reduce<number | null>((last, r) => r[figure] ?? last, null);
  const progress = lastProgressOn(rows.actuals);
  const agreementById = new Map(rows.agreements.map((a) => [a.id, a]));
  const states = new Map<string, ClauseState>();
  for (const clause of rows.clauses) {
    const agreement = agreementById.get(clause.agreementId);
    states.set(
      clause.id,
      clauseState(clause, {
        today,
        landAreaMu: agreement?.landAreaMu ?? lead.landAreaMu,
        constructionStartedAt: lead.constructionStartedAt,
        operatingAt: lead.operatingAt,
        actuals: reports,
      }),
    );
  }
  const share = (value: number | null, of: number | null) =>
    value === null || of === null || of <= 0 ? null : Math.round((value / of) * 10_000) / 10_000;
  const clocks = new Map<string, IdleLandClock>();
  for (const agreement of rows.agreements) {
    clocks.set(
      agreement.id,
      idleLandClock({
        today,
        agreedStart: agreement.landStartDate ?? (agreement.kind === 'main' ? lead.agreedStartDate : null),
        actualStart: lead.constructionStartedAt,
        builtShare: share(latest('builtFloorArea'), agreement.plannedFloorArea),
        investmentShare: share(latest('investmentArrived'), agreement.investment ?? lead.contractInvestment),
        lastProgressOn: progress,
        yellowBeforeDays,
      }),
    );
  }
  return { states, clocks, fulfilment: summarise([...states.values()]) };
}
