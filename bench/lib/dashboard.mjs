/**
 * dashboard: GET /api/v1/dashboard/pipeline as a leader against the raw SQL of the same aggregate,
 * i.e. the statements the app sent for one such request (captured by the tap), run directly with
 * `pg` on a pool of the app's size, with the same concurrency (statements the app ran in parallel
 * run in parallel here too). One request at a time, alternating; p95 of each.
 *
 * The app reads summary tables its triggers keep exact; for scale, `from_leads_p50_ms` is the same
 * aggregate computed straight from the million leads and their transitions (what the summary saves).
 *
 * Then the filtered pipeline (issue 22): date ranges (this year, last 90 days, one past year, nearly
 * everything), alone and with a team or an industry, and the combinations of team (the promoter's, the
 * largest), industry (IT, the largest branch), zone (A1, the largest) and "none"; a few samples each
 * (at least 3, up to 30 in 10 s); `filtered_p95_ms` is the worst p95 over the filters.
 */
import pg from 'pg';
import { log, percentile, round, table, timedGet, fmt } from './util.mjs';

// as many as fit the budget, up to 200: a p95 of few samples is little more than the slowest one
const SAMPLES = 200;
const BUDGET_MS = 90_000;
const FROM_LEADS_SAMPLES = 5;
/** The pipeline's totals and medians straight from the base tables (DashboardService.pipelineFromLeads, unfiltered). */
const FROM_LEADS_SQL = [
  `SELECT l.stage, l.status, l.lost_reason, l.lost_to, count(*)::int, coalesce(sum(l.planned_investment), 0)::float8, coalesce(sum(l.contract_investment), 0)::float8,
          coalesce(sum(l.actual_investment), 0)::float8, coalesce(sum(l.expected_jobs), 0)::float8
   FROM leads l WHERE l.deleted_at IS NULL GROUP BY l.stage, l.status, l.lost_reason, l.lost_to`,
  `SELECT t.from_stage, percentile_cont(0.5) WITHIN GROUP (ORDER BY t.days_in_from_stage)::float8
   FROM lead_transitions t JOIN leads l ON l.id = t.lead_id WHERE l.deleted_at IS NULL AND t.days_in_from_stage IS NOT NULL GROUP BY t.from_stage`,
];

const FILTERED_SAMPLES = 30;
const FILTERED_BUDGET_MS = 10_000;

/** The filters measured, as query strings (dates as the caller's calendar days). */
function filterSet(teamId) {
  const day = (d) => d.toISOString().slice(0, 10);
  const now = new Date();
  const today = day(now);
  const yearStart = `${now.getUTCFullYear()}-01-01`;
  const lastYear = now.getUTCFullYear() - 1;
  const past = `from=${lastYear - 1}-01-01&to=${lastYear - 1}-12-31`;
  const recent = `from=${day(new Date(now.getTime() - 90 * 86_400_000))}`;
  return [
    `from=${yearStart}`,
    recent,
    past,
    `from=2020-01-01&to=${today}`,
    `teamId=${teamId}&from=${yearStart}`,
    `industry=IT&${past}`,
    `zone=A1&${recent}`,
    `teamId=${teamId}&industry=IT`,
    `teamId=${teamId}&zone=A1`,
    'industry=IT&zone=A1',
    `teamId=${teamId}&industry=IT&zone=A1`,
    `teamId=${teamId}&industry=IT&zone=A1&from=${yearStart}`,
    // two of team, industry and zone over a wide range: read from the leads themselves (no summary holds them by month)
    `industry=IT&zone=A1&${past}`,
    `industry=IT&zone=A1&from=2020-01-01&to=${today}`,
    'teamId=none',
    'zone=none',
    'industry=IT&zone=none',
  ];
}

async function measureFiltered(app, token, teamId) {
  const perFilter = {};
  for (const filter of filterSet(teamId)) {
    const url = `${app.base}/api/v1/dashboard/pipeline?${filter}`;
    await timedGet(url, token);
    const times = [];
    const t0 = Date.now();
    for (let i = 0; i < FILTERED_SAMPLES && (i < 3 || Date.now() - t0 < FILTERED_BUDGET_MS); i++)
      times.push((await timedGet(url, token)).ms);
    perFilter[filter.replace(teamId, '<team>')] = {
      samples: times.length,
      p50_ms: round(percentile(times, 50), 1),
      p95_ms: round(percentile(times, 95), 1),
    };
  }
  return perFilter;
}

export async function measureDashboard({ app, tokens, config, captured, people }) {
  const spec = captured.dashboard;
  if (!spec || spec.missing) {
    log('dashboard: GET /api/v1/dashboard/pipeline does not exist in the built app; not measured');
    return { missing: true, note: 'GET /api/v1/dashboard/pipeline answered 404 in the built app' };
  }
  const pool = new pg.Pool({
    connectionString: config.databaseUrl,
    max: Number(process.env.DB_POOL_SIZE ?? 20),
    application_name: 'zscrm-bench-sql',
  });
  pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
  const url = `${app.base}/api/v1/dashboard/pipeline`;
  const runSql = async () => {
    const t0 = performance.now();
    for (const wave of spec.waves) await Promise.all(wave.map((q) => pool.query(q.text, q.values ?? [])));
    return performance.now() - t0;
  };
  const runApi = async () => (await timedGet(url, tokens.leader)).ms;
  try {
    for (let i = 0; i < 2; i++) {
      await runApi();
      await runSql();
    }
    const times = { api: [], sql: [] };
    const t0 = Date.now();
    for (let i = 0; i < SAMPLES && (i < 10 || Date.now() - t0 < BUDGET_MS); i++) {
      const order = i % 2 ? ['api', 'sql'] : ['sql', 'api'];
      for (const which of order) times[which].push(which === 'api' ? await runApi() : await runSql());
    }
    const result = {
      statements: spec.statements,
      waves: spec.waves.map((w) => w.length),
      sql: spec.waves.flat().map((q) => q.text),
      samples: times.api.length,
      api_p50_ms: round(percentile(times.api, 50), 1),
      sql_p50_ms: round(percentile(times.sql, 50), 1),
      api_p95_ms: round(percentile(times.api, 95), 1),
      sql_p95_ms: round(percentile(times.sql, 95), 1),
    };
    result.ratio = round(result.api_p95_ms / result.sql_p95_ms, 3);
    const fromLeads = [];
    for (let i = 0; i < FROM_LEADS_SAMPLES; i++) {
      const t1 = performance.now();
      await Promise.all(FROM_LEADS_SQL.map((sql) => pool.query(sql)));
      fromLeads.push(performance.now() - t1);
    }
    result.from_leads_p50_ms = round(percentile(fromLeads, 50), 1);
    table(
      `dashboard (GET /api/v1/dashboard/pipeline, leader; ${spec.statements} statements)`,
      ['', 'app', 'raw SQL', 'ratio'],
      [
        ['p50 ms', fmt(result.api_p50_ms), fmt(result.sql_p50_ms), ''],
        ['p95 ms', fmt(result.api_p95_ms), fmt(result.sql_p95_ms), fmt(result.ratio, 3)],
      ],
    );
    log(
      `dashboard: the same figures computed from the leads themselves take ${fmt(result.from_leads_p50_ms)} ms (p50 of ${FROM_LEADS_SAMPLES})`,
    );
    result.filtered = await measureFiltered(app, tokens.leader, people.promoter.teamId);
    result.filtered_p95_ms = Math.max(...Object.values(result.filtered).map((f) => f.p95_ms));
    table(
      'dashboard, filtered (GET /api/v1/dashboard/pipeline?…, leader, ms)',
      ['filter', 'samples', 'p50', 'p95'],
      Object.entries(result.filtered).map(([filter, f]) => [filter, String(f.samples), fmt(f.p50_ms), fmt(f.p95_ms)]),
    );
    return result;
  } finally {
    await pool.end();
  }
}
