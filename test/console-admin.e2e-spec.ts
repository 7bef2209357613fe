import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '../src/modules/users/role.enum';
import { leadBody, makeCreditCode } from './support/factories';
import { auth, TestApp, TestUser } from './support/test-app';
import { waitFor } from './support/wait';

/** Issue 17: the endpoints the console's administration and notification pages need. */
describe('Console administration and notifications API (issue 17)', () => {
  let t: TestApp;
  let admin: TestUser;
  let leader: TestUser;
  let promoter: TestUser;

  beforeAll(async () => {
    t = await TestApp.start({ OVERDUE_ESCALATION_AFTER: 'PT2S', RECONCILE_EVERY: 'PT1S', LOGIN_MAX_ATTEMPTS: '50' });
    admin = await t.createUser([Role.Admin]);
    leader = await t.createUser([Role.Leader]);
    promoter = await t.createUser([Role.Promoter], await t.createTeam());
  });

  afterAll(async () => {
    await t.close();
  });

  const passwordHash = async (id: string) =>
    (
      await t.dataSource.query<Array<{ password_hash: string; token_version: number }>>(
        'SELECT password_hash, token_version FROM users WHERE id = $1',
        [id],
      )
    )[0];

  describe('POST /auth/password', () => {
    it('changes the caller’s password: the old one stops working, other sessions end, this one gets a new token', async () => {
      const user = await t.createUser([Role.Promoter]);
      const otherSession = await t.login(user.username, user.password);
      const response = await t.http
        .post('/api/v1/auth/password')
        .set(auth(user))
        .send({ currentPassword: user.password, newPassword: 'Neue-Passwort#2027' });
      expect(response.status).toBe(200);
      expect(response.headers['set-cookie']?.[0]).toMatch(/^zscrm_session=/);
      expect((await t.http.get('/api/v1/auth/me').set(auth(user))).status).toBe(401);
      expect((await t.http.get('/api/v1/auth/me').set(auth({ token: otherSession }))).status).toBe(401);
      expect((await t.http.get('/api/v1/auth/me').set(auth({ token: response.body.accessToken as string }))).status).toBe(200);
      expect((await t.http.post('/api/v1/auth/login').send({ username: user.username, password: user.password })).status).toBe(401);
      expect((await t.http.post('/api/v1/auth/login').send({ username: user.username, password: 'Neue-Passwort#2027' })).status).toBe(200);
    });

    it('refuses a wrong current password, a new one that breaks the policy, or the same one, and writes nothing', async () => {
      const user = await t.createUser([Role.Promoter]);
      const before = await passwordHash(user.id);
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ currentPassword: 'not-my-password', newPassword: 'Neue-Passwort#2027' }, 'currentPassword'],
        [{ currentPassword: user.password, newPassword: `${user.username}-Zibo-2027` }, 'newPassword'],
        [{ currentPassword: user.password, newPassword: 'password123' }, 'newPassword'],
        [{ currentPassword: user.password, newPassword: user.password }, 'newPassword'],
        [{ currentPassword: user.password, newPassword: 'short' }, 'newPassword'],
      ];
      for (const [body, field] of cases) {
        const response = await t.http.post('/api/v1/auth/password').set(auth(user)).send(body);
        expect({ status: response.status, code: response.body.code, field: response.body.details.fields[0].field }).toEqual({
          status: 400,
          code: 'VALIDATION_FAILED',
          field,
        });
      }
      expect(await passwordHash(user.id)).toEqual(before);
      expect((await t.http.get('/api/v1/auth/me').set(auth(user))).status).toBe(200);
      expect((await t.http.post('/api/v1/auth/password').send({ currentPassword: 'x', newPassword: 'Neue-Passwort#2027' })).status).toBe(
        401,
      );
    });
  });

  describe('PATCH /teams/:id', () => {
    it('renames a team and sets its leader; 404 for an unknown team, 409 for a taken name, 400 for an unknown leader, 403 for others', async () => {
      const id = await t.createTeam();
      const other = await t.createTeam();
      const otherName = (await t.http.get('/api/v1/teams').set(auth(admin))).body.items.find(
        (team: { id: string }) => team.id === other,
      ).name;
      const renamed = await t.http.patch(`/api/v1/teams/${id}`).set(auth(admin)).send({ name: '招商五组', leaderId: promoter.id });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toEqual({ id, name: '招商五组', leaderId: promoter.id });

      const refusals = [
        [await t.http.patch('/api/v1/teams/00000000-0000-4000-8000-000000000000').set(auth(admin)).send({ name: 'x' }), 404],
        [await t.http.patch(`/api/v1/teams/${id}`).set(auth(admin)).send({ name: otherName }), 409],
        [await t.http.patch(`/api/v1/teams/${id}`).set(auth(admin)).send({ leaderId: '00000000-0000-4000-8000-000000000000' }), 400],
        [await t.http.patch(`/api/v1/teams/${id}`).set(auth(leader)).send({ name: '领导改名' }), 403],
        [await t.http.patch(`/api/v1/teams/${id}`).set(auth(admin)).send({ color: 'red' }), 400],
      ] as const;
      for (const [response, status] of refusals) expect(response.status).toBe(status);
      const [stored] = await t.dataSource.query<Array<{ name: string; leader_id: string }>>(
        'SELECT name, leader_id FROM teams WHERE id = $1',
        [id],
      );
      expect(stored).toEqual({ name: '招商五组', leader_id: promoter.id });
    });
  });

  describe('GET /leads/deleted and POST /leads/:id/restore', () => {
    it('lists a deleted lead and restores it with its follow-up reminder, recorded in the timeline', async () => {
      const next = new Date(Date.now() + 86_400_000).toISOString();
      const lead = (
        await t.http
          .post('/api/v1/leads')
          .set(auth(promoter))
          .send(leadBody({ nextFollowUpAt: next }))
      ).body;
      expect((await t.http.delete(`/api/v1/leads/${lead.id}`).query({ version: lead.version }).set(auth(leader))).status).toBe(204);
      expect((await t.http.get(`/api/v1/leads/${lead.id}`).set(auth(leader))).status).toBe(404);

      const deleted = await t.http.get('/api/v1/leads/deleted').set(auth(admin));
      expect(deleted.status).toBe(200);
      const listed = deleted.body.items.find((item: { id: string }) => item.id === lead.id);
      expect(listed).toMatchObject({ code: lead.code, version: lead.version + 1, deletedBy: { id: leader.id } });

      const restored = await t.http.post(`/api/v1/leads/${lead.id}/restore`).set(auth(admin)).send({ version: listed.version });
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({ id: lead.id, stage: 'lead', version: listed.version + 1 });
      expect((await t.http.get(`/api/v1/leads/${lead.id}`).set(auth(promoter))).status).toBe(200);
      const pending = await t.dataSource.query<Array<{ kind: string }>>(
        `SELECT kind FROM reminders WHERE lead_id = $1 AND status = 'pending' ORDER BY kind`,
        [lead.id],
      );
      expect(pending.map((r) => r.kind)).toEqual(['follow_up_due', 'follow_up_overdue']);
      const timeline = await t.http.get(`/api/v1/leads/${lead.id}/timeline`).set(auth(admin));
      expect(timeline.body.items[0]).toMatchObject({ kind: 'restored', kindLabel: '恢复项目' });
    });

    it('refuses others (403), live or unknown leads (404), a stale version (409) and a credit code taken meanwhile (409), writing nothing', async () => {
      const creditCode = makeCreditCode();
      const lead = (await t.http.post('/api/v1/leads').set(auth(promoter)).send(leadBody({ creditCode }))).body;
      const live = (await t.http.post('/api/v1/leads').set(auth(promoter)).send(leadBody())).body;
      await t.http.delete(`/api/v1/leads/${lead.id}`).query({ version: lead.version }).set(auth(leader));
      const version = lead.version + 1;
      expect((await t.http.get('/api/v1/leads/deleted').set(auth(promoter))).status).toBe(403);
      expect((await t.http.post(`/api/v1/leads/${lead.id}/restore`).set(auth(promoter)).send({ version })).status).toBe(403);
      expect((await t.http.post(`/api/v1/leads/${live.id}/restore`).set(auth(admin)).send({ version: live.version })).status).toBe(404);
      expect(
        (await t.http.post('/api/v1/leads/00000000-0000-4000-8000-000000000000/restore').set(auth(admin)).send({ version: 1 })).status,
      ).toBe(404);
      expect(
        (
          await t.http
            .post(`/api/v1/leads/${lead.id}/restore`)
            .set(auth(admin))
            .send({ version: version - 1 })
        ).status,
      ).toBe(409);
      // another live lead took the credit code while this one was deleted
      const taker = await t.http.post('/api/v1/leads').set(auth(promoter)).send(leadBody({ creditCode }));
      expect(taker.status).toBe(201);
      const taken = await t.http.post(`/api/v1/leads/${lead.id}/restore`).set(auth(admin)).send({ version });
      expect({ status: taken.status, code: taken.body.code }).toEqual({ status: 409, code: 'DUPLICATE_CREDIT_CODE' });
      const [row] = await t.dataSource.query<Array<{ deleted: boolean; version: number }>>(
        'SELECT deleted_at IS NOT NULL AS deleted, version FROM leads WHERE id = $1',
        [lead.id],
      );
      expect(row).toEqual({ deleted: true, version });
      const events = await t.dataSource.query<unknown[]>(`SELECT 1 FROM lead_events WHERE lead_id = $1 AND kind = 'restored'`, [lead.id]);
      expect(events).toHaveLength(0);
    });
  });

  describe('compression and /meta', () => {
    const raw = (path: string, encoding: string) => t.http.get(path).set(auth(admin)).set('accept-encoding', encoding);

    it('answers br to a client that accepts it, gzip to one that accepts only gzip, and plain otherwise', async () => {
      const br = await raw('/api/v1/meta', 'gzip, deflate, br');
      const gzip = await raw('/api/v1/meta', 'gzip');
      const plain = await raw('/api/v1/meta', 'identity');
      expect([br.headers['content-encoding'], gzip.headers['content-encoding'], plain.headers['content-encoding']]).toEqual([
        'br',
        'gzip',
        undefined,
      ]);
      expect(br.headers.vary).toContain('accept-encoding');
      // the client decoded both to the same answer
      expect(br.body).toEqual(plain.body);
    });

    it('names each route’s query parameters in GET /meta, so the console needs no /docs-json', async () => {
      const meta = await t.http.get('/api/v1/meta').set(auth(promoter));
      expect(meta.body.queryParams['/notifications']).toEqual(expect.arrayContaining(['unread', 'kind', 'limit', 'cursor']));
      expect(meta.body.queryParams['/leads/import']).toContain('dryRun');
      expect(meta.body.queryParams['/dashboard/pipeline']).toEqual(expect.arrayContaining(['from', 'to']));
    });

    /** Every operation of the published document, with the roles its guard takes (x-roles; none: any signed-in user). */
    const documented = async () => {
      const document = (await t.http.get('/docs-json')).body as {
        paths: Record<string, Record<string, { 'x-roles'?: string[] }>>;
      };
      return Object.entries(document.paths).flatMap(([path, item]) =>
        Object.entries(item).flatMap(([method, operation]) =>
          ['get', 'put', 'post', 'patch', 'delete'].includes(method) && path.startsWith('/api/v1/')
            ? [{ operation: `${method.toUpperCase()} ${path.slice('/api/v1'.length)}`, roles: operation['x-roles'] ?? null }]
            : [],
        ),
      );
    };

    it('lists in GET /meta the operations each caller’s roles may call, as the routes’ guards take them', async () => {
      const operations = await documented();
      const callers: Array<[TestUser, string]> = [
        [promoter, Role.Promoter],
        [leader, Role.Leader],
        [admin, Role.Admin],
      ];
      for (const [user, role] of callers) {
        const meta = await t.http.get('/api/v1/meta').set(auth(user));
        const expected = operations.filter(({ roles }) => !roles || roles.includes(role));
        expect([...(meta.body.operations as string[])].sort()).toEqual(expected.map(({ operation }) => operation).sort());
      }
      const promoterMay = new Set((await t.http.get('/api/v1/meta').set(auth(promoter))).body.operations as string[]);
      expect(promoterMay.has('POST /leads')).toBe(true);
      expect(promoterMay.has('GET /chains/{industryCode}')).toBe(true);
      // what meta leaves out, the API refuses
      expect(promoterMay.has('GET /dashboard/pipeline')).toBe(false);
      expect((await t.http.get('/api/v1/dashboard/pipeline').set(auth(promoter))).status).toBe(403);
      expect(promoterMay.has('GET /users')).toBe(false);
      expect((await t.http.get('/api/v1/users').set(auth(promoter))).status).toBe(403);
    });

    it('names in the console only operations the API has (a renamed route cannot silently hide a page or button)', async () => {
      const known = new Set((await documented()).map(({ operation }) => operation));
      const files = readdirSync(join(process.cwd(), 'web/src'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(js|vue)$/.test(f));
      const named = files.flatMap((file) =>
        [
          ...readFileSync(join(process.cwd(), 'web/src', file), 'utf8').matchAll(/(?:may\(|api: )'((?:GET|POST|PUT|PATCH|DELETE) [^']+)'/g),
        ].map((match) => ({ file, operation: match[1] })),
      );
      expect(named.length).toBeGreaterThan(15);
      expect(named.filter(({ operation }) => !known.has(operation))).toEqual([]);
    });
  });

  describe('notifications', () => {
    it('words an overdue follow-up for the recipient, marks it 已解决 once followed up, counts and filters by kind, and reads all of a kind', async () => {
      // the owner is the team's leader: the escalation reaches them as team leader, and must not ask them to urge themself
      const teamId = await t.createTeam();
      const owner = await t.createUser([Role.Promoter], teamId);
      await t.http.patch(`/api/v1/teams/${teamId}`).set(auth(admin)).send({ leaderId: owner.id });
      const next = new Date(Date.now() + 1500).toISOString();
      const lead = (
        await t.http
          .post('/api/v1/leads')
          .set(auth(owner))
          .send(leadBody({ nextFollowUpAt: next }))
      ).body;

      const overdueOf = async (user: TestUser) =>
        (await t.http.get('/api/v1/notifications').query({ kind: 'follow_up_overdue' }).set(auth(user))).body.items.filter(
          (n: { leadId: string }) => n.leadId === lead.id,
        );
      const [mine] = await waitFor(
        () => overdueOf(owner),
        (items) => items.length === 1,
        20_000,
      );
      const [theirs] = await waitFor(
        () => overdueOf(leader),
        (items) => items.length === 1,
        20_000,
      );
      expect(mine.body).not.toContain('督促');
      expect(mine.body).toContain('您负责的项目');
      expect(theirs.title).toContain('督办');
      expect(theirs.body).toContain('请督促负责人');
      expect({ mine: mine.resolved, theirs: theirs.resolved }).toEqual({ mine: false, theirs: false });

      const page = await t.http.get('/api/v1/notifications').set(auth(owner));
      expect(page.body.byKind).toEqual(
        expect.arrayContaining([
          { kind: 'follow_up_due', total: 1, unread: 1, open: 1 },
          { kind: 'follow_up_overdue', total: 1, unread: 1, open: 1 },
        ]),
      );
      const dueOnly = await t.http.get('/api/v1/notifications').query({ kind: 'follow_up_due' }).set(auth(owner));
      expect(dueOnly.body.items.map((n: { kind: string }) => n.kind)).toEqual(['follow_up_due']);
      expect((await t.http.get('/api/v1/notifications').query({ kind: 'nonsense' }).set(auth(owner))).status).toBe(400);

      // the cause goes away: a follow-up is logged
      const followUp = await t.http
        .post(`/api/v1/leads/${lead.id}/follow-ups`)
        .set(auth(owner))
        .send({ type: 'call', occurredAt: new Date().toISOString(), summary: '电话沟通用地需求' });
      expect(followUp.status).toBe(201);
      const [resolved] = await overdueOf(owner);
      expect(resolved.resolved).toBe(true);
      expect((await overdueOf(leader))[0].resolved).toBe(true);
      const after = await t.http.get('/api/v1/notifications').set(auth(owner));
      expect(after.body.byKind).toEqual(expect.arrayContaining([{ kind: 'follow_up_overdue', total: 1, unread: 1, open: 0 }]));

      // read all of one kind: the other kind stays unread; nobody else's are touched
      const marked = await t.http.post('/api/v1/notifications/read-all').set(auth(owner)).send({ kind: 'follow_up_overdue' });
      expect(marked.body).toEqual({ marked: 1 });
      const counts = (await t.http.get('/api/v1/notifications').set(auth(owner))).body.byKind;
      expect(counts).toEqual(
        expect.arrayContaining([
          { kind: 'follow_up_due', total: 1, unread: 1, open: 0 },
          { kind: 'follow_up_overdue', total: 1, unread: 0, open: 0 },
        ]),
      );
      expect((await overdueOf(leader))[0].readAt).toBeNull();
      expect((await t.http.post('/api/v1/notifications/read-all').set(auth(owner)).send({ kind: 'x' })).status).toBe(400);
      expect((await t.http.post('/api/v1/notifications/read-all').set(auth(owner)).send({})).body).toEqual({ marked: 1 });
    });
  });
});
