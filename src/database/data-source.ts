import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '../config/app.config';
import { buildDataSourceOptions } from './typeorm-options';

/** For the TypeORM CLI (`npm run migration:generate`). */
export default new DataSource(buildDataSourceOptions({ url: loadAppConfig().databaseUrl }));
