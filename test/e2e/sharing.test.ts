import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newUserContext, startE2EServer } from '../support/browser.ts';
import { ENGINES } from '../support/db.ts';
import type { ServerProcess } from '../support/process.ts';

const PASSWORD = 'Demo-pass-2026';
/** Options of the drop-down that is open now (antd keeps closed ones in the page, hidden). */
const OPEN_OPTIONS = '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option';
const RESOURCE = '户籍人口信息';
const PROVIDER = '市公安局';
const CONSUMER = '市住房公积金管理中心';
const REQUESTED = ['姓名', '性别', '出生日期', '户籍地址'];
const APPROVED = ['姓名', '性别'];
const PURPOSE = '住房公积金提取业务核验户籍信息（端到端测试）';
const DAY_MS = 86_400_000;

/** A minimal well-formed PDF, as a scanned signed agreement would be. */
const TINY_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n' +
    'trailer<</Root 1 0 R>>\n%%EOF\n',
);

interface AccessRequest {
  id: string;
  resourceId: string;
  consumerDepartmentName: string;
  status: string;
  items: string[];
  approvedItems: string[] | null;
  grantId: string | null;
}
interface Coverage {
  departmentId: string;
  departmentName: string;
  inForceUntil: string | null;
}

/** A day relative to today, as the date pickers take it. */
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);

describe.each(ENGINES)('sharing portal on %s (chromium)', (engine) => {
  let server: ServerProcess;
  let browser: Browser;
  let consumer: Page;
  let steward: Page;
  let operator: Page;
  let stop: () => Promise<void>;
  let adminToken = '';
  let request: AccessRequest;
  let apiKey = '';
  let idNumber = '';
  let maskedName = '';
  let gender = '';

  async function signIn(username: string): Promise<Page> {
    const page = await (await newUserContext(browser)).newPage();
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  async function api<T>(path: string, init: RequestInit = {}, status = 200): Promise<T> {
    const res = await fetch(`${server.url}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${adminToken}`, ...init.headers },
    });
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(status);
    return (await res.json()) as T;
  }

  /** The data service API as gjj's system calls it: its API key, and the grant's purpose in X-Purpose. */
  const lookup = (key: string) =>
    fetch(`${server.url}/api/data/${request.resourceId}/records/${encodeURIComponent(key)}`, {
      headers: { Authorization: `Bearer ${apiKey}`, 'X-Purpose': encodeURIComponent(PURPOSE) },
    });

  /** Types a day into an antd date picker input and confirms it. */
  async function pickDay(input: Locator, value: string) {
    await input.click();
    await input.fill(value);
    await input.press('Enter');
  }

  beforeAll(async () => {
    const started = await startE2EServer(engine, PASSWORD);
    server = started.server;
    stop = started.stop;
    browser = await launchBrowser();
    consumer = await signIn('gjj_consumer');
    steward = await signIn('gaj_steward');
    operator = await signIn('admin');
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    adminToken = ((await login.json()) as { token: string }).token;
  });
  afterAll(async () => {
    await browser?.close();
    await stop?.();
  });

  it('the operator files a signed security agreement for the consumer department and sees it in force', async () => {
    await operator.goto(`${server.url}/sharing/agreements`);
    await operator.getByTestId('agreement-upload').click();
    const modal = operator.locator('.ant-modal');
    await modal.getByTestId('agreement-form-department').click();
    await operator.keyboard.type('公积金');
    await operator.locator(OPEN_OPTIONS).filter({ hasText: CONSUMER }).first().click();
    await modal.getByTestId('agreement-form-title').fill('政务信息资源共享安全保密协议（端到端测试）');
    await modal.getByTestId('agreement-form-parties').fill(`甲方：市大数据管理局；乙方：${CONSUMER}`);
    await pickDay(modal.getByTestId('agreement-form-signed-on'), day(-2));
    // The range picker's test id is on its start input; the end input is its sibling.
    const validity = modal.locator('.ant-picker-range input');
    await pickDay(validity.nth(0), day(-1));
    await pickDay(validity.nth(1), day(365));
    await modal
      .locator('input[type=file]')
      .setInputFiles({ name: '安全保密协议.pdf', mimeType: 'application/pdf', buffer: TINY_PDF });
    await modal.getByTestId('agreement-form-submit').click();
    await modal.waitFor({ state: 'detached', timeout: 40_000 });

    // The list, filtered to the department, shows the new agreement in force.
    await operator.getByTestId('agreements-department-filter').click();
    await operator.keyboard.type('公积金');
    await operator.locator(OPEN_OPTIONS).filter({ hasText: CONSUMER }).first().click();
    const row = operator
      .getByTestId('agreements-table')
      .locator('tbody tr.ant-table-row')
      .filter({ hasText: '端到端测试' });
    await expect.poll(() => row.count(), { timeout: 40_000 }).toBe(1);
    expect(await row.getByTestId('agreement-state').getAttribute('data-state')).toBe('in_force');
    expect(await row.getByTestId('agreement-file').innerText()).toContain('安全保密协议.pdf');

    // The file downloads as it was uploaded, and the coverage table counts the department as covered.
    const href = await row.getByTestId('agreement-file').getAttribute('href');
    const file = await fetch(`${server.url}${href}`, { headers: { Authorization: `Bearer ${adminToken}` } });
    expect(Buffer.from(await file.arrayBuffer()).equals(TINY_PDF)).toBe(true);
    // In force at least as long as the new agreement (the demo city may have filed a longer one already).
    const coverage = await api<Coverage[]>('/api/sharing/agreements/coverage');
    const until = coverage.find((c) => c.departmentName === CONSUMER)?.inForceUntil ?? '';
    expect(until >= day(365), `in force until ${until}`).toBe(true);
    // The coverage tab, narrowed to the departments without an agreement in force, lists exactly those.
    await operator.getByTestId('agreements-tab-coverage').click();
    await operator.getByTestId('coverage-uncovered-only').click();
    const uncovered = operator.getByTestId('coverage-table').locator('tbody tr.ant-table-row');
    const expected = coverage.filter((c) => c.inForceUntil === null).map((c) => c.departmentName);
    await expect
      .poll(async () => (await uncovered.allInnerTexts()).map((text) => text.split('\t')[0]!.trim()).sort(), {
        timeout: 40_000,
      })
      .toEqual([...expected].sort());
    expect(expected).not.toContain(CONSUMER);
  });

  it('a consumer requests four items; the provider approves two; the data API returns just those, the name masked', async () => {
    // 公积金中心 finds the resource in the sharing catalog and asks for four of its items.
    await consumer.goto(`${server.url}/sharing/catalog`);
    await consumer.getByTestId('sharing-catalog-search').fill(RESOURCE);
    await consumer.getByTestId('sharing-catalog-search').press('Enter');
    const hit = consumer
      .getByTestId('sharing-catalog-table')
      .locator('tbody tr.ant-table-row')
      .filter({ has: consumer.getByTestId('sharing-catalog-link').getByText(RESOURCE, { exact: true }) })
      .filter({ hasText: PROVIDER });
    await expect.poll(() => hit.count(), { timeout: 40_000 }).toBe(1);
    expect(await hit.getByTestId('sharing-type').getAttribute('data-type')).toBe('conditional');
    await hit.getByTestId('sharing-catalog-apply').click();
    await consumer.waitForURL(/\/sharing\/resources\/[0-9a-f-]{36}/);
    await consumer.getByTestId('sharing-resource-condition').waitFor();

    const form = consumer.getByTestId('request-form');
    await form.waitFor();
    // Sensitive items are marked as such in the checklist.
    const checklist = form.getByTestId('item-checklist');
    expect(
      await checklist.locator('tr').filter({ hasText: '姓名' }).first().getByTestId('item-sensitive').count(),
    ).toBe(1);
    for (const name of REQUESTED)
      await checklist.locator(`[data-testid=item-check][data-item="${name}"]`).check();
    await form.getByTestId('request-form-purpose').fill(PURPOSE);
    await form.getByTestId('request-form-legal-basis').fill('《住房公积金管理条例》第二十四条、第二十五条');
    await form.locator('[data-testid=usage-mode][data-mode=verify]').check();
    expect(await form.locator('[data-testid=usage-mode][data-mode=query]').isChecked()).toBe(true);
    await form.getByTestId('request-form-submit').click();
    await consumer.getByTestId('request-created').waitFor({ timeout: 40_000 });

    const { items } = await api<{ items: AccessRequest[] }>('/api/sharing/requests?box=all&status=pending');
    request = items.find((r) => r.consumerDepartmentName === CONSUMER && r.items.includes('户籍地址'))!;
    expect(request, 'the request, pending').toBeDefined();
    // The key item comes with every request: it identifies the records.
    expect([...request.items].sort()).toEqual(['身份证号', ...REQUESTED].sort());

    // 公安局's steward finds it in the approval inbox and approves 姓名 and 性别 only.
    await steward.goto(`${server.url}/sharing/inbox`);
    const pending = steward
      .getByTestId('inbox-table')
      .locator('tbody tr.ant-table-row')
      .filter({ hasText: RESOURCE })
      .filter({ hasText: CONSUMER });
    await expect.poll(() => pending.count(), { timeout: 40_000 }).toBe(1);
    expect(await pending.getByTestId('request-deadline').getAttribute('data-overdue')).toBe('false');
    await pending.getByTestId('request-open').click();
    await steward.getByTestId('request-drawer').getByTestId('request-details').waitFor();
    await steward.getByTestId('request-approve').click();
    const approve = steward.locator('.ant-modal').filter({ has: steward.getByTestId('approve-submit') });
    await approve.getByTestId('item-checklist').waitFor();
    for (const name of REQUESTED.filter((n) => !APPROVED.includes(n)))
      await approve.locator(`[data-testid=item-check][data-item="${name}"]`).uncheck();
    await approve.getByTestId('approve-submit').click();
    await expect
      .poll(async () => (await api<AccessRequest>(`/api/sharing/requests/${request.id}`)).status, {
        timeout: 40_000,
      })
      .not.toBe('pending');

    // 姓名 is sensitive: when the operator's policy asks for it, the platform reviews the approval.
    request = await api<AccessRequest>(`/api/sharing/requests/${request.id}`);
    if (request.status === 'second_review') {
      await operator.goto(`${server.url}/sharing/inbox`);
      const review = operator
        .getByTestId('inbox-table')
        .locator('tbody tr.ant-table-row')
        .filter({ hasText: RESOURCE })
        .filter({ hasText: CONSUMER });
      await expect.poll(() => review.count(), { timeout: 40_000 }).toBe(1);
      await review.getByTestId('request-open').click();
      await operator
        .getByTestId('request-drawer')
        .getByTestId('request-details')
        .waitFor({ timeout: 40_000 });
      await operator.getByTestId('request-approve').click();
      const reviewModal = operator
        .locator('.ant-modal')
        .filter({ has: operator.getByTestId('approve-submit') });
      await reviewModal.getByTestId('item-checklist').waitFor({ timeout: 40_000 });
      await reviewModal.getByTestId('approve-submit').click();
      await reviewModal.waitFor({ state: 'detached', timeout: 40_000 });
      await expect
        .poll(async () => (await api<AccessRequest>(`/api/sharing/requests/${request.id}`)).status, {
          timeout: 40_000,
        })
        .toBe('approved');
      request = await api<AccessRequest>(`/api/sharing/requests/${request.id}`);
    }
    expect(request.status).toBe('approved');
    expect([...(request.approvedItems ?? [])].sort()).toEqual(['身份证号', ...APPROVED].sort());
    expect(request.grantId).not.toBeNull();

    // gjj's system: an API key issued by the operator, and an ID number from the provider's data.
    const gjj = (await api<Coverage[]>('/api/sharing/agreements/coverage')).find(
      (c) => c.departmentName === CONSUMER,
    )!;
    const created = await api<{ secret: string }>(
      '/api/api-keys',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: '公积金提取审核系统（端到端测试）', departmentId: gjj.departmentId }),
      },
      201,
    );
    apiKey = created.secret;
    const held = await api<{ items: { data: Record<string, string> }[] }>(
      `/api/exchange/resources/${request.resourceId}/records?limit=5`,
    );
    const person = held.items.find((r) => typeof r.data['姓名'] === 'string')!;
    expect(person, 'a held record of the resource').toBeDefined();
    idNumber = person.data['身份证号']!;

    const res = await lookup(idNumber);
    expect(res.status, await res.clone().text()).toBe(200);
    const found = (await res.json()) as {
      record: { key: unknown[]; data: Record<string, string> };
      maskedItems: string[];
      grantId: string;
    };
    expect(found.grantId).toBe(request.grantId);
    expect(found.record.key).toEqual([idNumber]);
    expect(Object.keys(found.record.data).sort()).toEqual(['身份证号', ...APPROVED].sort());
    expect(found.record.data['身份证号']).toBe(idNumber);
    expect(found.maskedItems).toEqual(['姓名']);
    // The surname and one '*' for each other character, as the provider's console also masks it.
    maskedName = found.record.data['姓名']!;
    expect(maskedName).toMatch(/^[^*]{1,2}\*+$/u);
    expect(maskedName).toBe(person.data['姓名']);
    gender = found.record.data['性别']!;
    expect(['1', '2']).toContain(gender);
  });

  it('the consumer tries the grant in the browser: lookup shows the masked name, verify answers match or not', async () => {
    await consumer.goto(`${server.url}/sharing/grants?open=${request.grantId}`);
    const drawer = consumer.getByTestId('grant-drawer');
    await drawer.getByTestId('grant-details').waitFor({ timeout: 40_000 });
    expect(await drawer.locator('[data-testid=item-tag][data-item="姓名"]').getAttribute('data-masked')).toBe(
      'true',
    );
    const panel = drawer.getByTestId('try-panel');
    await panel.locator('[data-testid=try-key][data-item="身份证号"]').waitFor({ timeout: 40_000 });

    // 按主键查询: exactly what the grant returns.
    await panel.locator('[data-testid=try-key][data-item="身份证号"]').fill(idNumber);
    await panel.getByTestId('try-run').click();
    const result = panel.getByTestId('try-result');
    await expect.poll(() => result.innerText(), { timeout: 40_000 }).toContain(maskedName);
    const shown = JSON.parse(await result.innerText()) as { record: { data: Record<string, string> } };
    expect(Object.keys(shown.record.data).sort()).toEqual(['身份证号', ...APPROVED].sort());

    // 核验: the right gender matches, the other one does not; neither answer shows any data.
    await panel.getByTestId('try-mode').getByText('核验').click();
    await panel.locator('[data-testid=try-key][data-item="身份证号"]').fill(idNumber);
    await panel.getByTestId('try-check-items').click();
    await consumer.locator(OPEN_OPTIONS).filter({ hasText: '性别' }).first().click();
    await consumer.keyboard.press('Escape');
    const value = panel.locator('[data-testid=try-check-value][data-item="性别"]');
    await value.fill(gender);
    await panel.getByTestId('try-run').click();
    const match = panel.getByTestId('try-verify-match');
    await expect.poll(() => match.getAttribute('data-match'), { timeout: 40_000 }).toBe('true');
    expect(await result.innerText()).not.toContain(maskedName);

    await value.fill(gender === '1' ? '2' : '1');
    await panel.getByTestId('try-run').click();
    await expect.poll(() => match.getAttribute('data-match'), { timeout: 40_000 }).toBe('false');
  });

  it('the provider revokes the grant; the next call is refused with SHARING_GRANT_REVOKED', async () => {
    await steward.goto(`${server.url}/sharing/grants?tab=given`);
    const row = steward
      .getByTestId('grants-table')
      .locator('tbody tr.ant-table-row')
      .filter({ hasText: RESOURCE })
      .filter({ hasText: CONSUMER });
    await expect.poll(() => row.count(), { timeout: 40_000 }).toBe(1);
    expect(await row.getByTestId('grant-state').getAttribute('data-state')).toBe('active');
    await row.getByTestId('grant-revoke').click();
    await steward.getByTestId('reason-input').fill('业务已办结，停止使用（端到端测试）');
    await steward.getByTestId('reason-submit').click();
    await expect
      .poll(() => row.getByTestId('grant-state').getAttribute('data-state'), { timeout: 40_000 })
      .toBe('revoked');

    const res = await lookup(idNumber);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('SHARING_GRANT_REVOKED');
  });
});
