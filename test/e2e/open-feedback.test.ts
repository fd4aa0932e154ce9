import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, settle } from '../support/axe.ts';
import { launchBrowser, newUserContext, startE2EServer } from '../support/browser.ts';
import { ENGINES } from '../support/db.ts';
import type { ServerProcess } from '../support/process.ts';

const PASSWORD = 'Demo-pass-2026';
// axe-core evaluated in the page (the site's CSP refuses an inline <script>), WCAG 2.2 AA as the portal's test.
const SIZES = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
] as const;

describe.each(ENGINES)('open data feedback on %s (chromium)', (engine) => {
  let server: ServerProcess;
  let browser: Browser;
  let stop: () => Promise<void>;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  const open = async (viewport: { width: number; height: number } = SIZES[0]) => {
    const context = await newUserContext(browser, { viewport });
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      // A visitor is not signed in: the app's GET /api/auth/me answers 401, which the browser logs.
      if (/401 \(Unauthorized\)/.test(m.text()) && m.location().url.endsWith('/api/auth/me')) return;
      errors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
    return page;
  };
  const signIn = async (username: string) => {
    const page = await open();
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    return page;
  };

  beforeAll(async () => {
    ({ server, stop } = await startE2EServer(engine, PASSWORD));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await stop?.();
  });

  it('a visitor reads the requests and showcases pages, told to sign in to submit; no WCAG violation', async () => {
    for (const size of SIZES) {
      const page = await open(size);
      for (const path of ['/open/requests', '/open/showcases']) {
        await page.goto(`${server.url}${path}`);
        await settle(page);
        await page.getByTestId('fb-sign-in').waitFor();
        expect(await axeViolations(page), `${path} ${size.width}`).toEqual([]);
        expect(
          await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          ),
        ).toBeLessThanOrEqual(0);
      }
    }
    expect(errors).toEqual([]);
  });

  it('a citizen asks the 民政局 for data; its steward answers in the inbox; the public request page shows it', async () => {
    const citizen = await signIn('citizen');
    await citizen.goto(`${server.url}/open/requests`);
    await settle(citizen);
    const form = citizen.getByTestId('fb-request-form');
    await form.waitFor({ timeout: 30_000 });
    expect(await axeViolations(citizen)).toEqual([]);
    const title = `养老服务机构床位数据 ${engine}`;
    await citizen.getByTestId('fb-request-title').fill(title);
    await citizen.getByTestId('fb-request-description').fill('希望开放全市养老服务机构的床位数和入住率');
    await citizen.getByTestId('fb-request-purpose').fill('养老服务地图');
    await citizen.getByTestId('fb-request-department').click();
    await citizen.keyboard.type('市民政局');
    await citizen
      .locator('.ant-select-dropdown .ant-select-item-option', { hasText: '市民政局' })
      .first()
      .click();
    await citizen.getByTestId('fb-request-submit').click();
    const link = citizen.getByRole('status').getByRole('link', { name: title });
    await link.waitFor({ timeout: 30_000 });
    await link.click();
    await citizen.getByTestId('fb-request-page').waitFor();
    await settle(citizen);
    expect(await citizen.getByTestId('fb-request-answer').innerText()).toContain('等待提供部门答复');
    const id = new URL(citizen.url()).pathname.split('/').pop()!;
    // +1 from the request's own page: the count moves and the button is spent.
    await citizen.getByTestId('fb-vote').click();
    await expect.poll(() => citizen.getByTestId('fb-vote').isDisabled(), { timeout: 15_000 }).toBe(true);
    expect(await citizen.getByTestId('fb-vote').innerText()).toContain('1');
    expect(await axeViolations(citizen)).toEqual([]);

    expect(errors).toEqual([]);
    const steward = await signIn('mzj_steward');
    await steward.goto(`${server.url}/open-admin/feedback`);
    const row = steward.getByTestId('fb-inbox-table').locator('tr', { hasText: title });
    await row.waitFor({ timeout: 30_000 });
    await row.getByTestId('fb-inbox-answer').click();
    await steward.getByTestId('fb-answer-date').click();
    await steward.getByTestId('fb-answer-date').fill('2099-06-30');
    await steward.keyboard.press('Enter');
    await steward.getByTestId('fb-answer-text').fill('已纳入明年开放计划');
    await steward.getByTestId('fb-answer-submit').click();
    // Answered: it leaves the waiting list.
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(0);

    const visitor = await open(SIZES[1]);
    await visitor.goto(`${server.url}/open/requests/${id}`);
    await settle(visitor);
    const answer = visitor.getByTestId('fb-request-answer');
    await expect.poll(() => answer.innerText(), { timeout: 30_000 }).toContain('已纳入明年开放计划');
    expect(await answer.innerText()).toContain('2099-06-30');
    expect(await axeViolations(visitor)).toEqual([]);

    const api = (await (await fetch(`${server.url}/open/api/requests/${id}`)).json()) as Record<
      string,
      unknown
    >;
    expect(api).toMatchObject({ status: 'planned', plannedDate: '2099-06-30', votes: 1 });
    expect(errors).toEqual([]);
  });

  it('a citizen rates a dataset on its page; the card and the page show the average', async () => {
    const search = (await (await fetch(`${server.url}/open/api/datasets?openType=open&limit=1`)).json()) as {
      items: { name: string; title: string }[];
    };
    const dataset = search.items[0]!;
    const citizen = await signIn('citizen');
    await citizen.goto(`${server.url}/open/datasets/${dataset.name}`);
    await settle(citizen);
    const section = citizen.getByTestId('fb-dataset');
    await section.getByTestId('fb-rate-form').waitFor({ timeout: 30_000 });
    await section.getByTestId('fb-rate-stars').getByText('4 星').click();
    await section.getByTestId('fb-rate-comment').fill('字段说明清楚，更新及时');
    await section.getByTestId('fb-rate-submit').click();
    await expect
      .poll(() => section.getByTestId('fb-rating-badge').innerText(), { timeout: 30_000 })
      .toContain('4.0');
    await section.getByTestId('fb-comment').first().waitFor();
    expect(await axeViolations(citizen)).toEqual([]);

    const visitor = await open();
    await visitor.goto(`${server.url}/open/datasets?q=${encodeURIComponent(dataset.title)}`);
    const card = visitor.locator(`[data-testid="open-dataset-card"][data-name="${dataset.name}"]`);
    await card.waitFor({ timeout: 45_000 });
    expect(await card.getByTestId('fb-rating-badge').innerText()).toContain('4.0');
    expect(errors).toEqual([]);
  });
});
