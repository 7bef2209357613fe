import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Page } from 'playwright-core';
import { auth, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { BrowserApp, demoPassword, describeInBrowser, inputOf, screenshot } from './support/browser-app';

/**
 * Issue 21, 产业链 in the console: on the demo bureau in headless Chromium, a chain page shows each node of GET
 * /chains/:industryCode in its segment's column with its mark in words (缺链/弱链/强链); a promoter turns a gap node's
 * target into a lead (POST /chains/targets/:id/lead with an Idempotency-Key), opens it and finds it in the lead list;
 * a second target of the same company is refused with the message naming the existing lead; the cockpit's 补链 card
 * shows each chain's gap count and opens its chain page.
 */

interface GapTarget {
  id: string;
  name: string;
  status: string;
  leadId: string | null;
}
interface GapNode {
  id: string;
  code: string;
  name: string;
  segment: string;
  segmentLabel: string;
  mark: string;
  markLabel: string;
  targets: GapTarget[];
}
interface GapView {
  industryCode: string;
  industryName: string;
  gapCount: number;
  nodes: GapNode[];
}
interface ChainSummary {
  industryCode: string;
  industryName: string;
  gapCount: number;
}
interface LeadDetail {
  id: string;
  code: string;
  companyName: string;
  source: string;
  chainNodeId: string | null;
}

const CHAIN = 'IT01';
const PROMOTER = 'wanglei';
const LEADER = 'zhangjianguo';

describeInBrowser('产业链 in the console (issue 21)', () => {
  let app: BrowserApp;
  let t: TestApp;
  let base: string;
  let promoterToken: string;

  const gapView = async (code = CHAIN) => {
    const response = await t.http.get(`/api/v1/chains/${code}`).set(auth({ token: promoterToken }));
    expect(response.status).toBe(200);
    return response.body as GapView;
  };
  /** The first gap node with an open target, and that target. */
  const openGapTarget = (view: GapView) => {
    const node = view.nodes.find((n) => n.mark === 'gap' && n.targets.some((target) => target.status === 'open'));
    expect(node).toBeDefined();
    return { node: node!, target: node!.targets.find((target) => target.status === 'open')! };
  };
  const targetRow = (page: Page, targetId: string) =>
    page.locator('[data-test=node-targets] tr', { has: page.locator(`[data-test=target-${targetId}]`) });
  const openChain = async (page: Page, nodeCode: string) => {
    await page.goto(`${base}/chains/${CHAIN}`);
    await page.locator(`[data-test=chain-node-${nodeCode}]`).click();
    await page.locator('[data-test=chain-node-detail]').waitFor();
  };

  beforeAll(async () => {
    app = await BrowserApp.start({ name: 'browser-chains' });
    ({ t, base } = app);
    promoterToken = await t.login(PROMOTER, demoPassword(PROMOTER));
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('shows each node in its segment’s column, a gap node marked 缺链 in words, from the 产业链 menu', async () => {
    const view = await gapView();
    const { node } = openGapTarget(view);
    const page = await app.loggedIn(PROMOTER);
    await page.locator('[data-test=menu-chains]').first().click();
    await page.waitForURL('**/chains');
    await page.locator(`[data-test=chain-${CHAIN}]`).click();
    await page.waitForURL(`**/chains/${CHAIN}`);
    await page.locator('[data-test=chain-segments]').waitFor();

    const gapCard = page.locator(`[data-test=chain-node-${node.code}]`);
    expect(await gapCard.getAttribute('data-mark')).toBe('gap');
    expect(await gapCard.locator('[data-test=node-mark]').innerText()).toBe('缺链');
    // every node: in the column of its segment, with the mark the API gives it
    for (const n of view.nodes) {
      const card = page.locator(`[data-test=segment-${n.segment}] [data-test=chain-node-${n.code}]`);
      expect(await card.count()).toBe(1);
      expect(await card.innerText()).toContain(n.name);
      expect(await card.locator('[data-test=node-mark]').innerText()).toBe(n.markLabel);
    }
    const headings = await page.locator('[data-test=chain-segments] .segment-title').allInnerTexts();
    expect(headings).toEqual([...new Set(view.nodes.map((n) => n.segmentLabel))]);
    expect(await page.locator('[data-test=chain-summary]').innerText()).toContain(`缺链 ${view.gapCount} 个`);
    await screenshot(page, 'chain.png', { fullPage: true });
  }, 90_000);

  it('a promoter turns a gap node’s target into a lead, opens it, and finds it in the lead list', async () => {
    const { node, target } = openGapTarget(await gapView());
    const page = await app.loggedIn(PROMOTER);
    await openChain(page, node.code);

    const posted = page.waitForRequest(
      (request) => request.method() === 'POST' && request.url().endsWith(`/chains/targets/${target.id}/lead`),
    );
    await targetRow(page, target.id).locator('[data-test=convert-target]').click();
    expect((await posted).headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    const message = page.locator('[data-test=convert-message]');
    await waitFor(
      () => message.innerText().catch(() => ''),
      (text) => text.includes('已转为线索'),
      15_000,
    );

    const after = await gapView();
    const converted = after.nodes.find((n) => n.id === node.id)!.targets.find((x) => x.id === target.id)!;
    expect(converted.status).toBe('converted');
    const lead = (
      await t.http
        .get(`/api/v1/leads/${converted.leadId}`)
        .set(auth({ token: promoterToken }))
        .expect(200)
    ).body as LeadDetail;
    expect(lead).toMatchObject({ companyName: target.name, source: 'industry_chain', chainNodeId: node.id });
    expect(await message.innerText()).toContain(lead.code);
    // the target's row now links its lead instead of offering 转为线索
    expect(await targetRow(page, target.id).locator('[data-test=convert-target]').count()).toBe(0);
    expect(await targetRow(page, target.id).locator('[data-test=target-lead]').count()).toBe(1);

    await screenshot(page, 'chain-node.png', { fullPage: true });

    // to the new lead: its page names the node (产业链环节) and links back to the chain
    await page.locator('[data-test=convert-lead-link]').click();
    await page.waitForURL(`**/leads/${lead.id}`);
    await page.locator('[data-test=lead-name]').waitFor();
    const nodeLink = page.locator('[data-test=lead-chain-node]');
    await waitFor(
      () => nodeLink.innerText().catch(() => ''),
      (text) => text.includes(node.name),
      10_000,
    );
    expect(await nodeLink.innerText()).toBe(`${node.segmentLabel} · ${node.name}`);

    // and in the lead list, searched by the company's name
    await page.locator('[data-test=menu-leads]').first().click();
    await page.waitForURL('**/leads');
    await inputOf(page, 'filter-q').fill(target.name);
    await page.waitForURL(/q=/);
    const rows = page.locator('[data-test=leads-table] tbody tr');
    const shown = await waitFor(
      () => rows.allInnerTexts(),
      (texts) => texts.length === 1 && texts[0].includes(lead.code),
      15_000,
    );
    expect(shown[0]).toContain(lead.code);
  }, 120_000);

  it('a second target of a company with a live lead is refused: the 409’s message names the existing lead, linked', async () => {
    const view = await gapView();
    const converted = view.nodes.flatMap((n) => n.targets.map((target) => ({ node: n, target }))).find(({ target }) => target.leadId)!;
    expect(converted).toBeDefined();
    const lead = (
      await t.http
        .get(`/api/v1/leads/${converted.target.leadId}`)
        .set(auth({ token: promoterToken }))
        .expect(200)
    ).body as LeadDetail;
    const again = await t.http
      .post('/api/v1/chains/targets')
      .set(auth({ token: promoterToken }))
      .set('idempotency-key', '5d0c7c1e-21a0-4d1e-9a51-2f3c0b6a7e21')
      .send({ nodeId: converted.node.id, name: converted.target.name, city: '苏州', reason: '另一条线索来源' })
      .expect(201);
    const duplicateId = (again.body as { id: string }).id;

    const page = await app.loggedIn(PROMOTER);
    await openChain(page, converted.node.code);
    await targetRow(page, duplicateId).locator('[data-test=convert-target]').click();
    const message = page.locator('[data-test=convert-message]');
    const text = await waitFor(
      () => message.innerText().catch(() => ''),
      (shown) => shown.includes(lead.code),
      15_000,
    );
    expect(text).toContain('已有在库项目');
    expect(await page.locator('[data-test=convert-lead-link]').getAttribute('href')).toBe(`/leads/${lead.id}`);
    // nothing written on refusal: the target is still open
    const still = (await gapView()).nodes.find((n) => n.id === converted.node.id)!.targets.find((x) => x.id === duplicateId)!;
    expect(still.status).toBe('open');
  }, 90_000);

  it('the cockpit’s 补链 card shows each chain’s gap count and opens its chain page', async () => {
    const leaderToken = await t.login(LEADER, demoPassword(LEADER));
    const chains = (
      (
        await t.http
          .get('/api/v1/chains')
          .set(auth({ token: leaderToken }))
          .expect(200)
      ).body as { items: ChainSummary[] }
    ).items;
    const page = await app.loggedIn(LEADER);
    await page.waitForURL('**/cockpit');
    await page.locator('[data-test=chain-gaps]').waitFor();
    for (const chain of chains)
      expect(await page.locator(`[data-test=chain-gaps-${chain.industryCode}] [data-test=chain-gap-count]`).innerText()).toBe(
        String(chain.gapCount),
      );
    await page.locator(`[data-test=chain-gaps-${CHAIN}]`).click();
    await page.waitForURL(`**/chains/${CHAIN}`);
    const name = chains.find((c) => c.industryCode === CHAIN)!.industryName;
    await waitFor(
      () => page.locator('[data-test=chain-name]').innerText(),
      (text) => text.includes(name),
      10_000,
    );
  }, 60_000);

  it('raised no page error', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
