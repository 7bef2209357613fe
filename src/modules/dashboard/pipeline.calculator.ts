import { LeadStage, STAGE_ORDER } from '../leads/lead.enums';

/** Counts and sums of leads in one stage with one status, as the grouped query returns them. */
export interface StageStatusRow {
  stage: LeadStage;
  status: 'active' | 'on_hold' | 'lost';
  count: number;
  plannedInvestment: number;
  contractInvestment: number;
  actualInvestment: number;
  expectedJobs: number;
}

export interface StageFigures {
  stage: LeadStage;
  count: number;
  plannedInvestment: number;
  contractInvestment: number;
  actualInvestment: number;
  expectedJobs: number;
  /** Of the leads that reached this stage (lost ones included), the share that reached the next; null for the last stage or when none reached this one. */
  conversion: number | null;
  medianDaysInStage: number | null;
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/**
 * Per-stage figures: counts and sums over leads that are not lost (active and on hold);
 * conversion over every lead that reached the stage, lost ones included, since a lost lead did reach
 * the stage it was lost in.
 */
export function stageFigures(rows: StageStatusRow[], medians: Partial<Record<LeadStage, number>>): StageFigures[] {
  const reachedAtLeast = STAGE_ORDER.map((_, index) =>
    rows.filter((row) => STAGE_ORDER.indexOf(row.stage) >= index).reduce((sum, row) => sum + row.count, 0),
  );
  return STAGE_ORDER.map((stage, index) => {
    const live = rows.filter((row) => row.stage === stage && row.status !== 'lost');
    const sum = (
      field: keyof Pick<StageStatusRow, 'count' | 'plannedInvestment' | 'contractInvestment' | 'actualInvestment' | 'expectedJobs'>,
    ) =>
      round(
        live.reduce((total, row) => total + row[field], 0),
        2,
      );
    const reached = reachedAtLeast[index];
    const next = index + 1 < STAGE_ORDER.length ? reachedAtLeast[index + 1] : null;
    return {
      stage,
      count: sum('count'),
      plannedInvestment: sum('plannedInvestment'),
      contractInvestment: sum('contractInvestment'),
      actualInvestment: sum('actualInvestment'),
      expectedJobs: sum('expectedJobs'),
      conversion: next === null || reached === 0 ? null : round(next / reached, 4),
      medianDaysInStage: medians[stage] === undefined ? null : round(medians[stage], 1),
    };
  });
}
