import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newUserContext, startE2EServer } from '../support/browser.ts';
import { ENGINES } from '../support/db.ts';
import type { ServerProcess } from '../support/process.ts';

const PASSWORD = 'Demo-pass-2026';

describe.each(ENGINES)('address base on %s (chromium)', (engine) => {
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let stop: () => Promise<void>;
  const errors: string[] = [];

  beforeAll(async () => {
    const started = await startE2EServer(engine, PASSWORD);
    server = started.server;
    stop = started.stop;
    browser = await launchBrowser();
    page = await (await newUserContext(browser)).newPage();
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill('zwb_staff');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    // From here on (the sign-in page's own 401 for "who am I" is expected):
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await stop?.();
  });

  it('a window clerk standardizes a written address, then finds its road by region on the map', async () => {
    await page.goto(`${server.url}/geo/search`);
    await page
      .getByTestId('geo-search-input')
      .locator('input')
      .fill('海州區新浦街道解放中路十二號三幢二單元五零一室');
    await page.getByTestId('geo-search-input').locator('input').press('Enter');
    const best = page.getByTestId('geo-candidate').first();
    await expect.poll(() => best.innerText(), { timeout: 15_000 }).toContain('新浦街道');
    const card = await best.innerText();
    expect(card).toContain('解放中路12号3栋2单元501室');
    expect(card).toContain('100%');

    await page.goto(`${server.url}/geo/browse`);
    const pick = async (testId: string, option: string) => {
      await page.getByTestId(testId).click();
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
        .first()
        .click();
    };
    await pick('geo-district', '海州区');
    await pick('geo-town', '新浦街道');
    const village = page.getByTestId('geo-village');
    await village.click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await expect
      .poll(() => page.getByRole('cell', { name: '解放中路' }).count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('geo-map').locator('canvas').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
