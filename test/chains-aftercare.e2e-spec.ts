import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '../src/modules/users/role.enum';
import { leadBody, makeCreditCode } from './support/factories';
import { auth, TestApp, TestUser, unique } from './support/test-app';

/** The parts of an answer these tests read (supertest types bodies as any). */
interface Body {
  [key: string]: unknown;
  id: string;
  code: string;
  version: number;
  stage: string;
  enterpriseId: string | null;
  investmentKind: string;
  investmentKindLabel: string;
  nextCursor: string | null;
  items: Array<{ id: string; visitedOn: string; kind: string; kindLabel: string; author: { id: string } | null }>;
  doubleSigning: { flagged: boolean; otherLeads: Array<{ id: string }> };
  stages: Array<{ stage: string; count: number; plannedInvestment: number; contractInvestment: number; actualInvestment: number }>;
  nodes: Array<{ id: string; enterprises: Array<{ id: string; name: string; lastVisitedOn: string | null; nodeIds: string[] }> }>;
}

const signing = { signedAt: '2026-10-01', contractInvestment: 60000, agreedStartDate: '2026-12-01', agreedOperatingDate: '2027-12-01' };

describe('产业链招商: 安商 aftercare, operating projects and 增资', () => {
  let t: TestApp;
  let admin: TestUser;
  let leader: TestUser;
  let promoter: TestUser;
  let commissioner: TestUser;
  let otherPromoter: TestUser;
  let carrierManager: TestUser;
  let teamId: string;
  // SP04 has no reference chain and no other suite's leads: this suite owns it
  const industry = 'SP04';
  let nodeId: string;

  const call = async (pending: PromiseLike<{ status: number; body: unknown }>) => {
    const response = await pending;
    return { status: response.status, body: response.body as Body };
  };
  const get = (user: TestUser, path: string, query: Record<string, string> = {}) =>
    call(t.http.get(`/api/v1/${path}`).query(query).set(auth(user)));
  const post = (user: TestUser, path: string, body: object = {}, key?: string) =>
    call(
      t.http
        .post(`/api/v1/${path}`)
        .set({ ...auth(user), ...(key ? { 'Idempotency-Key': key } : {}) })
        .send(body),
    );
  const count = async (sql: string, params: unknown[] = []) =>
    (await t.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n;
  const move = async (user: TestUser, lead: Body, body: Record<string, unknown>) => {
    const moved = await post(user, `leads/${lead.id}/transitions`, { version: lead.version, ...body });
    if (moved.status !== 200) throw new Error(`move to ${String(body.to)}: ${moved.status} ${JSON.stringify(moved.body)}`);
    return moved.body;
  };
  const reread = async (lead: { id: string }) => (await get(leader, `leads/${lead.id}`)).body;
  /** A lead of the team on this suite's node, walked to `to` (signed, building or operating). */
  const project = async (company: string, creditCode: string | null, to: 'signed' | 'operating') => {
    const created = await post(
      promoter,
      'leads',
      leadBody({ companyName: company, industryCode: industry, teamId, ...(creditCode ? { creditCode } : {}) }),
    );
    expect(created.status).toBe(201);
    await t.dataSource.query(`UPDATE leads SET chain_node_id = $2 WHERE id = $1`, [created.body.id, nodeId]);
    return walk(created.body, to);
  };
  /** Walks a lead from 线索 to `to`, signed for `contractInvestment` (万元). */
  const walk = async (from: Body, to: 'signed' | 'operating', contractInvestment = signing.contractInvestment) => {
    let lead = await move(promoter, from, { to: 'negotiating' });
    expect(
      (await t.http.put(`/api/v1/leads/${lead.id}/commissioner`).set(auth(leader)).send({ commissionerId: commissioner.id, note: '指派' }))
        .status,
    ).toBe(200);
    lead = await move(promoter, await reread(lead), { to: 'signed', ...signing, contractInvestment });
    if (to === 'signed') return lead;
    lead = await move(commissioner, lead, { to: 'building', constructionStartedAt: '2026-11-20' });
    return move(commissioner, lead, { to: 'operating', operatingAt: '2027-06-01', actualInvestment: 42000 });
  };
  const enterprisesNamed = (name: string) => count(`chain_enterprises WHERE lead_identity_text(name) = lead_identity_text($1)`, [name]);
  const totals = async () => {
    const pipeline = await get(leader, 'dashboard/pipeline', { teamId });
    expect(pipeline.status).toBe(200);
    const sum = (key: 'plannedInvestment' | 'contractInvestment' | 'actualInvestment') =>
      pipeline.body.stages.reduce((total, stage) => total + stage[key], 0);
    return { planned: sum('plannedInvestment'), contract: sum('contractInvestment'), actual: sum('actualInvestment') };
  };

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.createUser([Role.Admin]);
    leader = await t.createUser([Role.Leader]);
    teamId = await t.createTeam();
    const otherTeam = await t.createTeam();
    promoter = await t.createUser([Role.Promoter], teamId);
    commissioner = await t.createUser([Role.Commissioner], teamId);
    otherPromoter = await t.createUser([Role.Promoter], otherTeam);
    carrierManager = await t.createUser([Role.CarrierManager]);
    const created = await post(leader, 'chains/nodes', { industryCode: industry, segment: 'midstream', name: '安商环节' });
    expect(created.status).toBe(201);
    nodeId = created.body.id;
  });

  afterAll(async () => {
    await t.close();
  });

  describe('安商 visits', () => {
    it('logs visits, lists them newest first by page, and shows the last visit date on the enterprise', async () => {
      const firm = await post(leader, 'chains/enterprises', { name: unique('淄博安商材料有限公司'), nodeIds: [nodeId] });
      expect(firm.status).toBe(201);
      expect(firm.body.lastVisitedOn).toBeNull();
      const visit = (user: TestUser, visitedOn: string, kind = 'onsite') =>
        post(user, `chains/enterprises/${firm.body.id}/visits`, { kind, visitedOn, summary: `走访 ${visitedOn}`, nextStep: '协调用电' });
      const first = await visit(commissioner, '2026-09-01');
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        enterpriseId: firm.body.id,
        kind: 'onsite',
        kindLabel: '上门走访',
        visitedOn: '2026-09-01',
        nextStep: '协调用电',
      });
      expect(first.body.author).toMatchObject({ id: commissioner.id });
      expect((await visit(promoter, '2026-11-02', 'call')).status).toBe(201);
      expect((await visit(leader, '2026-10-15', 'forum')).status).toBe(201);

      const page = await get(promoter, `chains/enterprises/${firm.body.id}/visits`, { limit: '2' });
      expect(page.status).toBe(200);
      expect(page.body.items.map((v) => v.visitedOn)).toEqual(['2026-11-02', '2026-10-15']);
      expect(page.body.items[0]).toMatchObject({ kind: 'call', kindLabel: '电话回访' });
      const rest = await get(promoter, `chains/enterprises/${firm.body.id}/visits`, { limit: '2', cursor: page.body.nextCursor! });
      expect(rest.body.items.map((v) => v.visitedOn)).toEqual(['2026-09-01']);
      expect(rest.body.nextCursor).toBeNull();

      const view = await get(promoter, `chains/${industry}`);
      const shown = view.body.nodes.find((n) => n.id === nodeId)!.enterprises.find((e) => e.id === firm.body.id)!;
      expect(shown.lastVisitedOn).toBe('2026-11-02');
    });

    it('answers 404 for an unknown enterprise, 403 to a role that logs no visits, 400 for a future date, and writes nothing', async () => {
      const firm = await post(leader, 'chains/enterprises', { name: unique('淄博拒绝测试有限公司'), nodeIds: [nodeId] });
      const body = { kind: 'onsite', visitedOn: '2026-09-01', summary: '走访' };
      const before = await count('chain_enterprise_visits');
      const missing = await post(commissioner, 'chains/enterprises/00000000-0000-4000-8000-000000000000/visits', body);
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      expect((await get(promoter, 'chains/enterprises/00000000-0000-4000-8000-000000000000/visits')).status).toBe(404);
      for (const refused of [admin, carrierManager]) {
        const answer = await post(refused, `chains/enterprises/${firm.body.id}/visits`, body);
        expect(answer.status).toBe(403);
        expect(answer.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
      }
      expect((await get(carrierManager, `chains/enterprises/${firm.body.id}/visits`)).status).toBe(403);
      const future = await post(leader, `chains/enterprises/${firm.body.id}/visits`, { ...body, visitedOn: '2099-01-01' });
      expect(future.status).toBe(400);
      const bad = await post(leader, `chains/enterprises/${firm.body.id}/visits`, {
        kind: 'teleport',
        visitedOn: '2026-13-01',
        summary: '',
      });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await count('chain_enterprise_visits')).toBe(before);
    });

    it('gives one visit for a retry with the same Idempotency-Key', async () => {
      const firm = await post(leader, 'chains/enterprises', { name: unique('淄博重试有限公司'), nodeIds: [nodeId] });
      const key = unique('visit-key');
      const body = { kind: 'online', visitedOn: '2026-10-01', summary: '视频回访' };
      const first = await post(commissioner, `chains/enterprises/${firm.body.id}/visits`, body, key);
      const again = await post(commissioner, `chains/enterprises/${firm.body.id}/visits`, body, key);
      expect([first.status, again.status]).toEqual([201, 201]);
      expect(again.body.id).toBe(first.body.id);
      expect(await count('chain_enterprise_visits WHERE enterprise_id = $1', [firm.body.id])).toBe(1);
    });
  });

  describe('a project reaching 运营投产', () => {
    it('joins the local enterprises on its node once, however often it moves there again', async () => {
      const company = unique('淄博投产新材料有限公司');
      const creditCode = makeCreditCode();
      const operating = await project(company, creditCode, 'operating');
      expect(operating.enterpriseId).toEqual(expect.any(String));
      expect(await count('chain_enterprises WHERE credit_code = $1', [creditCode])).toBe(1);
      const [firm] = await t.dataSource.query<Array<{ name: string }>>(`SELECT name FROM chain_enterprises WHERE id = $1`, [
        operating.enterpriseId,
      ]);
      expect(firm.name).toBe(company);
      expect(await count('chain_enterprise_nodes WHERE enterprise_id = $1 AND node_id = $2', [operating.enterpriseId, nodeId])).toBe(1);

      // back to 开工建设 and forward again: the same enterprise, no second one
      const back = await move(leader, operating, { to: 'building', note: '复核投产材料' });
      const again = await move(commissioner, back, { to: 'operating', operatingAt: '2027-06-01', actualInvestment: 42000 });
      expect(again.enterpriseId).toBe(operating.enterpriseId);
      expect(await count('chain_enterprises WHERE credit_code = $1', [creditCode])).toBe(1);
    });

    it('is matched to an enterprise of the same normalised name, and a lead with no node joins none', async () => {
      const name = unique('淄博名称匹配(山东)有限公司');
      const firm = await post(leader, 'chains/enterprises', { name, nodeIds: [nodeId] });
      const operating = await project(name.replace('(山东)', '（山东） '), null, 'operating');
      expect(operating.enterpriseId).toBe(firm.body.id);
      expect(await enterprisesNamed(name)).toBe(1);

      const loose = await post(promoter, 'leads', leadBody({ companyName: unique('淄博无环节有限公司'), industryCode: industry, teamId }));
      const done = await walk(loose.body, 'operating');
      expect(done.enterpriseId).toBeNull();
      expect(await enterprisesNamed(done.companyName as string)).toBe(0);
    });
  });

  describe('增资 (capital increase)', () => {
    it('is a new lead of the enterprise counting the increase only, never flagged as a re-signing, joining no second enterprise', async () => {
      const before = await totals();
      const creditCode = makeCreditCode();
      const company = unique('淄博增资电子有限公司');
      const original = await project(company, creditCode, 'operating');
      const enterpriseId = original.enterpriseId!;
      const after = await totals();
      expect(after).toEqual({ planned: before.planned + 50000, contract: before.contract + 60000, actual: before.actual + 42000 });

      const key = unique('expansion-key');
      const created = await post(promoter, `chains/enterprises/${enterpriseId}/expansion`, { increase: 8000, teamId }, key);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        companyName: company,
        creditCode,
        enterpriseId,
        investmentKind: 'increase',
        investmentKindLabel: '增资扩产',
        plannedInvestment: 8000,
        chainNodeId: nodeId,
        industryCode: industry,
        source: 'industry_chain',
        stage: 'lead',
      });
      const retried = await post(promoter, `chains/enterprises/${enterpriseId}/expansion`, { increase: 8000, teamId }, key);
      expect(retried.body.id).toBe(created.body.id);
      expect(await count(`leads WHERE enterprise_id = $1 AND investment_kind = 'increase'`, [enterpriseId])).toBe(1);
      expect((await reread(original)).investmentKind).toBe('new');

      // the pipeline holds the original project and the increase, once each
      expect(await totals()).toEqual({ planned: after.planned + 8000, contract: after.contract, actual: after.actual });
      const increase = await walk(created.body, 'signed', 8000);
      expect(increase.stage).toBe('signed');
      // signed for its increase: the contract sum grows by the increase alone
      expect(await totals()).toEqual({ planned: after.planned + 8000, contract: after.contract + 8000, actual: after.actual });

      // one company signed twice, but the second is its 增资: no 重复签约 flag on either
      expect((await reread(increase)).doubleSigning).toMatchObject({ flagged: false, otherLeads: [] });
      expect((await reread(original)).doubleSigning).toMatchObject({ flagged: false, otherLeads: [] });
      // while a second new project of the company is a re-signing (the flag still works)
      const resigned = await post(leader, 'leads', leadBody({ companyName: company, industryCode: industry, teamId }));
      expect(resigned.status).toBe(201);
      const resignedSigned = await walk(resigned.body, 'signed');
      expect((await reread(resignedSigned)).doubleSigning.flagged).toBe(true);
      expect((await reread(resignedSigned)).doubleSigning.otherLeads.map((l) => l.id)).toEqual([original.id]);

      // the increase reaching 运营投产 stays with its enterprise
      let moved = await move(commissioner, await reread(increase), { to: 'building', constructionStartedAt: '2026-11-20' });
      moved = await move(commissioner, moved, { to: 'operating', operatingAt: '2027-06-01', actualInvestment: 7000 });
      expect(moved.enterpriseId).toBe(enterpriseId);
      expect(await totals()).toMatchObject({ actual: after.actual + 7000 });
      expect(await count('chain_enterprises WHERE credit_code = $1', [creditCode])).toBe(1);
      expect(await enterprisesNamed(company)).toBe(1);
    });

    it('answers 404 for an unknown enterprise, 403 for a role or team it may not create in, and writes nothing', async () => {
      const firm = await post(leader, 'chains/enterprises', { name: unique('淄博越权增资有限公司'), nodeIds: [nodeId] });
      const leads = await count('leads');
      expect((await post(leader, 'chains/enterprises/00000000-0000-4000-8000-000000000000/expansion', { increase: 100 })).status).toBe(404);
      expect((await post(commissioner, `chains/enterprises/${firm.body.id}/expansion`, { increase: 100 })).status).toBe(403);
      expect((await post(carrierManager, `chains/enterprises/${firm.body.id}/expansion`, { increase: 100 })).status).toBe(403);
      const otherTeam = await post(otherPromoter, `chains/enterprises/${firm.body.id}/expansion`, { increase: 100, teamId });
      expect(otherTeam.status).toBe(403);
      expect((await post(leader, `chains/enterprises/${firm.body.id}/expansion`, { increase: -1 })).status).toBe(400);
      expect((await post(leader, `chains/enterprises/${firm.body.id}/expansion`, {})).status).toBe(400);
      expect(await count('leads')).toBe(leads);
    });
  });
});
