import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import { CursorValueType, decodeCursor } from '../../common/pagination/cursor';
import { CatalogService } from '../catalog/catalog.service';
import { boundOf, CARRIER_BOUND_PARAMS, CarrierFilterQuery, CarrierSort, CarrierSortKey } from './dto/list-carriers.query';

/** SQL conditions over `carriers c` with their positional parameters. */
export interface CarrierWhere {
  where: string[];
  params: unknown[];
}

/** 1 亩 = 10000/15 m²: land and floor space sort on one scale of area. */
export const SQUARE_METRES_PER_MU = 10000 / 15;

const SORTS: Record<CarrierSortKey, { expression: string; castTo: CursorValueType }> = {
  createdAt: { expression: 'c.created_at', castTo: 'timestamptz' },
  updatedAt: { expression: 'c.updated_at', castTo: 'timestamptz' },
  code: { expression: 'c.code', castTo: 'text' },
  area: { expression: `round(coalesce(c.area_mu * ${SQUARE_METRES_PER_MU}, c.floor_area, -1), 2)`, castTo: 'numeric' },
  vacantSince: { expression: `coalesce(c.vacant_since::timestamp AT TIME ZONE 'UTC', 'infinity'::timestamptz)`, castTo: 'timestamptz' },
};

/** Turns the carrier list's filters into SQL; the list, the export and the plan share it. */
@Injectable()
export class CarrierQueryBuilder {
  constructor(private readonly catalog: CatalogService) {}

  async where(filter: CarrierFilterQuery): Promise<CarrierWhere> {
    const w: CarrierWhere = { where: [], params: [] };
    const param = (value: unknown) => {
      w.params.push(value);
      return `$${w.params.length}`;
    };
    if (filter.park) w.where.push(`c.park_code = ANY(${param(await this.parkBranch(filter.park, 'park'))}::text[])`);
    if (filter.kind?.length) w.where.push(`c.kind = ANY(${param(filter.kind)}::text[])`);
    if (filter.status?.length) w.where.push(`c.status = ANY(${param(filter.status)}::text[])`);
    for (const { name, attribute, bound } of CARRIER_BOUND_PARAMS) {
      const value = boundOf(filter, name);
      if (value !== undefined) w.where.push(`c.${attribute.column} ${bound === 'Min' ? '>=' : '<='} ${param(value)}`);
    }
    if (filter.q) {
      const like = `%${filter.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      w.where.push(`(c.code ILIKE ${param(like)} OR c.name ILIKE $${w.params.length})`);
    }
    return w;
  }

  /** The zone and its subtree's codes; a 400 naming the field when the code is not a zone. */
  async parkBranch(code: string, field: string): Promise<string[]> {
    const codes = await this.catalog.zoneWithDescendants(code);
    if (codes.length === 0)
      throw AppError.validation(`${field} "${code}" is not a zone (GET /zones)`, [{ field, errors: ['unknown zone code'] }]);
    return codes;
  }

  /** ORDER BY and the keyset condition after the cursor's key and id. */
  keyset(
    sort: CarrierSort,
    cursor: string | undefined,
    params: unknown[],
  ): { orderBy: string; condition: string | null; sortExpression: string } {
    const descending = sort.startsWith('-');
    const spec = SORTS[(descending ? sort.slice(1) : sort) as CarrierSortKey];
    const direction = descending ? 'DESC' : 'ASC';
    let condition: string | null = null;
    if (cursor) {
      params.push(...decodeCursor(cursor, [spec.castTo, 'uuid']));
      condition = `(${spec.expression}, c.id) ${descending ? '<' : '>'} ($${params.length - 1}::${spec.castTo}, $${params.length}::uuid)`;
    }
    return { orderBy: `${spec.expression} ${direction}, c.id ${direction}`, condition, sortExpression: spec.expression };
  }
}
