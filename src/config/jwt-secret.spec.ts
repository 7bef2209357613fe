import { afterEach, describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAppConfig } from './app.config';
import { JWT_SECRET_FILE, MISSING_JWT_SECRET, resolveJwtSecret } from './jwt-secret';

describe('resolveJwtSecret', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'zscrm-jwt-'));
    dirs.push(dir);
    return join(dir, '.data');
  };
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('has no secret written in the source: without JWT_SECRET the loaded configuration carries none', () => {
    expect(loadAppConfig({ DATA_DIR: dataDir() }).jwt.secret).toBe('');
  });

  it('generates a secret once in zero-setup mode, keeps it in DATA_DIR with mode 0600 and reuses it on restart', () => {
    const dir = dataDir();
    const first = resolveJwtSecret(loadAppConfig({ DATA_DIR: dir })).jwt.secret;
    const file = join(dir, JWT_SECRET_FILE);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, 'utf8')).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(resolveJwtSecret(loadAppConfig({ DATA_DIR: dir })).jwt.secret).toBe(first);
    expect(resolveJwtSecret(loadAppConfig({ DATA_DIR: dataDir() })).jwt.secret).not.toBe(first);
  });

  it('tightens a kept file that others could read back to 0600', () => {
    const dir = dataDir();
    resolveJwtSecret(loadAppConfig({ DATA_DIR: dir }));
    chmodSync(join(dir, JWT_SECRET_FILE), 0o644);
    resolveJwtSecret(loadAppConfig({ DATA_DIR: dir }));
    expect(statSync(join(dir, JWT_SECRET_FILE)).mode & 0o777).toBe(0o600);
  });

  it('refuses a kept file that holds no usable secret', () => {
    const dir = dataDir();
    resolveJwtSecret(loadAppConfig({ DATA_DIR: dir }));
    writeFileSync(join(dir, JWT_SECRET_FILE), 'short');
    expect(() => resolveJwtSecret(loadAppConfig({ DATA_DIR: dir }))).toThrow(/no usable JWT secret/);
  });

  it('uses JWT_SECRET when set and writes nothing', () => {
    const dir = dataDir();
    expect(resolveJwtSecret(loadAppConfig({ DATA_DIR: dir, JWT_SECRET: 'a-configured-secret-0123456789' })).jwt.secret).toBe(
      'a-configured-secret-0123456789',
    );
    expect(existsSync(join(dir, JWT_SECRET_FILE))).toBe(false);
  });

  it('refuses to invent a secret when DATABASE_URL is set, naming JWT_SECRET in one line', () => {
    const dir = dataDir();
    const config = loadAppConfig({ DATA_DIR: dir, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x' });
    expect(() => resolveJwtSecret(config)).toThrow(MISSING_JWT_SECRET);
    expect(MISSING_JWT_SECRET).toMatch(/^JWT_SECRET [^\n]+$/);
    expect(existsSync(dir)).toBe(false);
  });
});
