import { describe, expect, it } from '@jest/globals';
import { loadAppConfig } from './app.config';
import { describeRedis, redisKeyPrefix } from '../common/redis/redis-client';

describe('Redis configuration', () => {
  it('uses no Redis when neither REDIS_URL nor REDIS_SENTINELS is set (the queues run on PostgreSQL)', () => {
    expect(loadAppConfig({}).redis).toBeUndefined();
    expect(loadAppConfig({ REDIS_URL: '' }).redis).toBeUndefined();
  });

  it('connects to the one server of REDIS_URL alone', () => {
    const { redis } = loadAppConfig({ REDIS_URL: 'redis://:secret@10.0.0.5:6380/2' });
    expect(redis).toEqual({ url: 'redis://:secret@10.0.0.5:6380/2' });
    expect(describeRedis(redis!)).toBe('at 10.0.0.5:6380 (REDIS_URL)');
  });

  it('asks the Sentinels of REDIS_SENTINELS for the master named REDIS_SENTINEL_NAME, REDIS_URL optional', () => {
    const { redis } = loadAppConfig({
      REDIS_SENTINELS: '10.0.0.1:26379, 10.0.0.2:26379,[::1]:26380',
      REDIS_SENTINEL_NAME: 'zscrm',
      REDIS_SENTINEL_PASSWORD: 's3ntinel',
    });
    expect(redis).toEqual({
      url: undefined,
      sentinel: {
        nodes: [
          { host: '10.0.0.1', port: 26379 },
          { host: '10.0.0.2', port: 26379 },
          { host: '::1', port: 26380 },
        ],
        name: 'zscrm',
        password: 's3ntinel',
      },
    });
    expect(describeRedis(redis!)).toBe(
      'master "zscrm" through the Sentinels 10.0.0.1:26379, 10.0.0.2:26379, [::1]:26380 (REDIS_SENTINELS)',
    );
    expect(describeRedis(redis!)).not.toContain('s3ntinel');
  });

  it('takes only the password and database number from REDIS_URL beside Sentinels', () => {
    const { redis } = loadAppConfig({ REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_NAME: 'm', REDIS_URL: 'redis://:pw@m/3' });
    expect(redis).toMatchObject({ url: 'redis://:pw@m/3', sentinel: { name: 'm' } });
  });

  it('refuses Sentinels without a master name, bad addresses and settings that would be ignored, naming the variable', () => {
    expect(() => loadAppConfig({ REDIS_SENTINELS: '10.0.0.1:26379' })).toThrow(/REDIS_SENTINEL_NAME: required with REDIS_SENTINELS/);
    expect(() => loadAppConfig({ REDIS_SENTINELS: '10.0.0.1', REDIS_SENTINEL_NAME: 'm' })).toThrow(
      /REDIS_SENTINELS: expected host:port, got "10.0.0.1"/,
    );
    expect(() => loadAppConfig({ REDIS_SENTINELS: 'a:70000', REDIS_SENTINEL_NAME: 'm' })).toThrow(/REDIS_SENTINELS/);
    expect(() => loadAppConfig({ REDIS_SENTINEL_NAME: 'm' })).toThrow(/REDIS_SENTINEL_NAME: set, but REDIS_SENTINELS is not/);
    expect(() => loadAppConfig({ REDIS_SENTINEL_PASSWORD: 'x' })).toThrow(/REDIS_SENTINEL_PASSWORD/);
    expect(() => loadAppConfig({ REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_NAME: 'm', REDIS_URL: 'rediss://h/0' })).toThrow(/rediss/);
    expect(() => loadAppConfig({ REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_NAME: 'm', REDIS_URL: 'redis://h/x' })).toThrow(/database number/);
    expect(() => loadAppConfig({ REDIS_URL: 'http://h' })).toThrow(/REDIS_URL/);
  });

  it('prefixes every key of an install with QUEUE_PREFIX as a Redis Cluster hash tag', () => {
    expect(redisKeyPrefix(loadAppConfig({}))).toBe('{zscrm}');
    expect(redisKeyPrefix(loadAppConfig({ QUEUE_PREFIX: 'crm-2' }))).toBe('{crm-2}');
  });
});
