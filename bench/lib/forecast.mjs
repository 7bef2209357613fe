/**
 * forecast (issue 20): GET /api/v1/dashboard/forecast over the seeded leads, one request at a time.
 *
 * The first request on a database without a forecast snapshot takes it in the request (the conversion curves
 * from every lead's stage entries in the look-back, the projection of every live lead): it is timed apart as
 * `first_ms`. Then the snapshot serves: unfiltered, one team, and the five-year view; up to 200 samples each
 * within a time budget, at least 3; p50/p95/p99.
 */
import pg from 'pg';
import { fmt, log, percentile, round, table, timedGet } from './util.mjs';

const SAMPLES = 200;
const BUDGET_MS = 60_000;
const MIN_SAMPLES = 3;

async function sample(url, token) {
  const times = [];
  let bytes = 0;
  await timedGet(url, token); // warm-up
  const t0 = Date.now();
  for (let i = 0; i < SAMPLES && (i < MIN_SAMPLES || Date.now() - t0 < BUDGET_MS); i++) {
    const { ms, body } = await timedGet(url, token);
    times.push(ms);
    bytes = body.length;
  }
  return {
    samples: times.length,
    p50_ms: round(percentile(times, 50), 1),
    p95_ms: round(percentile(times, 95), 1),
    p99_ms: round(percentile(times, 99), 1),
    response_chars: bytes,
  };
}

export async function measureForecast({ app, tokens, people, config }) {
  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  let data;
  try {
    // a fresh start: no snapshot, so the first request takes it
    await client.query(`DELETE FROM forecast_snapshots`);
    data = (
      await client.query(
        `SELECT (SELECT count(*) FROM leads WHERE deleted_at IS NULL)::int AS leads,
                (SELECT count(*) FROM leads WHERE deleted_at IS NULL AND status <> 'lost' AND stage <> 'operating')::int AS live,
                (SELECT count(*) FROM lead_transitions)::int AS transitions`,
      )
    ).rows[0];
  } finally {
    await client.end();
  }
  const url = `${app.base}/api/v1/dashboard/forecast`;
  log(
    `forecast: GET /api/v1/dashboard/forecast over ${data.leads.toLocaleString('en-US')} leads (${data.live.toLocaleString('en-US')} live)`,
  );
  const first = await timedGet(url, tokens.leader);
  const snapshotRows = await (async () => {
    const c = new pg.Client({ connectionString: config.databaseUrl });
    await c.connect();
    try {
      return (
        await c.query(
          `SELECT (SELECT count(*) FROM forecast_expected)::int AS expected, (SELECT count(*) FROM forecast_pools)::int AS pools`,
        )
      ).rows[0];
    } finally {
      await c.end();
    }
  })();
  const all = await sample(url, tokens.leader);
  const team = await sample(`${url}?teamId=${people.promoter.teamId}`, tokens.leader);
  const plan = await sample(`${url}/plan`, tokens.leader);
  const result = { ...data, first_ms: round(first.ms, 0), snapshot_rows: snapshotRows, ...all, team, plan };
  table(
    `forecast (GET /api/v1/dashboard/forecast, leader; first request takes the snapshot in ${fmt(round(first.ms, 0))} ms; ${snapshotRows.expected} expected rows)`,
    ['', 'samples', 'p50 ms', 'p95 ms', 'p99 ms', 'response chars'],
    [
      ['every lead', all.samples, fmt(all.p50_ms), fmt(all.p95_ms), fmt(all.p99_ms), all.response_chars],
      ['one team', team.samples, fmt(team.p50_ms), fmt(team.p95_ms), fmt(team.p99_ms), team.response_chars],
      ['plan (five years)', plan.samples, fmt(plan.p50_ms), fmt(plan.p95_ms), fmt(plan.p99_ms), plan.response_chars],
    ],
  );
  return result;
}
