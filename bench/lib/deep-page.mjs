/**
 * deep_page: walks `nextCursor` from page 1 to page 2000 (limit 20) of a promoter's team list, then
 * times page 1 and page 2000 alternately, one request at a time: p50 of page 2000 over page 1.
 */
import { getJson, log, percentile, progress, round, table, timedGet, fmt } from './util.mjs';

const TARGET_PAGE = 2000;
const LIMIT = 20;
const SAMPLES = 60;
const WALK_BUDGET_MS = 240_000;

export async function measureDeepPage({ app, tokens, people }) {
  const token = tokens.promoter;
  const first = `${app.base}/api/v1/leads?teamId=${people.promoter.teamId}&limit=${LIMIT}`;
  const prog = progress('deep_page walk');
  let cursor = null;
  let page = 1;
  let deepUrl;
  const t0 = Date.now();
  for (;;) {
    const url = cursor ? `${first}&cursor=${encodeURIComponent(cursor)}` : first;
    const body = await getJson(url, token);
    deepUrl = url;
    if (page === TARGET_PAGE || !body.nextCursor) break;
    if (Date.now() - t0 > WALK_BUDGET_MS) {
      log(`deep_page: the walk took longer than ${WALK_BUDGET_MS / 1000}s; stopping at page ${page}`);
      break;
    }
    cursor = body.nextCursor;
    page++;
    prog.update(`page ${page}/${TARGET_PAGE}, ${Math.round(page / ((Date.now() - t0) / 1000))} pages/s`);
  }
  prog.done(`reached page ${page} (of ${TARGET_PAGE} wanted) in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  if (page < TARGET_PAGE)
    log(
      `deep_page: the team has fewer than ${TARGET_PAGE * LIMIT} leads; page ${page} is the deepest (run with more BENCH_LEADS for the real figure)`,
    );

  for (let i = 0; i < 5; i++) {
    await timedGet(first, token);
    await timedGet(deepUrl, token);
  }
  const times = { first: [], deep: [] };
  for (let i = 0; i < SAMPLES; i++) {
    // alternate the order so neither page always runs right after the other
    const order = i % 2 ? ['first', 'deep'] : ['deep', 'first'];
    for (const which of order) times[which].push((await timedGet(which === 'first' ? first : deepUrl, token)).ms);
  }
  const p1 = percentile(times.first, 50);
  const pd = percentile(times.deep, 50);
  const result = {
    query: `/api/v1/leads?teamId=<promoter's team>&limit=${LIMIT}`,
    page: page,
    page1_p50_ms: round(p1, 2),
    deep_p50_ms: round(pd, 2),
    page1_p95_ms: round(percentile(times.first, 95), 2),
    deep_p95_ms: round(percentile(times.deep, 95), 2),
    p50_ratio: round(pd / p1, 3),
    samples: SAMPLES,
  };
  table(
    `deep_page (page ${page} vs page 1, limit ${LIMIT}, promoter)`,
    ['', 'page 1', `page ${page}`, 'ratio'],
    [
      ['p50 ms', fmt(result.page1_p50_ms, 2), fmt(result.deep_p50_ms, 2), fmt(result.p50_ratio, 3)],
      ['p95 ms', fmt(result.page1_p95_ms, 2), fmt(result.deep_p95_ms, 2), ''],
    ],
  );
  return result;
}
