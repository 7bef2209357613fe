/**
 * list: GET /api/v1/leads?stage=…&teamId=…&limit=50 as a promoter, against the bare Fastify + pg
 * baseline running the captured SQL. Saturation (fixed duration, N connections) in the order
 * baseline, app, app, baseline so that drift on a shared machine hits both alike; then both at the
 * same fixed rate, half the baseline's saturated rate, evenly paced (paced.mjs), where the latencies are taken
 * (three alternating windows each, the median window reported).
 */
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { LIST_LIMIT, LIST_STAGE } from './capture.mjs';
import { pacedLoad } from './paced.mjs';
import { BENCH_DIR, LOG_DIR, freePort, getJson, log, round, startProcess, table, waitForHttp, fmt } from './util.mjs';

/** Windows of paced load per server for the fixed-rate latencies (BENCH_PACED_ROUNDS, default 3). */
const PACED_ROUNDS = Math.max(1, Number(process.env.BENCH_PACED_ROUNDS ?? 3));

function cannon(url, headers, { duration, connections, overallRate }) {
  return new Promise((resolve, reject) => {
    // ignoreCoordinatedOmission: autocannon's correction assumes an interval of ceil(1/rate) = 1 ms (see paced.mjs)
    autocannon(
      { url, headers, duration, connections, overallRate: overallRate || undefined, ignoreCoordinatedOmission: !!overallRate, timeout: 10 },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

function summarize(result) {
  const seconds = result.duration || 1;
  return {
    rps: round(result.requests.total / seconds, 1),
    p50_ms: result.latency.p50,
    p90_ms: result.latency.p90,
    p99_ms: result.latency.p99,
    max_ms: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

export async function measureList({ app, tokens, people, config, captured }) {
  const specFile = path.join(LOG_DIR, 'baseline-spec.json');
  fs.writeFileSync(specFile, JSON.stringify(captured.list, null, 2));
  const port = await freePort();
  const baseline = startProcess('baseline', [path.join(BENCH_DIR, 'baseline-server.mjs')], {
    env: { BASELINE_SPEC: specFile, DATABASE_URL: config.databaseUrl, PORT: String(port) },
  });
  await waitForHttp(baseline, `http://127.0.0.1:${port}/health`);
  const query = `/api/v1/leads?stage=${LIST_STAGE}&teamId=${people.promoter.teamId}&limit=${LIST_LIMIT}`;
  const targets = {
    app: { url: app.base + query, headers: { authorization: `Bearer ${tokens.promoter}` } },
    baseline: { url: `http://127.0.0.1:${port}${query}`, headers: {} },
  };

  // Same rows in the same order, same cursor: the two servers do the same work.
  const a = await getJson(targets.app.url, tokens.promoter);
  const b = await getJson(targets.baseline.url);
  const sameRows =
    a.items.length === b.items.length && a.items.every((item, i) => item.id === b.items[i].id) && a.nextCursor === b.nextCursor;
  const bytes = { app: JSON.stringify(a).length, baseline: JSON.stringify(b).length };
  log(`list: ${a.items.length} rows per page, same rows and cursor from both: ${sameRows}; body ${bytes.app} vs ${bytes.baseline} bytes`);
  if (a.items.length === 0) throw new Error('the list filter matches no rows: the seeding is broken');

  const opts = { duration: config.duration, connections: config.connections };
  log(`list: warming up both servers (3 s each)`);
  await cannon(targets.baseline.url, targets.baseline.headers, { ...opts, duration: 3 });
  await cannon(targets.app.url, targets.app.headers, { ...opts, duration: 3 });

  const saturated = { app: [], baseline: [] };
  for (const name of ['baseline', 'app', 'app', 'baseline']) {
    const r = summarize(await cannon(targets[name].url, targets[name].headers, opts));
    saturated[name].push(r);
    log(
      `list: ${name.padEnd(8)} saturated ${fmt(r.rps)} req/s, p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms${r.non2xx || r.errors ? `, ${r.non2xx} non-2xx, ${r.errors} errors` : ''}`,
    );
  }
  const mean = (runs) => runs.reduce((s, r) => s + r.rps, 0) / runs.length;
  const apiRps = mean(saturated.app);
  const baselineRps = mean(saturated.baseline);
  const rate = Math.max(1, Math.floor(baselineRps / 2));

  // The latencies: both servers at the same evenly paced rate (paced.mjs), then autocannon's bursty -R for the record.
  // One 10 s window holds ~1,800 requests, so its p99 is set by whether a stall of the shared machine fell
  // in it: PACED_ROUNDS windows per server, alternating which goes first, and the median window counts.
  const rounds = { app: [], baseline: [] };
  for (let round = 0; round < PACED_ROUNDS; round++) {
    for (const name of round % 2 ? ['app', 'baseline'] : ['baseline', 'app']) {
      const r = await pacedLoad(targets[name].url, targets[name].headers, { ...opts, rate });
      rounds[name].push(r);
      log(
        `list: ${name.padEnd(8)} paced at ${rate} req/s (round ${round + 1}/${PACED_ROUNDS}): served ${fmt(r.rps)} req/s, p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms${r.non2xx || r.errors ? `, ${r.non2xx} non-2xx, ${r.errors} errors` : ''}`,
      );
    }
  }
  const medianBy = (runs, key) => [...runs].sort((a, b) => a[key] - b[key])[Math.floor(runs.length / 2)][key];
  const fixed = Object.fromEntries(
    Object.entries(rounds).map(([name, runs]) => [name, { p99_ms: medianBy(runs, 'p99_ms'), p50_ms: medianBy(runs, 'p50_ms') }]),
  );
  const autocannonFixed = {};
  // And at a light rate (a fifth of the baseline's saturation): what each costs when nothing queues.
  const lightRate = Math.max(1, Math.floor(baselineRps / 5));
  const light = {};
  for (const name of ['baseline', 'app']) {
    light[name] = await pacedLoad(targets[name].url, targets[name].headers, { ...opts, rate: lightRate });
    log(`list: ${name.padEnd(8)} paced at ${lightRate} req/s: p50 ${light[name].p50_ms} ms, p99 ${light[name].p99_ms} ms`);
  }
  for (const name of ['baseline', 'app']) {
    autocannonFixed[name] = summarize(await cannon(targets[name].url, targets[name].headers, { ...opts, overallRate: rate }));
    log(
      `list: ${name.padEnd(8)} autocannon -R ${rate} (bursts each second): p50 ${autocannonFixed[name].p50_ms} ms, p99 ${autocannonFixed[name].p99_ms} ms`,
    );
  }
  await baseline.stop();

  const result = {
    query,
    sql: captured.list.sql,
    same_rows: sameRows,
    api_rps: round(apiRps, 1),
    baseline_rps: round(baselineRps, 1),
    rps_ratio: round(apiRps / baselineRps, 3),
    fixed_rate_rps: rate,
    api_p99_ms: fixed.app.p99_ms,
    baseline_p99_ms: fixed.baseline.p99_ms,
    p99_ratio: round(fixed.app.p99_ms / fixed.baseline.p99_ms, 3),
    api_p50_ms: fixed.app.p50_ms,
    baseline_p50_ms: fixed.baseline.p50_ms,
    latency_load: `evenly paced open-loop load (bench/lib/paced.mjs) at fixed_rate_rps, ${config.connections} keep-alive connections; median of ${PACED_ROUNDS} windows of ${config.duration} s per server, alternating`,
    paced_p99_ms_by_round: { api: rounds.app.map((r) => r.p99_ms), baseline: rounds.baseline.map((r) => r.p99_ms) },
    light_rate: {
      rps: lightRate,
      api_p50_ms: light.app.p50_ms,
      baseline_p50_ms: light.baseline.p50_ms,
      api_p99_ms: light.app.p99_ms,
      baseline_p99_ms: light.baseline.p99_ms,
    },
    autocannon_fixed_rate: {
      api_p99_ms: autocannonFixed.app.p99_ms,
      baseline_p99_ms: autocannonFixed.baseline.p99_ms,
      api_p50_ms: autocannonFixed.app.p50_ms,
      baseline_p50_ms: autocannonFixed.baseline.p50_ms,
    },
    runs: { saturated, fixed: rounds, light, autocannon_fixed: autocannonFixed },
    body_bytes: bytes,
  };
  table(
    'list (GET /api/v1/leads?stage&teamId&limit=50, promoter)',
    ['', 'app', 'baseline', 'ratio'],
    [
      ['saturated req/s', fmt(result.api_rps), fmt(result.baseline_rps), fmt(result.rps_ratio, 3)],
      [
        `p99 ms at ${rate} req/s (median of ${PACED_ROUNDS})`,
        fmt(result.api_p99_ms),
        fmt(result.baseline_p99_ms),
        fmt(result.p99_ratio, 3),
      ],
      [`p50 ms at ${rate} req/s`, fmt(result.api_p50_ms), fmt(result.baseline_p50_ms), ''],
      [`p50 ms at ${lightRate} req/s`, fmt(light.app.p50_ms), fmt(light.baseline.p50_ms), ''],
      [`p99 ms at ${lightRate} req/s`, fmt(light.app.p99_ms), fmt(light.baseline.p99_ms), ''],
      [`autocannon -R ${rate} p99 ms`, fmt(autocannonFixed.app.p99_ms), fmt(autocannonFixed.baseline.p99_ms), ''],
    ],
  );
  return result;
}
