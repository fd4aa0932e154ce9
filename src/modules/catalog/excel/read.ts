import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { CellValue } from 'exceljs';
import { describeReason, validateUscc } from '../../../lib/validators/index.ts';
import { DEFAULT_WORKBOOK_CAPS, WorkbookCapExceeded, type WorkbookCaps } from '../../../lib/workbook-caps.ts';
import { openWorkbookReader, orderedWorkbook, sheetNames } from '../../../lib/xlsx-stream.ts';
import { isValidClassCode } from '../classification.ts';
import type { ImportError, ItemInput, ResourceInput } from '../schema.ts';
import {
  DATA_TYPES,
  FORMATS,
  OPEN_TYPES,
  RECORD_FORMATS,
  SEMANTIC_TAGS,
  SHARING_METHODS,
  SHARING_TYPES,
  UPDATE_CYCLES,
  fromLabel,
  type DataType,
  type FormatCategory,
  type Term,
} from '../vocab.ts';
import { cellContent, type CellContent } from './cells.ts';
import {
  CODE_PATTERN,
  IC,
  ITEM_COLUMNS,
  ITEM_DEFS,
  ITEM_SHEET,
  LIMITS,
  RC,
  RESOURCE_COLUMNS,
  RESOURCE_DEFS,
  RESOURCE_SHEET,
  type ColumnDef,
} from './layout.ts';
import { Reporter, type Lang, type MessageArgs, type MessageId } from './messages.ts';

/**
 * One resource read from the workbook. Conventions (the writer mirrors them): cells are read as trimmed text; an
 * empty cell is null for the nullable fields (共享条件, 开放条件, 联系人, 联系电话; 数据长度, 语义标签 and 说明 on
 * items), '' for 格式 and 提供方, [] for 关联资源代码 and false (否) for the 是/否 columns. So a row whose nullable
 * fields hold null rather than '' and whose text is trimmed comes back exactly as it was written.
 */
export interface ParsedResource extends Omit<ResourceInput, 'departmentId'> {
  /** A platform code when the row revises an existing resource; null for a new one. */
  code: string | null;
  /** For new resources: the placeholder in the code column that links its items (e.g. '新增1'). */
  placeholder: string | null;
  departmentName: string;
  departmentCode: string;
  /** 1-based row number in the 信息资源 sheet, for error reports made later by the caller. */
  row: number;
}

/**
 * The resources that validated completely, and every error found, in sheet/row/column order: apply nothing while
 * errors is non-empty. Errors about a whole sheet (missing) or file (unreadable) have row 0 and column ''.
 */
export interface ParseResult {
  resources: ParsedResource[];
  errors: ImportError[];
}

const YES_WORDS = new Set(['是', 'y', 'yes', 'true', '1', '√']);
const NO_WORDS = new Set(['否', 'n', 'no', 'false', '0', '×']);
const RELATED_SEPARATORS = /[;；,，、\s]+/;
const WHOLE_NUMBER = /^[0-9]+$/;

// What the schema's Text() forbids (U+0000–U+001F); multi-line columns allow '\n' as well.
function hasControl(s: string, allowNewline: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && !(allowNewline && c === 0x0a)) return true;
  }
  return false;
}

/** The data cells of one row, with field parsers that report problems and remember that the row failed. */
class RowReader {
  readonly row: number;
  ok = true;
  private readonly cells: Map<ColumnDef, CellContent>;
  private readonly sheet: string;
  private readonly report: Reporter;
  // Cells already reported (formulas, error values, bad values) are not checked again: one error per cell.
  private readonly spoiled = new Set<ColumnDef>();

  constructor(sheet: string, row: number, cells: Map<ColumnDef, CellContent>, report: Reporter) {
    this.sheet = sheet;
    this.row = row;
    this.cells = cells;
    this.report = report;
  }

  get blank(): boolean {
    for (const content of this.cells.values()) {
      if (content.text !== '' || content.formula || content.error !== null) return false;
    }
    return true;
  }

  /** Reports formulas and error values, which may sit in any column, including the informational ones. */
  checkCells(): void {
    for (const [column, content] of this.cells) {
      if (content.formula) this.fail(column, 'formula');
      else if (content.error !== null) this.fail(column, 'cellError', content.error);
    }
  }

  fail<K extends MessageId>(column: ColumnDef, id: K, ...args: MessageArgs<K>): void {
    this.ok = false;
    this.spoiled.add(column);
    this.report.add(this.sheet, this.row, column.header, id, ...args);
  }

  usable(column: ColumnDef): boolean {
    return !this.spoiled.has(column);
  }

  /** The cell's text, or '' when it was already reported. */
  raw(column: ColumnDef): string {
    return this.spoiled.has(column) ? '' : (this.cells.get(column)?.text ?? '');
  }

  /** Free text with the schema's checks; null when empty or wrong. */
  text(column: ColumnDef, max: number, required: boolean): string | null {
    if (!this.usable(column)) return null;
    const s = this.raw(column);
    if (s === '') {
      if (required) this.fail(column, 'required', column);
      return null;
    }
    if (hasControl(s, column.multiline === true)) {
      this.fail(column, 'controlChar', column);
      return null;
    }
    // JSON Schema's maxLength counts code points, not UTF-16 units.
    const length = [...s].length;
    if (length > max) {
      this.fail(column, 'tooLong', column, max, length);
      return null;
    }
    return s;
  }

  /** A coded value given as its Chinese or English label or the value itself; null when empty or unknown. */
  coded<V extends string>(column: ColumnDef, list: readonly Term<V>[], required: boolean): V | null {
    if (!this.usable(column)) return null;
    const s = this.raw(column);
    if (s === '') {
      if (required) this.fail(column, 'required', column);
      return null;
    }
    const value = fromLabel(list, s);
    if (value === undefined) {
      const options = [list.map((t) => t.zh).join('、'), list.map((t) => t.en).join(', ')] as const;
      this.fail(column, 'label', column, s, options);
      return null;
    }
    return value;
  }

  /** 是/否; empty means 否. */
  bool(column: ColumnDef): boolean {
    const s = this.raw(column).toLowerCase();
    if (s === '' || NO_WORDS.has(s)) return false;
    if (YES_WORDS.has(s)) return true;
    if (this.usable(column)) this.fail(column, 'boolean', column, this.raw(column));
    return false;
  }
}

interface ResourceRow {
  row: number;
  /** The code or placeholder as written, linking the items; null when the cell is empty or unusable. */
  key: string | null;
  /** The code cell was reported already, so missing items are most likely the same typo: not reported again. */
  codeFailed: boolean;
  formatCategory: FormatCategory | null;
  /** Null when the row has errors. */
  resource: ParsedResource | null;
}

// A placeholder that contains a slash or only digits is most likely a platform code typed wrong.
function looksLikeCode(s: string): boolean {
  return /[/／]/.test(s) || WHOLE_NUMBER.test(s);
}

function readResourceRow(r: RowReader, keys: Map<string, number>): ResourceRow {
  let code: string | null = null;
  let placeholder: string | null = null;
  let key: string | null = null;
  if (r.usable(RC.code)) {
    const s = r.raw(RC.code);
    if (s !== '') key = s;
    if (s === '') r.fail(RC.code, 'required', RC.code);
    else if (CODE_PATTERN.test(s)) code = s;
    else if (looksLikeCode(s)) r.fail(RC.code, 'codeMalformed', s);
    else if ([...s].length > LIMITS.placeholder)
      r.fail(RC.code, 'tooLong', RC.code, LIMITS.placeholder, [...s].length);
    else placeholder = s;
  }
  if (key !== null) {
    const first = keys.get(key);
    if (first === undefined) keys.set(key, r.row);
    else {
      r.fail(RC.code, 'duplicateCode', key, first);
      key = null;
    }
  }

  const name = r.text(RC.name, LIMITS.name, true);
  const classCode = readClassCode(r);
  const departmentName = r.text(RC.departmentName, Number.POSITIVE_INFINITY, false) ?? '';
  const departmentCode = readDepartmentCode(r);
  const summary = r.text(RC.summary, LIMITS.summary, true);
  const formatCategory = r.coded(RC.formatCategory, FORMATS, true);
  const formatDetail = r.text(RC.formatDetail, LIMITS.formatDetail, false) ?? '';
  const sharingType = r.coded(RC.sharingType, SHARING_TYPES, true);
  const sharingCondition = r.text(RC.sharingCondition, LIMITS.sharingCondition, false);
  if (sharingCondition === null && r.usable(RC.sharingCondition)) {
    if (sharingType === 'conditional') r.fail(RC.sharingCondition, 'sharingCondition');
    if (sharingType === 'none') r.fail(RC.sharingCondition, 'legalBasis');
  }
  const sharingMethod = r.coded(RC.sharingMethod, SHARING_METHODS, true);
  const openType = r.coded(RC.openType, OPEN_TYPES, true);
  const openCondition = r.text(RC.openCondition, LIMITS.openCondition, false);
  const updateCycle = r.coded(RC.updateCycle, UPDATE_CYCLES, true);
  const relatedCodes = readRelatedCodes(r);
  const contactName = r.text(RC.contactName, LIMITS.contactName, false);
  const contactPhone = r.text(RC.contactPhone, LIMITS.contactPhone, false);

  const complete =
    r.ok &&
    name !== null &&
    classCode !== null &&
    departmentCode !== null &&
    summary !== null &&
    formatCategory !== null &&
    sharingType !== null &&
    sharingMethod !== null &&
    openType !== null &&
    updateCycle !== null;
  return {
    row: r.row,
    key,
    codeFailed: !r.usable(RC.code),
    formatCategory,
    resource: complete
      ? {
          code,
          placeholder,
          name,
          classCode,
          departmentName,
          departmentCode,
          summary,
          formatCategory,
          formatDetail,
          sharingType,
          sharingCondition,
          sharingMethod,
          openType,
          openCondition,
          updateCycle,
          relatedCodes,
          contactName,
          contactPhone,
          items: [],
          row: r.row,
        }
      : null,
  };
}

function readClassCode(r: RowReader): string | null {
  const classCode = r.text(RC.classCode, Number.POSITIVE_INFINITY, true);
  if (classCode === null || isValidClassCode(classCode)) return classCode;
  r.fail(RC.classCode, 'classCode', classCode);
  return null;
}

/** The credit code, upper-cased as GB 32100 writes it. */
function readDepartmentCode(r: RowReader): string | null {
  const text = r.text(RC.departmentCode, Number.POSITIVE_INFINITY, true);
  if (text === null) return null;
  const uscc = validateUscc(text);
  if (uscc.ok) return uscc.value;
  r.fail(RC.departmentCode, 'uscc', text, [
    describeReason(uscc.reason, 'zh'),
    describeReason(uscc.reason, 'en'),
  ]);
  return null;
}

function readRelatedCodes(r: RowReader): string[] {
  const codes = r
    .raw(RC.relatedCodes)
    .split(RELATED_SEPARATORS)
    .filter((s) => s !== '');
  const bad = codes.find((s) => !CODE_PATTERN.test(s));
  if (bad !== undefined) r.fail(RC.relatedCodes, 'relatedCode', bad);
  else if (codes.length > LIMITS.relatedCodes)
    r.fail(RC.relatedCodes, 'tooManyRelated', codes.length, LIMITS.relatedCodes);
  return codes;
}

interface ItemRow {
  row: number;
  key: string | null;
  position: number | null;
  name: string | null;
  isKey: boolean;
  /** Null when the row has errors. */
  item: ItemInput | null;
}

/** 'C', '字符型', 'C 字符型' (as written), 'Character' or 'c'. */
function parseDataType(s: string): DataType | undefined {
  const direct = fromLabel(DATA_TYPES, s.length === 1 ? s.toUpperCase() : s);
  if (direct !== undefined) return direct;
  const match = /^([A-Za-z])\s*(\S.*)$/.exec(s);
  if (match === null) return undefined;
  const byCode = fromLabel(DATA_TYPES, (match[1] ?? '').toUpperCase());
  return byCode !== undefined && byCode === fromLabel(DATA_TYPES, match[2] ?? '') ? byCode : undefined;
}

function readItemRow(r: RowReader): ItemRow {
  const key = r.raw(IC.code) === '' ? null : r.raw(IC.code);
  if (key === null && r.usable(IC.code)) r.fail(IC.code, 'required', IC.code);

  let position: number | null = null;
  const positionText = r.raw(IC.position);
  if (positionText !== '') {
    const n = Number(positionText);
    if (WHOLE_NUMBER.test(positionText) && n >= 1 && Number.isSafeInteger(n)) position = n;
    else r.fail(IC.position, 'position', positionText);
  }

  const name = r.text(IC.name, LIMITS.itemName, true);

  let dataType: DataType | null = null;
  const typeText = r.raw(IC.dataType);
  if (typeText === '') {
    if (r.usable(IC.dataType)) r.fail(IC.dataType, 'required', IC.dataType);
  } else {
    dataType = parseDataType(typeText) ?? null;
    if (dataType === null) r.fail(IC.dataType, 'dataType', typeText);
  }

  let length: number | null = null;
  const lengthText = r.raw(IC.length);
  if (lengthText !== '') {
    const n = Number(lengthText);
    if (WHOLE_NUMBER.test(lengthText) && n >= 1 && n <= LIMITS.dataLength) length = n;
    else r.fail(IC.length, 'dataLength', lengthText, LIMITS.dataLength);
  }

  const required = r.bool(IC.required);
  const isKey = r.bool(IC.isKey);
  const sensitive = r.bool(IC.sensitive);
  const semanticTag = r.coded(IC.semanticTag, SEMANTIC_TAGS, false);
  const description = r.text(IC.description, LIMITS.description, false);

  const item =
    r.ok && name !== null && dataType !== null
      ? { name, dataType, length, required, description, semanticTag, isKey, sensitive }
      : null;
  return { row: r.row, key, position, name, isKey, item };
}

/** Puts each resource's items under it, checking what only the two sheets together show. */
function link(resources: ResourceRow[], items: ItemRow[], report: Reporter): ParsedResource[] {
  const byKey = new Map<string, ItemRow[]>();
  for (const item of items) {
    if (item.key === null) continue;
    const group = byKey.get(item.key);
    if (group === undefined) byKey.set(item.key, [item]);
    else group.push(item);
  }
  const known = new Set(resources.map((r) => r.key));
  for (const [key, group] of byKey) {
    if (known.has(key)) continue;
    for (const item of group) {
      report.add(ITEM_SHEET, item.row, IC.code.header, 'unknownCode', key);
      item.item = null;
    }
  }

  const parsed: ParsedResource[] = [];
  for (const res of resources) {
    if (res.key === null) continue;
    const group = byKey.get(res.key) ?? [];
    let ok = res.resource !== null;
    const fail = <K extends MessageId>(column: ColumnDef, id: K, ...args: MessageArgs<K>) => {
      report.add(RESOURCE_SHEET, res.row, column.header, id, ...args);
      ok = false;
    };
    if (group.length === 0 && !res.codeFailed) fail(RC.code, 'noItems', res.key);
    if (group.length > LIMITS.items) fail(RC.code, 'tooManyItems', group.length, LIMITS.items);
    const names = new Map<string, number>();
    const positions = new Map<number, number>();
    for (const item of group) {
      const firstName = item.name === null ? undefined : names.get(item.name);
      if (firstName !== undefined) {
        report.add(ITEM_SHEET, item.row, IC.name.header, 'duplicateItem', item.name ?? '', firstName);
        item.item = null;
      } else if (item.name !== null) names.set(item.name, item.row);
      const firstPosition = item.position === null ? undefined : positions.get(item.position);
      if (firstPosition !== undefined) {
        report.add(
          ITEM_SHEET,
          item.row,
          IC.position.header,
          'duplicatePosition',
          item.position ?? 0,
          firstPosition,
        );
        item.item = null;
      } else if (item.position !== null) positions.set(item.position, item.row);
      if (item.item === null) ok = false;
    }
    const format = res.formatCategory;
    if (
      format !== null &&
      RECORD_FORMATS.includes(format) &&
      group.length > 0 &&
      !group.some((i) => i.isKey)
    ) {
      const term = FORMATS.find((t) => t.value === format);
      fail(RC.formatCategory, 'noKey', [term?.zh ?? format, term?.en ?? format]);
    }
    if (!ok || res.resource === null) continue;
    // By 序号 where given; items without one follow, in sheet order (the sort is stable).
    const ordered = [...group].sort(
      (a, b) => (a.position ?? Number.POSITIVE_INFINITY) - (b.position ?? Number.POSITIVE_INFINITY),
    );
    parsed.push({ ...res.resource, items: ordered.flatMap((i) => (i.item === null ? [] : [i.item])) });
  }
  return parsed;
}

const SHEET_ORDER = ['', RESOURCE_SHEET, ITEM_SHEET];
const HEADERS: Record<string, readonly string[]> = {
  [RESOURCE_SHEET]: RESOURCE_COLUMNS,
  [ITEM_SHEET]: ITEM_COLUMNS,
};

// Errors come out in reading order (sheet, row, column), as a person fixing the file goes through it.
function byPosition(a: ImportError, b: ImportError): number {
  const rank = (list: readonly string[], s: string) => {
    const i = list.indexOf(s);
    return i < 0 ? list.length : i;
  };
  return (
    rank(SHEET_ORDER, a.sheet) - rank(SHEET_ORDER, b.sheet) ||
    a.row - b.row ||
    rank(HEADERS[a.sheet] ?? [], a.column) - rank(HEADERS[b.sheet] ?? [], b.column)
  );
}

/** One row as read: its cells by column number (1 = A). */
interface RawRow {
  number: number;
  cells: Map<number, CellContent>;
}

/** A merged range, by column and row numbers. */
interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** A data sheet as read: where each known column sits (by header) and its rows below the header. */
interface SheetRead {
  columns: Map<ColumnDef, number>;
  rows: RawRow[];
}

/** How far the reading has gone across the workbook, against the caps. */
interface Budget {
  caps: WorkbookCaps;
  cells: number;
}

const MERGE_CELL = /<mergeCell\s+ref="([A-Z]{1,3})([0-9]{1,7}):([A-Z]{1,3})([0-9]{1,7})"/g;

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

/**
 * Passes a sheet's XML on unchanged while noting its merged ranges: the streaming reader ignores <mergeCells>,
 * which follows the rows, and a code merged down the item rows must still read as that code on every row.
 */
async function* noteMerges(source: AsyncIterable<unknown>, merges: Merge[]): AsyncGenerator<unknown> {
  let tail = '';
  for await (const chunk of source) {
    // Tag names and cell references are ASCII, so a byte-wise decoding finds them whatever the text around.
    const text =
      tail + (typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('latin1'));
    const cut = text.lastIndexOf('<');
    const whole = cut < 0 ? text : text.slice(0, cut);
    // A tag cut by the chunk boundary is completed by the next chunk; a long text node cannot be one.
    tail = cut < 0 || text.length - cut > 256 ? '' : text.slice(cut);
    for (const m of whole.matchAll(MERGE_CELL)) {
      merges.push({
        left: columnNumber(m[1]!),
        top: Number(m[2]),
        right: columnNumber(m[3]!),
        bottom: Number(m[4]),
      });
    }
    yield chunk;
  }
}

/** Cells of merged ranges read as the range's first cell, as Excel shows them (rows that exist only). */
function applyMerges(rows: RawRow[], merges: Merge[], mapped: ReadonlySet<number>): void {
  const byNumber = new Map(rows.map((r) => [r.number, r]));
  for (const m of merges) {
    const master = byNumber.get(m.top)?.cells.get(m.left);
    if (master === undefined) continue;
    for (const row of rows) {
      if (row.number < m.top || row.number > m.bottom) continue;
      for (const column of mapped) {
        if (column < m.left || column > m.right || (row.number === m.top && column === m.left)) continue;
        row.cells.set(column, master);
      }
    }
  }
}

function checkHeader(
  sheet: string,
  cells: Map<number, CellContent>,
  defs: readonly ColumnDef[],
  report: Reporter,
): Map<ColumnDef, number> | null {
  const byHeader = new Map(defs.map((c) => [c.header, c]));
  const columns = new Map<ColumnDef, number>();
  let ok = true;
  for (const [column, content] of [...cells].sort((a, b) => a[0] - b[0])) {
    // Line breaks, spaces and a leading '*' (a common "required" mark) are tolerated around the header names.
    const text = content.text.replace(/\s+/g, '').replace(/^[*＊]/, '');
    if (text === '') continue;
    const def = byHeader.get(text);
    if (def === undefined) {
      report.add(sheet, 1, text, 'headerUnknown', text);
      ok = false;
    } else if (columns.has(def)) {
      report.add(sheet, 1, def.header, 'headerDuplicate', def);
      ok = false;
    } else {
      columns.set(def, column);
    }
  }
  for (const def of defs) {
    if (!columns.has(def)) {
      report.add(sheet, 1, def.header, 'headerMissing', def);
      ok = false;
    }
  }
  return ok ? columns : null;
}

type StreamedSheet = ExcelJS.stream.xlsx.WorksheetReader & {
  name: string;
  iterator: AsyncIterable<unknown>;
};

/**
 * Reads one data sheet row by row against the caps (rows of this sheet, columns of any row, cells of the whole
 * workbook), throwing WorkbookCapExceeded at the first row past one. A sheet whose header is wrong is reported
 * and not read further: its rows could not be mapped anyway.
 */
async function readSheet(
  sheet: StreamedSheet,
  defs: readonly ColumnDef[],
  maxRows: number,
  budget: Budget,
  report: Reporter,
): Promise<SheetRead | null> {
  const merges: Merge[] = [];
  sheet.iterator = noteMerges(sheet.iterator, merges);
  let columns: Map<ColumnDef, number> | null = null;
  const rows: RawRow[] = [];
  for await (const row of sheet) {
    const values = row.values as CellValue[];
    if (values.length - 1 > budget.caps.columns)
      throw new WorkbookCapExceeded({ sheet: sheet.name, cap: 'columns', limit: budget.caps.columns });
    const cells = new Map<number, CellContent>();
    for (let c = 1; c < values.length; c++) {
      const value = values[c];
      if (value === undefined || value === null) continue;
      if (++budget.cells > budget.caps.catalogCells)
        throw new WorkbookCapExceeded({ sheet: sheet.name, cap: 'cells', limit: budget.caps.catalogCells });
      cells.set(c, cellContent(value));
    }
    if (columns === null) {
      // The header is row 1; a sheet starting lower has none, and every column is reported missing.
      columns = checkHeader(sheet.name, row.number === 1 ? cells : new Map(), defs, report);
      if (columns === null) return null;
      if (row.number === 1) continue;
    }
    if (rows.length === maxRows)
      throw new WorkbookCapExceeded({ sheet: sheet.name, cap: 'rows', limit: maxRows });
    rows.push({ number: row.number, cells });
  }
  if (columns === null) columns = checkHeader(sheet.name, new Map(), defs, report);
  if (columns === null) return null;
  applyMerges(rows, merges, new Set(columns.values()));
  return { columns, rows };
}

/** The rows with data, as readers of their known columns; formulas and error values are reported here. */
function dataRows(name: string, read: SheetRead, report: Reporter): RowReader[] {
  const readers: RowReader[] = [];
  for (const raw of read.rows) {
    const cells = new Map<ColumnDef, CellContent>();
    for (const [def, column] of read.columns) {
      const content = raw.cells.get(column);
      if (content !== undefined) cells.set(def, content);
    }
    const reader = new RowReader(name, raw.number, cells, report);
    // Rows left empty (or only formatted) between entries are skipped, not reported.
    if (reader.blank) continue;
    reader.checkCells();
    readers.push(reader);
  }
  return readers;
}

/**
 * Reads and validates a workbook, streaming: the file is never expanded in memory, and reading stops with
 * WorkbookCapExceeded as soon as a sheet passes a cap. Never throws on bad content otherwise (returns errors);
 * errors in Chinese by default. Only the 信息资源 and 信息项 sheets are parsed; others are skipped unread.
 */
export async function readCatalogWorkbook(
  data: Buffer | Uint8Array,
  lang: Lang = 'zh',
  caps: WorkbookCaps = DEFAULT_WORKBOOK_CAPS,
): Promise<ParseResult> {
  const report = new Reporter(lang);
  const budget: Budget = { caps, cells: 0 };
  const reads = new Map<string, SheetRead | null>();
  const file = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const reader = openWorkbookReader(Readable.from([orderedWorkbook(file) ?? file]), sheetNames(file));
  let workbookSeen = false;
  try {
    for await (const worksheet of reader) {
      const sheet = worksheet as StreamedSheet;
      workbookSeen = true;
      if (sheet.name === RESOURCE_SHEET && !reads.has(RESOURCE_SHEET))
        reads.set(
          RESOURCE_SHEET,
          await readSheet(sheet, RESOURCE_DEFS, caps.catalogResources, budget, report),
        );
      else if (sheet.name === ITEM_SHEET && !reads.has(ITEM_SHEET))
        reads.set(ITEM_SHEET, await readSheet(sheet, ITEM_DEFS, caps.catalogItems, budget, report));
    }
  } catch (e) {
    if (e instanceof WorkbookCapExceeded) throw e;
    workbookSeen = false;
  }
  if (!workbookSeen) {
    const unreadable = new Reporter(lang);
    unreadable.add('', 0, '', 'file');
    return { resources: [], errors: unreadable.errors };
  }
  for (const name of [RESOURCE_SHEET, ITEM_SHEET]) {
    if (!reads.has(name)) report.add(name, 0, '', 'sheetMissing', name);
  }

  const resourceRead = reads.get(RESOURCE_SHEET) ?? null;
  const itemRead = reads.get(ITEM_SHEET) ?? null;
  const keys = new Map<string, number>();
  const resources = resourceRead
    ? dataRows(RESOURCE_SHEET, resourceRead, report).map((r) => readResourceRow(r, keys))
    : null;
  const items = itemRead ? dataRows(ITEM_SHEET, itemRead, report).map(readItemRow) : null;
  // Cross-sheet checks need both sheets; a sheet that could not be read has been reported already.
  const parsed = resources !== null && items !== null ? link(resources, items, report) : [];
  return { resources: parsed, errors: report.errors.sort(byPosition) };
}
