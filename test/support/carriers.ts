import { TestApp, unique } from './test-app';

/** A carrier written directly (the carriers' own API is tested by their suite; these tests need carriers of given shapes). */
export async function insertCarrier(
  t: TestApp,
  fields: {
    kind: 'land' | 'factory' | 'building';
    status?: string;
    parkCode?: string;
    areaMu?: number | null;
    landUse?: string | null;
    floorArea?: number | null;
    floorLoad?: number | null;
    clearHeight?: number | null;
    powerKva?: number | null;
    sewage?: boolean | null;
    wastewaterAllowed?: boolean | null;
    exhaustAllowed?: boolean | null;
    price?: number | null;
    name?: string;
  },
): Promise<{ id: string; code: string }> {
  const code = unique('CM-');
  const [row] = await t.dataSource.query<Array<{ id: string }>>(
    `INSERT INTO carriers (code, name, kind, park_code, status, area_mu, land_use, floor_area, floor_load, clear_height, power_kva,
                           sewage, wastewater_allowed, exhaust_allowed, price, vacant_since)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, current_date - 30) RETURNING id`,
    [
      code,
      fields.name ?? `${fields.kind === 'land' ? '地块' : '厂房'} ${code}`,
      fields.kind,
      fields.parkCode ?? 'A1-P1',
      fields.status ?? (fields.kind === 'land' ? 'available' : 'vacant'),
      fields.areaMu ?? null,
      fields.landUse ?? null,
      fields.floorArea ?? null,
      fields.floorLoad ?? null,
      fields.clearHeight ?? null,
      fields.powerKva ?? null,
      fields.sewage ?? null,
      fields.wastewaterAllowed ?? null,
      fields.exhaustAllowed ?? null,
      fields.price ?? null,
    ],
  );
  return { id: row.id, code };
}

/** A GeoJSON square outline `size` degrees wide from its south-west corner. */
export const square = (lon: number, lat: number, size = 0.002) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, lat],
      [lon + size, lat],
      [lon + size, lat + size],
      [lon, lat + size],
      [lon, lat],
    ],
  ],
});

/** A day `days` before today in the district (Asia/Shanghai), YYYY-MM-DD. */
export const daysAgo = (days: number) => new Date(Date.now() + 8 * 3600_000 - days * 86_400_000).toISOString().slice(0, 10);
