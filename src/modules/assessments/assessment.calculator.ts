import { ChainMark, MARK_LABELS, MarkedNode } from '../chains/chain.model';

/** The five criteria of 事前评估 and their maximum points (they add up to 100). */
export interface AssessmentScores {
  industryFit: number;
  investmentIntensity: number;
  taxPerMu: number;
  technology: number;
  energyEnvironment: number;
}

export type AssessmentCriterion = keyof AssessmentScores;

export const CRITERION_MAX: Readonly<Record<AssessmentCriterion, number>> = {
  industryFit: 30,
  investmentIntensity: 25,
  taxPerMu: 20,
  technology: 15,
  energyEnvironment: 10,
};

export const CRITERION_LABELS: Readonly<Record<AssessmentCriterion, string>> = {
  industryFit: '产业契合度',
  investmentIntensity: '投资强度',
  taxPerMu: '亩均税收',
  technology: '技术水平',
  energyEnvironment: '能耗与环保',
};

export const CRITERIA = Object.keys(CRITERION_MAX) as AssessmentCriterion[];

/** Pass mark (total ≥ 60 and no veto) and the mark above which the project is recommended outright. */
export const PASS_MARK = 60;
export const RECOMMEND_MARK = 80;

/** Benchmark of expected tax per 亩 per year, 万元/亩·年. */
export const TAX_PER_MU_BENCHMARK = 30;

/**
 * 产业契合度 from the lead's chain node (DESIGN §10: a gap node fits best): the share of CRITERION_MAX.industryFit each
 * mark of the gap view earns. Typed by ChainMark, so a mark added to CHAIN_MARKS does not compile until it has a share.
 */
export const INDUSTRY_FIT_SHARE: Readonly<Record<ChainMark, number>> = { gap: 1, weak: 2 / 3, strong: 1 / 3 };

export interface AssessmentOutcome {
  total: number;
  passed: boolean;
  recommendation: string;
}

/** Total out of 100, pass/fail and the Chinese recommendation; any veto fails the assessment whatever the total. */
export function evaluateAssessment(scores: AssessmentScores, vetoes: readonly string[]): AssessmentOutcome {
  // Scores carry at most one decimal; summing in tenths keeps 12.3 + 4.1 from becoming 16.400000000000002.
  const total = CRITERIA.reduce((sum, criterion) => sum + Math.round(scores[criterion] * 10), 0) / 10;
  if (vetoes.length > 0) return { total, passed: false, recommendation: `一票否决：${vetoes.join('、')}` };
  if (total >= RECOMMEND_MARK) return { total, passed: true, recommendation: '建议引进' };
  if (total >= PASS_MARK) return { total, passed: true, recommendation: '可以引进，需关注短板' };
  return { total, passed: false, recommendation: '暂不建议引进' };
}

/** The lead's figures a suggestion is computed from (万元 and 亩). */
export interface LeadFigures {
  plannedInvestment: number | null;
  contractInvestment: number | null;
  expectedAnnualTax: number | null;
  landAreaMu: number | null;
}

export interface SuggestionBasis {
  /** 投资强度, 万元/亩: contract investment (else planned) ÷ land area. */
  investmentPerMu: number | null;
  minInvestPerMu: number;
  /** 亩均税收, 万元/亩·年: expected annual tax ÷ land area. */
  taxPerMu: number | null;
  taxPerMuBenchmark: number;
  /** 产业链环节 the industry fit is judged by, with its mark then (the lead itself left out); null: the lead has no node. */
  chainNode: { id: string; name: string; mark: ChainMark; markLabel: string } | null;
}

/** Suggested points per criterion; null where the lead holds no figure to judge by. */
export type SuggestedScores = Record<AssessmentCriterion, number | null> & { basis: SuggestionBasis };

/**
 * Points for a figure against its benchmark: full marks at ≥ 1.5× the benchmark, none at or below half of it,
 * linear between (so exactly meeting the benchmark earns half the points); one decimal.
 */
export function scaleAgainstBenchmark(value: number, benchmark: number, max: number): number {
  const ratio = value / benchmark;
  if (ratio >= 1.5) return max;
  if (ratio <= 0.5) return 0;
  return Math.round(max * (ratio - 0.5) * 10) / 10;
}

const perMu = (amount: number | null, landAreaMu: number | null): number | null =>
  amount === null || landAreaMu === null || landAreaMu <= 0 ? null : Math.round((amount / landAreaMu) * 100) / 100;

/** Points for industry fit on a node with this mark: its share of the criterion's maximum, one decimal. */
export function industryFitFor(mark: ChainMark): number {
  return Math.round(CRITERION_MAX.industryFit * INDUSTRY_FIT_SHARE[mark] * 10) / 10;
}

/**
 * Suggested scores from the lead's figures (investment intensity and tax per 亩) and its chain node's mark (industry
 * fit; none without a node); technology and energy need a person.
 */
export function suggestScores(lead: LeadFigures, minInvestPerMu: number, chainNode: MarkedNode | null): SuggestedScores {
  const investmentPerMu = perMu(lead.contractInvestment ?? lead.plannedInvestment, lead.landAreaMu);
  const taxPerMu = perMu(lead.expectedAnnualTax, lead.landAreaMu);
  return {
    industryFit: chainNode ? industryFitFor(chainNode.mark) : null,
    investmentIntensity:
      investmentPerMu === null ? null : scaleAgainstBenchmark(investmentPerMu, minInvestPerMu, CRITERION_MAX.investmentIntensity),
    taxPerMu: taxPerMu === null ? null : scaleAgainstBenchmark(taxPerMu, TAX_PER_MU_BENCHMARK, CRITERION_MAX.taxPerMu),
    technology: null,
    energyEnvironment: null,
    basis: {
      investmentPerMu,
      minInvestPerMu,
      taxPerMu,
      taxPerMuBenchmark: TAX_PER_MU_BENCHMARK,
      chainNode: chainNode && { id: chainNode.id, name: chainNode.name, mark: chainNode.mark, markLabel: MARK_LABELS[chainNode.mark] },
    },
  };
}
