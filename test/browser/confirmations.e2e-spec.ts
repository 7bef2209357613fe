import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Page } from 'playwright-core';
import { leadBody } from '../support/factories';
import { auth, TestApp, unique } from '../support/test-app';
import { waitFor } from '../support/wait';
import { BrowserApp, demoPassword, describeInBrowser, screenshot } from './support/browser-app';

/**
 * Issue 20, 审核确认 in the console: on the demo bureau in headless Chromium, moves into 签约 made through the API wait in
 * the leaders' queue; a leader confirms one there with its evidence and returns another with a reason, the API then
 * answers the same, and the cockpit's 已确认 / 待确认 figures move with it. A promoter has no queue.
 */

interface StageSplit {
  stage: string;
  count: number;
  confirmed: { count: number } | null;
  awaiting: { count: number } | null;
}
interface QueueItem {
  leadId: string;
  stage: string;
  rejectedReason: string | null;
}
interface TargetFigure {
  confirmed: number;
  awaiting: number;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const CONTRACT = 4321;

/** An amount in 万元 as the console writes it (web/src/format.js money). */
const money = (n: number) =>
  Math.abs(n) >= 10000
    ? `${(n / 10000).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 亿元`
    : `${n.toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 万元`;
/** YYYY-MM-DD in the district, `days` from today. */
const districtDay = (days = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + days * 86_400_000));

describeInBrowser('审核确认 in the console: the leaders’ queue and the cockpit’s confirmed figures (issue 20)', () => {
  let app: BrowserApp;
  let t: TestApp;
  let base: string;
  let leaderToken: string;
  let promoterToken: string;
  let toConfirm: { id: string; code: string };
  let toReturn: { id: string; code: string };

  const get = async <T>(path: string, token = leaderToken): Promise<{ status: number; body: T }> => {
    const response = await t.http.get(`/api/v1${path}`).set(auth({ token }));
    return { status: response.status, body: response.body as T };
  };
  const send = async (method: 'post' | 'put', path: string, body: object, token: string) => {
    const response = await t.http[method](`/api/v1${path}`).set(auth({ token })).send(body);
    expect({ path, status: response.status }).toEqual({ path, status: method === 'post' && !path.endsWith('transitions') ? 201 : 200 });
    return response.body as { id: string; code: string; version: number };
  };

  /** A promoter's new lead, moved to 洽谈, given a commissioner by the leader and signed today: awaiting confirmation. */
  async function signedThroughTheApi(): Promise<{ id: string; code: string }> {
    const created = await send(
      'post',
      '/leads',
      leadBody({ name: unique('浏览器审核项目'), companyName: `${unique('淄博审核')}有限公司` }),
      promoterToken,
    );
    const negotiating = await send(
      'post',
      `/leads/${created.id}/transitions`,
      { to: 'negotiating', version: created.version },
      promoterToken,
    );
    const [{ id: commissionerId }] = await t.dataSource.query<Array<{ id: string }>>(`SELECT id FROM users WHERE username = 'sunli'`);
    const assigned = await send('put', `/leads/${created.id}/commissioner`, { commissionerId, version: negotiating.version }, leaderToken);
    await send(
      'post',
      `/leads/${created.id}/transitions`,
      {
        to: 'signed',
        version: assigned.version,
        signedAt: districtDay(),
        contractInvestment: CONTRACT,
        agreedStartDate: districtDay(60),
        agreedOperatingDate: districtDay(400),
      },
      promoterToken,
    );
    return { id: created.id, code: created.code };
  }

  const signedSplit = async () => {
    const pipeline = await get<{ stages: StageSplit[] }>('/dashboard/pipeline');
    return pipeline.body.stages.find((s) => s.stage === 'signed')!;
  };
  const signedTarget = async () => (await get<{ investmentSigned: TargetFigure }>('/dashboard/targets')).body.investmentSigned;
  const stateOf = async (id: string, stage: string) =>
    (await get<{ stages: Array<{ stage: string; state: string }> }>(`/leads/${id}/confirmations`)).body.stages.find(
      (s) => s.stage === stage,
    )?.state;

  /** The cockpit's 签约 split in the funnel and the 签约投资额 split under the targets, as they read. */
  async function cockpitSplits(page: Page): Promise<{ funnel: string; target: string }> {
    await page.goto(`${base}/cockpit`);
    const funnel = page.locator('[data-test=confirm-split-signed]');
    const target = page.locator('[data-test=target-split-investmentSigned]');
    await funnel.waitFor();
    await target.waitFor();
    return { funnel: (await funnel.innerText()).trim(), target: (await target.innerText()).trim() };
  }
  const expectedSplits = async () => {
    const split = await signedSplit();
    const target = await signedTarget();
    return {
      funnel: `已确认 ${split.confirmed!.count} · 待确认 ${split.awaiting!.count}`,
      target: `已确认 ${money(target.confirmed)} · 待确认 ${money(target.awaiting)}`,
    };
  };

  beforeAll(async () => {
    app = await BrowserApp.start({ name: 'browser-confirmations' });
    ({ t, base } = app);
    leaderToken = await t.login('zhangjianguo', demoPassword('zhangjianguo'));
    promoterToken = await t.login('wanglei', demoPassword('wanglei'));
    toConfirm = await signedThroughTheApi();
    toReturn = await signedThroughTheApi();
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('a leader sees a move into 签约 in the queue, confirms it with evidence there; the API shows it confirmed and the cockpit’s 已确认 / 待确认 move', async () => {
    const pending = await get<{ items: QueueItem[] }>('/confirmations?status=pending');
    expect(pending.body.items).toContainEqual(expect.objectContaining({ leadId: toConfirm.id, stage: 'signed' }));
    expect(await stateOf(toConfirm.id, 'signed')).toBe('awaiting');

    const page = await app.loggedIn('zhangjianguo');
    await page.waitForURL('**/cockpit');
    const before = await cockpitSplits(page);
    expect(before).toEqual(await expectedSplits());
    const splitBefore = await signedSplit();
    const targetBefore = await signedTarget();

    // the queue, from the sidebar: one row per pending move, the new one among them
    await page.locator('[data-test=menu-confirmations]').first().click();
    await page.waitForURL('**/confirmations');
    const rows = page.locator('[data-test=queue-table] tbody tr.el-table__row');
    const row = rows.filter({ hasText: toConfirm.code });
    await row.waitFor();
    expect(await rows.count()).toBe(pending.body.items.length);
    expect(await row.innerText()).toContain('签约');
    expect(await row.innerText()).toContain(money(CONTRACT));

    // 上传佐证并确认: the file goes up and the move is confirmed; the row leaves the queue
    await page.locator(`[data-test=queue-confirm-${toConfirm.code}-signed]`).setInputFiles({
      name: '投资协议.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await page.locator('.el-message--success', { hasText: `${toConfirm.code} 签约 已确认` }).waitFor();
    await row.waitFor({ state: 'detached' });
    await screenshot(page, 'confirmations-queue.png');

    // the API: confirmed, with the evidence uploaded in the page, and out of the queue
    expect(await stateOf(toConfirm.id, 'signed')).toBe('confirmed');
    const history = await get<{ items: Array<{ stage: string; status: string; evidence: Array<{ fileName: string }> }> }>(
      `/leads/${toConfirm.id}/confirmations`,
    );
    expect(history.body.items[0]).toMatchObject({
      stage: 'signed',
      status: 'confirmed',
      evidence: [expect.objectContaining({ fileName: '投资协议.pdf' })],
    });
    const after = await get<{ items: QueueItem[] }>('/confirmations?status=pending');
    expect(after.body.items.map((i) => i.leadId)).not.toContain(toConfirm.id);
    expect(await rows.count()).toBe(after.body.items.length);

    // the cockpit: one more 已确认 and one fewer 待确认 among the signed, the contract amount moved over
    const splitAfter = await signedSplit();
    expect({ confirmed: splitAfter.confirmed!.count, awaiting: splitAfter.awaiting!.count }).toEqual({
      confirmed: splitBefore.confirmed!.count + 1,
      awaiting: splitBefore.awaiting!.count - 1,
    });
    const targetAfter = await signedTarget();
    expect(targetAfter.confirmed - targetBefore.confirmed).toBeCloseTo(CONTRACT);
    const shown = await cockpitSplits(page);
    expect(shown).toEqual(await expectedSplits());
    expect(shown).not.toEqual(before);
  }, 90_000);

  it('a leader returns a move with a reason: it stays awaiting, listed under 已退回 with the reason, as the API says', async () => {
    const page = await app.loggedIn('zhangjianguo');
    await page.goto(`${base}/confirmations`);
    const row = page.locator('[data-test=queue-table] tbody tr.el-table__row', { hasText: toReturn.code });
    await row.waitFor();
    await page.locator(`[data-test=queue-reject-${toReturn.code}-signed]`).click();
    const prompt = page.locator('.el-message-box:visible');
    await prompt.locator('input').fill('合同金额与台账不符');
    await prompt.getByRole('button', { name: /确定|OK/ }).click();
    await page.locator('.el-message--success', { hasText: '已退回' }).waitFor();

    const rejected = await get<{ items: QueueItem[] }>('/confirmations?status=rejected');
    expect(rejected.body.items).toContainEqual(
      expect.objectContaining({ leadId: toReturn.id, stage: 'signed', rejectedReason: '合同金额与台账不符' }),
    );
    expect(await stateOf(toReturn.id, 'signed')).toBe('awaiting');

    await page.locator('[data-test=confirmations-queue] .el-radio-button', { hasText: '已退回' }).click();
    const returned = page.locator('[data-test=queue-table] tbody tr.el-table__row', { hasText: toReturn.code });
    await returned.waitFor();
    expect(await returned.innerText()).toContain('合同金额与台账不符');
    await waitFor(
      () => page.locator('[data-test=queue-table] tbody tr.el-table__row').count(),
      (count) => count === rejected.body.items.length,
      10_000,
    );
  }, 60_000);

  it('an admin reads the queue but has no confirm or return buttons (confirming is a leader’s act: the API answers 403)', async () => {
    const adminToken = await t.login('admin', demoPassword('admin'));
    const refused = await t.http
      .post(`/api/v1/leads/${toReturn.id}/confirmations`)
      .set(auth({ token: adminToken }))
      .send({ stage: 'signed', decision: 'reject', reason: '管理员不可审核' });
    expect(refused.status).toBe(403);
    const page = await app.loggedIn('admin');
    await page.goto(`${base}/confirmations`);
    await page.locator('[data-test=confirmations-queue] .el-radio-button', { hasText: '已退回' }).click();
    await page.locator('[data-test=queue-table] tbody tr.el-table__row', { hasText: toReturn.code }).waitFor();
    expect(await page.locator(`[data-test=queue-reject-${toReturn.code}-signed]`).count()).toBe(0);
    expect(await page.locator(`[data-test=queue-confirm-${toReturn.code}-signed]`).count()).toBe(0);
    expect(await stateOf(toReturn.id, 'signed')).toBe('awaiting');
  }, 60_000);

  it('a promoter has no queue: no menu entry, /confirmations leads home, and the API answers 403', async () => {
    expect((await get('/confirmations?status=pending', promoterToken)).status).toBe(403);
    const page = await app.loggedIn('wanglei');
    await page.locator('[data-test=menu-leads]').first().waitFor();
    expect(await page.locator('[data-test=menu-confirmations]').count()).toBe(0);
    await page.goto(`${base}/confirmations`);
    await page.waitForURL((url) => url.pathname !== '/confirmations');
    await page.locator('[data-test=menu-leads]').first().waitFor();
    expect(await page.locator('[data-test=confirmations-queue]').count()).toBe(0);
  }, 60_000);

  it('raised no page error', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
