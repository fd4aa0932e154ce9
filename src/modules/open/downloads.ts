/**
 * Downloading an open dataset whole: CSV, JSON or XLSX, streamed from the exchange's current records in key order,
 * never built in memory. The records come a page at a time (`exchange.currentValues`: keyset pages of the open
 * items' values as text, the next page read while this one is written); each page is turned into one chunk of the
 * file, and the next page is taken only when the HTTP response has taken the last chunk (a Node stream's
 * backpressure), so a slow client holds the server to a page or two of memory, however large the dataset.
 *
 * Only the open columns leave: the read asks the database for the dataset's non-sensitive columns alone, in catalog
 * order, so a sensitive (敏感) value is never read out of it, whatever the record holds — save inside the record's
 * canonical key when a key item is sensitive, which the keyset paging reads and nothing writes out. Text in CSV and
 * XLSX goes through `escapeCell` (formula injection), as every spreadsheet export of the platform does; JSON is no
 * spreadsheet and carries the text as it is.
 */
import { PassThrough, Readable, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '../../core/errors.ts';
import { escapeCell } from '../../lib/spreadsheet.ts';
import type { ExchangeService } from '../exchange/index.ts';
import type { DatasetGate } from './access.ts';
import type { Dataset, DatasetColumn, OpenDatasets } from './datasets.ts';
import type { OpenUsage } from './usage.ts';

export type DownloadFormat = 'csv' | 'json' | 'xlsx';

export const DOWNLOAD_TYPES: Record<DownloadFormat, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface Download {
  dataset: Dataset;
  /** The file's name: the dataset's title and the format's extension. */
  filename: string;
  /** An ASCII name for clients that do not read `filename*`: the dataset's slug. */
  asciiFilename: string;
  contentType: string;
  /** The file, produced as the reader takes it; absent for a HEAD request. */
  body: Readable | null;
}

export interface DownloadOptions {
  /** CSV: a UTF-8 byte order mark first, which Excel needs to read UTF-8 text as such. */
  bom?: boolean;
  /** Only the answer's headers (HEAD): nothing is read or counted. */
  headOnly?: boolean;
  /** The records as they were at this moment (inside the history kept), not the current ones. */
  asOf?: Date | undefined;
  /** What the caller may read of the dataset (a developer's key may open a 有条件开放 one, some items of it). */
  gate?: DatasetGate | undefined;
}

/** An Excel sheet holds 1,048,576 rows: the header and this many records, then the next sheet begins. */
const XLSX_ROWS_PER_SHEET = 1_048_575;
/** Bytes of the XLSX file waiting for the client before the writer stops adding rows. */
const XLSX_BUFFER_BYTES = 1 << 20;
const CST_OFFSET_MS = 8 * 3_600_000;

// ---- CSV (RFC 4180: comma, CRLF, a field with a quote, comma or line break quoted, quotes doubled) ---------

const CSV_SPECIAL = /[",\r\n]/;

function csvText(text: string): string {
  const s = escapeCell(text);
  return CSV_SPECIAL.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * Values come as text (`->>`): a string as it is, a number or logical value in its JSON form. Text, dates and
 * times are text; a number or logical column's value is written as the number or logical value it is when its text
 * is one (so a number goes out exactly as PostgreSQL wrote it), and as text otherwise (an item whose type a catalog
 * revision changed can hold older values of another type).
 */
type Kind = 'text' | 'plain';
const KIND: Record<DatasetColumn['type'], Kind> = {
  text: 'text',
  date: 'text',
  datetime: 'text',
  number: 'plain',
  integer: 'plain',
  boolean: 'plain',
};

/** A JSON number, true or false. */
const PLAIN = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false)$/;

function csvCell(kind: Kind, v: string | null): string {
  if (v === null) return '';
  return kind === 'plain' && PLAIN.test(v) ? v : csvText(v);
}

/** One page of records (`[key, value…]`) as CSV lines: one string, one chunk of the response. */
function csvLines(rows: readonly (string | null)[][], kinds: readonly Kind[]): string {
  let out = '';
  for (const row of rows) {
    out += csvCell(kinds[0]!, row[1] ?? null);
    for (let i = 1; i < kinds.length; i++) out += ',' + csvCell(kinds[i]!, row[i + 1] ?? null);
    out += '\r\n';
  }
  return out;
}

// ---- JSON (an array of objects, one per record, the open columns in catalog order) -------------------------

function jsonObjects(
  rows: readonly (string | null)[][],
  names: readonly string[],
  kinds: readonly Kind[],
  first: boolean,
): string {
  // The keys' JSON text once, not once per record (and `{}` for a dataset whose every item is sensitive).
  const keys = names.map((n, i) => (i ? ',' : '{') + JSON.stringify(n) + ':');
  const empty = keys.length ? '' : '{';
  let out = '';
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    out += (first && r === 0 ? '\n' : ',\n') + empty;
    for (let i = 0; i < keys.length; i++) {
      const v = row[i + 1] ?? null;
      // A number or logical value's text is its JSON already.
      out += keys[i]! + (v === null ? 'null' : kinds[i] === 'plain' && PLAIN.test(v) ? v : JSON.stringify(v));
    }
    out += '}';
  }
  return out;
}

// ---- XLSX (typed cells: numbers as numbers, dates and times as dates, text quoted) --------------------------

const DATE = /^\d{4}-\d{2}-\d{2}$/;

// Text in OOXML is ST_Xstring: a character XML cannot carry (control characters, U+FFFE, U+FFFF) and a carriage
// return (which XML readers turn into a line feed) are written `_xHHHH_`, and an underscore that would start such
// an escape as `_x005F_` — as Excel itself writes them, and reads them back. exceljs would drop the former and lose
// the CR. Tab and line feed stay as they are. (Built from code points: control characters in a pattern trip the
// linter.)
const XSTRING = new RegExp(
  `_(?=x[0-9A-Fa-f]{4}_)|[${String.fromCharCode(1)}-${String.fromCharCode(8)}${String.fromCharCode(11)}-${String.fromCharCode(31)}${String.fromCharCode(127)}\\uFFFE\\uFFFF]`,
  'g',
);

function xstring(text: string): string {
  XSTRING.lastIndex = 0;
  return XSTRING.test(text)
    ? text.replace(XSTRING, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`)
    : text;
}

/** A cell as Excel should hold it; a value that is not what its column says stays text, as it was sent. */
function xlsxCell(column: DatasetColumn, v: string | null): ExcelJS.CellValue {
  if (v === null) return null;
  switch (column.type) {
    case 'number':
    case 'integer':
      if (PLAIN.test(v) && v !== 'true' && v !== 'false') return Number(v);
      break;
    case 'boolean':
      if (v === 'true' || v === 'false') return v === 'true';
      break;
    case 'date':
      // Midnight UTC is the day itself in Excel's serial numbers (as the catalog export writes dates).
      if (DATE.test(v)) return new Date(`${v}T00:00:00Z`);
      break;
    case 'datetime': {
      // Excel's times have no zone: the city's wall-clock time (China Standard Time), which the exchange stores.
      const t = Date.parse(v);
      if (!Number.isNaN(t)) return new Date(t + CST_OFFSET_MS);
      break;
    }
    case 'text':
      break;
  }
  return xstring(escapeCell(v));
}

const NUM_FMT: Partial<Record<DatasetColumn['type'], string>> = {
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm:ss',
};

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\ . */
function sheetName(title: string, n: number): string {
  const suffix = n > 1 ? ` (${n})` : '';
  const base = title.replace(/[[\]:*?/\\]/g, '_').slice(0, 31 - suffix.length) || '数据';
  return base + suffix;
}

function waitDrainOrClose(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/**
 * exceljs's streaming WorkbookWriter zips rows as they are committed, but does not heed the backpressure of the
 * stream it writes to: its own buffers grow instead. So it writes into a sink that never pushes back and hands
 * every byte on to `out`, the stream the response reads; `out` is where a slow client's backlog gathers, it can
 * be measured there, and the writer stops adding rows while `out` holds more than `XLSX_BUFFER_BYTES`. A reader
 * gone (the response destroyed `out`) ends the rows; the workbook is finished into the void, so exceljs's and the
 * zip's own streams all end.
 */
function xlsxStream(
  title: string,
  columns: readonly DatasetColumn[],
  pages: AsyncGenerator<(string | null)[][], void, undefined>,
): Readable {
  const out = new PassThrough({ highWaterMark: XLSX_BUFFER_BYTES });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!out.destroyed) out.write(chunk);
      callback();
    },
    final(callback) {
      if (!out.destroyed) out.end();
      callback();
    },
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink,
    // Inline strings: a shared-strings table would hold every distinct text until the end.
    useSharedStrings: false,
    // Styles carry the date formats (one style per column, shared by its cells).
    useStyles: true,
    // zlib level 1: its speed keeps ahead of the rows (a slower level lets exceljs's unbounded input queue grow).
    zip: { zlib: { level: 1 } },
  });
  workbook.creator = 'Tongban';
  const header = columns.map((c) => xstring(escapeCell(c.name)));
  // One style object per column, the same object for every cell of it: exceljs finds a style it has seen by the
  // object's identity, and otherwise renders each cell's style to XML to look it up (most of its time, measured).
  const styles: Partial<ExcelJS.Style>[] = columns.map((c) =>
    NUM_FMT[c.type] ? { numFmt: NUM_FMT[c.type]! } : {},
  );
  const addSheet = (n: number) => {
    const sheet = workbook.addWorksheet(sheetName(title, n), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.columns = columns.map((c) => ({
      width: Math.min(40, Math.max(10, c.name.length * 2 + 2, NUM_FMT[c.type] ? 20 : 0)),
    }));
    const head = sheet.addRow(header);
    head.font = { bold: true };
    head.commit();
    return sheet;
  };
  const write = async () => {
    let sheets = 1;
    let sheet = addSheet(sheets);
    let inSheet = 0;
    try {
      for await (const page of pages) {
        if (out.destroyed) break;
        for (const values of page) {
          if (inSheet === XLSX_ROWS_PER_SHEET) {
            sheet.commit();
            sheet = addSheet(++sheets);
            inSheet = 0;
          }
          const row = sheet.addRow(columns.map((c, i) => xlsxCell(c, values[i + 1] ?? null)));
          for (let i = 0; i < styles.length; i++) row.getCell(i + 1).style = styles[i]!;
          row.commit();
          inSheet++;
        }
        if (out.writableNeedDrain) await waitDrainOrClose(out);
        // The zip compresses on the thread pool: a turn of the event loop lets finished chunks come through.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      await pages.return(undefined);
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}

// ---- The use case ------------------------------------------------------------------------------------------

export class OpenDownloads {
  /** Records per page read from the exchange (tests make it small to cross pages). */
  pageSize = 5_000;

  constructor(
    private readonly datasets: OpenDatasets,
    private readonly exchange: ExchangeService,
    private readonly usage: OpenUsage,
  ) {}

  /**
   * A dataset's download: 404 `OPEN_DATASET_NOT_FOUND` for a name no open dataset has, 403
   * `OPEN_DATASET_CONDITIONAL` for 有条件开放 unless `gate` opens it (a developer's key under an approval in force,
   * the approved items only). Counted once, when it starts.
   */
  async start(name: string, format: DownloadFormat, options: DownloadOptions = {}): Promise<Download> {
    const found = await this.datasets.byName(name);
    if (!found) throw new AppError('OPEN_DATASET_NOT_FOUND', { name });
    const dataset = options.gate ? await options.gate(found) : found;
    if (dataset.openType !== 'open' && !options.gate)
      throw new AppError('OPEN_DATASET_CONDITIONAL', { name: dataset.name });
    const download: Download = {
      dataset,
      filename: `${dataset.resource.name}.${format}`,
      asciiFilename: `${dataset.name}.${format}`,
      contentType: DOWNLOAD_TYPES[format],
      body: null,
    };
    if (options.headOnly) return download;
    const columns = dataset.columns.filter((c) => !c.sensitive);
    const names = columns.map((c) => c.name);
    const pages = options.asOf
      ? this.exchange.asOfValues(dataset.resource.id, names, options.asOf, { pageSize: this.pageSize })
      : this.exchange.currentValues(dataset.resource.id, names, { pageSize: this.pageSize });
    download.body =
      format === 'xlsx'
        ? xlsxStream(dataset.resource.name, columns, pages)
        : Readable.from(textChunks(format, columns, pages, options.bom ?? false), {
            objectMode: false,
            // A page's chunk is larger: the next page is formatted only once the response has taken this one.
            highWaterMark: 64 * 1024,
          });
    this.usage.count(dataset.resource.id, 'download');
    return download;
  }
}

async function* textChunks(
  format: 'csv' | 'json',
  columns: readonly DatasetColumn[],
  pages: AsyncIterable<(string | null)[][]>,
  bom: boolean,
): AsyncGenerator<string, void, undefined> {
  const names = columns.map((c) => c.name);
  const kinds = columns.map((c) => KIND[c.type]);
  if (format === 'csv') {
    yield (bom ? '\uFEFF' : '') + names.map(csvText).join(',') + '\r\n';
    for await (const page of pages) yield csvLines(page, kinds);
    return;
  }
  let first = true;
  yield '[';
  for await (const page of pages) {
    yield jsonObjects(page, names, kinds, first);
    first = false;
  }
  yield first ? ']\n' : '\n]\n';
}
