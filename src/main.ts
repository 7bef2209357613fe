import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createLogger } from './common/logging/logger';
import { APP_ROLES, AppConfig, loadAppConfig, RedisTarget } from './config/app.config';
import { createRedis, describeRedis } from './common/redis/redis-client';
import { resolveJwtSecret } from './config/jwt-secret';
import { StartupError } from './config/startup-error';
import { EmbeddedDatabase, startEmbeddedPostgres } from './database/embedded-postgres';
import { prepareDatabase } from './database/prepare-database';
import { DEMO_USERS } from './demo/demo-data';
import { refuseDemoInProduction } from './demo/demo-guard';
import { seedDemoData } from './demo/demo-seeder';
import { QueueService } from './common/queue/queue.service';
import { UsersService } from './modules/users/users.service';
import { createWorkerContext } from './worker.factory';

const log = new Logger('Main');

/** A configured Redis must answer: a wrong REDIS_URL or Sentinel stops the start instead of silently falling back. */
async function assertRedisReachable(target: RedisTarget): Promise<void> {
  const client = createRedis(target, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 5000,
    retryStrategy: () => null,
    sentinelRetryStrategy: () => null,
  });
  client.on('error', () => undefined); // reported once by connect() below, not also as "Unhandled error event"
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new StartupError(`Cannot reach Redis ${describeRedis(target)}: ${(error as Error).message}`, { cause: error });
  } finally {
    client.disconnect();
  }
}

/** DATABASE_URL, or an embedded PostgreSQL under DATA_DIR when it is not set (zero-setup mode). */
async function resolveDatabase(config: AppConfig): Promise<{ url: string; embedded?: EmbeddedDatabase }> {
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    log.log({ msg: `database: PostgreSQL at ${url.host}${url.pathname} (DATABASE_URL is set)` });
    return { url: config.databaseUrl };
  }
  const embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort);
  const relocated = embedded.relocatedBecause ? ` — not under DATA_DIR: ${embedded.relocatedBecause}` : '';
  log.log({
    msg: `database: embedded PostgreSQL on 127.0.0.1:${config.embeddedPgPort}, data in ${embedded.dataDir}${relocated} (DATABASE_URL is not set; for trying, demos and a single small office)`,
  });
  return { url: embedded.url, embedded };
}

async function bootstrap(): Promise<void> {
  let loaded: AppConfig;
  try {
    loaded = loadAppConfig();
    refuseDemoInProduction(loaded, process.argv);
    loaded = resolveJwtSecret(loaded);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const logger = createLogger(loaded);
  Logger.overrideLogger(logger);
  if (loaded.redis) await assertRedisReachable(loaded.redis);
  const database = await resolveDatabase(loaded);
  const config: AppConfig = { ...loaded, databaseUrl: database.url };
  let stopping = false;
  const stopEmbedded = async () =>
    database.embedded?.stop().catch((error: Error) => log.warn({ msg: 'embedded PostgreSQL did not stop cleanly', error: error.message }));

  try {
    await prepareDatabase(database.url);
  } catch (error) {
    await stopEmbedded();
    throw error;
  }
  // A worker-only process builds no HTTP stack at all, so it cannot open a port.
  // the HTTP stack (Fastify, Swagger, console) is loaded only by the roles that serve HTTP
  const http = APP_ROLES[config.role].http
    ? await (await import('./app.factory.js')).createApp(config, logger, { shutdownHooks: false })
    : undefined;
  const app = http ?? (await createWorkerContext(config, logger));
  // Our own signal handling: close the app (workers finish their jobs), then stop the embedded server. A
  // second signal (npm and the shell pass Ctrl-C on too) must not cut that short.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.log({ msg: 'shutting down', signal });
      void app
        .close()
        .then(stopEmbedded)
        .then(() => {
          log.log({ msg: 'stopped' });
          process.exit(0);
        })
        .catch((error: Error) => {
          log.error({ msg: 'shutdown failed', error: error.message });
          process.exit(1);
        });
    });
  }
  await app.init();
  log.log({ msg: `queues: ${app.get(QueueService).backend.describe()}` });

  if (config.admin.username && config.admin.password) {
    if (await app.get(UsersService).ensureFirstAdmin(config.admin.username, config.admin.password)) {
      log.log({ msg: 'created the first admin', username: config.admin.username });
    }
  }
  if (process.argv.includes('--demo')) {
    const summary = await seedDemoData(app);
    log.log({ msg: 'demo data ready', ...summary });
    // demo accounts only: printed so that whoever started the demo can log in
    for (const user of DEMO_USERS)
      log.log({ msg: 'demo account', username: user.username, password: user.password, roles: user.roles, team: user.team ?? null });
  }
  if (!http) {
    log.log({ msg: 'started', role: config.role });
    return;
  }
  await http.listen({ port: config.port, host: '0.0.0.0' });
  log.log({
    msg: 'listening',
    role: config.role,
    url: `http://localhost:${config.port}`,
    docs: config.docs ? `http://localhost:${config.port}/docs` : 'off (production; DOCS_PUBLIC=1 serves it)',
  });
}

bootstrap().catch((error: unknown) => {
  if (error instanceof StartupError) log.error({ msg: 'start-up failed', error: error.message });
  else log.error({ msg: 'start-up failed', error: (error as Error).message, stack: (error as Error).stack });
  process.exit(1);
});
