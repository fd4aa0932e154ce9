import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newUserContext, startE2EServer } from '../support/browser.ts';
import { ENGINES } from '../support/db.ts';
import type { ServerProcess } from '../support/process.ts';

const PASSWORD = 'Demo-pass-2026';

interface Golden {
  id: string;
  name: string | null;
  key: string | null;
  fields: Record<string, string | null>;
}
interface Detail {
  record: Golden;
  sources: { link: string; why: unknown }[];
}

/**
 * 人口/法人基础库 in the browser: the registries are kept by 市信息中心, so the operator (admin) is their steward;
 * the window clerk (zwb_staff) reads them masked; a consumer department's user (gjj_consumer) does not see them.
 */
describe.each(ENGINES)('population and legal-person registries on %s (chromium)', (engine) => {
  let server: ServerProcess;
  let browser: Browser;
  let admin: Page;
  let stop: () => Promise<void>;
  const errors: string[] = [];

  const signIn = async (username: string, viewport?: { width: number; height: number }) => {
    const page = await (await newUserContext(browser, viewport ? { viewport } : {})).newPage();
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  };
  /** A GET through the page's session (its cookies), as the page's user. */
  const getJson = async <T>(page: Page, path: string): Promise<T> => {
    const res = await page.request.get(`${server.url}${path}`);
    expect(res.status(), path).toBe(200);
    return (await res.json()) as T;
  };
  /** Full-page screenshots for a look at the pages, when REGISTRY_SHOTS names a folder. */
  const shot = async (page: Page, name: string, fullPage = true) => {
    if (process.env.REGISTRY_SHOTS)
      await page.screenshot({ path: `${process.env.REGISTRY_SHOTS}/${engine}-${name}.png`, fullPage });
  };
  const number = async (page: Page, testId: string) =>
    Number((await page.getByTestId(testId).innerText()).replace(/\D/g, '') || '0');

  beforeAll(async () => {
    const started = await startE2EServer(engine, PASSWORD);
    server = started.server;
    stop = started.stop;
    browser = await launchBrowser();
    admin = await signIn('admin');
    admin.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    admin.on('pageerror', (e) => errors.push(e.message));
    admin.on('response', (r) => {
      if (r.status() >= 500) errors.push(`${r.status()} ${r.request().method()} ${r.url()}`);
    });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stop?.();
  });

  it('the steward syncs both registries and sees their figures, sources, completeness and model', async () => {
    await admin.goto(`${server.url}/registries`);
    for (const segment of ['population', 'legal-person']) {
      await admin.getByTestId(`registry-card-${segment}`).waitFor({ timeout: 30_000 });
      await admin.getByTestId(`registry-sync-${segment}`).click();
      await admin.locator('.ant-message-notice').first().waitFor({ timeout: 120_000 });
    }
    // The background loop may hold a source's lease: the figures arrive either way.
    await expect
      .poll(
        async () => {
          await admin.reload();
          await admin.getByTestId('registry-card-population').waitFor();
          return Math.min(
            await number(admin, 'registry-entities-population'),
            await number(admin, 'registry-entities-legal-person'),
          );
        },
        { timeout: 120_000, interval: 2_000 },
      )
      .toBeGreaterThan(0);

    const population = admin.getByTestId('registry-card-population');
    const sourceRows = population
      .getByTestId('registry-sources-population')
      .locator('tbody tr.ant-table-row');
    expect(await sourceRows.count()).toBeGreaterThanOrEqual(3);
    const sources = await population.getByTestId('registry-sources-population').innerText();
    expect(sources).toContain('公安户籍人口');
    expect(sources).toContain('民政婚姻登记');
    expect(await population.getByTestId('registry-completeness').count()).toBeGreaterThanOrEqual(6);
    expect(await population.getByTestId('registry-by-link').count()).toBe(5);
    // The model's weights, in the collapsed panel.
    await admin.getByTestId('registry-model-population').locator('.ant-collapse-header').click();
    const weights = admin.getByTestId('registry-model-table-population').locator('tbody tr.ant-table-row');
    await expect.poll(() => weights.count()).toBeGreaterThan(5);
    expect(await admin.getByTestId('registry-model-table-population').innerText()).toContain('姓名');
    await shot(admin, 'overview');
    // The steward's links to the queues, and the figures they count.
    expect(await number(admin, 'registry-open-reviews-population')).toBeGreaterThan(0);
    expect(await admin.getByTestId('registry-queues-link-population').count()).toBe(1);
    // The menu entry next to 电子证照.
    expect(await admin.locator('a[data-testid="nav-registries"]').count()).toBe(1);
  });

  it('the golden-record list pages by keyset and finds by exact id; a record shows provenance and why it links', async () => {
    await admin.goto(`${server.url}/registries/population/records`);
    const rows = admin.getByTestId('registry-records').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(50);
    const firstId = await admin.getByTestId('registry-record-link').first().innerText();
    await admin.getByTestId('registry-records-next').click();
    await expect.poll(() => admin.getByTestId('registry-record-link').first().innerText()).not.toBe(firstId);
    await admin.getByTestId('registry-records-previous').click();
    await expect.poll(() => admin.getByTestId('registry-record-link').first().innerText()).toBe(firstId);

    // The exact search.
    await admin.getByTestId('registry-records-search').locator('input').fill(firstId);
    await admin.getByTestId('registry-records-search').locator('input').press('Enter');
    await expect.poll(() => rows.count()).toBe(1);
    // Only golden records with open conflicts.
    await admin.getByTestId('registry-records-search').locator('input').fill('');
    await admin.getByTestId('registry-records-search').locator('input').press('Enter');
    await admin.getByTestId('registry-records-conflicts').click();
    await expect.poll(() => admin.url()).toContain('conflicts=1');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThan(0);

    // A person one of whose records the matcher linked (not by the same 身份证号): the why popover shows the evidence.
    let linked: string | null = null;
    for (let after = ''; !linked;) {
      const page = await getJson<{ items: Golden[]; next: string | null }>(
        admin,
        `/api/registries/population/records?limit=100${after ? `&after=${after}` : ''}`,
      );
      for (const g of page.items.filter((x) => x.fields['姓名'])) {
        const d = await getJson<Detail>(admin, `/api/registries/population/records/${g.id}`);
        if (d.sources.some((s) => s.link === 'match' && s.why !== null)) {
          linked = g.id;
          break;
        }
      }
      if (!page.next) break;
      after = page.next;
    }
    expect(linked, 'a person linked with evidence').not.toBeNull();
    await admin.goto(`${server.url}/registries/population/records/${linked}`);
    await admin.getByTestId('registry-golden').waitFor({ timeout: 30_000 });
    expect(await admin.getByTestId('registry-provenance-source').count()).toBeGreaterThan(2);
    expect(await admin.getByTestId('registry-provenance-rule').first().innerText()).toMatch(
      /来源优先|最新|最完整|固定来源|人工裁定/,
    );
    // The steward sees the 身份证号 in clear, and the way to the same person's licenses and credit (一人一档).
    expect(await admin.getByTestId('registry-masked').count()).toBe(0);
    const idNumber = await admin
      .locator('[data-testid="registry-golden-field"][data-field="身份证号"]')
      .getByTestId('registry-golden-value')
      .innerText();
    expect(await admin.getByTestId('registry-related-licenses').getAttribute('href')).toBe(
      `/registries/licenses?holder=${idNumber}`,
    );
    expect(await admin.getByTestId('registry-related-credit').getAttribute('href')).toBe(
      `/credit/profile?code=${idNumber}`,
    );
    const linkedRows = admin.getByTestId('registry-linked-population').locator('tbody tr.ant-table-row');
    expect(await linkedRows.count()).toBeGreaterThanOrEqual(2);
    expect(await admin.getByTestId('registry-link-kind').count()).toBeGreaterThanOrEqual(2);
    const matched = linkedRows.filter({ hasText: '概率匹配' }).first();
    await matched.getByTestId('registry-why').click();
    const why = admin.getByTestId('registry-why-content').first();
    await why.waitFor();
    expect(await why.getByTestId('registry-why-row').count()).toBeGreaterThanOrEqual(2);
    expect(await why.innerText()).toContain('比特');
    await shot(admin, 'record');
    expect(await admin.getByTestId('registry-history-entry').count()).toBeGreaterThan(0);
    expect(await admin.getByTestId('registry-merge').count()).toBe(1);

    // The legal-person registry's list too.
    await admin.goto(`${server.url}/registries/legal-person/records`);
    await expect
      .poll(() => admin.getByTestId('registry-records').locator('tbody tr.ant-table-row').count(), {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);
    expect(await admin.getByTestId('registry-record-link').first().innerText()).toMatch(/^L/);
  });

  it('the steward’s queues hold conflicts and likely matches; linking a likely match takes it off the queue', async () => {
    await admin.goto(`${server.url}/registries/population/queues?tab=conflicts`);
    await expect
      .poll(() => admin.getByTestId('registry-conflict').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    const conflict = admin.getByTestId('registry-conflict').first();
    expect(await conflict.getByTestId('registry-conflict-value').count()).toBeGreaterThanOrEqual(2);
    await expect
      .poll(() => conflict.getByTestId('registry-conflict-choose').count())
      .toBeGreaterThanOrEqual(2);

    await admin.getByTestId('registry-tab-reviews').click();
    await expect.poll(() => admin.url()).toContain('tab=reviews');
    const reviews = admin.getByTestId('registry-review');
    await expect.poll(() => reviews.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await shot(admin, 'reviews', false);
    const before = await number(admin, 'registry-tab-reviews');
    expect(before).toBeGreaterThan(0);
    const first = reviews.first();
    expect(await first.getByTestId('registry-why-row').count()).toBeGreaterThan(0);
    expect(await first.getByTestId('registry-review-link').innerText()).toContain('是同一人');
    await first.getByTestId('registry-review-link').click();
    await admin.locator('.ant-message-notice', { hasText: '已关联到候选档案' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => number(admin, 'registry-tab-reviews'), { timeout: 30_000 }).toBe(before - 1);
  });

  it('the match tool finds a person from name, birth date and phone, and shows the API’s refusal of an empty query', async () => {
    // A person with a name, birth date and phone, read through the API first.
    let person: Golden | null = null;
    for (let after = ''; !person;) {
      const page = await getJson<{ items: Golden[]; next: string | null }>(
        admin,
        `/api/registries/population/records?limit=100${after ? `&after=${after}` : ''}`,
      );
      person =
        page.items.find((g) => g.fields['姓名'] && g.fields['出生日期'] && g.fields['手机号码']) ?? null;
      if (!page.next) break;
      after = page.next;
    }
    expect(person, 'a person with name, birth date and phone').not.toBeNull();
    await admin.goto(`${server.url}/registries/population/match`);
    await admin.getByTestId('registry-match-submit').click();
    const error = admin.getByTestId('registry-match-error');
    await error.waitFor({ timeout: 15_000 });
    expect((await error.innerText()).length).toBeGreaterThan(4);

    await admin.getByTestId('registry-match-姓名').fill(person!.fields['姓名']!);
    await admin.getByTestId('registry-match-出生日期').fill(person!.fields['出生日期']!);
    await admin.getByTestId('registry-match-手机号码').fill(person!.fields['手机号码']!);
    await admin.getByTestId('registry-match-submit').click();
    const best = admin.getByTestId('registry-match-candidate').first();
    await best.waitFor({ timeout: 15_000 });
    expect(await best.getByTestId('registry-match-record').innerText()).toContain(person!.id);
    expect(await best.getByTestId('registry-decision').innerText()).toMatch(/匹配|待审核/);
    expect(await best.getByTestId('registry-why-row').count()).toBeGreaterThanOrEqual(3);
    await shot(admin, 'match');
    await best.getByTestId('registry-match-record').click();
    await admin.waitForURL((url) => url.pathname.endsWith(`/records/${person!.id}`));
    await admin.getByTestId('registry-golden').waitFor();
    // The refused empty query is the one failed request the browser reports.
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });

  it('the steward merges one person into another, is redirected from the merged id, and undoes the merge', async () => {
    const { items } = await getJson<{ items: Golden[] }>(
      admin,
      '/api/registries/population/records?limit=20',
    );
    const [from, into] = items.slice(-2) as [Golden, Golden];
    await admin.goto(`${server.url}/registries/population/records/${from.id}`);
    await admin.getByTestId('registry-merge').click();
    await admin.getByTestId('registry-merge-into').fill(into.id);
    await admin.getByTestId('registry-merge-reason').fill('端到端测试：同一人重复建档');
    await admin.getByTestId('registry-merge-submit').click();
    await admin.waitForURL((url) => url.pathname.endsWith(`/records/${into.id}`), { timeout: 30_000 });
    const undo = admin.getByTestId('registry-unmerge');
    await undo.first().waitFor({ timeout: 30_000 });

    await admin.goto(`${server.url}/registries/population/records/${from.id}`);
    const redirected = admin.getByTestId('registry-redirected');
    await redirected.waitFor({ timeout: 30_000 });
    expect(await redirected.innerText()).toContain(`档案 ${from.id} 已合并至 ${into.id}`);

    await admin.getByTestId('registry-unmerge').first().click();
    await admin.getByTestId('registry-unmerge-reason').fill('端到端测试：撤销');
    await admin.getByTestId('registry-unmerge-submit').click();
    await admin
      .locator('.ant-message-notice', { hasText: `已恢复档案 ${from.id}` })
      .waitFor({ timeout: 30_000 });
    await admin.goto(`${server.url}/registries/population/records/${from.id}`);
    await admin.getByTestId('registry-golden').waitFor({ timeout: 30_000 });
    expect(await admin.getByTestId('registry-redirected').count()).toBe(0);
    expect(await admin.locator('[data-kind="unmerged"]').count()).toBeGreaterThan(0);
  });

  it('the steward edits a survivorship rule and the sources’ order', async () => {
    await admin.goto(`${server.url}/registries/population/rules`);
    const row = admin.getByTestId('registry-rules').locator('tbody tr.ant-table-row', { hasText: '民族' });
    await row.waitFor({ timeout: 30_000 });
    await row.getByTestId('registry-rule-select').click();
    await admin
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '固定来源' })
      .click();
    // A fixed rule needs its source before it can be saved.
    expect(await admin.getByTestId('registry-rules-save').isDisabled()).toBe(true);
    await row.getByTestId('registry-rule-source').click();
    await admin
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '人社社保参保' })
      .click();
    await row.getByTestId('registry-rule-conflict').click();
    await admin.getByTestId('registry-rules-save').click();
    await admin.locator('.ant-message-notice', { hasText: '取值规则已保存' }).waitFor({ timeout: 60_000 });
    type Rules = {
      rules: { field: string; rule: string; fixedSourceId: string | null; conflict: boolean }[];
    };
    type Sources = { sources: { id: string; name: string; priority: number }[] };
    const saved = await getJson<Rules & Sources>(admin, '/api/registries/population');
    const rule = saved.rules.find((r) => r.field === '民族')!;
    expect(rule.rule).toBe('fixed');
    expect(saved.sources.find((x) => x.id === rule.fixedSourceId)?.name).toBe('人社社保参保');

    // The second source moves up to first.
    const items = admin.getByTestId('registry-order-item');
    const second = await items.nth(1).getByTestId('registry-order-name').innerText();
    await items.nth(1).getByTestId('registry-order-up').click();
    expect(await items.first().getByTestId('registry-order-name').innerText()).toBe(second);
    await admin.getByTestId('registry-order-save').click();
    await admin.locator('.ant-message-notice', { hasText: '来源排序已保存' }).waitFor({ timeout: 60_000 });
    const ranked = await getJson<Sources>(admin, '/api/registries/population');
    expect([...ranked.sources].sort((a, b) => a.priority - b.priority)[0]!.name).toBe(second);
  });

  it('the window clerk reads masked and has no steward’s buttons; a consumer department is not shown the registries', async () => {
    const clerk = await signIn('zwb_staff');
    await clerk.goto(`${server.url}/registries`);
    await clerk.getByTestId('registry-card-population').waitFor({ timeout: 30_000 });
    expect(await clerk.getByTestId('registry-sync-population').count()).toBe(0);
    expect(await clerk.getByTestId('registry-queues-link-population').count()).toBe(0);
    expect(await clerk.locator('a[data-testid="nav-registries"]').count()).toBe(1);

    await clerk.getByTestId('registry-records-link-population').click();
    const keyCell = clerk.getByTestId('registry-record-key').first();
    await keyCell.waitFor({ timeout: 30_000 });
    expect(await keyCell.innerText()).toContain('*');
    await clerk.getByTestId('registry-record-link').first().click();
    await clerk.getByTestId('registry-golden').waitFor({ timeout: 30_000 });
    const recordId = new URL(clerk.url()).pathname.split('/').pop()!;
    const idCard = clerk.locator('[data-testid="registry-golden-field"][data-field="身份证号"]');
    expect(await idCard.getByTestId('registry-masked').count()).toBe(1);
    expect(await idCard.getByTestId('registry-golden-value').innerText()).toContain('*');
    expect(await clerk.getByTestId('registry-merge').count()).toBe(0);
    // The links to the person's licenses and credit need the 身份证号 in clear.
    expect(await clerk.getByTestId('registry-related-licenses').count()).toBe(0);
    expect(await clerk.getByTestId('registry-related-credit').count()).toBe(0);
    await shot(clerk, 'clerk-record');
    expect(await clerk.getByTestId('registry-unmerge').count()).toBe(0);
    expect(await clerk.getByTestId('registry-conflict-choose').count()).toBe(0);
    await clerk.context().close();

    // On a phone the pages fit the screen (tables scroll within themselves).
    const phone = await signIn('zwb_staff', { width: 390, height: 844 });
    for (const [path, testId] of [
      ['/registries', 'registry-card-population'],
      ['/registries/population/records', 'registry-record-link'],
      [`/registries/population/records/${recordId}`, 'registry-golden'],
    ] as const) {
      await phone.goto(`${server.url}${path}`);
      await phone.getByTestId(testId).first().waitFor({ timeout: 30_000 });
      const [scrollWidth, innerWidth] = await phone.evaluate(() => [
        document.scrollingElement!.scrollWidth,
        window.innerWidth,
      ]);
      expect(scrollWidth, `${path}: no sideways overflow`).toBeLessThanOrEqual(innerWidth);
    }
    await phone.context().close();

    const consumer = await signIn('gjj_consumer');
    await consumer.getByTestId('nav-overview').first().waitFor({ timeout: 30_000 });
    expect(await consumer.locator('a[data-testid="nav-registries"]').count()).toBe(0);
    expect(await consumer.locator('a[data-testid="nav-population"]').count()).toBe(0);
    expect(await consumer.locator('a[data-testid="nav-licenses"]').count()).toBe(1);
    await consumer.context().close();
  });
});
