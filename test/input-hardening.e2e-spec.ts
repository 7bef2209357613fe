import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { encodeCursor } from '../src/common/pagination/cursor';
import { Role } from '../src/modules/users/role.enum';
import { leadBody, makeCreditCode } from './support/factories';
import { auth, TestApp, TestUser, unique } from './support/test-app';

interface LeadJson {
  id: string;
  code: string;
  version: number;
  teamId: string | null;
  ownerId: string;
  [key: string]: unknown;
}

interface ErrorJson {
  statusCode: number;
  code: string;
  message: string;
  details?: { fields?: Array<{ field: string; errors: string[] }>; existingLeadId?: string; existingLeadCode?: string };
}

interface ImportRowJson {
  row: number;
  status: string;
  leadId?: string;
  duplicateOf?: { leadId?: string; code?: string; row?: number };
  errors?: string[];
}

/** Tables an API write lands in (not those the background work writes meanwhile). */
const WRITTEN_TABLES = [
  'leads',
  'lead_events',
  'lead_transitions',
  'follow_ups',
  'enterprise_issues',
  'assessments',
  'commissioner_assignments',
  'users',
  'teams',
  'imports',
];

const NIL_UUID = '00000000-0000-4000-8000-000000000000';

describe('Input hardening (#13 rows 6, 9, 11, 15)', () => {
  let t: TestApp;
  let teamA: string;
  let teamB: string;
  let teamC: string;
  let promoterA: TestUser;
  let promoterA2: TestUser;
  let promoterB: TestUser;
  let commissionerB: TestUser;
  let inactiveA: TestUser;
  let leader: TestUser;
  let admin: TestUser;

  const create = async (user: TestUser, overrides: Record<string, unknown> = {}) => {
    const response = await t.http.post('/api/v1/leads').set(auth(user)).send(leadBody(overrides));
    if (response.status !== 201) throw new Error(`create failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as LeadJson;
  };
  const lead = async (id: string) => (await t.http.get(`/api/v1/leads/${id}`).set(auth(admin))).body as LeadJson;
  const leadsNamed = async (name: string) =>
    (await t.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM leads WHERE name = $1`, [name]))[0].n;
  const counts = async () =>
    Object.fromEntries(
      await Promise.all(
        WRITTEN_TABLES.map(
          async (table) =>
            [table, (await t.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM ${table}`))[0].n] as const,
        ),
      ),
    );
  const csv = (rows: Array<Record<string, string>>) => {
    const headers = ['项目名称', '企业名称', '统一社会信用代码', '产业类别代码', '招商方式', '负责人账号'];
    return Buffer.from([headers.join(','), ...rows.map((row) => headers.map((h) => row[h] ?? '').join(','))].join('\r\n'), 'utf8');
  };
  const importRows = async (user: TestUser, rows: Array<Record<string, string>>, dryRun = false) => {
    const response = await t.http
      .post('/api/v1/leads/import')
      .set(auth(user))
      .field('dryRun', String(dryRun))
      .attach('file', csv(rows), 'leads.csv');
    if (response.status !== 200) throw new Error(`import failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { created: number; duplicates: number; errors: number; rows: ImportRowJson[] };
  };
  const row = (name: string, overrides: Record<string, string> = {}) => ({
    项目名称: name,
    企业名称: '淄博导入测试有限公司',
    统一社会信用代码: makeCreditCode(),
    产业类别代码: 'IT01',
    招商方式: '产业链招商',
    ...overrides,
  });

  beforeAll(async () => {
    t = await TestApp.start();
    teamA = await t.createTeam();
    teamB = await t.createTeam();
    teamC = await t.createTeam();
    promoterA = await t.createUser([Role.Promoter], teamA);
    promoterA2 = await t.createUser([Role.Promoter], teamA);
    promoterB = await t.createUser([Role.Promoter], teamB);
    commissionerB = await t.createUser([Role.Commissioner], teamB);
    inactiveA = await t.createUser([Role.Promoter], teamA, false);
    leader = await t.createUser([Role.Leader]);
    admin = await t.createUser([Role.Admin]);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('who may set teamId and ownerId (row 6)', () => {
    it('refuses a promoter’s create into another team or for another team’s owner with 403, writing nothing', async () => {
      for (const [overrides, field] of [
        [{ teamId: teamB }, 'teamId'],
        [{ ownerId: promoterB.id }, 'ownerId'],
        [{ ownerId: admin.id }, 'ownerId'],
        [{ ownerId: promoterA2.id, teamId: teamB }, 'teamId'],
        [{ teamId: null }, 'teamId'],
      ] as const) {
        const name = unique('越权');
        const before = await counts();
        const response = await t.http
          .post('/api/v1/leads')
          .set(auth(promoterA))
          .send(leadBody({ name, ...overrides }));
        expect({ overrides, status: response.status }).toEqual({ overrides, status: 403 });
        expect((response.body as ErrorJson).code).toBe('FORBIDDEN');
        expect((response.body as ErrorJson).details?.fields?.map((f) => f.field)).toContain(field);
        expect(await leadsNamed(name)).toBe(0);
        expect(await counts()).toEqual(before);
      }
    });

    it('answers 400 for an owner or team that does not exist or an owner who is not active', async () => {
      for (const [overrides, field] of [
        [{ ownerId: NIL_UUID }, 'ownerId'],
        [{ ownerId: inactiveA.id }, 'ownerId'],
        [{ teamId: NIL_UUID }, 'teamId'],
      ] as const) {
        const name = unique('无此人');
        const response = await t.http
          .post('/api/v1/leads')
          .set(auth(promoterA))
          .send(leadBody({ name, ...overrides }));
        expect(response.status).toBe(400);
        expect((response.body as ErrorJson).details?.fields?.map((f) => f.field)).toEqual([field]);
        expect(await leadsNamed(name)).toBe(0);
      }
    });

    it('lets a promoter create in their own team, for themselves or a teammate', async () => {
      expect(await create(promoterA, { teamId: teamA })).toMatchObject({ teamId: teamA, ownerId: promoterA.id });
      expect(await create(promoterA, { ownerId: promoterA2.id })).toMatchObject({ teamId: teamA, ownerId: promoterA2.id });
    });

    it('lets leaders and admins put a lead in any team with any active owner', async () => {
      expect(await create(leader, { teamId: teamB, ownerId: promoterA.id })).toMatchObject({ teamId: teamB, ownerId: promoterA.id });
      expect(await create(admin, { teamId: teamC, ownerId: promoterB.id })).toMatchObject({ teamId: teamC, ownerId: promoterB.id });
    });

    it('refuses a promoter’s PATCH of teamId or ownerId out of their team with 403 and leaves the lead as it was', async () => {
      const own = await create(promoterA);
      for (const change of [{ teamId: teamB }, { ownerId: promoterB.id }, { teamId: null }, { ownerId: leader.id, name: '改名' }]) {
        const response = await t.http
          .patch(`/api/v1/leads/${own.id}`)
          .set(auth(promoterA))
          .send({ version: own.version, ...change });
        expect({ change, status: response.status }).toEqual({ change, status: 403 });
        expect(await lead(own.id)).toMatchObject({ version: own.version, teamId: teamA, ownerId: promoterA.id, name: own.name });
      }
      // unchanged values pass, and a teammate may become the owner
      const same = await t.http
        .patch(`/api/v1/leads/${own.id}`)
        .set(auth(promoterA))
        .send({ version: own.version, teamId: teamA, ownerId: promoterA.id, name: '同队改名' });
      expect(same.status).toBe(200);
      const handed = await t.http
        .patch(`/api/v1/leads/${own.id}`)
        .set(auth(promoterA))
        .send({ version: (same.body as LeadJson).version, ownerId: promoterA2.id });
      expect(handed.status).toBe(200);
      expect(handed.body).toMatchObject({ teamId: teamA, ownerId: promoterA2.id });
    });

    it('holds commissioners to their own team too: an assigned lead of another team keeps its team unless moved into theirs', async () => {
      const other = await create(leader, { teamId: teamA, ownerId: promoterA.id });
      expect(
        (await t.http.put(`/api/v1/leads/${other.id}/commissioner`).set(auth(leader)).send({ commissionerId: commissionerB.id })).status,
      ).toBe(200);
      const version = (await lead(other.id)).version;
      const elsewhere = await t.http.patch(`/api/v1/leads/${other.id}`).set(auth(commissionerB)).send({ version, teamId: teamC });
      expect(elsewhere.status).toBe(403);
      const owner = await t.http.patch(`/api/v1/leads/${other.id}`).set(auth(commissionerB)).send({ version, ownerId: promoterA2.id });
      expect(owner.status).toBe(403);
      expect(await lead(other.id)).toMatchObject({ version, teamId: teamA, ownerId: promoterA.id });
      const edit = await t.http
        .patch(`/api/v1/leads/${other.id}`)
        .set(auth(commissionerB))
        .send({ version, teamId: teamA, sourceCity: '北京' });
      expect(edit.status).toBe(200);
    });

    it('makes a row naming an owner the importer may not set (even admin) a row error, and creates nothing for it', async () => {
      const names = [unique('导入'), unique('导入'), unique('导入'), unique('导入')];
      const report = await importRows(promoterA, [
        row(names[0], { 负责人账号: admin.username }),
        row(names[1], { 负责人账号: promoterB.username }),
        row(names[2], { 负责人账号: promoterA2.username }),
        row(names[3]),
      ]);
      expect(report.rows.map((r) => r.status)).toEqual(['error', 'error', 'created', 'created']);
      expect(report.rows[0].errors?.join()).toContain('负责人账号');
      expect(await leadsNamed(names[0])).toBe(0);
      expect(await leadsNamed(names[1])).toBe(0);
      expect(await lead(report.rows[2].leadId!)).toMatchObject({ teamId: teamA, ownerId: promoterA2.id });
      expect(await lead(report.rows[3].leadId!)).toMatchObject({ teamId: teamA, ownerId: promoterA.id });

      const byLeader = await importRows(leader, [row(unique('导入'), { 负责人账号: promoterB.username })]);
      expect(byLeader.rows[0].status).toBe('created');
      expect(await lead(byLeader.rows[0].leadId!)).toMatchObject({ teamId: teamB, ownerId: promoterB.id });
    });
  });

  describe('control characters in text (row 9)', () => {
    let target: LeadJson;
    let issueId: string;
    let issueVersion: number;

    beforeAll(async () => {
      target = await create(promoterA);
      const issue = await t.http
        .post(`/api/v1/leads/${target.id}/issues`)
        .set(auth(promoterA))
        .send({ title: '用电增容', category: 'utilities', dueAt: '2030-05-01T18:00:00+08:00', handlerId: promoterA.id });
      expect(issue.status).toBe(201);
      issueId = (issue.body as { id: string }).id;
      issueVersion = (issue.body as { version: number }).version;
    });

    const NUL = '\u0000';
    const scores = { industryFit: 20, investmentIntensity: 20, taxPerMu: 15, technology: 10, energyEnvironment: 8 };
    type Case = { name: string; field: string; send: () => Promise<{ status: number; body: unknown }> };
    const cases = (): Case[] => [
      {
        name: 'login username',
        field: 'username',
        send: () => t.http.post('/api/v1/auth/login').send({ username: `admin${NUL}`, password: 'whatever1' }),
      },
      {
        name: 'login password',
        field: 'password',
        send: () => t.http.post('/api/v1/auth/login').send({ username: promoterA.username, password: `x${NUL}` }),
      },
      ...(['name', 'companyName', 'codeName', 'sourceCity', 'industryCode', 'zoneCode'] as const).map((field) => ({
        name: `lead create ${field}`,
        field,
        send: () =>
          t.http
            .post('/api/v1/leads')
            .set(auth(promoterA))
            .send(leadBody({ [field]: `晶芯${NUL}` })),
      })),
      {
        name: 'lead contact name',
        field: 'contacts.0.name',
        send: () =>
          t.http
            .post('/api/v1/leads')
            .set(auth(promoterA))
            .send(leadBody({ contacts: [{ name: `王${NUL}` }] })),
      },
      {
        name: 'lead contact title',
        field: 'contacts.0.title',
        send: () =>
          t.http
            .post('/api/v1/leads')
            .set(auth(promoterA))
            .send(leadBody({ contacts: [{ name: '王', title: `总${NUL}` }] })),
      },
      {
        name: 'a line break in a one-line field',
        field: 'name',
        send: () =>
          t.http
            .post('/api/v1/leads')
            .set(auth(promoterA))
            .send(leadBody({ name: '第一行\n第二行' })),
      },
      {
        name: 'lead patch',
        field: 'companyName',
        send: () =>
          t.http
            .patch(`/api/v1/leads/${target.id}`)
            .set(auth(promoterA))
            .send({ version: target.version, companyName: `公司${NUL}` }),
      },
      {
        name: 'follow-up summary',
        field: 'summary',
        send: () =>
          t.http
            .post(`/api/v1/leads/${target.id}/follow-ups`)
            .set(auth(promoterA))
            .send({ type: 'call', occurredAt: new Date().toISOString(), summary: `电话${NUL}` }),
      },
      {
        name: 'follow-up outcome',
        field: 'outcome',
        send: () =>
          t.http
            .post(`/api/v1/leads/${target.id}/follow-ups`)
            .set(auth(promoterA))
            .send({ type: 'call', occurredAt: new Date().toISOString(), summary: 'ok', outcome: `\u0007` }),
      },
      {
        name: 'issue title',
        field: 'title',
        send: () =>
          t.http
            .post(`/api/v1/leads/${target.id}/issues`)
            .set(auth(promoterA))
            .send({ title: `用电${NUL}`, category: 'utilities', dueAt: '2030-05-01T18:00:00+08:00', handlerId: promoterA.id }),
      },
      {
        name: 'issue patch description',
        field: 'description',
        send: () =>
          t.http
            .patch(`/api/v1/leads/${target.id}/issues/${issueId}`)
            .set(auth(promoterA))
            .send({ version: issueVersion, description: `说明${NUL}` }),
      },
      {
        name: 'issue patch department',
        field: 'department',
        send: () =>
          t.http
            .patch(`/api/v1/leads/${target.id}/issues/${issueId}`)
            .set(auth(promoterA))
            .send({ version: issueVersion, department: `供电\t中心` }),
      },
      {
        name: 'transition note',
        field: 'note',
        send: () =>
          t.http
            .post(`/api/v1/leads/${target.id}/transitions`)
            .set(auth(promoterA))
            .send({ to: 'on_hold', version: target.version, note: `暂缓${NUL}` }),
      },
      {
        name: 'commissioner note',
        field: 'note',
        send: () =>
          t.http
            .put(`/api/v1/leads/${target.id}/commissioner`)
            .set(auth(leader))
            .send({ commissionerId: commissionerB.id, note: `指派${NUL}` }),
      },
      {
        name: 'assessment note',
        field: 'note',
        send: () =>
          t.http
            .post(`/api/v1/leads/${target.id}/assessment`)
            .set(auth(promoterA))
            .send({ scores, vetoes: [], note: `评估${NUL}` }),
      },
      {
        name: 'assessment veto',
        field: 'vetoes.0',
        send: () =>
          t.http
            .post(`/api/v1/leads/${target.id}/assessment`)
            .set(auth(promoterA))
            .send({ scores, vetoes: [`高耗能${NUL}`] }),
      },
      {
        name: 'user create',
        field: 'displayName',
        send: () =>
          t.http
            .post('/api/v1/users')
            .set(auth(admin))
            .send({ username: unique('nul'), displayName: `张${NUL}`, password: 'Passw0rd!x', roles: ['promoter'] }),
      },
      {
        name: 'user patch',
        field: 'displayName',
        send: () =>
          t.http
            .patch(`/api/v1/users/${promoterA2.id}`)
            .set(auth(admin))
            .send({ displayName: `李${NUL}` }),
      },
      {
        name: 'team create',
        field: 'name',
        send: () =>
          t.http
            .post('/api/v1/teams')
            .set(auth(admin))
            .send({ name: `一组${NUL}` }),
      },
      { name: 'lead search q', field: 'q', send: () => t.http.get('/api/v1/leads').query({ q: NUL }).set(auth(promoterA)) },
      {
        name: 'lead filter industry',
        field: 'industry',
        send: () =>
          t.http
            .get('/api/v1/leads')
            .query({ industry: `IT${NUL}` })
            .set(auth(promoterA)),
      },
      { name: 'export q', field: 'q', send: () => t.http.get(`/api/v1/leads/export?format=csv&q=%00`).set(auth(promoterA)) },
      {
        name: 'dashboard zone',
        field: 'zone',
        send: () =>
          t.http
            .get('/api/v1/dashboard/pipeline')
            .query({ zone: `A${NUL}` })
            .set(auth(leader)),
      },
      { name: 'path parameter', field: 'id', send: () => t.http.get('/api/v1/leads/%00').set(auth(promoterA)) },
      {
        name: 'import file name',
        field: 'file',
        send: () =>
          t.http
            .post('/api/v1/leads/import')
            .set(auth(promoterA))
            .attach('file', csv([row(unique('导入'))]), { filename: 'a\u0001.csv', contentType: 'text/csv' }),
      },
    ];

    it('answers every kind of body, query and path with a NUL or other control character 400 naming the field, and writes nothing', async () => {
      for (const c of cases()) {
        const before = await counts();
        const response = await c.send();
        const body = response.body as ErrorJson;
        expect({ case: c.name, status: response.status, code: body.code }).toEqual({
          case: c.name,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
        expect({ case: c.name, fields: body.details?.fields?.map((f) => f.field) }).toEqual({ case: c.name, fields: [c.field] });
        expect({ case: c.name, counts: await counts() }).toEqual({ case: c.name, counts: before });
      }
      expect(await lead(target.id)).toMatchObject({ version: target.version, status: 'active' });
    });

    it('keeps tab and line breaks in long texts', async () => {
      const summary = '第一行\n\t第二行\r\n第三行';
      const response = await t.http
        .post(`/api/v1/leads/${target.id}/follow-ups`)
        .set(auth(promoterA))
        .send({ type: 'call', occurredAt: new Date().toISOString(), summary });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ summary });
    });
  });

  describe('cursors (row 11)', () => {
    const uuid = '5f0c6a38-8f55-4b9e-9a57-0d6f1b1f3a11';
    const malformed: Array<[string, string]> = [
      ['a date that is not one', encodeCursor(['not-a-date', uuid])],
      ['a day that does not exist', encodeCursor(['2026-02-30 10:00:00+00', uuid])],
      ['an hour out of range', encodeCursor(['2026-01-01 25:00:00+00', uuid])],
      ['an offset out of range', encodeCursor(['2026-01-01 10:00:00+99', uuid])],
      ['an id that is not a UUID', encodeCursor(['2026-01-01 10:00:00+00', 'not-a-uuid'])],
      ['a number where text is expected', encodeCursor([12345, uuid])],
      ['a NUL', encodeCursor(['\u0000', uuid])],
      ['too few values', encodeCursor(['2026-01-01 10:00:00+00'])],
      ['an object', encodeCursor([{ $gt: 1 }, uuid])],
      ['not base64 JSON', '!!!notacursor'],
    ];

    it('answers a hand-made or tampered cursor on /leads with 400 in the error shape', async () => {
      for (const [what, cursor] of malformed) {
        const response = await t.http.get('/api/v1/leads').query({ cursor }).set(auth(promoterA));
        expect({ what, status: response.status }).toEqual({ what, status: 400 });
        expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', details: { fields: [{ field: 'cursor' }] } });
      }
    });

    it('checks the cursor against the sort’s type on /leads', async () => {
      for (const [sort, value] of [
        ['plannedInvestment', 'lots'],
        ['-plannedInvestment', '1e999'],
        ['nextFollowUpAt', 'tomorrow'],
        ['code', 'ZS\u0000'],
      ] as const) {
        const response = await t.http
          .get('/api/v1/leads')
          .query({ sort, cursor: encodeCursor([value, uuid]) })
          .set(auth(promoterA));
        expect({ sort, status: response.status }).toEqual({ sort, status: 400 });
      }
      // well-formed values of each type are accepted
      for (const [sort, value] of [
        ['plannedInvestment', '-1'],
        ['-plannedInvestment', '50000.00'],
        ['nextFollowUpAt', 'infinity'],
        ['-createdAt', '2026-01-01 10:00:00.123456+08'],
        ['code', 'ZS-2026-0001'],
      ] as const) {
        const response = await t.http
          .get('/api/v1/leads')
          .query({ sort, cursor: encodeCursor([value, uuid]) })
          .set(auth(promoterA));
        expect({ sort, status: response.status }).toEqual({ sort, status: 200 });
      }
    });

    it('pages through /leads with the cursors it returns, on every sort', async () => {
      const team = await t.createTeam();
      const owner = await t.createUser([Role.Promoter], team);
      for (let i = 0; i < 5; i++)
        await create(owner, {
          plannedInvestment: i === 2 ? null : i * 100,
          nextFollowUpAt: i % 2 ? new Date(Date.now() + i * 86_400_000).toISOString() : undefined,
        });
      for (const sort of ['-createdAt', 'code', '-plannedInvestment', 'nextFollowUpAt', 'updatedAt']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const query: Record<string, string | number> = cursor ? { sort, limit: 2, cursor } : { sort, limit: 2 };
          const response = await t.http.get('/api/v1/leads').query(query).set(auth(owner));
          expect(response.status).toBe(200);
          const page = response.body as { items: LeadJson[]; nextCursor: string | null };
          seen.push(...page.items.map((l) => l.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect({ sort, count: new Set(seen).size }).toEqual({ sort, count: 5 });
      }
    });

    it('answers a hand-made or tampered cursor on /notifications with 400, and pages with its own', async () => {
      for (const [what, cursor] of malformed) {
        const response = await t.http.get('/api/v1/notifications').query({ cursor }).set(auth(promoterA));
        expect({ what, status: response.status }).toEqual({ what, status: 400 });
        expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', details: { fields: [{ field: 'cursor' }] } });
      }
      const reader = await t.createUser([Role.Promoter], teamA);
      await t.dataSource.query(
        `INSERT INTO notifications (user_id, kind, title, body, created_at) SELECT $1, 'assigned', '测试', '测试', now() - make_interval(secs => g) FROM generate_series(1, 3) g`,
        [reader.id],
      );
      const first = await t.http.get('/api/v1/notifications').query({ limit: 2 }).set(auth(reader));
      expect(first.status).toBe(200);
      const next = await t.http
        .get('/api/v1/notifications')
        .query({ limit: 2, cursor: (first.body as { nextCursor: string }).nextCursor })
        .set(auth(reader));
      expect(next.status).toBe(200);
      expect((next.body as { items: unknown[] }).items).toHaveLength(1);
    });

    it('answers a tampered timeline cursor with 400', async () => {
      const own = await create(promoterA);
      const response = await t.http
        .get(`/api/v1/leads/${own.id}/timeline`)
        .query({ cursor: encodeCursor(['not-a-date', '1']) })
        .set(auth(promoterA));
      expect(response.status).toBe(400);
    });
  });

  describe('duplicate credit codes (row 15)', () => {
    let creditCode: string;
    let existing: LeadJson;

    beforeAll(async () => {
      creditCode = makeCreditCode();
      existing = await create(promoterA, { creditCode });
    });

    it('tells a caller who cannot see the existing lead only that the code is registered', async () => {
      const created = await t.http.post('/api/v1/leads').set(auth(promoterB)).send(leadBody({ creditCode }));
      const own = await create(promoterB);
      const patched = await t.http.patch(`/api/v1/leads/${own.id}`).set(auth(promoterB)).send({ version: own.version, creditCode });
      for (const response of [created, patched]) {
        expect(response.status).toBe(409);
        expect(response.body).toMatchObject({ code: 'DUPLICATE_CREDIT_CODE', details: { field: 'creditCode' } });
        const text = JSON.stringify(response.body);
        expect(text).not.toContain(existing.id);
        expect(text).not.toContain(existing.code);
      }
    });

    it('names the existing lead to a caller who can see it', async () => {
      for (const user of [promoterA2, leader]) {
        const response = await t.http.post('/api/v1/leads').set(auth(user)).send(leadBody({ creditCode }));
        expect(response.status).toBe(409);
        expect(response.body).toMatchObject({
          code: 'DUPLICATE_CREDIT_CODE',
          details: { existingLeadId: existing.id, existingLeadCode: existing.code },
        });
      }
    });

    it('does the same in the import report', async () => {
      const hidden = await importRows(promoterB, [row(unique('重复'), { 统一社会信用代码: creditCode })], true);
      expect(hidden.rows[0]).toMatchObject({ status: 'duplicate' });
      expect(hidden.rows[0].duplicateOf).toBeUndefined();
      expect(JSON.stringify(hidden)).not.toContain(existing.id);
      expect(JSON.stringify(hidden)).not.toContain(existing.code);

      const visible = await importRows(promoterA2, [row(unique('重复'), { 统一社会信用代码: creditCode })], true);
      expect(visible.rows[0]).toMatchObject({ status: 'duplicate', duplicateOf: { leadId: existing.id, code: existing.code } });
    });
  });
});
