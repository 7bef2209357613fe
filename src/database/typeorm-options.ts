import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DatabaseOptionsInput {
  url: string;
  poolSize?: number;
  logging?: boolean;
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
    extra: { max: input.poolSize ?? 20, application_name: 'zscrm' },
  };
}
