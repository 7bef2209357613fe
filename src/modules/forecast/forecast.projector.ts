import { Curve, curveFor, HopCurves, reachByOffset } from './conversion.estimator';
import { FORECAST_METRICS, MetricValues, stageIndex, zeroValues } from './forecast.model';
import type { LiveGroup } from './forecast-history.query';

/** Expected figures of the live leads of one team / industry / zone in the month `offset` months after the forecast's date. */
export interface ProjectedRow {
  teamId: string | null;
  industryCode: string;
  zoneCode: string | null;
  offset: number;
  /** Expected new signings, investment … in that month. */
  expected: MetricValues;
  /** The variance of the cumulative figure up to that month (independent leads; a group's amounts taken as equal). */
  variance: MetricValues;
}

/**
 * Σ over live leads of P(reach the metric's stage by each month) × weight, per filter key and month: the forecast
 * of DESIGN §11, before any request. Leads alike share one projection (memoised by stage, cell and age).
 */
export function projectGroups(groups: readonly LiveGroup[], curves: readonly HopCurves[], horizon: number): ProjectedRow[] {
  const memo = new Map<string, number[]>();
  const reach = (group: LiveGroup, target: number): number[] => {
    const id = `${group.stage}|${group.branch}|${group.band}|${group.age}|${target}`;
    let found = memo.get(id);
    if (!found) {
      const hops: Curve[] = curves.slice(group.stage, target).map((hop) => curveFor(hop, group.branch, group.band));
      found = hops.length === 0 ? new Array<number>(horizon).fill(0) : reachByOffset(hops, group.age, horizon);
      memo.set(id, found);
    }
    return found;
  };
  const rows = new Map<string, ProjectedRow>();
  for (const group of groups) {
    for (const metric of FORECAST_METRICS) {
      const target = stageIndex(metric.stage);
      if (group.stage >= target || (metric.keyOnly && !group.key)) continue;
      const cumulative = reach(group, target);
      const weight = metric.weight === 'count' ? group.count : group.amount;
      // Σ a²·p(1−p) for amounts; Σ p(1−p) for counts
      const weightSq = metric.weight === 'count' ? group.count : group.amountSq;
      for (let offset = 0; offset < horizon; offset++) {
        const p = cumulative[offset];
        const increment = p - (offset === 0 ? 0 : cumulative[offset - 1]);
        if (p <= 0) continue;
        const id = `${group.teamId}|${group.industryCode}|${group.zoneCode}|${offset}`;
        let row = rows.get(id);
        if (!row) {
          row = {
            teamId: group.teamId,
            industryCode: group.industryCode,
            zoneCode: group.zoneCode,
            offset,
            expected: zeroValues(),
            variance: zeroValues(),
          };
          rows.set(id, row);
        }
        row.expected[metric.key] += increment * weight;
        row.variance[metric.key] += p * (1 - p) * weightSq;
      }
    }
  }
  return [...rows.values()];
}
