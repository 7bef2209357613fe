import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Page } from 'playwright-core';
import { daysAgo, square } from '../support/carriers';
import { auth, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { BrowserApp, demoPassword, describeInBrowser, screenshot } from './support/browser-app';

/**
 * Issue 19 in the console (载体资源 on the cockpit and the plan): a leader of the demo bureau sees the cockpit's
 * vacancy card give the figures GET /dashboard/carriers gives (under the cockpit's zone too), each linking to the
 * carriers list filtered alike; the district plan draws the parcels of GET /carriers/plan from their stored
 * outlines, with /meta/carriers' status labels in its legend and a tooltip; a click on a parcel opens its carrier.
 * Harness: ./support/browser-app.ts; the demo's carriers, plus a few of the spec's own with known days vacant.
 */

const LEADER = 'zhangjianguo';
/** The spec's parcels: large enough on the plan to aim the mouse at. */
const PARCEL = 0.004;

interface KindFigure {
  kind: string;
  kindLabel: string;
  total: number;
  vacant: number;
}
interface Figures {
  byKind: KindFigure[];
}
interface PlanFeature {
  properties: { layer: string; id?: string; code: string; name: string; kind?: string; status?: string };
}
interface Meta {
  kinds: Array<{ key: string; free: string; statuses: string[] }>;
  statuses: Array<{ key: string; label: string }>;
}
interface Exposed {
  id: string;
  code: string;
  status: string;
  x: number;
  y: number;
}

describeInBrowser('载体分布图 and the cockpit’s vacancy card (issue 19)', () => {
  let app: BrowserApp;
  let t: TestApp;
  let base: string;
  let token: string;
  let page: Page;
  // a park the demo has no carriers in, east of the demo's parks around 文昌湖: the spec's parcels alone in it
  const ZONE = 'A1';
  const PARK = 'A1-P4';

  const get = async <T>(path: string, query: Record<string, string> = {}): Promise<T> =>
    (await t.http.get(`/api/v1${path}`).query(query).set(auth({ token })).expect(200)).body as T;

  beforeAll(async () => {
    app = await BrowserApp.start({ name: 'carriers-plan' });
    ({ t, base } = app);
    token = await t.login(LEADER, demoPassword(LEADER));

    // The spec's own carriers beside the demo's (if any): a park outline and parcels in it, one vacant for years.
    await t.http
      .put('/api/v1/carriers/park-outlines')
      .set(auth({ token }))
      .send({ parkCode: PARK, outline: square(117.95, 36.6, 0.03) })
      .expect(204);
    const own = [
      { code: 'BT-L1', name: '浏览器测试 1 号地块', kind: 'land', areaMu: 28.5, vacantSince: daysAgo(900), at: [117.952, 36.602] },
      { code: 'BT-L2', name: '浏览器测试 2 号地块', kind: 'land', areaMu: 40, status: 'transferred', at: [117.962, 36.602] },
      { code: 'BT-F1', name: '浏览器测试 1 号厂房', kind: 'factory', floorArea: 3200, vacantSince: daysAgo(120), at: [117.952, 36.615] },
      { code: 'BT-F2', name: '浏览器测试 2 号厂房', kind: 'factory', floorArea: 5000, status: 'leased', at: [117.962, 36.615] },
      { code: 'BT-B1', name: '浏览器测试 A 座 5 层', kind: 'building', floorArea: 800, vacantSince: daysAgo(30), at: [117.972, 36.615] },
    ];
    for (const { at, ...carrier } of own)
      await t.http
        .post('/api/v1/carriers')
        .set(auth({ token }))
        .send({ ...carrier, parkCode: PARK, outline: square(at[0], at[1], PARCEL) })
        .expect(201);
    page = await app.loggedIn(LEADER);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
  });

  /** The card's figures per kind as shown: [vacant, total]. */
  async function shownKinds(): Promise<Record<string, [number, number]>> {
    const card = page.locator('[data-test=carrier-vacancy]');
    await card.waitFor();
    const shown: Record<string, [number, number]> = {};
    for (const row of await card.locator('[data-test^=carrier-kind-]').all()) {
      const kind = (await row.getAttribute('data-test'))!.slice('carrier-kind-'.length);
      const vacant = Number(await row.locator('[data-test=carrier-vacant]').innerText());
      const total = Number(await row.locator('[data-test=carrier-total]').innerText());
      shown[kind] = [vacant, total];
    }
    return shown;
  }

  const expected = (figures: Figures) => Object.fromEntries(figures.byKind.map((f) => [f.kind, [f.vacant, f.total]]));

  it('shows on the cockpit the vacancy GET /dashboard/carriers gives, each figure linking to the carriers it counts', async () => {
    const meta = await get<Meta>('/meta/carriers');
    const figures = await get<Figures>('/dashboard/carriers');
    expect(figures.byKind.length).toBeGreaterThan(0);
    await page.goto(`${base}/cockpit`);
    await page.locator('[data-test=cockpit][data-loading=false]').waitFor();
    expect(await shownKinds()).toEqual(expected(figures));
    for (const f of figures.byKind) {
      const row = page.locator(`[data-test=carrier-kind-${f.kind}]`);
      const free = meta.kinds.find((k) => k.key === f.kind)!.free;
      expect(await row.locator('[data-test=carrier-vacant]').getAttribute('href')).toBe(`/carriers?kind=${f.kind}&status=${free}`);
      expect(await row.locator('[data-test=carrier-total]').getAttribute('href')).toBe(`/carriers?kind=${f.kind}`);
      // the list the link names counts what the figure counts
      const listed = await get<{ items: unknown[] }>('/carriers', { kind: f.kind, status: free, limit: '200' });
      expect(listed.items.length).toBe(f.vacant);
    }

    // the longest-idle carriers: the vacant ones vacant longest, as the list sorted by vacantSince gives them
    const longest = await get<{ items: Array<{ code: string; idleDays: number | null }> }>('/carriers', {
      status: [...new Set(meta.kinds.map((k) => k.free))].join(','),
      sort: 'vacantSince',
      limit: '5',
    });
    const idle = page.locator('[data-test=carrier-idle] [data-test^=carrier-idle-]:not([data-test=carrier-idle-days])');
    const codes = (await idle.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-test') ?? ''))).map((d) =>
      d.slice('carrier-idle-'.length),
    );
    expect(codes).toEqual(longest.items.filter((c) => c.idleDays !== null).map((c) => c.code));
    const days = await page.locator('[data-test=carrier-idle] [data-test=carrier-idle-days]').allInnerTexts();
    expect(days).toEqual(longest.items.filter((c) => c.idleDays !== null).map((c) => `${c.idleDays} 天`));
    await screenshot(page, 'carriers-cockpit.png', { fullPage: true });

    // a figure opens the carriers list filtered alike: as many rows as the figure says
    const land = figures.byKind.find((f) => f.kind === 'land')!;
    await page.locator('[data-test=carrier-kind-land] [data-test=carrier-vacant]').click();
    await page.waitForURL((url) => url.pathname === '/carriers' && url.searchParams.get('status') === 'available');
    const rows = await waitFor(
      () => page.locator('[data-test=carriers] tbody tr').count(),
      (count) => count === land.vacant,
      15_000,
    );
    expect(rows).toBe(land.vacant);
  });

  it('follows the cockpit’s zone: the figures and the links are the zone’s', async () => {
    const figures = await get<Figures>('/dashboard/carriers', { park: ZONE });
    await page.goto(`${base}/cockpit?zone=${ZONE}`);
    await page.locator('[data-test=cockpit][data-loading=false]').waitFor();
    const shown = await waitFor(
      () => shownKinds(),
      (s) => JSON.stringify(s) === JSON.stringify(expected(figures)),
      15_000,
    );
    expect(shown).toEqual(expected(figures));
    const land = page.locator('[data-test=carrier-kind-land] [data-test=carrier-vacant]');
    expect(await land.getAttribute('href')).toBe(`/carriers?park=${ZONE}&kind=land&status=available`);
  });

  it('draws the plan’s parcels from their outlines, with the status labels of /meta/carriers, and opens a parcel’s carrier', async () => {
    const meta = await get<Meta>('/meta/carriers');
    const plan = await get<{ features: PlanFeature[] }>('/carriers/plan');
    const parcels = plan.features.filter((f) => f.properties.layer === 'carrier');
    expect(parcels.length).toBeGreaterThanOrEqual(5);

    await page.goto(`${base}/cockpit`);
    await page.locator('[data-test=carrier-vacancy-plan]').click();
    await page.waitForURL((url) => url.pathname === '/carriers/plan');
    const chart = page.locator('[data-test=plan-chart]');
    await chart.locator('canvas').waitFor();
    // what the chart's map series holds, as the view exposes it: every parcel of the plan
    const exposed = await waitFor(
      async () => JSON.parse((await chart.getAttribute('data-parcels')) ?? '[]') as Exposed[],
      (list) => list.length === parcels.length,
      15_000,
    );
    expect(exposed.map((p) => p.id).sort()).toEqual(parcels.map((f) => f.properties.id).sort());

    // the legend: the statuses' labels as /meta/carriers declares them
    const legend = await page.locator('[data-test=plan-legend] button').allInnerTexts();
    const labels = legend.map((text) => text.replace(/\s*\d+\s*$/, '').trim());
    expect(labels).toEqual(meta.statuses.filter((s) => meta.kinds.some((k) => k.statuses.includes(s.key))).map((s) => s.label));

    // on the plan of the spec's park (its parcels large enough to aim at): a tooltip over the 900-day parcel
    // names it with its kind, area and days vacant
    await page.goto(`${base}/carriers/plan?park=${PARK}`);
    await chart.locator('canvas').waitFor();
    const own = await waitFor(
      async () => JSON.parse((await chart.getAttribute('data-parcels')) ?? '[]') as Exposed[],
      (list) => list.length === 5,
      15_000,
    );
    const box = (await chart.boundingBox())!;
    const target = own.find((p) => p.code === 'BT-L1')!;
    await page.mouse.move(box.x + target.x, box.y + target.y);
    const tooltip = await waitFor(
      () => chart.innerText(),
      (text) => text.includes('浏览器测试 1 号地块'),
      10_000,
    );
    expect(tooltip).toContain('地块');
    expect(tooltip).toContain('28.5 亩');
    expect(tooltip).toContain('可供应');
    expect(tooltip).toContain('900 天');
    await screenshot(page, 'carriers-plan.png', { fullPage: true });

    // a click on the parcel opens its carrier
    await page.mouse.click(box.x + target.x, box.y + target.y);
    await page.waitForURL((url) => url.pathname === `/carriers/${target.id}`);
  });

  it('filters the plan by park and kind: only those parcels are drawn', async () => {
    const plan = await get<{ features: PlanFeature[] }>('/carriers/plan', { park: PARK });
    const factories = plan.features.filter((f) => f.properties.layer === 'carrier' && f.properties.kind === 'factory');
    await page.goto(`${base}/carriers/plan?park=${PARK}&kind=factory`);
    const chart = page.locator('[data-test=plan-chart]');
    await chart.locator('canvas').waitFor();
    const exposed = await waitFor(
      async () => JSON.parse((await chart.getAttribute('data-parcels')) ?? '[]') as Exposed[],
      (list) => list.length === factories.length,
      15_000,
    );
    expect(exposed.map((p) => p.code).sort()).toEqual(factories.map((f) => f.properties.code).sort());
    // the table beside it: a keyboard reaches every drawn carrier
    const row = page.locator('[data-test=plan-row-BT-F1]');
    expect(await row.getAttribute('href')).toBe(`/carriers/${exposed.find((p) => p.code === 'BT-F1')!.id}`);
  });

  it('reported no Content-Security-Policy violation and no page error', () => {
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
