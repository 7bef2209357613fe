import { describe, expect, it } from '@jest/globals';
import { CARRIER_KINDS, CARRIER_STATUSES, statusFitsKind } from './carrier.model';
import { carrierKindProblems, daysBetween, vacantSinceAfter } from './carrier.rules';

describe('carrierKindProblems', () => {
  it('accepts each kind’s own statuses and refuses the others', () => {
    for (const kind of CARRIER_KINDS)
      for (const { key } of CARRIER_STATUSES) {
        const refused = carrierKindProblems(kind.key, { status: key }).length > 0;
        expect({ kind: kind.key, status: key, refused }).toEqual({ kind: kind.key, status: key, refused: !statusFitsKind(kind.key, key) });
      }
    expect(statusFitsKind('land', 'leased')).toBe(false);
    expect(statusFitsKind('factory', 'transferred')).toBe(false);
  });

  it('names the attributes another kind’s', () => {
    expect(carrierKindProblems('land', { areaMu: 20, floorLoad: 5, clearHeight: null }).map((p) => p.field)).toEqual(['floorLoad']);
    expect(carrierKindProblems('factory', { areaMu: 20, floorLoad: 5, powerKva: 800 }).map((p) => p.field)).toEqual(['areaMu']);
  });
});

describe('vacantSinceAfter', () => {
  it('starts today when a carrier falls free, keeps its date while free and clears it when taken', () => {
    expect(vacantSinceAfter('factory', null, { status: 'vacant', vacantSince: undefined }, '2026-12-06')).toBe('2026-12-06');
    expect(vacantSinceAfter('factory', null, { status: 'vacant', vacantSince: '2025-01-01' }, '2026-12-06')).toBe('2025-01-01');
    expect(
      vacantSinceAfter(
        'factory',
        { status: 'vacant', vacantSince: '2025-01-01' },
        { status: 'vacant', vacantSince: undefined },
        '2026-12-06',
      ),
    ).toBe('2025-01-01');
    expect(
      vacantSinceAfter('factory', { status: 'leased', vacantSince: null }, { status: 'vacant', vacantSince: undefined }, '2026-12-06'),
    ).toBe('2026-12-06');
    expect(
      vacantSinceAfter(
        'land',
        { status: 'available', vacantSince: '2025-01-01' },
        { status: 'transferred', vacantSince: undefined },
        '2026-12-06',
      ),
    ).toBeNull();
  });

  it('counts whole days, never negative', () => {
    expect(daysBetween('2026-01-01', '2026-12-06')).toBe(339);
    expect(daysBetween('2026-12-07', '2026-12-06')).toBe(0);
  });
});
