/**
 * import (issue 22): a 100,000-row ledger (台账) uploaded as a leader through the real API, run by the app's worker.
 *
 * The file (`BENCH_IMPORT_ROWS`, default 100,000) is written with exceljs's streaming writer, headers as the export
 * writes them, rows as a bureau's ledger holds them (names from lib/words.mjs, the seeding's pipeline shares, gate data
 * per stage, owners and commissioners by account, follow-up dates): mostly new projects, some duplicates of seeded
 * leads by credit code, some repeats of an earlier row's code, a few bad rows, each kind planted at known rows. The
 * new rows' credit codes and company brands are drawn from the run's number (the imports already in the database),
 * so a rerun on the same data plants new projects again.
 *
 * A fresh API (APP_ROLE=api) takes the upload and answers 202; a fresh worker (APP_ROLE=worker) runs it. rows_per_s is
 * the rows ÷ the seconds from the start of the upload to the import's finished_at. Peak RSS (`peak_rss_mib`): the larger
 * of the worker's VmHWM (/proc/<pid>/status; it reads the file and writes) and the API's VmHWM before the finished
 * import's answer (which carries every row's report and is reported apart); VmRSS is also polled every 250 ms. The
 * worker's scheduled forecast snapshot is kept out of it (the bench holds the snapshot's lock, see below).
 * Then the report is checked row by row against what was planted (status, the column an error names, the lead a
 * duplicate names), and the dashboard summary (dashboard_lead_totals, kept by triggers) against the leads themselves.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';
import * as W from './words.mjs';
import { BENCH_PASSWORD, creditCode } from './seed.mjs';
import {
  ROOT,
  assertAlive,
  fmt,
  freePort,
  holdForecastLock,
  log,
  round,
  sleep,
  startProcess,
  table,
  waitForHttp,
  waitForLog,
} from './util.mjs';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const DAY = 86_400_000;
/** Shares of the planted kinds (the rest are new projects). */
const SHARE = { existing: 0.04, repeat: 0.01, bad: 0.01 };
const IMPORT_TIMEOUT_MS = 30 * 60_000;

const require = createRequire(path.join(ROOT, 'package.json'));

const procStatus = (pid, key) => {
  try {
    const line = fs
      .readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${key}:`));
    return line ? Number(line.split(/\s+/)[1]) / 1024 : null;
  } catch {
    return null;
  }
};

/** What the ledger is drawn from: the catalog, the bench people, seeded leads to duplicate, this run's number. */
async function loadContext(client, dist) {
  const enums = dist('modules/leads/lead.enums.js');
  const industries = (await client.query(`SELECT code, parent_code FROM industries WHERE parent_code IS NOT NULL ORDER BY sort_order`))
    .rows;
  const zones = (await client.query(`SELECT code FROM zones ORDER BY sort_order`)).rows.map((z) => z.code);
  const users = (
    await client.query(`SELECT username, roles, team_id FROM users WHERE username LIKE 'bench\\_t%' AND active ORDER BY username`)
  ).rows;
  const teams = new Map();
  for (const u of users) {
    if (!teams.has(u.team_id)) teams.set(u.team_id, { promoters: [], commissioners: [] });
    teams.get(u.team_id)[u.roles.includes('commissioner') ? 'commissioners' : 'promoters'].push(u.username);
  }
  const wanted = Math.ceil(ROWS * SHARE.existing);
  // live new-project leads with a credit code, spread over the whole table (what a clerk re-enters)
  const existing = (
    await client.query(
      `SELECT id, code, credit_code FROM leads
        WHERE credit_code IS NOT NULL AND deleted_at IS NULL AND investment_kind = 'new'
        ORDER BY md5(id::text) LIMIT $1`,
      [wanted],
    )
  ).rows;
  const [{ runs }] = (await client.query(`SELECT count(*)::int AS runs FROM imports`)).rows;
  return { enums, industries, zones, teams: [...teams.values()].filter((t) => t.promoters.length), existing, run: runs + 1 };
}

const isoDate = (ms) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
const isoMinute = (ms) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/**
 * Writes the ledger and answers what each data row should be reported as: `plan[i]` for data row i (sheet row
 * i + 2) is {kind: 'created'|'duplicate'|'error', …}.
 */
async function writeLedger(file, ctx) {
  const ExcelJS = require('exceljs');
  const { SOURCE_LABELS, LOST_REASON_LABELS, KEY_PROJECT_LABELS, STAGE_LABELS, STATUS_LABELS } = ctx.enums;
  const rng = W.prng(22_000 + ctx.run);
  const headers = [
    '项目名称',
    '企业名称',
    '统一社会信用代码',
    '产业类别代码',
    '招商方式',
    '来源地',
    '计划投资额(万元)',
    '合同投资额(万元)',
    '实际到位投资(万元)',
    '签约日期',
    '约定开工日期',
    '约定投产日期',
    '实际开工日期',
    '实际投产日期',
    '预计年产值(万元)',
    '预计年税收(万元)',
    '预计就业(人)',
    '用地面积(亩)',
    '落地区域代码',
    '重点项目级别',
    '阶段',
    '状态',
    '终止原因',
    '流失去向',
    '状态说明',
    '负责人账号',
    '护商专员账号',
    '下次跟进',
    '联系人',
    '备注',
  ];
  const col = Object.fromEntries(headers.map((h, i) => [h, i]));
  const byTop = new Map();
  for (const i of ctx.industries) {
    if (!byTop.has(i.parent_code)) byTop.set(i.parent_code, []);
    byTop.get(i.parent_code).push(i.code);
  }
  const tops = [...byTop.keys()];
  const sources = Object.values(SOURCE_LABELS);
  const lostReasons = Object.entries(LOST_REASON_LABELS);
  const now = Date.now();
  const plan = new Array(ROWS);
  const createdWithCode = [];
  let existingNext = 0;
  const counts = { created: 0, duplicate: 0, error: 0 };

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet('招商项目台账');
  sheet.addRow(headers).commit();
  for (let i = 0; i < ROWS; i++) {
    const n = ctx.run * 1_000_000 + i;
    const top = rng.pick(tops);
    const industry = rng.pick(byTop.get(top));
    const team = rng.pick(ctx.teams);
    const planned = Math.round(Math.min(2_000_000, Math.max(100, rng.logNormal(8000, 3))) / 10) * 10;
    // stages as a ledger of live projects has them: most early, fewer signed and later
    const stageIndex = rng.weighted(STAGE_MIX);
    const stage = ['lead', 'negotiating', 'signed', 'building', 'operating'][stageIndex];
    const status = stageIndex < 4 && rng.chance(0.08) ? (rng.chance(0.5) ? 'lost' : 'on_hold') : 'active';
    const row = new Array(headers.length).fill(null);
    row[col['项目名称']] = W.projectName(rng, top);
    row[col['企业名称']] = W.uniqueCompanyName(rng, top, n);
    if (rng.chance(0.6)) row[col['统一社会信用代码']] = creditCode(1_000_000_000 + n, rng);
    row[col['产业类别代码']] = industry;
    row[col['招商方式']] = rng.pick(sources);
    if (rng.chance(0.8)) row[col['来源地']] = W.sourceCity(rng);
    row[col['计划投资额(万元)']] = planned;
    if (rng.chance(0.8)) row[col['预计年产值(万元)']] = Math.round(planned * (0.8 + rng.next() * 1.7));
    if (rng.chance(0.6)) row[col['预计年税收(万元)']] = Math.round(planned * 0.05);
    if (rng.chance(0.75)) row[col['预计就业(人)']] = Math.max(5, Math.round(planned / rng.logNormal(120, 2)));
    if (rng.chance(0.7)) row[col['用地面积(亩)']] = Math.round((planned / rng.logNormal(300, 1.8)) * 100) / 100;
    if (rng.chance(0.75)) row[col['落地区域代码']] = rng.pick(ctx.zones);
    row[col['重点项目级别']] = planned >= 50_000 && rng.chance(0.5) ? KEY_PROJECT_LABELS.city : KEY_PROJECT_LABELS.none;
    row[col['阶段']] = STAGE_LABELS[stage];
    row[col['状态']] = STATUS_LABELS[status];
    if (stageIndex >= 2) {
      const signed = now - (60 + rng.next() * 900) * DAY;
      row[col['签约日期']] = isoDate(signed);
      row[col['合同投资额(万元)']] = Math.round((planned * (0.7 + rng.next() * 0.5)) / 10) * 10;
      row[col['约定开工日期']] = isoDate(signed + 30 * DAY);
      row[col['约定投产日期']] = isoDate(signed + 400 * DAY);
      row[col['护商专员账号']] = rng.pick(team.commissioners);
      if (stageIndex >= 3) row[col['实际开工日期']] = isoDate(signed + 40 * DAY);
      if (stageIndex >= 4) {
        row[col['实际投产日期']] = isoDate(Math.min(now - DAY, signed + 50 * DAY + rng.next() * 300 * DAY));
        row[col['实际到位投资(万元)']] = Math.round(row[col['合同投资额(万元)']] * 0.8);
      }
    }
    if (status === 'lost') {
      const [reason, label] = rng.pick(lostReasons);
      row[col['终止原因']] = label;
      if (reason === 'chose_other_location') row[col['流失去向']] = rng.pick(W.LOST_TO);
      row[col['状态说明']] = rng.pick(W.LOST_NOTES);
    } else if (status === 'on_hold') row[col['状态说明']] = rng.pick(W.HOLD_NOTES);
    row[col['负责人账号']] = rng.pick(team.promoters);
    if (status !== 'lost' && rng.chance(0.6)) row[col['下次跟进']] = isoMinute(now + (1 + rng.next() * 60) * DAY);
    row[col['联系人']] = W.contacts(rng, i)
      .map((c) => `${c.name} / ${c.title} / ${c.phone}`)
      .join('；');
    if (rng.chance(0.1)) row[col['备注']] = rng.pick(W.FOLLOW_UP_SUMMARY[stage]);

    // the planted kinds, at rows spread through the file (never the first rows, so repeats have earlier rows to repeat)
    const draw = rng.next();
    let entry = { kind: 'created' };
    if (i > 100 && draw < SHARE.existing && existingNext < ctx.existing.length) {
      const lead = ctx.existing[existingNext++];
      row[col['统一社会信用代码']] = lead.credit_code;
      entry = { kind: 'duplicate', leadId: lead.id };
    } else if (i > 100 && draw < SHARE.existing + SHARE.repeat && createdWithCode.length) {
      const earlier = createdWithCode[rng.int(0, createdWithCode.length - 1)];
      row[col['统一社会信用代码']] = earlier.code;
      entry = { kind: 'duplicate', row: earlier.row };
    } else if (i > 100 && draw < SHARE.existing + SHARE.repeat + SHARE.bad) {
      const bad = BAD_ROWS[rng.int(0, BAD_ROWS.length - 1)];
      bad.spoil(row, col, rng);
      entry = { kind: 'error', column: bad.column };
    }
    if (entry.kind === 'created' && row[col['统一社会信用代码']]) createdWithCode.push({ code: row[col['统一社会信用代码']], row: i + 2 });
    counts[entry.kind] += 1;
    plan[i] = entry;
    sheet.addRow(row).commit();
  }
  sheet.commit();
  await workbook.commit();
  return { plan, counts };
}

/** Stage shares of a ledger of live projects (lead, negotiating, signed, building, operating). */
const STAGE_MIX = W.weighted([
  [0, 45],
  [1, 30],
  [2, 12],
  [3, 8],
  [4, 5],
]);

/** Bad rows a clerk types, each refused naming its column. */
const BAD_ROWS = [
  {
    column: '统一社会信用代码',
    spoil: (row, col) => {
      const code = row[col['统一社会信用代码']] ?? creditCode(2_000_000_000 + Math.floor(Math.random() * 1e6), W.prng(1));
      // a wrong check character
      const last = code.at(-1) === '0' ? '1' : '0';
      row[col['统一社会信用代码']] = code.slice(0, -1) + last;
    },
  },
  { column: '产业类别代码', spoil: (row, col) => (row[col['产业类别代码']] = 'ZZ99') },
  { column: '负责人账号', spoil: (row, col) => (row[col['负责人账号']] = 'bench_nobody') },
  { column: '计划投资额(万元)', spoil: (row, col) => (row[col['计划投资额(万元)']] = '约五千万左右') },
  { column: '企业名称', spoil: (row, col) => (row[col['企业名称']] = null) },
];

/** Compares the report with the plan row by row; answers the counts and a few mismatches. */
function checkReport(report, plan) {
  const examples = [];
  let mismatches = 0;
  const statuses = {};
  const seen = new Set();
  const created = new Map(report.filter((r) => r.status === 'created').map((r) => [r.row, r.leadId]));
  for (const r of report) {
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const i = r.row - 2;
    seen.add(i);
    const want = plan[i];
    let ok = want && r.status === want.kind;
    if (ok && want.kind === 'created') ok = typeof r.leadId === 'string';
    // a repeat of a row of an earlier batch names the lead that row created (committed by then), else the row
    if (ok && want.kind === 'duplicate')
      ok = want.leadId
        ? r.duplicateOf?.leadId === want.leadId
        : r.duplicateOf?.row === want.row || (r.duplicateOf?.leadId !== undefined && r.duplicateOf.leadId === created.get(want.row));
    if (ok && want.kind === 'error') ok = (r.errors ?? []).some((e) => e.startsWith(want.column));
    if (ok) continue;
    mismatches += 1;
    if (examples.length < 5) examples.push({ row: r.row, planted: want ?? null, reported: r });
  }
  const missing = plan.length - seen.size;
  return { statuses, mismatches: mismatches + missing, examples, missing };
}

/** The 'all' rows of the dashboard summary (kept by triggers) against the same counts from the leads. */
async function summaryAgrees(client) {
  const { rows } = await client.query(
    `WITH s AS (SELECT stage, status, sum(lead_count)::bigint AS n, sum(planned_investment) AS planned, sum(contract_investment) AS contract
                  FROM dashboard_lead_totals WHERE dimension = 'all' GROUP BY 1, 2 HAVING sum(lead_count) <> 0),
          l AS (SELECT stage, status, count(*)::bigint AS n, coalesce(sum(planned_investment), 0) AS planned, coalesce(sum(contract_investment), 0) AS contract
                  FROM leads WHERE deleted_at IS NULL GROUP BY 1, 2)
     SELECT count(*)::int AS differing FROM s FULL JOIN l USING (stage, status)
      WHERE s.n IS DISTINCT FROM l.n OR s.planned IS DISTINCT FROM l.planned OR s.contract IS DISTINCT FROM l.contract`,
  );
  return rows[0].differing === 0;
}

export async function measureImport({ config, appEnv, appEntry, dist, people }) {
  const client = new pg.Client({ connectionString: config.databaseUrl, application_name: 'zscrm-bench-import' });
  await client.connect();
  const file = path.join(os.tmpdir(), `zscrm-bench-import-${process.pid}.xlsx`);
  let forecastLock = null;
  const handles = [];
  try {
    const ctx = await loadContext(client, dist);
    let t = Date.now();
    const { plan, counts: planted } = await writeLedger(file, ctx);
    const bytes = fs.statSync(file).size;
    log(
      `import: ledger of ${ROWS.toLocaleString('en-US')} rows written (${fmt(bytes / 1048576)} MB, run ${ctx.run}: ${planted.created} new, ` +
        `${planted.duplicate} duplicates, ${planted.error} bad) in ${fmt((Date.now() - t) / 1000)} s`,
    );
    const [{ leads: leadsBefore }] = (await client.query(`SELECT count(*)::int AS leads FROM leads`)).rows;

    // BENCH_IMPORT_PORT: a fixed port for the API on a machine where ports are shared out
    // the worker's scheduled snapshot would otherwise run beside the import on a stale snapshot
    forecastLock = await holdForecastLock(config, dist, 'import');
    const port = process.env.BENCH_IMPORT_PORT ? Number(process.env.BENCH_IMPORT_PORT) : await freePort();
    const api = startProcess('api-import', [appEntry], { env: appEnv('api', port) });
    // BENCH_IMPORT_WORKER_ARGS: node flags for the worker (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof) when looking into it
    const workerArgs = (process.env.BENCH_IMPORT_WORKER_ARGS ?? '').split(' ').filter(Boolean);
    const worker = startProcess('worker-import', [...workerArgs, appEntry], { env: appEnv('worker', 0) });
    handles.push(api, worker);
    await waitForHttp(api, `http://127.0.0.1:${port}/health`, 90_000);
    await waitForLog(worker, /workers started/, 90_000);
    const base = `http://127.0.0.1:${port}/api/v1`;
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: people.leader.username, password: BENCH_PASSWORD }),
    });
    const { accessToken: token } = await login.json();
    if (!token) throw new Error(`login as ${people.leader.username} failed: ${login.status}`);
    const auth = { authorization: `Bearer ${token}` };

    const peaks = { api: 0, worker: 0 };
    const poll = setInterval(() => {
      peaks.api = Math.max(peaks.api, procStatus(api.child.pid, 'VmRSS') ?? 0);
      peaks.worker = Math.max(peaks.worker, procStatus(worker.child.pid, 'VmRSS') ?? 0);
    }, 250);
    const form = new FormData();
    form.set('file', new Blob([fs.readFileSync(file)]), 'ledger.xlsx');
    t = Date.now();
    const upload = await fetch(`${base}/leads/import`, { method: 'POST', headers: auth, body: form });
    const accepted = await upload.json();
    const uploadMs = Date.now() - t;
    if (upload.status !== 202) throw new Error(`POST /leads/import → ${upload.status}: ${JSON.stringify(accepted).slice(0, 300)}`);
    log(`import: 202 in ${fmt(uploadMs / 1000)} s, import ${accepted.importId}; following GET /imports/:id`);
    let progress;
    let lastLogged = 0;
    // the API's peak while it takes the upload and answers progress, before the finished import's answer (every row's report) is built
    let apiDuring = 0;
    for (;;) {
      await sleep(500);
      assertAlive(api);
      assertAlive(worker);
      apiDuring = procStatus(api.child.pid, 'VmHWM') ?? apiDuring;
      const res = await fetch(`${base}/imports/${accepted.importId}`, { headers: auth });
      progress = await res.json();
      if (progress.status === 'done' || progress.status === 'failed') break;
      if (Date.now() - lastLogged > 10_000) {
        lastLogged = Date.now();
        log(`import: ${progress.status} ${progress.processed ?? 0}/${progress.total ?? '?'} rows after ${fmt((Date.now() - t) / 1000)} s`);
      }
      if (Date.now() - t > IMPORT_TIMEOUT_MS) throw new Error(`the import did not finish in ${IMPORT_TIMEOUT_MS / 60_000} min`);
    }
    clearInterval(poll);
    const seconds = (new Date(progress.finishedAt).getTime() - t) / 1000;
    const hwm = { api: procStatus(api.child.pid, 'VmHWM'), worker: procStatus(worker.child.pid, 'VmHWM') };
    if (progress.status !== 'done') throw new Error(`the import failed: ${progress.error}`);
    const check = checkReport(progress.rows ?? [], plan);
    const forecastTaken = /forecast snapshot taken/.test(fs.readFileSync(worker.logFile, 'utf8'));
    const [{ leads: leadsAfter }] = (await client.query(`SELECT count(*)::int AS leads FROM leads`)).rows;
    // the seeding's check (seedIfNeeded) counts the leads less these, so a later run does not reseed
    await client.query(`CREATE TABLE IF NOT EXISTS _bench_import_added (import_id uuid PRIMARY KEY, leads int NOT NULL)`);
    await client.query(`INSERT INTO _bench_import_added VALUES ($1, $2)`, [accepted.importId, leadsAfter - leadsBefore]);
    const summary = await summaryAgrees(client);
    const result = {
      rows: ROWS,
      file_mb: round(bytes / 1048576, 1),
      seconds: round(seconds, 1),
      upload_s: round(uploadMs / 1000, 1),
      rows_per_s: round(ROWS / seconds, 0),
      peak_rss_mib: round(Math.max(apiDuring, hwm.worker ?? 0), 0),
      worker_peak_rss_mib: round(hwm.worker, 0),
      api_peak_rss_mib: round(apiDuring, 0),
      api_peak_rss_with_report_mib: round(hwm.api, 0),
      worker_polled_rss_mib: round(peaks.worker, 0),
      api_polled_rss_mib: round(peaks.api, 0),
      forecast_refresh_during_import: forecastTaken,
      planted,
      reported: {
        created: progress.created,
        duplicates: progress.duplicates,
        errors: progress.errors,
        skipped: progress.skipped,
        updated: progress.updated,
      },
      report_rows: (progress.rows ?? []).length,
      report_mismatches: check.mismatches,
      mismatch_examples: check.examples,
      leads_added: leadsAfter - leadsBefore,
      summary_matches_leads: summary,
      report_ok:
        check.mismatches === 0 &&
        progress.created === planted.created &&
        progress.duplicates === planted.duplicate &&
        progress.errors === planted.error &&
        leadsAfter - leadsBefore === planted.created &&
        summary,
    };
    table(
      `import (issue 22): ${ROWS.toLocaleString('en-US')} rows as ${people.leader.username}`,
      ['', 'value'],
      [
        ['end to end (upload → finished_at)', `${fmt(result.seconds)} s`],
        ['rows/s', fmt(result.rows_per_s, 0)],
        [
          'peak RSS worker / API / API with the report (VmHWM)',
          `${fmt(result.worker_peak_rss_mib, 0)} / ${fmt(result.api_peak_rss_mib, 0)} / ${fmt(result.api_peak_rss_with_report_mib, 0)} MiB`,
        ],
        ['created / duplicates / errors (planted)', `${planted.created} / ${planted.duplicate} / ${planted.error}`],
        ['created / duplicates / errors (reported)', `${progress.created} / ${progress.duplicates} / ${progress.errors}`],
        ['report rows not as planted', fmt(check.mismatches, 0)],
        ['summary tables = leads', String(summary)],
      ],
    );
    if (check.mismatches) log(`import: first mismatches ${JSON.stringify(check.examples).slice(0, 1500)}`);
    return result;
  } finally {
    await Promise.all(handles.map((h) => h.stop().catch(() => undefined)));
    await forecastLock?.release();
    fs.rmSync(file, { force: true });
    await client.end();
  }
}
