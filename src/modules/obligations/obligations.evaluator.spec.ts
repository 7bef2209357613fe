import { describe, expect, it } from '@jest/globals';
import { AgreementClause } from './agreement-clause.entity';
import { Agreement } from './agreement.entity';
import { evaluateLead, ObligationLead } from './obligations.evaluator';
import { ReportedActual } from './reported-actual.entity';

const lead: ObligationLead = {
  id: 'L',
  agreedStartDate: '2025-06-01',
  constructionStartedAt: null,
  operatingAt: null,
  landAreaMu: 80,
  contractInvestment: 20_000,
};
const agreement = (overrides: Partial<Agreement>): Agreement =>
  ({
    id: 'A',
    leadId: 'L',
    kind: 'main',
    landStartDate: null,
    landAreaMu: null,
    investment: null,
    plannedFloorArea: null,
    ...overrides,
  }) as Agreement;
const report = (period: string, asOf: string, figures: Partial<ReportedActual>): ReportedActual =>
  ({
    leadId: 'L',
    period,
    asOf,
    investmentArrived: null,
    output: null,
    tax: null,
    jobs: null,
    energy: null,
    rdExpense: null,
    builtFloorArea: null,
    ...figures,
  }) as ReportedActual;
const clause = (overrides: Partial<AgreementClause>): AgreementClause =>
  ({
    id: 'C',
    agreementId: 'A',
    leadId: 'L',
    kind: 'tax_per_mu',
    threshold: 10,
    dueDate: null,
    yearlyFrom: 2025,
    status: 'pending',
    ...overrides,
  }) as AgreementClause;

describe('evaluateLead', () => {
  it('starts the main agreement’s clock at the lead’s agreed start when the land contract gives none, and gives a supplementary agreement none', () => {
    const result = evaluateLead(
      lead,
      { agreements: [agreement({}), agreement({ id: 'S', kind: 'supplementary' })], clauses: [], actuals: [] },
      '2026-06-01',
      90,
    );
    expect(result.clocks.get('A')).toMatchObject({ level: 'red', rule: 'not_started', since: '2025-06-01' });
    expect(result.clocks.get('S')).toMatchObject({ level: 'none', rule: null });
  });

  it('prefers the land contract’s start, and measures the partial-build shares against the agreement’s floor area and investment', () => {
    const started = { ...lead, constructionStartedAt: '2025-01-10' };
    const actuals = [
      report('2025-Q1', '2025-03-31', { builtFloorArea: 5_000, investmentArrived: 8_000 }),
      report('2025-Q2', '2025-06-30', { builtFloorArea: 5_000, investmentArrived: 8_000 }),
    ];
    const result = evaluateLead(
      started,
      { agreements: [agreement({ landStartDate: '2024-12-01', plannedFloorArea: 30_000, investment: 30_000 })], clauses: [], actuals },
      '2026-04-01',
      90,
    );
    expect(result.clocks.get('A')).toMatchObject({
      level: 'red',
      rule: 'partial_build',
      since: '2025-03-31',
      builtShare: 0.1667,
      investmentShare: 0.2667,
    });
  });

  it('divides per-亩 clauses by the agreement’s land, else the lead’s, and sums up the project’s 履约率', () => {
    const actuals = [report('2025', '2025-12-31', { tax: 800 })];
    const onLead = evaluateLead(lead, { agreements: [agreement({})], clauses: [clause({})], actuals }, '2026-03-01', 90);
    expect(onLead.states.get('C')).toMatchObject({ state: 'met', actual: 10 });
    const onAgreement = evaluateLead(
      lead,
      { agreements: [agreement({ landAreaMu: 100 })], clauses: [clause({})], actuals },
      '2026-03-01',
      90,
    );
    expect(onAgreement.states.get('C')).toMatchObject({ state: 'partly_met', actual: 8, rate: 0.8 });
    expect(onAgreement.fulfilment).toMatchObject({ rate: 0.8, clauses: 1, decided: 1, partlyMet: 1 });
  });
});
