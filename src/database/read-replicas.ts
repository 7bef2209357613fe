import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Pool, PoolConfig } from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG, APP_ROLES, AppConfig, databaseUrlOf } from '../config/app.config';
import { parseLsn, PrimaryPositions, ReplicaProbe, skipReason, stateAfterProbe } from './replica-lag';
import { buildDataSourceOptions } from './typeorm-options';

/** A connection to a dead replica is given up this soon; a probe query, this soon after it started. */
const CONNECT_TIMEOUT_MS = 1000;
const PROBE_QUERY_TIMEOUT_MS = 1000;

/** On the replica: how far it has replayed (a server not in recovery, its own position) and whether replay is paused. */
const REPLICA_PROBE_SQL = `SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END::text AS lsn,
  CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() ELSE false END AS paused`;

/** One read replica: its probe connection, its query pool (opened once it answers) and what the last probe found. */
export interface Replica {
  /** host:port, never the credentials */
  readonly name: string;
  readonly url: string;
  readonly probe: Pool;
  dataSource: DataSource | null;
  asOf: number | null;
  down: string | null;
  /** whether reads went to it after the last probe, for one log line per change */
  inUse: boolean;
  /** The reads in flight on it that stop waiting when it is found down (see `watchLoss`). */
  readonly lossListeners: Set<() => void>;
}

export interface ReplicaStatus {
  name: string;
  state: 'in_use' | 'skipped';
  /** how old a read from it may be right now (ms); null when unknown */
  lagMs: number | null;
}

/** host:port of a postgres URL, for logs and /health. */
export function replicaName(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}`;
}

/** The pg pool options that make a dead server cost a second, not a hang. */
function fastFailing(url: string, max: number, statementTimeoutMs?: number): PoolConfig {
  return {
    connectionString: url,
    max,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    application_name: 'zscrm-replica-probe',
    ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs, query_timeout: statementTimeoutMs + 500 } : {}),
  };
}

/**
 * The read replicas of DATABASE_REPLICA_URLS (#23) and their lag. A background probe every REPLICA_PROBE_EVERY
 * notes the primary's WAL position and each replica's replayed one (replica-lag.ts); requests only read the result,
 * so a probe never holds a request up. TypeORM's own `replication` is not used: it picks a replica at random, cannot
 * skip a lagging one, and fails the start when one is down.
 */
@Injectable()
export class ReadReplicas implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReadReplicas.name);
  private readonly replicas: Replica[];
  private readonly positions: PrimaryPositions;
  private readonly primaryProbe: Pool | null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private next = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const { urls, maxLagMs } = config.replicas;
    // only processes that answer HTTP read from replicas; a worker reads and writes the primary
    const used = urls.length > 0 && APP_ROLES[config.role].http;
    this.positions = new PrimaryPositions(2 * maxLagMs);
    this.primaryProbe = used ? this.pool(databaseUrlOf(config), 1, PROBE_QUERY_TIMEOUT_MS) : null;
    this.replicas = used
      ? urls.map((url) => ({
          name: replicaName(url),
          url,
          probe: this.pool(url, 1, PROBE_QUERY_TIMEOUT_MS),
          dataSource: null,
          asOf: null,
          down: 'not yet probed',
          inUse: false,
          lossListeners: new Set(),
        }))
      : [];
  }

  /** Whether any replica is configured (in an HTTP process): without one, nothing here costs anything. */
  get enabled(): boolean {
    return this.replicas.length > 0;
  }

  onApplicationBootstrap(): void {
    if (this.enabled) void this.probeLoop();
  }

  /** A replica within the lag bound right now, taken in turn; null: read from the primary. */
  pick(now = Date.now()): (Replica & { dataSource: DataSource }) | null {
    for (let i = 0; i < this.replicas.length; i += 1) {
      const replica = this.replicas[(this.next + i) % this.replicas.length];
      if (replica.dataSource && skipReason(replica, now, this.config.replicas.maxLagMs) === null) {
        this.next = (this.next + i + 1) % this.replicas.length;
        return replica as Replica & { dataSource: DataSource };
      }
    }
    return null;
  }

  /** A read on the replica failed for want of it (refused, reset, shut down): skip it until a probe finds it again. */
  markDown(replica: Replica, error: unknown): void {
    replica.down = `read failed: ${(error as Error).message}`;
    replica.asOf = null;
    this.signalDown(replica);
    this.noteUse(replica, Date.now());
  }

  /**
   * `lost` settles when a probe next finds the replica down (unreachable, not answering, paused): a read waiting on a
   * frozen server (on a connection it already held, which no connect timeout covers) is then given up and run on the
   * primary. `stop` when the read is over, so that nothing accumulates while the replica stays up.
   */
  watchLoss(replica: Replica): { lost: Promise<void>; stop: () => void } {
    let listener = () => undefined as void;
    const lost = new Promise<void>((settle) => (listener = settle));
    replica.lossListeners.add(listener);
    return { lost, stop: () => replica.lossListeners.delete(listener) };
  }

  private signalDown(replica: Replica): void {
    for (const listener of replica.lossListeners) listener();
    replica.lossListeners.clear();
  }

  status(now = Date.now()): ReplicaStatus[] {
    return this.replicas.map((replica) => ({
      name: replica.name,
      state: replica.dataSource && skipReason(replica, now, this.config.replicas.maxLagMs) === null ? 'in_use' : 'skipped',
      lagMs: replica.down || replica.asOf === null ? null : Math.max(0, now - replica.asOf),
    }));
  }

  /** Probes now (tests, and the loop): the primary's position first, then every replica against it. */
  async probeOnce(): Promise<void> {
    const at = Date.now();
    try {
      const [row] = (await this.primaryProbe!.query<{ lsn: string }>(`SELECT pg_current_wal_lsn()::text AS lsn`)).rows;
      this.positions.add({ at, lsn: parseLsn(row.lsn) });
    } catch (error) {
      // no new position: the replicas' `asOf` stop advancing and they age out of the bound, reads go to the primary
      this.logger.debug({ msg: 'primary WAL position not read', error: (error as Error).message });
    }
    await Promise.all(this.replicas.map((replica) => this.probeReplica(replica)));
  }

  private async probeReplica(replica: Replica): Promise<void> {
    let probe: ReplicaProbe;
    try {
      const [row] = (await replica.probe.query<{ lsn: string | null; paused: boolean }>(REPLICA_PROBE_SQL)).rows;
      probe =
        row.lsn === null
          ? { kind: 'failed', reason: 'no WAL position replayed yet' }
          : { kind: 'ok', replayed: parseLsn(row.lsn), paused: row.paused };
    } catch (error) {
      probe = { kind: 'failed', reason: `probe failed: ${(error as Error).message}` };
    }
    Object.assign(replica, stateAfterProbe(probe, this.positions));
    if (replica.down) this.signalDown(replica);
    if (!replica.down && !replica.dataSource) await this.open(replica);
    this.noteUse(replica, Date.now());
  }

  /** The replica's query pool, opened once it first answers a probe (a replica down at start-up never fails the start). */
  private async open(replica: Replica): Promise<void> {
    const dataSource = new DataSource(
      buildDataSourceOptions({ url: replica.url, poolSize: this.config.dbPoolSize, replicaConnectTimeoutMs: CONNECT_TIMEOUT_MS }),
    );
    try {
      await dataSource.initialize();
      if (this.stopped) await dataSource.destroy();
      else replica.dataSource = dataSource;
    } catch (error) {
      replica.down = `could not open: ${(error as Error).message}`;
    }
  }

  /** One log line when a replica starts or stops serving reads, never one per request. */
  private noteUse(replica: Replica, now: number): void {
    const reason = replica.dataSource ? skipReason(replica, now, this.config.replicas.maxLagMs) : (replica.down ?? 'not open');
    const inUse = reason === null;
    if (inUse === replica.inUse) return;
    replica.inUse = inUse;
    if (inUse) this.logger.log({ msg: 'read replica in use', replica: replica.name, lagMs: now - (replica.asOf ?? now) });
    else this.logger.warn({ msg: 'read replica skipped: reads go to the primary or another replica', replica: replica.name, reason });
  }

  private async probeLoop(): Promise<void> {
    if (this.stopped) return;
    const started = Date.now();
    await this.probeOnce().catch((error: Error) => this.logger.error({ msg: 'replica probe failed', error: error.message }));
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.probeLoop(), Math.max(0, this.config.replicas.probeEveryMs - (Date.now() - started)));
    this.timer.unref();
  }

  private pool(url: string, max: number, statementTimeoutMs?: number): Pool {
    const pool = new Pool(fastFailing(url, max, statementTimeoutMs));
    // an idle connection the server closed (a stopped replica) must not crash the process; the next probe sees it
    pool.on('error', () => undefined);
    return pool;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const replica of this.replicas) this.signalDown(replica);
    await Promise.all([
      this.primaryProbe?.end().catch(() => undefined),
      ...this.replicas.map(async (replica) => {
        await replica.probe.end().catch(() => undefined);
        if (replica.dataSource?.isInitialized) await replica.dataSource.destroy().catch(() => undefined);
      }),
    ]);
  }
}
