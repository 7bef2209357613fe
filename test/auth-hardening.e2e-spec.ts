import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadAppConfig } from '../src/config/app.config';
import { MISSING_JWT_SECRET } from '../src/config/jwt-secret';
import { DEMO_IN_PRODUCTION } from '../src/demo/demo-guard';
import { Role } from '../src/modules/users/role.enum';
import { recreateDatabase } from './support/database';
import { auth, TestApp, TestUser } from './support/test-app';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './support/test-env';

/** Issue 13 rows 5, 8, 13, 16, 17 and the console's session cookie (rows 12 and 14). */

const ENTRY = resolve('dist/main.js');

/** Runs the built app with `env` (on top of this process's, less `unset`) and collects how it ended. */
function runMain(
  args: string[],
  env: Record<string, string>,
  unset: string[] = [],
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'log', ...env };
  for (const name of unset) delete childEnv[name];
  return new Promise((done) => {
    const child = spawn(process.execPath, [ENTRY, ...args], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stderr, stdout });
    });
  });
}

function setCookies(response: { headers: Record<string, unknown> }): string[] {
  const raw = response.headers['set-cookie'];
  return Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
}

const sessionCookieOf = (response: { headers: Record<string, unknown> }) =>
  setCookies(response).find((cookie) => cookie.startsWith('zscrm_session='));

describe('tokens end with a password change, deactivation, reactivation and logout (row 8)', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.createUser([Role.Admin]);
  });

  afterAll(async () => {
    await t.close();
  });

  const me = (token: string) => t.http.get('/api/v1/auth/me').set(auth({ token }));

  it('refuses a token issued before a password change, at once, and accepts the new password', async () => {
    const user = await t.createUser([Role.Promoter]);
    expect((await me(user.token)).status).toBe(200); // the caller is now in the guard's cache
    const changed = await t.http.patch(`/api/v1/users/${user.id}`).set(auth(admin)).send({ password: 'Another-pass-2026' });
    expect(changed.status).toBe(200);
    const old = await me(user.token);
    expect(old.status).toBe(401);
    expect(old.body.code).toBe('UNAUTHORIZED');
    expect((await me(await t.login(user.username, 'Another-pass-2026'))).status).toBe(200);
  });

  it('keeps tokens across changes that are not about access (display name, team)', async () => {
    const user = await t.createUser([Role.Promoter]);
    expect((await t.http.patch(`/api/v1/users/${user.id}`).set(auth(admin)).send({ displayName: '改名后' })).status).toBe(200);
    expect((await me(user.token)).status).toBe(200);
  });

  it('does not revive old tokens when a deactivated user is reactivated', async () => {
    const user = await t.createUser([Role.Promoter]);
    expect((await me(user.token)).status).toBe(200);
    expect((await t.http.patch(`/api/v1/users/${user.id}`).set(auth(admin)).send({ active: false })).status).toBe(200);
    expect((await me(user.token)).status).toBe(401);
    expect((await t.http.patch(`/api/v1/users/${user.id}`).set(auth(admin)).send({ active: true })).status).toBe(200);
    expect((await me(user.token)).status).toBe(401);
    expect((await me(await t.login(user.username, user.password))).status).toBe(200);
  });

  it('POST /auth/logout answers 204 and ends every token of the caller (log out everywhere), and only theirs', async () => {
    const user = await t.createUser([Role.Promoter]);
    const other = await t.createUser([Role.Promoter]);
    const secondDevice = await t.login(user.username, user.password);
    const logout = await t.http.post('/api/v1/auth/logout').set(auth(user));
    expect(logout.status).toBe(204);
    expect(sessionCookieOf(logout)).toMatch(/^zscrm_session=;.*Max-Age=0/);
    expect((await me(user.token)).status).toBe(401);
    expect((await me(secondDevice)).status).toBe(401);
    expect((await t.http.post('/api/v1/auth/logout').set(auth(user))).status).toBe(401);
    expect((await me(other.token)).status).toBe(200);
    expect((await me(await t.login(user.username, user.password))).status).toBe(200);
  });
});

describe('the console session cookie (rows 12, 14)', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    // Behind a proxy the app trusts (TRUSTED_PROXIES, issue 13 row 4), X-Forwarded-Proto says whether the client used TLS.
    t = await TestApp.start({ TRUSTED_PROXIES: '127.0.0.1,::1,::ffff:127.0.0.1' });
    admin = await t.createUser([Role.Admin]);
  });

  afterAll(async () => {
    await t.close();
  });

  it('login sets an HttpOnly, SameSite=Strict session cookie on Path=/ that the API accepts in place of the bearer header', async () => {
    const user = await t.createUser([Role.Promoter], null, true, { login: false });
    const login = await t.http.post('/api/v1/auth/login').send({ username: user.username, password: user.password });
    expect(login.status).toBe(200);
    const cookie = sessionCookieOf(login);
    expect(cookie).toBeDefined();
    const attributes = (cookie ?? '').split(';').map((part) => part.trim());
    expect(attributes[0]).toBe(`zscrm_session=${login.body.accessToken}`);
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']));
    expect(attributes).not.toContain('Secure'); // plain HTTP here

    const viaCookie = await t.http.get('/api/v1/auth/me').set('Cookie', attributes[0]);
    expect(viaCookie.status).toBe(200);
    expect(viaCookie.body.id).toBe(user.id);
    expect((await t.http.get('/api/v1/auth/me').set('Cookie', 'zscrm_session=not.a.token')).status).toBe(401);
    expect((await t.http.get('/api/v1/auth/me').set('Cookie', 'other=1')).status).toBe(401);

    const logout = await t.http.post('/api/v1/auth/logout').set('Cookie', attributes[0]);
    expect(logout.status).toBe(204);
    expect(sessionCookieOf(logout)).toMatch(/^zscrm_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Strict/);
    expect((await t.http.get('/api/v1/auth/me').set('Cookie', attributes[0])).status).toBe(401);
  });

  it('marks the session cookie Secure when the request came over TLS', async () => {
    const user = await t.createUser([Role.Promoter], null, true, { login: false });
    const login = await t.http
      .post('/api/v1/auth/login')
      .set('X-Forwarded-Proto', 'https')
      .send({ username: user.username, password: user.password });
    expect(login.status).toBe(200);
    expect(sessionCookieOf(login)).toMatch(/; Secure$/);
  });

  it('lets an admin open /admin/queues with the console session, and keeps a ?token visit in the same cookie, Secure under TLS', async () => {
    const login = await t.http.post('/api/v1/auth/login').send({ username: admin.username, password: admin.password });
    const session = (sessionCookieOf(login) ?? '').split(';')[0];
    expect((await t.http.get('/admin/queues').set('Cookie', session)).status).toBe(200);

    const visit = await t.http.get(`/admin/queues?token=${admin.token}`).set('X-Forwarded-Proto', 'https');
    expect(visit.status).toBe(200);
    const cookie = sessionCookieOf(visit) ?? '';
    expect(cookie.startsWith(`zscrm_session=${admin.token};`)).toBe(true);
    expect(cookie).toMatch(/Path=\/; HttpOnly; SameSite=Strict; Secure$/);
    expect(setCookies(visit).some((c) => c.startsWith('zscrm_queues_token='))).toBe(false);
  });
});

describe('/docs in production (row 13)', () => {
  it('is off with NODE_ENV=production', async () => {
    const t = await TestApp.start({ NODE_ENV: 'production' });
    try {
      expect((await t.http.get('/docs')).status).toBe(404);
      expect((await t.http.get('/docs-json')).status).toBe(404);
      expect((await t.http.get('/health')).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('is served in production with DOCS_PUBLIC=1, and outside production', async () => {
    for (const overrides of [{ NODE_ENV: 'production', DOCS_PUBLIC: '1' }, { NODE_ENV: 'test' }] as Array<Record<string, string>>) {
      const t = await TestApp.start(overrides);
      try {
        expect((await t.http.get('/docs')).status).toBe(200);
        expect((await t.http.get('/docs-json')).status).toBe(200);
      } finally {
        await t.close();
      }
    }
  });
});

describe('start-up refusals of the built app (rows 5, 13)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zscrm-auth-start-'));

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses --demo with NODE_ENV=production in one line, exit 1, before touching data', async () => {
    expect(existsSync(ENTRY)).toBe(true); // built by the `pretest` script
    const dataDir = join(dir, 'demo-data');
    const run = await runMain(['--demo'], { NODE_ENV: 'production', DATA_DIR: dataDir }, ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(DEMO_IN_PRODUCTION);
    expect(run.stdout).not.toMatch(/demo account/);
    expect(existsSync(dataDir)).toBe(false); // not even the zero-setup secret was written
  });

  it('refuses to start with DATABASE_URL set and no JWT_SECRET, in one line naming JWT_SECRET, without a stack trace', async () => {
    const run = await runMain([], { DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: TEST_REDIS_URL, DATA_DIR: join(dir, 'db-data') }, [
      'JWT_SECRET',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(MISSING_JWT_SECRET);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the password rule, everywhere a password is set (row 16)', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.createUser([Role.Admin]);
  });

  afterAll(async () => {
    await t.close();
  });

  const weak: Array<[string, string]> = [
    ['password', 'at least 10 characters'],
    ['12345678', 'at least 10 characters'],
    ['        ', 'at least 10 characters'],
    ['            ', 'only spaces'],
    ['password123', 'common passwords'],
    ['weakuser.x-2026', 'contain the username'],
  ];

  it.each(weak)('refuses %j on user creation with a 400 naming the field and the reason (%s)', async (password, reason) => {
    const response = await t.http
      .post('/api/v1/users')
      .set(auth(admin))
      .send({ username: 'weakuser.x', displayName: '弱密码', password, roles: ['promoter'] });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    const field = (response.body.details.fields as Array<{ field: string; errors: string[] }>).find((f) => f.field === 'password');
    expect(field?.errors.join(' ')).toContain(reason);
  });

  it('refuses a weak password change, checked against the stored username, and changes nothing', async () => {
    const user = await t.createUser([Role.Promoter]);
    for (const password of ['qwertyuiop', `${user.username}!2026`, '   \t   \t   ']) {
      const response = await t.http.patch(`/api/v1/users/${user.id}`).set(auth(admin)).send({ password });
      expect(response.status).toBe(400);
      expect(response.body.details.fields[0].field).toBe('password');
    }
    expect((await t.http.get('/api/v1/auth/me').set(auth(user))).status).toBe(200);
    expect(await t.login(user.username, user.password)).toEqual(expect.any(String));
  });

  it('refuses a weak first-admin password (ADMIN_PASSWORD) at start-up, naming the variable', () => {
    expect(() => loadAppConfig({ ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'admin-2026-pass' })).toThrow(
      /ADMIN_PASSWORD: password must not contain the username/,
    );
    expect(() => loadAppConfig({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'password1234' })).toThrow(
      /ADMIN_PASSWORD: password is one of the most common/,
    );
    expect(loadAppConfig({ ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'Bare-machine@2026' }).admin.password).toBe('Bare-machine@2026');
  });
});

describe('the last active admin (row 17)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // A database of its own: the rule counts every admin, and the shared test database has many.
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `${url.pathname}_last_admin`;
    await recreateDatabase(url.toString());
    t = await TestApp.start({ DATABASE_URL: url.toString() });
  });

  afterAll(async () => {
    await t.close();
  });

  const activeAdmins = async () =>
    Number((await t.dataSource.query<Array<{ n: string }>>(`SELECT count(*) AS n FROM users WHERE active AND 'admin' = ANY(roles)`))[0].n);

  it('can neither lose the admin role nor be deactivated (409 LAST_ADMIN), and may still change other things', async () => {
    const only = await t.createUser([Role.Admin]);
    for (const change of [{ roles: ['leader'] }, { active: false }, { roles: ['admin'], active: false }]) {
      const response = await t.http.patch(`/api/v1/users/${only.id}`).set(auth(only)).send(change);
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('LAST_ADMIN');
    }
    expect(await activeAdmins()).toBe(1);
    const renamed = await t.http
      .patch(`/api/v1/users/${only.id}`)
      .set(auth(only))
      .send({ roles: ['admin', 'leader'], displayName: '唯一管理员' });
    expect(renamed.status).toBe(200);

    // With a second admin, the first may step down; the second is then the last.
    const second = await t.createUser([Role.Admin]);
    expect(
      (
        await t.http
          .patch(`/api/v1/users/${only.id}`)
          .set(auth(second))
          .send({ roles: ['leader'] })
      ).status,
    ).toBe(200);
    expect((await t.http.patch(`/api/v1/users/${second.id}`).set(auth(second)).send({ active: false })).status).toBe(409);
    expect(await activeAdmins()).toBe(1);
    // back to one admin: the next test starts from there
    await t.dataSource.query(`UPDATE users SET active = false WHERE id <> $1`, [second.id]);
  });

  it('keeps one admin when two admins remove each other at the same moment', async () => {
    for (let round = 0; round < 4; round += 1) {
      const a = await t.createUser([Role.Admin]);
      const b = await t.createUser([Role.Admin]);
      // leave exactly these two active admins
      await t.dataSource.query(`UPDATE users SET active = false WHERE 'admin' = ANY(roles) AND id NOT IN ($1, $2)`, [a.id, b.id]);
      const change = round % 2 === 0 ? { roles: ['promoter'] } : { active: false };
      const answers = await Promise.all([
        t.http.patch(`/api/v1/users/${b.id}`).set(auth(a)).send(change),
        t.http.patch(`/api/v1/users/${a.id}`).set(auth(b)).send(change),
      ]);
      // One wins; the other is refused as the last admin (409), or, when it reaches the guard after the
      // winner's commit, as no longer an admin (403) or no longer active (401).
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses[0]).toBe(200);
      expect([401, 403, 409]).toContain(statuses[1]);
      expect(await activeAdmins()).toBe(1);
    }
  });
});
