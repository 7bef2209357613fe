import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { existsSync, mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, Browser, BrowserContext, Page } from 'playwright-core';
import { seedDemoData } from '../../src/demo/demo-seeder';
import { DEMO_USERS } from '../../src/demo/demo-data';
import { insertCarrier } from '../support/carriers';
import { auth, TestApp } from '../support/test-app';
import { recreateDatabase } from '../support/database';
import { TEST_DATABASE_URL, TEST_QUEUE_PREFIX } from '../support/test-env';

/**
 * Issue 19 acceptance (可选载体 in the console): on the demo bureau in headless Chromium, a promoter opens one of
 * their leads, sees the carriers that fit its requirements with the reasons in words, reserves one, and the
 * carrier shows as reserved for the lead. Harness as in obligations.e2e-spec.ts.
 */

const ROOT = process.cwd();
const WEB_DIST = join(ROOT, 'web', 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? join(ROOT, 'test', 'artifacts', 'screenshots');
const PROMOTER = 'wanglei';

/** The spec's own database beside the suite's (TEST_DATABASE_URL + `_cmbrowser`), rebuilt per run. */
function browserDatabaseUrl(): string {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `${url.pathname}_cmbrowser`;
  return url.toString();
}

const demoPassword = (username: string) => DEMO_USERS.find((user) => user.username === username)?.password ?? '';

const browserMissing = !existsSync(CHROMIUM) && process.env.CI !== 'true';
if (browserMissing)
  console.warn(`NOTICE: browser tests SKIPPED — ${CHROMIUM} is missing (bash web/scripts/ensure-chromium.sh installs it)`);

(browserMissing ? describe.skip : describe)('可选载体 in the console (issue 19)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let lead: { id: string; code: string };
  let best: { id: string; code: string };

  async function loginPage(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${base}/login`);
    await page.locator('input[name=username]').fill(username);
    await page.locator('input[name=password]').fill(demoPassword(username));
    await page.locator('[data-test=login-submit]').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIST, 'index.html')))
      throw new Error(`the web console is not built: run "npm run build" (looked in ${WEB_DIST})`);
    Logger.overrideLogger(['error']);
    const databaseUrl = browserDatabaseUrl();
    await recreateDatabase(databaseUrl);
    t = await TestApp.start({ DATABASE_URL: databaseUrl, QUEUE_PREFIX: `${TEST_QUEUE_PREFIX}-cmbrowser` });
    await seedDemoData(t.app);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;

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

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-sync'],
    });
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('a promoter sees the carriers that fit a lead with their reasons, reserves one, and it shows as reserved', async () => {
    const page = await loginPage(PROMOTER);
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
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'carrier-matches.png'), fullPage: true });
    const [carrier] = await t.dataSource.query<Array<{ status: string; reserved_lead_id: string }>>(
      `SELECT status, reserved_lead_id FROM carriers WHERE id = $1`,
      [best.id],
    );
    expect(carrier).toEqual({ status: 'reserved', reserved_lead_id: lead.id });
  });
});
