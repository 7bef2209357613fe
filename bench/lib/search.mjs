/**
 * search: GET /api/v1/leads?q=<Chinese term> (default page of 20) for one-, two- and three-character
 * terms from rare (a brand: ~0.04% of leads; the rarest character, ~0.4%) through mid-frequency (1–6%)
 * to common (a city or a product word: 12–26%), one request at a time, as a leader (who sees every
 * lead) and as a promoter (their team's leads and their own). `leader_p95_ms` / `promoter_p95_ms` are
 * the worst p95 over every term.
 */
import pg from 'pg';
import { log, percentile, round, table, timedGet, fmt } from './util.mjs';

export const CJK1 = ['枢', '微', '冷', '园', '博'];
export const CJK2 = ['淄博', '机器', '康养', '物流', '晶芯', '华鑫'];
export const CJK3 = ['机器人', '微电子', '产业园', '淄博晶', '数据中', '华鑫智'];
const KINDS = [
  ['cjk1', CJK1],
  ['cjk2', CJK2],
  ['cjk3', CJK3],
];
/** rare: under 1% of leads; mid: 1–10%; common: more */
const termClass = (matches, leads) => (matches < leads * 0.01 ? 'rare' : matches <= leads * 0.1 ? 'mid' : 'common');
const SAMPLES = 20;
const TERM_BUDGET_MS = 8000; // per term: at least 5 samples, then no more than this

async function timeTerms(app, token, terms) {
  const perTerm = {};
  const all = [];
  for (const term of terms) {
    const url = `${app.base}/api/v1/leads?q=${encodeURIComponent(term)}`;
    for (let i = 0; i < 2; i++) await timedGet(url, token);
    const times = [];
    let hits = 0;
    const started = Date.now();
    for (let i = 0; i < SAMPLES && (i < 5 || Date.now() - started < TERM_BUDGET_MS); i++) {
      const { ms, body } = await timedGet(url, token);
      times.push(ms);
      if (i === 0) hits = JSON.parse(body).items.length;
    }
    perTerm[term] = {
      samples: times.length,
      p50_ms: round(percentile(times, 50), 2),
      p95_ms: round(percentile(times, 95), 2),
      page_rows: hits,
    };
    all.push(...times);
  }
  return { p50_ms: round(percentile(all, 50), 2), p95_ms: round(percentile(all, 95), 2), terms: perTerm };
}

/** How many live leads each term matches (the same test as the app's: substring of search_text). */
async function matchCounts(databaseUrl, terms) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const counts = {};
    for (const term of terms) {
      const grams = term.length === 1 ? [term] : [];
      for (let i = 0; i + 1 < term.length; i++) grams.push(term.slice(i, i + 2));
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM leads WHERE deleted_at IS NULL AND search_grams @> $1::text[] AND search_text LIKE $2`,
        [grams, `%${term}%`],
      );
      counts[term] = rows[0].n;
    }
    return counts;
  } finally {
    await client.end();
  }
}

export async function measureSearch({ app, tokens, config }) {
  const result = { samples_per_term: SAMPLES };
  const terms = KINDS.flatMap(([, list]) => list);
  result.matches = await matchCounts(config.databaseUrl, terms);
  const leads = await liveLeads(config.databaseUrl);
  result.classes = Object.fromEntries(terms.map((term) => [term, termClass(result.matches[term], leads)]));
  for (const role of ['leader', 'promoter']) {
    result[role] = {};
    for (const [kind, list] of KINDS) result[role][kind] = await timeTerms(app, tokens[role], list);
    result[`${role}_p95_ms`] = Math.max(...KINDS.flatMap(([kind, list]) => list.map((term) => result[role][kind].terms[term].p95_ms)));
    log(
      `search as ${role}: ${KINDS.map(([kind]) => `${kind} p50 ${result[role][kind].p50_ms} ms`).join(', ')}; worst p95 over the terms ${result[`${role}_p95_ms`]} ms`,
    );
  }
  result.cjk1_p50_ms = result.leader.cjk1.p50_ms;
  result.cjk2_p50_ms = result.leader.cjk2.p50_ms;
  result.cjk3_p50_ms = result.leader.cjk3.p50_ms;
  const rows = [];
  for (const [kind, list] of KINDS) {
    for (const term of list) {
      rows.push([
        term,
        result.classes[term],
        fmt(result.matches[term], 0),
        fmt(result.leader[kind].terms[term].p50_ms, 2),
        fmt(result.leader[kind].terms[term].p95_ms, 2),
        fmt(result.promoter[kind].terms[term].p50_ms, 2),
        fmt(result.promoter[kind].terms[term].p95_ms, 2),
      ]);
    }
    rows.push([
      `${kind} (all)`,
      '',
      '',
      fmt(result.leader[kind].p50_ms, 2),
      fmt(result.leader[kind].p95_ms, 2),
      fmt(result.promoter[kind].p50_ms, 2),
      fmt(result.promoter[kind].p95_ms, 2),
    ]);
  }
  table('search (q=…, ms)', ['term', 'class', 'matches', 'leader p50', 'leader p95', 'promoter p50', 'promoter p95'], rows);
  return result;
}

async function liveLeads(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(`SELECT count(*)::int AS n FROM leads WHERE deleted_at IS NULL`)).rows[0].n;
  } finally {
    await client.end();
  }
}
