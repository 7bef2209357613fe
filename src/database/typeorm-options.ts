import { types } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { timestamptzParser } from './timestamptz';

/** Calendar dates stay `YYYY-MM-DD` strings in raw queries too, never shifted by the process time zone. */
types.setTypeParser(types.builtins.DATE, (value: string) => value);
// pg-types declares its parsers as returning any; the text-format one takes the column's text
const defaultTimestamptzParser = types.getTypeParser(types.builtins.TIMESTAMPTZ, 'text') as (text: string) => unknown;
types.setTypeParser(types.builtins.TIMESTAMPTZ, timestamptzParser(defaultTimestamptzParser));

export interface DatabaseOptionsInput {
  url: string;
  poolSize?: number;
  logging?: boolean;
  /** A read replica's pool (#23): no extension is installed (it is read-only), and a dead server fails a connection in this many ms. */
  replicaConnectTimeoutMs?: number;
}

/** The one place TypeORM is configured: never `synchronize`, the schema comes from migrations. */
export function buildDataSourceOptions(input: DatabaseOptionsInput): DataSourceOptions {
  return {
    type: 'postgres',
    url: input.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    uuidExtension: 'pgcrypto',
    logging: input.logging ? ['error', 'warn', 'query'] : false,
    invalidWhereValuesBehavior: { null: 'throw', undefined: 'throw' },
    extra: {
      max: input.poolSize ?? 20,
      application_name: input.replicaConnectTimeoutMs ? 'zscrm-replica' : 'zscrm',
      ...(input.replicaConnectTimeoutMs ? { connectionTimeoutMillis: input.replicaConnectTimeoutMs, keepAlive: true } : {}),
    },
    ...(input.replicaConnectTimeoutMs ? { installExtensions: false } : {}),
  };
}
