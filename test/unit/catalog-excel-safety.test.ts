import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { escapeCell, unescapeCell } from '../../src/lib/spreadsheet.ts';
import { DEFAULT_WORKBOOK_CAPS, WorkbookCapExceeded } from '../../src/lib/workbook-caps.ts';
import { makeUscc } from '../../src/lib/validators/index.ts';
import {
  ITEM_COLUMNS,
  ITEM_SHEET,
  RESOURCE_COLUMNS,
  RESOURCE_SHEET,
  readCatalogWorkbook,
  writeCatalogWorkbook,
  type CatalogRow,
} from '../../src/modules/catalog/excel.ts';
import { readWorkbook, type UploadCaps } from '../../src/modules/exchange/workbook.ts';
import { AppError } from '../../src/core/errors.ts';

const DEPT = makeUscc({
  registrationAuthority: '1',
  orgType: '1',
  regionCode: '320700',
  orgCodeBody8: '01234567',
});

function row(n: number, overrides: Partial<CatalogRow> = {}): CatalogRow {
  return {
    code: `307001/${String(n).padStart(6, '0')}`,
    name: `企业登记信息${n}`,
    classCode: '307001',
    departmentName: '连云港市市场监督管理局',
    departmentCode: DEPT,
    summary: '市场主体登记的基本信息',
    formatCategory: 'database',
    formatDetail: 'CSV',
    sharingType: 'unconditional',
    sharingCondition: null,
    sharingMethod: 'api',
    openType: 'closed',
    openCondition: null,
    updateCycle: 'daily',
    relatedCodes: [],
    contactName: null,
    contactPhone: null,
    publishDate: null,
    items: [
      {
        name: '统一社会信用代码',
        dataType: 'C',
        length: 18,
        required: true,
        description: null,
        semanticTag: null,
        isKey: true,
        sensitive: false,
      },
    ],
    ...overrides,
  };
}

async function cellsOf(file: Buffer, sheet: string): Promise<ExcelJS.Cell[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(file).buffer);
  const cells: ExcelJS.Cell[] = [];
  workbook.getWorksheet(sheet)!.eachRow((r, n) => {
    if (n > 1) r.eachCell((c) => cells.push(c));
  });
  return cells;
}

/** Resource rows with a code and a name only, written by the streaming writer. */
async function streamed(
  rows: number,
  cells: (i: number) => string[] = (i) => [`新增${i}`, `资源${i}`],
): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
  const resources = writer.addWorksheet(RESOURCE_SHEET);
  resources.addRow([...RESOURCE_COLUMNS]).commit();
  for (let i = 1; i <= rows; i++) resources.addRow(cells(i)).commit();
  resources.commit();
  const items = writer.addWorksheet(ITEM_SHEET);
  items.addRow([...ITEM_COLUMNS]).commit();
  items.commit();
  await writer.commit();
  return Buffer.concat(chunks);
}

describe('formula-safe catalog export', () => {
  it('quotes text a spreadsheet would evaluate, reversibly', () => {
    for (const text of [
      '=1+1',
      '+1',
      '-2',
      '@SUM(A1)',
      "'=x",
      "''+y",
      '\t=cmd',
      'a=b',
      '',
      "'plain",
      '中文',
    ]) {
      expect(unescapeCell(escapeCell(text))).toBe(text);
    }
    expect(escapeCell('=HYPERLINK("http://x")')).toBe('\'=HYPERLINK("http://x")');
    expect(escapeCell('-2')).toBe("'-2");
    expect(escapeCell("'=x")).toBe("''=x");
    expect(escapeCell('a=b')).toBe('a=b');
    expect(escapeCell("'plain")).toBe("'plain");
  });

  it('writes formula-like names and summaries as quoted strings and reads them back unchanged', async () => {
    const rows = [
      row(1, { name: '=HYPERLINK("http://x")', summary: '+1' }),
      row(2, { name: '-2', summary: '@SUM(A1)', contactName: "=cmd|' /C calc'!A0" }),
      row(3, {
        name: "'=已带引号",
        summary: '普通摘要',
        items: [{ ...row(3).items[0]!, name: '=A1', description: '-1 表示未知' }],
      }),
    ];
    const file = await writeCatalogWorkbook(rows);

    const cells = [...(await cellsOf(file, RESOURCE_SHEET)), ...(await cellsOf(file, ITEM_SHEET))];
    expect(cells.filter((c) => c.type === ExcelJS.ValueType.Formula)).toEqual([]);
    const texts = cells.filter((c) => c.type === ExcelJS.ValueType.String).map((c) => String(c.value));
    expect(texts).toContain('\'=HYPERLINK("http://x")');
    expect(texts).toContain("'+1");
    expect(texts).toContain("'-2");
    expect(texts).toContain("'@SUM(A1)");
    expect(texts).toContain("''=已带引号");
    expect(texts).toContain("'=A1");
    // Nothing unquoted starts like a formula.
    expect(texts.filter((t) => /^[=+\-@]/.test(t))).toEqual([]);

    const back = await readCatalogWorkbook(file);
    expect(back.errors).toEqual([]);
    expect(back.resources.map((r) => [r.name, r.summary, r.contactName])).toEqual([
      ['=HYPERLINK("http://x")', '+1', null],
      ['-2', '@SUM(A1)', "=cmd|' /C calc'!A0"],
      ["'=已带引号", '普通摘要', null],
    ]);
    expect(back.resources[2]!.items[0]).toMatchObject({ name: '=A1', description: '-1 表示未知' });
  });
});

describe('streaming catalog workbook reading within caps', () => {
  const caps = { ...DEFAULT_WORKBOOK_CAPS, catalogResources: 50, catalogItems: 50, catalogCells: 400 };

  async function refusal(file: Buffer, given = caps): Promise<unknown> {
    try {
      await readCatalogWorkbook(file, 'zh', given);
    } catch (e) {
      if (e instanceof WorkbookCapExceeded) return e.passed;
      throw e;
    }
    return null;
  }

  it('reads a sheet at its row cap and stops at the first row past it', async () => {
    const atCap = await readCatalogWorkbook(await streamed(50), 'zh', caps);
    expect(atCap.errors.length).toBeGreaterThan(0);
    expect(atCap.errors.every((e) => e.row <= 51)).toBe(true);
    expect(await refusal(await streamed(51))).toEqual({ sheet: RESOURCE_SHEET, cap: 'rows', limit: 50 });
  });

  it('counts the cells of the whole workbook', async () => {
    // 19 header cells + 40 rows × 10 cells = 419 > 400.
    const wide = await streamed(40, (i) => Array.from({ length: 10 }, (_, c) => `格${i}-${c}`));
    expect(await refusal(wide)).toEqual({ sheet: RESOURCE_SHEET, cap: 'cells', limit: 400 });
  });

  it('refuses a cell past the column cap', async () => {
    const far = await streamed(2, (i) => [...Array.from({ length: 30 }, () => ''), `远${i}`]);
    expect(await refusal(far, { ...caps, columns: 30 })).toEqual({
      sheet: RESOURCE_SHEET,
      cap: 'columns',
      limit: 30,
    });
  });

  it('keeps Chinese text whole across the reader’s chunk boundaries', async () => {
    // Inline strings of three-byte characters: some fall across the 16 KB chunks the unzipper hands on.
    const file = await streamed(3_000, (i) => [`新增${i}`, `政务信息资源名称${'数据库'.repeat(5)}${i}`]);
    const result = await readCatalogWorkbook(file);
    const names = result.errors.filter((e) => e.code !== 'required' && e.code !== 'no_items');
    expect(names.filter((e) => e.message.includes('\uFFFD'))).toEqual([]);
    const damaged = result.errors.filter((e) => e.message.includes('\uFFFD'));
    expect(damaged).toEqual([]);
  });
});

describe('the exchange upload reader within caps', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  async function upload(rows: number, width = 2): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tongban-caps-'));
    dirs.push(dir);
    const file = path.join(dir, 'upload.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const sheet = writer.addWorksheet('数据');
    sheet.addRow(Array.from({ length: width }, (_, c) => `列${c + 1}`)).commit();
    for (let i = 1; i <= rows; i++)
      sheet.addRow(Array.from({ length: width }, (_, c) => `${i}-${c}`)).commit();
    sheet.commit();
    await writer.commit();
    return file;
  }
  const drain = async (file: string, caps: UploadCaps) => {
    let n = 0;
    for await (const _row of readWorkbook(file, caps)) n += 1;
    return n;
  };

  it('reads up to the row cap and refuses the row past it with WORKBOOK_TOO_LARGE', async () => {
    const caps = { uploadRows: 20, columns: 10 };
    expect(await drain(await upload(20), caps)).toBe(20);
    const refused = await drain(await upload(21), caps).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('WORKBOOK_TOO_LARGE');
    expect((refused as AppError).details).toEqual({ sheet: '数据', cap: 'rows', limit: 20 });
  });

  it('refuses a row wider than the column cap', async () => {
    const refused = await drain(await upload(2, 11), { uploadRows: 20, columns: 10 }).catch(
      (e: unknown) => e,
    );
    expect((refused as AppError).details).toEqual({ sheet: '数据', cap: 'columns', limit: 10 });
  });
});
