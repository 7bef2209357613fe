import { afterAll, beforeAll, expect, it } from '@jest/globals';
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
});
