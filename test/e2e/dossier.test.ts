import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZEN_ID, DEMO_CITIZEN_NAME } from '../../src/demo/credit.ts';
import { launchBrowser, newUserContext, startE2EServer } from '../support/browser.ts';
import { ENGINES } from '../support/db.ts';
import type { ServerProcess } from '../support/process.ts';

const PASSWORD = 'Demo-pass-2026';
const PHONE = { width: 390, height: 844 };

interface Golden {
  id: string;
  name: string | null;
  key: string | null;
}

/**
 * 一人一档 / 一企一档 and 我的档案 in the browser: the service centre's window clerk (zwb_staff) opens a person's
 * dossier from the golden record's page, masked, with its credit; the demo citizen (孙悦) reads her own record in
 * clear, her 居民户口簿 and who used her data. The golden records exist once the registries' background sync has run.
 */
describe.each(ENGINES)('dossiers on %s (chromium)', (engine) => {
  let server: ServerProcess;
  let browser: Browser;
  let stop: () => Promise<void>;
  const errors: string[] = [];

  const signIn = async (username: string, viewport?: { width: number; height: number }) => {
    const page = await (await newUserContext(browser, viewport ? { viewport } : {})).newPage();
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${username} ${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`${username} ${page.url()}: ${e.message}`));
    return page;
  };
  const getJson = async <T>(page: Page, path: string): Promise<T> => {
    const res = await page.request.get(`${server.url}${path}`);
    expect(res.status(), path).toBe(200);
    return (await res.json()) as T;
  };
  /** The first golden record of a registry with a key, once the background sync has made one. */
  const firstRecord = async (page: Page, registry: 'population' | 'legal-person'): Promise<Golden> => {
    let found: Golden | undefined;
    await expect
      .poll(
        async () => {
          const { items } = await getJson<{ items: Golden[] }>(
            page,
            `/api/registries/${registry}/records?limit=50`,
          );
          found = items.find((g) => g.key !== null && g.name);
          return found !== undefined;
        },
        { timeout: 180_000, interval: 2_000 },
      )
      .toBe(true);
    return found!;
  };
  /** Full-page screenshots for a look at the pages, when DOSSIER_SHOTS names a folder. */
  const shot = async (page: Page, name: string) => {
    if (process.env.DOSSIER_SHOTS)
      await page.screenshot({ path: `${process.env.DOSSIER_SHOTS}/${engine}-${name}.png`, fullPage: true });
  };
  const noSidewaysOverflow = async (page: Page, where: string) => {
    const [scrollWidth, innerWidth] = await page.evaluate(() => [
      document.scrollingElement!.scrollWidth,
      window.innerWidth,
    ]);
    expect(innerWidth).toBe(PHONE.width);
    expect(scrollWidth, `${where}: no sideways overflow`).toBeLessThanOrEqual(innerWidth);
  };

  beforeAll(async () => {
    const started = await startE2EServer(engine, PASSWORD);
    server = started.server;
    stop = started.stop;
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stop?.();
  });

  it('the window clerk opens a person’s dossier from the golden record: masked values, sources, licenses, credit', async () => {
    const clerk = await signIn('zwb_staff');
    const person = await firstRecord(clerk, 'population');
    await clerk.goto(`${server.url}/registries/population/records/${person.id}`);
    await clerk.getByTestId('registry-golden').waitFor({ timeout: 30_000 });
    // The old links need the 身份证号 in clear; the dossier's does not.
    expect(await clerk.getByTestId('registry-related-credit').count()).toBe(0);
    const link = clerk.getByTestId('registry-dossier-link');
    expect(await link.innerText()).toBe('一人一档');
    await link.click();
    await clerk.waitForURL((url) => url.pathname === `/dossiers/person/${person.id}`);

    const golden = clerk.getByTestId('dossier-golden');
    await golden.waitFor({ timeout: 30_000 });
    expect(await clerk.locator('main h4.ant-typography').first().innerText()).toBe(
      `${person.name} · 一人一档`,
    );
    expect(await golden.locator('.ant-card-head-title').innerText()).toBe('基本信息');
    const idCard = golden.locator('[data-testid="registry-golden-field"][data-field="身份证号"]');
    expect(await idCard.getByTestId('registry-masked').count()).toBe(1);
    expect(await idCard.getByTestId('registry-golden-value').innerText()).toContain('*');
    expect(await golden.getByTestId('registry-provenance-source').count()).toBeGreaterThan(0);
    // On the dossier itself, no link to itself.
    expect(await clerk.getByTestId('registry-dossier-link').count()).toBe(0);
    expect(
      await clerk.getByTestId('registry-linked-population').locator('tbody tr.ant-table-row').count(),
    ).toBeGreaterThan(0);

    // Licenses: the clerk reads them (within the department's scope), so the section is there, not omitted.
    await clerk.getByTestId('dossier-licenses').waitFor();
    expect(await clerk.getByTestId('dossier-omitted-licenses').count()).toBe(0);
    expect(await clerk.getByTestId('dossier-license-rows').count()).toBe(1);
    // Credit: the profile with its computed score.
    const credit = clerk.getByTestId('dossier-credit');
    expect(await credit.getByTestId('dossier-omitted-credit').count()).toBe(0);
    await credit.getByTestId('credit-profile').waitFor();
    expect(await credit.getByTestId('credit-level').innerText()).toMatch(/^[ABCD] · /);
    expect(await clerk.getByTestId('dossier-record-link').getAttribute('href')).toBe(
      `/registries/population/records/${person.id}`,
    );
    await shot(clerk, 'person');

    // 一企一档 from the legal-person registry alike.
    const company = await firstRecord(clerk, 'legal-person');
    await clerk.goto(`${server.url}/registries/legal-person/records/${company.id}`);
    await clerk.getByTestId('registry-dossier-link').click();
    await clerk.waitForURL((url) => url.pathname === `/dossiers/legal-person/${company.id}`);
    await clerk.getByTestId('dossier-golden').waitFor({ timeout: 30_000 });
    expect(await clerk.locator('main h4.ant-typography').first().innerText()).toBe(
      `${company.name} · 一企一档`,
    );
    await clerk.getByTestId('dossier-credit').getByTestId('credit-profile').waitFor();

    // An unknown id is the API's 404, shown as an error.
    await clerk.goto(`${server.url}/dossiers/person/P000000000000`);
    await clerk.locator('main .ant-alert-error').waitFor({ timeout: 30_000 });

    // On a phone the dossier fits the screen.
    const phone = await signIn('zwb_staff', PHONE);
    await phone.goto(`${server.url}/dossiers/person/${person.id}`);
    await phone.getByTestId('dossier-credit').getByTestId('credit-profile').waitFor({ timeout: 30_000 });
    await noSidewaysOverflow(phone, 'dossier');
    await shot(phone, 'person-phone');
    await phone.context().close();
    await clerk.context().close();
    expect(errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
  }, 300_000);

  it('the citizen reads her own record in clear, her 居民户口簿 and who used her data', async () => {
    const citizen = await signIn('citizen');
    await citizen.locator('a[data-testid="nav-my-dossier"]').click();
    await citizen.waitForURL((url) => url.pathname === '/me/dossier');
    expect(await citizen.getByTestId('my-dossier-name').innerText()).toBe(DEMO_CITIZEN_NAME);
    expect(await citizen.getByTestId('my-dossier-code').innerText()).toBe(DEMO_CITIZEN_ID);
    // Her golden record, once the population registry's background sync has linked her household record.
    await expect
      .poll(
        async () => {
          if (await citizen.getByTestId('dossier-golden').count()) return true;
          await citizen.reload();
          await citizen.getByTestId('my-dossier-subject').waitFor({ timeout: 30_000 });
          return (await citizen.getByTestId('dossier-golden').count()) > 0;
        },
        { timeout: 180_000, interval: 3_000 },
      )
      .toBe(true);
    const golden = citizen.getByTestId('dossier-golden');
    expect(
      await golden
        .locator('[data-testid="registry-golden-field"][data-field="身份证号"]')
        .getByTestId('registry-golden-value')
        .innerText(),
    ).toBe(DEMO_CITIZEN_ID);
    expect(
      await golden
        .locator('[data-testid="registry-golden-field"][data-field="姓名"]')
        .getByTestId('registry-golden-value')
        .innerText(),
    ).toBe(DEMO_CITIZEN_NAME);
    expect(await golden.getByTestId('registry-masked').count()).toBe(0);
    expect(await citizen.getByTestId('registry-dossier-link').count()).toBe(0);
    await shot(citizen, 'mine');

    await citizen.getByTestId('my-dossier-tab-licenses').click();
    const licenses = citizen.getByTestId('my-dossier-licenses');
    await licenses.waitFor();
    const household = licenses.locator('tbody tr.ant-table-row', { hasText: '居民户口簿' });
    expect(await household.count()).toBe(1);
    // The citizen reads no license register: her license opens its public verification page.
    expect(await household.getByTestId('dossier-license-link').getAttribute('href')).toMatch(
      /^\/verify\/licenses\?id=/,
    );

    await citizen.getByTestId('my-dossier-tab-credit').click();
    await citizen.getByTestId('credit-score').waitFor();
    expect(await citizen.getByTestId('my-dossier-credit-link').getAttribute('href')).toBe('/credit/me');

    await citizen.getByTestId('my-dossier-tab-uses').click();
    const uses = citizen.getByTestId('my-dossier-uses').locator('tbody tr.ant-table-row');
    await expect.poll(() => uses.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const departments = await citizen.getByTestId('my-dossier-use-department').allInnerTexts();
    expect(departments.some((d) => d.includes('不动产登记中心'))).toBe(true);
    expect(await citizen.getByTestId('my-dossier-use-action').first().innerText()).not.toMatch(/^[a-z_.]+$/);
    expect(citizen.url()).toContain('tab=uses');
    await shot(citizen, 'mine-uses');

    // On a phone, each tab fits the screen.
    const phone = await signIn('citizen', PHONE);
    await phone.goto(`${server.url}/me/dossier`);
    await phone.getByTestId('dossier-golden').waitFor({ timeout: 30_000 });
    await noSidewaysOverflow(phone, 'my dossier');
    for (const tab of ['licenses', 'credit', 'uses']) {
      await phone.getByTestId(`my-dossier-tab-${tab}`).click();
      await expect.poll(() => phone.url()).toContain(`tab=${tab}`);
      if (tab === 'uses')
        await expect
          .poll(() => phone.getByTestId('my-dossier-uses').locator('tbody tr.ant-table-row').count(), {
            timeout: 30_000,
          })
          .toBeGreaterThan(0);
      await noSidewaysOverflow(phone, `my dossier ${tab}`);
      await shot(phone, `mine-phone-${tab}`);
    }
    await phone.context().close();
    await citizen.context().close();
    expect(errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
  }, 300_000);

  it('staff without the citizen’s role are not shown 我的档案', async () => {
    const clerk = await signIn('zwb_staff');
    await clerk.getByTestId('nav-overview').first().waitFor({ timeout: 30_000 });
    expect(await clerk.locator('a[data-testid="nav-my-dossier"]').count()).toBe(0);
    await clerk.goto(`${server.url}/me/dossier`);
    await clerk.locator('main .ant-result-403').waitFor({ timeout: 30_000 });
    await clerk.context().close();
  });
});
