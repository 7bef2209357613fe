import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { databaseUrlOf, loadAppConfig } from '../config/app.config';
import { buildDataSourceOptions } from './typeorm-options';

/** For the TypeORM CLI (`npm run migration:generate`): DATABASE_URL names the database to diff against. */
export default new DataSource(buildDataSourceOptions({ url: databaseUrlOf(loadAppConfig()) }));
