import { afterAll } from '@jest/globals';
import pg from 'pg';

/**
 * Fails a suite whose code sent a query to a pg client while another waited on it (a transaction's reads run with
 * Promise.all: see allReads). pg 8 only warns, once per process, so such a regression would pass unseen; pg 9
 * refuses the query.
 */
type QueuingClient = pg.Client & { _queryQueue: unknown[]; pipeline?: boolean };

const queued: string[] = [];
const query = pg.Client.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown;
// the same test as pg's own warning (client.js), before the query is queued
(pg.Client.prototype as { query: unknown }).query = function (this: QueuingClient, ...args: unknown[]) {
  if (this._queryQueue.length > 0 && !this.pipeline && queued.length < 5) {
    const stack = new Error('a query sent to a busy pg client').stack ?? '';
    // TypeORM's own schema diff (schema.e2e) reads the tables side by side on one connection: not the app's code
    if (!stack.includes('RdbmsSchemaBuilder')) queued.push(stack);
  }
  return query.apply(this, args);
};

afterAll(() => {
  if (queued.length > 0) throw new Error(`queries were queued on a busy pg client:\n${queued.join('\n\n')}`);
});
