/**
 * warnings (issue 22): a leader's GET /api/v1/dashboard/warnings (红黄预警: stalled leads, overdue follow-ups and
 * issues, counts complete) unfiltered and for one team, one request at a time, up to 200 samples in 60 s each, at
 * least 3; then the stall scan itself, `POST /api/v1/admin/scans/run` as the admin, twice: the first run records a
 * warning for every stalled lead of the seeded data (a fresh clone has none), the second finds them all recorded.
 * `stall_scan.seconds` is the stall scan's own time, from its log line (`stall scan … ms`); the request's time
 * (with the features' daily scans and the digest) is beside it.
 */
import fs from 'node:fs';
import { oneAtATime } from './paced.mjs';
import { log, round } from './util.mjs';

export async function measureWarnings({ app, tokens, people, login }) {
  const base = `${app.base}/api/v1/dashboard/warnings`;
  const options = { samples: 200, budgetMs: 60_000, minSamples: 3 };
  let counts = null;
  const all = await oneAtATime(base, tokens.leader, { ...options, onBody: (body) => (counts = JSON.parse(body).counts) });
  log(`warnings, unfiltered: p50 ${all.p50_ms} ms, p95 ${all.p95_ms} ms, counts ${JSON.stringify(counts)}`);
  const team = await oneAtATime(`${base}?teamId=${people.promoter.teamId}`, tokens.leader, options);
  log(`warnings, one team: p50 ${team.p50_ms} ms, p95 ${team.p95_ms} ms`);

  const admin = await login(app.base, 'bench_admin');
  const first = await runScans(app, admin);
  const again = await runScans(app, admin);
  log(`stall scan: first ${first.stall_seconds} s (${first.newWarnings} new of ${first.stalled}), again ${again.stall_seconds} s`);
  return {
    api_p50_ms: all.p50_ms,
    api_p95_ms: all.p95_ms,
    api_p99_ms: all.p99_ms,
    samples: all.samples,
    response_chars: all.response_chars,
    counts,
    team: { p50_ms: team.p50_ms, p95_ms: team.p95_ms, samples: team.samples },
    stall_scan: { seconds: first.stall_seconds, request_seconds: first.seconds, stalled: first.stalled, new_warnings: first.newWarnings },
    stall_scan_again: { seconds: again.stall_seconds, request_seconds: again.seconds, new_warnings: again.newWarnings },
  };
}

async function runScans(app, token) {
  const logFile = app.logFile;
  const logged = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  const t0 = Date.now();
  const res = await fetch(`${app.base}/api/v1/admin/scans/run`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  const body = await res.json();
  if (!res.ok) throw new Error(`scans/run → ${res.status} ${JSON.stringify(body)}`);
  const seconds = round((Date.now() - t0) / 1000, 1);
  return { seconds, stall_seconds: stallScanSeconds(logFile, logged) ?? seconds, stalled: body.stalled, newWarnings: body.newWarnings };
}

/** The `ms` of the last "stall scan" line the app logged after `offset` (its JSON log), in seconds. */
function stallScanSeconds(file, offset) {
  if (!fs.existsSync(file)) return null;
  const text = fs.readFileSync(file, 'utf8').slice(offset);
  const lines = text.split('\n').filter((line) => line.includes('"stall scan"'));
  const entry = lines.length ? JSON.parse(lines.at(-1)) : undefined;
  const ms = entry?.message?.ms ?? entry?.ms;
  return typeof ms === 'number' ? round(ms / 1000, 1) : null;
}
