import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp, createLogger } from './app.factory';
import { loadAppConfig } from './config/app.config';
import { prepareDatabase } from './database/prepare-database';
import { seedDemoData } from './demo/demo-seeder';
import { UsersService } from './modules/users/users.service';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadAppConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const logger = createLogger(config);
  Logger.overrideLogger(logger);
  const log = new Logger('Main');
  await prepareDatabase(config.databaseUrl);
  const app = await createApp(config, logger);
  await app.init();

  if (config.admin.username && config.admin.password) {
    if (await app.get(UsersService).ensureFirstAdmin(config.admin.username, config.admin.password)) {
      log.log({ msg: 'created the first admin', username: config.admin.username });
    }
  }
  if (process.argv.includes('--demo')) {
    const summary = await seedDemoData(app);
    log.log({ msg: 'demo data ready', ...summary });
  }
  if (config.role === 'worker') {
    log.log({ msg: 'started', role: config.role });
    return;
  }
  await app.listen({ port: config.port, host: '0.0.0.0' });
  log.log({ msg: 'listening', role: config.role, url: `http://localhost:${config.port}`, docs: `http://localhost:${config.port}/docs` });
}

bootstrap().catch((error: unknown) => {
  new Logger('Main').error({ msg: 'start-up failed', error: (error as Error).message, stack: (error as Error).stack });
  process.exit(1);
});
