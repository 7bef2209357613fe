import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { Role } from '../src/modules/users/role.enum';
import { auth, TestApp, TestUser } from './support/test-app';

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('AuthController', () => {
  let t: TestApp;
  let admin: TestUser;
  let promoter: TestUser;

  beforeAll(async () => {
    t = await TestApp.start({ LOGIN_MAX_ATTEMPTS: '10', LOGIN_WINDOW_SECONDS: '60' });
    admin = await t.createUser([Role.Admin]);
    promoter = await t.createUser([Role.Promoter], await t.createTeam());
  });

  afterAll(async () => {
    await t.close();
  });

  it('logs in with good credentials and answers the caller with roles and team', async () => {
    const login = await t.http.post('/api/v1/auth/login').send({ username: promoter.username, password: promoter.password });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ id: promoter.id, roles: ['promoter'], teamId: promoter.teamId });
    const me = await t.http.get('/api/v1/auth/me').set(auth({ token: login.body.accessToken }));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: promoter.id, username: promoter.username, roles: ['promoter'] });
    expect(me.body.teamName).toEqual(expect.any(String));
  });

  it('refuses a wrong password and an unknown user with the same 401', async () => {
    const wrong = await t.http.post('/api/v1/auth/login').send({ username: promoter.username, password: 'nope-nope' });
    const unknown = await t.http.post('/api/v1/auth/login').send({ username: 'nobody-here', password: 'nope-nope' });
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ statusCode: 401, code: 'INVALID_CREDENTIALS' });
    }
  });

  it('refuses an inactive user, and a token of a user deactivated later', async () => {
    const inactive = await t.createUser([Role.Promoter], null, false);
    const login = await t.http.post('/api/v1/auth/login').send({ username: inactive.username, password: inactive.password });
    expect(login.status).toBe(401);

    const later = await t.createUser([Role.Promoter]);
    expect((await t.http.get('/api/v1/auth/me').set(auth(later))).status).toBe(200);
    const patch = await t.http.patch(`/api/v1/users/${later.id}`).set(auth(admin)).send({ active: false });
    expect(patch.status).toBe(200);
    expect((await t.http.get('/api/v1/auth/me').set(auth(later))).status).toBe(401);
  });

  it('rate-limits login per client and user with 429 and Retry-After, after 10 attempts', async () => {
    const victim = await t.createUser([Role.Promoter], null, true, { login: false });
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 11; i++) {
      last = await t.http.post('/api/v1/auth/login').send({ username: victim.username, password: 'wrong-password' });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect(last?.body.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
    // even the right password is refused while the window lasts
    const right = await t.http.post('/api/v1/auth/login').send({ username: victim.username, password: victim.password });
    expect(right.status).toBe(429);
  });

  it('refuses missing, tampered, unsigned (alg none) and foreign-secret tokens', async () => {
    const [header, payload, signature] = promoter.token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${header}.${base64url({ ...claims, sub: admin.id })}.${signature}`;
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, sub: admin.id })}.`;
    const foreignHeader = base64url({ alg: 'HS256', typ: 'JWT' });
    const foreignPayload = base64url({ ...claims, sub: admin.id });
    const foreign = `${foreignHeader}.${foreignPayload}.${createHmac('sha256', 'another-secret-entirely').update(`${foreignHeader}.${foreignPayload}`).digest('base64url')}`;
    const expired = `${foreignHeader}.${base64url({ sub: promoter.id, iat: 1, exp: 2 })}`;
    const expiredSigned = `${expired}.${createHmac('sha256', t.config.jwt.secret).update(expired).digest('base64url')}`;

    expect((await t.http.get('/api/v1/auth/me')).status).toBe(401);
    for (const token of [tampered, unsigned, foreign, expiredSigned, 'garbage']) {
      const response = await t.http.get('/api/v1/auth/me').set({ Authorization: `Bearer ${token}` });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('UNAUTHORIZED');
    }
  });

  it('validates the login body', async () => {
    const response = await t.http.post('/api/v1/auth/login').send({ username: 'x' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details.fields.map((f: { field: string }) => f.field)).toContain('password');
  });
});

describe('UsersController', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.createUser([Role.Admin]);
  });

  afterAll(async () => {
    await t.close();
  });

  it('lets an admin create, list and update users, and never returns password hashes', async () => {
    const teamId = await t.createTeam();
    const created = await t.http
      .post('/api/v1/users')
      .set(auth(admin))
      .send({ username: 'liu.zhuanyuan', displayName: '刘专员', password: 'Secret123!', roles: ['commissioner'], teamId });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'liu.zhuanyuan', roles: ['commissioner'], teamId, active: true });
    expect(JSON.stringify(created.body)).not.toMatch(/password/i);

    const list = await t.http.get('/api/v1/users').set(auth(admin));
    expect(list.status).toBe(200);
    expect(list.body.items.some((u: { id: string }) => u.id === created.body.id)).toBe(true);
    expect(JSON.stringify(list.body)).not.toMatch(/passwordHash|\$argon2/);

    const duplicate = await t.http
      .post('/api/v1/users')
      .set(auth(admin))
      .send({ username: 'liu.zhuanyuan', displayName: 'x', password: 'Secret123!', roles: ['promoter'] });
    expect(duplicate.status).toBe(409);

    const patched = await t.http
      .patch(`/api/v1/users/${created.body.id}`)
      .set(auth(admin))
      .send({ roles: ['commissioner', 'promoter'] });
    expect(patched.status).toBe(200);
    expect(patched.body.roles).toEqual(['commissioner', 'promoter']);
  });

  it('is for admins only: 403 for every other role', async () => {
    for (const role of [Role.Promoter, Role.Commissioner, Role.Leader]) {
      const user = await t.createUser([role]);
      expect((await t.http.get('/api/v1/users').set(auth(user))).status).toBe(403);
      const post = await t.http
        .post('/api/v1/users')
        .set(auth(user))
        .send({ username: 'sneaky', displayName: 'x', password: 'Secret123!', roles: ['admin'] });
      expect(post.status).toBe(403);
      expect(post.body.code).toBe('FORBIDDEN');
    }
  });

  it('refuses unknown roles, short passwords, unknown fields and a bad id', async () => {
    const bad = await t.http
      .post('/api/v1/users')
      .set(auth(admin))
      .send({ username: 'abc', displayName: 'x', password: 'short', roles: ['king'], extra: 1 });
    expect(bad.status).toBe(400);
    const fields = bad.body.details.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['password', 'roles', 'extra']));
    const badId = await t.http.patch('/api/v1/users/not-a-uuid').set(auth(admin)).send({ active: false });
    expect(badId.status).toBe(400);
    expect(badId.body.details.fields[0].field).toBe('id');
  });

  it('lets every user read teams, and only admins create them', async () => {
    const promoter = await t.createUser([Role.Promoter]);
    expect((await t.http.get('/api/v1/teams').set(auth(promoter))).status).toBe(200);
    expect((await t.http.post('/api/v1/teams').set(auth(promoter)).send({ name: '新团队' })).status).toBe(403);
    const created = await t.http.post('/api/v1/teams').set(auth(admin)).send({ name: '产业链招商九组', leaderId: promoter.id });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '产业链招商九组', leaderId: promoter.id });
  });
});
