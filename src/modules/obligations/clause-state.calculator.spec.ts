import { describe, expect, it } from '@jest/globals';
import {
  achievement,
  annualFigures,
  ClauseContext,
  ClauseInput,
  clauseState,
  fulfilmentRate,
  kindFigure,
  ReportedActual,
} from './clause-state.calculator';
import { ActualFigures } from './obligation.model';
import { parsePeriod } from './period';

const none: ActualFigures = {
  investmentArrived: null,
  output: null,
  tax: null,
  jobs: null,
  energy: null,
  rdExpense: null,
  builtFloorArea: null,
};
const report = (period: string, asOf: string, figures: Partial<ActualFigures>): ReportedActual => ({
  period: parsePeriod(period)!,
  asOf,
  figures: { ...none, ...figures },
});
const context = (overrides: Partial<ClauseContext> = {}): ClauseContext => ({
  today: '2026-07-15',
  landAreaMu: 100,
  constructionStartedAt: null,
  operatingAt: null,
  actuals: [],
  ...overrides,
});
const clause = (overrides: Partial<ClauseInput>): ClauseInput => ({
  kind: 'investment_arrived',
  threshold: 10_000,
  dueDate: '2026-12-31',
  yearlyFrom: null,
  status: 'pending',
  ...overrides,
});

describe('clauseState: a deadline on a reported figure (到位投资 1 亿元 by 2026-12-31)', () => {
  it('is pending before the due date while the figure is short, and met as soon as it is reached', () => {
    const short = context({ actuals: [report('2026-Q1', '2026-03-31', { investmentArrived: 4_000 })] });
    expect(clauseState(clause({}), short)).toMatchObject({ state: 'pending', actual: 4_000, rate: null, overdue: false });
    const reached = context({ actuals: [...short.actuals, report('2026-Q2', '2026-06-30', { investmentArrived: 10_000 })] });
    expect(clauseState(clause({}), reached)).toMatchObject({ state: 'met', decidedBy: 'figures', actual: 10_000, rate: 1 });
  });

  it('is partly met after the due date with the share reached, missed with nothing reported', () => {
    const after = context({ today: '2027-01-01', actuals: [report('2026-Q4', '2026-12-31', { investmentArrived: 6_000 })] });
    expect(clauseState(clause({}), after)).toMatchObject({ state: 'partly_met', actual: 6_000, rate: 0.6, overdue: true });
    expect(clauseState(clause({}), context({ today: '2027-01-01' }))).toMatchObject({ state: 'missed', rate: 0, overdue: true });
  });

  it('is still pending on the due date itself (overdue from the next day)', () => {
    expect(clauseState(clause({}), context({ today: '2026-12-31' }))).toMatchObject({ state: 'pending', overdue: false });
  });

  it('takes the latest report by its as-of day, whatever order the reports came in', () => {
    const actuals = [
      report('2026-Q2', '2026-06-30', { investmentArrived: 12_000 }),
      report('2026-Q1', '2026-03-31', { investmentArrived: 3_000 }),
    ];
    expect(clauseState(clause({}), context({ actuals })).state).toBe('met');
  });
});

describe('clauseState: a yearly check (年税收 ≥ 500 万元 from 2025)', () => {
  const yearly = clause({ kind: 'annual_tax', threshold: 500, dueDate: null, yearlyFrom: 2025 });

  it('is decided by the latest year with figures, a past year added up from its quarters', () => {
    const actuals = [
      report('2025', '2025-12-31', { tax: 520 }),
      ...['Q1', 'Q2', 'Q3', 'Q4'].map((q) => report(`2026-${q}`, '2026-12-31', { tax: 100 })),
    ];
    const state = clauseState(yearly, context({ today: '2027-02-01', actuals }));
    expect(state).toMatchObject({ state: 'partly_met', actual: 400, rate: 0.8, decidedBy: 'figures' });
    expect(state.years).toEqual([
      { year: 2025, actual: 520, rate: 1, state: 'met' },
      { year: 2026, actual: 400, rate: 0.8, state: 'partly_met' },
    ]);
  });

  it('does not judge the running year by its first quarters, only by a full-year report', () => {
    const actuals = [report('2025', '2025-12-31', { tax: 600 }), report('2026-Q1', '2026-03-31', { tax: 50 })];
    expect(clauseState(yearly, context({ actuals }))).toMatchObject({ state: 'met', actual: 600 });
    const withYear = [...actuals, report('2026', '2026-07-01', { tax: 0 })];
    expect(clauseState(yearly, context({ actuals: withYear }))).toMatchObject({ state: 'missed', actual: 0, rate: 0 });
  });

  it('is pending until a year has figures', () => {
    expect(clauseState(yearly, context())).toMatchObject({ state: 'pending', decidedBy: 'none', rate: null });
  });
});

describe('clauseState: ratios and the at-most kinds', () => {
  it('divides per 亩 by the land area, and by output for energy and R&D share', () => {
    const figures: ActualFigures = { ...none, tax: 3_000, investmentArrived: 40_000, output: 20_000, energy: 1_000, rdExpense: 600 };
    expect(kindFigure('tax_per_mu', figures, 100)).toBe(30);
    expect(kindFigure('investment_intensity', figures, 100)).toBe(400);
    expect(kindFigure('energy_per_output', figures, 100)).toBe(0.05);
    expect(kindFigure('rd_share', figures, 100)).toBe(3);
    expect(kindFigure('tax_per_mu', figures, null)).toBeNull();
    expect(kindFigure('rd_share', { ...figures, output: 0 }, 100)).toBeNull();
  });

  it('meets an at-most threshold from below and scores the excess', () => {
    expect(achievement('energy_per_output', 0.04, 0.05)).toBe(1);
    expect(achievement('energy_per_output', 0.1, 0.05)).toBe(0.5);
    expect(achievement('jobs', 150, 300)).toBe(0.5);
  });
});

describe('clauseState: milestones and manual clauses', () => {
  const start = clause({ kind: 'construction_start', threshold: null, dueDate: '2026-06-30' });

  it('meets a milestone by the lead’s date, late is partly met, none after the due date is missed', () => {
    expect(clauseState(start, context({ constructionStartedAt: '2026-06-30' }))).toMatchObject({
      state: 'met',
      decidedBy: 'milestone',
      rate: 1,
    });
    expect(clauseState(start, context({ constructionStartedAt: '2026-07-02' }))).toMatchObject({ state: 'partly_met', rate: 0.5 });
    expect(clauseState(start, context())).toMatchObject({ state: 'missed', overdue: true });
    expect(clauseState(start, context({ today: '2026-06-30' }))).toMatchObject({ state: 'pending', overdue: false });
  });

  it('takes a manual clause’s recorded status, and counts it missed once past due while pending', () => {
    const land = clause({ kind: 'land_delivery', threshold: null, dueDate: '2026-05-01' });
    expect(clauseState(land, context())).toMatchObject({ state: 'missed', overdue: true });
    expect(clauseState({ ...land, status: 'met' }, context())).toMatchObject({
      state: 'met',
      decidedBy: 'recorded',
      overdue: false,
      rate: 1,
    });
    expect(clauseState({ ...land, status: 'waived' }, context())).toMatchObject({ state: 'waived', rate: null, overdue: false });
  });

  it('lets a recorded decision stand over the figures', () => {
    const actuals = [report('2026-Q1', '2026-03-31', { investmentArrived: 20_000 })];
    expect(clauseState(clause({ status: 'missed' }), context({ actuals }))).toMatchObject({
      state: 'missed',
      decidedBy: 'recorded',
      rate: 0,
    });
  });
});

describe('annualFigures', () => {
  it('prefers the year’s own report, else adds up flow figures and takes the latest stock figure of its quarters', () => {
    const actuals = [
      report('2026-Q1', '2026-03-31', { output: 100, jobs: 50 }),
      report('2026-Q2', '2026-06-30', { output: 150, jobs: 80 }),
    ];
    expect(annualFigures(actuals, 2026)).toMatchObject({ output: 250, jobs: 80, tax: null });
    expect(annualFigures([...actuals, report('2026', '2026-12-31', { output: 900 })], 2026)).toMatchObject({ output: 900, jobs: 80 });
    expect(annualFigures(actuals, 2026, false)).toMatchObject({ output: null });
  });
});

describe('fulfilmentRate', () => {
  it('is the mean of the decided clauses’ rates, pending and waived left out', () => {
    expect(fulfilmentRate([{ rate: 1 }, { rate: 0 }, { rate: 0.5 }, { rate: null }])).toBe(0.5);
    expect(fulfilmentRate([{ rate: null }])).toBeNull();
    expect(fulfilmentRate([])).toBeNull();
  });
});
