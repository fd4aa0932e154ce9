import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, settle } from '../support/axe.ts';
import { launchBrowser, newUserContext, startE2EServer } from '../support/browser.ts';
import { ENGINES } from '../support/db.ts';
import type { ServerProcess } from '../support/process.ts';

const PASSWORD = 'Demo-pass-2026';

/*
 * axe-core, evaluated in the page through the DevTools protocol: `page.addScriptTag` would add an inline <script>,
 * which the site's CSP (script-src 'self') rightly refuses. (@axe-core/playwright 4.14 needs Node 22.)
 */

const SIZES = [
  { name: 'desktop', width: 1440, height: 900, phone: false },
  { name: 'phone', width: 390, height: 844, phone: true },
] as const;

interface Facet {
  value: string;
  label: string;
  count: number;
}
interface Search {
  count: number;
  items: { name: string; title: string; openType: string }[];
  facets: Record<'organization' | 'group' | 'openType' | 'updateCycle', Facet[]>;
}
interface Detail {
  name: string;
  title: string;
  records: number;
  openType: string;
  dictionary: { name: string; open: boolean }[];
  downloads: { csv: string; json: string; xlsx: string };
}

/** What went wrong in the browser: console errors, uncaught errors, CSP violations. */
interface Trouble {
  console: string[];
  pageErrors: string[];
  csp: string[];
}

/** A visitor's page (no sign-in) with the console, uncaught errors and CSP violations collected. */
async function visit(
  browser: Browser,
  size: (typeof SIZES)[number],
): Promise<{ context: BrowserContext; page: Page; trouble: Trouble }> {
  const context = await newUserContext(browser, { viewport: { width: size.width, height: size.height } });
  const trouble: Trouble = { console: [], pageErrors: [], csp: [] };
  await context.exposeFunction('__reportCsp', (text: string) => trouble.csp.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportCsp?: (text: string) => void }).__reportCsp;
      void report?.(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // The app asks who is signed in on every page (GET /api/auth/me); a visitor is not, and the browser logs the 401.
    if (/401 \(Unauthorized\)/.test(message.text()) && message.location().url.endsWith('/api/auth/me'))
      return;
    trouble.console.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => trouble.pageErrors.push(`${page.url()}: ${error.message}`));
  return { context, page, trouble };
}

/** A department among those the facet shows before "show all" (8), with fewer datasets than the search found. */
const shownDepartment = (search: Search) =>
  search.facets.organization.slice(0, 8).find((f) => f.count < search.count);

const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe.each(ENGINES)('open data portal on %s (chromium)', (engine) => {
  let server: ServerProcess;
  let browser: Browser;
  let stop: () => Promise<void>;
  /** An open dataset with records, as the API describes it. */
  let dataset: Detail;
  /** One with longitude and latitude (a map), if the demo has one. */
  let mapped: Detail | undefined;

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
    // The first open dataset that holds records, whatever the demo seeds.
    const open = await getJson<Search>('/open/api/datasets?openType=open&limit=100');
    for (const item of open.items) {
      const detail = await getJson<Detail>(`/open/api/datasets/${item.name}`);
      if (detail.records === 0) continue;
      dataset ??= detail;
      const names = detail.dictionary.filter((d) => d.open).map((d) => d.name);
      if (!mapped && names.includes('经度') && names.includes('纬度')) mapped = detail;
      if (mapped) break;
    }
    expect(dataset, 'an open dataset with records').toBeDefined();
  });
  afterAll(async () => {
    await browser?.close();
    await stop?.();
  });

  it('the home page shows the live figures, the newest datasets and the themes and departments', async () => {
    const { context, page } = await visit(browser, SIZES[0]);
    await page.goto(`${server.url}/open`);
    await page.getByTestId('open-figures').waitFor({ timeout: 45_000 });
    expect(page.url()).not.toContain('/login');
    const figures = await getJson<Record<string, number>>('/open/api/figures');
    for (const key of ['departments', 'datasets', 'records', 'downloads', 'apiCalls']) {
      const figure = page.getByTestId(`open-figure-${key}`);
      expect(Number(await figure.getAttribute('data-value')), key).toBe(figures[key]);
      // Shown with grouping: 20,000.
      expect(await figure.innerText(), key).toBe(figures[key]!.toLocaleString('en'));
    }
    expect(await page.getByTestId('open-figures-computed').innerText()).toMatch(
      /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/,
    );
    await page.getByTestId('open-newest').getByTestId('open-dataset-card').first().waitFor();
    expect(await page.getByTestId('open-home-departments').locator('li').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('open-home-departments').locator('li').count()).toBeLessThanOrEqual(10);

    // The search box leads to the catalogue with the words.
    await page.getByTestId('open-home-search').locator('input').fill('许可');
    await page.getByTestId('open-home-search').locator('input').press('Enter');
    await page.waitForURL((u) => u.pathname === '/open/datasets' && u.searchParams.get('q') === '许可');
    await context.close();
  });

  it('a word narrows the catalogue, a department narrows it more, and the address keeps the state', async () => {
    const all = await getJson<Search>('/open/api/datasets?limit=1');
    // A word that finds some datasets but not all, in more than one department.
    const titles = (await getJson<Search>('/open/api/datasets?limit=100')).items.map((i) => i.title);
    const candidates = ['许可', '分布', '统计', '监测', '价格', ...titles.map((t) => t.slice(0, 2))];
    let word = '';
    let hits: Search | null = null;
    for (const candidate of candidates) {
      const found = await getJson<Search>(`/open/api/datasets?limit=1&q=${encodeURIComponent(candidate)}`);
      if (found.count > 0 && found.count < all.count && shownDepartment(found)) {
        word = candidate;
        hits = found;
        break;
      }
    }
    expect(hits, 'a word that narrows the catalogue').not.toBeNull();

    const { context, page } = await visit(browser, SIZES[0]);
    await page.goto(`${server.url}/open/datasets`);
    const count = page.getByTestId('open-search-count');
    await expect.poll(() => count.getAttribute('data-count'), { timeout: 45_000 }).toBe(String(all.count));

    await page.getByTestId('open-search-input').locator('input').fill(word);
    await page.getByTestId('open-search-input').locator('input').press('Enter');
    await expect.poll(() => count.getAttribute('data-count'), { timeout: 30_000 }).toBe(String(hits!.count));
    expect(new URL(page.url()).searchParams.get('q')).toBe(word);

    // A department with fewer datasets than the word found: a click filters on it.
    const department = shownDepartment(hits!)!;
    await page
      .getByTestId('open-facet-organization')
      .locator(`[data-testid="open-facet-organization-option"][data-value="${department.value}"]`)
      .click();
    await expect
      .poll(() => count.getAttribute('data-count'), { timeout: 30_000 })
      .toBe(String(department.count));
    const url = new URL(page.url());
    expect(url.searchParams.get('q')).toBe(word);
    expect(url.searchParams.get('organization')).toBe(department.value);
    const cards = page.getByTestId('open-search-results').getByTestId('open-dataset-card');
    expect(await cards.count()).toBe(Math.min(department.count, 10));

    // The address alone restores it (a shared link, a reload).
    await page.reload();
    await expect
      .poll(() => count.getAttribute('data-count'), { timeout: 30_000 })
      .toBe(String(department.count));
    expect(await page.getByTestId('open-search-input').locator('input').inputValue()).toBe(word);

    // The selected department again clears it.
    await page
      .getByTestId('open-facet-organization')
      .locator(`[data-testid="open-facet-organization-option"][data-value="${department.value}"]`)
      .click();
    await expect.poll(() => count.getAttribute('data-count'), { timeout: 30_000 }).toBe(String(hits!.count));
    expect(new URL(page.url()).searchParams.get('organization')).toBeNull();
    await context.close();
  });

  it('a dataset page shows its dictionary, a preview, charts, downloads that answer and its JSON-LD', async () => {
    const { context, page } = await visit(browser, SIZES[0]);
    await page.goto(`${server.url}/open/datasets/${dataset.name}`);
    await page.getByTestId('open-dataset').waitFor({ timeout: 45_000 });
    expect(await page.getByTestId('open-ds-title').innerText()).toBe(dataset.title);

    const dictionary = page.getByTestId('open-dictionary-table').locator('tbody tr.ant-table-row');
    expect(await dictionary.count()).toBe(dataset.dictionary.length);
    expect(await page.getByTestId('open-dict-closed').count()).toBe(
      dataset.dictionary.filter((d) => !d.open).length,
    );

    const preview = page.getByTestId('open-preview-table').locator('tbody tr.ant-table-row');
    await preview.first().waitFor({ timeout: 30_000 });
    expect(await preview.count()).toBe(Math.min(dataset.records, 10));

    await page.getByTestId('open-chart').locator('canvas').first().waitFor({ timeout: 30_000 });

    // Every download link answers; the CSV's header row is the open items, in order.
    const openItems = dataset.dictionary.filter((d) => d.open).map((d) => d.name);
    for (const key of ['csv', 'csv-bom', 'json', 'xlsx']) {
      const href = await page.getByTestId(`open-download-${key}`).getAttribute('href');
      const response = await fetch(href!);
      expect(response.status, href!).toBe(200);
      if (key.startsWith('csv')) {
        const bytes = new Uint8Array(await response.arrayBuffer());
        const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
        expect(bom, href!).toBe(key === 'csv-bom');
        const text = new TextDecoder().decode(bom ? bytes.subarray(3) : bytes);
        expect(text.split(/\r?\n/)[0]!.split(',')).toEqual(openItems);
      } else {
        await response.arrayBuffer();
      }
    }

    // schema.org Dataset in the head, for search engines.
    const jsonLd = JSON.parse(
      (await page.locator('head script[type="application/ld+json"]').textContent()) ?? 'null',
    ) as Record<string, unknown> & { distribution: { contentUrl: string; encodingFormat: string }[] };
    expect(jsonLd['@type']).toBe('Dataset');
    expect(jsonLd.name).toBe(dataset.title);
    expect(jsonLd.distribution.map((d) => d.contentUrl)).toEqual([
      dataset.downloads.csv,
      dataset.downloads.json,
      dataset.downloads.xlsx,
    ]);

    // The API examples name the dataset's own addresses.
    expect(await page.getByTestId('open-api-query').innerText()).toContain(
      `/open/api/datasets/${dataset.name}/query`,
    );
    expect(await page.getByTestId('open-api-python').innerText()).toContain('RemoteCKAN');
    await context.close();
  });

  it('a conditional dataset explains itself instead of a preview', async () => {
    const conditional = await getJson<Search>('/open/api/datasets?openType=conditional&limit=1');
    if (!conditional.items.length) return;
    const { context, page } = await visit(browser, SIZES[0]);
    await page.goto(`${server.url}/open/datasets/${conditional.items[0]!.name}`);
    await page.getByTestId('open-conditional').waitFor({ timeout: 45_000 });
    expect(await page.getByTestId('open-preview').count()).toBe(0);
    expect(await page.getByTestId('open-downloads').count()).toBe(0);
    await context.close();
  });

  it('quality: badges on the cards, the criteria on the dataset page, the departments ranked and sortable, the DCAT-AP feed linked', async () => {
    type Ranking = {
      departments: { rank: number; organization: { title: string }; score: number; datasets: number }[];
    };
    type Quality = { quality: number; qualityCriteria: { id: string; status: string }[] };
    const ranking = await getJson<Ranking>('/open/api/quality');
    const { context, page } = await visit(browser, SIZES[0]);

    // The home page's head names the feed, and the footer links to it.
    await page.goto(`${server.url}/open`);
    await page.getByTestId('open-newest').waitFor({ timeout: 45_000 });
    const alternates = await page
      .locator('head link[rel="alternate"]')
      .evaluateAll((links) => links.map((l) => `${l.getAttribute('type')} ${l.getAttribute('href')}`));
    expect(alternates).toEqual([
      'text/turtle /open/catalog.ttl',
      'application/rdf+xml /open/catalog.rdf',
      'application/ld+json /open/catalog.jsonld',
    ]);
    const feeds = await page
      .getByTestId('open-dcat-links')
      .locator('a')
      .evaluateAll((a) => a.map((x) => x.getAttribute('href')));
    expect(feeds).toEqual(['/open/catalog.ttl', '/open/catalog.rdf', '/open/catalog.jsonld']);
    const ttl = await fetch(`${server.url}/open/catalog.ttl`);
    expect(ttl.headers.get('content-type')).toContain('text/turtle');
    expect(await ttl.text()).toContain('dcat:Catalog');

    // A card's badge is its dataset's score; sorted by quality, the best come first.
    await page.goto(`${server.url}/open/datasets?sort=quality`);
    await page
      .getByTestId('open-search-results')
      .getByTestId('open-dataset-card')
      .first()
      .waitFor({ timeout: 45_000 });
    const cards = page.getByTestId('open-search-results').getByTestId('open-dataset-card');
    const scores = await cards
      .getByTestId('open-quality-badge')
      .evaluateAll((b) => b.map((x) => Number(x.getAttribute('data-score'))));
    expect(scores.length).toBeGreaterThan(1);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const first = await cards.first().getAttribute('data-name');
    const detail = await getJson<Quality>(`/open/api/datasets/${first}`);
    expect(scores[0]).toBe(detail.quality);

    // The dataset page explains every criterion.
    await page.goto(`${server.url}/open/datasets/${first}`);
    const panel = page.getByTestId('open-quality-panel');
    await panel.waitFor({ timeout: 45_000 });
    const shown = await panel
      .getByTestId('open-quality-criterion')
      .evaluateAll((li) => li.map((x) => `${x.getAttribute('data-id')} ${x.getAttribute('data-status')}`));
    expect(shown).toEqual(detail.qualityCriteria.map((c) => `${c.id} ${c.status}`));

    // The ranking page: the API's order, re-sorted by a column, a department's datasets on expansion.
    await page.goto(`${server.url}/open/quality`);
    const table = page.getByTestId('open-quality-ranking');
    await table.locator('tbody tr.ant-table-row').first().waitFor({ timeout: 45_000 });
    const averages = () =>
      table.getByTestId('open-quality-score').evaluateAll((s) => s.map((x) => Number(x.textContent)));
    expect(await averages()).toEqual(ranking.departments.map((d) => d.score));
    await table.locator('th', { hasText: '数据集数' }).click();
    const counts = await table
      .locator('tbody tr.ant-table-row td:last-child')
      .evaluateAll((td) => td.map((x) => Number(x.textContent)));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    await table.locator('tbody tr.ant-table-row').first().locator('button.ant-table-row-expand-icon').click();
    await table.locator('tr.ant-table-expanded-row a').first().waitFor();
    expect(
      await table.locator('tr.ant-table-expanded-row').getByTestId('open-quality-badge').count(),
    ).toBeGreaterThan(0);
    await context.close();
  });

  for (const size of SIZES) {
    it(`meets WCAG 2.2 AA (axe-core) at ${size.width}×${size.height}, with a clean console`, async () => {
      const { context, page, trouble } = await visit(browser, size);
      const problems: string[] = [];
      const search = await getJson<Search>('/open/api/datasets?limit=1');
      const filtered = new URLSearchParams({
        q: search.items[0]!.title.slice(0, 2),
        openType: 'open',
        sort: 'title',
      });
      const pages = [
        { path: '/open', ready: 'open-newest' },
        { path: '/open/datasets', ready: 'open-search-results' },
        // Filters chosen: their tags with remove links, the sort, the search box with text.
        { path: `/open/datasets?${filtered.toString()}`, ready: 'open-search-count' },
        { path: `/open/datasets/${dataset.name}`, ready: 'open-preview-table' },
        ...(mapped ? [{ path: `/open/datasets/${mapped.name}`, ready: 'open-map' }] : []),
        { path: '/open/quality', ready: 'open-quality-ranking' },
      ];
      for (const { path, ready } of pages) {
        await page.goto(`${server.url}${path}`);
        await page.getByTestId(ready).waitFor({ timeout: 45_000 });
        if (path.includes('/datasets/'))
          await page.getByTestId('open-chart').locator('canvas').first().waitFor({ timeout: 30_000 });
        if (ready === 'open-map') await page.getByTestId('open-map').locator('canvas').waitFor();
        await settle(page);
        for (const v of await axeViolations(page)) problems.push(`${path}: ${v}`);
        if (size.phone) {
          const overflow = await sideways(page);
          if (overflow > 0) problems.push(`${path}: ${overflow}px sideways overflow`);
        }
      }
      // The developers' menu, open.
      await page.getByTestId('open-nav-developers').click();
      await page.locator('.ant-dropdown-menu a[href="/api/docs"]').waitFor();
      for (const v of await axeViolations(page)) problems.push(`developers menu: ${v}`);
      expect(problems).toEqual([]);
      expect(trouble).toEqual({ console: [], pageErrors: [], csp: [] });
      await context.close();
    });
  }
});
