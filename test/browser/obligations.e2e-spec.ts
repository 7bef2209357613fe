import { afterAll, beforeAll, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { Page } from 'playwright-core';
import { auth, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { BrowserApp, demoPassword, describeInBrowser, inputOf, screenshot } from './support/browser-app';

/**
 * Issue 18 acceptance (履约监管 in the console): on the demo bureau in headless Chromium, a commissioner on a
 * phone records a period's actuals and uploads evidence on a lead's 履约 tab; a leader then sees the clause
 * turn green and the 履约率 change on the 履约监管 page. Harness: ./support/browser-app.ts.
 */

const PHONE = { width: 375, height: 812 };

/** The last day of this month in the district (Asia/Shanghai), YYYY-MM-DD. */
function districtMonthEnd(): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** A minimal PDF: the API checks the first bytes (%PDF-). */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
/** A threshold no demo project has reached, so the new clause is pending until the commissioner's report. */
const THRESHOLD = 987_654;

describeInBrowser('履约监管 in the console (issue 18)', () => {
  let app: BrowserApp;
  let t: TestApp;
  let base: string;
  let project: { id: string; code: string; name: string; commissioner: string; agreementId: string };
  let leaderToken: string;
  const clauseTitle = '浏览器测试：实际到位投资不低于 98.77 亿元';

  /** No horizontal scroll: the document is no wider than the viewport. */
  const overflowX = (page: Page) => page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');

  beforeAll(async () => {
    app = await BrowserApp.start({ name: 'obrowser' });
    ({ t, base } = app);
    leaderToken = await t.login('zhangjianguo', demoPassword('zhangjianguo'));

    // A commissioner's project under way with its main agreement (the demo gives every signed project one).
    const rows = await t.dataSource.query<Array<{ id: string; code: string; name: string; username: string; agreement_id: string }>>(
      `SELECT l.id, l.code, l.name, u.username, a.id AS agreement_id
         FROM leads l JOIN users u ON u.id = l.commissioner_id JOIN agreements a ON a.lead_id = l.id AND a.kind = 'main'
        WHERE l.stage IN ('building', 'operating') AND l.status = 'active' AND l.deleted_at IS NULL
          AND u.username IN ('sunli', 'yangfan', 'hufeng', 'majuan')
        ORDER BY l.code LIMIT 1`,
    );
    expect(rows).toHaveLength(1);
    const [row] = rows;
    project = { id: row.id, code: row.code, name: row.name, commissioner: row.username, agreementId: row.agreement_id };

    // The leader records an investor clause due this month that the project has not reached yet.
    await t.http
      .post(`/api/v1/leads/${project.id}/agreements/${project.agreementId}/clauses`)
      .set(auth({ token: leaderToken }))
      .send({
        party: 'investor',
        kind: 'investment_arrived',
        title: clauseTitle,
        threshold: THRESHOLD,
        unit: '万元',
        dueDate: districtMonthEnd(),
        evidenceRequired: '验资报告',
      })
      .expect(201);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  /** The overall 履约率 the 履约监管 page shows, as its text ("62.5%"). */
  async function pageRate(page: Page): Promise<string> {
    await page.locator('[data-test=obligations-page]').waitFor();
    return waitFor(
      () => page.locator('[data-test=ob-rate]').innerText(),
      (text) => /%$/.test(text.trim()),
      15_000,
    );
  }

  it('a commissioner on a phone sees the clause due this month, records actuals and uploads evidence; a leader sees it green and the 履约率 change', async () => {
    // Before: the leader's 履约监管 page, reached from the sidebar, and the cockpit's red clocks linking to it.
    const leader = await app.loggedIn('zhangjianguo');
    await leader.waitForURL('**/cockpit');
    await leader.locator('[data-test=red-clocks]').waitFor();
    expect(Number(await leader.locator('[data-test=red-clocks-red]').innerText())).toBeGreaterThanOrEqual(1);
    await leader.locator('[data-test=red-clocks-link]').click();
    await leader.waitForURL('**/obligations');
    const before = (await pageRate(leader)).trim();
    await leader.locator('[data-test=government-overdue] .row').first().waitFor();
    expect(await leader.locator('[data-test=menu-obligations]').count()).toBe(1);

    // The commissioner's phone: 我的项目 lists the clause under 本月履约, without horizontal scroll.
    const phone = await app.loggedIn(project.commissioner, { viewport: PHONE });
    await phone.waitForURL('**/my-projects');
    await phone.locator('.el-tabs__item', { hasText: '本月履约' }).click();
    const due = phone.locator('[data-test=due-clause]', { hasText: clauseTitle });
    await due.waitFor();
    expect(await overflowX(phone)).toBeLessThanOrEqual(0);
    await due.click();

    // The lead's 履约 tab: the clause is not green yet.
    await phone.waitForURL(`**/leads/${project.id}?tab=obligations`);
    const clause = phone.locator('[data-test=clause]', { hasText: clauseTitle });
    await clause.waitFor();
    expect(await clause.getAttribute('data-light')).not.toBe('green');
    expect(await overflowX(phone)).toBeLessThanOrEqual(0);

    // Evidence: upload a PDF, and it is listed for download.
    await clause.locator('[data-test=evidence-input]').setInputFiles({ name: '验资报告.pdf', mimeType: 'application/pdf', buffer: PDF });
    await clause.locator('[data-test=evidence-file]', { hasText: '验资报告.pdf' }).waitFor();
    // …and downloaded back with the same bytes
    const [download] = await Promise.all([
      phone.waitForEvent('download'),
      clause.locator('[data-test=evidence-file]', { hasText: '验资报告.pdf' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('验资报告.pdf');
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(PDF)).toBe(true);
    // A file uploaded by mistake is deleted, once confirmed; the other stays.
    await clause.locator('[data-test=evidence-input]').setInputFiles({ name: '误传.png', mimeType: 'image/png', buffer: PNG });
    const wrong = clause.locator('.evidence-item', { hasText: '误传.png' });
    await wrong.waitFor();
    await wrong.locator('[data-test=evidence-delete]').click();
    await phone.locator('.el-message-box').getByRole('button', { name: '删除' }).click();
    await wrong.waitFor({ state: 'detached' });
    expect(await clause.locator('[data-test=evidence-file]').allInnerTexts()).toEqual([expect.stringContaining('验资报告.pdf')]);

    // Actuals for this quarter: investment arrived up to the threshold.
    await phone.locator('[data-test=open-actuals]').click();
    await phone.locator('[data-test=actuals-form]').waitFor();
    const invested = inputOf(phone, 'actual-investmentArrived');
    await invested.fill(String(THRESHOLD));
    await phone.locator('[data-test=actuals-save]').click();
    await waitFor(
      () => clause.getAttribute('data-light'),
      (light) => light === 'green',
      15_000,
    );
    expect(await clause.locator('[data-test=clause-state]').innerText()).toBe('已履约');
    expect(await overflowX(phone)).toBeLessThanOrEqual(0);
    await screenshot(phone, 'obligations-phone.png', { fullPage: true });

    // What the API stored: the report and the evidence's bytes.
    const stored = await t.dataSource.query<Array<{ n: string }>>(
      `SELECT count(*) AS n FROM clause_evidence e JOIN agreement_clauses c ON c.id = e.clause_id WHERE c.title = $1 AND e.content = $2`,
      [clauseTitle, PDF],
    );
    expect(Number(stored[0].n)).toBe(1);

    // The leader: the clause is green on the lead's tab, and the 履约率 on the 履约监管 page has changed.
    await leader.goto(`${base}/obligations`);
    const after = await waitFor(
      () => pageRate(leader),
      (text) => text.trim() !== before,
      15_000,
    );
    expect(after.trim()).not.toBe(before);
    await screenshot(leader, 'obligations-page.png', { fullPage: true });
    // 导出 Excel: the page's figures as a workbook, 履约率 as the page shows it
    const [exported] = await Promise.all([leader.waitForEvent('download'), leader.locator('[data-test=ob-export]').click()]);
    expect(exported.suggestedFilename()).toMatch(/^履约监管-\d{8}-\d{4}\.xlsx$/);
    const parts: Buffer[] = [];
    for await (const chunk of await exported.createReadStream()) parts.push(chunk as Buffer);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(parts) as unknown as ExcelJS.Buffer);
    const rate = workbook.getWorksheet('汇总')?.getRow(2).getCell(3).value;
    expect(`${(Number(rate) * 100).toLocaleString('zh-CN', { maximumFractionDigits: 1 })}%`).toBe(after.trim());
    await leader.goto(`${base}/leads/${project.id}?tab=obligations`);
    const seen = leader.locator('[data-test=clause]', { hasText: clauseTitle });
    await seen.waitFor();
    expect(await seen.getAttribute('data-light')).toBe('green');

    // The 履约监管 page on a leader's phone: no horizontal scroll either.
    await leader.setViewportSize(PHONE);
    await leader.goto(`${base}/obligations`);
    await pageRate(leader);
    expect(await overflowX(leader)).toBeLessThanOrEqual(0);
  }, 180_000);

  it('a leader imports actuals from a spreadsheet on the 履约监管 page: a dry run, then the import, and the 履约率 changes', async () => {
    // another project under way, with a clause it has not reached
    const [other] = await t.dataSource.query<Array<{ id: string; code: string; agreement_id: string }>>(
      `SELECT l.id, l.code, a.id AS agreement_id FROM leads l JOIN agreements a ON a.lead_id = l.id AND a.kind = 'main'
        WHERE l.stage IN ('building', 'operating') AND l.status = 'active' AND l.deleted_at IS NULL AND l.id <> $1
        ORDER BY l.code LIMIT 1`,
      [project.id],
    );
    const title = '浏览器测试：导入填报后到位投资达标';
    await t.http
      .post(`/api/v1/leads/${other.id}/agreements/${other.agreement_id}/clauses`)
      .set(auth({ token: leaderToken }))
      .send({ party: 'investor', kind: 'investment_arrived', title, threshold: THRESHOLD, unit: '万元', dueDate: districtMonthEnd() })
      .expect(201);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const quarter = `${today.slice(0, 4)}年第${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}季度`;
    const csv = Buffer.from(`\uFEFF项目编号,填报期,累计到位投资（万元）\r\n${other.code},${quarter},${THRESHOLD}\r\n`, 'utf8');

    const leader = await app.loggedIn('zhangjianguo');
    await leader.goto(`${base}/obligations`);
    const before = (await pageRate(leader)).trim();
    await leader.locator('[data-test=import-actuals]').click();
    const dialog = leader.locator('[data-test=import-dialog]');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('导入履约填报');
    await leader.locator('[data-test=import-file]').setInputFiles({ name: '履约填报.csv', mimeType: 'text/csv', buffer: csv });
    await leader.locator('[data-test=import-submit]').click();
    await leader.locator('[data-test=import-commit]').waitFor();
    expect(await leader.locator('[data-test=import-summary]').innerText()).toMatch(/可导入 1|更新 1/);
    await leader.locator('[data-test=import-commit]').click();
    await waitFor(
      () => leader.locator('[data-test=import-summary]').innerText(),
      (text) => /已创建 1|更新 1/.test(text),
      15_000,
    );
    await screenshot(leader, 'obligations-import.png');
    await leader.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    const after = await waitFor(
      () => pageRate(leader),
      (text) => text.trim() !== before,
      15_000,
    );
    expect(after.trim()).not.toBe(before);
    const [clause] = await t.dataSource.query<Array<{ id: string }>>(`SELECT id FROM agreement_clauses WHERE title = $1`, [title]);
    const agreements = await t.http.get(`/api/v1/leads/${other.id}/agreements`).set(auth({ token: leaderToken }));
    const states = (agreements.body as { items: Array<{ clauses: Array<{ id: string; state: string }> }> }).items.flatMap((a) => a.clauses);
    expect(states.find((c) => c.id === clause.id)?.state).toBe('met');
  }, 120_000);
});
