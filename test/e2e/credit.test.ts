import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newUserContext, startE2EServer } from '../support/browser.ts';
import { ENGINES } from '../support/db.ts';
import type { ServerProcess } from '../support/process.ts';

const PASSWORD = 'Demo-pass-2026';

async function signIn(browser: Browser, url: string, username: string): Promise<Page> {
  const page = await (await newUserContext(browser)).newPage();
  await page.goto(`${url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}

describe.each(ENGINES)('social credit on %s (chromium)', (engine) => {
  let server: ServerProcess;
  let browser: Browser;
  let steward: Page;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const started = await startE2EServer(engine, PASSWORD);
    server = started.server;
    stop = started.stop;
    browser = await launchBrowser();
    steward = await signIn(browser, server.url, 'scjgj_steward');
  });
  afterAll(async () => {
    await browser?.close();
    await stop?.();
  });

  it('the steward browses and publishes 双公示 records; a company’s profile shows its computed score', async () => {
    await steward.goto(`${server.url}/credit/records?kind=penalty`);
    const link = steward.getByTestId('credit-record-link').first();
    await link.waitFor({ timeout: 30_000 });
    await link.click();
    await steward.getByTestId('credit-record').waitFor();
    // The company's profile, from the record.
    const toProfile = steward.getByTestId('credit-record-profile');
    if (await toProfile.count()) {
      await toProfile.click();
      await steward.getByTestId('credit-profile').waitFor({ timeout: 30_000 });
      await steward.getByTestId('credit-score-components').waitFor();
      expect(await steward.getByTestId('credit-level').innerText()).toMatch(/^[ABCD] · /);
    }

    // Publish a new penalty through the form.
    await steward.goto(`${server.url}/credit/records`);
    await steward.getByTestId('credit-publish').click();
    await steward.getByTestId('credit-submit-name').fill('连云港端到端测试商贸有限公司');
    await steward.getByTestId('credit-submit-code').fill('913207067038129960');
    await steward.getByTestId('credit-submit-rep').fill('赵测试');
    await steward.getByTestId('credit-submit-no').fill('连市监处罚〔2026〕E2E号');
    const yesterday = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
    await steward.getByTestId('credit-submit-date').click();
    await steward.keyboard.type(yesterday);
    await steward.keyboard.press('Enter');
    await steward.getByTestId('credit-submit-violation').fill('发布虚假广告');
    await steward.getByTestId('credit-submit-facts').fill('当事人在网店发布虚假广告。');
    await steward.getByTestId('credit-submit-basis').fill('《中华人民共和国广告法》第五十五条');
    await steward.getByTestId('credit-submit').click();
    // A bad credit code comes back on its field, and nothing is stored.
    const fieldError = steward.locator('.ant-form-item-explain-error').first();
    await fieldError.waitFor({ timeout: 15_000 });
    expect(await fieldError.innerText()).toContain('统一社会信用代码');
    await steward.getByTestId('credit-submit-code').fill('91320706703812996N');
    await steward.getByTestId('credit-submit-kinds').click();
    await steward.locator('.ant-select-item-option', { hasText: '罚款' }).first().click();
    await steward.locator('.ant-modal-title').click();
    await steward.getByTestId('credit-submit-fine').fill('3');
    await steward.getByTestId('credit-submit').click();
    // Published: the modal closes with a success message; then the list finds the new record by name.
    await steward.locator('.ant-message-notice', { hasText: '已公示' }).waitFor({ timeout: 30_000 });
    await steward.goto(`${server.url}/credit/records?q=${encodeURIComponent('端到端测试商贸')}`);
    await expect
      .poll(() => steward.getByTestId('credit-records').locator('tbody tr.ant-table-row').count(), {
        timeout: 30_000,
      })
      .toBe(1);
    expect(await steward.getByTestId('credit-publicity').first().innerText()).toBe('公示中');

    await steward.goto(`${server.url}/credit/lists?listKind=black`);
    await expect
      .poll(() => steward.getByTestId('credit-list-entries').locator('tbody tr.ant-table-row').count(), {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);
  });

  it('a citizen applies for credit repair of her own record; the department accepts and grants it', async () => {
    const citizen = await signIn(browser, server.url, 'citizen');
    await citizen.goto(`${server.url}/credit/me`);
    await citizen.getByTestId('credit-profile').waitFor({ timeout: 30_000 });
    expect(await citizen.getByTestId('credit-profile-name').innerText()).toBe('孙悦');
    // Her number is shown masked only.
    expect(await citizen.locator('body').innerText()).toMatch(/320706\*{8}\d{3}[\dX]/);
    await citizen.getByTestId('credit-my-repair').first().click();
    await citizen
      .getByTestId('credit-my-reason')
      .fill('已缴清罚款并停止无证经营，作出信用承诺（端到端测试）。');
    await citizen.getByTestId('credit-my-file').click();
    await expect
      .poll(() => citizen.getByTestId('credit-cases').locator('tbody tr', { hasText: '信用修复' }).count(), {
        timeout: 30_000,
      })
      .toBe(1);

    // The publishing department (市场监管) finds it in its inbox and acts within the deadline.
    await steward.goto(`${server.url}/credit/cases?open=1&kind=repair`);
    const row = steward.getByTestId('credit-cases').locator('tbody tr', { hasText: '孙悦' });
    await row.waitFor({ timeout: 30_000 });
    await row.getByTestId('credit-case-accept').click();
    await steward.getByTestId('credit-case-note').fill('受理，核查缴款凭证');
    await steward.getByTestId('credit-case-submit').click();
    await row.getByTestId('credit-case-repair').waitFor({ timeout: 30_000 });
    await row.getByTestId('credit-case-repair').click();
    await steward.getByTestId('credit-case-note').fill('符合修复条件，同意提前停止公示');
    await steward.getByTestId('credit-case-submit').click();
    // Decided: it leaves the open inbox.
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(0);

    await citizen.reload();
    await citizen.getByTestId('credit-profile').waitFor({ timeout: 30_000 });
    await expect
      .poll(() => citizen.getByTestId('credit-cases').locator('tbody tr', { hasText: '已修复' }).count(), {
        timeout: 30_000,
      })
      .toBe(1);

    // The overdue objection of the demo shows flagged.
    await steward.goto(`${server.url}/credit/cases?overdue=1`);
    await steward.getByTestId('credit-case-overdue').first().waitFor({ timeout: 30_000 });
  });

  it('anyone searches credit without signing in and sees only what is in public view', async () => {
    const visitor = await (await newUserContext(browser)).newPage();
    await visitor.goto(`${server.url}/public/credit?q=${encodeURIComponent('公司')}`);
    await visitor.getByTestId('credit-public-results').waitFor({ timeout: 30_000 });
    expect(visitor.url()).not.toContain('/login');
    await visitor.getByTestId('credit-public-open').first().click();
    await visitor.getByTestId('credit-public-profile').waitFor({ timeout: 30_000 });
    // A person by name finds nothing.
    await visitor.goto(`${server.url}/public/credit?q=${encodeURIComponent('孙悦')}`);
    await visitor.getByTestId('credit-public-none').waitFor({ timeout: 30_000 });
  });
});
