import { describe, expect, it } from '@jest/globals';
import { loadAppConfig } from './app.config';

const REDIS = { REDIS_URL: 'redis://127.0.0.1:6379/0' };

describe('replicas configuration', () => {
  it('uses no replica by default, with a 5 s lag bound probed every second', () => {
    expect(loadAppConfig({}).replicas).toEqual({ urls: [], maxLagMs: 5000, probeEveryMs: 1000 });
  });

  it('reads comma-separated replica URLs and ISO-8601 durations', () => {
    const config = loadAppConfig({
      ...REDIS,
      DATABASE_REPLICA_URLS: ' postgres://app@db-r1:5432/zscrm, postgresql://app@db-r2/zscrm ,',
      REPLICA_MAX_LAG: 'PT10S',
      REPLICA_PROBE_EVERY: 'PT0.5S',
    });
    expect(config.replicas).toEqual({
      urls: ['postgres://app@db-r1:5432/zscrm', 'postgresql://app@db-r2/zscrm'],
      maxLagMs: 10_000,
      probeEveryMs: 500,
    });
  });

  it('refuses a bad value at boot, naming the variable', () => {
    expect(() => loadAppConfig({ ...REDIS, DATABASE_REPLICA_URLS: 'postgres://db-r1/zscrm,not a url' })).toThrow(
      /DATABASE_REPLICA_URLS: not a valid URL/,
    );
    expect(() => loadAppConfig({ ...REDIS, DATABASE_REPLICA_URLS: 'mysql://db-r1/zscrm' })).toThrow(
      /DATABASE_REPLICA_URLS: expected a postgres/,
    );
    expect(() => loadAppConfig({ DATABASE_REPLICA_URLS: 'postgres://db-r1/zscrm' })).toThrow(/DATABASE_REPLICA_URLS: needs REDIS_URL/);
    expect(() => loadAppConfig({ REPLICA_MAX_LAG: '5s' })).toThrow(/REPLICA_MAX_LAG/);
    expect(() => loadAppConfig({ REPLICA_MAX_LAG: 'PT0.5S' })).toThrow(/REPLICA_MAX_LAG: must be at least a second/);
    expect(() => loadAppConfig({ REPLICA_MAX_LAG: 'PT2S', REPLICA_PROBE_EVERY: 'PT2S' })).toThrow(/REPLICA_PROBE_EVERY/);
  });
});
