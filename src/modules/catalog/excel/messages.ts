/**
 * Import error messages in Chinese (the default: the people who fix the file read Chinese) and English. Each
 * message has a stable code for the caller; several messages may share one code (e.g. the header problems).
 */
import type { ImportError } from '../schema.ts';
import type { ColumnDef } from './layout.ts';

/** The language of the messages. */
export type Lang = 'zh' | 'en';

/** The codes an import error can carry. */
export type ImportErrorCode =
  | 'file'
  | 'sheet_missing'
  | 'header'
  | 'formula'
  | 'cell_error'
  | 'required'
  | 'too_long'
  | 'control_char'
  | 'code'
  | 'class_code'
  | 'uscc'
  | 'related_code'
  | 'label'
  | 'data_type'
  | 'data_length'
  | 'boolean'
  | 'position'
  | 'duplicate'
  | 'unknown_code'
  | 'no_items'
  | 'no_key'
  | 'sharing_condition'
  | 'legal_basis'
  | 'too_many';

type Text = readonly [zh: string, en: string];
interface Message<A extends unknown[]> {
  code: ImportErrorCode;
  text: (...args: A) => Text;
}
const message = <A extends unknown[]>(code: ImportErrorCode, text: (...args: A) => Text): Message<A> => ({
  code,
  text,
});

const col = (c: ColumnDef) => [`“${c.header}”`, `${c.en} (${c.header})`] as const;

/** Every message: its code, and its text in Chinese and English from the details it names. */
export const MESSAGES = {
  file: message('file', () => [
    '无法读取文件：不是有效的 Excel 工作簿（.xlsx）',
    'Cannot read the file: it is not a valid Excel workbook (.xlsx)',
  ]),
  sheetMissing: message('sheet_missing', (sheet: string) => [
    `缺少工作表“${sheet}”，请使用平台导出的模板`,
    `The sheet “${sheet}” is missing; use the template the platform exports`,
  ]),
  headerMissing: message('header', (c: ColumnDef) => [
    `缺少列${col(c)[0]}，请使用模板的列名`,
    `The column ${col(c)[1]} is missing; use the template's headers`,
  ]),
  headerUnknown: message('header', (text: string) => [
    `无法识别的列“${text}”，请使用模板的列名`,
    `Unknown column “${text}”; use the template's headers`,
  ]),
  headerDuplicate: message('header', (c: ColumnDef) => [
    `列${col(c)[0]}出现了不止一次`,
    `The column ${col(c)[1]} appears more than once`,
  ]),
  formula: message('formula', () => [
    '不接受公式，请粘贴为数值',
    'Formulas are not accepted; paste the values instead',
  ]),
  cellError: message('cell_error', (value: string) => [
    `单元格是错误值 ${value}，请填写实际内容`,
    `The cell holds the error value ${value}; enter the actual content`,
  ]),
  required: message('required', (c: ColumnDef) => [`${col(c)[0]}不能为空`, `${col(c)[1]} is required`]),
  tooLong: message('too_long', (c: ColumnDef, limit: number, length: number) => [
    `${col(c)[0]}不能超过 ${limit} 个字符（现有 ${length} 个）`,
    `${col(c)[1]} takes at most ${limit} characters (it has ${length})`,
  ]),
  controlChar: message('control_char', (c: ColumnDef) => [
    `${col(c)[0]}不能包含换行或其他控制字符`,
    `${col(c)[1]} cannot contain line breaks or other control characters`,
  ]),
  codeMalformed: message('code', (value: string) => [
    `信息资源代码“${value}”格式错误：应为“分类码/6位顺序码”（如 307001/000012）；新增资源请填写占位符（如“新增1”）`,
    `The resource code “${value}” is malformed: it should be classification code/6-digit serial (e.g. 307001/000012); for a new resource use a placeholder such as “新增1”`,
  ]),
  classCode: message('class_code', (value: string) => [
    `信息资源分类代码“${value}”无效：应为 类(1位)+项(2位)[+目(3位)[+细目]]，基础、主题信息资源的项须为指南所列`,
    `The classification code “${value}” is invalid: it should be class (1 digit) + item (2) [+ heading (3) [+ sub-heading]], with a guideline item for base and thematic resources`,
  ]),
  uscc: message('uscc', (value: string, reason: readonly [string, string]) => [
    `提供方代码“${value}”不是有效的统一社会信用代码（${reason[0]}）`,
    `The provider code “${value}” is not a valid unified social credit code (${reason[1]})`,
  ]),
  relatedCode: message('related_code', (value: string) => [
    `关联资源代码“${value}”格式错误：应为“分类码/6位顺序码”，多个代码用分号分隔`,
    `The related resource code “${value}” is malformed: it should be classification code/6-digit serial, several separated by semicolons`,
  ]),
  label: message('label', (c: ColumnDef, value: string, options: readonly [string, string]) => [
    `${col(c)[0]}的值“${value}”不在代码表中，可选：${options[0]}`,
    `${col(c)[1]}: “${value}” is not in the list; choose one of: ${options[1]}`,
  ]),
  dataType: message('data_type', (value: string) => [
    `数据类型“${value}”无法识别，应为代码、名称或两者（如 C、字符型、C 字符型）`,
    `Unknown data type “${value}”: give the letter code, the name or both (e.g. C, 字符型, C 字符型)`,
  ]),
  dataLength: message('data_length', (value: string, max: number) => [
    `数据长度“${value}”应为 1 至 ${max} 的整数`,
    `The data length “${value}” should be a whole number from 1 to ${max}`,
  ]),
  boolean: message('boolean', (c: ColumnDef, value: string) => [
    `${col(c)[0]}应填“是”或“否”（现为“${value}”）`,
    `${col(c)[1]} should be 是 (yes) or 否 (no), not “${value}”`,
  ]),
  position: message('position', (value: string) => [
    `序号“${value}”应为正整数`,
    `The position “${value}” should be a positive whole number`,
  ]),
  duplicateCode: message('duplicate', (value: string, firstRow: number) => [
    `信息资源代码“${value}”与第 ${firstRow} 行重复`,
    `The resource code “${value}” repeats row ${firstRow}`,
  ]),
  duplicateItem: message('duplicate', (value: string, firstRow: number) => [
    `信息项名称“${value}”与同一资源的第 ${firstRow} 行重复`,
    `The item name “${value}” repeats row ${firstRow} of the same resource`,
  ]),
  duplicatePosition: message('duplicate', (value: number, firstRow: number) => [
    `序号 ${value} 与同一资源的第 ${firstRow} 行重复`,
    `The position ${value} repeats row ${firstRow} of the same resource`,
  ]),
  unknownCode: message('unknown_code', (value: string) => [
    `信息资源代码“${value}”在“信息资源”表中不存在`,
    `The resource code “${value}” is not on the 信息资源 (resources) sheet`,
  ]),
  noItems: message('no_items', (value: string) => [
    `信息资源“${value}”没有信息项，请在“信息项”表中至少填写一项`,
    `The resource “${value}” has no items; add at least one on the 信息项 (items) sheet`,
  ]),
  noKey: message('no_key', (format: readonly [string, string]) => [
    `格式分类为“${format[0]}”的资源至少要有一个主键信息项（“信息项”表的“是否主键”填“是”）`,
    `A resource of format “${format[1]}” needs at least one key item (是否主键 = 是 on the 信息项 sheet)`,
  ]),
  sharingCondition: message('sharing_condition', () => [
    '共享类型为“有条件共享”时须填写共享条件',
    'A resource shared on conditions needs its sharing condition',
  ]),
  legalBasis: message('legal_basis', () => [
    '共享类型为“不予共享”时须在“共享条件”中填写法律法规或政策依据',
    'A resource that is not shared needs the legal basis in 共享条件 (sharing condition)',
  ]),
  tooManyItems: message('too_many', (count: number, max: number) => [
    `信息项不能超过 ${max} 个（现有 ${count} 个）`,
    `A resource takes at most ${max} items (it has ${count})`,
  ]),
  tooManyRelated: message('too_many', (count: number, max: number) => [
    `关联资源代码不能超过 ${max} 个（现有 ${count} 个）`,
    `At most ${max} related resource codes (there are ${count})`,
  ]),
} as const;
/** A message of MESSAGES. */
export type MessageId = keyof typeof MESSAGES;
/** The details a message names. */
export type MessageArgs<K extends MessageId> = (typeof MESSAGES)[K] extends Message<infer A> ? A : never;

/** Collects import errors in the caller's language. */
export class Reporter {
  readonly errors: ImportError[] = [];
  readonly lang: Lang;

  constructor(lang: Lang) {
    this.lang = lang;
  }

  add<K extends MessageId>(sheet: string, row: number, column: string, id: K, ...args: MessageArgs<K>): void {
    const entry: Message<MessageArgs<K>> = MESSAGES[id] as Message<MessageArgs<K>>;
    const [zh, en] = entry.text(...args);
    this.errors.push({ sheet, row, column, code: entry.code, message: this.lang === 'en' ? en : zh });
  }
}
