import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Page } from 'playwright-core';
import { auth, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { BrowserApp, demoPassword, describeInBrowser, screenshot } from './support/browser-app';

/**
 * Issue 20, 考核预测 in the console: on the demo bureau (three years of history) in headless Chromium, the cockpit's
 * forecast card shows for each metric what GET /dashboard/forecast answers the same leader (also under the team
 * filter), draws its chart, and the 预测回测 tab shows GET /dashboard/forecast/backtest's errors; a promoter has
 * neither (the API refuses them).
 */

interface ForecastMetric {
  key: string;
  label: string;
  unit: string;
  target: number;
  actualToDate: number;
  yearEnd: number;
  low: number;
  high: number;
  gap: number;
  words: string;
  months: Array<{ month: number; actual: number | null; expected: number; cumulative: number; low: number; high: number }>;
}
interface BacktestMetric {
  key: string;
  unit: string;
  mape: number | null;
  yearEnd: { predicted: number; actual: number | null; absoluteError: number | null };
}

/** The card's metric buttons, in its order. */
const METRIC_LABELS: Record<string, string> = {
  signings: '签约项目',
  investmentSigned: '合同投资额',
  keyProjectsStarted: '重点项目开工',
  investmentArrived: '到位投资',
};

/** A figure as the card writes it: counts to one decimal, 万元 whole, with the unit. */
const figure = (value: number, unit: string) =>
  `${value.toLocaleString('zh-CN', { maximumFractionDigits: unit === '个' ? 1 : 0 })} ${unit}`;
/** A ratio as a percentage to one decimal ("37.5%"). */
const percentOf = (ratio: number) => `${(ratio * 100).toLocaleString('zh-CN', { maximumFractionDigits: 1 })}%`;
/** A number as the chart's tooltip writes it (ECharts' addCommas: thousands separated, decimals as they are). */
const chartNumber = (value: number) => {
  const [whole, decimals] = String(value).split('.');
  return whole.replace(/(\d{1,3})(?=(?:\d{3})+(?!\d))/g, '$1,') + (decimals === undefined ? '' : `.${decimals}`);
};
/** An axis tooltip's text ("12月\n预测累计\n105,700\n…") as series name → value. */
const tooltipValues = (text: string): Record<string, string> => {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(1);
  return Object.fromEntries(Array.from({ length: Math.floor(lines.length / 2) }, (_, i) => [lines[2 * i], lines[2 * i + 1]]));
};
/** This year in the district (Asia/Shanghai). */
const districtYear = () => Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

describeInBrowser('考核预测 on the cockpit: the forecast card and its backtest (issue 20)', () => {
  let app: BrowserApp;
  let t: TestApp;
  let base: string;
  let leaderToken: string;

  const get = async <T>(path: string, token = leaderToken): Promise<{ status: number; body: T }> => {
    const response = await t.http.get(`/api/v1${path}`).set(auth({ token }));
    return { status: response.status, body: response.body as T };
  };
  const text = async (page: Page, testId: string) => (await page.locator(`[data-test=${testId}]`).innerText()).trim();

  beforeAll(async () => {
    app = await BrowserApp.start({ name: 'browser-forecast' });
    ({ t, base } = app);
    leaderToken = await t.login('zhangjianguo', demoPassword('zhangjianguo'));
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('shows a leader, metric by metric, the actual to date, the year-end forecast, its band, the target and the gap sentence of GET /dashboard/forecast, and draws the chart', async () => {
    const page = await app.loggedIn('zhangjianguo');
    await page.waitForURL('**/cockpit');
    const card = page.locator('[data-test=forecast-card]');
    await card.locator('[data-test=forecast-actual]').waitFor();
    const year = districtYear();
    const forecast = await get<{ year: number; metrics: ForecastMetric[] }>(`/dashboard/forecast?year=${year}`);
    expect(forecast.status).toBe(200);
    expect(forecast.body.year).toBe(year);
    expect(forecast.body.metrics.map((m) => m.key)).toEqual(Object.keys(METRIC_LABELS));

    for (const metric of forecast.body.metrics) {
      await card.locator('[data-test=forecast-metric] label', { hasText: METRIC_LABELS[metric.key] }).click();
      await waitFor(
        () => text(page, 'forecast-target'),
        (shown) => shown === figure(metric.target, metric.unit),
        10_000,
      );
      expect({
        metric: metric.key,
        target: await text(page, 'forecast-target'),
        actual: await text(page, 'forecast-actual'),
        yearEnd: await text(page, 'forecast-year-end'),
        band: await text(page, 'forecast-band'),
        words: await text(page, 'forecast-words'),
      }).toEqual({
        metric: metric.key,
        target: figure(metric.target, metric.unit),
        actual: figure(metric.actualToDate, metric.unit),
        yearEnd: figure(metric.yearEnd, metric.unit),
        band: `（${figure(metric.low, metric.unit)} – ${figure(metric.high, metric.unit)}）`,
        words: metric.words,
      });
      // a gap is a warning, a target met a success
      expect(await card.locator('[data-test=forecast-words]').getAttribute('class')).toContain(
        metric.gap > 0 ? 'el-alert--warning' : 'el-alert--success',
      );
    }

    // the chart, drawn: hovering a month, its tooltip reads the running totals; January's actual is January's, December's
    // forecast the year-end one, the target line the target (of the last metric chosen)
    const last = forecast.body.metrics[forecast.body.metrics.length - 1];
    const chart = card.locator('[data-test=forecast-chart]');
    await chart.locator('canvas').waitFor();
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.boundingBox())!;
    expect(box.width > 300 && box.height > 200).toBe(true);
    await page.waitForTimeout(600);
    await page.mouse.move(box.x + box.width - 22, box.y + box.height / 2);
    const december = tooltipValues(
      await waitFor(
        () => chart.innerText(),
        (shown) => shown.startsWith('12月'),
        10_000,
      ),
    );
    expect(december).toMatchObject({ 预测累计: chartNumber(last.yearEnd), 全年目标: chartNumber(last.target) });
    expect(december).toHaveProperty('预测区间');
    await page.mouse.move(box.x + 62, box.y + box.height / 2);
    const january = tooltipValues(
      await waitFor(
        () => chart.innerText(),
        (shown) => shown.startsWith('1月'),
        10_000,
      ),
    );
    expect(january).toMatchObject({ 实际累计: chartNumber(last.months[0].actual ?? Number.NaN), 全年目标: chartNumber(last.target) });
    await screenshot(page, 'forecast-card.png');
  }, 90_000);

  it('follows the cockpit’s team filter: the card then shows GET /dashboard/forecast for that team', async () => {
    const [{ id: teamId }] = await t.dataSource.query<Array<{ id: string }>>(`SELECT id FROM teams WHERE name LIKE '产业链招商二组%'`);
    const year = districtYear();
    const whole = await get<{ metrics: ForecastMetric[] }>(`/dashboard/forecast?year=${year}`);
    const team = await get<{ metrics: ForecastMetric[] }>(`/dashboard/forecast?year=${year}&teamId=${teamId}`);
    const [signings] = team.body.metrics;
    expect(signings.key).toBe('signings');
    // the team's own figures, not the district's
    expect(signings.actualToDate).toBeLessThan(whole.body.metrics[0].actualToDate);

    const page = await app.loggedIn('zhangjianguo');
    await page.waitForURL('**/cockpit');
    const card = page.locator('[data-test=forecast-card]');
    await card.locator('[data-test=forecast-actual]').waitFor();
    await page.locator('[data-test=filter-team]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '产业链招商二组' }).click();
    await page.waitForURL((url) => url.searchParams.get('teamId') === teamId);
    await waitFor(
      () => text(page, 'forecast-actual'),
      (shown) => shown === figure(signings.actualToDate, signings.unit),
      10_000,
    );
    expect({ yearEnd: await text(page, 'forecast-year-end'), words: await text(page, 'forecast-words') }).toEqual({
      yearEnd: figure(signings.yearEnd, signings.unit),
      words: signings.words,
    });
  }, 60_000);

  it('the 预测回测 tab shows the error of GET /dashboard/forecast/backtest for a date chosen', async () => {
    const page = await app.loggedIn('zhangjianguo');
    await page.waitForURL('**/cockpit');
    const card = page.locator('[data-test=forecast-card]');
    await card.locator('[data-test=forecast-actual]').waitFor();
    await card.locator('.el-tabs__item', { hasText: '预测回测' }).click();
    await card.locator('[data-test=backtest-predicted]').waitFor();

    // a date of last year: the year is over, so its year-end error is known
    const asOf = `${districtYear() - 1}-06-30`;
    // the date picker by its visible label (Element Plus does not pass data-test on to it)
    const date = card.getByLabel('预测日期');
    await date.fill(asOf);
    await date.press('Enter');
    await card.locator('[data-test=backtest-run]').click();
    const backtest = await get<{ year: number; metrics: BacktestMetric[] }>(`/dashboard/forecast/backtest?asOf=${asOf}`);
    expect(backtest.status).toBe(200);
    expect(backtest.body.year).toBe(districtYear() - 1);
    console.log(
      `backtest on the demo as of ${asOf}: ${backtest.body.metrics.map((m) => `${m.key} year end ${m.yearEnd.predicted} vs ${m.yearEnd.actual}, MAPE ${m.mape}`).join('; ')}`,
    );

    for (const metric of backtest.body.metrics) {
      await card.locator('[data-test=forecast-metric] label', { hasText: METRIC_LABELS[metric.key] }).click();
      const predicted = figure(metric.yearEnd.predicted, metric.unit);
      await waitFor(
        () => text(page, 'backtest-predicted'),
        (shown) => shown === predicted,
        10_000,
      );
      expect(metric.yearEnd.actual).not.toBeNull();
      expect({
        metric: metric.key,
        predicted: await text(page, 'backtest-predicted'),
        actual: await text(page, 'backtest-actual'),
        absoluteError: await text(page, 'backtest-absolute-error'),
        mape: await text(page, 'backtest-mape'),
      }).toEqual({
        metric: metric.key,
        predicted,
        actual: figure(metric.yearEnd.actual!, metric.unit),
        absoluteError: figure(metric.yearEnd.absoluteError!, metric.unit),
        mape: metric.mape === null ? '—' : percentOf(metric.mape),
      });
    }
    await card.locator('[data-test=backtest-chart] canvas').waitFor();
    await screenshot(page, 'forecast-backtest.png');
  }, 90_000);

  it('a promoter has no cockpit nor forecast: the menu lacks it, /cockpit leads home, the API answers 403', async () => {
    const promoterToken = await t.login('wanglei', demoPassword('wanglei'));
    expect((await get(`/dashboard/forecast?year=${districtYear()}`, promoterToken)).status).toBe(403);
    expect((await get(`/dashboard/forecast/backtest?asOf=${districtYear() - 1}-06-30`, promoterToken)).status).toBe(403);
    const page = await app.loggedIn('wanglei');
    await page.locator('[data-test=menu-leads]').first().waitFor();
    expect(await page.locator('[data-test=menu-cockpit]').count()).toBe(0);
    await page.goto(`${base}/cockpit`);
    await page.waitForURL((url) => url.pathname !== '/cockpit');
    await page.locator('[data-test=menu-leads]').first().waitFor();
    expect(await page.locator('[data-test=forecast-card]').count()).toBe(0);
  }, 60_000);

  it('raised no page error', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
