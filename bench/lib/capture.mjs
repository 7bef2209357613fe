/**
 * Captures the app's own SQL: a short-lived instance of the built app runs with bench/sql-tap.cjs,
 * which records every statement it sends through `pg`. The list baseline and the dashboard baseline
 * then run exactly these statements, so "identical SQL" holds by construction, whatever the code
 * that builds it looks like today.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getJson, log, sleep } from './util.mjs';

export const LIST_STAGE = 'negotiating';
export const LIST_LIMIT = 50;

async function during(tapFile, fn) {
  const before = fs.existsSync(tapFile) ? fs.statSync(tapFile).size : 0;
  const value = await fn();
  await sleep(50);
  const fresh = fs.readFileSync(tapFile).subarray(before).toString('utf8');
  const queries = fresh
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  return { value, queries: queries.filter((q) => !/\bFROM "users"/.test(q.text)) };
}

/** Groups statements that overlapped in time: each wave ran concurrently, the waves one after another. */
function waves(queries) {
  const sorted = [...queries].sort((a, b) => a.start - b.start);
  const out = [];
  let end = -Infinity;
  for (const q of sorted) {
    if (q.start < end && out.length) out.at(-1).push(q);
    else out.push([q]);
    end = Math.max(end, q.end);
  }
  return out.map((wave) => wave.map(({ text, values }) => ({ text, values })));
}

export async function captureSql({ startApp, login, people, logDir, wantDashboard }) {
  fs.mkdirSync(logDir, { recursive: true });
  const tapFile = path.join(logDir, 'sql-tap.jsonl');
  fs.rmSync(tapFile, { force: true });
  const app = await startApp('api-sql-capture', { tap: tapFile });
  try {
    const promoter = await login(app.base, people.promoter.username);
    const listUrl = (stage, teamId, limit) => `${app.base}/api/v1/leads?stage=${stage}&teamId=${teamId}&limit=${limit}`;
    await getJson(listUrl(LIST_STAGE, people.promoter.teamId, LIST_LIMIT), promoter); // warms the caches (caller, catalog names)
    const a = await during(tapFile, () => getJson(listUrl(LIST_STAGE, people.promoter.teamId, LIST_LIMIT), promoter));
    const otherTeam = randomUUID();
    const b = await during(tapFile, () => getJson(listUrl('lead', otherTeam, LIST_LIMIT - 1), promoter));
    const pick = (queries) => {
      const found = queries.filter((q) => /\bFROM leads\b/i.test(q.text) && /ORDER BY/i.test(q.text));
      if (found.length !== 1)
        throw new Error(
          `expected one list statement per request, captured ${queries.length}: ${queries.map((q) => q.text.slice(0, 80)).join(' | ')}`,
        );
      return found[0];
    };
    const qa = pick(a.queries);
    const qb = pick(b.queries);
    if (qa.text !== qb.text) throw new Error('the list SQL text depends on the filter values; the baseline cannot replay it');
    const bind = [];
    qa.values.forEach((value, index) => {
      if (JSON.stringify(value) === JSON.stringify(qb.values[index])) return;
      // a filter that takes several values (stage) is bound as a one-item array
      const is = (v, want) => v === want || (Array.isArray(v) && v.length === 1 && v[0] === want);
      const list = Array.isArray(value) ? { list: true } : {};
      if (is(value, LIST_STAGE) && is(qb.values[index], 'lead')) bind.push({ query: 'stage', index, ...list });
      else if (is(value, people.promoter.teamId) && is(qb.values[index], otherTeam)) bind.push({ query: 'teamId', index, ...list });
      else if (Number(value) === LIST_LIMIT + 1 && Number(qb.values[index]) === LIST_LIMIT)
        bind.push({ query: 'limit', index, plusOne: true });
      else
        throw new Error(`list SQL parameter $${index + 1} changed in a way the bench does not understand: ${value} → ${qb.values[index]}`);
    });
    const list = {
      sql: qa.text,
      values: qa.values,
      bind,
      statementsPerRequest: a.queries.length,
      otherStatements: a.queries.filter((q) => q !== qa).map((q) => q.text),
    };
    log(
      `captured the list SQL (${a.queries.length} statement(s) per request; bound: ${bind.map((b) => `$${b.index + 1}=${b.query}`).join(', ')})`,
    );

    let dashboard = null;
    if (wantDashboard) {
      const leader = await login(app.base, people.leader.username);
      const url = `${app.base}/api/v1/dashboard/pipeline`;
      const probe = await fetch(url, { headers: { authorization: `Bearer ${leader}` } });
      await probe.text();
      if (probe.status === 404) {
        dashboard = { missing: true, status: 404 };
        log('GET /api/v1/dashboard/pipeline answers 404 in the built app: the dashboard section is skipped');
      } else if (!probe.ok) {
        throw new Error(`GET /dashboard/pipeline → ${probe.status}`);
      } else {
        const d = await during(tapFile, () => getJson(url, leader));
        dashboard = { waves: waves(d.queries), statements: d.queries.length, sample: d.value };
        log(`captured the dashboard SQL: ${d.queries.length} statement(s) in ${dashboard.waves.length} wave(s) of concurrent queries`);
      }
    }
    fs.writeFileSync(path.join(logDir, 'captured-sql.json'), JSON.stringify({ list, dashboard }, null, 2));
    return { list, dashboard };
  } finally {
    await app.stop();
  }
}
