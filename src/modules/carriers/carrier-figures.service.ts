import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { zonedDate } from '../../common/time/zoned';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { CatalogService } from '../catalog/catalog.service';
import { CARRIER_KIND_LABELS, CARRIER_KINDS, CarrierKind } from './carrier.model';
import { areaSql, areaUnitOf, freeSql, IDLE_BUCKETS } from './carrier-figures';
import { CarrierQueryBuilder } from './carrier-query.builder';
import { CarrierFigureDto, CarrierFiguresDto, CarrierFiguresQuery } from './dto/carrier-figures.dto';

interface FigureRow {
  park_code: string | null;
  kind: CarrierKind;
  total: number;
  vacant: number;
  total_area: string;
  vacant_area: string;
  idle_avg: string | null;
  idle_max: number | null;
  [bucket: string]: unknown;
}

const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10000) / 10000 : null);

/** GET /dashboard/carriers: vacancy (count and area) and idle days by park and kind (DESIGN §9). */
@Injectable()
export class CarrierFiguresService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: CarrierQueryBuilder,
    private readonly catalog: CatalogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async figures(query: CarrierFiguresQuery): Promise<CarrierFiguresDto> {
    const { where, params } = await this.queries.where({ park: query.park, kind: query.kind ? [query.kind] : undefined });
    params.push(zonedDate(new Date(), this.config.timezone));
    const today = `$${params.length}::date`;
    let lower = -1;
    const buckets = IDLE_BUCKETS.map((b) => {
      const sql = `count(*) FILTER (WHERE free AND idle > ${lower}${b.max === null ? '' : ` AND idle <= ${b.max}`})::int AS "${b.key}"`;
      lower = b.max ?? lower;
      return sql;
    });
    const figures = `count(*)::int AS total, count(*) FILTER (WHERE free)::int AS vacant,
         coalesce(sum(area), 0)::text AS total_area, coalesce(sum(area) FILTER (WHERE free), 0)::text AS vacant_area,
         round(avg(idle) FILTER (WHERE free), 1)::text AS idle_avg, max(idle) FILTER (WHERE free) AS idle_max, ${buckets.join(', ')}`;
    const rows: FigureRow[] = await this.dataSource.query(
      `WITH x AS (
         SELECT c.park_code, c.kind, ${freeSql('c')} AS free, ${areaSql('c')} AS area,
                greatest(0, ${today} - coalesce(c.vacant_since, ${today}))::int AS idle
         FROM carriers c WHERE ${where.length ? where.join(' AND ') : 'true'})
       SELECT park_code, kind, ${figures} FROM x GROUP BY GROUPING SETS ((park_code, kind), (kind))`,
      params,
    );
    const parks = await this.catalog.zoneNames();
    const kindOrder = (kind: string) => CARRIER_KINDS.findIndex((k) => k.key === kind);
    const toFigure = (row: FigureRow): CarrierFigureDto => {
      const totalArea = Number(row.total_area);
      const vacantArea = Number(row.vacant_area);
      return {
        ...(row.park_code ? { parkCode: row.park_code, parkName: parks.get(row.park_code) ?? row.park_code } : {}),
        kind: row.kind,
        kindLabel: CARRIER_KIND_LABELS[row.kind],
        total: row.total,
        vacant: row.vacant,
        totalArea,
        vacantArea,
        areaUnit: areaUnitOf(row.kind),
        vacancyRate: ratio(row.vacant, row.total),
        vacantAreaRate: ratio(vacantArea, totalArea),
        idleDaysAvg: row.idle_avg === null ? null : Number(row.idle_avg),
        idleDaysMax: row.idle_max,
        idleBuckets: Object.fromEntries(
          IDLE_BUCKETS.map((b) => [b.key, row[b.key] as number]),
        ) as unknown as CarrierFigureDto['idleBuckets'],
      };
    };
    return {
      items: rows
        .filter((r) => r.park_code !== null)
        .sort((a, b) => a.park_code!.localeCompare(b.park_code!) || kindOrder(a.kind) - kindOrder(b.kind))
        .map(toFigure),
      byKind: rows
        .filter((r) => r.park_code === null)
        .sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind))
        .map(toFigure),
      buckets: IDLE_BUCKETS.map((b) => ({ key: b.key, label: b.label, max: b.max })),
    };
  }
}
