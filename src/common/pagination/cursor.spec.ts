import { describe, expect, it } from '@jest/globals';
import { AppError } from '../errors/app-error';
import { CursorValueType, decodeCursor, encodeCursor } from './cursor';

const ID = '5f0c6a38-8f55-4b9e-9a57-0d6f1b1f3a11';
const refused = (values: unknown, types: CursorValueType[]) => {
  try {
    decodeCursor(encodeCursor(values as unknown[]), types);
    return false;
  } catch (error) {
    return error instanceof AppError && error.status === 400;
  }
};

describe('decodeCursor', () => {
  it('answers the values of a cursor whose values fit the sort’s types', () => {
    for (const [value, type] of [
      ['2026-05-01 10:20:30.123456+08', 'timestamptz'],
      ['2026-05-01 10:20:30+05:30', 'timestamptz'],
      ['2026-05-01T10:20:30Z', 'timestamptz'],
      ['infinity', 'timestamptz'],
      ['-1', 'numeric'],
      ['123456789012.50', 'numeric'],
      ['ZS-2026-0001', 'text'],
      ['9007199254740', 'bigint'],
    ] as const) {
      expect(decodeCursor(encodeCursor([value, ID]), [type, 'uuid'])).toEqual([value, ID]);
    }
  });

  it('refuses values PostgreSQL would refuse as the sort’s type, with a 400', () => {
    for (const [value, type] of [
      ['not-a-date', 'timestamptz'],
      ['2026-02-29 00:00:00+00', 'timestamptz'],
      ['2026-13-01 00:00:00+00', 'timestamptz'],
      ['2026-01-01 24:00:00+00', 'timestamptz'],
      ['2026-01-01 00:00:00+16', 'timestamptz'],
      ['0000-01-01 00:00:00+00', 'timestamptz'],
      ['1e999', 'numeric'],
      ['NaN', 'numeric'],
      ['ZS\u0000', 'text'],
      ['x'.repeat(201), 'text'],
      ['12345678901234567890', 'bigint'],
      ['-1', 'bigint'],
    ] as const) {
      expect({ value, refused: refused([value, ID], [type, 'uuid']) }).toEqual({ value, refused: true });
    }
  });

  it('refuses the wrong number of values, non-strings, a bad id and text that is not base64 JSON', () => {
    expect(refused(['2026-01-01 00:00:00+00'], ['timestamptz', 'uuid'])).toBe(true);
    expect(refused([1767225600000, ID], ['timestamptz', 'uuid'])).toBe(true);
    expect(refused(['2026-01-01 00:00:00+00', 'nope'], ['timestamptz', 'uuid'])).toBe(true);
    expect(() => decodeCursor('!!!', ['text'])).toThrow(AppError);
  });
});
