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
  status: string;
  stage: string;
  leadId: string | null;
  details: { fields?: Array<{ field: string }>; existingLeadId?: string; existingLeadCode?: string; field?: string };
  items: Array<{ industryCode: string; nodeCount: number; gapCount: number; weakCount: number }>;
  nodes: Array<{
    id: string;
    mark: string;
    markLabel: string;
    projectCount: number;
    projects: Array<{ id: string; counts: boolean }>;
    targets: Array<{ id: string; status: string }>;
    enterprises: Array<{ id: string }>;
  }>;
}

describe('产业链招商: chains', () => {
  let t: TestApp;
  let admin: TestUser;
  let leader: TestUser;
  let promoter: TestUser;
  let otherPromoter: TestUser;
  let otherCommissioner: TestUser;
  let carrierManager: TestUser;
  let teamId: string;
  // SP02 has no reference chain: this suite owns it
  const industry = 'SP02';
  let nodeId: string;

  const call = async (pending: PromiseLike<{ status: number; body: unknown }>) => {
    const response = await pending;
    return { status: response.status, body: response.body as Body };
  };
  const get = (user: TestUser, path: string) => call(t.http.get(`/api/v1/${path}`).set(auth(user)));
  const post = (user: TestUser, path: string, body: object = {}, key?: string) =>
    call(
      t.http
        .post(`/api/v1/${path}`)
        .set({ ...auth(user), ...(key ? { 'Idempotency-Key': key } : {}) })
        .send(body),
    );
  const patch = (user: TestUser, path: string, body: object) => call(t.http.patch(`/api/v1/${path}`).set(auth(user)).send(body));
  const count = async (sql: string, params: unknown[] = []) =>
    (await t.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n;
  const node = async (user: TestUser, id = nodeId) => (await get(user, `chains/${industry}`)).body.nodes.find((n) => n.id === id)!;
  const move = (user: TestUser, lead: Body, body: Record<string, unknown>) =>
    post(user, `leads/${lead.id}/transitions`, { version: lead.version, ...body });
  const target = async (overrides: Record<string, unknown> = {}, user = promoter) => {
    const created = await post(user, 'chains/targets', { nodeId, name: unique('润滑油添加剂有限公司'), city: '宁波', ...overrides });
    if (created.status !== 201) throw new Error(`target: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.createUser([Role.Admin]);
    leader = await t.createUser([Role.Leader]);
    teamId = await t.createTeam();
    const otherTeam = await t.createTeam();
    promoter = await t.createUser([Role.Promoter], teamId);
    otherPromoter = await t.createUser([Role.Promoter], otherTeam);
    otherCommissioner = await t.createUser([Role.Commissioner], otherTeam);
    carrierManager = await t.createUser([Role.CarrierManager]);
    const created = await post(leader, 'chains/nodes', { industryCode: industry, segment: 'upstream', name: '基础油', sortOrder: 1 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ industryCode: industry, segment: 'upstream', segmentLabel: '上游' });
    nodeId = created.body.id;
    expect((await patch(admin, `chains/${industry}`, { teamId })).status).toBe(200);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('reference data', () => {
    it('seeds the plan’s chains with their catalog codes, nodes in every segment', async () => {
      const list = await get(promoter, 'chains');
      expect(list.status).toBe(200);
      const codes = list.body.items.map((c) => c.industryCode);
      expect(codes).toEqual(expect.arrayContaining(['IT01', 'HC04', 'EM04', industry]));
      const view = await get(promoter, 'chains/IT01');
      expect(view.status).toBe(200);
      expect(new Set(view.body.nodes.map((n) => (n as unknown as { segment: string }).segment))).toEqual(
        new Set(['upstream', 'midstream', 'downstream']),
      );
      expect((await get(promoter, 'chains/XX99')).status).toBe(404);
    });
  });

  describe('gap marking as a project moves', () => {
    it('counts a project from 洽谈 on, not while lost; a local enterprise fills a node too', async () => {
      expect(await node(leader)).toMatchObject({ mark: 'gap', markLabel: '缺链', projectCount: 0 });
      const gapsBefore = (await get(leader, 'chains')).body.items.find((c) => c.industryCode === industry)!.gapCount;

      const tip = await target({ reason: '高端润滑油添加剂, 补本地基础油下游', tipSource: '行业协会' });
      const converted = await post(promoter, `chains/targets/${tip.id}/lead`);
      expect(converted.status).toBe(201);
      expect(converted.body).toMatchObject({
        source: 'industry_chain',
        chainNodeId: nodeId,
        teamId,
        stage: 'lead',
        industryCode: industry,
      });
      let lead = converted.body;

      // a bare 线索 is listed but does not fill the node
      let seen = await node(leader);
      expect(seen).toMatchObject({ mark: 'gap', projectCount: 0 });
      expect(seen.projects).toEqual([expect.objectContaining({ id: lead.id, counts: false })]);
      expect(seen.targets.find((x) => x.id === tip.id)).toMatchObject({ status: 'converted', leadId: lead.id });

      const negotiating = await move(promoter, lead, { to: 'negotiating' });
      expect(negotiating.status).toBe(200);
      lead = negotiating.body;
      seen = await node(leader);
      expect(seen).toMatchObject({ mark: 'weak', markLabel: '弱链', projectCount: 1 });
      expect(seen.projects).toEqual([expect.objectContaining({ id: lead.id, counts: true })]);
      expect((await get(leader, 'chains')).body.items.find((c) => c.industryCode === industry)!.gapCount).toBe(gapsBefore - 1);

      const lost = await move(promoter, lead, { to: 'lost', note: '选择外地', lostReason: 'chose_other_location', lostTo: '宁波' });
      expect(lost.status).toBe(200);
      seen = await node(leader);
      expect(seen).toMatchObject({ mark: 'gap', projectCount: 0, projects: [] });

      const firm = await post(leader, 'chains/enterprises', {
        name: unique('淄博本地润滑'),
        chainLeader: true,
        output: 12000,
        employees: 80,
        nodeIds: [nodeId],
      });
      expect(firm.status).toBe(201);
      expect((await node(leader)).mark).toBe('weak');
      const second = await post(admin, 'chains/enterprises', { name: unique('淄博二号润滑'), nodeIds: [nodeId] });
      expect(second.status).toBe(201);
      expect(await node(leader)).toMatchObject({ mark: 'strong', markLabel: '强链' });
      // a firm moved off the node frees it again
      const other = await post(leader, 'chains/nodes', { industryCode: industry, segment: 'downstream', name: '润滑油调和' });
      expect((await patch(leader, `chains/enterprises/${second.body.id}`, { nodeIds: [other.body.id] })).status).toBe(200);
      expect((await node(leader)).mark).toBe('weak');
    });
  });

  describe('turning a target into a lead', () => {
    it('gives the same lead for a retry with the same Idempotency-Key, and 409 for a converted target', async () => {
      const tip = await target();
      const key = unique('chain-key');
      const first = await post(promoter, `chains/targets/${tip.id}/lead`, {}, key);
      const again = await post(promoter, `chains/targets/${tip.id}/lead`, {}, key);
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body.id).toBe(first.body.id);
      expect(await count(`leads WHERE company_name = $1`, [tip.name])).toBe(1);
      const repeat = await post(promoter, `chains/targets/${tip.id}/lead`);
      expect(repeat.status).toBe(409);
      expect(await count(`leads WHERE company_name = $1`, [tip.name])).toBe(1);
    });

    it('refuses a company that has a live lead (normalised name or credit code) with 409 naming it, writing nothing', async () => {
      const company = unique('淄博润滑科技(山东)有限公司');
      const existing = await post(leader, 'leads', leadBody({ companyName: company, industryCode: industry }));
      expect(existing.status).toBe(201);
      const tip = await target({ name: company.replace('(山东)', '（山东） ') });
      const leadsBefore = await count('leads');
      const refused = await post(leader, `chains/targets/${tip.id}/lead`);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({
        statusCode: 409,
        code: 'CONFLICT',
        details: { field: 'companyName', existingLeadId: existing.body.id, existingLeadCode: existing.body.code },
      });
      expect(typeof refused.body.message).toBe('string');
      expect(await count('leads')).toBe(leadsBefore);
      expect(await count(`chain_targets WHERE id = $1 AND status = 'open' AND lead_id IS NULL`, [tip.id])).toBe(1);

      const creditCode = makeCreditCode();
      const coded = await post(leader, 'leads', leadBody({ companyName: unique('另名公司'), creditCode, industryCode: industry }));
      expect(coded.status).toBe(201);
      const codedTip = await target({ creditCode });
      const byCode = await post(leader, `chains/targets/${codedTip.id}/lead`);
      expect(byCode.status).toBe(409);
      expect(byCode.body).toMatchObject({ code: 'DUPLICATE_CREDIT_CODE', details: { existingLeadId: coded.body.id } });
      expect(await count('leads')).toBe(leadsBefore + 1);
    });
  });

  describe('access', () => {
    it('shows another team’s promoter and a commissioner the chain, not the other team’s projects', async () => {
      const tip = await target();
      const lead = (await post(promoter, `chains/targets/${tip.id}/lead`)).body;
      expect((await move(promoter, lead, { to: 'negotiating' })).status).toBe(200);
      const mine = await node(promoter);
      expect(mine.projects.map((p) => p.id)).toContain(lead.id);
      for (const outsider of [otherPromoter, otherCommissioner]) {
        const theirs = await node(outsider);
        expect(theirs.projectCount).toBe(mine.projectCount);
        expect(theirs.projects.map((p) => p.id)).not.toContain(lead.id);
      }
      expect((await get(otherPromoter, `leads/${lead.id}`)).status).toBe(404);
      expect((await get(carrierManager, 'chains')).status).toBe(403);
    });

    it('answers 403 to writes the role may not do, and writes nothing', async () => {
      const nodes = await count('chain_nodes');
      const targets = await count('chain_targets');
      const enterprises = await count('chain_enterprises');
      expect((await post(promoter, 'chains/nodes', { industryCode: industry, segment: 'midstream', name: '越权' })).status).toBe(403);
      expect((await patch(promoter, `chains/nodes/${nodeId}`, { name: '越权' })).status).toBe(403);
      expect((await post(promoter, 'chains/enterprises', { name: '越权企业', nodeIds: [nodeId] })).status).toBe(403);
      expect((await patch(promoter, `chains/${industry}`, { teamId: null })).status).toBe(403);
      const refused = await post(otherCommissioner, 'chains/targets', { nodeId, name: '越权目标' });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
      expect(await count('chain_nodes')).toBe(nodes);
      expect(await count('chain_targets')).toBe(targets);
      expect(await count('chain_enterprises')).toBe(enterprises);

      // the chain is team A's: another team's promoter may not put its lead in team A; a commissioner converts nothing
      const tip = await target();
      const leads = await count('leads');
      expect((await post(otherPromoter, `chains/targets/${tip.id}/lead`)).status).toBe(403);
      expect((await post(otherCommissioner, `chains/targets/${tip.id}/lead`)).status).toBe(403);
      expect(await count('leads')).toBe(leads);
      expect(await count(`chain_targets WHERE id = $1 AND status = 'open'`, [tip.id])).toBe(1);
      // a promoter edits the targets they added, not another's
      expect((await patch(otherPromoter, `chains/targets/${tip.id}`, { city: '杭州' })).status).toBe(403);
      const edited = await patch(promoter, `chains/targets/${tip.id}`, { city: '杭州' });
      expect(edited.status).toBe(200);
      expect(edited.body.city).toBe('杭州');
      expect((await post(leader, 'chains/targets/00000000-0000-4000-8000-000000000000/lead')).status).toBe(404);
    });
  });

  describe('input', () => {
    it('answers 400 in the error shape for bad input, naming the fields, and writes nothing', async () => {
      const nodes = await count('chain_nodes');
      const bad = await post(leader, 'chains/nodes', { industryCode: industry, segment: 'sideways', name: '', extra: 1 });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      const fields = (bad.body.details.fields ?? []).map((f) => f.field);
      expect(fields).toEqual(expect.arrayContaining(['segment', 'name']));
      const unknownIndustry = await post(leader, 'chains/nodes', { industryCode: 'ZZ99', segment: 'upstream', name: '无此产业' });
      expect(unknownIndustry.status).toBe(400);
      expect(unknownIndustry.body.details.fields).toEqual([expect.objectContaining({ field: 'industryCode' })]);
      expect(await count('chain_nodes')).toBe(nodes);

      const targets = await count('chain_targets');
      const badTarget = await post(promoter, 'chains/targets', { nodeId: 'nope', name: 'x', creditCode: '123' });
      expect(badTarget.status).toBe(400);
      expect((badTarget.body.details.fields ?? []).map((f) => f.field)).toEqual(expect.arrayContaining(['nodeId', 'creditCode']));
      const unknownNode = await post(promoter, 'chains/targets', { nodeId: '00000000-0000-4000-8000-000000000000', name: 'x' });
      expect(unknownNode.status).toBe(400);
      expect(await count('chain_targets')).toBe(targets);
      const cleared = await patch(leader, `chains/nodes/${nodeId}`, { name: null });
      expect(cleared.status).toBe(400);
      expect((await patch(leader, 'chains/enterprises/not-a-uuid', { name: 'x' })).status).toBe(400);
      expect((await post(leader, 'chains/enterprises', { name: '无环节', nodeIds: [] })).status).toBe(400);
    });
  });
});
