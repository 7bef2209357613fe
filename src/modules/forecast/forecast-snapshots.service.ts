import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { zonedDate } from '../../common/time/zoned';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { LeadWhere } from '../leads/lead-conditions';
import { conversionCurves, Curve, HopCurves } from './conversion.estimator';
import { HOPS, HORIZON_MONTHS, METRIC_KEYS, MetricKey } from './forecast.model';
import { ForecastHistory, LiveGroup } from './forecast-history.query';
import { projectGroups, ProjectedRow } from './forecast.projector';

/** The forecast's columns of a metric in forecast_expected. */
export const METRIC_COLUMNS: Record<MetricKey, string> = {
  signings: 'signings',
  investmentSigned: 'investment_signed',
  keyProjectsStarted: 'key_projects_started',
  investmentArrived: 'investment_arrived',
};

/** A forecast worked out on a date: the curves and, per filter key, the expected figures by month offset and the live pools. */
export interface Projection {
  asOf: string;
  curves: HopCurves[];
  rows: ProjectedRow[];
  groups: LiveGroup[];
}

export interface SnapshotInfo {
  id: number;
  asOf: string;
  changes: string;
  computedAt: Date;
  curves: HopCurves[];
}

type StoredCurves = Array<{
  overall: Curve;
  byBranch: Record<string, Curve>;
  byBand: Record<string, Curve>;
  byCell: Record<string, Curve>;
}>;

export const FORECAST_LOCK = 7_420_020;

/**
 * The worker's precompute for GET /dashboard/forecast (1M-lead goal): the conversion curves and the live leads'
 * expected figures, kept in forecast_snapshots / _expected / _pools. refresh() is idempotent: it does nothing when
 * the latest snapshot is of today and no lead or transition was written since (the forecast_changes sequence).
 */
@Injectable()
export class ForecastSnapshots {
  private readonly logger = new Logger(ForecastSnapshots.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly history: ForecastHistory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  today(): string {
    return zonedDate(new Date(), this.config.timezone);
  }

  /** The conversion curves known on a date, from the whole district's history in the look-back. */
  async curves(asOf: string): Promise<HopCurves[]> {
    const observations = await this.history.observations(asOf, HORIZON_MONTHS);
    return conversionCurves(observations, HOPS.length, HORIZON_MONTHS, this.config.forecast.shrinkageK);
  }

  /** The forecast of the leads `w` selects as known on `asOf`, computed now (no snapshot). */
  async project(w: LeadWhere, asOf: string, curves?: HopCurves[]): Promise<Projection> {
    const known = curves ?? (await this.curves(asOf));
    const groups = await this.history.liveGroups(w, asOf);
    return { asOf, curves: known, rows: projectGroups(groups, known, HORIZON_MONTHS), groups };
  }

  async latest(): Promise<SnapshotInfo | null> {
    const [row] = await this.dataSource.query<Array<{ id: number; asOf: string; changes: string; computedAt: Date; curves: StoredCurves }>>(
      `SELECT id, to_char(as_of, 'YYYY-MM-DD') AS "asOf", changes::text AS changes, computed_at AS "computedAt", curves
       FROM forecast_snapshots ORDER BY id DESC LIMIT 1`,
    );
    if (!row) return null;
    const curves = row.curves.map((hop) => ({
      overall: hop.overall,
      byBranch: new Map(Object.entries(hop.byBranch)),
      byBand: new Map(Object.entries(hop.byBand)),
      byCell: new Map(Object.entries(hop.byCell)),
    }));
    return { ...row, curves };
  }

  /** How many writes to leads and transitions PostgreSQL has seen (the sequence's position). */
  async changes(): Promise<string> {
    const [row] = await this.dataSource.query<Array<{ value: string }>>(`SELECT last_value::text AS value FROM forecast_changes`);
    return row.value;
  }

  /** Whether a snapshot still describes the leads: of today, and no write since it was taken. */
  async isFresh(snapshot: SnapshotInfo): Promise<boolean> {
    return snapshot.asOf === this.today() && snapshot.changes === (await this.changes());
  }

  /** Takes a new snapshot unless the latest is fresh (or another worker is taking one); answers its id, or null. */
  async refresh(force = false): Promise<number | null> {
    const latest = await this.latest();
    if (!force && latest && (await this.isFresh(latest))) return null;
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query<Array<{ locked: boolean }>>(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [
        FORECAST_LOCK,
      ]);
      if (!locked) return null;
      // read before computing: a write during the computation leaves the snapshot stale, to be taken again
      const changes = await this.changes();
      const asOf = this.today();
      const started = Date.now();
      const projection = await this.project({ where: ['l.deleted_at IS NULL'], params: [] }, asOf);
      const stored: StoredCurves = projection.curves.map((hop) => ({
        overall: hop.overall,
        byBranch: Object.fromEntries(hop.byBranch),
        byBand: Object.fromEntries(hop.byBand),
        byCell: Object.fromEntries(hop.byCell),
      }));
      const [{ id }] = await manager.query<Array<{ id: number }>>(
        `INSERT INTO forecast_snapshots (as_of, changes, curves) VALUES ($1, $2, $3) RETURNING id`,
        [asOf, changes, JSON.stringify(stored)],
      );
      const rows = projection.rows;
      const columns = METRIC_KEYS.flatMap((key) => [METRIC_COLUMNS[key], `${METRIC_COLUMNS[key]}_var`]);
      for (let start = 0; start < rows.length; start += 20_000) {
        const batch = rows.slice(start, start + 20_000);
        const arrays = METRIC_KEYS.flatMap((key) => [batch.map((r) => r.expected[key]), batch.map((r) => r.variance[key])]);
        await manager.query(
          `INSERT INTO forecast_expected (snapshot_id, team_id, industry_code, zone_code, month, ${columns.join(', ')})
           SELECT $1, t, i, z, (date_trunc('month', $2::date) + make_interval(months => o))::date, ${columns.map((_, c) => `a${c}`).join(', ')}
           FROM unnest($3::uuid[], $4::text[], $5::text[], $6::int[], ${columns.map((_, c) => `$${7 + c}::float8[]`).join(', ')})
                AS u(t, i, z, o, ${columns.map((_, c) => `a${c}`).join(', ')})`,
          [
            id,
            asOf,
            batch.map((r) => r.teamId),
            batch.map((r) => r.industryCode),
            batch.map((r) => r.zoneCode),
            batch.map((r) => r.offset),
            ...arrays,
          ],
        );
      }
      const pools = projection.groups;
      await manager.query(
        `INSERT INTO forecast_pools (snapshot_id, team_id, industry_code, zone_code, stage, leads, key_leads, amount)
         SELECT $1, t, i, z, s, sum(n), sum(CASE WHEN k THEN n ELSE 0 END), sum(a)
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::int[], $6::int[], $7::bool[], $8::float8[]) AS u(t, i, z, s, n, k, a)
         GROUP BY t, i, z, s`,
        [
          id,
          pools.map((g) => g.teamId),
          pools.map((g) => g.industryCode),
          pools.map((g) => g.zoneCode),
          pools.map((g) => g.stage),
          pools.map((g) => g.count),
          pools.map((g) => g.key),
          pools.map((g) => g.amount),
        ],
      );
      await manager.query(`DELETE FROM forecast_snapshots WHERE id < $1`, [id]);
      this.logger.log({ msg: 'forecast snapshot taken', id, asOf, rows: rows.length, ms: Date.now() - started });
      return id;
    });
  }
}
