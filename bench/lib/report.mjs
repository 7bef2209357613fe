import { fmt, table } from './util.mjs';

/** Issue 6's goals: [section, label, value getter, test, target text]. */
const GOALS = [
  ['list', 'list.rps_ratio', (r) => r.list?.rps_ratio, (v) => v >= 0.5, '≥ 0.5'],
  // Issue 22 tightened issue 6's ≤ 2.0.
  ['list', 'list.p99_ratio', (r) => r.list?.p99_ratio, (v) => v <= 1.5, '≤ 1.5'],
  ['list', 'list.api_p99_ms', (r) => r.list?.api_p99_ms, (v) => v <= 30, '≤ 30'],
  ['deep_page', 'deep_page.p50_ratio', (r) => r.deep_page?.p50_ratio, (v) => v <= 1.3, '≤ 1.3'],
  ['search', 'search.cjk2_p50_ms', (r) => r.search?.cjk2_p50_ms, (v) => v <= 50, '≤ 50'],
  ['search', 'search.cjk3_p50_ms', (r) => r.search?.cjk3_p50_ms, () => true, '(reported)'],
  // Issue 22: the worst p95 over every term (1–3 characters; rare, mid-frequency, common), per scope.
  ['search', 'search.promoter_p95_ms', (r) => r.search?.promoter_p95_ms, (v) => v <= 50, '≤ 50'],
  ['search', 'search.leader_p95_ms', (r) => r.search?.leader_p95_ms, (v) => v <= 50, '≤ 50'],
  ['dashboard', 'dashboard.ratio', (r) => r.dashboard?.ratio, (v) => v <= 1.25, '≤ 1.25'],
  ['dashboard', 'dashboard.api_p95_ms', (r) => r.dashboard?.api_p95_ms, (v) => v <= 300, '≤ 300'],
  // Issue 22: the pipeline with date ranges and combinations of team, industry and zone (worst p95).
  ['dashboard', 'dashboard.filtered_p95_ms', (r) => r.dashboard?.filtered_p95_ms, (v) => v <= 300, '≤ 300'],
  // Issue 18: the leaders' 履约监管 figures over every signed project of the data set.
  ['obligations', 'obligations.p95_ms', (r) => r.obligations?.p95_ms, (v) => v <= 300, '≤ 300'],
  ['obligations', 'obligations.p99_ms', (r) => r.obligations?.p99_ms, () => true, '(reported)'],
  ['forecast', 'forecast.p95_ms', (r) => r.forecast?.p95_ms, (v) => v <= 500, '≤ 500'],
  ['forecast', 'forecast.team.p95_ms', (r) => r.forecast?.team?.p95_ms, (v) => v <= 500, '≤ 500'],
  // Issue 20 (考核): the leaders' confirmations queue and the credit table, over every lead.
  ['credit', 'credit.queue.p95_ms', (r) => r.credit?.queue?.p95_ms, (v) => v <= 300, '≤ 300'],
  ['credit', 'credit.credit.p95_ms', (r) => r.credit?.credit?.p95_ms, (v) => v <= 300, '≤ 300'],
  // Issue 22: the leaders' 红黄预警 over every live lead, and the stall scan that records them (500k+ stalled at 1M).
  ['warnings', 'warnings.api_p95_ms', (r) => r.warnings?.api_p95_ms, (v) => v <= 200, '≤ 200'],
  ['warnings', 'warnings.team.p95_ms', (r) => r.warnings?.team?.p95_ms, () => true, '(reported)'],
  ['warnings', 'stall_scan.seconds', (r) => r.warnings?.stall_scan?.seconds, (v) => v <= 60, '≤ 60'],
  ['warnings', 'stall_scan_again.seconds', (r) => r.warnings?.stall_scan_again?.seconds, () => true, '(reported)'],
  // Issue 19: a promoter's carrier matches for one lead, over 100,000 carriers.
  ['carriers', 'carriers.p95_ms', (r) => r.carriers?.p95_ms, (v) => v <= 100, '≤ 100'],
  ['carriers', 'carriers.p99_ms', (r) => r.carriers?.p99_ms, () => true, '(reported)'],
  // Issue 22: a 100,000-row ledger import through the API and the worker, with its per-row report checked.
  ['import', 'import.rows_per_s', (r) => r.import?.rows_per_s, (v) => v >= 3000, '≥ 3000'],
  ['import', 'import.peak_rss_mib', (r) => r.import?.peak_rss_mib, (v) => v <= 300, '≤ 300'],
  ['import', 'import.report_ok', (r) => r.import?.report_ok, (v) => v === true, '= true'],
  ['reminders', 'reminders.delivered', (r) => r.reminders?.delivered, (v, r) => v === r.reminders.count, '= count'],
  ['reminders', 'reminders.duplicates', (r) => r.reminders?.duplicates, (v) => v === 0, '= 0'],
  ['reminders', 'reminders.throughput_ratio', (r) => r.reminders?.throughput_ratio, (v) => v >= 0.25, '≥ 0.25'],
  ['reminders', 'reminders.lateness_p50_ms', (r) => r.reminders?.lateness_p50_ms, () => true, '(reported)'],
  ['reminders', 'reminders.lateness_p99_ms', (r) => r.reminders?.lateness_p99_ms, (v) => v <= 1000, '≤ 1000'],
  // Issue 22: COUNT due at one instant (the 08:30 digest): drained at a quarter of the no-op worker's rate at least, once each.
  ['reminders_burst', 'reminders_burst.delivered', (r) => r.reminders_burst?.delivered, (v, r) => v === r.reminders_burst.count, '= count'],
  ['reminders_burst', 'reminders_burst.duplicates', (r) => r.reminders_burst?.duplicates, (v) => v === 0, '= 0'],
  ['reminders_burst', 'reminders_burst.drain_ratio', (r) => r.reminders_burst?.drain_ratio, (v) => v >= 0.25, '≥ 0.25'],
  // Issue 7: the same figures on BullMQ's PostgreSQL backend; correctness holds on both, the rest is reported.
  ['reminders_pg', 'reminders_pg.delivered', (r) => r.reminders_pg?.delivered, (v, r) => v === r.reminders_pg.count, '= count'],
  ['reminders_pg', 'reminders_pg.duplicates', (r) => r.reminders_pg?.duplicates, (v) => v === 0, '= 0'],
  ['reminders_pg', 'reminders_pg.throughput_ratio', (r) => r.reminders_pg?.throughput_ratio, () => true, '(reported)'],
  ['reminders_pg', 'reminders_pg.lateness_p50_ms', (r) => r.reminders_pg?.lateness_p50_ms, () => true, '(reported)'],
  ['reminders_pg', 'reminders_pg.lateness_p99_ms', (r) => r.reminders_pg?.lateness_p99_ms, (v) => v <= 5000, '≤ 5000'],
];

export function evaluateGoals(results) {
  const goals = {};
  for (const [section, label, get, test, target] of GOALS) {
    if (!results[section]) continue;
    const value = get(results);
    goals[label] = { value: value ?? null, target, met: value === null || value === undefined ? null : test(value, results) };
  }
  return goals;
}

export function printSummary(results) {
  const rows = Object.entries(results.goals).map(([label, g]) => [
    label,
    fmt(g.value, 3),
    g.target,
    g.met === null ? 'n/a' : g.met ? 'met' : 'MISSED',
  ]);
  const seed = results.seed ? `${results.seed.reused ? 'reused data seeded' : 'seeded'} in ${results.seed.seconds}s` : '';
  table(`results: ${results.leads.toLocaleString('en-US')} leads (${seed})`, ['key', 'value', 'goal', ''], rows);
  if (results.dashboard?.missing) process.stdout.write('dashboard: GET /api/v1/dashboard/pipeline is missing from the built app\n');
}
