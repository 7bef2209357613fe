import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { TestApp } from '../support/test-app';
import { BrowserApp, demoPassword, describeInBrowser, inputOf, screenshot } from './support/browser-app';

/**
 * Issue 17, the console's half: administration (users, teams, my password), the sidebar by keyboard, the
 * lead page on a phone, and what a cold load of the cockpit weighs. The demo bureau in a database of its own.
 */

describeInBrowser('Web console: administration, keyboard, phone and weight (issue 17)', () => {
  let app: BrowserApp;
  let t: TestApp;
  let base: string;

  /** Logs in through the form and answers whether it got past the login page. */
  async function canLogIn(username: string, password: string): Promise<boolean> {
    const page = await app.newPage();
    await app.login(page, username, password);
    const outcome = await Promise.race([
      page.waitForURL((url) => !url.pathname.startsWith('/login')).then(() => true),
      page
        .locator('.el-alert--error, .el-message--error')
        .first()
        .waitFor()
        .then(() => false),
    ]);
    await page.context().close();
    return outcome;
  }

  beforeAll(async () => {
    app = await BrowserApp.start({ name: 'browser-admin' });
    ({ t, base } = app);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('an admin creates a team and a user in it, and the user logs in', async () => {
    const page = await app.loggedIn('admin');
    await page.locator('[data-test=menu-admin-teams]').click();
    await page.locator('[data-test=team-new]').click();
    await inputOf(page, 'team-name').fill('招商四组（测试）');
    await page.locator('[data-test=team-save]').click();
    await page.locator('[data-test=teams-table]', { hasText: '招商四组（测试）' }).waitFor();

    await page.locator('[data-test=menu-admin-users]').click();
    await page.locator('[data-test=user-new]').click();
    await inputOf(page, 'user-username').fill('liuxin');
    await inputOf(page, 'user-display-name').fill('刘欣');
    await inputOf(page, 'user-password').fill('Kaifaqu-Zhaoshang#7');
    await page.locator('[data-test=role-promoter]').click();
    await page.locator('[data-test=user-team]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '招商四组（测试）' }).click();
    await page.locator('[data-test=user-save]').click();
    await page.locator('[data-test=users-table]', { hasText: 'liuxin' }).waitFor();
    await screenshot(page, 'admin-users.png');

    const [row] = await t.dataSource.query<Array<{ roles: string[]; team: string }>>(
      `SELECT u.roles, t.name AS team FROM users u JOIN teams t ON t.id = u.team_id WHERE u.username = 'liuxin'`,
    );
    expect(row).toEqual({ roles: ['promoter'], team: '招商四组（测试）' });
    const user = await app.loggedIn('liuxin', { password: 'Kaifaqu-Zhaoshang#7' });
    await user.waitForURL('**/leads');
    expect(await user.locator('[data-test=user-menu]').innerText()).toContain('刘欣');
  });

  it('a user changes their password in 我的账户: the old one stops working, the new one works', async () => {
    const page = await app.loggedIn('chenjing');
    await page.locator('[data-test=user-menu]').click();
    await page.locator('[data-test=account]').click();
    await inputOf(page, 'current-password').fill('wrong-password-0');
    await inputOf(page, 'new-password').fill('Zibo-Xinmima#2027');
    await inputOf(page, 'confirm-password').fill('Zibo-Xinmima#2027');
    await page.locator('[data-test=change-password]').click();
    await page.locator('[data-test=account-dialog] .el-form-item__error', { hasText: '当前密码不正确' }).waitFor();

    await inputOf(page, 'current-password').fill(demoPassword('chenjing'));
    const answer = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/password'));
    await page.locator('[data-test=change-password]').click();
    expect((await answer).status()).toBe(200);
    await page.locator('.el-message--success', { hasText: '密码已修改' }).waitFor();
    // this session stays signed in (a new cookie came with the answer)
    await page.locator('[data-test=menu-leads]').click();
    await page.waitForURL('**/leads');
    expect(page.url()).not.toContain('/login');

    expect(await canLogIn('chenjing', demoPassword('chenjing'))).toBe(false);
    expect(await canLogIn('chenjing', 'Zibo-Xinmima#2027')).toBe(true);
  });

  it('reaches every sidebar menu item with Tab, and opens one with Enter', async () => {
    const page = await app.loggedIn('admin');
    const items = await page.locator('.aside [data-test^=menu-]').evaluateAll((links) => links.map((l) => l.getAttribute('data-test')));
    expect(items.length).toBeGreaterThanOrEqual(7);
    const reached = new Set<string>();
    for (let i = 0; i < 40 && reached.size < items.length; i++) {
      await page.keyboard.press('Tab');
      const focused = String(await page.evaluate(`document.activeElement?.getAttribute('data-test') ?? ''`));
      if (focused.startsWith('menu-')) reached.add(focused);
    }
    expect([...reached].sort()).toEqual([...items].sort());
    await page.locator('[data-test=menu-notifications]').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/notifications');
  });

  it('shows the lead page at 375×667 without horizontal scroll, its buttons at least 44 px tall', async () => {
    const page = await app.loggedIn('sunli', { viewport: { width: 375, height: 667 } });
    await page.locator('[data-test=project-card] a').first().click();
    await page.waitForURL('**/leads/*');
    await page.locator('[data-test=lead-name]').waitFor();
    await page.waitForTimeout(500);
    // strings, not functions: this spec is type-checked without the DOM library
    const overflow = await page.evaluate(
      "({ page: document.documentElement.scrollWidth - window.innerWidth, main: document.querySelector('.content').scrollWidth - document.querySelector('.content').clientWidth })",
    );
    expect(overflow).toEqual({ page: 0, main: 0 });
    const small = await page.evaluate(`[...document.querySelectorAll('.content button, .content a, .content [role=tab]')]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({ text: (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 20), h: el.getBoundingClientRect().height }))
      .filter((el) => el.h > 0 && el.h < 44)`);
    expect(small).toEqual([]);
    await screenshot(page, 'phone-lead.png');
  });

  it('weighs a cold load of the cockpit (bytes on the wire, compressed) and times its first content', async () => {
    const page = await app.newPage();
    await app.login(page, 'zhangjianguo');
    await page.waitForURL('**/cockpit');
    // cold: a new context (empty cache) with the session cookie of the first
    const cookies = await page.context().cookies();
    const cold = await app.newPage();
    await cold.context().addCookies(cookies);
    await cold.evaluate(() => undefined);
    const cdp = await cold.context().newCDPSession(cold);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    let bytes = 0;
    const urls: string[] = [];
    cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => (bytes += event.encodedDataLength));
    cdp.on('Network.requestWillBeSent', (event: { request: { url: string } }) => urls.push(event.request.url));
    await cold.goto(`${base}/`); // index.html (keeps the profile in localStorage unset: the login page)
    await cold.evaluate(`localStorage.setItem('zscrm.user', JSON.stringify({ username: 'zhangjianguo' }))`);
    bytes = 0;
    urls.length = 0;
    const started = Date.now();
    await cold.goto(`${base}/cockpit`);
    await cold.locator('[data-test=stage-count-lead]').waitFor();
    await cold.waitForLoadState('networkidle');
    const loaded = Date.now() - started;
    const paint = Number(await cold.evaluate(`performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1`));
    console.log(
      `cold load of /cockpit: ${(bytes / 1024).toFixed(0)} KB transferred in ${urls.length} requests; first contentful paint ${paint.toFixed(0)} ms; cockpit figures shown after ${loaded} ms (loopback)`,
    );
    expect(urls.some((url) => url.includes('/docs-json'))).toBe(false);
    expect(bytes).toBeLessThan(600 * 1024);
    expect(bytes).toBeGreaterThan(100 * 1024);
    // the loading shell paints before any stylesheet or script arrives (web/vite.config.js paintShellFirst); the time
    // (goal 0.5 s) is printed above and recorded in the README, not asserted: this machine is shared and noisy
    expect(paint).toBeGreaterThan(0);
  });

  it('reported no Content-Security-Policy violation on any page', () => {
    expect(app.cspViolations).toEqual([]);
  });
});
