import ExcelJS from 'exceljs';
import type { Worksheet } from 'exceljs';
import { describeReason, validateUscc } from '../../../lib/validators/index.ts';
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

// Formatting the import never reads; skipping it also stops exceljs from expanding a sheet-wide validation range
// into one entry per cell.
const IGNORED_NODES = ['dataValidations', 'conditionalFormatting', 'extLst'];

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

interface SheetTable {
  name: string;
  sheet: Worksheet;
  columns: Map<ColumnDef, number>;
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

function readHeader(table: SheetTable, defs: readonly ColumnDef[], report: Reporter): boolean {
  const byHeader = new Map(defs.map((c) => [c.header, c]));
  let ok = true;
  table.sheet.getRow(1).eachCell((cell, column) => {
    // Line breaks, spaces and a leading '*' (a common "required" mark) are tolerated around the header names.
    const text = cellContent(cell.value)
      .text.replace(/\s+/g, '')
      .replace(/^[*＊]/, '');
    if (text === '') return;
    const def = byHeader.get(text);
    if (def === undefined) {
      report.add(table.name, 1, text, 'headerUnknown', text);
      ok = false;
    } else if (table.columns.has(def)) {
      report.add(table.name, 1, def.header, 'headerDuplicate', def);
      ok = false;
    } else {
      table.columns.set(def, column);
    }
  });
  for (const def of defs) {
    if (!table.columns.has(def)) {
      report.add(table.name, 1, def.header, 'headerMissing', def);
      ok = false;
    }
  }
  return ok;
}

/** The sheet with its columns mapped by header (so reordered columns still read), or null after reporting why not. */
function openSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  defs: readonly ColumnDef[],
  report: Reporter,
): SheetTable | null {
  const sheet = workbook.getWorksheet(name);
  if (sheet === undefined) {
    report.add(name, 0, '', 'sheetMissing', name);
    return null;
  }
  const table: SheetTable = { name, sheet, columns: new Map() };
  return readHeader(table, defs, report) ? table : null;
}

function dataRows(table: SheetTable, report: Reporter): RowReader[] {
  const defAt = new Map<number, ColumnDef>();
  for (const [def, column] of table.columns) defAt.set(column, def);
  const rows: RowReader[] = [];
  table.sheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells = new Map<ColumnDef, CellContent>();
    // Cells of merged ranges report the master's value, so a code merged down the item rows still reads.
    row.eachCell((cell, column) => {
      const def = defAt.get(column);
      if (def !== undefined) cells.set(def, cellContent(cell.value));
    });
    const reader = new RowReader(table.name, number, cells, report);
    // Rows left empty (or only formatted) between entries are skipped, not reported.
    if (reader.blank) return;
    reader.checkCells();
    rows.push(reader);
  });
  return rows;
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

/** Reads and validates a workbook; never throws on bad content (returns errors); errors in Chinese by default. */
export async function readCatalogWorkbook(
  data: Buffer | Uint8Array,
  lang: Lang = 'zh',
): Promise<ParseResult> {
  const report = new Reporter(lang);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer (JSZip takes that or a Buffer): a copy fits the typing honestly.
    await workbook.xlsx.load(new Uint8Array(data).buffer, { ignoreNodes: IGNORED_NODES });
  } catch {
    report.add('', 0, '', 'file');
    return { resources: [], errors: report.errors };
  }

  const resourceTable = openSheet(workbook, RESOURCE_SHEET, RESOURCE_DEFS, report);
  const itemTable = openSheet(workbook, ITEM_SHEET, ITEM_DEFS, report);
  const keys = new Map<string, number>();
  const resources = resourceTable
    ? dataRows(resourceTable, report).map((r) => readResourceRow(r, keys))
    : null;
  const items = itemTable ? dataRows(itemTable, report).map(readItemRow) : null;
  // Cross-sheet checks need both sheets; a sheet that could not be read has been reported already.
  const parsed = resources !== null && items !== null ? link(resources, items, report) : [];
  return { resources: parsed, errors: report.errors.sort(byPosition) };
}
