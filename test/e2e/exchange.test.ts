import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newUserContext, startE2EServer } from '../support/browser.ts';
import { ENGINES } from '../support/db.ts';
import type { ServerProcess } from '../support/process.ts';

const PASSWORD = 'Demo-pass-2026';
/** Options of the drop-down that is open now (antd keeps closed ones in the page, hidden). */
const OPEN_OPTIONS = '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option';

interface Item {
  name: string;
  dataType: string;
  length: number | null;
  required: boolean;
  isKey: boolean;
  semanticTag: string | null;
}
interface ExchangeResource {
  id: string;
  name: string;
  sharingType: string;
  lastSeq: number;
  recordsHeld: number;
}

/** Semantic tags whose checks any plain text passes; others (ID numbers, credit codes…) need real values. */
const PLAIN_TAGS = new Set([null, 'address', 'person_name']);

/** A value of row `i` (1–9) that the item's type accepts and that differs from the other rows' values. */
function valueOf(item: Item, i: number): string | null {
  if (item.semanticTag === 'date' && item.dataType !== 'D') return null;
  if (!PLAIN_TAGS.has(item.semanticTag) && item.semanticTag !== 'date') return null;
  switch (item.dataType) {
    case 'C':
    case 'M':
      return (item.length ?? 99) >= 6 ? `E2E-0${i}` : String(i);
    case 'N':
    case 'I':
    case 'Y':
      return String(i);
    case 'B':
    case 'F':
      return `${i}.5`;
    case 'D':
      return `2024-01-0${i}`;
    case 'T':
      return `2024-01-0${i} 08:00:00`;
    default:
      return null;
  }
}

describe.each(ENGINES)('exchange console on %s (chromium)', (engine) => {
  let server: ServerProcess;
  let browser: Browser;
  let steward: Page;
  let operator: Page;
  let stop: () => Promise<void>;
  let stewardToken = '';
  let resource: ExchangeResource;
  let csv = '';
  const ROWS = 3;

  async function signIn(username: string): Promise<Page> {
    const page = await (await newUserContext(browser)).newPage();
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  async function api<T>(path: string, token: string): Promise<T> {
    const res = await fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
    return (await res.json()) as T;
  }

  beforeAll(async () => {
    const started = await startE2EServer(engine, PASSWORD);
    server = started.server;
    stop = started.stop;
    browser = await launchBrowser();
    steward = await signIn('gaj_steward');
    operator = await signIn('admin');

    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'gaj_steward', password: PASSWORD }),
    });
    stewardToken = ((await login.json()) as { token: string }).token;

    // A published, freely shared record resource of the steward's 公安局 whose required items take plain values:
    // read from the server rather than assumed, so the test follows the demo catalog.
    const { items } = await api<{ items: ExchangeResource[] }>(
      '/api/exchange/resources?limit=500',
      stewardToken,
    );
    for (const candidate of items.filter((r) => r.sharingType === 'unconditional')) {
      const detail = await api<{ items: Item[] }>(`/api/exchange/resources/${candidate.id}`, stewardToken);
      const columns = detail.items.filter((item) => item.required || item.isKey);
      const rows = Array.from({ length: ROWS }, (_, i) => columns.map((item) => valueOf(item, i + 1)));
      if (columns.length === 0 || rows.some((row) => row.includes(null))) continue;
      resource = candidate;
      csv = [columns.map((item) => item.name), ...rows].map((row) => row.join(',')).join('\n') + '\n';
      break;
    }
    expect(csv, 'a 公安局 resource with plain required items').not.toBe('');
  });
  afterAll(async () => {
    await browser?.close();
    await stop?.();
  });

  it('a steward previews a CSV upload, stores it, and finds the batch in the ingest history', async () => {
    await steward.goto(`${server.url}/exchange/resources`);
    await steward.getByTestId('exchange-resources-search').fill(resource.name);
    await steward.getByTestId('exchange-resource-link').filter({ hasText: resource.name }).first().click();
    await steward.waitForURL(/\/exchange\/resources\/[0-9a-f-]{36}/);
    await steward.getByTestId('exchange-tab-upload').click();

    await steward
      .locator('input[type=file]')
      .setInputFiles({ name: 'e2e.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await steward.getByTestId('upload-preview-button').click();
    const preview = steward.getByTestId('upload-preview');
    await preview.waitFor({ timeout: 40_000 });
    expect(await steward.getByTestId('upload-preview-inserted').innerText()).toContain(String(ROWS));
    expect(await steward.getByTestId('upload-preview-rejectedTotal').innerText()).toContain('0');
    expect(await steward.getByTestId('upload-columns').locator('[data-matched="false"]').count()).toBe(0);
    expect(await steward.getByTestId('upload-preview-rows').locator('tbody tr.ant-table-row').count()).toBe(
      ROWS,
    );

    await steward.getByTestId('upload-commit-button').click();
    await steward.getByTestId('upload-committed').waitFor({ timeout: 40_000 });
    expect(await steward.getByTestId('upload-result-inserted').innerText()).toContain(String(ROWS));

    await steward.getByTestId('upload-to-batches').click();
    const latest = steward.getByTestId('batch-table').locator('tbody tr.ant-table-row').first();
    await expect.poll(() => latest.getByTestId('batch-outcome').getAttribute('data-outcome')).toBe('applied');
    expect(await latest.getByTestId('batch-inserted').innerText()).toBe(String(ROWS));
    expect(await latest.innerText()).toContain('文件上传');

    // The batch opens with its (empty) error report.
    await latest.click();
    await steward.getByTestId('batch-drawer').waitFor();
    await expect.poll(() => steward.getByTestId('batch-drawer').innerText()).toContain('gaj_steward');
  });

  it('the operator subscribes a consumer department by pull and sees the lag behind the change log', async () => {
    const { lastSeq } = await api<ExchangeResource>(`/api/exchange/resources/${resource.id}`, stewardToken);
    expect(lastSeq).toBeGreaterThanOrEqual(ROWS);

    await operator.goto(`${server.url}/exchange/subscriptions`);
    await operator.getByTestId('subscription-create').click();
    await operator.getByTestId('subscription-form-resource').click();
    await operator.keyboard.type(resource.name);
    await operator.locator(OPEN_OPTIONS).filter({ hasText: resource.name }).first().click();
    // The resource list names providers too (市民政局 among them): let it close before the consumer list opens.
    await expect.poll(() => operator.locator(OPEN_OPTIONS).count(), { timeout: 40_000 }).toBe(0);
    await operator.getByTestId('subscription-form-consumer').click();
    await operator.keyboard.type('民政局');
    await operator.locator(OPEN_OPTIONS).filter({ hasText: '市民政局' }).first().click();
    await operator.getByTestId('subscription-form-submit').click();

    // A pull subscription has no secret: the dialog shows how to read and acknowledge its changes.
    const example = operator.getByTestId('pull-example');
    await example.waitFor({ timeout: 40_000 });
    expect(await example.innerText()).toMatch(/\/api\/exchange\/subscriptions\/[0-9a-f-]{36}\/changes/);
    await operator.getByTestId('subscription-created-done').click();

    const row = operator
      .getByTestId('subscription-table')
      .locator('tbody tr.ant-table-row')
      .filter({ hasText: resource.name })
      .filter({ hasText: '市民政局' });
    await expect.poll(() => row.count(), { timeout: 40_000 }).toBe(1);
    expect(await row.getByTestId('subscription-lag').getAttribute('data-lag')).toBe(String(lastSeq));
    expect(await row.getByTestId('subscription-status').getAttribute('data-status')).toBe('active');
  });

  it('the exchange overview counts from the exchange log and draws its charts', async () => {
    const adminLogin = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    const adminToken = ((await adminLogin.json()) as { token: string }).token;
    const stats = await api<{ totals: { recordsHeld: number; subscriptions: number } }>(
      '/api/exchange/stats',
      adminToken,
    );
    expect(stats.totals.recordsHeld).toBeGreaterThanOrEqual(ROWS);

    await operator.goto(`${server.url}/exchange`);
    const held = operator.getByTestId('exchange-stat-recordsHeld');
    await expect
      .poll(async () => (await held.innerText()).replace(/\D/g, ''), { timeout: 40_000 })
      .toBe(String(stats.totals.recordsHeld));
    expect((await operator.getByTestId('exchange-stat-subscriptions').innerText()).replace(/\D/g, '')).toBe(
      String(stats.totals.subscriptions),
    );
    await expect
      .poll(() => operator.getByTestId('stats-daily-chart').locator('canvas').count(), { timeout: 40_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(() => operator.getByTestId('stats-top-chart').locator('canvas').count(), { timeout: 40_000 })
      .toBeGreaterThan(0);
  });
});
