import { describe, expect, it } from '@jest/globals';
import { leadSearch, leadSearchSql } from './lead-search';

describe('leadSearchSql', () => {
  const frequencies = new Map([
    ['淄博', 0.24],
    ['机器', 0.033],
    ['器人', 0.033],
    ['产业', 0.18],
    ['业园', 0.12],
    ['数据', 0.045],
    ['据中', 0.014],
  ]);
  const frequencyOf = (gram: string) => frequencies.get(gram) ?? 0;

  it('puts the rarest bigram in the index condition when the first is common, and checks the whole term with LIKE', () => {
    const params: unknown[] = [];
    expect(leadSearchSql('淄博晶', params, frequencyOf)).toBe('(l.search_grams @> $1::text[] AND l.search_text LIKE $2)');
    expect(params).toEqual([['博晶'], '%淄博晶%']);
  });

  it('keeps the first bigram when it is not common, with or without statistics', () => {
    const uncommon: unknown[] = [];
    leadSearchSql('数据中', uncommon, frequencyOf);
    expect(uncommon[0]).toEqual(['数据']);
    const tie: unknown[] = [];
    leadSearchSql('机器人', tie, frequencyOf);
    expect(tie[0]).toEqual(['机器']);
    const none: unknown[] = [];
    leadSearchSql('产业园', none);
    expect(none[0]).toEqual(['产业']);
    const known: unknown[] = [];
    leadSearchSql('产业园', known, frequencyOf);
    expect(known[0]).toEqual(['业园']);
  });

  it('skips whitespace bigrams, lowercases, escapes LIKE wildcards and uses unigrams for one character', () => {
    const params: unknown[] = ['x'];
    expect(leadSearchSql(' A b_% ', params, frequencyOf)).toBe('(l.search_grams @> $2::text[] AND l.search_text LIKE $3)');
    expect(params).toEqual(['x', ['a '], '%a b\\_\\%%']);
    const one: unknown[] = [];
    expect(leadSearchSql('淄', one)).toBe('l.search_grams @> $1::text[]');
    expect(one).toEqual([['淄']]);
    expect(leadSearchSql('   ', [])).toBeNull();
  });

  it('walks the list order with the LIKE alone when a page fills sooner than the index would fetch every match', () => {
    const leader = { scopeRows: 1_000_000, pageRows: 21 };
    const team = { scopeRows: 74_000, pageRows: 21 };
    const walk: unknown[] = [];
    // 机器 (3.3 %): 0.033² × 1M ≈ 1,089 ≥ 21 × 0.1
    expect(leadSearch('机器人', walk, frequencyOf, 'l', leader)?.sql).toBe('l.search_text LIKE $1');
    expect(walk).toEqual(['%机器人%']);
    const one: unknown[] = [];
    expect(leadSearch('淄', one, (gram) => (gram === '淄' ? 0.23 : 0), 'l', team)?.sql).toBe('l.search_text LIKE $1');
    expect(one).toEqual(['%淄%']);
    expect(leadSearch('机器', [], frequencyOf, 'l', leader)?.walk).toBe(true);
    // the term's share is at most its rarest gram's: 淄博晶 by 博晶 (absent from the statistics: rare)
    expect(leadSearch('淄博晶', [], frequencyOf, 'l', leader)?.sql).toBe('(l.search_grams @> $1::text[] AND l.search_text LIKE $2)');
  });

  it('reads the index by the rarest gram when a page does not walk', () => {
    // 据中 (1.4 %) among 7,400 leads: 0.014² × 7,400 ≈ 1.45 < 21 × 0.1
    const params: unknown[] = [];
    expect(leadSearch('数据中', params, frequencyOf, 'l', { scopeRows: 7_400, pageRows: 21 })?.sql).toBe(
      '(l.search_grams @> $1::text[] AND l.search_text LIKE $2)',
    );
    expect(params).toEqual([['据中'], '%数据中%']);
    const rareChar: unknown[] = [];
    expect(leadSearch('枢', rareChar, () => 0.001, 'l', { scopeRows: 1_000_000, pageRows: 21 })?.sql).toBe('l.search_grams @> $1::text[]');
    expect(rareChar).toEqual([['枢']]);
  });
});
