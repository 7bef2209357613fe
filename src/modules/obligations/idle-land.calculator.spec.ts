import { describe, expect, it } from '@jest/globals';
import { addYears, daysBetween, IdleLandInput, idleLandClock, lastProgressOn } from './idle-land.calculator';

const input = (overrides: Partial<IdleLandInput>): IdleLandInput => ({
  today: '2026-07-15',
  agreedStart: '2025-03-10',
  actualStart: null,
  builtShare: null,
  investmentShare: null,
  lastProgressOn: null,
  yellowBeforeDays: 90,
  ...overrides,
});

describe('idleLandClock: land not started (未动工)', () => {
  const at = (today: string) => idleLandClock(input({ today })).level;

  it('turns yellow the configured days before the year, red on the anniversary, critical on the second', () => {
    expect(at('2025-12-09')).toBe('none');
    expect(at('2025-12-10')).toBe('yellow'); // 2026-03-10 less 90 days
    expect(at('2026-03-09')).toBe('yellow');
    expect(at('2026-03-10')).toBe('red');
    expect(at('2027-03-09')).toBe('red');
    expect(at('2027-03-10')).toBe('critical');
  });

  it('names the rule, the day it counts from, the days passed and each level’s first day', () => {
    expect(idleLandClock(input({ today: '2026-03-10' }))).toMatchObject({
      rule: 'not_started',
      since: '2025-03-10',
      days: 365,
      yellowOn: '2025-12-10',
      redOn: '2026-03-10',
      criticalOn: '2027-03-10',
    });
  });

  it('honours a shorter yellow warning', () => {
    expect(idleLandClock(input({ today: '2026-02-01', yellowBeforeDays: 30 })).level).toBe('none');
    expect(idleLandClock(input({ today: '2026-02-08', yellowBeforeDays: 30 })).level).toBe('yellow');
  });

  it('counts a 29 February start as full on 28 February of a common year', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(idleLandClock(input({ agreedStart: '2024-02-29', today: '2025-02-27' })).level).toBe('yellow');
    expect(idleLandClock(input({ agreedStart: '2024-02-29', today: '2025-02-28' })).level).toBe('red');
  });

  it('has no clock without an agreed start', () => {
    expect(idleLandClock(input({ agreedStart: null }))).toMatchObject({ level: 'none', rule: null, since: null });
  });
});

describe('idleLandClock: started but stopped short (中止开发建设)', () => {
  const started = { actualStart: '2025-01-01', lastProgressOn: '2025-06-30' };

  it('stops the not-started clock once construction has started and the shares are reached', () => {
    expect(idleLandClock(input({ ...started, builtShare: 0.5, investmentShare: 0.4, today: '2027-01-01' }))).toMatchObject({
      level: 'none',
      rule: null,
    });
    expect(idleLandClock(input({ ...started, today: '2027-01-01' })).level).toBe('none'); // shares unknown: the rule cannot be applied
  });

  it('runs from the last progress when less than a third is built', () => {
    const short = { ...started, builtShare: 0.3, investmentShare: 0.5 };
    expect(idleLandClock(input({ ...short, today: '2026-04-01' })).level).toBe('yellow');
    expect(idleLandClock(input({ ...short, today: '2026-06-29' })).level).toBe('yellow');
    expect(idleLandClock(input({ ...short, today: '2026-06-30' }))).toMatchObject({
      level: 'red',
      rule: 'partial_build',
      since: '2025-06-30',
    });
    expect(idleLandClock(input({ ...short, today: '2027-06-30' })).level).toBe('critical');
  });

  it('runs when under 25 % of the investment is made, even with a third built', () => {
    expect(idleLandClock(input({ ...started, builtShare: 0.4, investmentShare: 0.2, today: '2026-07-01' })).level).toBe('red');
    expect(idleLandClock(input({ ...started, builtShare: 0.4, investmentShare: 0.25, today: '2026-07-01' })).level).toBe('none');
    expect(idleLandClock(input({ ...started, builtShare: 1 / 3, investmentShare: null, today: '2026-07-01' })).level).toBe('none');
  });

  it('counts from the actual start when no progress was reported since', () => {
    expect(idleLandClock(input({ actualStart: '2025-01-01', builtShare: 0.1, today: '2026-01-01' }))).toMatchObject({
      level: 'red',
      since: '2025-01-01',
    });
  });
});

describe('daysBetween', () => {
  it('counts calendar days across a leap day', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-03-10', '2026-03-09')).toBe(-1);
  });
});

describe('lastProgressOn', () => {
  it('is the last report on which built area or investment went up, whatever the order reported', () => {
    const reports = [
      { asOf: '2025-12-31', builtFloorArea: 5_000, investmentArrived: 8_000 },
      { asOf: '2025-06-30', builtFloorArea: 2_000, investmentArrived: 8_000 },
      { asOf: '2026-06-30', builtFloorArea: 5_000, investmentArrived: 8_000 },
    ];
    expect(lastProgressOn(reports)).toBe('2025-12-31');
    expect(lastProgressOn([{ asOf: '2026-03-31', builtFloorArea: null, investmentArrived: 100 }])).toBe('2026-03-31');
    expect(lastProgressOn([{ asOf: '2026-03-31', builtFloorArea: 0, investmentArrived: null }])).toBeNull();
    expect(lastProgressOn([])).toBeNull();
  });
});
