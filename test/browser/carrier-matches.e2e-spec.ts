import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { insertCarrier } from '../support/carriers';
import { auth, TestApp } from '../support/test-app';
import { BrowserApp, demoPassword, describeInBrowser, screenshot } from './support/browser-app';

/**
 * Issue 19 acceptance (可选载体 in the console): on the demo bureau in headless Chromium, a promoter opens one of
 * their leads, sees the carriers that fit its requirements with the reasons in words, reserves one, and the
 * carrier shows as reserved for the lead. Harness: ./support/browser-app.ts.
 */

const PROMOTER = 'wanglei';

describeInBrowser('可选载体 in the console (issue 19)', () => {
  let app: BrowserApp;
  let t: TestApp;
  let base: string;
  let lead: { id: string; code: string };
  let best: { id: string; code: string };

  beforeAll(async () => {
    // the spec's own database beside the suite's (TEST_DATABASE_URL + `_cmbrowser`), rebuilt per run
    app = await BrowserApp.start({ name: 'cmbrowser' });
    ({ t, base } = app);

    // One of the promoter's live leads, not yet signed, with its requirements of a site.
    const [row] = await t.dataSource.query<Array<{ id: string; code: string }>>(
      `SELECT l.id, l.code FROM leads l JOIN users u ON u.id = l.owner_id
        WHERE u.username = $1 AND l.stage IN ('lead', 'negotiating') AND l.status = 'active' AND l.deleted_at IS NULL
        ORDER BY l.code LIMIT 1`,
      [PROMOTER],
    );
    lead = row;
    const token = await t.login(PROMOTER, demoPassword(PROMOTER));
    const current = await t.http.get(`/api/v1/leads/${lead.id}/requirements`).set(auth({ token }));
    await t.http
      .put(`/api/v1/leads/${lead.id}/requirements`)
      .set(auth({ token }))
      .send({ version: (current.body as { version: number }).version, floorAreaMin: 9001, floorAreaMax: 9100, floorLoadMin: 5 })
      .expect(200);
    best = await insertCarrier(t, { kind: 'factory', name: '浏览器测试一号厂房', floorArea: 9050, floorLoad: 8, clearHeight: 9 });
    await insertCarrier(t, { kind: 'factory', name: '浏览器测试二号厂房', floorArea: 9099, floorLoad: 6 });
    await insertCarrier(t, { kind: 'factory', name: '浏览器测试荷载不足厂房', floorArea: 9050, floorLoad: 3 });
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('a promoter sees the carriers that fit a lead with their reasons, reserves one, and it shows as reserved', async () => {
    const page = await app.loggedIn(PROMOTER);
    await page.goto(`${base}/leads/${lead.id}?tab=carriers`);
    await page.locator('[data-test=carrier-matches-panel]').waitFor();
    const rows = page.locator('[data-test=carrier-match-row]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    const first = rows.first();
    expect(await first.innerText()).toContain('浏览器测试一号厂房');
    expect(await first.locator('[data-test=carrier-match-reasons]').innerText()).toContain(
      '面积 9050 m² 满足 9001–9100 m²；荷载 8 kN/m² 满足 ≥ 5',
    );
    expect(await page.locator('[data-test=carrier-matches-panel]').innerText()).not.toContain('荷载不足');

    await first.locator('[data-test=carrier-reserve]').click();
    await page.locator('[data-test=reserve-confirm]').click();
    const reserved = page.locator('[data-test=reserved-carrier]');
    await reserved.waitFor();
    expect(await reserved.innerText()).toContain('已预留');
    expect(await reserved.innerText()).toContain('浏览器测试一号厂房');
    // reserved: no longer offered
    await page.waitForFunction("document.querySelectorAll('[data-test=carrier-match-row]').length === 1");
    await screenshot(page, 'carrier-matches.png', { fullPage: true });
    const [carrier] = await t.dataSource.query<Array<{ status: string; reserved_lead_id: string }>>(
      `SELECT status, reserved_lead_id FROM carriers WHERE id = $1`,
      [best.id],
    );
    expect(carrier).toEqual({ status: 'reserved', reserved_lead_id: lead.id });
  });
});
