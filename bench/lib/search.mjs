/**
 * search: GET /api/v1/leads?q=<Chinese term> (default page of 20) for two- and three-character terms
 * from rare (a brand: ~0.04% of leads) to common (a city or a product word: a few to 25%), one request
 * at a time. The headline figures are a leader's (who sees every lead, the heavier case); a
 * promoter's (team scope) are reported beside them.
 */
import pg from 'pg';
import { log, percentile, round, table, timedGet, fmt } from './util.mjs';

export const CJK2 = ['淄博', '机器', '康养', '物流', '晶芯', '华鑫'];
export const CJK3 = ['机器人', '微电子', '产业园', '淄博晶', '数据中'];
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
      const grams = [];
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
  result.matches = await matchCounts(config.databaseUrl, [...CJK2, ...CJK3]);
  for (const role of ['leader', 'promoter']) {
    result[role] = { cjk2: await timeTerms(app, tokens[role], CJK2), cjk3: await timeTerms(app, tokens[role], CJK3) };
    log(`search as ${role}: two characters p50 ${result[role].cjk2.p50_ms} ms, three characters p50 ${result[role].cjk3.p50_ms} ms`);
  }
  result.cjk2_p50_ms = result.leader.cjk2.p50_ms;
  result.cjk3_p50_ms = result.leader.cjk3.p50_ms;
  const rows = [];
  for (const [kind, terms] of [
    ['cjk2', CJK2],
    ['cjk3', CJK3],
  ]) {
    for (const term of terms) {
      rows.push([
        term,
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
      fmt(result.leader[kind].p50_ms, 2),
      fmt(result.leader[kind].p95_ms, 2),
      fmt(result.promoter[kind].p50_ms, 2),
      fmt(result.promoter[kind].p95_ms, 2),
    ]);
  }
  table('search (q=…, ms)', ['term', 'matches', 'leader p50', 'leader p95', 'promoter p50', 'promoter p95'], rows);
  return result;
}
