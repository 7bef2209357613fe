import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError, ErrorCode } from '../errors/app-error';

/** How long a key is remembered: a client retries within minutes, a day is plenty. */
export const IDEMPOTENCY_TTL_HOURS = 24;
/** A duplicate that arrives while the first request still runs waits this long for its answer, then gets 409. */
const WAIT_FOR_FIRST_MS = 5000;

export interface IdempotencyScope {
  userId: string;
  route: string;
  key: string;
}

export type IdempotencyClaim = { kind: 'claimed' } | { kind: 'replay'; status: number; body: unknown };

/** The keys in PostgreSQL: claimed atomically (the primary key decides who runs), answered once, expired by a cleanup (IdempotencyProcessor). */
@Injectable()
export class IdempotencyStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Claims the key for this request, or answers the first request's response (waiting while it still runs). */
  async claim(scope: IdempotencyScope, requestHash: string): Promise<IdempotencyClaim> {
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      // an expired row is taken over in the same statement, so the cleanup's timing never matters
      const claimed = await this.dataSource.query<unknown[]>(
        `INSERT INTO idempotency_keys (user_id, route, key, request_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, route, key) DO UPDATE
           SET request_hash = EXCLUDED.request_hash, state = 'running', response_status = NULL, response_body = NULL, created_at = now()
           WHERE idempotency_keys.created_at < now() - make_interval(hours => $5)
         RETURNING 1`,
        [scope.userId, scope.route, scope.key, requestHash, IDEMPOTENCY_TTL_HOURS],
      );
      if (claimed.length > 0) return { kind: 'claimed' };
      const [row] = await this.dataSource.query<
        Array<{ request_hash: string; state: string; response_status: number | null; response_body: string | null }>
      >(`SELECT request_hash, state, response_status, response_body FROM idempotency_keys WHERE user_id = $1 AND route = $2 AND key = $3`, [
        scope.userId,
        scope.route,
        scope.key,
      ]);
      if (!row) continue; // the first request failed and released the key: this one runs
      if (row.request_hash !== requestHash) {
        throw new AppError(
          ErrorCode.UnprocessableEntity,
          'This Idempotency-Key was already used for a different request; send a new key for a new action',
          { header: 'Idempotency-Key' },
        );
      }
      if (row.state === 'done')
        return {
          kind: 'replay',
          status: row.response_status ?? 200,
          body: row.response_body === null ? undefined : (JSON.parse(row.response_body) as unknown),
        };
      if (Date.now() > deadline)
        throw new AppError(ErrorCode.Conflict, 'A request with this Idempotency-Key is still being processed; retry in a moment', {
          header: 'Idempotency-Key',
        });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async complete(scope: IdempotencyScope, status: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET state = 'done', response_status = $4, response_body = $5 WHERE user_id = $1 AND route = $2 AND key = $3`,
      [scope.userId, scope.route, scope.key, status, body === undefined ? null : JSON.stringify(body)],
    );
  }

  /** The request failed (and so created nothing): a retry with the same key runs again. */
  async release(scope: IdempotencyScope): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND route = $2 AND key = $3 AND state = 'running'`, [
      scope.userId,
      scope.route,
      scope.key,
    ]);
  }

  async removeExpired(): Promise<number> {
    const [, deleted] = await this.dataSource.query<[unknown[], number]>(
      `DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`,
      [IDEMPOTENCY_TTL_HOURS],
    );
    return deleted;
  }
}
