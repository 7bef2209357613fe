import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Page } from 'playwright-core';
import { TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { BrowserApp, demoPassword, describeInBrowser, screenshot } from './support/browser-app';

/**
 * Issue 17, the cockpit's one truth and the list as a working grid: every figure of the cockpit, under three filter
 * sets chosen in its filter bar, opens a list whose total and rows equal the figure; the list sorts by its headers,
 * keeps its place when one comes back from a lead, searches as one types, shows cards on a phone; a card dragged on
 * the board to the next stage meets the gate form. The demo bureau in a database of its own.
 */

const ROWS = '[data-test=leads-table] tbody tr';

interface ShownFigure {
  name: string;
  value: number;
  href: string;
}

/**
 * Elements under `root` with a pointer cursor that the keyboard cannot reach (evaluated in the page). A sortable
 * column head has the list's labelled 排序 select as its keyboard equivalent.
 */
const unfocusableClickables = (root: string) => `(() => {
  const focusable = 'a[href], button, input, select, textarea, label, [tabindex]:not([tabindex="-1"]), [role=tab]';
  return [...document.querySelectorAll('${root} *')]
    .filter((el) => getComputedStyle(el).cursor === 'pointer' && el.getBoundingClientRect().height > 0)
    .filter((el) => !el.closest(focusable) && !el.querySelector(focusable) && !el.closest('.echart, th.is-sortable'))
    // a part of a form control whose input takes the focus (a select's caret, a clear icon)
    .filter((el) => !el.closest('.el-select, .el-cascader, .el-date-editor, .el-input')?.querySelector('input'))
    .filter((el) => !el.closest('tr')?.querySelector('a[href]'))
    .map((el) => (el.getAttribute('class') || el.tagName) + ': ' + (el.textContent || '').trim().slice(0, 20));
})()`;

describeInBrowser('Web console: cockpit figures, the list grid, phone cards and the board (issue 17)', () => {
  let app: BrowserApp;
  let t: TestApp;
  let base: string;

  // polled from here: the console's CSP refuses the string evaluation page.waitForFunction would need
  /** The list's total once it has arrived (a number, not the placeholder). */
  const listTotal = (page: Page) =>
    waitFor(
      () => page.locator('[data-test=list-total]').innerText(),
      (text) => /^\d+$/.test(text.trim()),
      15_000,
    ).then(Number);
  const rowCount = (page: Page, done: (rows: number) => boolean) => waitFor(() => page.locator(ROWS).count(), done, 15_000);
  /** Waits until every list link of the cockpit satisfies `done` (the filters have reached them). */
  const linksFollow = (page: Page, done: (href: string) => boolean) =>
    waitFor(
      () => page.locator('[data-test=cockpit] a[href*="/leads?"]').evaluateAll((links) => links.map((l) => l.getAttribute('href') ?? '')),
      (hrefs) => hrefs.length > 0 && hrefs.every(done),
      15_000,
    );

  /** The cockpit once every widget has answered for the current filters. */
  async function cockpitLoaded(page: Page): Promise<void> {
    await page.locator('[data-test=cockpit][data-loading=false]').waitFor();
    await page.locator('[data-test=workload-table]').waitFor();
    await page.locator('[data-test=figure-live] [data-test=figure]').waitFor();
  }

  /** Every link on the cockpit that carries a figure: its number and where it leads. */
  async function shownFigures(page: Page): Promise<ShownFigure[]> {
    const found = (await page.locator('[data-test=cockpit] a:has([data-test=figure])').evaluateAll((links) =>
      links.map((link) => ({
        name: `${link.getAttribute('data-test') ?? ''} ${(link.closest('[data-test]:not(a)')?.getAttribute('data-test') ?? '').trim()}`,
        value: Number(link.querySelector('[data-test=figure]')?.textContent?.trim()),
        href: link.getAttribute('href') ?? '',
      })),
    )) as ShownFigure[];
    return found;
  }

  /** The list a figure leads to: its total, and the rows it shows once every page is loaded. */
  async function listOf(page: Page, href: string): Promise<{ total: number; rows: number }> {
    await page.goto(`${base}${href}`);
    const count = await listTotal(page);
    for (let i = 0; i < 20; i++) {
      const more = page.locator('[data-test=load-more]');
      if (!(await more.isVisible().catch(() => false))) break;
      const shown = await page.locator(ROWS).count();
      await more.click();
      await rowCount(page, (rows) => rows > shown);
    }
    if (count > 0) await page.locator(ROWS).first().waitFor();
    const rows = await page.locator(ROWS).count();
    return { total: count, rows };
  }

  async function checkEveryFigure(page: Page, filterName: string): Promise<number> {
    await cockpitLoaded(page);
    const figures = await shownFigures(page);
    const cockpitUrl = page.url();
    const unique = [...new Map(figures.map((f) => [`${f.href} ${f.value}`, f])).values()];
    for (const figure of unique) {
      const list = await listOf(page, figure.href);
      expect({ filter: filterName, figure: figure.name, href: figure.href, ...list }).toEqual({
        filter: filterName,
        figure: figure.name,
        href: figure.href,
        total: figure.value,
        rows: figure.value,
      });
    }
    await page.goto(cockpitUrl);
    await cockpitLoaded(page);
    return figures.length;
  }

  beforeAll(async () => {
    app = await BrowserApp.start({ name: 'browser-figures', config: { TARGET_INVESTMENT_SIGNED: '300000' } });
    ({ t, base } = app);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('under three filter sets, every figure of the cockpit opens a list with that many rows', async () => {
    const page = await app.loggedIn('zhangjianguo');
    await page.waitForURL('**/cockpit');

    // 1. no filter (the lost-reasons pie's reasons and the destinations are links too)
    await cockpitLoaded(page);
    expect(await page.locator('[data-test^=lost-reason-] [data-test=figure]').count()).toBeGreaterThan(1);
    expect(await page.locator('[data-test=lost-to] [data-test=figure]').count()).toBeGreaterThan(0);
    const unfiltered = await checkEveryFigure(page, 'no filter');
    // KPIs, the funnel, board headers, breakdown groups, workload rows and warnings tabs all carry links
    expect(unfiltered).toBeGreaterThan(40);
    // commissioners log follow-ups in the demo: 近30天跟进 is not 0 for everyone
    const followed = await page.locator('[data-test=workload-followed] [data-test=figure]').allInnerTexts();
    expect(followed.filter((n) => Number(n) > 0).length).toBeGreaterThan(3);

    // 2. one team
    await page.locator('[data-test=filter-team]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '产业链招商二组' }).click();
    await page.waitForTimeout(300);
    await cockpitLoaded(page);
    await linksFollow(page, (href) => href.includes('teamId='));
    const team = await checkEveryFigure(page, 'team 二组');
    expect(team).toBeGreaterThan(20);
    // the cockpit's filters are in its URL: back from a figure's list, it is the filtered cockpit again
    await page.goto(`${base}/leads`);
    await page.goBack();
    await cockpitLoaded(page);
    expect(page.url()).toContain('teamId=');
    await linksFollow(page, (href) => href.includes('teamId='));

    // 3. the last twelve months and an industry branch (a fresh cockpit: the filters are the page's own)
    await page.goto(`${base}/cockpit`);
    await cockpitLoaded(page);
    await page.locator('[data-test=cockpit] .el-range-editor').first().click();
    await page.locator('.el-picker-panel__shortcut:visible', { hasText: '近12个月' }).click();
    await page.locator('[data-test=cockpit] .filters .el-cascader').first().click();
    await page.locator('.el-cascader-node:visible', { hasText: '新一代信息技术' }).locator('.el-radio').click();
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
    await cockpitLoaded(page);
    await linksFollow(page, (href) => href.includes('from=') && href.includes('industry='));
    const periodAndIndustry = await checkEveryFigure(page, 'period and industry');
    expect(periodAndIndustry).toBeGreaterThan(10);
    console.log(
      `cockpit figures clicked through: ${unfiltered} unfiltered, ${team} for one team, ${periodAndIndustry} for a period and an industry`,
    );
  }, 600_000);

  it('shows skeletons, not zeros, while the cockpit loads, and a target beyond 100 % its number', async () => {
    const page = await app.loggedIn('zhangjianguo');
    await page.waitForURL('**/cockpit');
    await cockpitLoaded(page);
    // 审核确认 beside each breakdown group's figure: the demo has confirmed and awaiting signed projects
    const splits = await page.locator('[data-test^=confirm-split-industry-]').allInnerTexts();
    expect(splits.length).toBeGreaterThan(0);
    for (const text of splits) expect(text.trim()).toMatch(/^已确认 \d+ \/ 待确认 \d+$/);
    const confirmedSum = splits.reduce((sum, text) => sum + Number(/已确认 (\d+)/.exec(text)![1]), 0);
    expect(confirmedSum).toBeGreaterThan(0);
    // hold the pipeline's answer back and reload: the KPI shows a skeleton, never "0 个"
    const held = '**/api/v1/dashboard/pipeline**';
    await page.route(held, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue().catch(() => undefined); // the route may be gone by then
    });
    await page.reload();
    await page.locator('[data-test=cockpit] .el-skeleton__item').first().waitFor();
    expect(await page.locator('[data-test=kpi-total]').count()).toBe(0);
    await cockpitLoaded(page);
    await page.unroute(held);
    // this spec's app sets the yearly target of signed investment low (TARGET_INVESTMENT_SIGNED): it is exceeded
    const token = await t.login('zhangjianguo', demoPassword('zhangjianguo'));
    const targets = await t.http.get('/api/v1/dashboard/targets').set({ Authorization: `Bearer ${token}` });
    const rate: number = targets.body.investmentSigned.rate;
    expect(rate).toBeGreaterThan(1);
    const signed = page.locator('[data-test=target-investmentSigned]');
    await signed.waitFor();
    expect((await signed.innerText()).trim()).toBe(`${Math.round(rate * 1000) / 10}%`);
  }, 120_000);

  it('sorts by a column header, totals the list, keeps the place back from a lead, and searches as one types', async () => {
    const page = await app.loggedIn('zhangjianguo');
    await page.goto(`${base}/leads`);
    const [{ n: all }] = await t.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM leads WHERE deleted_at IS NULL`);
    expect(await listTotal(page)).toBe(all);
    // the 重点 column within a 1440 px window, the team column by its short name
    const key = await page.locator('[data-test=leads-table] th.col-key').boundingBox();
    expect(key && key.x + key.width).toBeLessThanOrEqual(1440);
    const teams = await page.locator('[data-test=team-cell]').allInnerTexts();
    expect(teams.filter((name) => name !== '—').every((name) => /^[一二三]组$/.test(name))).toBe(true);

    // sort by the name header: the URL and the rows follow
    await page.locator('[data-test=leads-table] th', { hasText: '项目名称' }).click();
    await page.waitForURL(/sort=name/);
    await page.locator('[data-test=leads-table] th', { hasText: '项目名称' }).click();
    await page.waitForURL(/sort=-name/);

    // 加载更多, scroll down, open a lead, come back: the same rows and the same place
    await page.locator('[data-test=load-more]').click();
    await rowCount(page, (rows) => rows > 20);
    const shown = await page.locator(ROWS).count();
    const row = page.locator(ROWS).nth(25);
    await row.scrollIntoViewIfNeeded();
    const scrolled = Number(await page.evaluate("document.querySelector('.content').scrollTop"));
    expect(scrolled).toBeGreaterThan(500);
    await row.locator('a.code').click();
    await page.locator('[data-test=lead-name]').waitFor();
    await page.goBack();
    await page.waitForURL(/sort=-name/);
    await rowCount(page, (rows) => rows === shown);
    await page.waitForTimeout(300);
    expect(Math.abs(Number(await page.evaluate("document.querySelector('.content').scrollTop")) - scrolled)).toBeLessThan(40);

    // search without Enter: typing is enough
    await page.locator('[data-test=search-hint]').waitFor();
    await page.locator('input[data-test=filter-q], [data-test=filter-q] input').first().fill('新能源');
    await page.waitForURL(/q=/);
    await rowCount(page, (rows) => rows < 20);
    const [{ n: matching }] = await t.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM leads WHERE deleted_at IS NULL AND (name LIKE '%新能源%' OR company_name LIKE '%新能源%' OR code_name LIKE '%新能源%')`,
    );
    await waitFor(
      () => page.locator('[data-test=list-total]').innerText(),
      (text) => text.trim() === String(matching),
      15_000,
    );

    // select two rows: bulk actions appear; export the selection
    await page
      .locator('[data-test=filter-q] .el-input__clear, [data-test=filter-q] + .el-input__suffix .el-input__clear')
      .first()
      .click()
      .catch(() => undefined);
    await page.goto(`${base}/leads`);
    await page.locator(ROWS).first().waitFor();
    await page.locator('[data-test=leads-table] tbody tr .el-checkbox').nth(0).click();
    await page.locator('[data-test=leads-table] tbody tr .el-checkbox').nth(1).click();
    await page.locator('[data-test=bulk-bar]', { hasText: '已选 2 个' }).waitFor();
    const download = page.waitForEvent('download');
    await page.locator('[data-test=bulk-export]').click();
    expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);
    await screenshot(page, 'leads.png');

    // assign the two selected projects a commissioner at once
    const codes = await page.locator(`${ROWS} a.code`).evaluateAll((links) => links.slice(0, 2).map((l) => l.textContent?.trim() ?? ''));
    await page.locator('[data-test=bulk-assign]').click();
    await page.locator('[data-test=bulk-assign-select]').click();
    const option = page.locator('.el-select-dropdown__item:visible', { hasText: '郭军' });
    await option.click();
    await page.locator('[data-test=bulk-assign-confirm]').click();
    await page.locator('.el-message--success', { hasText: '已为 2 个项目指派护商专员' }).waitFor();
    const assigned = await t.dataSource.query<Array<{ username: string }>>(
      `SELECT u.username FROM leads l JOIN users u ON u.id = l.commissioner_id WHERE l.code = ANY($1::text[])`,
      [codes],
    );
    expect(assigned).toEqual([{ username: 'guojun' }, { username: 'guojun' }]);
  }, 120_000);

  it('lists a commissioner’s projects at 375×667 as cards with name, stage and next follow-up, without horizontal scroll', async () => {
    const page = await app.loggedIn('sunli', { viewport: { width: 375, height: 667 } });
    await page.goto(`${base}/leads`);
    const cards = page.locator('[data-test=lead-card]');
    await cards.first().waitFor();
    expect(await cards.count()).toBeGreaterThan(5);
    for (const card of (await cards.all()).slice(0, 5)) {
      expect((await card.locator('[data-test=card-name]').innerText()).length).toBeGreaterThan(1);
      expect(await card.locator('[data-test=card-stage]').innerText()).toMatch(/线索|洽谈|签约|开工|投产|运营/);
      expect(await card.locator('[data-test=card-follow-up]').innerText()).toContain('下次跟进');
    }
    const overflow = await page.evaluate(
      "({ page: document.documentElement.scrollWidth - window.innerWidth, main: document.querySelector('.content').scrollWidth - document.querySelector('.content').clientWidth })",
    );
    expect(overflow).toEqual({ page: 0, main: 0 });
    await screenshot(page, 'phone-leads.png');
  }, 60_000);

  it('shows the cockpit at 375×667 without horizontal scroll', async () => {
    const page = await app.loggedIn('zhangjianguo', { viewport: { width: 375, height: 667 } });
    await page.waitForURL('**/cockpit');
    await cockpitLoaded(page);
    const overflow = await page.evaluate(
      "({ page: document.documentElement.scrollWidth - window.innerWidth, main: document.querySelector('.content').scrollWidth - document.querySelector('.content').clientWidth })",
    );
    expect(overflow).toEqual({ page: 0, main: 0 });
    await screenshot(page, 'phone-cockpit.png', { height: 1400 });
  }, 60_000);

  it('dragging a board card to the next stage opens the gate form of the lead page', async () => {
    const page = await app.loggedIn('zhangjianguo');
    await page.waitForURL('**/cockpit');
    await cockpitLoaded(page);
    const card = page.locator('[data-test=board-lead] [data-test^=board-card-]').first();
    await card.waitFor();
    // a jump over a stage is refused with a word
    await card.dragTo(page.locator('[data-test=board-signed]'));
    await page.locator('.el-message--warning', { hasText: '只能推进到下一阶段' }).waitFor();
    await card.dragTo(page.locator('[data-test=board-negotiating]'));
    const dialog = page.locator('.el-dialog:visible', { hasText: '推进项目' });
    await dialog.locator('[data-test=next-transition]').waitFor();
    expect(await dialog.locator('[data-test=next-transition]').innerText()).toContain('推进到「洽谈」');
    await screenshot(page, 'board-drag.png');
  }, 60_000);

  it('advances a board card with the keyboard only: Tab to its 推进到下一阶段, Enter, the gate form', async () => {
    const page = await app.loggedIn('zhangjianguo');
    await page.waitForURL('**/cockpit');
    await cockpitLoaded(page);
    // the filters carry visible labels, tied to their controls
    for (const label of ['登记期间', '产业', '区域', '团队'])
      expect(await page.locator('[data-test=cockpit] .filters label.el-form-item__label', { hasText: label }).first().isVisible()).toBe(
        true,
      );
    await page.getByLabel('团队', { exact: true }).waitFor();
    // the lead page's links in the warnings tables take focus too (not only a clickable row)
    expect(await page.locator('[data-test=warnings-red] a[href^="/leads/"]').count()).toBeGreaterThan(0);
    // nothing that looks clickable (a pointer) is out of the keyboard's reach: it is, holds or lies in something
    // focusable, or it is a table row whose link is (the pie's canvas has its rows of links beside it)
    expect(await page.evaluate(unfocusableClickables('[data-test=cockpit]'))).toEqual([]);

    const firstAdvance = page.locator('[data-test=board-lead] [data-test=board-advance]').first();
    await firstAdvance.waitFor();
    const wanted = await firstAdvance.getAttribute('aria-label');
    await page.locator('body').focus();
    let reached = false;
    for (let i = 0; i < 250 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await page.evaluate("document.activeElement?.getAttribute('aria-label') ?? ''")) === wanted;
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    const dialog = page.locator('.el-dialog:visible', { hasText: '推进项目' });
    await dialog.locator('[data-test=next-transition]').waitFor();
    expect(await dialog.locator('[data-test=next-transition]').innerText()).toContain('推进到「洽谈」');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    // the last stage has nowhere to go: no button there
    expect(await page.locator('[data-test=board-operating] [data-test=board-advance]').count()).toBe(0);
  }, 60_000);

  it("takes the list's filters by their visible labels and lists a lost reason as a removable condition", async () => {
    const page = await app.loggedIn('zhangjianguo');
    await page.goto(`${base}/leads?status=lost&lostReason=funding,land`);
    for (const label of ['阶段', '状态', '产业类别', '落地区域', '团队', '招商方式', '搜索'])
      await page.getByLabel(label, { exact: true }).first().waitFor();
    await page.getByLabel('排序', { exact: true }).waitFor();
    await page.locator(ROWS).first().waitFor();
    expect(await page.evaluate(unfocusableClickables('[data-test=leads-page]'))).toEqual([]);
    const chip = page.locator('[data-test=chip-lostReason]');
    expect(await chip.innerText()).toContain('终止原因：资金问题、用地问题');
    const [{ n }] = await t.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM leads WHERE deleted_at IS NULL AND status = 'lost' AND lost_reason IN ('funding', 'land')`,
    );
    expect(await listTotal(page)).toBe(n);
    // its × is a button: reachable and pressed with the keyboard
    await chip.locator('button').focus();
    await page.keyboard.press('Enter');
    await waitFor(
      () => Promise.resolve(page.url()),
      (url) => !url.includes('lostReason'),
      15_000,
    );
  }, 60_000);

  it('a deleted lead points at the 已删除项目 screen, where it is', async () => {
    const page = await app.loggedIn('zhangjianguo');
    const [{ id, name }] = await t.dataSource.query<Array<{ id: string; name: string }>>(
      `SELECT id, name FROM leads WHERE deleted_at IS NULL AND status = 'lost' ORDER BY created_at LIMIT 1`,
    );
    await page.goto(`${base}/leads/${id}`);
    await page.locator('[data-test=lead-name]').waitFor();
    await page.locator('button', { hasText: '删除' }).first().click();
    const confirm = page.locator('.el-message-box:visible');
    expect(await confirm.innerText()).toContain('「已删除项目」');
    await confirm.locator('button', { hasText: '删除' }).click();
    await page.locator('[data-test=deleted-link]').click();
    await page.waitForURL('**/admin/deleted');
    await page.locator('[data-test=deleted-table]', { hasText: name }).waitFor();
  }, 60_000);

  it('raised no page error', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
