import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppConfig } from './app.config';
import { StartupError } from './startup-error';

/** The zero-setup secret's file name inside DATA_DIR. */
export const JWT_SECRET_FILE = 'jwt-secret';
const GENERATED_BYTES = 48;
const MIN_STORED_LENGTH = 32;

export const MISSING_JWT_SECRET =
  'JWT_SECRET is required when DATABASE_URL is set: set it to one random string of 32 or more characters (e.g. `openssl rand -base64 48`), the same for every replica';

/**
 * The signing secret the app runs with: JWT_SECRET when set; with DATABASE_URL set and no JWT_SECRET,
 * an error (replicas must share one secret, so none is invented); in zero-setup mode, a random secret
 * generated once and kept in DATA_DIR (mode 0600), so that tokens outlive a restart.
 */
export function resolveJwtSecret(config: AppConfig): AppConfig {
  if (config.jwt.secret) return config;
  if (config.databaseUrl) throw new StartupError(MISSING_JWT_SECRET);
  return { ...config, jwt: { ...config.jwt, secret: readOrCreateSecret(resolve(config.dataDir)) } };
}

function readOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, JWT_SECRET_FILE);
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, randomBytes(GENERATED_BYTES).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // EEXIST: kept from an earlier start (or written a moment ago by another process): read it below.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
      throw new StartupError(`Cannot write ${file} (the zero-setup JWT secret): ${(error as Error).message}`, { cause: error });
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_STORED_LENGTH)
    throw new StartupError(
      `${file} holds no usable JWT secret: delete it to have a new one generated (every token is then invalid), or set JWT_SECRET`,
    );
  return secret;
}
