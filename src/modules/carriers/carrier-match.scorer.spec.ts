import { describe, expect, it } from '@jest/globals';
import { byScore, MatchCarrier, scoreCarrier } from './carrier-match.scorer';
import { LeadRequirementValues, requiredKinds } from './lead-requirements.model';

const none: LeadRequirementValues = {
  kinds: [],
  parkCodes: [],
  landAreaMuMin: null,
  landAreaMuMax: null,
  landUse: null,
  floorAreaMin: null,
  floorAreaMax: null,
  floorLoadMin: null,
  clearHeightMin: null,
  powerKvaMin: null,
  environmentalCategory: null,
  budget: null,
  note: null,
};
const land: MatchCarrier = {
  kind: 'land',
  status: 'available',
  parkCode: 'P1',
  areaMu: 28,
  floorArea: null,
  landUse: 'industrial',
  floorLoad: null,
  clearHeight: null,
  powerKva: 2000,
  sewage: true,
  wastewaterAllowed: null,
  exhaustAllowed: null,
  price: 800,
};
const factory: MatchCarrier = {
  ...land,
  kind: 'factory',
  status: 'vacant',
  areaMu: null,
  landUse: null,
  floorArea: 5000,
  floorLoad: 3,
  clearHeight: 9,
  sewage: null,
  wastewaterAllowed: false,
  exhaustAllowed: true,
  price: null,
};
const free = { requireFree: true };

describe('scoreCarrier', () => {
  it('says in words how a parcel meets a land requirement, size first', () => {
    const result = scoreCarrier({ ...none, landAreaMuMin: 20, landAreaMuMax: 30, landUse: 'industrial', powerKvaMin: 1500 }, land, free);
    expect(result.fits).toBe(true);
    expect(result.reasons).toEqual(['面积 28 亩 满足 20–30 亩', '供电 2000 kVA 满足 ≥ 1500', '用地性质 工业用地 相符']);
    expect(result.unmet).toEqual([]);
  });

  it('refuses a factory whose floor load is below the requirement, and says so', () => {
    const result = scoreCarrier({ ...none, floorAreaMin: 3000, floorLoadMin: 5 }, factory, free);
    expect(result.fits).toBe(false);
    expect(result.unmet).toEqual(['荷载 3 kN/m² 低于要求 5']);
    expect(result.reasons).toEqual(['面积 5000 m² 满足 ≥ 3000 m²', '荷载 3 kN/m² 低于要求 5']);
  });

  it('refuses what is outside the size range, unknown where a limit is asked, or of another kind', () => {
    expect(scoreCarrier({ ...none, landAreaMuMin: 30, landAreaMuMax: 50 }, land, free).unmet).toEqual(['面积 28 亩 不足 30–50 亩']);
    expect(scoreCarrier({ ...none, landAreaMuMax: 20 }, land, free).unmet).toEqual(['面积 28 亩 超出 ≤ 20 亩']);
    expect(scoreCarrier({ ...none, floorAreaMin: 100, clearHeightMin: 8 }, { ...factory, clearHeight: null }, free).unmet).toEqual([
      '净高 未登记（要求 ≥ 8 m）',
    ]);
    expect(scoreCarrier({ ...none, landAreaMuMin: 20 }, factory, free).unmet).toEqual(['类型 标准厂房 不在意向类型（地块）']);
  });

  it('refuses a carrier that is not free when the lead asks, but not for the carrier’s own lead matches', () => {
    const reserved = { ...land, status: 'reserved' as const };
    expect(scoreCarrier(none, reserved, free).unmet).toEqual(['状态 已预留，不可预留']);
    expect(scoreCarrier(none, reserved, { requireFree: false }).fits).toBe(true);
  });

  it('checks discharges: floor space must allow them, land must have a sewer for wastewater', () => {
    expect(scoreCarrier({ ...none, environmentalCategory: 'exhaust' }, factory, free).reasons).toEqual(['允许排放废气']);
    expect(scoreCarrier({ ...none, environmentalCategory: 'both' }, factory, free).unmet).toEqual(['不允许排放废水']);
    expect(scoreCarrier({ ...none, environmentalCategory: 'wastewater' }, land, free).reasons).toEqual(['污水管网已接通']);
    expect(scoreCarrier({ ...none, environmentalCategory: 'wastewater' }, { ...land, sewage: false }, free).fits).toBe(false);
    expect(scoreCarrier({ ...none, landUse: 'rd' }, land, free).unmet).toEqual(['用地性质 工业用地 不符（要求 科研用地）']);
  });

  it('scores by the share of points: the middle of the range, the preferred park and the budget count', () => {
    const req = { ...none, landAreaMuMin: 20, landAreaMuMax: 30, parkCodes: ['P1'], budget: 1000 };
    const parkNames = new Map([['P1', '智能装备园']]);
    const best = scoreCarrier(req, { ...land, areaMu: 25 }, { requireFree: true, parkNames });
    expect(best.score).toBe(100);
    expect(best.reasons).toEqual(['面积 25 亩 满足 20–30 亩', '位于意向园区 智能装备园', '价格 800 万元 在预算 1000 万元 内']);
    const edge = scoreCarrier(req, { ...land, areaMu: 30 }, { requireFree: true, parkNames });
    expect(edge.score).toBe(75); // 15 of 30 for the size at the edge, 15 + 15 for park and budget: 45/60
    const elsewhere = scoreCarrier(req, { ...land, areaMu: 25, parkCode: 'P2', price: 1200 }, { requireFree: true, parkNames });
    expect(elsewhere.fits).toBe(true);
    expect(elsewhere.score).toBe(50);
    expect(elsewhere.reasons).toContain('价格 1200 万元 超出预算 1000 万元');
    expect(elsewhere.reasons).toContain('不在意向园区（位于 P2）');
  });

  it('scores 100 when nothing is asked beyond the kind', () => {
    expect(scoreCarrier(none, land, free)).toEqual({ fits: true, score: 100, reasons: [], unmet: [] });
  });
});

describe('requiredKinds', () => {
  it('takes the kinds named, else those whose size is given, else every kind', () => {
    expect(requiredKinds({ ...none, kinds: ['building'] })).toEqual(['building']);
    expect(requiredKinds({ ...none, landAreaMuMin: 10 })).toEqual(['land']);
    expect(requiredKinds({ ...none, floorAreaMax: 10 })).toEqual(['factory', 'building']);
    expect(requiredKinds({ ...none, floorLoadMin: 5 })).toEqual(['land', 'factory', 'building']);
  });
});

describe('byScore', () => {
  it('orders best first, then the smaller carrier, then by id', () => {
    const rows = [
      { id: 'b', score: 80, size: 30 },
      { id: 'a', score: 80, size: 30 },
      { id: 'c', score: 90, size: 50 },
      { id: 'd', score: 80, size: 20 },
    ];
    expect(rows.sort(byScore).map((r) => r.id)).toEqual(['c', 'd', 'a', 'b']);
  });
});
