/**
 * Reads the first worksheet of an .xlsx upload as rows, streaming (exceljs's WorkbookReader), so a sheet of a
 * million rows never sits in memory. The first non-empty row is the header; each later row becomes values keyed
 * by header, numbered as the sheet numbers it minus the header's row (header in row 1: sheet row 2 is row 1).
 */
import { createReadStream } from 'node:fs';
import { PassThrough } from 'node:stream';
import type { CellValue, Row } from 'exceljs';
import {
  DEFAULT_WORKBOOK_CAPS,
  describeCap,
  type CapPassed,
  type WorkbookCaps,
} from '../../lib/workbook-caps.ts';
import { openWorkbookReader } from '../../lib/xlsx-stream.ts';
import { AppError } from '../../core/errors.ts';
import type { SourceRow } from './types.ts';

const NOT_XLSX = '上传的文件不是可读取的 Excel（.xlsx）工作簿';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * A cell as the value the validator takes. exceljs gives a date cell as the UTC instant of the wall-clock time
 * the cell shows, so UTC fields are what the user typed: midnight is a date, anything else a local date-time
 * without a zone (which the validator reads as China time). Excel's serial numbers carry float noise, hence the
 * rounding to whole seconds.
 */
export function cellToValue(value: CellValue | undefined): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) return undefined;
    const d = new Date(Math.round(ms / 1000) * 1000);
    const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    if (d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0) return day;
    return `${day}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  }
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) {
      return cellToValue((value as { result?: CellValue }).result);
    }
    if ('richText' in value && Array.isArray(value.richText)) {
      return value.richText.map((run) => run.text ?? '').join('');
    }
    if ('text' in value) {
      // A hyperlink: its text, which may itself be rich text.
      const text = (value as { text: unknown }).text;
      return typeof text === 'string' ? text : cellToValue(text as CellValue);
    }
    // An error value (#N/A …) is passed on as it is so the validator reports the cell rather than treat it as
    // empty.
    if ('error' in value) return { error: String(value.error) };
  }
  return undefined;
}

function isBlank(v: unknown): boolean {
  return v === undefined || (typeof v === 'string' && v.trim() === '');
}

/** The cells of a row by column (index 0 = column A); empty cells are undefined. */
function rowCells(row: Row): unknown[] {
  const raw = row.values;
  const cells: unknown[] = [];
  if (!Array.isArray(raw)) return cells;
  // exceljs's row.values is 1-based and sparse.
  for (let c = 1; c < raw.length; c++) cells[c - 1] = cellToValue(raw[c] as CellValue | undefined);
  return cells;
}

function columnName(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function headerText(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'object' && v !== null) return '';
  return String(v).trim();
}

interface SheetRow {
  number: number;
  cells: unknown[];
}

/** How much of an upload is read: data rows (the header counts as one) and the last column. */
export type UploadCaps = Pick<WorkbookCaps, 'uploadRows' | 'columns'>;

function capPassed(sheet: string, row: Row, rows: number, caps: UploadCaps): CapPassed | null {
  const values = row.values;
  if (Array.isArray(values) && values.length - 1 > caps.columns)
    return { sheet, cap: 'columns', limit: caps.columns };
  if (rows > caps.uploadRows + 1) return { sheet, cap: 'rows', limit: caps.uploadRows };
  return null;
}

/**
 * The non-empty rows of the first worksheet (in the workbook's tab order). The file is opened here and closed
 * when the caller stops early; anything the zip or XML reader throws becomes EXCHANGE_FORMAT_UNSUPPORTED.
 */
async function* sheetRows(file: string, caps: UploadCaps): AsyncGenerator<SheetRow> {
  // exceljs pipes its input into the unzipper, and a pipe does not pass a read error on: the unzipper would wait
  // for ever. So the file feeds a stream that simply ends on an error, which is then thrown as it is.
  const source = createReadStream(file);
  const input = new PassThrough();
  let readError: Error | null = null;
  source.on('error', (e) => {
    readError = e;
    input.end();
  });
  source.pipe(input);
  const reader = openWorkbookReader(input);
  let sheets = 0;
  try {
    for await (const worksheet of reader) {
      sheets++;
      // exceljs emits sheets in zip order; the tab order is in workbook.xml, read before any sheet.
      const firstName = (reader as unknown as { model?: { sheets?: { name?: string }[] } }).model?.sheets?.[0]
        ?.name;
      const name = (worksheet as unknown as { name?: string }).name;
      if (firstName !== undefined && name !== firstName) continue;
      let rows = 0;
      for await (const row of worksheet) {
        // Counted before anything is kept: a small file can unzip to millions of rows or a column far out.
        const passed = capPassed(name ?? '', row, ++rows, caps);
        if (passed !== null)
          throw new AppError('WORKBOOK_TOO_LARGE', { ...passed }, describeCap(passed, 'zh'));
        const cells = rowCells(row);
        if (cells.every(isBlank)) continue;
        yield { number: row.number, cells };
      }
      return;
    }
  } catch (e) {
    if (readError !== null) throw readError;
    if (e instanceof AppError) throw e;
    throw new AppError('EXCHANGE_FORMAT_UNSUPPORTED', { message: NOT_XLSX });
  } finally {
    source.destroy();
    input.destroy();
  }
  if (readError !== null) throw readError;
  if (sheets === 0) throw new AppError('EXCHANGE_FORMAT_UNSUPPORTED', { message: NOT_XLSX });
}

/** The header row of the first worksheet: trimmed texts, '' for an empty cell between named ones. */
export async function readHeaders(file: string, caps: UploadCaps = DEFAULT_WORKBOOK_CAPS): Promise<string[]> {
  for await (const row of sheetRows(file, caps)) {
    const headers = row.cells.map(headerText);
    while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
    return headers;
  }
  return [];
}

/**
 * The data rows of the first worksheet. Empty cells are omitted from values; a row with every cell empty is
 * skipped (its number is still used up). A repeated column name makes the upload unreadable
 * (EXCHANGE_BODY_INVALID), as in a CSV; a column without a name may separate others, but a row with data in it
 * is a COLUMN_COUNT row error.
 */
export async function* readWorkbook(
  file: string,
  caps: UploadCaps = DEFAULT_WORKBOOK_CAPS,
): AsyncGenerator<SourceRow> {
  let header: string[] | null = null;
  let headerRow = 0;
  let protoHeader = false;
  for await (const { number, cells } of sheetRows(file, caps)) {
    if (header === null) {
      header = cells.map(headerText);
      while (header.length > 0 && header[header.length - 1] === '') header.pop();
      headerRow = number;
      const seen = new Map<string, number>();
      for (let i = 0; i < header.length; i++) {
        const name = header[i] as string;
        if (name === '') continue;
        const earlier = seen.get(name);
        if (earlier !== undefined) {
          throw new AppError('EXCHANGE_BODY_INVALID', {
            row: 0,
            message: `表头中的列名“${name}”重复（${columnName(earlier)} 列和 ${columnName(i)} 列）`,
          });
        }
        seen.set(name, i);
      }
      protoHeader = seen.has('__proto__');
      continue;
    }
    const row = number - headerRow;
    const values: Record<string, unknown> = {};
    let stray = -1;
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i];
      if (v === undefined) continue;
      const name = header[i];
      if (name === undefined || name === '') {
        if (stray === -1 && !isBlank(v)) stray = i;
      } else if (protoHeader) {
        Object.defineProperty(values, name, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        values[name] = v;
      }
    }
    if (stray !== -1) {
      const message = `第 ${row} 行的 ${columnName(stray)} 列有数据，但该列在表头中没有列名`;
      yield { row, error: { row, field: null, code: 'COLUMN_COUNT', message } };
      continue;
    }
    yield { row, values };
  }
}
