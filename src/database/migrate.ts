import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createLogger } from '../common/logging/logger';
import { loadAppConfig } from '../config/app.config';
import { StartupError } from '../config/startup-error';
import { prepareDatabase } from './prepare-database';

/**
 * `npm run migration:run`: applies pending migrations and loads the reference data on DATABASE_URL, as every
 * start does, for a release step that migrates before the new processes start.
 */
async function migrate(): Promise<void> {
  const config = loadAppConfig();
  Logger.overrideLogger(createLogger(config));
  if (!config.databaseUrl)
    throw new StartupError(
      'DATABASE_URL is not set: the embedded PostgreSQL of the zero-setup mode is migrated by the app itself at start-up',
    );
  await prepareDatabase(config.databaseUrl);
}

migrate().then(
  () => process.exit(0),
  (error: unknown) => {
    new Logger('Migrate').error({ msg: 'migration failed', error: (error as Error).message });
    process.exit(1);
  },
);
