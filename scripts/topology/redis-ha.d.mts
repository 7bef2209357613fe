/** Types of redis-ha.mjs for the TypeScript tests. */
export interface RedisHa {
  name: string;
  sentinels: Array<{ host: string; port: number }>;
  /** REDIS_SENTINELS and REDIS_SENTINEL_NAME for the app. */
  env: { REDIS_SENTINELS: string; REDIS_SENTINEL_NAME: string };
  primaryPort(): Promise<number>;
  killPrimary(): Promise<{ port: number; at: number }>;
  waitForFailover(oldPort: number, timeoutMs?: number): Promise<{ port: number; at: number }>;
  restart(port: number): Promise<void>;
  failover(): Promise<{ port: number; at: number }>;
  stop(): Promise<void>;
}

export function redisHaUnavailable(): string | null;
export function redisCli(port: number, ...args: string[]): Promise<string[]>;
export function startRedisHa(options: {
  dir: string;
  primaryPort: number;
  replicaPort: number;
  sentinelPorts: number[];
  name?: string;
  downAfterMs?: number;
  log?: (message: string) => void;
}): Promise<RedisHa>;
