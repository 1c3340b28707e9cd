import { chromium, type Browser, type Page } from 'playwright-core';
import { addDays, todayInTokyo } from '../../subgraphs/kit/dates';
import { sweep } from '../../subgraphs/monitor/evaluate';
import { mutate } from '../support/mutations';
import { testEvaluator } from '../support/monitor';
import { startStack, type Stack } from '../support/stack';

/** The explorer in a real headless Chromium (Debian's package), with no internet access. */
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await stack.stop();
});

describe('explorer', () => {
  it('opens at the gateway URL offline, prefilled, and runs the Worker 360 tab', async () => {
    const worker = await mutate(stack, 'registerWorker', 'RegisterWorkerInput', {
      fullName: 'Nguyen Thi Hoa',
      nationality: 'VN',
      dateOfBirth: '2000-02-02',
    });
    const page = await browser.newPage();
    const outside: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (
        !['127.0.0.1', 'localhost'].includes(url.hostname) &&
        !['blob:', 'data:'].includes(url.protocol)
      ) {
        outside.push(r.url());
      }
    });
    await page.goto(new URL('/', stack.gateway.url).toString());
    await page.waitForSelector('.graphiql-tab', { timeout: 30_000 });
    expect(await page.locator('.graphiql-tab').allInnerTexts()).toEqual([
      'Worker360',
      'WorkersPage',
      'EmployerEmployees',
      'RiskOverview',
      'MyQueue',
      'TransitionsSinceYesterday',
      'Next90Days',
      'Rules',
    ]);
    await page.locator('.graphiql-execute-button').click();
    await page.waitForFunction(
      // Monaco renders spaces as no-break spaces.
      (name) =>
        document
          .querySelector('.graphiql-response')
          ?.textContent?.replace(/\u00a0/g, ' ')
          .includes(name),
      'Nguyen Thi Hoa',
      { timeout: 30_000 },
    );
    const response = (await page.locator('.graphiql-response').textContent()) ?? '';
    expect(response).toContain(worker.id);
    expect(outside).toEqual([]);
    await page.close();
  });

  it("runs the population tabs on the monitor's store, each answering with data", async () => {
    const today = todayInTokyo();
    const worker = await mutate(stack, 'registerWorker', 'RegisterWorkerInput', {
      fullName: 'Pham Van Long',
      nationality: 'VN',
      dateOfBirth: '1999-09-09',
    });
    // A permit that expires within the forecast's 90 days, with no renewal filed.
    await mutate(stack, 'grantResidencePermit', 'GrantResidencePermitInput', {
      workerId: worker.id,
      status: 'STUDENT',
      grantedOn: addDays(today, -300),
      expiresOn: addDays(today, 30),
      enrolledUntil: addDays(today, 30),
    });
    await sweep(testEvaluator(stack), { asOf: today });
    const page = await browser.newPage();
    await page.goto(new URL('/', stack.gateway.url).toString());
    await page.waitForSelector('.graphiql-tab', { timeout: 30_000 });
    const expected: [string, string][] = [
      ['RiskOverview', '"workers": 2'],
      ['MyQueue', '"ruleId"'],
      ['TransitionsSinceYesterday', '"cause": "FIRST_EVALUATION"'],
      // A worker with only a permit is no better off in 90 days than today, so the forecast may
      // well be empty here; its content is checked day by day in upcoming-risks.e2e.
      ['Next90Days', '"upcomingRisks": {'],
    ];
    for (const [tab, shown] of expected) {
      const text = await runTab(page, tab, shown);
      expect(text).toContain('"data"');
      expect(text).not.toContain('"errors"');
    }
    await page.close();
  });
});

/** Opens one example tab, runs it and waits until its response shows `shown`. */
async function runTab(page: Page, tab: string, shown: string): Promise<string> {
  // The tab strip animates its layout after load: a click is sent to the button itself.
  await page.locator(`button.graphiql-tab-button[title="${tab}"]`).dispatchEvent('click');
  await page.locator('.graphiql-tab-active', { hasText: tab }).waitFor({ timeout: 10_000 });
  const response = async () =>
    ((await page.locator('.graphiql-response').textContent()) ?? '').replace(/\u00a0/g, ' ');
  // GraphiQL names the operation to run from the editor a moment after a tab switch: a click in
  // between sends the previous tab's name ("Cannot infer operation"). A person clicks again; so does this.
  for (let attempt = 1; ; attempt++) {
    await page.locator('.graphiql-execute-button').click();
    const seen = await page
      .waitForFunction(
        (text) => {
          const shownText = document
            .querySelector('.graphiql-response')
            ?.textContent?.replace(/\u00a0/g, ' ');
          if (shownText?.includes(text)) return 'shown';
          return shownText?.includes('Cannot infer operation') ? 'stale' : false;
        },
        shown,
        { timeout: 30_000 },
      )
      .then((handle) => handle.jsonValue())
      .catch(async () => {
        throw new Error(`${tab}: "${shown}" not in the response: ${await response()}`);
      });
    if (seen === 'shown') return response();
    if (attempt === 5)
      throw new Error(`${tab}: still the previous tab's operation: ${await response()}`);
    await page.waitForTimeout(500);
  }
}
