import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Page } from 'playwright-core';
import { auth, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { BrowserApp, demoPassword, describeInBrowser, screenshot } from './support/browser-app';

/**
 * Issue 20, 首引人积分 in the console: on the demo bureau in headless Chromium, a leader's credit page lists the teams and
 * the referrers with the points GET /dashboard/credit?year= answers, for this year and the last; a referrer's points
 * follow a confirmation; a promoter has no such page.
 */

interface CreditLine {
  kind: string;
  points: number;
  awaitingPoints: number;
  confirmed: boolean;
}
interface CreditPerson {
  key: string;
  kind: string;
  name: string;
  points: number;
  awaitingPoints: number;
  leads: number;
}
interface CreditLead {
  leadId: string;
  code: string;
  points: number;
  lines: CreditLine[];
}
interface CreditLeadPage {
  items: CreditLead[];
  nextCursor: string | null;
}
interface CreditTeam {
  name: string;
  points: number;
  awaitingPoints: number;
  persons: number;
  leads: number;
}
interface Credit {
  year: number;
  persons: CreditPerson[];
  teams: CreditTeam[];
  unattributedLeads: number;
}

const KIND_LABELS: Record<string, string> = { user: '本局人员', person: '外部个人', organisation: '外部机构' };
/** The confirmable stage each credited event needs (src/modules/credit/credit.rules.ts). */
const EVENT_STAGES: Record<string, string> = { signed: 'signed', started: 'building', operating: 'operating' };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const districtYear = () => Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

/** The body rows of one of the page's tables (not those of a person's expanded lines), cell by cell. */
const tableRows = (page: Page, testId: string) =>
  page
    .locator(`[data-test=${testId}]`)
    .evaluate((table) =>
      [...table.querySelectorAll('tbody > tr.el-table__row')]
        .filter((row) => row.closest('.el-table') === table)
        .map((row) => [...row.querySelectorAll(':scope > td')].map((cell) => (cell.textContent ?? '').trim())),
    );

const teamRows = (credit: Credit) =>
  credit.teams.map((team) => [team.name, ...[team.points, team.awaitingPoints, team.persons, team.leads].map(String)]);
const personRows = (credit: Credit) =>
  credit.persons.map((person) => [
    '',
    person.name,
    KIND_LABELS[person.kind],
    String(person.points),
    String(person.awaitingPoints),
    String(person.leads),
  ]);
/** Projects per page of an expanded person in the console (web/src/views/CreditView.vue). */
const CONSOLE_LEADS_PAGE = 50;

describeInBrowser('首引人积分 in the console (issue 20)', () => {
  let app: BrowserApp;
  let t: TestApp;
  let base: string;
  let leaderToken: string;

  const credit = async (year: number, token = leaderToken) => {
    const response = await t.http.get(`/api/v1/dashboard/credit?year=${year}`).set(auth({ token }));
    return { status: response.status, body: response.body as Credit };
  };
  const creditLeads = async (year: number, person: string, limit: number, cursor?: string) => {
    const response = await t.http
      .get('/api/v1/dashboard/credit/leads')
      .query({ year, person, limit, ...(cursor ? { cursor } : {}) })
      .set(auth({ token: leaderToken }));
    expect(response.status).toBe(200);
    return response.body as CreditLeadPage;
  };
  /** Waits until both tables read as `expected` says, and returns what they read. */
  const tablesShow = (page: Page, expected: Credit) =>
    waitFor(
      async () => ({ teams: await tableRows(page, 'credit-teams'), persons: await tableRows(page, 'credit-persons') }),
      (shown) => JSON.stringify(shown) === JSON.stringify({ teams: teamRows(expected), persons: personRows(expected) }),
      10_000,
    ).catch(async () => ({ teams: await tableRows(page, 'credit-teams'), persons: await tableRows(page, 'credit-persons') }));

  beforeAll(async () => {
    app = await BrowserApp.start({ name: 'browser-credit' });
    ({ t, base } = app);
    leaderToken = await t.login('zhangjianguo', demoPassword('zhangjianguo'));
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('lists, for this year and the last, each team and each referrer with the points of GET /dashboard/credit, and a referrer’s projects', async () => {
    const year = districtYear();
    const thisYear = await credit(year);
    expect(thisYear.status).toBe(200);
    expect(thisYear.body.persons.length).toBeGreaterThan(2);
    expect(thisYear.body.teams.length).toBeGreaterThan(1);
    expect(thisYear.body.persons.some((p) => p.points > 0)).toBe(true);

    const page = await app.loggedIn('zhangjianguo');
    await page.waitForURL('**/cockpit');
    await page.locator('[data-test=menu-credit]').first().click();
    await page.waitForURL('**/credit');
    expect(await tablesShow(page, thisYear.body)).toEqual({ teams: teamRows(thisYear.body), persons: personRows(thisYear.body) });
    expect(await page.locator('[data-test=credit]').innerText()).toContain(`未登记首引人的项目 ${thisYear.body.unattributedLeads} 个`);

    // the first referrer's projects, expanded: each lead with its points, read from GET /dashboard/credit/leads on expand
    const top = thisYear.body.persons[0];
    const topLeads = await creditLeads(year, top.key, CONSOLE_LEADS_PAGE);
    expect(topLeads.items.length).toBe(Math.min(top.leads, CONSOLE_LEADS_PAGE));
    await page.locator('[data-test=credit-persons] .el-table__expand-icon').first().click();
    const expanded = page.locator('[data-test=credit-persons] td.el-table__expanded-cell');
    await expanded.waitFor();
    const expandedLeads = () =>
      expanded
        .locator('tbody tr.el-table__row')
        .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => (cell.textContent ?? '').trim())));
    const shownLeads = await waitFor(expandedLeads, (rows) => rows.length === topLeads.items.length, 10_000);
    expect(shownLeads.map((cells) => [cells[0].split(' ')[0], cells[2]])).toEqual(
      topLeads.items.map((lead) => [lead.code, String(lead.points)]),
    );
    const more = expanded.locator('[data-test=credit-person-leads-more]');
    expect(await more.count()).toBe(topLeads.nextCursor ? 1 : 0);
    if (topLeads.nextCursor) {
      const second = await creditLeads(year, top.key, CONSOLE_LEADS_PAGE, topLeads.nextCursor);
      await more.click();
      const all = [...topLeads.items, ...second.items];
      const shown = await waitFor(expandedLeads, (rows) => rows.length === all.length, 10_000);
      expect(shown.map((cells) => cells[0].split(' ')[0])).toEqual(all.map((lead) => lead.code));
    }
    await screenshot(page, 'credit.png', { fullPage: true });

    // last year, chosen with the year's minus button
    const lastYear = await credit(year - 1);
    expect(lastYear.body.persons.length).toBeGreaterThan(0);
    expect(lastYear.body).not.toEqual(thisYear.body);
    await page.locator('[data-test=credit-year] .el-input-number__decrease').click();
    expect(await tablesShow(page, lastYear.body)).toEqual({ teams: teamRows(lastYear.body), persons: personRows(lastYear.body) });
  }, 90_000);

  it('a referrer’s points follow a leader’s confirmation: after 刷新 the row reads the API’s new points', async () => {
    const year = districtYear();
    const before = (await credit(year)).body;
    // a referrer with a move of this year still awaiting confirmation (their lines: GET /dashboard/credit/leads)
    const awaiting = (l: CreditLead) => l.lines.some((line) => !line.confirmed && line.awaitingPoints > 0);
    let person: CreditPerson | undefined;
    let lead: CreditLead | undefined;
    for (const candidate of before.persons.filter((p) => p.awaitingPoints > 0)) {
      lead = (await creditLeads(year, candidate.key, 200)).items.find(awaiting);
      if (lead) {
        person = candidate;
        break;
      }
    }
    expect(person).toBeDefined();
    const line = lead!.lines.find((l) => !l.confirmed && l.awaitingPoints > 0)!;

    const page = await app.loggedIn('zhangjianguo');
    await page.goto(`${base}/credit`);
    await tablesShow(page, before);
    const row = page
      .locator('[data-test=credit-persons] .el-table__body-wrapper tbody > tr.el-table__row')
      .nth(before.persons.indexOf(person!));
    expect(await row.locator(':scope > td').nth(1).innerText()).toBe(person!.name);
    expect(await row.locator(':scope > td').nth(3).innerText()).toBe(String(person!.points));

    const evidence = await t.http
      .post(`/api/v1/leads/${lead!.leadId}/confirmation-evidence`)
      .set(auth({ token: leaderToken }))
      .attach('file', PDF, { filename: '佐证.pdf', contentType: 'application/pdf' })
      .expect(201);
    await t.http
      .post(`/api/v1/leads/${lead!.leadId}/confirmations`)
      .set(auth({ token: leaderToken }))
      .send({ stage: EVENT_STAGES[line.kind], evidenceIds: [(evidence.body as { id: string }).id] })
      .expect(201);
    const after = (await credit(year)).body;
    const now = after.persons.find((p) => p.key === person!.key)!;
    expect(now.points).toBeCloseTo(person!.points + line.awaitingPoints);

    await page.locator('[data-test=credit] .page-title button', { hasText: '刷新' }).click();
    expect(await tablesShow(page, after)).toEqual({ teams: teamRows(after), persons: personRows(after) });
  }, 90_000);

  it('a promoter has no credit page: no menu entry, /credit leads home, and the API answers 403', async () => {
    const promoterToken = await t.login('wanglei', demoPassword('wanglei'));
    expect((await credit(districtYear(), promoterToken)).status).toBe(403);
    const page = await app.loggedIn('wanglei');
    await page.locator('[data-test=menu-leads]').first().waitFor();
    expect(await page.locator('[data-test=menu-credit]').count()).toBe(0);
    await page.goto(`${base}/credit`);
    await page.waitForURL((url) => url.pathname !== '/credit');
    await page.locator('[data-test=menu-leads]').first().waitFor();
    expect(await page.locator('[data-test=credit]').count()).toBe(0);
  }, 60_000);

  it('raised no page error', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
