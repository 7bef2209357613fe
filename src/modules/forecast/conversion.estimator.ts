/**
 * The conversion history (DESIGN §11) as pure functions: per hop (stage → next stage), a Kaplan–Meier estimate by
 * month of the chance to reach the next stage within t months, per industry branch and investment band, with small
 * groups pulled towards their parent's curve (credibility shrinkage), and the projection of a live lead along the
 * hops ahead of it. No database here: the SQL that counts the observations is forecast-history.query.ts.
 */

/** What became of one lead in one hop: it moved on (`event`), is still in the stage (`censored`: not yet), or was lost (`never`). */
export type Outcome = 'event' | 'censored' | 'never';

/**
 * `n` leads of a group in a hop with the same outcome and month bucket: for an event, the whole months it took
 * (floor); for a censored lead, the whole months it has been in the stage so far (observed through the months before).
 */
export interface Observation {
  hop: number;
  branch: string;
  band: string;
  outcome: Outcome;
  bucket: number;
  n: number;
}

/** P(reach the next stage within bucket ≤ j months), j = 0 … horizon−1, estimated from `n` leads. */
export interface Curve {
  n: number;
  cdf: number[];
}

/**
 * Kaplan–Meier by month. In bucket j the leads at risk are those that moved on in bucket j or later, those still in
 * the stage that have been observed through all of bucket j, and the lost ones (never moving on, so at risk
 * throughout); the hazard is the events of bucket j over those at risk. A lead still in a stage is thus a "not yet"
 * for the months it has not lived through, not a failure.
 */
export function kaplanMeier(observations: readonly Observation[], horizon: number): Curve {
  const events = new Array<number>(horizon).fill(0);
  const leaving = new Array<number>(horizon + 1).fill(0); // leads whose last month at risk is bucket j
  let n = 0;
  for (const o of observations) {
    n += o.n;
    if (o.outcome === 'never' || (o.outcome === 'event' && o.bucket >= horizon) || (o.outcome === 'censored' && o.bucket > horizon)) {
      leaving[horizon] += o.n;
    } else if (o.outcome === 'event') {
      events[o.bucket] += o.n;
      leaving[o.bucket + 1] += o.n;
    } else {
      // observed fully through buckets 0 … bucket−1 only
      leaving[o.bucket] += o.n;
    }
  }
  const cdf: number[] = [];
  let atRisk = n;
  let survival = 1;
  for (let j = 0; j < horizon; j++) {
    atRisk -= leaving[j];
    if (atRisk > 0) survival *= 1 - events[j] / atRisk;
    cdf.push(1 - survival);
  }
  return { n, cdf };
}

/** Pulls a group's curve towards its parent's: (n·own + k·parent) / (n + k) at every month, i.e. (successes + k·parent rate) / (n + k). */
export function shrink(own: Curve, parent: Curve, k: number): Curve {
  if (own.n + k === 0) return parent;
  return { n: own.n, cdf: own.cdf.map((value, j) => (own.n * value + k * parent.cdf[j]) / (own.n + k)) };
}

export interface HopCurves {
  overall: Curve;
  byBranch: Map<string, Curve>;
  byBand: Map<string, Curve>;
  /** branch|band cells, each pulled towards its branch's (already pulled) curve. */
  byCell: Map<string, Curve>;
}

export const cellKey = (branch: string, band: string): string => `${branch}|${band}`;

/** The curves of every hop (index = hop): overall, per branch and per band pulled towards overall, per cell pulled towards its branch. */
export function conversionCurves(observations: readonly Observation[], hops: number, horizon: number, k: number): HopCurves[] {
  const curves: HopCurves[] = [];
  for (let hop = 0; hop < hops; hop++) {
    const own = observations.filter((o) => o.hop === hop);
    const overall = kaplanMeier(own, horizon);
    const grouped = (key: (o: Observation) => string) => {
      const groups = new Map<string, Observation[]>();
      for (const o of own) groups.set(key(o), [...(groups.get(key(o)) ?? []), o]);
      return groups;
    };
    const byBranch = new Map([...grouped((o) => o.branch)].map(([key, obs]) => [key, shrink(kaplanMeier(obs, horizon), overall, k)]));
    const byBand = new Map([...grouped((o) => o.band)].map(([key, obs]) => [key, shrink(kaplanMeier(obs, horizon), overall, k)]));
    const byCell = new Map(
      [...grouped((o) => cellKey(o.branch, o.band))].map(([key, obs]) => [
        key,
        shrink(kaplanMeier(obs, horizon), byBranch.get(obs[0].branch) ?? overall, k),
      ]),
    );
    curves.push({ overall, byBranch, byBand, byCell });
  }
  return curves;
}

/** The curve a lead of this branch and band follows in a hop: its cell's, else its branch's, else the overall one. */
export function curveFor(curves: HopCurves, branch: string, band: string): Curve {
  return curves.byCell.get(cellKey(branch, band)) ?? curves.byBranch.get(branch) ?? curves.overall;
}

const at = (cdf: readonly number[], j: number): number => (j < 0 ? 0 : cdf[Math.min(j, cdf.length - 1)]);

/**
 * The chance, by month offset 0 … horizon−1 from now (0: this month), that a lead reaches a later stage: it has spent
 * `age` whole months in its stage without moving on (so the first hop is conditioned on that), then follows the
 * curves of the hops after it from their start. `hopCurves[0]` is the hop out of its current stage. Cumulative.
 */
export function reachByOffset(hopCurves: readonly Curve[], age: number, horizon: number): number[] {
  const [first, ...rest] = hopCurves;
  const alive = 1 - at(first.cdf, age - 1);
  let pmf = Array.from({ length: horizon }, (_, t) => (alive <= 0 ? 0 : (at(first.cdf, age + t) - at(first.cdf, age + t - 1)) / alive));
  for (const curve of rest) {
    const step = Array.from({ length: horizon }, (_, t) => at(curve.cdf, t) - at(curve.cdf, t - 1));
    const next = new Array<number>(horizon).fill(0);
    for (let u = 0; u < horizon; u++) {
      if (pmf[u] === 0) continue;
      for (let v = 0; u + v < horizon; v++) next[u + v] += pmf[u] * step[v];
    }
    pmf = next;
  }
  let sum = 0;
  return pmf.map((p) => (sum += p));
}

/** The month (0-based bucket) by which half the leads that will ever move on within the horizon have done so; null when none do. */
export function medianMonths(curve: Curve): number | null {
  const final = curve.cdf[curve.cdf.length - 1];
  if (!(final > 0)) return null;
  return curve.cdf.findIndex((value) => value >= final / 2);
}
