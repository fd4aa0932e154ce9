import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newUserContext, startE2EServer } from '../support/browser.ts';
import { ENGINES } from '../support/db.ts';
import type { ServerProcess } from '../support/process.ts';

const PASSWORD = 'Demo-pass-2026';

describe.each(ENGINES)('catalog in the browser on %s (chromium)', (engine) => {
  let server: ServerProcess;
  let browser: Browser;
  let steward: Page;
  let operator: Page;
  let stop: () => Promise<void>;
  let resourceUrl = '';

  async function signIn(username: string): Promise<Page> {
    const page = await (await newUserContext(browser)).newPage();
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  beforeAll(async () => {
    const started = await startE2EServer(engine, PASSWORD);
    server = started.server;
    stop = started.stop;
    browser = await launchBrowser();
    steward = await signIn('mzj_steward');
    operator = await signIn('admin');
  });
  afterAll(async () => {
    await browser?.close();
    await stop?.();
  });

  it('shows the demo catalog’s figures and finds Traditional-character queries', async () => {
    await steward.goto(`${server.url}/catalog`);
    await expect
      .poll(() => steward.getByTestId('catalog-stat-resources').innerText(), { timeout: 15_000 })
      .toContain('1,071');
    expect(await steward.getByTestId('catalog-stat-items').innerText()).toContain('12,492');
    expect(await steward.getByTestId('catalog-stat-departments').innerText()).toContain('60');
    await steward.getByTestId('catalog-search').fill('婚姻登記');
    await steward.getByTestId('catalog-search').press('Enter');
    await expect
      .poll(() => steward.getByTestId('catalog-result-link').first().innerText(), { timeout: 10_000 })
      .toContain('婚姻');
  });

  it('a steward drafts and submits a resource; the operator approves and publishes it', async () => {
    await steward.goto(`${server.url}/catalog/new`);
    await steward.getByTestId('resource-form-name').fill('婚姻登记档案查询记录');
    await steward.getByTestId('resource-form-classCode').fill('308001');
    await steward
      .getByTestId('resource-form-summary')
      .fill('婚姻登记档案的查询与出具证明记录，用于核验婚姻状况。');
    await steward.getByTestId('item-name-0').fill('查询编号');
    await steward.getByTestId('item-add').click();
    await steward.getByTestId('item-name-1').fill('查询日期');
    await steward.getByTestId('resource-form-save').click();
    await steward.waitForURL(/\/catalog\/resources\/[0-9a-f-]{36}$/, { timeout: 15_000 });
    resourceUrl = steward.url();
    await steward.getByTestId('flow-submit').click();
    await expect
      .poll(() => steward.getByTestId('resource-status').getAttribute('data-status'), { timeout: 10_000 })
      .toBe('submitted');

    await operator.goto(resourceUrl);
    await operator.getByTestId('flow-approve').click();
    await expect
      .poll(() => operator.getByTestId('resource-status').getAttribute('data-status'), { timeout: 10_000 })
      .toBe('approved');
    await operator.getByTestId('flow-publish').click();
    await expect
      .poll(() => operator.getByTestId('resource-status').getAttribute('data-status'), { timeout: 10_000 })
      .toBe('published');
  });

  it('the steward revises it and the versions tab shows the field-by-field difference', async () => {
    await steward.goto(resourceUrl);
    await steward.getByTestId('flow-edit').click();
    await steward.getByTestId('resource-form-summary').fill('婚姻登记档案的查询、复印与出具证明记录。');
    await steward.getByTestId('resource-form-save').click();
    await steward.waitForURL(/\/catalog\/resources\/[0-9a-f-]{36}$/, { timeout: 15_000 });
    await steward.getByTestId('tab-versions').click();
    const v2 = steward.getByTestId('version-2');
    await expect
      .poll(() => v2.innerText(), { timeout: 10_000 })
      .toContain('婚姻登记档案的查询、复印与出具证明记录。');
    expect(await v2.innerText()).toContain('婚姻登记档案的查询与出具证明记录，用于核验婚姻状况。');
  });
});
