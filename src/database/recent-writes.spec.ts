import { describe, expect, it } from '@jest/globals';
import { RedisService } from '../common/redis/redis.module';
import { loadAppConfig } from '../config/app.config';
import { RecentWrites } from './recent-writes';

/** A Redis stand-in that keeps keys in a map, or fails every command once `down` is set. */
function fakeRedis() {
  const keys = new Set<string>();
  const state = { down: false, calls: 0 };
  const command = <T>(work: () => T) => {
    state.calls += 1;
    return state.down ? Promise.reject(new Error('Connection is closed.')) : Promise.resolve(work());
  };
  const client = {
    set: (key: string) => command(() => keys.add(key) && 'OK'),
    exists: (key: string) => command(() => (keys.has(key) ? 1 : 0)),
  };
  const redis = { client, key: (...parts: string[]) => ['zscrm', ...parts].join(':') } as unknown as RedisService;
  return { redis, state };
}

const config = loadAppConfig({ REDIS_URL: 'redis://127.0.0.1:6379/0', REPLICA_MAX_LAG: 'PT5S' });

describe('RecentWrites', () => {
  it('knows who wrote, per user', async () => {
    const { redis } = fakeRedis();
    const writes = new RecentWrites(redis, config);
    await writes.record('u1');
    expect(await writes.wroteRecently('u1')).toBe(true);
    expect(await writes.wroteRecently('u2')).toBe(false);
  });

  it('counts everyone as having just written when Redis fails, and for the bound after, without asking it again', async () => {
    const { redis, state } = fakeRedis();
    const writes = new RecentWrites(redis, config);
    state.down = true;
    expect(await writes.wroteRecently('u2')).toBe(true);
    state.down = false;
    const calls = state.calls;
    expect(await writes.wroteRecently('u2')).toBe(true);
    expect(state.calls).toBe(calls);
  });

  it('distrusts Redis for the bound after a write it could not record (the key may be missing)', async () => {
    const { redis, state } = fakeRedis();
    const writes = new RecentWrites(redis, config);
    state.down = true;
    await expect(writes.record('u3')).resolves.toBeUndefined();
    state.down = false;
    expect(await writes.wroteRecently('u3')).toBe(true);
  });

  it('reads from the primary for everyone without Redis', async () => {
    const writes = new RecentWrites({ key: () => 'k' } as unknown as RedisService, config);
    expect(await writes.wroteRecently('u4')).toBe(true);
  });
});
