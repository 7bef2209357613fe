import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { isUnavailable } from './read-source';

const pgError = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});

describe('isUnavailable', () => {
  it('takes a refused, reset or shut-down server for an unavailable one, to be read again on the primary', () => {
    expect(isUnavailable(pgError('connect ECONNREFUSED 127.0.0.1:55439', 'ECONNREFUSED'))).toBe(true);
    expect(isUnavailable(pgError('read ECONNRESET', 'ECONNRESET'))).toBe(true);
    expect(isUnavailable(pgError('Connection terminated unexpectedly'))).toBe(true);
    expect(isUnavailable(pgError('timeout exceeded when trying to connect'))).toBe(true);
    expect(isUnavailable(pgError('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(isUnavailable(pgError('the database system is starting up', '57P03'))).toBe(true);
    expect(isUnavailable(pgError('canceling statement due to conflict with recovery', '40001'))).toBe(true);
    expect(isUnavailable(new QueryFailedError('SELECT 1', [], pgError('connection failure', '08006')))).toBe(true);
  });

  it('takes a replica whose database was dropped or whose credentials were refused for an unavailable one', () => {
    // a new connection to a dropped database fails with 3D000 rather than a connection error (CI, stop 28)
    expect(isUnavailable(pgError('database "zscrm_test_rr_copy" does not exist', '3D000'))).toBe(true);
    expect(isUnavailable(pgError('terminating connection because the database was dropped', '57P04'))).toBe(true);
    expect(isUnavailable(pgError('password authentication failed for user "reader"', '28P01'))).toBe(true);
  });

  it('leaves errors of the query itself alone', () => {
    expect(isUnavailable(pgError('syntax error at or near "SELEC"', '42601'))).toBe(false);
    expect(isUnavailable(new QueryFailedError('SELECT x', [], pgError('column "x" does not exist', '42703')))).toBe(false);
    expect(isUnavailable(pgError('canceling statement due to statement timeout', '57014'))).toBe(false);
    expect(isUnavailable('not an error')).toBe(false);
  });
});
