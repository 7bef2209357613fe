import { describe, expect, it } from '@jest/globals';
import { comparePeriods, isFuturePeriod, parsePeriod, periodKeyOf, previousQuarter } from './period';

describe('parsePeriod', () => {
  it('reads a year and a quarter with their first and last days', () => {
    expect(parsePeriod('2026')).toEqual({ key: '2026', year: 2026, quarter: null, start: '2026-01-01', end: '2026-12-31' });
    expect(parsePeriod('2026-Q1')).toMatchObject({ start: '2026-01-01', end: '2026-03-31' });
    expect(parsePeriod('2026-Q2')).toMatchObject({ start: '2026-04-01', end: '2026-06-30' });
    expect(parsePeriod('2026-Q3')).toMatchObject({ quarter: 3, start: '2026-07-01', end: '2026-09-30' });
    expect(parsePeriod('2026-Q4')).toMatchObject({ start: '2026-10-01', end: '2026-12-31' });
  });

  it('refuses anything else', () => {
    for (const key of ['2026-Q5', '2026-Q0', '26', '2026Q3', '2026-07', '1999', ' 2026', '2026-q3']) expect(parsePeriod(key)).toBeNull();
  });
});

describe('isFuturePeriod', () => {
  it('is future only when the period begins after today; the current period may be reported', () => {
    expect(isFuturePeriod(parsePeriod('2026-Q3')!, '2026-06-30')).toBe(true);
    expect(isFuturePeriod(parsePeriod('2026-Q3')!, '2026-07-01')).toBe(false);
    expect(isFuturePeriod(parsePeriod('2026')!, '2026-01-01')).toBe(false);
    expect(isFuturePeriod(parsePeriod('2027')!, '2026-12-31')).toBe(true);
  });
});

describe('previousQuarter', () => {
  it('is the quarter before today’s, across the year boundary', () => {
    expect(previousQuarter('2026-01-01').key).toBe('2025-Q4');
    expect(previousQuarter('2026-03-31').key).toBe('2025-Q4');
    expect(previousQuarter('2026-04-01').key).toBe('2026-Q1');
    expect(previousQuarter('2026-12-31').key).toBe('2026-Q3');
  });
});

describe('comparePeriods', () => {
  it('orders by first day, a year before its first quarter', () => {
    const keys = ['2026-Q2', '2026-Q1', '2025', '2026'];
    expect(
      keys
        .map((k) => parsePeriod(k)!)
        .sort(comparePeriods)
        .map((p) => p.key),
    ).toEqual(['2025', '2026', '2026-Q1', '2026-Q2']);
  });
});

describe('periodKeyOf', () => {
  it('reads the years and quarters a sheet writes', () => {
    for (const [text, key] of [
      ['2025', '2025'],
      ['2025年', '2025'],
      ['２０２５年度', '2025'],
      ['2025-Q3', '2025-Q3'],
      ['2025Q3', '2025-Q3'],
      ['2025 q3', '2025-Q3'],
      ['2025年第3季度', '2025-Q3'],
      ['2025年三季度', '2025-Q3'],
      ['2025年4季度', '2025-Q4'],
    ])
      expect(periodKeyOf(text)).toBe(key);
  });

  it('reads a year and a quarter from two columns, an empty quarter being the year', () => {
    expect(periodKeyOf('2025', '3')).toBe('2025-Q3');
    expect(periodKeyOf('2025年', 'Q2')).toBe('2025-Q2');
    expect(periodKeyOf('2025', '第一季度')).toBe('2025-Q1');
    expect(periodKeyOf('2025', '')).toBe('2025');
    expect(periodKeyOf('2025', null)).toBe('2025');
  });

  it('refuses what is not a period', () => {
    for (const text of ['2025Q5', '20253', '25年', '1999', '2025-13', '上半年', '']) expect(periodKeyOf(text)).toBeNull();
    expect(periodKeyOf('2025', '5')).toBeNull();
    expect(periodKeyOf('2025Q3', '3')).toBeNull();
  });
});
