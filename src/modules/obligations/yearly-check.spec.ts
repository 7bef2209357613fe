import { describe, expect, it } from '@jest/globals';
import { zonedDate } from '../../common/time/zoned';
import { fromWallClock } from '../spreadsheets/sheet-time';
import { clauseChecks, remindedYears, yearlyCheckDate } from './yearly-check';

describe('yearly-check', () => {
  it('checks a year on its last day', () => {
    expect(yearlyCheckDate(2026)).toBe('2026-12-31');
  });

  it('reminds the running year and the year before, none before the first year checked', () => {
    expect(remindedYears(2020, '2026-06-15')).toEqual([2025, 2026]);
    expect(remindedYears(2026, '2026-06-15')).toEqual([2026]);
    expect(remindedYears(2027, '2026-06-15')).toEqual([]);
    expect(remindedYears(2025, '2026-01-01')).toEqual([2025, 2026]);
  });

  it('turns the year at the district’s midnight, not UTC’s', () => {
    // 2026-12-31 16:30 UTC is already 2027-01-01 00:30 in Shanghai
    const instant = new Date('2026-12-31T16:30:00Z');
    expect(remindedYears(2024, zonedDate(instant, 'Asia/Shanghai'))).toEqual([2026, 2027]);
    expect(remindedYears(2024, zonedDate(instant, 'UTC'))).toEqual([2025, 2026]);
    // 2027-01-01 03:00 UTC is still 2026-12-31 in Los Angeles
    expect(remindedYears(2024, zonedDate(new Date('2027-01-01T03:00:00Z'), 'America/Los_Angeles'))).toEqual([2025, 2026]);
  });

  it('names the check day at the district’s hour', () => {
    const [year, month, day] = yearlyCheckDate(2026).split('-').map(Number);
    expect(fromWallClock({ year, month, day, hour: 9, minute: 0, second: 0 }, 'Asia/Shanghai').toISOString()).toBe(
      '2026-12-31T01:00:00.000Z',
    );
  });

  it('gives a dated clause its due date and a yearly clause its reminded years not yet met', () => {
    expect(clauseChecks({ dueDate: '2026-09-30', yearlyFrom: null }, '2026-06-15')).toEqual([{ dueDate: '2026-09-30', year: null }]);
    expect(clauseChecks({ dueDate: null, yearlyFrom: 2024 }, '2026-06-15')).toEqual([
      { dueDate: '2025-12-31', year: 2025 },
      { dueDate: '2026-12-31', year: 2026 },
    ]);
    expect(clauseChecks({ dueDate: null, yearlyFrom: 2024 }, '2026-06-15', [2025])).toEqual([{ dueDate: '2026-12-31', year: 2026 }]);
    expect(clauseChecks({ dueDate: null, yearlyFrom: 2027 }, '2026-06-15')).toEqual([]);
  });
});
