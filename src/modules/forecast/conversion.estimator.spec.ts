import { describe, expect, it } from '@jest/globals';
import { conversionCurves, curveFor, kaplanMeier, medianMonths, Observation, Outcome, reachByOffset, shrink } from './conversion.estimator';
import { gapWords } from './forecast-words';

const H = 12;
/** `n` leads of hop 0 in branch A, band small. */
const obs = (outcome: Outcome, bucket: number, n = 1, branch = 'A', band = 'small', hop = 0): Observation => ({
  hop,
  branch,
  band,
  outcome,
  bucket,
  n,
});
const round = (values: number[]) => values.map((v) => Math.round(v * 10_000) / 10_000);

describe('kaplanMeier', () => {
  it('is the plain share when every lead has an outcome: 5 of 10 moved on in their first month, 5 were lost', () => {
    const curve = kaplanMeier([obs('event', 0, 5), obs('never', 0, 5)], H);
    expect(curve.n).toBe(10);
    expect(round(curve.cdf)).toEqual(new Array(H).fill(0.5));
  });

  it('spreads the events over the months they took: 2 of 4 in month 0, 1 in month 2, 1 lost', () => {
    const curve = kaplanMeier([obs('event', 0, 2), obs('event', 2), obs('never', 5)], H);
    expect(round(curve.cdf).slice(0, 4)).toEqual([0.5, 0.5, 0.75, 0.75]);
  });

  it('counts a lead still in its stage as not yet, not as failed (censoring)', () => {
    // 6 leads: 2 moved on in month 2, 2 were lost, 2 are still in the stage after one whole month
    const curve = kaplanMeier([obs('event', 2, 2), obs('never', 0, 2), obs('censored', 1, 2)], H);
    // month 0: 6 at risk, none move; month 1: the 2 censored leave the risk set; month 2: 2 of 4 move on
    expect(round(curve.cdf).slice(0, 3)).toEqual([0, 0, 0.5]);
    // counting the 2 still in the stage as failures would have said 2 of 6
    expect(curve.cdf[2]).toBeGreaterThan(2 / 6);
  });

  it('has no events and a zero curve for leads only just in the stage', () => {
    const curve = kaplanMeier([obs('censored', 0, 3)], H);
    expect(curve.cdf).toEqual(new Array(H).fill(0));
  });

  it('leaves events beyond the horizon out of the curve', () => {
    expect(round(kaplanMeier([obs('event', 0), obs('event', H + 3)], H).cdf)[H - 1]).toBe(0.5);
  });
});

describe('shrink', () => {
  it('pulls a small group towards its parent: (2 successes + k·0.5) / (2 + k) with k = 2 is 0.75', () => {
    const own = kaplanMeier([obs('event', 0, 2)], H);
    const parent = { n: 100, cdf: new Array(H).fill(0.5) };
    expect(round(shrink(own, parent, 2).cdf)[0]).toBe(0.75);
  });

  it('leaves a large group near its own rate', () => {
    const own = kaplanMeier([obs('event', 0, 900), obs('never', 0, 100)], H);
    const parent = { n: 1000, cdf: new Array(H).fill(0.5) };
    expect(round(shrink(own, parent, 10).cdf)[0]).toBe(Math.round(((900 + 5) / 1010) * 10_000) / 10_000);
  });

  it('with k = 0 is the group’s own curve', () => {
    const own = kaplanMeier([obs('event', 1), obs('never', 0)], H);
    expect(shrink(own, { n: 5, cdf: new Array(H).fill(0.9) }, 0).cdf).toEqual(own.cdf);
  });
});

describe('conversionCurves', () => {
  // branch A: 8 of 10 small leads move on in month 0; branch B: 1 small lead, lost; overall 8 of 11
  const history = [obs('event', 0, 8), obs('never', 0, 2), obs('never', 0, 1, 'B')];
  const [hop] = conversionCurves(history, 1, H, 1);

  it('estimates the overall rate from every group', () => {
    expect(round(hop.overall.cdf)[0]).toBe(Math.round((8 / 11) * 10_000) / 10_000);
  });

  it('pulls a one-lead branch towards the overall rate instead of calling it 0', () => {
    const b = hop.byBranch.get('B');
    expect(b?.n).toBe(1);
    expect(b?.cdf[0]).toBeCloseTo((0 + 1 * (8 / 11)) / 2, 10);
  });

  it('pulls a cell towards its branch and falls back to the branch, then overall, for unseen cells', () => {
    const a = hop.byBranch.get('A')?.cdf[0] ?? NaN;
    expect(hop.byCell.get('A|small')?.cdf[0]).toBeCloseTo((10 * 0.8 + a) / 11, 10);
    expect(curveFor(hop, 'A', 'large').cdf[0]).toBeCloseTo(a, 10);
    expect(curveFor(hop, 'C', 'large').cdf[0]).toBeCloseTo(8 / 11, 10);
  });
});

describe('reachByOffset', () => {
  const half = { n: 10, cdf: new Array(H).fill(0.5) }; // half move on in their first month, the rest never
  const steady = { n: 10, cdf: Array.from({ length: H }, (_, j) => 1 - 0.5 ** (j + 1)) }; // half of those left, each month

  it('is the curve itself for a lead just in its stage', () => {
    expect(round(reachByOffset([steady], 0, 4))).toEqual([0.5, 0.75, 0.875, 0.9375]);
  });

  it('conditions on the months a lead has already waited: a memoryless hop looks the same at any age', () => {
    expect(round(reachByOffset([steady], 3, 4))).toEqual([0.5, 0.75, 0.875, 0.9375]);
  });

  it('gives a lead past the months when leads move on no chance of moving on', () => {
    expect(reachByOffset([half], 2, 4)).toEqual([0, 0, 0, 0]);
  });

  it('chains hops: two half-chances in month 0 make a quarter', () => {
    expect(round(reachByOffset([half, half], 0, 3))).toEqual([0.25, 0.25, 0.25]);
  });

  it('chains hops with their durations: one month, then one month, lands in month 2', () => {
    const oneMonth = { n: 1, cdf: [0, 1, 1, 1] };
    expect(reachByOffset([oneMonth, oneMonth], 0, 4)).toEqual([0, 0, 1, 1]);
  });
});

describe('medianMonths', () => {
  it('is the month by which half of the eventual movers have moved', () => {
    expect(medianMonths({ n: 4, cdf: [0.1, 0.2, 0.3, 0.4] })).toBe(1);
    expect(medianMonths({ n: 4, cdf: [0, 0, 0, 0] })).toBeNull();
  });
});

describe('gapWords', () => {
  const metric = { label: '签约项目', unit: '个', keyOnly: false };
  const facts = { metric, year: 2026, closed: false, yearEnd: 17, target: 40, deadline: '6月', perNewLead: 0.5 };

  it('says how many new 洽谈 leads close the gap by the deadline month, from the numbers', () => {
    expect(gapWords(facts)).toBe('按当前转化率，2026年签约项目预计 17 个，距目标 40 个 还差 23 个；6月前还需新增 46 个洽谈项目');
  });

  it('says the target will be met when the forecast reaches it', () => {
    expect(gapWords({ ...facts, yearEnd: 41 })).toBe('按当前转化率，2026年签约项目预计 41 个，可完成目标 40 个');
  });

  it('says when new leads come too late to count this year', () => {
    expect(gapWords({ ...facts, perNewLead: 0 })).toContain('新增洽谈项目已难在期内见效');
  });

  it('reports a closed year as done against its target', () => {
    expect(gapWords({ ...facts, closed: true, yearEnd: 30 })).toBe('2026年签约项目完成 30 个，目标 40 个，完成率 75%');
  });
});
