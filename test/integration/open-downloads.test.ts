import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeCell, unescapeCell } from '../../src/lib/spreadsheet.ts';
import { makeIdCard } from '../../src/lib/validators/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { buildItem } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { datasetName as name, openFixture } from '../support/open.ts';

const N = 2_500;
const DISTRICTS = ['海州区', '连云区', '赣榆区', '东海县'];
/** Text a CSV or a spreadsheet could take for something else: quotes, commas, line breaks, formulas. */
const AWKWARD = [
  '含"引号"的名称',
  '逗号,分隔,的名称',
  '多行\n第二行',
  '回车换行\r\n第二行',
  "=cmd|' /C calc'!A0",
  '+SUM(1,2)',
  '-2+3',
  '@SUM(A1)',
  "'=已加引号",
  '"=引号开头"',
  '响铃\u0007与垂直制表\u000b字符',
  '字面的_x000D_不是回车',
];

const pad = (i: number) => String(i).padStart(5, '0');
/** N facilities; every item type the downloads type, and a sensitive number that must never leave. */
const rows = Array.from({ length: N }, (_, i) => ({
  编号: `F${pad(i + 1)}`,
  名称: i % 3 === 0 ? AWKWARD[(i / 3) % AWKWARD.length]! : `便民服务点${i + 1}`,
  区县: DISTRICTS[i % 4]!,
  金额: i % 7 === 0 ? -(i + 0.25) : (i + 1) * 10.5,
  数量: i * 3,
  启用日期: `20${10 + (i % 15)}-0${(i % 9) + 1}-1${i % 10}`,
  核查时间: `2024-0${(i % 9) + 1}-0${(i % 9) + 1} 0${i % 10}:3${i % 10}:0${i % 6}`,
  在用: i % 2 === 0,
  ...(i % 5 === 0 ? {} : { 备注: `备注${i}` }),
  负责人身份证号: makeIdCard({ regionCode: '320706', birthDate: '1980-01-01', sequence: i % 1000 }),
}));
const OPEN = ['编号', '名称', '区县', '金额', '数量', '启用日期', '核查时间', '在用', '备注'] as const;
/** The records as the exchange holds them (the time with the city's zone), the open items only. */
const expected = rows.map((r) => ({
  编号: r.编号,
  名称: r.名称,
  区县: r.区县,
  金额: r.金额,
  数量: r.数量,
  启用日期: r.启用日期,
  核查时间: `${r.核查时间.replace(' ', 'T')}+08:00`,
  在用: r.在用,
  备注: r.备注 ?? null,
}));
const secrets = rows.map((r) => r.负责人身份证号);

/** RFC 4180: fields separated by commas, records by CRLF, quoted fields with doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      out.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length) throw new Error('CSV does not end with CRLF');
  return out;
}

describe.each(ENGINES)('open data downloads on %s', (engine) => {
  let t: TestApp;
  let open$: { id: string; code: string };
  let conditional$: { id: string; code: string };
  let closed$: { id: string; code: string };
  let downloads = 0;
  const get = async (url: string) => {
    const res = await t.call(null, { method: 'GET', url });
    if (res.statusCode === 200) downloads++;
    return res;
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    const items = [
      buildItem({ name: '编号', isKey: true, length: 10 }),
      buildItem({ name: '名称', length: 50 }),
      buildItem({ name: '区县', length: 10 }),
      buildItem({ name: '金额', dataType: 'N', length: 12 }),
      buildItem({ name: '数量', dataType: 'I', length: null }),
      buildItem({ name: '启用日期', dataType: 'D', length: null, semanticTag: 'date' }),
      buildItem({ name: '核查时间', dataType: 'T', length: null }),
      buildItem({ name: '在用', dataType: 'L', length: null }),
      buildItem({ name: '备注', length: 20, required: false }),
      buildItem({ name: '负责人身份证号', length: 18, semanticTag: 'id_card', sensitive: true }),
    ];
    ({ open$, conditional$, closed$ } = await openFixture(t, items, rows));
  });
  afterAll(() => t?.close());

  it('streams the CSV: the open items in catalog order, text quoted against formulas, exact round trip', async () => {
    // Pages of 500: 2,500 records are five full pages and an empty sixth read.
    t.services.open.downloads.pageSize = 500;
    const res = await get(`/open/api/datasets/${name(open$.code)}/download.csv`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="${name(open$.code)}.csv"; filename*=UTF-8''${encodeURIComponent('便民服务点信息.csv')}`,
    );
    expect(res.rawPayload[0]).not.toBe(0xef); // no BOM unless asked
    const table = parseCsv(res.body);
    expect(table[0]).toEqual([...OPEN]);
    expect(table).toHaveLength(N + 1);
    const text = (v: unknown) => (v === null ? '' : typeof v === 'string' ? escapeCell(v) : String(v));
    expect(table.slice(1)).toEqual(expected.map((r) => OPEN.map((c) => text(r[c]))));
    // Formulas come back with their quote, and the quote comes off again.
    const formula = table.find((r) => r[1] === "'=cmd|' /C calc'!A0")!;
    expect(unescapeCell(formula[1]!)).toBe("=cmd|' /C calc'!A0");
    expect(table.find((r) => r[1] === "''=已加引号")).toBeDefined();
    expect(table.find((r) => r[1] === '多行\n第二行')).toBeDefined();
    expect(table.find((r) => r[3] === '-0.25')).toBeDefined(); // numbers are never quoted
    for (const s of secrets) expect(res.body).not.toContain(s);
    expect(res.body).not.toContain('负责人身份证号');

    const bom = await get(`/open/api/datasets/${name(open$.code)}/download.csv?bom=1`);
    expect([...bom.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bom.rawPayload.subarray(3).equals(res.rawPayload)).toBe(true);
    expect(
      (
        await t.call(null, {
          method: 'GET',
          url: `/open/api/datasets/${name(open$.code)}/download.csv?bom=2`,
        })
      ).statusCode,
    ).toBe(400);
  });

  it('streams the JSON array: one object per record, the open items only', async () => {
    t.services.open.downloads.pageSize = 300;
    const res = await get(`/open/api/datasets/${name(open$.code)}/download.json`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('便民服务点信息.json')}`,
    );
    const body = res.json() as Record<string, unknown>[];
    expect(body).toEqual(expected);
    expect(Object.keys(body[0]!)).toEqual([...OPEN]);
    for (const s of secrets) expect(res.body).not.toContain(s);
    expect(res.body).not.toContain('负责人身份证号');
  });

  it('streams the XLSX with typed cells, read back by exceljs', async () => {
    t.services.open.downloads.pageSize = 700;
    const res = await get(`/open/api/datasets/${name(open$.code)}/download.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('便民服务点信息.xlsx')}`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets).toHaveLength(1);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('便民服务点信息');
    // OOXML's `_xHHHH_` escapes (a carriage return, control characters), which Excel reads as the character.
    const xstring = (v: unknown) =>
      typeof v === 'string'
        ? v.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
        : v;
    const values: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      values.push(OPEN.map((_, i) => xstring(row.getCell(i + 1).value ?? null)));
    });
    expect(values[0]).toEqual([...OPEN]);
    expect(values).toHaveLength(N + 1);
    const cells = expected.map((r) => [
      escapeCell(r.编号),
      escapeCell(r.名称),
      escapeCell(r.区县),
      r.金额,
      r.数量,
      new Date(`${r.启用日期}T00:00:00Z`),
      // The city's wall-clock time, as Excel has no zones.
      new Date(`${r.核查时间.slice(0, 19)}Z`),
      r.在用,
      r.备注 === null ? null : escapeCell(r.备注),
    ]);
    // Excel keeps a time as a fraction of a day: compare to the second.
    const seconds = (v: unknown) => (v instanceof Date ? Math.round(v.getTime() / 1000) : v);
    expect(values.slice(1).map((r) => r.map(seconds))).toEqual(cells.map((r) => r.map(seconds)));
    expect(values.slice(1).some((r) => r[1] === "'=cmd|' /C calc'!A0")).toBe(true);
    expect(sheet.getRow(2).getCell(6).numFmt).toBe('yyyy-mm-dd');
    const all = JSON.stringify(values);
    for (const s of secrets) expect(all).not.toContain(s);
    expect(all).not.toContain('负责人身份证号');
  });

  it('reads the exchange’s current records in key order, page by page (records, and values projected)', async () => {
    const pages: number[] = [];
    const records: Record<string, unknown>[] = [];
    for await (const page of t.services.exchange.currentPages(open$.id, { pageSize: 1_000 })) {
      pages.push(page.length);
      records.push(...page);
    }
    expect(pages).toEqual([1_000, 1_000, 500]);
    expect(records.map((r) => r.编号)).toEqual(rows.map((r) => r.编号));
    expect(records[0]).toMatchObject({ 金额: -0.25, 负责人身份证号: rows[0]!.负责人身份证号 });

    const values: (string | null)[][] = [];
    for await (const page of t.services.exchange.currentValues(
      open$.id,
      ['名称', '金额', '在用', '备注', '无此项'],
      {
        pageSize: 1_250,
      },
    ))
      values.push(...page);
    expect(values).toHaveLength(N);
    expect(values[0]).toEqual([JSON.stringify(['F00001']), AWKWARD[0], '-0.25', 'true', null, null]);
    expect(values[1]!.slice(1)).toEqual(['便民服务点2', '21', 'false', '备注1', null]);
  });

  it('refuses what is not an open dataset: 404 for an unknown or closed one, 403 for 有条件开放', async () => {
    for (const format of ['csv', 'json', 'xlsx']) {
      const unknown = await get(`/open/api/datasets/r999999-999999/download.${format}`);
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({ error: { code: 'OPEN_DATASET_NOT_FOUND' } });
      const closed = await get(`/open/api/datasets/${name(closed$.code)}/download.${format}`);
      expect(closed.statusCode).toBe(404);
      const conditional = await get(`/open/api/datasets/${name(conditional$.code)}/download.${format}`);
      expect(conditional.statusCode).toBe(403);
      expect(conditional.json()).toMatchObject({ error: { code: 'OPEN_DATASET_CONDITIONAL' } });
    }
    // A HEAD answers the headers without reading or counting anything.
    const head = await t.call(null, {
      method: 'HEAD',
      url: `/open/api/datasets/${name(open$.code)}/download.csv`,
    });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-disposition']).toContain('attachment;');
    expect(head.body).toBe('');
  });

  it('counts each download once in the figures', async () => {
    const figures = await t.call(null, { method: 'GET', url: '/open/api/figures' });
    expect(figures.statusCode).toBe(200);
    // CSV, CSV with BOM, JSON, XLSX: refusals and the HEAD are not downloads.
    expect(downloads).toBe(4);
    expect(figures.json()).toMatchObject({ downloads: 4 });
  });
});
