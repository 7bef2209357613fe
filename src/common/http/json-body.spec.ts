import { describe, expect, it } from '@jest/globals';
import { AppError } from '../errors/app-error';
import { JSON_LIMITS, scanJson } from './json-body';

const scan = (text: string, topLevelKeys?: number) => scanJson(Buffer.from(text), { ...JSON_LIMITS, topLevelKeys });

function refusal(text: string, topLevelKeys?: number): AppError {
  try {
    scan(text, topLevelKeys);
  } catch (error) {
    return error as AppError;
  }
  throw new Error('not refused');
}

describe('scanJson', () => {
  it('lets ordinary bodies through, brackets and commas inside strings included', () => {
    expect(() => scan('{"a":[1,2,{"b":"x,y]]]}}}{{{"}],"c":"\\"[[[["}')).not.toThrow();
    expect(() => scan(`${'['.repeat(32)}${']'.repeat(32)}`)).not.toThrow();
    expect(() => scan('{"名字":"王总, 董事长"}', 1)).not.toThrow();
  });

  it('refuses nesting deeper than the limit, in O(n) before JSON.parse would recurse', () => {
    const error = refusal(`{"a":${'['.repeat(20_000)}${']'.repeat(20_000)}}`);
    expect(error.status).toBe(400);
    expect(error.details).toEqual({ limit: JSON_LIMITS.depth });
    expect(refusal(`${'['.repeat(33)}${']'.repeat(33)}`).details).toEqual({ limit: 32 });
  });

  it('refuses an object with more keys, or an array with more items, than the limits', () => {
    const keys = (n: number) => `{${Array.from({ length: n }, (_, i) => `"k${i}":{"x":[${i}]}`).join(',')}}`;
    expect(() => scan(keys(JSON_LIMITS.keysPerObject))).not.toThrow();
    expect(refusal(keys(JSON_LIMITS.keysPerObject + 1)).details).toEqual({ limit: JSON_LIMITS.keysPerObject });
    expect(refusal(`{"a":{"b":${keys(JSON_LIMITS.keysPerObject + 1)}}}`).message).toMatch(`more than ${JSON_LIMITS.keysPerObject} fields`);
    const items = (n: number) => `[${Array.from({ length: n }, () => '{"a":1,"b":2}').join(',')}]`;
    expect(() => scan(items(JSON_LIMITS.itemsPerArray))).not.toThrow();
    expect(refusal(`{"list":${items(JSON_LIMITS.itemsPerArray + 1)}}`).details).toEqual({ limit: JSON_LIMITS.itemsPerArray });
  });

  it('refuses more top-level keys than a public route accepts, counting only the top level', () => {
    expect(() => scan('{"username":"a","password":{"x":1,"y":2,"z":3}}', 2)).not.toThrow();
    expect(refusal('{"username":"a","password":"b","role":"admin"}', 2).details).toEqual({ limit: 2 });
  });

  it('leaves malformed text to JSON.parse', () => {
    expect(() => scan('{"a":]]]]')).not.toThrow();
    expect(() => scan('"unterminated')).not.toThrow();
  });
});
