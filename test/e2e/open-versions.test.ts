import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { launchBrowser, newUserContext, startE2EServer } from '../support/browser.ts';
import { ENGINES } from '../support/db.ts';
import type { ServerProcess } from '../support/process.ts';

/*
 * The 版本 section of an open dataset's page: the versions, the preview as of a date, a diff between two dates and
 * the Atom feed named in the head — and axe-core's WCAG 2.2 AA rules with all of it open. The demo loads its open
 * data when the server starts, so "yesterday" is before every record and "today" holds them all.
 */
const PASSWORD = 'Demo-pass-2026';

interface Versions {
  total: number;
  items: { id: string; at: string; inserted: number }[];
  earliestDate: string;
  feed: string;
}

const cityDay = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 10);

describe.each(ENGINES)('open dataset versions on %s (chromium)', (engine) => {
  let server: ServerProcess;
  let browser: Browser;
  let stop: () => Promise<void>;
  let dataset: { name: string; records: number };

  const getJson = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${server.url}${path}`);
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    const started = await startE2EServer(engine, PASSWORD);
    server = started.server;
    stop = started.stop;
    browser = await launchBrowser();
    const open = await getJson<{ items: { name: string }[] }>('/open/api/datasets?openType=open&limit=100');
    for (const item of open.items) {
      const detail = await getJson<{ name: string; records: number }>(`/open/api/datasets/${item.name}`);
      // More than a preview page, so the pager shows; few enough that the diff fits a page or two.
      if (detail.records > 10) {
        dataset = detail;
        break;
      }
    }
    expect(dataset, 'an open dataset with more than 10 records').toBeDefined();
  });
  afterAll(async () => {
    await browser?.close();
    await stop?.();
  });

  it('shows the versions, the preview as of a date, a diff and the feed, and meets WCAG 2.2 AA', async () => {
    const versions = await getJson<Versions>(`/open/api/datasets/${dataset.name}/versions`);
    expect(versions.total).toBeGreaterThan(0);
    const context = await newUserContext(browser, { viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/open/datasets/${dataset.name}`);
    const section = page.getByTestId('open-versions');
    await section.getByTestId('open-versions-table').waitFor({ timeout: 45_000 });
    const rows = section.getByTestId('open-versions-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(Math.min(versions.total, 20));
    const preview = page.getByTestId('open-preview-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => preview.count(), { timeout: 30_000 }).toBe(10);

    // The feed is named in the head, and answers as Atom.
    const feedHref = await page
      .locator('head link[rel="alternate"][type="application/atom+xml"]')
      .getAttribute('href');
    expect(feedHref).toBe(versions.feed);
    const feed = await fetch(feedHref!);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    expect((await feed.text()).match(/<entry>/g)?.length).toBe(Math.min(versions.total, 50));

    // As of yesterday (before the demo loaded anything): the preview is empty; back to the latest: full again.
    const yesterday = cityDay(Date.now() - 86_400_000);
    await section.getByTestId('open-asof-date').fill(yesterday);
    await section.getByTestId('open-asof-show').click();
    await section.getByTestId('open-asof-viewing').waitFor();
    expect(await section.getByTestId('open-asof-viewing').innerText()).toContain(yesterday);
    await expect
      .poll(() => page.getByTestId('open-preview').locator('.ant-empty').count(), { timeout: 30_000 })
      .toBe(1);
    expect(await page.locator('#open-preview-title').innerText()).toContain(yesterday);
    await section.getByTestId('open-asof-latest').click();
    await expect.poll(() => preview.count(), { timeout: 30_000 }).toBe(10);

    // A version's own data: the preview as of it.
    await section.getByTestId('open-version-view').first().click();
    await section.getByTestId('open-asof-viewing').waitFor();
    await expect.poll(() => preview.count(), { timeout: 30_000 }).toBe(10);

    // Yesterday to today: every record added, a page of 50 at a time.
    await section.getByTestId('open-diff-from').fill(yesterday);
    await section.getByTestId('open-diff-to').fill(cityDay(Date.now()));
    await section.getByTestId('open-diff-compare').click();
    const diffRows = section.getByTestId('open-diff-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => diffRows.count(), { timeout: 30_000 }).toBe(Math.min(dataset.records, 50));
    const kinds = await section
      .locator('[data-testid="open-diff-kind"]')
      .evaluateAll((tags) => tags.map((tag) => tag.getAttribute('data-kind')));
    expect(new Set(kinds)).toEqual(new Set(['added']));
    if (dataset.records > 50) {
      await section.getByTestId('open-diff-more').click();
      await expect.poll(() => diffRows.count(), { timeout: 30_000 }).toBe(Math.min(dataset.records, 100));
    }

    const problems = await axeViolations(page, [
      '[data-testid="open-versions"]',
      '[data-testid="open-preview"]',
    ]);
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits a phone with the diff open: nothing sideways, WCAG 2.2 AA', async () => {
    const context = await newUserContext(browser, { viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/open/datasets/${dataset.name}`);
    const section = page.getByTestId('open-versions');
    await section.getByTestId('open-versions-table').waitFor({ timeout: 45_000 });
    await section.getByTestId('open-version-diff').first().click();
    await section.getByTestId('open-diff-table').locator('tbody tr.ant-table-row').first().waitFor();
    await section.getByTestId('open-version-view').first().click();
    await section.getByTestId('open-asof-viewing').waitFor();
    await page.getByTestId('open-preview-table').locator('tbody tr.ant-table-row').first().waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(
      await axeViolations(page, ['[data-testid="open-versions"]', '[data-testid="open-preview"]']),
    ).toEqual([]);
    await context.close();
  });
});
