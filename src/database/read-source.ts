import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';
import { ReadReplicas } from './read-replicas';
import { RecentWrites } from './recent-writes';

/**
 * SQLSTATEs that say the server, not the query, failed: connection exceptions, shutdowns, a dropped or missing
 * database (a replica being rebuilt), refused credentials, too many connections, a recovery conflict.
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-4]|3D000|28000|28P01|53300|40001)$/;
const UNAVAILABLE_MESSAGE =
  /connection terminated|timeout exceeded when trying to connect|connection error|server closed the connection|query read timeout/i;

/** Whether a read failed because its server is unavailable (so the same read may succeed elsewhere), not because of the query. */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const cause = (error as Error & { driverError?: unknown }).driverError;
  const code = (cause instanceof Error ? cause : error) as Error & { code?: unknown };
  if (typeof code.code === 'string') return UNAVAILABLE_SQLSTATE.test(code.code) || /^E[A-Z]+$/.test(code.code);
  return UNAVAILABLE_MESSAGE.test(code.message);
}

/**
 * Where a read-only path reads (#23): a replica within REPLICA_MAX_LAG, unless the caller wrote within that bound
 * (then, or without replicas, the primary). The work must only read: it may run twice, on the replica and then on
 * the primary when the replica turns out to be unavailable, so a stopped replica never becomes an error answer.
 */
@Injectable()
export class ReadSource {
  constructor(
    @InjectDataSource() private readonly primary: DataSource,
    private readonly replicas: ReadReplicas,
    private readonly writes: RecentWrites,
  ) {}

  /**
   * Runs `work` on the chosen source. `abandon` receives what a replica's work produced after it was given up for a
   * frozen replica (an open cursor to close); without it the result is dropped.
   */
  async read<T>(user: AuthUser, work: (manager: EntityManager) => Promise<T>, abandon?: (late: T) => unknown): Promise<T> {
    // the replica is picked first: with none in use there is no Redis round trip at all
    const replica = this.replicas.enabled ? this.replicas.pick() : null;
    if (!replica || (await this.writes.wroteRecently(user.id))) return work(this.primary.manager);
    const watch = this.replicas.watchLoss(replica);
    let givenUp = false;
    const onReplica = work(replica.dataSource.manager).then(
      (value) => {
        if (givenUp) void Promise.resolve(abandon?.(value)).catch(() => undefined);
        return { kind: 'done' as const, value };
      },
      (error: unknown) => ({ kind: 'failed' as const, error }),
    );
    // a frozen replica never answers a connection the read already holds: the probe's verdict ends the wait
    const outcome = await Promise.race([
      onReplica,
      watch.lost.then(() => {
        givenUp = true;
        return { kind: 'lost' as const };
      }),
    ]).finally(watch.stop);
    if (outcome.kind === 'done') return outcome.value;
    if (outcome.kind === 'failed') {
      if (!isUnavailable(outcome.error)) throw outcome.error;
      this.replicas.markDown(replica, outcome.error);
    }
    return work(this.primary.manager);
  }
}
