import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Page } from 'playwright-core';
import { DEMO_LEADS } from '../../src/demo/demo-data';
import { Role } from '../../src/modules/users/role.enum';
import { auth, TestApp, TestUser } from '../support/test-app';
import { waitFor } from '../support/wait';
import { BrowserApp, demoPassword, describeInBrowser, inputOf, screenshot } from './support/browser-app';

/**
 * Issue 8 acceptance: the web console in headless Chromium (harness: ./support/browser-app.ts), on the demo bureau.
 */

const STAGES = ['lead', 'negotiating', 'signed', 'building', 'operating'] as const;

/** A calendar date `days` from today in the district (Asia/Shanghai), YYYY-MM-DD. */
function districtDate(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + days * 86_400_000));
}

describeInBrowser('Web console in a browser (issue 8)', () => {
  let app: BrowserApp;
  let t: TestApp;
  let base: string;
  let leader: TestUser;
  /** The lead the promoter creates; the commissioner then logs a follow-up on it. */
  const created: { id?: string; code?: string } = {};

  const userId = async (username: string): Promise<string> =>
    (await t.dataSource.query<Array<{ id: string }>>('SELECT id FROM users WHERE username = $1', [username]))[0].id;

  /** Picks a path in an Element Plus cascader by the labels of its levels. */
  async function pickCascader(page: Page, testId: string, labels: string[]): Promise<void> {
    await page.locator(`[data-test=${testId}]`).click();
    for (const label of labels) {
      await page.locator('.el-cascader-panel:visible .el-cascader-node', { hasText: label }).first().click();
    }
    await page.keyboard.press('Escape');
  }

  async function fillDate(page: Page, testId: string, value: string): Promise<void> {
    const input = inputOf(page, testId);
    await input.click();
    await input.fill(value);
    await input.press('Enter');
  }

  beforeAll(async () => {
    app = await BrowserApp.start({ name: 'browser' });
    ({ t, base } = app);
    leader = {
      id: await userId('zhangjianguo'),
      username: 'zhangjianguo',
      password: demoPassword('zhangjianguo'),
      token: await t.login('zhangjianguo', demoPassword('zhangjianguo')),
      teamId: null,
    };
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('serves the console at / with a fallback to index.html, and leaves API 404s alone', async () => {
    const page = await t.http.get('/leads/some-page').expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('<div id="app">');
    const api = await t.http.get('/api/v1/no-such-endpoint').expect(404);
    expect(api.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('a leader logs in, sees the cockpit with the funnel counts of the known data set, and an expired session returns to login', async () => {
    const expected = Object.fromEntries(
      STAGES.map((stage) => [stage, DEMO_LEADS.filter((lead) => lead.stage === stage && lead.status !== 'lost').length]),
    );
    const page = await app.loggedIn('zhangjianguo');
    await page.waitForURL('**/cockpit');
    for (const stage of STAGES) {
      await page.locator(`[data-test=stage-count-${stage}]`).waitFor();
      await waitFor(
        () => page.locator(`[data-test=stage-count-${stage}]`).innerText(),
        (text) => Number(text) === expected[stage],
        15_000,
      );
    }
    expect(await page.locator('[data-test=kpi-total]').innerText()).toContain(String(Object.values(expected).reduce((a, b) => a + b, 0)));
    await page.locator('[data-test=funnel-lead]').waitFor();
    await page.locator('[data-test=lost-chart] canvas').first().waitFor();
    // Red warnings are listed in red; the leader's menus include the cockpit.
    await page.locator('[data-test=warnings-red] .el-tag--danger').first().waitFor();
    expect(await page.locator('[data-test=menu-cockpit]').count()).toBe(1);
    await screenshot(page, 'cockpit.png', { height: 2150 });

    // An expired or revoked token: the next API call answers 401 and the console returns to login, saying so.
    await page.context().addCookies([{ name: 'zscrm_session', value: 'expired.token.value', url: base }]);
    await page.locator('[data-test=menu-leads]').click();
    await page.locator('[data-test=session-expired]').waitFor();
    expect(await page.locator('[data-test=session-expired]').innerText()).toContain('会话已过期');
  }, 120_000);

  it('keeps the session token out of script reach, and 退出 ends it on the server (issue 13)', async () => {
    const page = await app.loggedIn('chenjing');
    const cookie = (await page.context().cookies()).find((c) => c.name === 'zscrm_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const token = cookie?.value ?? '';
    // Neither localStorage nor document.cookie holds the token; the page keeps at most the profile.
    const visible = String(await page.evaluate('JSON.stringify(Object.entries(localStorage)) + document.cookie'));
    expect(token.length).toBeGreaterThan(20);
    expect(visible).not.toContain(token);
    expect(visible).not.toMatch(/eyJ[\w-]+\.eyJ/);

    await page.locator('[data-test=user-menu]').click();
    await page.locator('[data-test=logout]').click();
    await page.waitForURL('**/login?loggedOut=1');
    expect((await page.context().cookies()).some((c) => c.name === 'zscrm_session' && c.value)).toBe(false);
    // the token the browser held is ended on the server, not only forgotten by the page
    expect((await t.http.get('/api/v1/auth/me').set({ Authorization: `Bearer ${token}` })).status).toBe(401);
  }, 60_000);

  it('a promoter creates a lead with the API’s validation in Chinese, meets a gate’s refusal, then moves the lead forward', async () => {
    const page = await app.loggedIn('wanglei');
    // Promoters have no cockpit menu.
    expect(await page.locator('[data-test=menu-cockpit]').count()).toBe(0);
    await page.locator('[data-test=menu-leads-new]').click();
    await page.waitForURL('**/leads/new');

    await inputOf(page, 'field-name').fill('浏览器测试·智能传感器产业化项目');
    await inputOf(page, 'field-companyName').fill('淄博测试传感科技有限公司');
    await pickCascader(page, 'field-industryCode', ['新一代信息技术', '人工智能']);
    await page.locator('[data-test=field-source]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '产业链招商' }).click();
    await inputOf(page, 'field-plannedInvestment').fill('32000');
    // A credit code with a wrong check character is refused in Chinese before anything is sent.
    await inputOf(page, 'field-creditCode').fill('91370303MA3C5XXX10');
    await page.locator('[data-test=lead-save]').click();
    await page.locator('.el-form-item__error', { hasText: '统一社会信用代码无效' }).waitFor();
    await inputOf(page, 'field-creditCode').fill('');
    await page.locator('[data-test=lead-save]').click();

    await page.waitForURL(/\/leads\/[0-9a-f-]{36}$/);
    created.id = page.url().split('/').pop();
    await page.locator('[data-test=lead-stage]', { hasText: '线索' }).waitFor();
    created.code = (await page.locator('.code').first().innerText()).trim().slice(0, 12);

    // 线索 → 洽谈: the owner is known (the promoter), so the gate passes.
    await page.locator('[data-test=advance]').click();
    await page.locator('[data-test=lead-stage]', { hasText: '洽谈' }).waitFor();

    // 洽谈 → 签约 with nothing filled in: the API answers 422 and the missing fields are marked.
    await page.locator('[data-test=next-transition]', { hasText: '签约' }).waitFor();
    await page.locator('[data-test=advance]').click();
    const refusal = page.locator('[data-test=gate-error]');
    await refusal.waitFor();
    const text = await refusal.innerText();
    for (const label of ['签约日期', '合同投资额', '约定开工日期', '约定投产日期', '护商专员']) expect(text).toContain(label);
    for (const field of ['signedAt', 'contractInvestment', 'agreedStartDate', 'agreedOperatingDate']) {
      expect(await page.locator(`[data-test=gate-input-${field}]`).getAttribute('class')).toContain('field-missing');
    }
    expect(await page.locator('[data-test=gate-commissionerId]').getAttribute('class')).toContain('field-missing');
    expect(await page.locator('[data-test=lead-stage]').innerText()).toBe('洽谈');
    await screenshot(page, 'lead.png', { height: 1250 });

    // A leader assigns a commissioner (孙丽); the promoter reloads, fills the gate data and signs.
    const assigned = await t.http
      .put(`/api/v1/leads/${created.id}/commissioner`)
      .set(auth(leader))
      .send({ commissionerId: await userId('sunli'), note: '重点跟踪' });
    expect(assigned.status).toBe(200);
    await page.reload();
    await page.locator('[data-test=gate-commissionerId]', { hasText: '孙丽' }).waitFor();
    const signedAt = districtDate(-3);
    const agreedStartDate = districtDate(90);
    await fillDate(page, 'gate-input-signedAt', signedAt);
    await inputOf(page, 'gate-field-contractInvestment').fill('30000');
    await fillDate(page, 'gate-input-agreedStartDate', agreedStartDate);
    await fillDate(page, 'gate-input-agreedOperatingDate', districtDate(540));
    await page.locator('[data-test=advance]').click();
    await page.locator('[data-test=lead-stage]', { hasText: '签约' }).waitFor();
    await page.locator('[data-test=next-transition]', { hasText: '开工建设' }).waitFor();

    const lead = await t.http.get(`/api/v1/leads/${created.id}`).set(auth(leader));
    expect(lead.body).toMatchObject({ stage: 'signed', status: 'active', contractInvestment: 30000, signedAt, agreedStartDate });
  }, 120_000);

  it('a commissioner logs a follow-up at a phone-sized viewport, and a notification appears in the bell', async () => {
    expect(created.id).toBeDefined();
    const page = await app.loggedIn('sunli', {
      viewport: { width: 375, height: 667 },
      before: async (p) => {
        await p.evaluate("localStorage.setItem('zscrm.pollMs', '1000')");
      },
    });
    await page.waitForURL('**/my-projects');
    const card = page.locator(`[data-test=project-card][data-code="${created.code}"]`);
    await card.waitFor();
    // Overdue projects come first, in red.
    const urgencies = await page
      .locator('[data-test=project-card]')
      .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-urgency')));
    const rank = { overdue: 0, today: 1, later: 2, none: 3 } as Record<string, number>;
    expect(urgencies.map((u) => rank[u ?? 'none'])).toEqual([...urgencies.map((u) => rank[u ?? 'none'])].sort((a, b) => a - b));

    await screenshot(page, 'phone-projects.png');
    await card.locator('[data-test^=follow-up-]').click();
    const drawer = page.locator('[data-test=follow-up-form]:visible');
    await drawer.waitFor();
    await drawer.locator('[data-test=fu-type-site_visit]').click();
    await drawer
      .locator('textarea[data-test=fu-summary], [data-test=fu-summary] textarea')
      .first()
      .fill('实地查看项目用地，企业确认 3 月开工，提出用电增容需求');
    await drawer.locator('[data-test=fu-next-7]').click();
    // Fits the phone: no horizontal scrolling.
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(375);
    await screenshot(page, 'phone.png');
    await drawer.locator('[data-test=fu-submit]').click();
    await page.locator('.el-message--success', { hasText: '已记录跟进' }).waitFor();

    const followUps = await t.http.get(`/api/v1/leads/${created.id}/follow-ups`).set(auth(leader));
    expect(followUps.body.items).toHaveLength(1);
    expect(followUps.body.items[0]).toMatchObject({ type: 'site_visit', summary: expect.stringContaining('用电增容') });
    await card.locator('[data-test=due-text]', { hasText: '天后' }).waitFor();

    // A new assignment reaches 孙丽 as an in-app notification: the bell picks it up while the page is open.
    const badge = page.locator('[data-test=bell-badge] .el-badge__content');
    const unreadBefore = Number((await badge.isVisible()) ? await badge.innerText() : 0);
    const other = DEMO_LEADS.find((lead) => !lead.commissioner && lead.status === 'active' && lead.stage === 'negotiating');
    expect(other).toBeDefined();
    const [{ id: otherId, code: otherCode }] = await t.dataSource.query<Array<{ id: string; code: string }>>(
      'SELECT id, code FROM leads WHERE name = $1',
      [other?.name],
    );
    const assigned = await t.http
      .put(`/api/v1/leads/${otherId}/commissioner`)
      .set(auth(leader))
      .send({ commissionerId: await userId('sunli') });
    expect(assigned.status).toBe(200);
    await waitFor(
      async () => Number((await badge.isVisible()) ? await badge.innerText() : 0),
      (count) => count > unreadBefore,
      20_000,
      250,
    );
    await page.locator('[data-test=bell]').click();
    const item = page.locator('[data-test=bell-item]', { hasText: otherCode });
    await item.first().waitFor();
    await item.first().click();
    await page.waitForURL(`**/leads/${otherId}`);
    await waitFor(
      async () => Number((await badge.isVisible()) ? await badge.innerText() : 0),
      (count) => count === unreadBefore,
      10_000,
      250,
    );
  }, 120_000);

  it('a promoter imports a ledger: sees how its columns were read, imports the good rows and downloads the rejected one (issue 15)', async () => {
    const page = await app.loggedIn('wanglei');
    await page.goto(`${base}/leads`);
    await page.locator('[data-test=import]').click();
    const csv = [
      '项目名称,企业名称,产业类别代码,招商方式,计划投资额（亿元）,联络员微信',
      '浏览器导入项目甲,浏览器导入甲有限公司,CT01,平台招商,1.5,wx1',
      '浏览器导入项目乙,浏览器导入乙有限公司,CT01,不存在的方式,2,wx2',
    ].join('\n');
    await page
      .locator('[data-test=import-file]')
      .setInputFiles({ name: '台账.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.locator('[data-test=import-submit]').click();
    const columns = page.locator('[data-test=import-columns]');
    await expect(columns.textContent()).resolves.toContain('5 列已识别，1 列未使用');
    await expect(page.locator('[data-test=import-dialog]').textContent()).resolves.toContain('联络员微信');
    const commit = page.locator('[data-test=import-commit]');
    await expect(commit.textContent()).resolves.toContain('导入有效的 1 行');
    await commit.click();
    await page.locator('[data-test=import-rejected]').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=import-rejected]').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const stored = await t.dataSource.query<Array<{ planned_investment: string }>>(
      "SELECT planned_investment FROM leads WHERE name = '浏览器导入项目甲' AND deleted_at IS NULL",
    );
    expect(stored.map((r) => Number(r.planned_investment))).toEqual([15000]);
    const rejected = await t.dataSource.query("SELECT id FROM leads WHERE name = '浏览器导入项目乙'");
    expect(rejected).toEqual([]);
  });

  it('a promoter corrects a column, saves the mapping under a name, and a later import of the same layout applies it when chosen (issue 15)', async () => {
    const page = await app.loggedIn('wanglei');
    await page.goto(`${base}/leads`);
    const csv = (name: string) =>
      Buffer.from(
        ['项目名称,企业名称,产业类别代码,招商方式,项目简况', `${name},${name}有限公司,CT01,平台招商,已完成首轮洽谈`].join('\n'),
        'utf8',
      );
    const open = async (name: string) => {
      await page.locator('[data-test=import]').click();
      await page.locator('[data-test=import-file]').setInputFiles({ name: '台账.csv', mimeType: 'text/csv', buffer: csv(name) });
    };
    const columns = page.locator('[data-test=import-columns]');
    /** The mapping's summary line once a (new) dry run has answered it. */
    const columnsSay = (text: string) =>
      waitFor(
        () => columns.textContent({ timeout: 15_000 }),
        (content) => Boolean(content?.includes(text)),
        15_000,
        200,
      );

    await open('浏览器映射项目甲');
    await page.locator('[data-test=import-submit]').click();
    await columnsSay('4 列已识别，1 列未使用');
    // 项目简况 is no column the import knows: the clerk sends it to 备注, checks again, and saves the mapping
    await columns.locator('.el-collapse-item__header').click();
    await page.getByRole('combobox', { name: '项目简况 导入为' }).click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: /^备注$/ }).click();
    await page.getByRole('button', { name: '按修改后的对应关系重新预检' }).click();
    await columnsSay('5 列已识别，0 列未使用');
    await inputOf(page, 'import-mapping-name').fill('浏览器区台账');
    await page.locator('[data-test=import-mapping-save]').click();
    const saved = await waitFor(
      () =>
        t.dataSource.query<Array<{ id: string; mapping: Record<string, string> }>>(
          "SELECT id, mapping FROM import_mappings WHERE name = '浏览器区台账'",
        ),
      (rows) => rows.length === 1,
      10_000,
      200,
    );
    expect(saved[0].mapping).toMatchObject({ 项目简况: 'remarks', 项目名称: 'name', 招商方式: 'source' });
    await page.keyboard.press('Escape');
    await page.locator('[data-test=import-dialog]').waitFor({ state: 'hidden' });

    // another ledger of the same layout: without the mapping 项目简况 is unused; chosen, it is 备注 again, and the import keeps it
    await open('浏览器映射项目乙');
    await page.locator('[data-test=import-submit]').click();
    await columnsSay('4 列已识别，1 列未使用');
    // the select's wrapper: its placeholder lies over the input
    await page.locator('.el-select', { has: page.getByRole('combobox', { name: '已保存的列映射' }) }).click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '浏览器区台账' }).click();
    await columnsSay('5 列已识别，0 列未使用');
    const commit = page.locator('[data-test=import-commit]');
    await expect(commit.textContent()).resolves.toContain('预检通过，正式导入');
    await commit.click();
    const stored = await waitFor(
      () =>
        t.dataSource.query<Array<{ remarks: string | null }>>(
          "SELECT remarks FROM leads WHERE name = '浏览器映射项目乙' AND deleted_at IS NULL",
        ),
      (rows) => rows.length === 1,
      10_000,
      200,
    );
    expect(stored[0].remarks).toBe('已完成首轮洽谈');
  });

  it('Swagger UI at /docs, the queue dashboard and the charts’ tooltips render under the Content-Security-Policy, and no page of the console broke it', async () => {
    // ECharts writes its tooltips as HTML with style attributes: hover every chart of the cockpit (the lost-reasons pie).
    const cockpit = await app.loggedIn('zhangjianguo');
    await cockpit.waitForURL('**/cockpit');
    await cockpit.locator('[data-test=lost-chart] canvas').first().waitFor();
    await cockpit.waitForTimeout(800);
    for (const chart of await cockpit.locator('canvas').all()) {
      await chart.scrollIntoViewIfNeeded();
      await chart.hover();
      await cockpit.waitForTimeout(300);
    }
    const page = await app.openPage();
    await page.goto(`${base}/docs`);
    await page.locator('.swagger-ui .info .title').waitFor({ timeout: 15_000 });
    await page.locator('.opblock-tag').first().click();
    await page.locator('.opblock').first().waitFor();
    // bull-board, for admins
    const admin = await t.createUser([Role.Admin]);
    await page.goto(`${base}/admin/queues?token=${admin.token}`);
    await page.getByText('招商 CRM 队列').first().waitFor();
    await page.getByText('reminders', { exact: false }).first().waitFor();
    // bull-board links Google Fonts: refused on purpose, the page falls back to system fonts and calls nothing outside.
    expect(app.cspViolations.filter((violation) => !violation.includes("stylesheet 'https://fonts.googleapis.com/"))).toEqual([]);
  });
});
