import { describe, expect, it } from '@jest/globals';
import { CHAIN_MARKS, MarkedNode } from '../chains/chain.model';
import {
  AssessmentScores,
  CRITERION_MAX,
  evaluateAssessment,
  INDUSTRY_FIT_SHARE,
  industryFitFor,
  scaleAgainstBenchmark,
  suggestScores,
} from './assessment.calculator';

const scores = (overrides: Partial<AssessmentScores> = {}): AssessmentScores => ({
  industryFit: 25,
  investmentIntensity: 20,
  taxPerMu: 15,
  technology: 12,
  energyEnvironment: 8,
  ...overrides,
});

const figures = (overrides: Partial<Parameters<typeof suggestScores>[0]> = {}) => ({
  plannedInvestment: null,
  contractInvestment: null,
  expectedAnnualTax: null,
  landAreaMu: null,
  ...overrides,
});

describe('evaluateAssessment', () => {
  it('recommends a project scoring 80 or more with no veto (建议引进)', () => {
    expect(evaluateAssessment(scores(), [])).toEqual({ total: 80, passed: true, recommendation: '建议引进' });
    expect(
      evaluateAssessment(scores({ industryFit: 30, investmentIntensity: 25, taxPerMu: 20, technology: 15, energyEnvironment: 10 }), []),
    ).toEqual({
      total: 100,
      passed: true,
      recommendation: '建议引进',
    });
  });

  it('passes a project scoring 60 to 79.9 with a note to watch its weak points', () => {
    expect(evaluateAssessment(scores({ industryFit: 5 }), [])).toEqual({ total: 60, passed: true, recommendation: '可以引进，需关注短板' });
    expect(evaluateAssessment(scores({ energyEnvironment: 7.9 }), [])).toEqual({
      total: 79.9,
      passed: true,
      recommendation: '可以引进，需关注短板',
    });
  });

  it('fails a project scoring below 60 (暂不建议引进)', () => {
    expect(evaluateAssessment(scores({ industryFit: 4.9 }), [])).toEqual({ total: 59.9, passed: false, recommendation: '暂不建议引进' });
    expect(
      evaluateAssessment(scores({ industryFit: 0, investmentIntensity: 0, taxPerMu: 0, technology: 0, energyEnvironment: 0 }), []),
    ).toMatchObject({ total: 0, passed: false });
  });

  it('fails a project with any veto whatever its total, naming the vetoes', () => {
    expect(evaluateAssessment(scores({ industryFit: 30 }), ['高耗能', '不符合产业政策'])).toEqual({
      total: 85,
      passed: false,
      recommendation: '一票否决：高耗能、不符合产业政策',
    });
  });

  it('adds one-decimal scores without floating-point residue', () => {
    expect(
      evaluateAssessment(
        scores({ industryFit: 12.3, investmentIntensity: 4.1, taxPerMu: 0.1, technology: 0.2, energyEnvironment: 0.7 }),
        [],
      ).total,
    ).toBe(17.4);
  });
});

describe('scaleAgainstBenchmark', () => {
  it('gives nothing at or below half the benchmark, full marks from 1.5× and a straight line between', () => {
    expect(scaleAgainstBenchmark(100, 300, 25)).toBe(0);
    expect(scaleAgainstBenchmark(150, 300, 25)).toBe(0);
    expect(scaleAgainstBenchmark(300, 300, 25)).toBe(12.5);
    expect(scaleAgainstBenchmark(450, 300, 25)).toBe(25);
    expect(scaleAgainstBenchmark(9000, 300, 25)).toBe(25);
    expect(scaleAgainstBenchmark(240, 300, 25)).toBe(7.5);
  });
});

describe('suggestScores', () => {
  it('scores investment intensity from contract investment per 亩 when the lead is signed', () => {
    const suggested = suggestScores(figures({ plannedInvestment: 10000, contractInvestment: 45000, landAreaMu: 100 }), 300, null);
    expect(suggested.investmentIntensity).toBe(25);
    expect(suggested.basis.investmentPerMu).toBe(450);
  });

  it('falls back to planned investment and scores it against the configured minimum', () => {
    const suggested = suggestScores(figures({ plannedInvestment: 30000, landAreaMu: 100 }), 300, null);
    expect(suggested.investmentIntensity).toBe(12.5);
    expect(suggested.basis).toMatchObject({ investmentPerMu: 300, minInvestPerMu: 300 });
    expect(suggestScores(figures({ plannedInvestment: 30000, landAreaMu: 100 }), 200, null).investmentIntensity).toBe(25);
  });

  it('scores tax per 亩 per year against 30 万元 out of 20', () => {
    expect(suggestScores(figures({ expectedAnnualTax: 3000, landAreaMu: 100 }), 300, null)).toMatchObject({
      taxPerMu: 10,
      basis: { taxPerMu: 30, taxPerMuBenchmark: 30 },
    });
    expect(suggestScores(figures({ expectedAnnualTax: 1000, landAreaMu: 100 }), 300, null).taxPerMu).toBe(0);
    expect(suggestScores(figures({ expectedAnnualTax: 6000, landAreaMu: 100 }), 300, null).taxPerMu).toBe(20);
  });

  it('suggests nothing where a figure or the land area is missing or zero, and never technology or energy (they need a person)', () => {
    const none = suggestScores(figures({ plannedInvestment: 30000, expectedAnnualTax: 3000, landAreaMu: 0 }), 300, null);
    expect(none).toMatchObject({ industryFit: null, investmentIntensity: null, taxPerMu: null, technology: null, energyEnvironment: null });
    expect(suggestScores(figures({ landAreaMu: 50 }), 300, null)).toMatchObject({
      investmentIntensity: null,
      taxPerMu: null,
      basis: { investmentPerMu: null, taxPerMu: null },
    });
  });

  it('suggests industry fit from the chain node’s mark: full points on a gap node, less on a weak one, least on a strong one', () => {
    const node = (mark: MarkedNode['mark']): MarkedNode => ({ id: 'n1', name: '晶圆制造', mark });
    expect(suggestScores(figures(), 300, node('gap'))).toMatchObject({
      industryFit: CRITERION_MAX.industryFit,
      basis: { chainNode: { id: 'n1', name: '晶圆制造', mark: 'gap', markLabel: '缺链' } },
    });
    expect(suggestScores(figures(), 300, node('weak'))).toMatchObject({
      industryFit: 20,
      basis: { chainNode: { mark: 'weak', markLabel: '弱链' } },
    });
    expect(suggestScores(figures(), 300, node('strong'))).toMatchObject({
      industryFit: 10,
      basis: { chainNode: { mark: 'strong', markLabel: '强链' } },
    });
  });

  it('suggests no industry fit for a lead on no chain node, and says so in the basis', () => {
    expect(suggestScores(figures({ plannedInvestment: 30000, landAreaMu: 100 }), 300, null)).toMatchObject({
      industryFit: null,
      investmentIntensity: 12.5,
      basis: { chainNode: null },
    });
  });
});

describe('industryFitFor', () => {
  it('ranks the marks gap > weak > strong, gives the gap the criterion’s maximum and stays within 0..max in one decimal', () => {
    expect(industryFitFor('gap')).toBe(CRITERION_MAX.industryFit);
    expect(industryFitFor('gap')).toBeGreaterThan(industryFitFor('weak'));
    expect(industryFitFor('weak')).toBeGreaterThan(industryFitFor('strong'));
    for (const { key } of CHAIN_MARKS) {
      expect(INDUSTRY_FIT_SHARE[key]).toBeLessThanOrEqual(1);
      expect(industryFitFor(key)).toBeGreaterThanOrEqual(0);
      expect(Math.round(industryFitFor(key) * 10) / 10).toBe(industryFitFor(key));
    }
  });
});
