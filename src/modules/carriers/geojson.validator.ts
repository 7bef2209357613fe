/** A position: [longitude, latitude] in degrees (WGS 84). */
export type Position = [number, number];

/** An outline as stored: a GeoJSON Polygon or MultiPolygon geometry (RFC 7946). */
export type CarrierOutline = { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };

/** The most positions an outline may hold: a parcel's outline is a handful, a park's a few hundred. */
export const MAX_OUTLINE_POSITIONS = 5000;

/**
 * The problems of a value meant as an outline, in words (none: it is one). An outline is a Polygon or a
 * MultiPolygon; each ring has at least four positions, the last equal to the first (closed); a position is
 * [lon, lat] with lon in [-180, 180] and lat in [-90, 90].
 */
export function outlineProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['must be a GeoJSON geometry object'];
  const geometry = value as Record<string, unknown>;
  const extra = Object.keys(geometry).filter((key) => key !== 'type' && key !== 'coordinates' && key !== 'bbox');
  if (extra.length) return [`unexpected member ${extra.join(', ')}`];
  if (geometry.type === 'Polygon') return polygonProblems(geometry.coordinates, 'coordinates', { count: 0 });
  if (geometry.type === 'MultiPolygon') {
    if (!Array.isArray(geometry.coordinates) || geometry.coordinates.length === 0)
      return ['coordinates must be a non-empty array of polygons'];
    const budget = { count: 0 };
    return geometry.coordinates.flatMap((polygon, i) => polygonProblems(polygon, `coordinates[${i}]`, budget));
  }
  return ['type must be Polygon or MultiPolygon'];
}

/** Whether the value is an outline (outlineProblems is empty). */
export const isOutline = (value: unknown): value is CarrierOutline => outlineProblems(value).length === 0;

function polygonProblems(polygon: unknown, path: string, budget: { count: number }): string[] {
  if (!Array.isArray(polygon) || polygon.length === 0) return [`${path} must be a non-empty array of rings`];
  return polygon.flatMap((ring, i) => ringProblems(ring, `${path}[${i}]`, budget));
}

function ringProblems(ring: unknown, path: string, budget: { count: number }): string[] {
  if (!Array.isArray(ring)) return [`${path} must be an array of positions`];
  budget.count += ring.length;
  if (budget.count > MAX_OUTLINE_POSITIONS) return [`more than ${MAX_OUTLINE_POSITIONS} positions`];
  if (ring.length < 4) return [`${path} must have at least 4 positions (a closed ring)`];
  const problems = ring.flatMap((position, i) => positionProblems(position, `${path}[${i}]`));
  if (problems.length) return problems;
  const [first, last] = [ring[0] as Position, ring[ring.length - 1] as Position];
  if (first[0] !== last[0] || first[1] !== last[1]) return [`${path} is not closed (its last position must equal its first)`];
  return [];
}

function positionProblems(position: unknown, path: string): string[] {
  if (!Array.isArray(position) || position.length < 2 || position.length > 3 || !position.every((n) => Number.isFinite(n)))
    return [`${path} must be [longitude, latitude]`];
  const [lon, lat] = position as number[];
  if (lon < -180 || lon > 180) return [`${path} longitude ${lon} is outside [-180, 180]`];
  if (lat < -90 || lat > 90) return [`${path} latitude ${lat} is outside [-90, 90]`];
  return [];
}
