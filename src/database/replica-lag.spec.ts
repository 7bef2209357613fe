import { describe, expect, it } from '@jest/globals';
import { parseLsn, PrimaryPositions, skipReason, stateAfterProbe } from './replica-lag';

const MAX_LAG = 5000;

/** The primary's positions at t = 0, 1000, … 9000 ms, 100 apart. */
function positions(): PrimaryPositions {
  const primary = new PrimaryPositions(2 * MAX_LAG);
  for (let i = 0; i < 10; i += 1) primary.add({ at: i * 1000, lsn: 0x1_0000_0000n + BigInt(i * 100) });
  return primary;
}

describe('replica lag', () => {
  it('orders WAL positions by their high then low half', () => {
    expect(parseLsn('0/16B3748')).toBe(0x16b3748n);
    expect(parseLsn('1/0')).toBeGreaterThan(parseLsn('0/FFFFFFFF'));
    expect(() => parseLsn('16B3748')).toThrow(/WAL position/);
  });

  it('dates a replica by the newest primary position it has replayed', () => {
    const primary = positions();
    expect(primary.currentAsOf(0x1_0000_0000n + 900n)).toBe(9000);
    expect(primary.currentAsOf(0x1_0000_0000n + 950n)).toBe(9000);
    expect(primary.currentAsOf(0x1_0000_0000n + 450n)).toBe(4000);
    expect(primary.currentAsOf(0x1_0000_0000n - 1n)).toBeNull();
  });

  it('uses a caught-up replica and skips one further behind than the bound', () => {
    const primary = positions();
    const now = 9200;
    const caughtUp = stateAfterProbe({ kind: 'ok', replayed: 0x1_0000_0000n + 900n, paused: false }, primary);
    expect(skipReason(caughtUp, now, MAX_LAG)).toBeNull();
    const fourSecondsBehind = stateAfterProbe({ kind: 'ok', replayed: 0x1_0000_0000n + 500n, paused: false }, primary);
    expect(skipReason(fourSecondsBehind, now, MAX_LAG)).toBeNull();
    const sixSecondsBehind = stateAfterProbe({ kind: 'ok', replayed: 0x1_0000_0000n + 300n, paused: false }, primary);
    expect(skipReason(sixSecondsBehind, now, MAX_LAG)).toMatch(/6200 ms behind/);
  });

  it('ages a replica out when its probes stop answering, with no probe needed', () => {
    const state = stateAfterProbe({ kind: 'ok', replayed: 0x1_0000_0000n + 900n, paused: false }, positions());
    expect(skipReason(state, 9000 + MAX_LAG, MAX_LAG)).toBeNull();
    expect(skipReason(state, 9001 + MAX_LAG, MAX_LAG)).toMatch(/behind/);
  });

  it('skips an unreachable replica, one whose replay is paused, and one older than every position noted', () => {
    const primary = positions();
    expect(skipReason(stateAfterProbe({ kind: 'failed', reason: 'probe failed: connect ECONNREFUSED' }, primary), 9000, MAX_LAG)).toMatch(
      /ECONNREFUSED/,
    );
    expect(skipReason(stateAfterProbe({ kind: 'ok', replayed: 0x1_0000_0000n + 900n, paused: true }, primary), 9000, MAX_LAG)).toBe(
      'replay paused',
    );
    expect(skipReason(stateAfterProbe({ kind: 'ok', replayed: 1n, paused: false }, primary), 9000, MAX_LAG)).toMatch(/not yet measured/);
  });

  it('keeps only the positions the bound needs, and one older', () => {
    const primary = new PrimaryPositions(2000);
    for (let at = 0; at <= 10_000; at += 500) primary.add({ at, lsn: BigInt(at) });
    expect(primary.currentAsOf(7999n)).toBe(7500);
    // older than the window: dated by the one older sample kept, far outside the bound
    expect(primary.currentAsOf(10n)).toBeNull();
    expect(primary.currentAsOf(7500n)).toBe(7500);
  });
});
