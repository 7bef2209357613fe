/** A first bigram in more than this share of leads is too common to lead the index condition. */
const COMMON_GRAM_SHARE = 0.1;

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
 */
export function leadSearchSql(q: string, params: unknown[], frequencyOf: (gram: string) => number = () => 0, alias = 'l'): string | null {
  const term = q.trim().toLowerCase();
  if (term === '') return null;
  const chars = Array.from(term);
  if (chars.length === 1) {
    params.push([term]);
    return `${alias}.search_grams @> $${params.length}::text[]`;
  }
  const candidates = chars
    .slice(0, -1)
    .map((char, i) => char + chars[i + 1])
    .filter((gram) => !/^\s+$/.test(gram));
  const rarest = candidates.reduce<string | null>(
    (best, gram) => (best === null || frequencyOf(gram) < frequencyOf(best) ? gram : best),
    null,
  );
  const first = candidates[0] ?? chars.slice(0, 2).join('');
  const bigram = frequencyOf(first) > COMMON_GRAM_SHARE && rarest !== null ? rarest : first;
  params.push([bigram]);
  const gramsParam = `$${params.length}`;
  params.push(`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return `(${alias}.search_grams @> ${gramsParam}::text[] AND ${alias}.search_text LIKE $${params.length})`;
}
