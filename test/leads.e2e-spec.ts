import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { SearchGramFrequencies } from '../src/modules/leads/search-gram-frequencies';
import { Role } from '../src/modules/users/role.enum';
import { leadBody, makeCreditCode } from './support/factories';
import { auth, TestApp, TestUser, unique } from './support/test-app';

interface LeadJson {
  id: string;
  code: string;
  version: number;
  [key: string]: unknown;
}

describe('LeadsController', () => {
  let t: TestApp;
  let teamA: string;
  let teamB: string;
  let promoterA: TestUser;
  let promoterA2: TestUser;
  let promoterB: TestUser;
  let commissionerB: TestUser;
  let leader: TestUser;
  let admin: TestUser;

  const create = async (user: TestUser, overrides: Record<string, unknown> = {}) => {
    const response = await t.http.post('/api/v1/leads').set(auth(user)).send(leadBody(overrides));
    if (response.status !== 201) throw new Error(`create failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as LeadJson;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    teamA = await t.createTeam();
    teamB = await t.createTeam();
    promoterA = await t.createUser([Role.Promoter], teamA);
    promoterA2 = await t.createUser([Role.Promoter], teamA);
    promoterB = await t.createUser([Role.Promoter], teamB);
    commissionerB = await t.createUser([Role.Commissioner], teamB);
    leader = await t.createUser([Role.Leader]);
    admin = await t.createUser([Role.Admin]);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('create', () => {
    it('creates a lead at lead/active with version 1, a ZS code, the caller as owner and the owner’s team', async () => {
      const lead = await create(promoterA, {
        contacts: [{ name: '王总', title: '董事长', phone: '13800000001' }],
        keyProjectLevel: 'city',
      });
      expect(lead).toMatchObject({
        stage: 'lead',
        status: 'active',
        version: 1,
        ownerId: promoterA.id,
        teamId: teamA,
        keyProjectLevel: 'city',
      });
      expect(lead.code).toMatch(/^ZS-\d{4}-\d{4,}$/);
      expect(lead.industryName).toBe('晶体管与滤波器');
      expect(lead.investmentIntensity).toBe(500);
      expect(lead.owner).toMatchObject({ id: promoterA.id });
      expect(lead.contacts).toEqual([{ name: '王总', title: '董事长', phone: '13800000001' }]);
    });

    it('gives unique codes under concurrent creates', async () => {
      const leads = await Promise.all(Array.from({ length: 15 }, () => create(promoterA)));
      expect(new Set(leads.map((l) => l.code)).size).toBe(15);
    });

    it('is refused to commissioners (403)', async () => {
      const response = await t.http.post('/api/v1/leads').set(auth(commissionerB)).send(leadBody());
      expect(response.status).toBe(403);
    });

    it('refuses unknown fields, wrong types, missing required fields and malformed JSON with 400 naming the fields', async () => {
      const unknownField = await t.http
        .post('/api/v1/leads')
        .set(auth(promoterA))
        .send(leadBody({ stage: 'signed', hacker: true }));
      expect(unknownField.status).toBe(400);
      expect(unknownField.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(unknownField.body.details.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['stage', 'hacker']));

      const wrongTypes = await t.http
        .post('/api/v1/leads')
        .set(auth(promoterA))
        .send(leadBody({ plannedInvestment: 'lots', expectedJobs: 1.5, source: 'magic', contacts: [{ phone: 'x' }] }));
      expect(wrongTypes.status).toBe(400);
      expect(wrongTypes.body.details.fields.map((f: { field: string }) => f.field)).toEqual(
        expect.arrayContaining(['plannedInvestment', 'expectedJobs', 'source', 'contacts.0.name', 'contacts.0.phone']),
      );

      const missing = await t.http.post('/api/v1/leads').set(auth(promoterA)).send({ name: 'x' });
      expect(missing.status).toBe(400);
      expect(missing.body.details.fields.map((f: { field: string }) => f.field)).toEqual(
        expect.arrayContaining(['companyName', 'industryCode', 'source']),
      );

      const malformed = await t.http
        .post('/api/v1/leads')
        .set(auth(promoterA))
        .set('content-type', 'application/json')
        .send('{"name": "x",');
      expect(malformed.status).toBe(400);
      expect(malformed.body).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON' });

      const negative = await t.http
        .post('/api/v1/leads')
        .set(auth(promoterA))
        .send(leadBody({ plannedInvestment: -5 }));
      expect(negative.status).toBe(400);
    });

    it('refuses industry and zone codes that are not in the catalog', async () => {
      const response = await t.http
        .post('/api/v1/leads')
        .set(auth(promoterA))
        .send(leadBody({ industryCode: 'XX99', zoneCode: 'NOWHERE' }));
      expect(response.status).toBe(400);
      expect(response.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['industryCode', 'zoneCode']);
    });

    it('checks the credit code’s check digit and keeps it unique among live leads (409 naming the lead)', async () => {
      const bad = await t.http
        .post('/api/v1/leads')
        .set(auth(promoterA))
        .send(leadBody({ creditCode: '91350100M000100Y44' }));
      expect(bad.status).toBe(400);
      expect(bad.body.details.fields[0].field).toBe('creditCode');

      const creditCode = makeCreditCode();
      const first = await create(promoterA, { creditCode });
      const duplicate = await t.http
        .post('/api/v1/leads')
        .set(auth(promoterA2))
        .send(leadBody({ creditCode: creditCode.toLowerCase() }));
      expect(duplicate.status).toBe(409);
      expect(duplicate.body).toMatchObject({
        code: 'DUPLICATE_CREDIT_CODE',
        details: { existingLeadId: first.id, existingLeadCode: first.code },
      });

      // once the first lead is deleted, the code is free again
      expect((await t.http.delete(`/api/v1/leads/${first.id}?version=1`).set(auth(leader))).status).toBe(204);
      expect((await t.http.post('/api/v1/leads').set(auth(promoterB)).send(leadBody({ creditCode }))).status).toBe(201);
    });
  });

  describe('patch', () => {
    it('edits fields, bumps the version, and refuses a stale version with 409 changing nothing', async () => {
      const lead = await create(promoterA);
      const ok = await t.http
        .patch(`/api/v1/leads/${lead.id}`)
        .set(auth(promoterA))
        .send({ version: 1, plannedInvestment: 80000, zoneCode: 'A3-P1' });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ version: 2, plannedInvestment: 80000, zoneCode: 'A3-P1' });

      const stale = await t.http.patch(`/api/v1/leads/${lead.id}`).set(auth(promoterA)).send({ version: 1, plannedInvestment: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
      const after = await t.http.get(`/api/v1/leads/${lead.id}`).set(auth(promoterA));
      expect(after.body).toMatchObject({ version: 2, plannedInvestment: 80000 });
    });

    it('refuses stage and status in a patch, and a duplicate credit code', async () => {
      const taken = makeCreditCode();
      await create(promoterA, { creditCode: taken });
      const lead = await create(promoterA);
      const stage = await t.http
        .patch(`/api/v1/leads/${lead.id}`)
        .set(auth(promoterA))
        .send({ version: 1, stage: 'signed', status: 'lost' });
      expect(stage.status).toBe(400);
      const duplicate = await t.http.patch(`/api/v1/leads/${lead.id}`).set(auth(promoterA)).send({ version: 1, creditCode: taken });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.code).toBe('DUPLICATE_CREDIT_CODE');
      const unchanged = await t.http.get(`/api/v1/leads/${lead.id}`).set(auth(promoterA));
      expect(unchanged.body).toMatchObject({ version: 1, creditCode: null });
    });

    it('requires a version', async () => {
      const lead = await create(promoterA);
      const response = await t.http.patch(`/api/v1/leads/${lead.id}`).set(auth(promoterA)).send({ name: '新名字' });
      expect(response.status).toBe(400);
      expect(response.body.details.fields[0].field).toBe('version');
    });
  });

  describe('scoping (README, Roles)', () => {
    it('answers 404 for a lead of another team in get, patch and delete, and leaves it out of lists', async () => {
      const marker = unique('隔离');
      const lead = await create(promoterA, { name: `${marker}项目` });
      const foreign = [promoterB, commissionerB];
      for (const user of foreign) {
        const get = await t.http.get(`/api/v1/leads/${lead.id}`).set(auth(user));
        expect(get.status).toBe(404);
        expect(get.body.code).toBe('NOT_FOUND');
        expect((await t.http.patch(`/api/v1/leads/${lead.id}`).set(auth(user)).send({ version: 1, name: 'x' })).status).toBe(404);
        const list = await t.http.get('/api/v1/leads').query({ q: marker }).set(auth(user));
        expect(list.status).toBe(200);
        expect(list.body.items).toEqual([]);
      }
      // the same answer as for an id that does not exist
      const missing = await t.http.get('/api/v1/leads/00000000-0000-4000-8000-000000000000').set(auth(promoterB));
      expect(missing.status).toBe(404);

      // a teammate, leaders and admins see it
      for (const user of [promoterA2, leader, admin]) {
        expect((await t.http.get(`/api/v1/leads/${lead.id}`).set(auth(user))).status).toBe(200);
        const list = await t.http.get('/api/v1/leads').query({ q: marker }).set(auth(user));
        expect(list.body.items.map((l: LeadJson) => l.id)).toEqual([lead.id]);
      }
    });

    it('lets a promoter see a lead they own in another team', async () => {
      const lead = await create(leader, { ownerId: promoterB.id, teamId: teamA });
      expect((await t.http.get(`/api/v1/leads/${lead.id}`).set(auth(promoterB))).status).toBe(200);
    });

    it('only lets leaders and admins delete', async () => {
      const lead = await create(promoterA);
      expect((await t.http.delete(`/api/v1/leads/${lead.id}?version=1`).set(auth(promoterA))).status).toBe(403);
      expect((await t.http.delete(`/api/v1/leads/${lead.id}?version=9`).set(auth(admin))).status).toBe(409);
      expect((await t.http.delete(`/api/v1/leads/${lead.id}?version=1`).set(auth(admin))).status).toBe(204);
      expect((await t.http.get(`/api/v1/leads/${lead.id}`).set(auth(admin))).status).toBe(404);
    });

    it('answers 400 for an id that is not a UUID', async () => {
      const response = await t.http.get('/api/v1/leads/12345').set(auth(promoterA));
      expect(response.status).toBe(400);
      expect(response.body.details.fields[0].field).toBe('id');
    });
  });

  describe('list', () => {
    it('answers every field of the lead page in list items too (the list has its own serialiser)', async () => {
      const team = await t.createTeam();
      const owner = await t.createUser([Role.Promoter], team);
      const full = await create(owner, {
        codeName: '星火',
        creditCode: makeCreditCode(),
        zoneCode: 'A1-P1',
        keyProjectLevel: 'province',
        expectedAnnualOutput: 12345.67,
        expectedAnnualTax: 890.12,
        expectedJobs: 321,
        contacts: [{ name: '王总', title: '董事长', phone: '13800000001', email: 'wang@example.com' }, { name: '李经理' }],
      });
      await t.dataSource.query(
        `UPDATE leads SET contract_investment = 60000.5, actual_investment = 1234, signed_at = '2026-05-01', agreed_start_date = '2026-06-01',
           agreed_operating_date = '2027-06-01', construction_started_at = '2026-07-01', operating_at = '2027-08-01', status = 'lost',
           lost_reason = 'chose_other_location', lost_to = '济南', status_note = '说明', next_follow_up_at = '2026-12-01T01:02:03.456789Z',
           last_follow_up_at = '2026-11-01T09:08:07.001Z', team_id = $2, commissioner_id = $3 WHERE id = $1`,
        [full.id, team, (await t.createUser([Role.Commissioner], team)).id],
      );
      const sparse = await create(owner, { plannedInvestment: null, landAreaMu: null, sourceCity: null });
      const detailOnly = ['owner', 'commissioner', 'team', 'latestAssessment', 'issues', 'doubleSigning', 'chainNode'];
      const list = await t.http.get('/api/v1/leads').query({ teamId: team, limit: 10 }).set(auth(owner));
      expect(list.status).toBe(200);
      for (const id of [full.id, sparse.id]) {
        const detail = await t.http.get(`/api/v1/leads/${id}`).set(auth(owner));
        const expected = Object.fromEntries(
          Object.entries(detail.body as Record<string, unknown>).filter(([key]) => !detailOnly.includes(key)),
        );
        expect(list.body.items.find((item: LeadJson) => item.id === id)).toEqual(expected);
      }
      expect(Object.keys(list.body.items[0]).length).toBeGreaterThan(40);
    });

    it('pages by keyset and visits every lead exactly once, in every sort', async () => {
      const team = await t.createTeam();
      const owner = await t.createUser([Role.Promoter], team);
      const created = new Set<string>();
      for (let i = 0; i < 23; i++) created.add((await create(owner, { plannedInvestment: i % 4 === 0 ? null : (i % 5) * 1000 })).id);

      for (const sort of ['-createdAt', 'createdAt', 'code', '-plannedInvestment', 'nextFollowUpAt']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const response: { status: number; body: { items: LeadJson[]; nextCursor: string | null } } = await t.http
            .get('/api/v1/leads')
            .query({ teamId: team, limit: 5, sort, ...(cursor ? { cursor } : {}) })
            .set(auth(owner));
          expect(response.status).toBe(200);
          seen.push(...response.body.items.map((l: LeadJson) => l.id));
          cursor = response.body.nextCursor;
          pages += 1;
        } while (cursor && pages < 20);
        expect(seen.length).toBe(23);
        expect(new Set(seen)).toEqual(created);
        expect(pages).toBe(5);
      }
    });

    it('filters by stage, industry branch, zone, key project and owner', async () => {
      const team = await t.createTeam();
      const owner = await t.createUser([Role.Promoter], team);
      await create(owner, { industryCode: 'EM01', zoneCode: 'A1-C3-P1', keyProjectLevel: 'province' });
      await create(owner, { industryCode: 'IT02', zoneCode: 'A3-P1' });
      const query = (q: Record<string, unknown>) =>
        t.http
          .get('/api/v1/leads')
          .query({ teamId: team, ...q })
          .set(auth(leader));
      expect((await query({ industry: 'EM' })).body.items.map((l: LeadJson) => l.industryCode)).toEqual(['EM01']);
      expect((await query({ zone: 'A1' })).body.items.map((l: LeadJson) => l.zoneCode)).toEqual(['A1-C3-P1']);
      expect((await query({ keyProject: true })).body.items).toHaveLength(1);
      expect((await query({ keyProject: false })).body.items).toHaveLength(1);
      expect((await query({ stage: 'lead', ownerId: owner.id })).body.items).toHaveLength(2);
      expect((await query({ stage: 'signed' })).body.items).toHaveLength(0);
      expect((await query({ industry: 'NOPE' })).status).toBe(400);
      expect((await query({ stage: 'nope' })).status).toBe(400);
      expect((await query({ limit: 500 })).status).toBe(400);
      expect((await query({ cursor: 'garbage' })).status).toBe(400);
    });

    it('finds one-, two- and three-character Chinese substrings and credit codes', async () => {
      const team = await t.createTeam();
      const owner = await t.createUser([Role.Promoter], team);
      const creditCode = makeCreditCode();
      const a = await create(owner, { name: '氢能重卡零部件项目', companyName: '淄博鑫瑞汽车部件有限公司', creditCode });
      const b = await create(owner, { name: '齐文化研学基地', companyName: '山东稷下文旅发展有限公司', codeName: '青鸟计划' });
      const search = async (q: string) =>
        ((await t.http.get('/api/v1/leads').query({ teamId: team, q }).set(auth(owner))).body.items as LeadJson[]).map((l) => l.id).sort();

      expect(await search('氢')).toEqual([a.id]);
      expect(await search('重卡')).toEqual([a.id]);
      expect(await search('鑫瑞')).toEqual([a.id]);
      expect(await search('研学基')).toEqual([b.id]);
      expect(await search('青鸟')).toEqual([b.id]);
      expect(await search('有限公司')).toEqual([a.id, b.id].sort());
      expect(await search(creditCode.slice(2, 12).toLowerCase())).toEqual([a.id]);
      expect(await search('重研')).toEqual([]);
      expect(await search('100%')).toEqual([]);
    });

    it("gives the same pages whether a search reads its index or walks the list order, in every part of a promoter's scope", async () => {
      // characters of CJK Extension A, which no other test writes: the term matches only these leads
      const rare = () => String.fromCodePoint(0x3400 + Math.floor(Math.random() * 6000));
      const one = rare();
      const two = rare() + rare();
      const team = await t.createTeam();
      const other = await t.createTeam();
      const me = await t.createUser([Role.Promoter], team);
      const mate = await t.createUser([Role.Promoter], team);
      const stranger = await t.createUser([Role.Promoter], other);
      const named = (user: TestUser, tag: string) => create(user, { name: `${tag}${one}${two}项目` });
      const mine = await named(me, '甲');
      const mates = await named(mate, '乙');
      const mineElsewhere = await named(me, '丙');
      await t.dataSource.query(`UPDATE leads SET team_id = $2 WHERE id = $1`, [mineElsewhere.id, other]);
      const strangers = await named(stranger, '丁');
      const mineNoTeam = await named(me, '戊');
      await t.dataSource.query(`UPDATE leads SET team_id = NULL WHERE id = $1`, [mineNoTeam.id]);
      await create(me, { name: '己项目' });
      const newestFirst = (leads: LeadJson[]) => leads.map((l) => l.id).reverse();
      const pages = async (user: TestUser, q: string) => {
        const ids: string[] = [];
        let cursor: string | undefined;
        do {
          const response = await t.http
            .get('/api/v1/leads')
            .query({ q, limit: 2, ...(cursor ? { cursor } : {}) })
            .set(auth(user));
          expect(response.status).toBe(200);
          ids.push(...(response.body.items as LeadJson[]).map((l) => l.id));
          cursor = response.body.nextCursor ?? undefined;
        } while (cursor);
        return ids;
      };
      const statistics = t.app.get(SearchGramFrequencies);
      for (const [mode, share] of [
        ['index (rare term)', 0],
        ['walk (common term)', 0.5],
      ] as const) {
        const spy = jest
          .spyOn(statistics, 'lookup')
          .mockResolvedValue({ frequencyOf: () => share, leads: 1_000_000, teamShare: () => (share > 0 ? 0.5 : 0) });
        try {
          for (const q of [one, two, `${one}${two}`]) {
            const context = `${mode}, q=${q}`;
            expect({ context, ids: await pages(me, q) }).toEqual({ context, ids: newestFirst([mine, mates, mineElsewhere, mineNoTeam]) });
            expect({ context, ids: await pages(leader, q) }).toEqual({
              context,
              ids: newestFirst([mine, mates, mineElsewhere, strangers, mineNoTeam]),
            });
          }
        } finally {
          spy.mockRestore();
        }
      }
    });

    it('uses the bigram index for a two-character search', async () => {
      const runner = t.dataSource.createQueryRunner();
      await runner.startTransaction();
      try {
        // enough rows (rolled back afterwards) that the planner weighs the indexes as it would in production
        await runner.query(
          `INSERT INTO leads (code, name, company_name, industry_code, source, owner_id)
           SELECT 'ZS-T-' || i, '项目' || md5(i::text), chr(19968 + i % 3000) || chr(19968 + (i * 7) % 3000) || '有限公司', 'IT01', 'expo', gen_random_uuid()
           FROM generate_series(1, 20000) AS i`,
        );
        await runner.query('ANALYZE leads');
        const plan: Array<{ 'QUERY PLAN': string }> = await runner.query(
          `EXPLAIN SELECT id FROM leads l WHERE l.deleted_at IS NULL AND l.search_grams @> $1::text[]`,
          [['重卡']],
        );
        expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toMatch(/idx_leads_search_grams/);
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    });
  });
});
