import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newUserContext, startE2EServer } from '../support/browser.ts';
import { ENGINES } from '../support/db.ts';
import type { ServerProcess } from '../support/process.ts';

const PASSWORD = 'Demo-pass-2026';

describe.each(ENGINES)('e-license library on %s (chromium)', (engine) => {
  let server: ServerProcess;
  let browser: Browser;
  let steward: Page;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const started = await startE2EServer(engine, PASSWORD);
    server = started.server;
    stop = started.stop;
    browser = await launchBrowser();
    steward = await (await newUserContext(browser)).newPage();
    await steward.goto(`${server.url}/login`);
    await steward.getByTestId('login-username').fill('mzj_steward');
    await steward.getByTestId('login-password').fill(PASSWORD);
    await steward.getByTestId('login-submit').click();
    await steward.waitForURL((url) => !url.pathname.startsWith('/login'));
  });
  afterAll(async () => {
    await browser?.close();
    await stop?.();
  });

  it('the issuing steward suspends a license, and its QR code’s public page says so without sign-in', async () => {
    await steward.goto(`${server.url}/registries/license-types`);
    const types = steward.getByTestId('license-types').locator('tbody tr.ant-table-row');
    await expect.poll(() => types.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(20);

    // 民政局's steward sees the licenses 民政局 issued; the first valid one is opened.
    await steward.goto(`${server.url}/registries/licenses?status=valid`);
    const link = steward.getByTestId('license-link').first();
    await link.waitFor({ timeout: 30_000 });
    await link.click();
    await steward.getByTestId('license-details').waitFor();
    expect(await steward.getByTestId('license-status').first().innerText()).toBe('有效');
    await steward.getByTestId('license-qr').waitFor();
    expect(await steward.getByTestId('license-seal').innerText()).toContain('签名有效');
    const licenseId = new URL(steward.url()).searchParams.get('id')!;

    await steward.getByTestId('license-suspend').click();
    await steward.getByTestId('license-reason').fill('持证人挂失（端到端测试）');
    await steward.getByTestId('license-act-submit').click();
    await expect.poll(() => steward.getByTestId('license-status').first().innerText()).toBe('已暂停');
    await expect.poll(() => steward.getByTestId('license-event').count()).toBe(2);

    // What the QR code opens: the public page, for anyone.
    const visitor = await (await newUserContext(browser)).newPage();
    await visitor.goto(`${server.url}/verify/licenses?id=${encodeURIComponent(licenseId)}`);
    const result = visitor.getByTestId('verify-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-status')).toBe('suspended');
    expect(visitor.url()).not.toContain('/login');
  });
});
