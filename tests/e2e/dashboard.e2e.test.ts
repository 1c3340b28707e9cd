/**
 * /dashboard in a real headless Chromium over the whole stack, the demo data swept by the monitor:
 * every chart (and its table) shows what the GraphQL API answers to the same operations, the
 * history replayed from the transitions ends at today's overview, nothing is fetched from another
 * host and nothing is logged to the console. In production the page asks for a token and a purpose.
 * KYOSEI_SCREENSHOT=1 saves docs/dashboard.png.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { RunningGateway } from '../../gateway/server';
import {
  DASHBOARD_EMPLOYER,
  DASHBOARD_FORECAST,
  DASHBOARD_OVERVIEW,
  DASHBOARD_TRANSITIONS,
  HISTORY_SINCE,
} from '../../gateway/dashboard/queries';
import { GATEWAY_AUDIENCE } from '../../subgraphs/kit/auth';
import { todayInTokyo } from '../../subgraphs/kit/dates';
import { sweep } from '../../subgraphs/monitor/evaluate';
import { buildDataset } from '../../tools/demo/dataset';
import { seedDataset } from '../../tools/demo/seed';
import { testToken, withAuth } from '../support/auth';
import { type GraphQLResponse } from '../support/graphql';
import { testEvaluator } from '../support/monitor';
import { startProductionGateway, startStack, type Stack } from '../support/stack';

const REF = todayInTokyo();
const SCREENSHOT = process.env.KYOSEI_SCREENSHOT === '1';
const ROOT = path.join(__dirname, '../..');

let stack: Stack;
let production: RunningGateway;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack();
  // A quarter of the demo workers, all employers: every situation, in a few minutes.
  const dataset = buildDataset(REF);
  const workers = dataset.workers.filter((_, i) => i % 4 === 0);
  await seedDataset(
    stack.gateway.url,
    { ...dataset, workers },
    { headers: await withAuth(stack.gateway.url, {}) },
  );
  await sweep(testEvaluator(stack), { asOf: REF });
  production = await startProductionGateway(stack);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
}, 900_000);
afterAll(async () => {
  await browser?.close();
  await production?.stop();
  await stack?.stop();
});

interface Count {
  count: number | null;
  suppressed: boolean;
}
interface Overview {
  asOf: string;
  workers: number;
  byStatus: (Count & { status: string })[];
  byRule: (Count & { ruleId: string })[];
}
interface Transition {
  at: string;
  to: string;
  worker: { id: string };
  findingsAdded: { ruleId: string }[];
}
interface Risk {
  on: string;
  worker: { id: string };
}
interface Drawn {
  labels: string[];
  datasets: { label: string; data: (number | null)[] }[];
}

/** Every node of a connection the test reads itself, page after page. */
async function nodes<T>(query: string, variables: object, field: string): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  for (;;) {
    type Connection = {
      edges: { node: T }[];
      pageInfo: { hasNextPage: boolean; endCursor: string };
    };
    const res: GraphQLResponse<Record<string, Connection>> = await stack.query(query, {
      ...variables,
      after,
    });
    expect(res.errors).toBeUndefined();
    const page = res.data![field];
    out.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
}

/** A page that records console errors, failed scripts and any request to another host. */
async function watchedPage(): Promise<{ page: Page; problems: string[]; outside: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  const outside: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname) && url.protocol !== 'data:')
      outside.push(r.url());
  });
  return { page, problems, outside };
}

async function settled(page: Page): Promise<string> {
  await page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.state ?? ''), {
    timeout: 60_000,
  });
  return page.evaluate(() => document.body.dataset.state ?? '');
}

/** Each chart's labels and data as Chart.js holds them, by panel name. */
const drawn = (page: Page): Promise<Record<string, Drawn>> =>
  page.evaluate(() => {
    const chartJs = (window as unknown as { Chart: { getChart(c: HTMLCanvasElement): unknown } })
      .Chart;
    const out: Record<string, unknown> = {};
    for (const canvas of document.querySelectorAll('canvas')) {
      const chart = chartJs.getChart(canvas) as { data: Drawn };
      out[canvas.id.replace(/^chart-/, '')] = {
        labels: chart.data.labels,
        datasets: chart.data.datasets.map((d) => ({ label: d.label, data: d.data })),
      };
    }
    return out as Record<string, Drawn>;
  });

/** A fallback table's body, cell texts by row. */
const tableRows = (page: Page, name: string) =>
  page.$$eval(`#table-${name} tbody tr`, (rows) =>
    rows.map((r) => [...r.children].map((c) => c.textContent ?? '')),
  );

const tally = <T>(items: T[], key: (t: T) => string) => {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return m;
};

describe('/dashboard outside production (the development token)', () => {
  it('draws each chart and table from the API, offline, with no console error', async () => {
    const { page, problems, outside } = await watchedPage();
    const response = await page.goto(new URL('/dashboard', stack.gateway.url).toString());
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    expect(await settled(page)).toBe('ready');
    const charts = await drawn(page);

    // The same operations, asked by the test.
    const res = await stack.query(DASHBOARD_OVERVIEW, {});
    expect(res.errors).toBeUndefined();
    const overview = res.data!.overview as Overview;
    const groups = res.data!.employers.groups as {
      key: string;
      label: string;
      byRule: Count[];
    }[];
    const history = await nodes<Transition>(
      DASHBOARD_TRANSITIONS,
      { since: HISTORY_SINCE },
      'riskTransitions',
    );
    const since = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
    const feed = await nodes<Transition>(DASHBOARD_TRANSITIONS, { since }, 'riskTransitions');
    const risks = await nodes<Risk>(DASHBOARD_FORECAST, {}, 'upcomingRisks');
    expect(overview.workers).toBeGreaterThan(40);
    expect(feed.length).toBeGreaterThanOrEqual(overview.workers);
    expect(risks.length).toBeGreaterThan(0);

    expect(charts.status).toEqual({
      labels: overview.byStatus.map((c) => c.status),
      datasets: [{ label: 'Workers', data: overview.byStatus.map((c) => c.count) }],
    });
    expect(charts.rules).toEqual({
      labels: overview.byRule.map((c) => c.ruleId),
      datasets: [{ label: 'Findings', data: overview.byRule.map((c) => c.count) }],
    });
    const top = groups
      .filter((g) => g.key !== 'NONE' && g.key !== 'UNKNOWN')
      .map((g) => ({ ...g, n: g.byRule.reduce((s, c) => s + (c.count ?? 0), 0) }))
      .filter((g) => g.n > 0)
      .slice(0, 10);
    expect(top.length).toBeGreaterThan(0);
    const names: string[] = [];
    for (const g of top) {
      const employer = await stack.query(DASHBOARD_EMPLOYER, { id: g.key });
      expect(employer.errors).toBeUndefined();
      names.push(employer.data!.employer.name);
    }
    expect(charts.employers).toEqual({
      labels: names,
      datasets: [{ label: 'Findings to cure', data: top.map((g) => g.n) }],
    });

    // The history replayed from every stored transition ends at today's overview.
    const days = charts['status-history'].labels;
    expect(days[days.length - 1]).toBe(overview.asOf);
    const lastOf = (d: Drawn) =>
      Object.fromEntries(d.datasets.map((s) => [s.label, s.data.at(-1)]));
    expect(lastOf(charts['status-history'])).toEqual(
      Object.fromEntries(overview.byStatus.map((c) => [c.status, c.count])),
    );
    expect(lastOf(charts['rules-history'])).toEqual(
      expect.objectContaining(Object.fromEntries(overview.byRule.map((c) => [c.ruleId, c.count]))),
    );
    const firstDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(
      new Date(history[0].at),
    );
    expect(days[0]).toBe(firstDay);

    // The feed since yesterday: by new status, and one row per transition.
    const byTo = tally(feed, (t) => t.to);
    expect(
      Object.fromEntries(charts.feed.labels.map((s, i) => [s, charts.feed.datasets[0].data[i]])),
    ).toEqual(Object.fromEntries(byTo));
    const feedRows = await page.$$eval('#feed-list tbody tr', (rows) =>
      rows.map((r) => r.children[1].textContent),
    );
    expect(feedRows).toEqual(feed.map((t) => t.worker.id));

    // The next 90 days, by date.
    const byDay = tally(risks, (r) => r.on);
    expect(charts.forecast).toEqual({
      labels: [...byDay.keys()].sort(),
      datasets: [{ label: 'Workers', data: [...byDay.keys()].sort().map((d) => byDay.get(d)) }],
    });

    // Every chart has its table with the same numbers, and is announced as an image.
    for (const [name, chart] of Object.entries(charts)) {
      const rows = await tableRows(page, name);
      expect(rows.map((r) => r[0])).toEqual(chart.labels);
      expect(rows.map((r) => r.slice(1, 1 + chart.datasets.length))).toEqual(
        chart.labels.map((_, i) => chart.datasets.map((d) => String(d.data[i]))),
      );
    }
    expect(Object.keys(charts).sort()).toEqual(
      [
        'employers',
        'feed',
        'forecast',
        'rules',
        'rules-history',
        'status',
        'status-history',
      ].sort(),
    );
    expect(await page.$$eval('canvas', (cs) => cs.map((c) => c.getAttribute('role')))).toEqual(
      Array(7).fill('img'),
    );
    expect(await page.$$eval('h1, h2', (hs) => hs.map((h) => h.textContent))).toEqual([
      'Kyosei Graph dashboard',
      'Sign in',
      'Today',
      'Over the stored history',
      'Transitions in the last 24 hours',
      'Next 90 days',
    ]);

    // Chart.js is the package's own UMD build, served from the gateway.
    const served = await fetch(new URL('/dashboard/chart.umd.min.js', stack.gateway.url));
    const bundled = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');
    expect(await served.text()).toBe(readFileSync(bundled, 'utf8'));

    if (SCREENSHOT)
      await page.screenshot({ path: path.join(ROOT, 'docs/dashboard.png'), fullPage: true });
    expect(problems).toEqual([]);
    expect(outside).toEqual([]);
    await page.close();
  }, 300_000);
});

describe('/dashboard in production', () => {
  it('carries no token, asks for one and a purpose, then draws from the API', async () => {
    const html = await (await fetch(new URL('/dashboard', production.url))).text();
    expect(html).not.toMatch(/eyJ/); // no JWT in the page
    const { page, problems, outside } = await watchedPage();
    await page.goto(new URL('/dashboard', production.url).toString());
    await page.waitForSelector('#login:not([hidden])');
    expect(await page.evaluate(() => document.body.dataset.state)).toBe('login');
    const token = await testToken(GATEWAY_AUDIENCE, {
      sub: 'dashboard-caseworker',
      agency: 'LABOR_INSPECTION',
      scope: 'employment:read consistency:read',
      purpose: '',
    });
    await page.fill('#login-token', token);
    await page.fill('#login-purpose', 'labour inspection planning');
    await page.click('#login button[type=submit]');
    expect(await settled(page)).toBe('ready');
    const res = await stack.query(DASHBOARD_OVERVIEW, {});
    expect((await drawn(page)).status.datasets[0].data).toEqual(
      (res.data!.overview as Overview).byStatus.map((c) => c.count),
    );
    expect(problems).toEqual([]);
    expect(outside).toEqual([]);
    await page.close();
  }, 120_000);
});
