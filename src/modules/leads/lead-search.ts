/**
 * `q` search over the generated `search_text` / `search_grams` columns (see the initial migration):
 * one character matches the unigram array; longer terms need every bigram (GIN) and then a LIKE recheck.
 */
export function leadSearchSql(q: string, params: unknown[], alias = 'l'): string | null {
  const term = q.trim().toLowerCase();
  if (term === '') return null;
  const chars = Array.from(term);
  if (chars.length === 1) {
    params.push([term]);
    return `${alias}.search_grams @> $${params.length}::text[]`;
  }
  const bigrams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const gram = chars[i] + chars[i + 1];
    if (!/^\s+$/.test(gram)) bigrams.add(gram);
  }
  params.push([...bigrams]);
  const gramsParam = `$${params.length}`;
  params.push(`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return `(${alias}.search_grams @> ${gramsParam}::text[] AND ${alias}.search_text LIKE $${params.length})`;
}
