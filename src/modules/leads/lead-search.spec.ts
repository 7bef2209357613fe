import { describe, expect, it } from '@jest/globals';
import { leadSearchSql } from './lead-search';

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
});
