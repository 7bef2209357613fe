import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger, LoggerService } from '@nestjs/common';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAppConfig } from '../src/config/app.config';
import { Role } from '../src/modules/users/role.enum';
import { leadBody } from './support/factories';
import { auth, TestApp, TestUser, unique } from './support/test-app';

/** A JSON object with `count` fields nobody declared: `{"f0":0,"f1":0,…}`. */
function unknownFields(count: number, extra: Record<string, unknown> = {}): string {
  const fields = Array.from({ length: count }, (_, i) => `"f${i}":0`).join(',');
  const rest = JSON.stringify(extra).slice(1, -1);
  return `{${fields}${rest ? `,${rest}` : ''}}`;
}

const deepJson = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

interface Timed {
  status: number;
  ms: number;
  bytes: number;
  body: { statusCode?: number; code?: string; message?: string; details?: Record<string, unknown> };
}

/** One request over the network to the listening app, timed from send to the last byte of the answer. */
async function timed(base: string, path: string, init: RequestInit = {}): Promise<Timed> {
  const started = performance.now();
  const response = await fetch(`${base}${path}`, init);
  const text = await response.text();
  const ms = performance.now() - started;
  let body: Timed['body'] = {};
  try {
    body = JSON.parse(text) as Timed['body'];
  } catch {
    // not JSON (a page): the status is what counts
  }
  return { status: response.status, ms, bytes: Buffer.byteLength(text), body };
}

const json = (body: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  body,
  headers: { 'content-type': 'application/json', ...headers },
});

/** Keeps what the app logs, for the redaction and request-id checks. */
class CapturingLogger implements LoggerService {
  readonly entries: unknown[] = [];
  log(message: unknown): void {
    this.entries.push(message);
  }
  error(message: unknown): void {
    this.entries.push(message);
  }
  warn(message: unknown): void {
    this.entries.push(message);
  }
  debug(message: unknown): void {
    this.entries.push(message);
  }
  verbose(message: unknown): void {
    this.entries.push(message);
  }
  text(): string {
    return this.entries.map((entry) => JSON.stringify(entry)).join('\n');
  }
  requests(): Array<{ requestId: string; url: string; status: number }> {
    return this.entries.filter(
      (entry): entry is { msg: string; requestId: string; url: string; status: number } => (entry as { msg?: string }).msg === 'request',
    );
  }
}

describe('Edge hardening (issue 13: rows 1, 4, 10, 12, 14)', () => {
  let t: TestApp;
  let base: string;
  let promoter: TestUser;
  let consoleDir: string;
  const previousWebDist = process.env.WEB_DIST;

  beforeAll(async () => {
    // A stand-in console, so that `/` is served whether or not web/dist has been built.
    consoleDir = mkdtempSync(join(tmpdir(), 'zscrm-console-'));
    mkdirSync(join(consoleDir, 'assets'));
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
    process.env.WEB_DIST = consoleDir;
    t = await TestApp.start({ LOGIN_MAX_ATTEMPTS: '3', LOGIN_WINDOW_SECONDS: '60' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    promoter = await t.createUser([Role.Promoter], await t.createTeam());
  });

  afterAll(async () => {
    await t.close();
    if (previousWebDist === undefined) delete process.env.WEB_DIST;
    else process.env.WEB_DIST = previousWebDist;
    rmSync(consoleDir, { recursive: true, force: true });
  });

  describe('row 1: cheap checks first', () => {
    it('answers a 1.6 MiB anonymous login of 150,000 unknown fields with a 413 in under 1 s, and /health answers meanwhile', async () => {
      const body = unknownFields(150_000, { username: 'admin', password: 'x' });
      expect(body.length).toBeGreaterThan(1.5 * 1024 * 1024);
      const login = timed(base, '/api/v1/auth/login', json(body));
      const health = timed(base, '/health');
      const [loginAnswer, healthAnswer] = await Promise.all([login, health]);
      expect(loginAnswer.status).toBe(413);
      expect(loginAnswer.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
      expect(loginAnswer.ms).toBeLessThan(1000);
      expect(healthAnswer.status).toBe(200);
      expect(healthAnswer.ms).toBeLessThan(1000);
    });

    it('refuses more top-level fields than the login DTO has at parse time, under the body limit, with a short answer', async () => {
      const body = unknownFields(1500, { username: 'admin', password: 'x' });
      expect(body.length).toBeLessThan(64 * 1024);
      const answer = await timed(base, '/api/v1/auth/login', json(body));
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST', details: { limit: 2 } });
      expect(answer.ms).toBeLessThan(1000);
      expect(answer.bytes).toBeLessThan(1024);
    });

    it('names an unknown login field at parse time, in the validation shape, without counting it as a login attempt', async () => {
      const answer = await timed(base, '/api/v1/auth/login', json(JSON.stringify({ username: promoter.username, role: 'admin' })));
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: [{ field: 'role', errors: ['property role should not exist'] }] },
      });
      const login = await t.http.post('/api/v1/auth/login').send({ username: promoter.username, password: promoter.password });
      expect(login.status).toBe(200);
    });

    it('answers an authenticated POST of 90,000 unknown fields (within the body limit) with a short 400 in under 1 s', async () => {
      const body = unknownFields(90_000);
      expect(body.length).toBeLessThan(1024 * 1024);
      const answer = await timed(base, '/api/v1/leads', json(body, auth(promoter)));
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST', details: { limit: 100 } });
      expect(answer.ms).toBeLessThan(1000);
      expect(answer.bytes).toBeLessThan(1024);
    });

    it('names the first 20 of 70 unknown fields and counts the rest, before class-transformer sees them', async () => {
      const answer = await timed(base, '/api/v1/leads', json(unknownFields(70, leadBody()), auth(promoter)));
      expect(answer.status).toBe(400);
      const details = answer.body.details as { fields: Array<{ field: string }>; moreFields: number };
      expect(details.fields).toHaveLength(20);
      expect(details.fields[0]).toEqual({ field: 'f0', errors: ['property f0 should not exist'] });
      expect(details.moreFields).toBe(50);
      expect(answer.body.message).toMatch(/ and 50 more$/);
    });

    it('bounds nested validation errors too: 90 unknown fields in a contact answer 20 named and a count', async () => {
      const contact: Record<string, unknown> = { name: '王总' };
      for (let i = 0; i < 90; i++) contact[`x${i}`] = 1;
      const answer = await timed(base, '/api/v1/leads', json(JSON.stringify(leadBody({ contacts: [contact] })), auth(promoter)));
      expect(answer.status).toBe(400);
      const details = answer.body.details as { fields: Array<{ field: string }>; moreFields: number };
      expect(details.fields).toHaveLength(20);
      expect(details.fields[0].field).toBe('contacts.0.x0');
      expect(details.moreFields).toBe(70);
    });

    it('answers the costliest body the limits let through (100 contacts of 99 unknown fields) with a short 400 in bounded time', async () => {
      const contact = `{"name":"王总",${Array.from({ length: 98 }, (_, i) => `"x${i}":{"deep":[1,2,3]}`).join(',')}}`;
      const body = `${JSON.stringify(leadBody()).slice(0, -1)},"contacts":[${Array.from({ length: 100 }, () => contact).join(',')}]}`;
      const answer = await timed(base, '/api/v1/leads', json(body, auth(promoter)));
      expect(answer.status).toBe(400);
      expect(answer.body.details).toMatchObject({ moreFields: expect.any(Number) });
      // ~0.3 s here (9,800 field errors counted, 20 named); 1.2 s seen on a loaded machine: a wide margin
      expect(answer.ms).toBeLessThan(2500);
      expect(answer.bytes).toBeLessThan(4096);
    });

    it('refuses a body over the API limit (1 MiB) and a login over 64 KiB with 413 in the one error shape', async () => {
      const big = await timed(base, '/api/v1/leads', json(JSON.stringify(leadBody({ remarks: 'x'.repeat(1024 * 1024) })), auth(promoter)));
      expect(big.status).toBe(413);
      expect(big.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) });
      const login = await timed(base, '/api/v1/auth/login', json(JSON.stringify({ username: 'admin', password: 'x'.repeat(70 * 1024) })));
      expect(login.status).toBe(413);
      expect(login.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    });

    it('still creates a lead through the new JSON parser', async () => {
      const created = await t.http
        .post('/api/v1/leads')
        .set(auth(promoter))
        .send(leadBody({ contacts: [{ name: '李总', phone: '13800000002' }] }));
      expect(created.status).toBe(201);
      expect(created.body.contacts).toEqual([{ name: '李总', phone: '13800000002' }]);
    });
  });

  describe('row 10: nesting', () => {
    it('answers JSON nested 20,000 deep with a 400 (login and an authenticated route), not a 500', async () => {
      for (const [path, headers] of [
        ['/api/v1/auth/login', {}],
        ['/api/v1/leads', auth(promoter)],
      ] as const) {
        const answer = await timed(base, path, json(`{"username":${deepJson(20_000)}}`, headers));
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST', details: { limit: 32 } });
        expect(answer.ms).toBeLessThan(1000);
      }
    });

    it('keeps refusing malformed JSON as before, and prototype poisoning', async () => {
      const malformed = await timed(base, '/api/v1/leads', json('{"name": ', auth(promoter)));
      expect(malformed.status).toBe(400);
      expect(malformed.body).toMatchObject({ code: 'MALFORMED_JSON' });
      const poisoned = await timed(base, '/api/v1/leads', json('{"__proto__": {"admin": true}}', auth(promoter)));
      expect(poisoned.status).toBe(400);
    });
  });

  describe('row 4: client addresses', () => {
    const attempt = (base0: string, username: string, forwardedFor: string) =>
      timed(
        base0,
        '/api/v1/auth/login',
        json(JSON.stringify({ username, password: 'wrong-password' }), { 'x-forwarded-for': forwardedFor }),
      );

    it('ignores X-Forwarded-For without TRUSTED_PROXIES: a client rotating it is limited (429 after 3 attempts)', async () => {
      const username = unique('xff');
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await attempt(base, username, `203.0.113.${i + 1}`)).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    });

    it('reads TRUSTED_PROXIES as IPs and CIDRs, trusting none by default, and names a bad entry at start-up', () => {
      const env = { JWT_SECRET: 'test-secret-0123456789abcdef' };
      expect(loadAppConfig(env).trustedProxies).toEqual([]);
      expect(loadAppConfig({ ...env, TRUSTED_PROXIES: '10.0.0.1, 172.16.0.0/12,::1,fd00::/8' }).trustedProxies).toEqual([
        '10.0.0.1',
        '172.16.0.0/12',
        '::1',
        'fd00::/8',
      ]);
      for (const bad of ['*', 'true', '10.0.0.0/33', 'proxy.local', '10.0.0.1/8/1']) {
        expect(() => loadAppConfig({ ...env, TRUSTED_PROXIES: bad })).toThrow(`TRUSTED_PROXIES: not an IP address or CIDR: "${bad}"`);
      }
    });

    it('uses the forwarded address behind a proxy listed in TRUSTED_PROXIES', async () => {
      const proxied = await TestApp.start({
        LOGIN_MAX_ATTEMPTS: '3',
        LOGIN_WINDOW_SECONDS: '60',
        TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8',
      });
      try {
        await proxied.app.listen({ port: 0, host: '127.0.0.1' });
        const proxiedBase = `http://127.0.0.1:${(proxied.app.getHttpServer().address() as AddressInfo).port}`;
        const username = unique('xff');
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++) statuses.push((await attempt(proxiedBase, username, '198.51.100.7')).status);
        expect(statuses).toEqual([401, 401, 401, 429]);
        // another client behind the same proxy has its own count
        expect((await attempt(proxiedBase, username, '198.51.100.8')).status).toBe(401);
      } finally {
        await proxied.close();
      }
    });
  });

  describe('row 12: security headers', () => {
    it('sends helmet’s headers and a CSP without inline scripts on the API, the console, /docs and the queue dashboard', async () => {
      const tools = ['/docs', '/docs/swagger-ui-init.js', '/docs-json', '/admin/queues'];
      for (const path of ['/api/v1/auth/me', '/health', '/', '/leads/some-page', '/api/v1/nowhere', ...tools]) {
        const response = await fetch(`${base}${path}`);
        const headers = response.headers;
        expect({ path, nosniff: headers.get('x-content-type-options') }).toEqual({ path, nosniff: 'nosniff' });
        expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
        expect(headers.get('referrer-policy')).toBe('no-referrer');
        expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
        const csp = headers.get('content-security-policy') ?? '';
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("script-src 'self';");
        expect(csp).toContain("script-src-attr 'none'");
        expect(csp).toContain("object-src 'none'");
        expect(csp).toContain("frame-ancestors 'self'");
        expect(csp).not.toContain('unsafe-eval');
        expect(csp).not.toContain('upgrade-insecure-requests');
        // inline <style> blocks only on the third-party tool pages that write them
        expect({ path, styleSrc: /style-src ([^;]*)/.exec(csp)?.[1] }).toEqual({
          path,
          styleSrc: tools.includes(path) ? "'self' 'unsafe-inline'" : "'self'",
        });
        await response.arrayBuffer();
      }
    });
  });

  describe('row 14: logs', () => {
    let logs: CapturingLogger;

    beforeAll(() => {
      logs = new CapturingLogger();
      Logger.overrideLogger(logs);
    });

    afterAll(() => {
      Logger.overrideLogger(['error']);
    });

    it('redacts token, access_token and password query values wherever the request URL is logged', async () => {
      const secret = 'eyJhbGciOiJIUzI1NiJ9.secret-part.signature';
      await fetch(`${base}/admin/queues?token=${secret}`).then((r) => r.arrayBuffer());
      await fetch(`${base}/api/v1/leads?access_token=${secret}&q=x&PASSWORD=${secret}&%74oken=${secret}`).then((r) => r.arrayBuffer());
      const urls = logs.requests().map((entry) => entry.url);
      expect(urls).toEqual(
        expect.arrayContaining([
          '/admin/queues?token=[REDACTED]',
          '/api/v1/leads?access_token=[REDACTED]&q=x&PASSWORD=[REDACTED]&%74oken=[REDACTED]',
        ]),
      );
      expect(logs.text()).not.toContain('secret-part');
    });

    it('echoes and logs a short safe x-request-id, and replaces a long or unsafe one with a UUID', async () => {
      const safe = await fetch(`${base}/api/v1/auth/me`, { headers: { 'x-request-id': 'req-2026.abc_1' } });
      expect(safe.headers.get('x-request-id')).toBe('req-2026.abc_1');
      for (const given of ['x'.repeat(65), 'has spaces', '<script>', 'a%C3%A9b', '']) {
        const response = await fetch(`${base}/api/v1/auth/me`, { headers: { 'x-request-id': given } });
        const id = response.headers.get('x-request-id') ?? '';
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        await response.arrayBuffer();
      }
      const long = 'y'.repeat(10_000);
      const response = await fetch(`${base}/api/v1/auth/me`, { headers: { 'x-request-id': long } });
      const id = response.headers.get('x-request-id') ?? '';
      expect(id).toHaveLength(36);
      expect(logs.requests().find((entry) => entry.requestId === id)).toBeDefined();
      expect(logs.text()).not.toContain(long.slice(0, 100));
    });
  });
});
