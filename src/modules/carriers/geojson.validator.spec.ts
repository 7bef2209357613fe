import { describe, expect, it } from '@jest/globals';
import { isOutline, MAX_OUTLINE_POSITIONS, outlineProblems } from './geojson.validator';

const square = (lon = 117.9, lat = 36.6, size = 0.002) => [
  [lon, lat],
  [lon + size, lat],
  [lon + size, lat + size],
  [lon, lat + size],
  [lon, lat],
];

describe('outlineProblems', () => {
  it('accepts a Polygon with a closed ring, with holes, and a MultiPolygon', () => {
    expect(outlineProblems({ type: 'Polygon', coordinates: [square()] })).toEqual([]);
    expect(outlineProblems({ type: 'Polygon', coordinates: [square(117.9, 36.6, 0.01), square(117.902, 36.602, 0.001)] })).toEqual([]);
    expect(outlineProblems({ type: 'MultiPolygon', coordinates: [[square()], [square(117.91)]] })).toEqual([]);
    expect(isOutline({ type: 'Polygon', coordinates: [square()], bbox: [117.9, 36.6, 117.902, 36.602] })).toBe(true);
  });

  it('refuses what is not a Polygon or MultiPolygon geometry', () => {
    for (const value of [null, 'POLYGON', [], 42, { type: 'Point', coordinates: [117.9, 36.6] }, { type: 'Feature', geometry: {} }])
      expect(isOutline(value)).toBe(false);
    expect(outlineProblems({ type: 'Polygon', coordinates: [square()], properties: {} })).toEqual(['unexpected member properties']);
  });

  it('refuses a ring that is not closed or has fewer than four positions', () => {
    const open = square().slice(0, 4);
    expect(outlineProblems({ type: 'Polygon', coordinates: [[...open, [117.95, 36.65]]] })[0]).toMatch(/not closed/);
    expect(outlineProblems({ type: 'Polygon', coordinates: [open.slice(0, 3)] })[0]).toMatch(/at least 4 positions/);
    expect(outlineProblems({ type: 'Polygon', coordinates: [] })[0]).toMatch(/non-empty/);
    expect(outlineProblems({ type: 'MultiPolygon', coordinates: [] })[0]).toMatch(/non-empty/);
  });

  it('refuses positions outside lon/lat ranges or not two numbers', () => {
    expect(outlineProblems({ type: 'Polygon', coordinates: [square(181)] })[0]).toMatch(/longitude 181 is outside/);
    expect(outlineProblems({ type: 'Polygon', coordinates: [square(117.9, -91)] })[0]).toMatch(/latitude -91 is outside/);
    const ring = square();
    ring[1] = ['117.9', 36.6] as unknown as number[];
    expect(outlineProblems({ type: 'Polygon', coordinates: [ring] })[0]).toMatch(/must be \[longitude, latitude\]/);
    ring[1] = [Number.NaN, 36.6];
    expect(isOutline({ type: 'Polygon', coordinates: [ring] })).toBe(false);
  });

  it('refuses an outline of more than the allowed positions', () => {
    const ring = Array.from({ length: MAX_OUTLINE_POSITIONS + 1 }, (_, i) => [117.9 + i * 1e-6, 36.6]);
    ring.push(ring[0]);
    expect(outlineProblems({ type: 'Polygon', coordinates: [ring] })[0]).toMatch(/more than/);
  });
});
