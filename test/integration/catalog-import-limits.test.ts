import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '../../src/lib/validators/index.ts';
import { ITEM_COLUMNS, RESOURCE_COLUMNS } from '../../src/modules/catalog/excel.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { buildResourceInput, catalogFixture } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';

/** A multipart body with one file field, as a browser sends it. */
function multipart(file: Buffer) {
  const boundary = '----tongban-limits-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="catalog.xlsx"\r\n` +
      'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, file, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const DEPT = makeUscc({
  registrationAuthority: '1',
  orgType: '1',
  regionCode: '320700',
  orgCodeBody8: '01234567',
});
const RESOURCE_CELLS: Record<string, string> = {
  信息资源分类代码: '101001',
  提供方代码: DEPT,
  摘要: '摘要',
  格式分类: '数据库',
  共享类型: '无条件共享',
  共享方式: '接口调用',
  开放属性: '不予开放',
  更新周期: '每日',
  资源分类: '',
  提供方: '',
  格式: '',
  共享条件: '',
  开放条件: '',
  发布日期: '',
  关联资源代码: '',
  联系人: '',
  联系电话: '',
};

/**
 * A catalog workbook written with exceljs's streaming writer (as a large file is made): the two sheets with
 * their headers, `resourceRows` rows of resources and whatever `itemRow` adds to the item sheet.
 */
async function bigWorkbook(
  resourceRows: number,
  { full = false, extraCell }: { full?: boolean; extraCell?: number } = {},
): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
  const resources = writer.addWorksheet('信息资源');
  resources.addRow([...RESOURCE_COLUMNS]).commit();
  for (let i = 1; i <= resourceRows; i++) {
    // Full: every cell valid, so each row's one problem is its missing items; else a code and a name only.
    const row = resources.addRow(
      full
        ? RESOURCE_COLUMNS.map((h) => RESOURCE_CELLS[h] ?? (h === '信息资源代码' ? `新增${i}` : `资源${i}`))
        : [`新增${i}`, `资源${i}`],
    );
    if (extraCell !== undefined && i === resourceRows) row.getCell(extraCell).value = 'x';
    row.commit();
  }
  resources.commit();
  const items = writer.addWorksheet('信息项');
  items.addRow([...ITEM_COLUMNS]).commit();
  items.commit();
  await writer.commit();
  return Buffer.concat(chunks);
}

describe.each(ENGINES)('catalog import limits and DCAT addresses on %s', (engine) => {
  let t: TestApp;
  let steward: string;
  let mz: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    ({ mz, stewardMz: steward } = await catalogFixture(t));
  });
  afterAll(() => t.close());

  const importFile = (file: Buffer, lang = 'zh-CN') =>
    t.call(steward, {
      method: 'POST',
      url: '/api/catalog/import',
      ...multipart(file),
      headers: { ...multipart(file).headers, 'accept-language': lang },
    });
  const resourceCount = async () =>
    (await t.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM catalog_resource')).rows[0]!.n;

  it('reads a workbook in a worker thread while the server goes on answering', async () => {
    // 5,000 rows × 19 cells of Chinese text, each refused for want of items.
    const file = await bigWorkbook(5_000, { full: true });
    const before = t.services.catalogTransfer.parser.completed;
    const order: string[] = [];
    let pending = true;
    const importing = importFile(file).then((res) => {
      pending = false;
      order.push('import');
      return res;
    });
    // Health checks one after another for as long as the import runs: each needs the event loop and a query.
    let answered = 0;
    while (pending && answered < 500) {
      const health = await t.call(null, { method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(200);
      if (pending) order.push('health');
      answered += 1;
    }
    const res = await importing;
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.applied).toBe(false);
    expect(report.errors.filter((e: { code: string }) => e.code !== 'no_items')).toEqual([]);
    expect(report.errors).toHaveLength(5_000);
    expect(report.errors[0]).toMatchObject({ sheet: '信息资源', row: 2, code: 'no_items' });
    expect(report.errors.at(-1)).toMatchObject({ sheet: '信息资源', row: 5_001, code: 'no_items' });
    // Several health answers came back before the import's answer: the reading never held the event loop.
    expect(order.indexOf('import')).toBeGreaterThanOrEqual(3);
    expect(t.services.catalogTransfer.parser.completed).toBe(before + 1);
  });

  it('refuses a workbook past the row cap with 413, naming the sheet and the cap, and applies nothing', async () => {
    const count = await resourceCount();
    const file = await bigWorkbook(20_001);
    const res = await importFile(file);
    expect(res.statusCode, res.body).toBe(413);
    const { error } = res.json();
    expect(error.code).toBe('WORKBOOK_TOO_LARGE');
    expect(error.details).toEqual({ sheet: '信息资源', cap: 'rows', limit: 20_000 });
    expect(error.message).toContain('信息资源');
    expect(error.message).toContain('20,000');
    expect(await resourceCount()).toBe(count);

    const en = (await importFile(file, 'en')).json();
    expect(en.error.message).toBe('Sheet “信息资源” has more than 20,000 data rows; reading stopped there');
  });

  it('refuses a row that reaches past the column cap', async () => {
    const res = await importFile(await bigWorkbook(3, { extraCell: 1_001 }));
    expect(res.statusCode, res.body).toBe(413);
    expect(res.json().error).toMatchObject({
      code: 'WORKBOOK_TOO_LARGE',
      details: { sheet: '信息资源', cap: 'columns', limit: 1_000 },
    });
  });

  it('DCAT URIs use the configured public address whatever Host the request names', async () => {
    const r = (
      await t.call(steward, {
        method: 'POST',
        url: '/api/catalog/resources',
        payload: buildResourceInput(mz, { name: '公开地址测试资源' }),
      })
    ).json();
    const admin = await t.login('root');
    for (const step of ['submit', 'approve', 'publish']) {
      const res = await t.call(step === 'submit' ? steward : admin, {
        method: 'POST',
        url: `/api/catalog/resources/${r.id}/${step}`,
        payload: {},
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    for (const format of ['ttl', 'jsonld']) {
      const forged = await t.call(steward, {
        method: 'GET',
        url: `/api/catalog/dcat.${format}`,
        headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example' },
      });
      expect(forged.statusCode).toBe(200);
      expect(forged.body).not.toContain('evil.example');
      expect(forged.body).toContain('http://127.0.0.1:8080/catalog/resources/');
      const plain = await t.call(steward, { method: 'GET', url: `/api/catalog/dcat.${format}` });
      expect(plain.body).toBe(forged.body);
    }
  });
});
