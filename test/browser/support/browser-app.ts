import { describe } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { existsSync, mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { seedDemoData } from '../../../src/demo/demo-seeder';
import { DEMO_USERS } from '../../../src/demo/demo-data';
import { TestApp } from '../../support/test-app';

/**
 * The browser specs' harness: the web console (web/dist, served by the app at `/`) on the demo bureau (src/demo) in a
 * database of the spec's own, driven in headless Chromium — Debian's /usr/bin/chromium (web/scripts/ensure-chromium.sh)
 * through playwright-core.
 */

const ROOT = process.cwd();
const WEB_DIST = join(ROOT, 'web', 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the screenshots go: test/artifacts by default; `SCREENSHOT_DIR=docs/screenshots` refreshes the README's. */
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? join(ROOT, 'test', 'artifacts', 'screenshots');
/** playwright-core starts Chromium with a fresh temporary --user-data-dir of its own. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const DESKTOP = { width: 1440, height: 900 };
/** A browser as the district's users have it. */
const CONSOLE_CONTEXT: BrowserContextOptions = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai', deviceScaleFactor: 1 };

// Without a browser (and outside CI, which installs one) the suite is skipped, loudly rather than failing the run.
const browserMissing = !existsSync(CHROMIUM) && process.env.CI !== 'true';
if (browserMissing)
  console.warn(
    `NOTICE: browser tests SKIPPED — ${CHROMIUM} is missing (bash web/scripts/ensure-chromium.sh installs it as root; CI always runs them)`,
  );

/** `describe`, or `describe.skip` when there is no Chromium to drive. */
export const describeInBrowser = browserMissing ? describe.skip : describe;

/** A demo user's password (src/demo/demo-data.ts). */
export const demoPassword = (username: string) => DEMO_USERS.find((user) => user.username === username)?.password ?? '';

/** The <input> of a field: Element Plus puts data-test on the input itself or on its wrapper, by component. */
export const inputOf = (page: Page, testId: string) =>
  page.locator(`input[data-test=${testId}], textarea[data-test=${testId}], [data-test=${testId}] input`).first();

/** Saves a screenshot of the page once its charts have animated in, without toasts; `height` resizes it for the shot. */
export async function screenshot(page: Page, name: string, options: { height?: number; fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const viewport = page.viewportSize();
  if (options.height && viewport) await page.setViewportSize({ width: viewport.width, height: options.height });
  await page.waitForTimeout(600);
  await page.evaluate("document.querySelectorAll('.el-message, .el-notification').forEach((toast) => toast.remove())");
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: options.fullPage });
  if (options.height && viewport) await page.setViewportSize(viewport);
}

export interface BrowserAppOptions {
  /** The spec's own database (TEST_DATABASE_URL + `_` + name, `-` as `_`) and queue prefix (TEST_QUEUE_PREFIX + `-` + name). */
  name: string;
  /** Configuration beside the test defaults (TestApp.start). */
  config?: Record<string, string>;
}

/** The app listening on a free port with the demo bureau loaded, and Chromium to open its console in. */
export class BrowserApp {
  /** What Chromium reported as blocked by the Content-Security-Policy, on every page opened. */
  readonly cspViolations: string[] = [];
  /** Uncaught errors of the console's scripts, on every page opened. */
  readonly pageErrors: string[] = [];
  private readonly contexts: BrowserContext[] = [];

  private constructor(
    readonly t: TestApp,
    /** `http://127.0.0.1:<port>` */
    readonly base: string,
    readonly browser: Browser,
  ) {}

  /** Rebuilds the spec's database, seeds the demo bureau, listens and launches Chromium (give beforeAll ~3 minutes). */
  static async start({ name, config = {} }: BrowserAppOptions): Promise<BrowserApp> {
    if (!existsSync(join(WEB_DIST, 'index.html')))
      throw new Error(`the web console is not built: run "npm run build" (looked in ${WEB_DIST})`);
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run "bash web/scripts/ensure-chromium.sh"`);
    Logger.overrideLogger(['error']);
    const t = await TestApp.startOnOwnDatabase(name, config);
    await seedDemoData(t.app);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    try {
      return new BrowserApp(t, base, await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS }));
    } catch (error) {
      await t.close();
      throw error;
    }
  }

  /** A page in a fresh browser context (own cookies and localStorage) with exactly these options, watched for CSP violations and errors. */
  async openPage(contextOptions: BrowserContextOptions = {}): Promise<Page> {
    const context = await this.browser.newContext(contextOptions);
    this.contexts.push(context);
    const page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) this.cspViolations.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.pageErrors.push(`${page.url()}: ${error.message}`));
    return page;
  }

  /** A page of the console's users (zh-CN, Asia/Shanghai) at this viewport, not logged in. */
  async newPage(viewport = DESKTOP): Promise<Page> {
    const page = await this.openPage({ viewport, ...CONSOLE_CONTEXT });
    page.setDefaultTimeout(15_000);
    return page;
  }

  /** Submits the login form (`before` runs on the login page first); does not wait for its outcome. */
  async login(page: Page, username: string, password = demoPassword(username), before?: (page: Page) => Promise<void>): Promise<void> {
    await page.goto(`${this.base}/login`);
    if (before) await before(page);
    await page.locator('input[name=username]').fill(username);
    await page.locator('input[name=password]').fill(password);
    await page.locator('[data-test=login-submit]').click();
  }

  /** A new page logged in through the login form, once it has left the login page. */
  async loggedIn(
    username: string,
    options: { viewport?: { width: number; height: number }; password?: string; before?: (page: Page) => Promise<void> } = {},
  ): Promise<Page> {
    const page = await this.newPage(options.viewport);
    await this.login(page, username, options.password, options.before);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  async close(): Promise<void> {
    for (const context of this.contexts) await context.close().catch(() => undefined);
    await this.browser.close();
    await this.t.close();
  }
}
