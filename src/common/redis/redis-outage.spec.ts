import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { TimeoutError } from '../async/with-timeout';
import { isConnectionError, redisOutage } from './redis-outage';

describe('redisOutage', () => {
  afterEach(() => {
    redisOutage.recovered('test');
    jest.restoreAllMocks();
  });

  it('logs one line when Redis stops answering and one when it answers again, however many connections report', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    for (let i = 0; i < 200; i++) redisOutage.failed(i % 2 ? 'queue producer' : 'worker reminders', refused);
    redisOutage.errorListener('queue scans')(new Error('Connection is closed.'));
    expect(redisOutage.down).toBe(true);
    redisOutage.recovered('app client');
    redisOutage.recovered('queue worker');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0][0]).toMatchObject({
      msg: 'redis reachable again',
      errors: { 'queue producer': 100, 'worker reminders': 100, 'queue scans': 1 },
    });
  });

  it('counts failures of connections still reconnecting just after a recovery as that outage, and a later failure as a new one', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const notWritable = new Error("Stream isn't writeable and enableOfflineQueue options is false");
    let now = Date.now() + 3_600_000; // well past any recovery an earlier test made
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    redisOutage.failed('reminders enqueue', notWritable);
    redisOutage.recovered('queue worker');
    now += 3_000;
    redisOutage.failed('scheduler check', notWritable);
    expect(redisOutage.down).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    now += 60_000;
    redisOutage.failed('scheduler check', notWritable);
    expect(redisOutage.down).toBe(true);
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('tells connection failures from command errors', () => {
    expect(isConnectionError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isConnectionError(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(true);
    expect(isConnectionError(new Error('Command timed out'))).toBe(true);
    expect(isConnectionError(new TimeoutError('enqueueing reminders', 1000))).toBe(true);
    // a Sentinel failover: no master known yet, a write that reached the demoted master, a blocked command cut by the role change
    expect(isConnectionError(new Error('All sentinels are unreachable. Retrying from scratch after 10ms.'))).toBe(true);
    expect(isConnectionError(new Error("READONLY You can't write against a read only replica."))).toBe(true);
    expect(
      isConnectionError(new Error('UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)')),
    ).toBe(true);
    expect(isConnectionError(new Error('error loading the script'))).toBe(false);
    expect(isConnectionError(new Error('ERR wrong number of arguments for script'))).toBe(false);
    expect(isConnectionError('ECONNREFUSED')).toBe(false);
  });
});
