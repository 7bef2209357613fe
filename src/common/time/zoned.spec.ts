import { describe, expect, it } from '@jest/globals';
import { zonedDate, zonedInstant } from './zoned';

describe('zonedInstant', () => {
  it('finds the instant of a district wall-clock time', () => {
    expect(zonedInstant('2026-07-01', '09:00', 'Asia/Shanghai').toISOString()).toBe('2026-07-01T01:00:00.000Z');
    expect(zonedInstant('2026-01-01', '00:00', 'Asia/Shanghai').toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(zonedInstant('2026-07-01', '09:00', 'UTC').toISOString()).toBe('2026-07-01T09:00:00.000Z');
    expect(zonedDate(zonedInstant('2026-03-01', '00:00', 'Asia/Shanghai'), 'Asia/Shanghai')).toBe('2026-03-01');
  });
});
