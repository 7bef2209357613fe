import { describe, expect, it } from '@jest/globals';
import { AgreementClause } from './agreement-clause.entity';
import { Agreement } from './agreement.entity';
import { figuresOf } from './obligation-figures';
import { evaluateLead, ObligationLead } from './obligations.evaluator';

const lead: ObligationLead = {
  id: 'L',
  agreedStartDate: null,
  constructionStartedAt: null,
  operatingAt: null,
  landAreaMu: 80,
  contractInvestment: 20_000,
};
const agreement = (id: string, landStartDate: string | null): Agreement =>
  ({
    id,
    leadId: 'L',
    kind: id === 'A' ? 'main' : 'supplementary',
    number: `N-${id}`,
    landStartDate,
    landAreaMu: null,
    investment: null,
    plannedFloorArea: null,
  }) as Agreement;
const clause = (overrides: Partial<AgreementClause>): AgreementClause =>
  ({
    id: 'C',
    agreementId: 'A',
    leadId: 'L',
    party: 'government',
    kind: 'land_delivery',
    threshold: null,
    dueDate: null,
    yearlyFrom: null,
    status: 'pending',
    ...overrides,
  }) as AgreementClause;

describe('figuresOf', () => {
  it('counts clocks by level, keeps those at yellow or worse, and orders the row by its worst clock', () => {
    const rows = {
      agreements: [agreement('A', '2025-05-01'), agreement('B', '2024-05-01'), agreement('D', null)],
      clauses: [],
      actuals: [],
    };
    const figures = figuresOf(rows, evaluateLead(lead, rows, '2026-06-01', 90));
    expect(figures).toMatchObject({ agreements: 3, clockLevel: 'critical', clockCounts: { none: 1, yellow: 0, red: 1, critical: 1 } });
    expect(figures.clocks.map((c) => [c.agreementId, c.rank])).toEqual([
      ['A', 2],
      ['B', 3],
    ]);
    expect({ rank: figures.clockRank, days: figures.clockDays }).toEqual({ rank: 3, days: figures.clocks[1].clock.days });
  });

  it('lists the government’s overdue clauses only, with the earliest due date, and sums the decided rates', () => {
    const rows = {
      agreements: [agreement('A', null)],
      clauses: [
        clause({ id: 'G1', dueDate: '2026-03-01' }),
        clause({ id: 'G2', dueDate: '2026-01-15' }),
        clause({ id: 'G3', dueDate: '2026-01-01', status: 'met' }),
        clause({ id: 'I1', party: 'investor', kind: 'construction_start', dueDate: '2026-01-01' }),
      ],
      actuals: [],
    };
    const evaluation = evaluateLead(lead, rows, '2026-06-01', 90);
    const figures = figuresOf(rows, evaluation);
    expect(figures.governmentOverdue.map((o) => o.id)).toEqual(['G1', 'G2']);
    expect(figures.governmentOverdueSince).toBe('2026-01-15');
    expect(figures.rateSum).toBe([...evaluation.states.values()].reduce((sum, s) => sum + (s.rate ?? 0), 0));
    expect(figures).toMatchObject({ clauses: 4, rate: evaluation.fulfilment.rate, fullyHonoured: false, clockRank: 0, clockDays: 0 });
  });
});
