/**
 * forecast (issue 20): GET /api/v1/dashboard/forecast over the seeded leads, one request at a time.
 *
 * The first request on a database without a forecast snapshot takes it in the request (the conversion curves
 * from every lead's stage entries in the look-back, the projection of every live lead): it is timed apart as
 * `first_ms`. Then the snapshot serves: unfiltered, one team, and the five-year view; up to 200 samples each
 * within a time budget, at least 3; p50/p95/p99.
 *
 * Then the worker's refresh (`refresh_ms`): a write makes the snapshot stale (the forecast_changes sequence moves, as
 * any write to leads or transitions moves it), and the app's worker (APP_ROLE=worker, its refresh-forecast job
 * scheduled every 5 s instead of 10 min) takes a new one; the time is the worker's own log line. Meanwhile the API
 * still answers from the previous snapshot: sampled one request every half second as `during_refresh`.
 */
import fs from 'node:fs';
import pg from 'pg';
import { oneAtATime } from './paced.mjs';
import { assertAlive, fmt, log, percentile, round, sleep, startProcess, table, timedGet } from './util.mjs';

/** Up to 200 samples in 60 s per URL, at least 3. */
const SAMPLING = { samples: 200, budgetMs: 60_000, minSamples: 3 };
const sample = (url, token) => oneAtATime(url, token, SAMPLING);
/** The worker's refresh at 1M leads takes minutes on the shared 2-core machine. */
const REFRESH_TIMEOUT_MS = 20 * 60_000;

/** The worker's `forecast snapshot taken` log line (JSON), or null before it. */
function snapshotTaken(worker) {
  if (!fs.existsSync(worker.logFile)) return null;
  const line = fs
    .readFileSync(worker.logFile, 'utf8')
    .split('\n')
    .find((l) => l.includes('forecast snapshot taken'));
  if (!line) return null;
  const { message } = JSON.parse(line); // the app's JSON lines: { level, message: { msg, …fields }, context }
  return { ms: message.ms, rows: message.rows };
}

async function workerRefresh({ config, appEnv, appEntry, url, token }) {
  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  try {
    await client.query(`SELECT nextval('forecast_changes')`);
  } finally {
    await client.end();
  }
  const worker = startProcess('worker-forecast', [appEntry], { env: appEnv('worker', 0, { FORECAST_REFRESH_EVERY: 'PT5S' }) });
  try {
    const t0 = Date.now();
    const times = [];
    let taken = null;
    while (!(taken = snapshotTaken(worker))) {
      assertAlive(worker);
      if (Date.now() - t0 > REFRESH_TIMEOUT_MS) throw new Error(`the worker took no forecast snapshot in ${REFRESH_TIMEOUT_MS / 1000} s`);
      times.push((await timedGet(url, token)).ms);
      await sleep(500);
    }
    return {
      refresh_ms: taken.ms,
      refresh_rows: taken.rows,
      during_refresh: {
        samples: times.length,
        p50_ms: round(percentile(times, 50), 1),
        p95_ms: round(percentile(times, 95), 1),
        p99_ms: round(percentile(times, 99), 1),
      },
    };
  } finally {
    await worker.stop();
  }
}

export async function measureForecast({ app, tokens, people, config, appEnv, appEntry }) {
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
  log('forecast: the worker takes a new snapshot (a write made the last one stale)');
  const refresh = await workerRefresh({ config, appEnv, appEntry, url, token: tokens.leader });
  const result = { ...data, first_ms: round(first.ms, 0), snapshot_rows: snapshotRows, ...all, team, plan, ...refresh };
  table(
    `forecast (GET /api/v1/dashboard/forecast, leader; first request takes the snapshot in ${fmt(round(first.ms, 0))} ms; ${snapshotRows.expected} expected rows)`,
    ['', 'samples', 'p50 ms', 'p95 ms', 'p99 ms', 'response chars'],
    [
      ['every lead', all.samples, fmt(all.p50_ms), fmt(all.p95_ms), fmt(all.p99_ms), all.response_chars],
      ['one team', team.samples, fmt(team.p50_ms), fmt(team.p95_ms), fmt(team.p99_ms), team.response_chars],
      ['plan (five years)', plan.samples, fmt(plan.p50_ms), fmt(plan.p95_ms), fmt(plan.p99_ms), plan.response_chars],
      [
        `every lead, while the worker refreshes`,
        refresh.during_refresh.samples,
        fmt(refresh.during_refresh.p50_ms),
        fmt(refresh.during_refresh.p95_ms),
        fmt(refresh.during_refresh.p99_ms),
        '',
      ],
    ],
  );
  log(`forecast: the worker's refresh-forecast took ${fmt(refresh.refresh_ms / 1000)} s (${refresh.refresh_rows} expected rows)`);
  return result;
}
