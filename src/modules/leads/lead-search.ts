/** A first bigram in more than this share of leads is too common to lead the index condition. */
const COMMON_GRAM_SHARE = 0.1;

/**
 * What a step of a walk costs next to fetching a matching row: the walk reads the list-order indexes alone
 * (they include search_text, so the LIKE is checked on the index entry), the index path fetches every match
 * from the table. Measured at 1M leads: ~0.5 µs against ~5–10 µs.
 */
const WALK_STEP_COST = 0.1;

/** What a page of results is read from: how many leads the caller's scope holds and how many rows the page wants. */
export interface SearchPage {
  scopeRows: number;
  pageRows: number;
}

/**
 * `q` search over the generated `search_text` / `search_grams` columns (see the initial migration):
 * one character matches the unigram array; a longer term puts one of its bigrams in the GIN condition
 * and checks the whole term with LIKE. With every bigram in the condition PostgreSQL multiplies their
 * frequencies as if independent (机器 × 器人), underestimates the matches by ~1000× and sorts them all;
 * with one it estimates well and walks the created_at index instead (290 ms → 7.5 ms at 1M leads).
 * The one is the first bigram unless PostgreSQL's statistics (SearchGramFrequencies) say it is in more
 * than COMMON_GRAM_SHARE of leads; then it is the rarest: 淄博晶 by 博晶 (4,763 index hits at 1M leads)
 * instead of 淄博 (236,000, a parallel scan of the table: 1.2–2.9 s → 28 ms). Not always the rarest:
 * for 数据中 the rarer 据中 (1.4 %) makes PostgreSQL fetch and sort all 14,000 matches (65 ms) where 数据
 * (4.5 %) lets it walk the created_at index to the first page's matches (6 ms).
 *
 * For a page (`page` given) the choice between the two ways is made here, from the same statistics: the
 * index fetches every match in the caller's scope (share × scopeRows rows) and sorts them; a walk in list
 * order reads about pageRows / share index entries before the page is full. When the term's share (at
 * most its rarest gram's) makes share × scopeRows exceed pageRows / share × WALK_STEP_COST, the walk is
 * cheaper (`walk`): the condition is the LIKE alone, which no index serves, so PostgreSQL walks the
 * list-order index (微电子, 1.7 % of leads: 128 ms sorting 17,000 matches → ~1,200 index entries).
 * Otherwise the index, by the rarest gram. A gram absent from the statistics is rare: the index.
 */
export function leadSearch(
  q: string,
  params: unknown[],
  frequencyOf: (gram: string) => number = () => 0,
  alias = 'l',
  page?: SearchPage,
): { sql: string; walk: boolean } | null {
  const term = q.trim().toLowerCase();
  if (term === '') return null;
  const chars = Array.from(term);
  const like = () => {
    params.push(`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    return `${alias}.search_text LIKE $${params.length}`;
  };
  const candidates =
    chars.length === 1
      ? chars
      : chars
          .slice(0, -1)
          .map((char, i) => char + chars[i + 1])
          .filter((gram) => !/^\s+$/.test(gram));
  const rarest = candidates.reduce<string | null>(
    (best, gram) => (best === null || frequencyOf(gram) < frequencyOf(best) ? gram : best),
    null,
  );
  const share = rarest === null ? 0 : frequencyOf(rarest);
  if (page && share > 0 && share * share * page.scopeRows >= page.pageRows * WALK_STEP_COST) return { sql: like(), walk: true };
  if (chars.length === 1) {
    params.push([term]);
    return { sql: `${alias}.search_grams @> $${params.length}::text[]`, walk: false };
  }
  const first = candidates[0] ?? chars.slice(0, 2).join('');
  // a page that did not choose the walk wants the fewest matches: the rarest gram (数据中 in a team: by 据中)
  const bigram = (page || frequencyOf(first) > COMMON_GRAM_SHARE) && rarest !== null ? rarest : first;
  params.push([bigram]);
  const gramsParam = `$${params.length}`;
  return { sql: `(${alias}.search_grams @> ${gramsParam}::text[] AND ${like()})`, walk: false };
}

/** leadSearch's condition alone (a count, an export: every match, no page). */
export function leadSearchSql(q: string, params: unknown[], frequencyOf: (gram: string) => number = () => 0, alias = 'l'): string | null {
  return leadSearch(q, params, frequencyOf, alias)?.sql ?? null;
}
