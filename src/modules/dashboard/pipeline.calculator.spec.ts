import { describe, expect, it } from '@jest/globals';
import { LeadStage } from '../leads/lead.enums';
import { StageStatusRow, stageFigures } from './pipeline.calculator';

const row = (stage: LeadStage, status: StageStatusRow['status'], count: number, plannedInvestment = 0): StageStatusRow => ({
  stage,
  status,
  count,
  plannedInvestment,
  contractInvestment: 0,
  actualInvestment: 0,
  expectedJobs: 0,
});

describe('stage figures', () => {
  it('counts and sums only leads that are not lost, on hold included', () => {
    const figures = stageFigures(
      [row(LeadStage.Lead, 'active', 3, 300), row(LeadStage.Lead, 'on_hold', 1, 100), row(LeadStage.Lead, 'lost', 5, 9999)],
      {},
    );
    expect(figures[0]).toMatchObject({ stage: 'lead', count: 4, plannedInvestment: 400 });
  });

  it('computes conversion over every lead that reached the stage, lost ones included', () => {
    // 10 reached 线索 (all), 6 reached 洽谈, 3 reached 签约, 1 reached 开工, 0 reached 投产
    const figures = stageFigures(
      [
        row(LeadStage.Lead, 'active', 2),
        row(LeadStage.Lead, 'lost', 2),
        row(LeadStage.Negotiating, 'active', 2),
        row(LeadStage.Negotiating, 'lost', 1),
        row(LeadStage.Signed, 'active', 2),
        row(LeadStage.Building, 'active', 1),
      ],
      {},
    );
    expect(figures.map((f) => f.conversion)).toEqual([0.6, 0.5, 0.3333, 0, null]);
  });

  it('answers null conversion for a stage nobody reached, and passes medians through rounded', () => {
    const figures = stageFigures([], { [LeadStage.Negotiating]: 12.345 });
    expect(figures.map((f) => f.conversion)).toEqual([null, null, null, null, null]);
    expect(figures[1].medianDaysInStage).toBe(12.3);
    expect(figures[0].medianDaysInStage).toBeNull();
  });
});
