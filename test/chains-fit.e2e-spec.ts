import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CRITERION_MAX } from '../src/modules/assessments/assessment.calculator';
import { Role } from '../src/modules/users/role.enum';
import { leadBody } from './support/factories';
import { auth, TestApp, TestUser, unique } from './support/test-app';

/** The parts of an answer these tests read (supertest types bodies as any). */
interface Body {
  [key: string]: unknown;
  id: string;
  version: number;
  chainNode: { id: string; name: string; segment: string; segmentLabel: string; industryCode: string } | null;
  suggested: { industryFit: number | null; basis: { chainNode: { id: string; name: string; mark: string; markLabel: string } | null } };
  items: Array<Record<string, unknown>>;
  nodes: Array<{ id: string; mark: string }>;
}

const scores = { industryFit: 25, investmentIntensity: 20, taxPerMu: 15, technology: 12, energyEnvironment: 8 };

describe('产业链招商: the chain node on the lead page and in the 事前评估', () => {
  let t: TestApp;
  let leader: TestUser;
  let promoter: TestUser;
  // SP03 has no reference chain and no other suite's nodes: this suite owns it
  const industry = 'SP03';
  let nodeId: string;
  const nodeName = '功能性食品配料';

  const call = async (pending: PromiseLike<{ status: number; body: unknown }>) => {
    const response = await pending;
    return { status: response.status, body: response.body as Body };
  };
  const get = (user: TestUser, path: string) => call(t.http.get(`/api/v1/${path}`).set(auth(user)));
  const post = (user: TestUser, path: string, body: object = {}) => call(t.http.post(`/api/v1/${path}`).set(auth(user)).send(body));
  const mark = async () => (await get(leader, `chains/${industry}`)).body.nodes.find((n) => n.id === nodeId)!.mark;
  const assess = async (leadId: string) => {
    const assessed = await post(promoter, `leads/${leadId}/assessment`, { scores, vetoes: [] });
    expect(assessed.status).toBe(201);
    return assessed.body.suggested;
  };
  const addEnterprise = async () =>
    expect((await post(leader, 'chains/enterprises', { name: unique('淄博本地配料'), nodeIds: [nodeId] })).status).toBe(201);

  beforeAll(async () => {
    t = await TestApp.start();
    leader = await t.createUser([Role.Leader]);
    const teamId = await t.createTeam();
    promoter = await t.createUser([Role.Promoter], teamId);
    const created = await post(leader, 'chains/nodes', { industryCode: industry, segment: 'midstream', name: nodeName });
    expect(created.status).toBe(201);
    nodeId = created.body.id;
  });

  afterAll(async () => {
    await t.close();
  });

  it('shows a converted lead’s node on its page, and suggests industry fit by the node’s mark: gap full, weak less, strong least', async () => {
    const tip = await post(promoter, 'chains/targets', { nodeId, name: unique('浙江配料科技有限公司'), city: '杭州' });
    expect(tip.status).toBe(201);
    const converted = await post(promoter, `chains/targets/${tip.body.id}/lead`);
    expect(converted.status).toBe(201);
    const node = { id: nodeId, name: nodeName, segment: 'midstream', segmentLabel: '中游', industryCode: industry };
    expect(converted.body.chainNode).toEqual(node);
    const page = await get(promoter, `leads/${converted.body.id}`);
    expect(page.status).toBe(200);
    expect(page.body.chainNode).toEqual(node);

    // in talks, the project fills its node in the gap view, but is judged against the node as it found it: a gap
    const negotiating = await post(promoter, `leads/${converted.body.id}/transitions`, { version: page.body.version, to: 'negotiating' });
    expect(negotiating.status).toBe(200);
    expect(await mark()).toBe('weak');
    expect(await assess(converted.body.id)).toMatchObject({
      industryFit: CRITERION_MAX.industryFit,
      basis: { chainNode: { id: nodeId, name: nodeName, mark: 'gap', markLabel: '缺链' } },
    });

    // a local enterprise on the node: weak; a second one: strong, and each later assessment suggests less
    await addEnterprise();
    const weak = await assess(converted.body.id);
    expect(weak.basis.chainNode).toMatchObject({ mark: 'weak', markLabel: '弱链' });
    await addEnterprise();
    expect(await mark()).toBe('strong');
    const strong = await assess(converted.body.id);
    expect(strong.basis.chainNode).toMatchObject({ mark: 'strong', markLabel: '强链' });
    expect(weak.industryFit).toBeLessThan(CRITERION_MAX.industryFit);
    expect(strong.industryFit).toBeLessThan(weak.industryFit!);
    expect(strong.industryFit).toBeGreaterThanOrEqual(0);

    // the stored suggestions keep the mark each assessment was made with
    const history = await get(promoter, `leads/${converted.body.id}/assessments`);
    expect(history.body.items.map((a) => (a.suggested as Body['suggested']).basis.chainNode?.mark)).toEqual(['strong', 'weak', 'gap']);
  });

  it('suggests no industry fit for a lead on no node, whose page shows no node; the list does not carry the node', async () => {
    const plain = await post(promoter, 'leads', leadBody({ industryCode: industry }));
    expect(plain.status).toBe(201);
    expect(plain.body.chainNode).toBeNull();
    expect((await get(promoter, `leads/${plain.body.id}`)).body.chainNode).toBeNull();
    expect(await assess(plain.body.id)).toMatchObject({ industryFit: null, basis: { chainNode: null } });
    const list = await get(promoter, 'leads?limit=5');
    expect(list.status).toBe(200);
    expect(list.body.items.every((item) => !('chainNode' in item))).toBe(true);
  });
});
