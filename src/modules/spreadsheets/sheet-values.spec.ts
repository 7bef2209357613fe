import { describe, expect, it } from '@jest/globals';
import { STAGE_LABELS } from '../leads/lead.enums';
import { readChoice, readDay, readInstant, readNumber } from './sheet-values';

const TZ = 'Asia/Shanghai';

describe('readNumber', () => {
  const money = { decimals: 2, max: 999_999_999_999 };
  it('reads numbers and number text with separators and units', () => {
    expect(readNumber(1234.5, money)).toEqual({ value: 1234.5 });
    expect(readNumber('1,234.50', money)).toEqual({ value: 1234.5 });
    expect(readNumber('50000万元', { ...money, quantity: 'money' })).toEqual({ value: 50000 });
    expect(readNumber('', money)).toEqual({ value: null });
    expect(readNumber(0.1 + 0.2, money)).toEqual({ value: 0.3 });
  });

  it('converts amounts and areas to the stored unit with a note, rounding what the stored unit cannot hold', () => {
    const wan = { ...money, quantity: 'money' as const, unit: '万元' };
    expect(readNumber('5.2亿元', wan)).toEqual({ value: 52000, note: '5.2亿元 → 52000 万元' });
    expect(readNumber(5.2, { ...wan, unit: '亿元' })).toEqual({ value: 52000, note: '5.2亿元 → 52000 万元' });
    expect(readNumber('1234.56元', wan)).toEqual({ value: 0.12, note: '1234.56元 → 0.12 万元 (四舍五入到 2 位小数)' });
    expect(readNumber('５０００万元', wan)).toEqual({ value: 5000 });
    expect(readNumber('6.5公顷', { ...money, quantity: 'area', unit: '亩' })).toEqual({ value: 97.5, note: '6.5公顷 → 97.5 亩' });
    expect(readNumber('30人', { decimals: 0, max: 10 ** 7, unit: '人' })).toEqual({ value: 30 });
    expect(readNumber('3000000元', { decimals: 0, max: 10 ** 7, unit: '人' })).toHaveProperty('problem');
  });

  it('refuses negatives, text, extra decimals and fractions of a person', () => {
    expect(readNumber(-1, money)).toHaveProperty('problem');
    expect(readNumber('abc', money)).toHaveProperty('problem');
    expect(readNumber(1.234, money)).toHaveProperty('problem');
    expect(readNumber(12.5, { decimals: 0, max: 10 ** 7 })).toHaveProperty('problem');
  });
});

describe('readDay', () => {
  it('reads date cells, Excel serials and the usual ways of writing a date', () => {
    expect(readDay(new Date(Date.UTC(2026, 2, 1)))).toEqual({ value: '2026-03-01' });
    expect(readDay(46082)).toEqual({ value: '2026-03-01' });
    for (const text of [
      '2026-03-01',
      '2026/3/1',
      '2026.03.01',
      '2026.3.1',
      '26.3.1',
      '26/3/1',
      '2026年3月1日',
      '2026 年 3 月 1 号',
      '20260301',
      '２０２６．３．１',
    ])
      expect(readDay(text)).toEqual({ value: '2026-03-01' });
    expect(readDay(20260301)).toEqual({ value: '2026-03-01' });
  });

  it('refuses days that do not exist and text that is no date', () => {
    expect(readDay('2026-02-30')).toHaveProperty('problem');
    expect(readDay('下周')).toHaveProperty('problem');
  });
});

describe('readInstant', () => {
  it('takes a cell as district wall-clock time, ISO text with an offset as it is, and a day alone as 09:00', () => {
    expect(readInstant('2026-05-01 09:30', TZ)).toEqual({ value: new Date('2026-05-01T01:30:00Z') });
    expect(readInstant(new Date(Date.UTC(2026, 4, 1, 9, 30)), TZ)).toEqual({ value: new Date('2026-05-01T01:30:00Z') });
    expect(readInstant('2026-05-01T01:30:00Z', TZ)).toEqual({ value: new Date('2026-05-01T01:30:00Z') });
    expect(readInstant('2026-05-01', TZ)).toEqual({ value: new Date('2026-05-01T01:00:00Z') });
    expect(readInstant('2026-05-01 25:00', TZ)).toHaveProperty('problem');
    expect(readInstant('26.5.1', TZ)).toEqual({ value: new Date('2026-05-01T01:00:00Z') });
    expect(readInstant(20260501, TZ)).toEqual({ value: new Date('2026-05-01T01:00:00Z') });
  });
});

describe('readChoice', () => {
  it('reads a code in any case, or its Chinese label, or an alias', () => {
    expect(readChoice('签约', STAGE_LABELS)).toEqual({ value: 'signed' });
    expect(readChoice('SIGNED', STAGE_LABELS)).toEqual({ value: 'signed' });
    expect(readChoice('开工', STAGE_LABELS, { 开工: 'building' as never })).toEqual({ value: 'building' });
    expect(readChoice('完工', STAGE_LABELS)).toHaveProperty('problem');
  });
});
