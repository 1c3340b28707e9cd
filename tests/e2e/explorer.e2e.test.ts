import { chromium, type Browser } from 'playwright-core';
import { mutate } from '../support/mutations';
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
});
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
});
