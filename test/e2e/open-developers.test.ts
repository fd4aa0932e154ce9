import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, settle } from '../support/axe.ts';
import { launchBrowser, newUserContext, startE2EServer } from '../support/browser.ts';
import { ENGINES } from '../support/db.ts';
import type { ServerProcess } from '../support/process.ts';

const PASSWORD = 'Demo-pass-2026';
const DEV_PASSWORD = 'Dev-e2e-pass-1';
const CONTACT = 'e2e.dev@example.com';

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

interface Application {
  id: string;
  status: string;
  dataset: { name: string | null; title: string };
  department: { id: string };
  developer: { username: string };
}

/** What went wrong in the browser: console errors (the visitor's expected 401 aside), uncaught errors, CSP. */
async function open(browser: Browser, viewport: { width: number; height: number }) {
  const context = await newUserContext(browser, { viewport });
  const trouble: string[] = [];
  await context.exposeFunction('__reportCsp', (text: string) => trouble.push(`csp ${text}`));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportCsp?: (text: string) => void }).__reportCsp;
      void report?.(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (/401 \(Unauthorized\)/.test(message.text()) && message.location().url.endsWith('/api/auth/me'))
      return;
    trouble.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => trouble.push(`${page.url()}: ${error.message}`));
  return { context, page, trouble };
}

const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe.each(ENGINES)('open data developers on %s (chromium)', (engine) => {
  let server: ServerProcess;
  let browser: Browser;
  let stop: () => Promise<void>;
  /** The demo developer's pending application: its dataset's department has a demo steward. */
  let pending: Application;
  let steward: string;
  let developerContext: BrowserContext;
  let developerPage: Page;
  let developerTrouble: string[];
  let secret = '';

  const api = async <T>(path: string, token?: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(`${server.url}${path}`, {
      ...init,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers ?? {}) },
    });
    expect(response.status, `${path}: ${await response.clone().text()}`).toBeLessThan(300);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    const started = await startE2EServer(engine, PASSWORD);
    server = started.server;
    stop = started.stop;
    browser = await launchBrowser();
    const { token } = await api<{ token: string }>('/api/auth/login', undefined, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    const list = await api<{ items: Application[] }>('/api/open/applications?status=pending', token);
    pending = list.items.find((a) => a.developer.username === 'developer')!;
    expect(pending, 'the demo developer’s pending application').toBeDefined();
    const stewards = await api<{ items: { username: string }[] }>(
      `/api/users?role=dept_steward&departmentId=${pending.department.id}`,
      token,
    );
    steward = stewards.items[0]!.username;
    ({
      context: developerContext,
      page: developerPage,
      trouble: developerTrouble,
    } = await open(browser, DESKTOP));
    // The demo city's seed on a machine shared with other test runs takes more than the default hook time.
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await stop?.();
  });

  it('a visitor registers with a code from the server log, lands in the console and makes a key; axe finds nothing', async () => {
    const page = developerPage;
    await page.goto(`${server.url}/open/developer`);
    await page.getByTestId('dev-register').waitFor({ timeout: 45_000 });
    expect(await axeViolations(page)).toEqual([]);

    const from = server.output().length;
    await page.getByTestId('dev-contact').fill(CONTACT);
    await page.getByTestId('dev-display-name').fill('端到端开发者');
    await page.getByTestId('dev-password').fill(DEV_PASSWORD);
    await page.getByTestId('dev-register').click();
    await page.getByTestId('dev-code-sent').waitFor({ timeout: 30_000 });
    const pattern = new RegExp(`registration code for email ${CONTACT.replace(/\./g, '\\.')}: (\\d{6})`);
    await server.waitFor(pattern, 30_000, from);
    const code = pattern.exec(server.output().slice(from))![1]!;
    await page.getByTestId('dev-code').fill(code);
    await page.getByTestId('dev-verify').click();

    await page.getByTestId('dev-keys').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('dev-signed-in').innerText()).toContain(CONTACT);
    await page.getByTestId('dev-key-create').click();
    await page.getByTestId('dev-key-name').fill('我的应用');
    await page.getByTestId('dev-key-create-submit').click();
    secret = await page.getByTestId('dev-key-secret').innerText({ timeout: 30_000 });
    expect(secret).toMatch(/^tbo_/);
    await page.getByTestId('dev-key-secret-done').click();

    // A call with the key shows in its usage chart.
    const datasets = await api<{ items: { name: string }[] }>('/open/api/datasets?openType=open&limit=1');
    await api(`/open/api/datasets/${datasets.items[0]!.name}/query?$limit=3`, undefined, {
      headers: { 'x-api-key': secret },
    });
    await page.reload();
    await page.getByTestId('dev-usage-chart').waitFor({ timeout: 30_000 });
    await settle(page, null);
    expect(await page.getByTestId('dev-usage-chart').innerText()).toMatch(/1/);
    expect(await axeViolations(page)).toEqual([]);
    expect(developerTrouble).toEqual([]);
  });

  it('the developer applies for a 有条件开放 dataset from its page; the pending application shows', async () => {
    const page = developerPage;
    const name = pending.dataset.name!;
    await page.goto(`${server.url}/open/datasets/${name}`);
    await page.getByTestId('dev-apply-form').waitFor({ timeout: 45_000 });
    await page.getByTestId('dev-apply-purpose').fill('端到端测试：研究数据开放利用情况');
    await page.getByTestId('dev-apply-submit').click();
    await page.getByTestId('dev-apply-pending').waitFor({ timeout: 30_000 });
    expect(await axeViolations(page)).toEqual([]);
    // Not approved yet: the key is refused.
    const refused = await fetch(`${server.url}/open/api/datasets/${name}/query`, {
      headers: { 'x-api-key': secret },
    });
    expect(refused.status).toBe(403);
    expect(developerTrouble).toEqual([]);
  });

  it('the department’s steward approves it in the console; the developer’s key then reads the dataset', async () => {
    const { context, page, trouble } = await open(browser, DESKTOP);
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(steward);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
    await page.getByTestId('nav-open-applications').first().click();
    await page.getByTestId(`open-app-approve-${CONTACT}`).waitFor({ timeout: 45_000 });
    // The demo developer's application is there too, still pending.
    await page.getByTestId('open-app-approve-developer').waitFor();
    await page.getByTestId(`open-app-approve-${CONTACT}`).click();
    await page.getByTestId('open-app-reason').fill('用途明确');
    await page.getByTestId('open-app-confirm').click();
    await expect
      .poll(() => page.getByTestId(`open-app-approve-${CONTACT}`).count(), { timeout: 30_000 })
      .toBe(0);
    expect(trouble).toEqual([]);
    await context.close();

    const name = pending.dataset.name!;
    const read = await fetch(`${server.url}/open/api/datasets/${name}/query?$limit=2`, {
      headers: { authorization: secret },
    });
    expect(read.status).toBe(200);
    const page2 = developerPage;
    await page2.goto(`${server.url}/open/datasets/${name}`);
    await page2.getByTestId('dev-apply-how').waitFor({ timeout: 45_000 });
    expect(await axeViolations(page2)).toEqual([]);
  });

  it('the console fits a phone: no sideways scrolling, and axe finds nothing', async () => {
    const state = await developerContext.storageState();
    const context = await newUserContext(browser, { viewport: PHONE, storageState: state });
    const page = await context.newPage();
    await page.goto(`${server.url}/open/developer`);
    await page.getByTestId('dev-keys').waitFor({ timeout: 45_000 });
    await page.getByTestId('dev-applications').waitFor();
    await settle(page, null);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
    expect(developerTrouble).toEqual([]);
  });
});
