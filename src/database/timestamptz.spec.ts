import { describe, expect, it } from '@jest/globals';
import { timestamptzParser } from './timestamptz';

const fallback = (text: string) => ({ fallback: text });
const parse = timestamptzParser(fallback);

describe('timestamptzParser', () => {
  it.each([
    ['2026-11-27 08:59:54.123456+00', '2026-11-27T08:59:54.123Z'],
    ['2026-11-27 08:59:54+00', '2026-11-27T08:59:54.000Z'],
    ['2026-11-27 08:59:54.5+00', '2026-11-27T08:59:54.500Z'],
    ['2026-11-27 08:59:54.291+00', '2026-11-27T08:59:54.291Z'],
    ['2026-11-27 08:59:54.999999+00', '2026-11-27T08:59:54.999Z'],
    ['2026-01-01 00:00:00.000001+08', '2025-12-31T16:00:00.000Z'],
    ['2026-03-08 02:30:00-03:30', '2026-03-08T06:00:00.000Z'],
    ['2026-06-30 23:59:59.01+05:45', '2026-06-30T18:14:59.010Z'],
    ['2024-02-29 12:00:00-10', '2024-02-29T22:00:00.000Z'],
    ['9999-12-31 23:59:59.999+00', '9999-12-31T23:59:59.999Z'],
    ['0100-01-01 00:00:00+00', '0100-01-01T00:00:00.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect((parse(text) as Date).toISOString()).toBe(iso);
  });

  it('applies offsets with seconds (local mean time before 1912)', () => {
    expect((parse('1900-01-01 00:00:00+08:05:43') as Date).toISOString()).toBe('1899-12-31T15:54:17.000Z');
    expect((parse('1900-01-01 00:00:00-00:19:32') as Date).toISOString()).toBe('1900-01-01T00:19:32.000Z');
  });

  it('hands anything else to the fallback', () => {
    for (const text of [
      'infinity',
      '-infinity',
      '2026-11-27 08:59:54+00 BC',
      '0099-01-01 00:00:00+00',
      '12026-11-27 08:59:54+00',
      '2026-11-27T08:59:54Z',
      '2026-1x-27 08:59:54+00',
      '2026-11-27 08:59:54+0',
    ]) {
      expect(parse(text)).toEqual({ fallback: text });
    }
  });

  it('agrees with Date.parse on many random instants and offsets', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pad = (value: number, width = 2) => String(value).padStart(width, '0');
    for (let n = 0; n < 5000; n++) {
      const instant = Math.floor(random() * 4e12) - 1e12; // 1938 … 2096
      const offsetMinutes = Math.round((random() * 28 - 14) * 4) * 15;
      const local = new Date(instant + offsetMinutes * 60_000);
      const fraction = Math.floor(random() * 1e6);
      const sign = offsetMinutes < 0 ? '-' : '+';
      const abs = Math.abs(offsetMinutes);
      const text =
        `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
        `${fraction ? `.${pad(fraction, 6).replace(/0+$/, '')}` : ''}${sign}${pad(Math.floor(abs / 60))}${abs % 60 ? `:${pad(abs % 60)}` : ''}`;
      const expected = Date.parse(
        `${text.slice(0, 10)}T${text.slice(11, 19)}.${pad(fraction, 6).slice(0, 3)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`,
      );
      expect([text, (parse(text) as Date).getTime()]).toEqual([text, expected]);
    }
  });
});
