import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newUserContext, startE2EServer } from '../support/browser.ts';
import { ENGINES } from '../support/db.ts';
import type { ServerProcess } from '../support/process.ts';

const PASSWORD = 'Demo-pass-2026';

describe.each(ENGINES)('web console on %s (chromium)', (engine) => {
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const started = await startE2EServer(engine, PASSWORD);
    server = started.server;
    stop = started.stop;
    browser = await launchBrowser();
    page = await (await newUserContext(browser)).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await stop?.();
  });

  it('refuses a wrong password with the server’s message in Chinese', async () => {
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login/);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByText('用户名或密码错误').count()).toBeGreaterThan(0);
  });

  it('admin signs in, creates a department user, and finds the action in the audit log', async () => {
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    // The overview shows figures counted from the demo city.
    await expect.poll(() => page.getByText('1,659').count(), { timeout: 15_000 }).toBeGreaterThan(0);

    await page.goto(`${server.url}/admin/users`);
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-form-username').fill('mz.clerk');
    await page.getByTestId('user-form-displayName').fill('民政局 业务员');
    await page.getByTestId('user-form-password').fill('Clerk-pass-2026');
    await page.getByTestId('user-form-submit').click();
    await expect
      .poll(() => page.getByRole('cell', { name: 'mz.clerk' }).count(), { timeout: 15_000 })
      .toBeGreaterThan(0);

    await page.goto(`${server.url}/audit`);
    const table = page.getByTestId('audit-table');
    // The action by its label (新建用户 for user.create), the object by its name.
    const row = table.locator('tr', { hasText: '新建用户' }).filter({ hasText: '民政局 业务员 (mz.clerk)' });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await row.first().innerText()).toContain('admin');
  });

  it('the auditor reads users and API keys city-wide but cannot change them', async () => {
    const auditor = await (await newUserContext(browser)).newPage();
    await auditor.goto(`${server.url}/login`);
    await auditor.getByTestId('login-username').fill('auditor');
    await auditor.getByTestId('login-password').fill(PASSWORD);
    await auditor.getByTestId('login-submit').click();
    await auditor.waitForURL((url) => !url.pathname.startsWith('/login'));
    await auditor.goto(`${server.url}/admin/users`);
    await expect
      .poll(() => auditor.getByRole('cell', { name: 'gaj_steward' }).count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    expect(await auditor.getByTestId('user-create').count()).toBe(0);
    await auditor.goto(`${server.url}/admin/api-keys`);
    await expect.poll(() => auditor.locator('.ant-table').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await auditor.getByTestId('api-key-create').count()).toBe(0);
    await auditor.context().close();
  });

  it('switches to English', async () => {
    await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
    await expect
      .poll(() => page.getByText('Audit log', { exact: false }).count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
  });
});
