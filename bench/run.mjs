#!/usr/bin/env node
/**
 * `npm run bench`: seeds BENCH_LEADS realistic leads (default 1,000,000), starts the built app and
 * bare baselines, measures side by side and writes bench/results.json. See bench/README.md.
 *
 * Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/zscrm_bench), REDIS_URL,
 * QUEUE_PREFIX (default zscrm-bench), BENCH_LEADS, and for development BENCH_ONLY (comma list of
 * list,deep_page,search,dashboard,obligations,carriers,forecast,credit,warnings,import,reminders,reminders_burst,reminders_pg), BENCH_CARRIERS (100000),
 * BENCH_IMPORT_ROWS (100000), BENCH_IMPORT_PORT (the import section's API port; free one by default), BENCH_DURATION (autocannon seconds, default 10),
 * BENCH_CONNECTIONS (50), BENCH_REMINDERS (10000), BENCH_PACED_ROUNDS (3).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { seedIfNeeded } from './lib/seed.mjs';
import { BENCH_DIR, LOG_DIR, ROOT, assertAlive, freePort, log, startProcess, stopAll, waitForHttp } from './lib/util.mjs';
import { captureSql } from './lib/capture.mjs';
import { measureList } from './lib/list.mjs';
import { measureDeepPage } from './lib/deep-page.mjs';
import { measureSearch } from './lib/search.mjs';
import { measureDashboard } from './lib/dashboard.mjs';
import { measureObligations, seedObligationsIfNeeded } from './lib/obligations.mjs';
import { measureCarriers, seedCarriersIfNeeded } from './lib/carriers.mjs';
import { measureForecast } from './lib/forecast.mjs';
import { measureCredit, seedCreditIfNeeded } from './lib/credit.mjs';
import { measureWarnings } from './lib/warnings.mjs';
import { measureImport } from './lib/import.mjs';
import { measureReminders, printRemindersSideBySide } from './lib/reminders.mjs';
import { BENCH_PASSWORD } from './lib/seed.mjs';
import { evaluateGoals, printSummary } from './lib/report.mjs';

const env = process.env;
const config = {
  databaseUrl: env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/zscrm_bench',
  redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379/0',
  queuePrefix: env.QUEUE_PREFIX || 'zscrm-bench',
  leads: Number(env.BENCH_LEADS ?? 1_000_000),
  duration: Number(env.BENCH_DURATION ?? 10),
  connections: Number(env.BENCH_CONNECTIONS ?? 50),
  reminders: Number(env.BENCH_REMINDERS ?? 10_000),
  carriers: Number(env.BENCH_CARRIERS ?? 100_000),
  only: env.BENCH_ONLY ? new Set(env.BENCH_ONLY.split(',').map((s) => s.trim())) : null,
  jwtSecret: randomBytes(24).toString('hex'),
};
const wanted = (section) => !config.only || config.only.has(section);

const distMain = path.join(ROOT, 'dist', 'main.js');
if (!fs.existsSync(distMain)) {
  console.error('dist/main.js is missing: run `npm run build` first');
  process.exit(1);
}
if (!Number.isInteger(config.leads) || config.leads < 1000) {
  console.error(`BENCH_LEADS must be an integer ≥ 1000, got ${env.BENCH_LEADS}`);
  process.exit(1);
}
const appEntry = path.join(BENCH_DIR, 'start-app.cjs'); // runs dist/main.js
const requireDist = createRequire(distMain);
const dist = (file) => requireDist(path.join(ROOT, 'dist', file));
requireDist('reflect-metadata');

process.on('SIGINT', async () => {
  log('interrupted: stopping what this run started');
  await stopAll();
  process.exit(130);
});

/** Environment of every app process this run starts. */
function appEnv(role, port, extra = {}) {
  return {
    DATABASE_URL: config.databaseUrl,
    REDIS_URL: config.redisUrl,
    QUEUE_PREFIX: config.queuePrefix,
    APP_ROLE: role,
    PORT: String(port),
    NODE_ENV: 'production',
    JWT_SECRET: config.jwtSecret,
    LOGIN_MAX_ATTEMPTS: '1000',
    ...extra,
  };
}

async function startApp(name, { tap = null } = {}) {
  const port = await freePort();
  const args = tap ? ['--require', path.join(BENCH_DIR, 'sql-tap.cjs'), appEntry] : [appEntry];
  const handle = startProcess(name, args, { env: appEnv('api', port, tap ? { BENCH_SQL_TAP: tap } : {}) });
  await waitForHttp(handle, `http://127.0.0.1:${port}/health`, 90_000);
  handle.base = `http://127.0.0.1:${port}`;
  return handle;
}

async function login(base, username) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`login ${username} → ${res.status} ${JSON.stringify(body)}`);
  return body.accessToken;
}

async function main() {
  const t0 = Date.now();
  log(
    `benchmark: ${config.leads.toLocaleString('en-US')} leads, ${config.databaseUrl.replace(/\/\/[^@]*@/, '//')}, ${config.redisUrl}, prefix ${config.queuePrefix}`,
  );
  const results = {
    leads: config.leads,
    meta: {
      started_at: new Date().toISOString(),
      node: process.version,
      cpus: (await import('node:os')).cpus().length,
      autocannon: { connections: config.connections, duration_s: config.duration },
      git: gitHead(),
    },
  };

  // 1. Schema (the built app's migrations and reference data), then data.
  log('preparing the database with the built app (migrations, reference data)');
  const { Logger } = requireDist('@nestjs/common');
  Logger.overrideLogger(['warn', 'error']);
  await dist('database/prepare-database.js').prepareDatabase(config.databaseUrl);
  const seeded = await seedIfNeeded({ databaseUrl: config.databaseUrl, leads: config.leads, require: (file) => dist(file) });
  results.seed = { seconds: seeded.seconds, reused: seeded.skipped };
  // 履约监管 (issue 18): agreements, clauses and a year of reports for the signed-or-later leads (only the
  // obligations section reads them: minutes at 1M leads with the obligation_figures triggers on a busy machine)
  if (wanted('obligations')) {
    const obligationsSeed = await seedObligationsIfNeeded({ databaseUrl: config.databaseUrl, leads: config.leads });
    results.seed.obligations = { seconds: obligationsSeed.seconds, reused: obligationsSeed.skipped };
  }
  // 载体资源 (issue 19): carriers in the parks and requirements on a sample of the live leads
  if (wanted('carriers')) {
    const carriersSeed = await seedCarriersIfNeeded({
      databaseUrl: config.databaseUrl,
      leads: config.leads,
      carriers: config.carriers,
      matchedStages: matchedStages(),
    });
    results.seed.carriers = { seconds: carriersSeed.seconds, reused: carriersSeed.skipped };
  }
  // 考核 (issue 20): referrers on the leads from 洽谈 on, leaders' confirmations of the signed-or-later moves
  if (wanted('credit')) {
    const creditSeed = await seedCreditIfNeeded({ databaseUrl: config.databaseUrl, leads: config.leads });
    results.seed.credit = { seconds: creditSeed.seconds, reused: creditSeed.skipped };
  }
  const { people } = seeded;
  results.meta.postgres = await pgVersion();

  const http = ['list', 'deep_page', 'search', 'dashboard', 'obligations', 'carriers', 'forecast', 'credit', 'warnings'].some(wanted);
  if (http) {
    // 2. Capture the app's own SQL from a tapped instance, then measure a clean one.
    // the baselines' SQL, for the sections compared with one (obligations is measured on its own)
    const captured = ['list', 'deep_page', 'search', 'dashboard'].some(wanted)
      ? await captureSql({ startApp, login, people, logDir: LOG_DIR, wantDashboard: wanted('dashboard') })
      : {};
    const app = await startApp('api');
    log(`app (APP_ROLE=api) listening at ${app.base}`);
    const tokens = { promoter: await login(app.base, people.promoter.username), leader: await login(app.base, people.leader.username) };
    const ctx = { app, tokens, people, config, captured, results, matchedStages: matchedStages(), appEnv, appEntry, login };
    const sections = [
      ['list', measureList],
      ['deep_page', measureDeepPage],
      ['search', measureSearch],
      ['dashboard', measureDashboard],
      ['obligations', measureObligations],
      ['carriers', measureCarriers],
      ['forecast', measureForecast],
      ['credit', measureCredit],
      // last: its stall scan records a warning for every stalled lead
      ['warnings', measureWarnings],
    ];
    for (const [name, measure] of sections) {
      if (!wanted(name)) continue;
      results[name] = await measure(ctx);
      assertAlive(app);
    }
    await stopAll();
  }
  // Issue 22: a 100,000-row ledger uploaded through the API and run by a worker of its own (it adds leads: after the reads)
  if (wanted('import')) {
    results.import = await measureImport({ config, appEnv, appEntry, dist, people });
    await stopAll();
  }
  // The reminder figures on both queue backends: Redis (REDIS_URL), then BullMQ's PostgreSQL backend
  // (the app's worker with REDIS_URL unset, queues in the bench database).
  if (wanted('reminders')) {
    results.reminders = await measureReminders({ config, appEnv, appEntry, dist, startProcess, backend: 'redis' });
    await stopAll();
  }
  if (wanted('reminders_burst')) {
    results.reminders_burst = await measureReminders({ config, appEnv, appEntry, dist, startProcess, backend: 'redis', burst: true });
    await stopAll();
  }
  if (wanted('reminders_pg')) {
    results.reminders_pg = await measureReminders({ config, appEnv, appEntry, dist, startProcess, backend: 'postgres' });
    await stopAll();
  }
  results.meta.total_seconds = Math.round((Date.now() - t0) / 1000);
  results.goals = evaluateGoals(results);
  const file = path.join(BENCH_DIR, 'results.json');
  const previous = fs.existsSync(file) && config.only ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  const merged = { ...previous, ...results };
  if (config.only && previous.meta) {
    // a partial run keeps the goals and meta of the sections it did not run, and notes itself in meta
    merged.goals = { ...previous.goals, ...results.goals };
    const run = {
      sections: [...config.only],
      started_at: results.meta.started_at,
      total_seconds: results.meta.total_seconds,
      git: results.meta.git,
    };
    merged.meta = { ...previous.meta, bench_only_runs: [...(previous.meta.bench_only_runs ?? []), run] };
  }
  fs.writeFileSync(file, JSON.stringify(merged, null, 2) + '\n');
  if (results.reminders || results.reminders_pg) {
    // one of them may come from the results.json this run merged into (BENCH_ONLY)
    printRemindersSideBySide({
      redis: results.reminders ?? previous.reminders,
      postgres: results.reminders_pg ?? previous.reminders_pg,
      fromFile: { redis: !results.reminders, postgres: !results.reminders_pg },
    });
  }
  printSummary(results);
  log(`wrote ${path.relative(ROOT, file)} (${results.meta.total_seconds}s in all)`);
}

/** The stages a lead is matched to carriers in, from the built app (live and not yet signed). */
function matchedStages() {
  return dist('modules/carriers/carrier-matching.repository.js').MATCHED_STAGES;
}

function gitHead() {
  try {
    // in a worktree .git is a file naming the git directory, whose refs live in the main one (commondir)
    let gitDir = path.join(ROOT, '.git');
    if (fs.statSync(gitDir).isFile())
      gitDir = path.resolve(
        ROOT,
        fs
          .readFileSync(gitDir, 'utf8')
          .trim()
          .replace(/^gitdir: /, ''),
      );
    const common = fs.existsSync(path.join(gitDir, 'commondir'))
      ? path.resolve(gitDir, fs.readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim())
      : gitDir;
    const head = fs.readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head;
    const ref = path.join(common, head.slice(5));
    return fs.existsSync(ref) ? fs.readFileSync(ref, 'utf8').trim() : head.slice(5);
  } catch {
    return null;
  }
}

async function pgVersion() {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT current_setting('server_version') AS v, current_setting('shared_buffers') AS sb`);
    return { version: rows[0].v, shared_buffers: rows[0].sb };
  } finally {
    await client.end();
  }
}

main()
  .then(() => process.exit(0))
  .catch(async (error) => {
    console.error(`\nbenchmark failed: ${error.stack ?? error.message}`);
    await stopAll();
    process.exit(1);
  });
