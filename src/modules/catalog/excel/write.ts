import ExcelJS from 'exceljs';
import type { CellValue, DataValidation, Font, Worksheet } from 'exceljs';
import { escapeCell } from '../../../lib/spreadsheet.ts';
import { categoryOf, itemName } from '../classification.ts';
import type { ResourceInput } from '../schema.ts';
import {
  CATEGORIES,
  FORMATS,
  OPEN_TYPES,
  SEMANTIC_TAGS,
  SHARING_METHODS,
  SHARING_TYPES,
  UPDATE_CYCLES,
  type Term,
} from '../vocab.ts';
import {
  GUIDE_SHEET,
  IC,
  ITEM_DEFS,
  ITEM_SHEET,
  LIST_SHEET,
  LISTS,
  NO,
  RC,
  RESOURCE_DEFS,
  RESOURCE_SHEET,
  YES,
  dataTypeLabel,
  type ColumnDef,
  type ListName,
} from './layout.ts';

/** One resource as the export writes it: the editable fields plus the platform-assigned ones. */
export interface CatalogRow extends Omit<ResourceInput, 'departmentId'> {
  /** 信息资源代码, e.g. '307001/000012'. */
  code: string;
  /** 提供方. */
  departmentName: string;
  /** 提供方代码 (the department's 18-character credit code). */
  departmentCode: string;
  /** YYYY-MM-DD. */
  publishDate: string | null;
}

/** Rows below the data that still get the drop-downs, so staff can add resources and items. */
const VALIDATION_MARGIN = 2000;

const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7ECF3' } } as const;
const REQUIRED_FONT: Partial<Font> = { bold: true, color: { argb: 'FFC00000' } };
const HEADER_FONT: Partial<Font> = { bold: true };
const INFO_FONT: Partial<Font> = { bold: true, color: { argb: 'FF808080' } };

// exceljs 4.4 has worksheet.dataValidations at run time (it accepts range addresses, written as one sqref) but
// its typings leave the property out.
interface ValidationTarget {
  dataValidations: { add(address: string, validation: DataValidation): void };
}

function columnLetter(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

function labelOf<V extends string>(list: readonly Term<V>[], value: V): string {
  return list.find((t) => t.value === value)?.zh ?? value;
}

// Convention (the reader mirrors it): null and '' are both written as an empty cell; the reader gives null for
// nullable fields and '' for formatDetail, the one text field that is not nullable.
function orEmpty(text: string | null): string | null {
  return text === null || text === '' ? null : text;
}

function categoryLabel(classCode: string): string {
  const category = CATEGORIES.find((c) => c.value === categoryOf(classCode))?.zh ?? '';
  const item = itemName(classCode);
  return item === null ? category : `${category}（${item}）`;
}

// Text a spreadsheet could take for a formula (=, +, -, @) is quoted; the import takes the quote off again.
function safe(values: CellValue[]): CellValue[] {
  return values.map((v) => (typeof v === 'string' ? escapeCell(v) : v));
}

function publishDateCell(date: string | null): CellValue {
  if (date === null) return null;
  // A real date cell so Excel sorts and filters it; anything unexpected is shown as given.
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T00:00:00Z`) : date;
}

function resourceValues(row: CatalogRow): CellValue[] {
  const byColumn = new Map<ColumnDef, CellValue>([
    [RC.code, row.code],
    [RC.name, row.name],
    [RC.classCode, row.classCode],
    [RC.category, categoryLabel(row.classCode)],
    [RC.departmentName, orEmpty(row.departmentName)],
    [RC.departmentCode, row.departmentCode],
    [RC.summary, row.summary],
    [RC.formatCategory, labelOf(FORMATS, row.formatCategory)],
    [RC.formatDetail, orEmpty(row.formatDetail)],
    [RC.sharingType, labelOf(SHARING_TYPES, row.sharingType)],
    [RC.sharingCondition, orEmpty(row.sharingCondition)],
    [RC.sharingMethod, labelOf(SHARING_METHODS, row.sharingMethod)],
    [RC.openType, labelOf(OPEN_TYPES, row.openType)],
    [RC.openCondition, orEmpty(row.openCondition)],
    [RC.updateCycle, labelOf(UPDATE_CYCLES, row.updateCycle)],
    [RC.publishDate, publishDateCell(row.publishDate)],
    [RC.relatedCodes, orEmpty(row.relatedCodes.join(';'))],
    [RC.contactName, orEmpty(row.contactName)],
    [RC.contactPhone, orEmpty(row.contactPhone)],
  ]);
  return safe(RESOURCE_DEFS.map((c) => byColumn.get(c) ?? null));
}

function itemValues(row: CatalogRow): CellValue[][] {
  return row.items.map((item, i) => {
    const byColumn = new Map<ColumnDef, CellValue>([
      [IC.code, row.code],
      [IC.position, i + 1],
      [IC.name, item.name],
      [IC.dataType, dataTypeLabel(item.dataType)],
      [IC.length, item.length],
      [IC.required, item.required ? YES : NO],
      [IC.isKey, item.isKey ? YES : NO],
      [IC.sensitive, item.sensitive ? YES : NO],
      [IC.semanticTag, item.semanticTag === null ? null : labelOf(SEMANTIC_TAGS, item.semanticTag)],
      [IC.description, orEmpty(item.description)],
    ]);
    return safe(ITEM_DEFS.map((c) => byColumn.get(c) ?? null));
  });
}

const LIST_NAMES = Object.keys(LISTS) as ListName[];

function listRange(list: ListName): string {
  const column = columnLetter(LIST_NAMES.indexOf(list) + 1);
  return `'${LIST_SHEET}'!$${column}$2:$${column}$${LISTS[list].values.length + 1}`;
}

function dataSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  defs: readonly ColumnDef[],
  rows: CellValue[][],
): Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = defs.map((c) => ({
    width: c.width,
    style: {
      ...(c.numFmt === undefined ? {} : { numFmt: c.numFmt }),
      ...(c.multiline ? { alignment: { wrapText: true, vertical: 'top' } } : {}),
    },
  }));
  const header = sheet.addRow(defs.map((c) => c.header));
  header.eachCell((cell, i) => {
    const def = defs[i - 1];
    cell.font = def?.required ? REQUIRED_FONT : def?.informational ? INFO_FONT : HEADER_FONT;
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
  });
  sheet.addRows(rows);
  const lastRow = rows.length + 1;
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: lastRow, column: defs.length } };

  const target = sheet as unknown as ValidationTarget;
  defs.forEach((c, i) => {
    if (c.list === undefined) return;
    const column = columnLetter(i + 1);
    target.dataValidations.add(`${column}2:${column}${lastRow + VALIDATION_MARGIN}`, {
      type: 'list',
      // Blank is always allowed here: the import reports missing required cells with the row and column.
      allowBlank: true,
      formulae: [listRange(c.list)],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: c.header,
      error: '请从下拉列表中选择',
    });
  });
  return sheet;
}

function guideSheet(workbook: ExcelJS.Workbook): void {
  const sheet = workbook.addWorksheet(GUIDE_SHEET);
  sheet.columns = [
    { width: 12 },
    { width: 18 },
    { width: 8 },
    { width: 90, style: { alignment: { wrapText: true } } },
  ];
  sheet.addRow(['政务信息资源目录 填写说明']).font = { bold: true, size: 14 };
  const notes = [
    `1. 每个信息资源占“${RESOURCE_SHEET}”表一行；它的信息项按顺序列在“${ITEM_SHEET}”表中，两表用“信息资源代码”关联。`,
    '2. 修改已有资源：保留平台分配的信息资源代码（如 307001/000012），直接修改其他列。',
    '3. 新增资源：在两张表的“信息资源代码”列填写同一个占位符（如“新增1”“新增2”），占位符不能含“/”，也不能全是数字；导入后由平台分配正式代码。',
    '4. 红色列名为必填列；带下拉列表的列请从列表中选择。',
    '5. 请只填写数值，不要使用公式；从别处复制时请选择“粘贴为数值”。',
    '6. 不要增加、删除或改名列和工作表；“资源分类”“发布日期”由平台填写，仅供查看，导入时忽略。',
    '7. 导入时检查全部行，列出所有错误（工作表、行号、列名），改正后可重新导入。',
  ];
  for (const note of notes) sheet.addRow(['', '', '', note]);
  sheet.addRow([]);
  sheet.addRow(['工作表', '列名', '必填', '说明']).font = { bold: true };
  for (const [name, defs] of [
    [RESOURCE_SHEET, RESOURCE_DEFS],
    [ITEM_SHEET, ITEM_DEFS],
  ] as const) {
    for (const c of defs) sheet.addRow([name, c.header, c.required ? YES : '', c.note]);
  }
}

function listSheet(workbook: ExcelJS.Workbook): void {
  const sheet = workbook.addWorksheet(LIST_SHEET, { state: 'hidden' });
  sheet.columns = LIST_NAMES.map(() => ({ width: 16 }));
  sheet.addRow(LIST_NAMES.map((name) => LISTS[name].title)).font = { bold: true };
  const height = Math.max(...LIST_NAMES.map((name) => LISTS[name].values.length));
  for (let i = 0; i < height; i++) sheet.addRow(LIST_NAMES.map((name) => LISTS[name].values[i] ?? null));
}

/** Writes the catalog workbook (信息资源, 信息项, 填写说明 and the hidden 代码表); no rows gives the blank template. */
export async function writeCatalogWorkbook(rows: CatalogRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Tongban';
  dataSheet(workbook, RESOURCE_SHEET, RESOURCE_DEFS, rows.map(resourceValues));
  dataSheet(workbook, ITEM_SHEET, ITEM_DEFS, rows.flatMap(itemValues));
  guideSheet(workbook);
  listSheet(workbook);
  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data);
}
