/**
 * The catalog workbook's layout (政务信息资源目录编制指南, 2017): sheet names, the columns of each sheet in order,
 * the value lists behind the drop-downs, and the text limits, which come from the TypeBox schemas so the
 * import can never accept more than the API would.
 */
import { ItemInput, ResourceInput } from '../schema.ts';
import {
  DATA_TYPES,
  FORMATS,
  OPEN_TYPES,
  SEMANTIC_TAGS,
  SHARING_METHODS,
  SHARING_TYPES,
  UPDATE_CYCLES,
} from '../vocab.ts';

/** The sheet with one row per resource. */
export const RESOURCE_SHEET = '信息资源';
/** The sheet with one row per information item, in resource order. */
export const ITEM_SHEET = '信息项';
/** The sheet that explains the columns to the people filling them in. */
export const GUIDE_SHEET = '填写说明';
/** The hidden sheet holding the drop-down lists (an inline list is limited to 255 characters). */
export const LIST_SHEET = '代码表';

/** 信息资源代码 as the platform assigns it: 分类码 + '/' + 6-digit 顺序码. */
export const CODE_PATTERN = /^[0-9]{1,12}\/[0-9]{6}$/;

/** How the 是/否 columns write true and false. */
export const YES = '是';
export const NO = '否';

/** The lists on the hidden 代码表 sheet, one per column, that the drop-downs point at. */
export const LISTS = {
  format: { title: '格式分类', values: FORMATS.map((t) => t.zh) },
  sharingType: { title: '共享类型', values: SHARING_TYPES.map((t) => t.zh) },
  sharingMethod: { title: '共享方式', values: SHARING_METHODS.map((t) => t.zh) },
  openType: { title: '开放属性', values: OPEN_TYPES.map((t) => t.zh) },
  updateCycle: { title: '更新周期', values: UPDATE_CYCLES.map((t) => t.zh) },
  dataType: { title: '数据类型', values: DATA_TYPES.map((t) => dataTypeLabel(t.value)) },
  yesNo: { title: '是否', values: [YES, NO] },
  semanticTag: { title: '语义标签', values: SEMANTIC_TAGS.map((t) => t.zh) },
} as const;
/** A list on the 代码表 sheet. */
export type ListName = keyof typeof LISTS;

/** One column of a data sheet. */
export interface ColumnDef {
  header: string;
  /** English name, for messages in English. */
  en: string;
  width: number;
  required: boolean;
  /** Written for people, ignored on import. */
  informational?: boolean;
  list?: ListName;
  /** Multi-line text: wrapped on export, line breaks kept on import. */
  multiline?: boolean;
  /** Cell format; '@' (text) keeps Excel from turning codes and phone numbers typed in later into numbers. */
  numFmt?: string;
  /** The line on the 填写说明 sheet. */
  note: string;
}

/** 'C 字符型': the letter code the guideline uses, then its name, as the 数据类型 cells show it. */
export function dataTypeLabel(value: string): string {
  const term = DATA_TYPES.find((t) => t.value === value);
  return term ? `${term.value} ${term.zh}` : value;
}

const resourceColumns = {
  code: {
    header: '信息资源代码',
    en: 'Resource code',
    width: 18,
    required: true,
    numFmt: '@',
    note: '已有资源填平台分配的代码（分类码/6位顺序码，如 307001/000012）；新增资源填占位符（如“新增1”），并在“信息项”表中使用同一占位符',
  },
  name: { header: '信息资源名称', en: 'Name', width: 30, required: true, note: '不超过 200 字' },
  classCode: {
    header: '信息资源分类代码',
    en: 'Classification code',
    width: 16,
    required: true,
    numFmt: '@',
    note: '类(1位)+项(2位)[+目(3位)[+细目]]；1 基础信息资源、2 主题信息资源、3 部门信息资源',
  },
  category: {
    header: '资源分类',
    en: 'Category',
    width: 16,
    required: false,
    informational: true,
    note: '由分类代码得出，仅供查看，导入时忽略',
  },
  departmentName: { header: '提供方', en: 'Provider', width: 24, required: false, note: '提供方部门名称' },
  departmentCode: {
    header: '提供方代码',
    en: 'Provider code',
    width: 22,
    required: true,
    numFmt: '@',
    note: '提供方的 18 位统一社会信用代码',
  },
  summary: {
    header: '摘要',
    en: 'Summary',
    width: 50,
    required: true,
    multiline: true,
    note: '资源内容的简要说明，不超过 2000 字，可换行',
  },
  formatCategory: {
    header: '格式分类',
    en: 'Format category',
    width: 12,
    required: true,
    list: 'format',
    note: '从下拉列表选择',
  },
  formatDetail: {
    header: '格式',
    en: 'Format',
    width: 16,
    required: false,
    note: '具体格式，如 CSV、XLSX、PDF，不超过 100 字',
  },
  sharingType: {
    header: '共享类型',
    en: 'Sharing type',
    width: 12,
    required: true,
    list: 'sharingType',
    note: '从下拉列表选择',
  },
  sharingCondition: {
    header: '共享条件',
    en: 'Sharing condition',
    width: 30,
    required: false,
    multiline: true,
    note: '有条件共享须填写共享条件；不予共享须填写法律法规或政策依据',
  },
  sharingMethod: {
    header: '共享方式',
    en: 'Sharing method',
    width: 12,
    required: true,
    list: 'sharingMethod',
    note: '从下拉列表选择',
  },
  openType: {
    header: '开放属性',
    en: 'Open type',
    width: 12,
    required: true,
    list: 'openType',
    note: '从下拉列表选择',
  },
  openCondition: {
    header: '开放条件',
    en: 'Open condition',
    width: 30,
    required: false,
    multiline: true,
    note: '有条件开放时填写',
  },
  updateCycle: {
    header: '更新周期',
    en: 'Update cycle',
    width: 10,
    required: true,
    list: 'updateCycle',
    note: '从下拉列表选择',
  },
  publishDate: {
    header: '发布日期',
    en: 'Publish date',
    width: 12,
    required: false,
    informational: true,
    numFmt: 'yyyy-mm-dd',
    note: '由平台在发布时填写，仅供查看，导入时忽略',
  },
  relatedCodes: {
    header: '关联资源代码',
    en: 'Related resource codes',
    width: 30,
    required: false,
    numFmt: '@',
    note: '多个代码用分号（;）分隔',
  },
  contactName: { header: '联系人', en: 'Contact name', width: 12, required: false, note: '' },
  contactPhone: {
    header: '联系电话',
    en: 'Contact phone',
    width: 16,
    required: false,
    numFmt: '@',
    note: '',
  },
} as const satisfies Record<string, ColumnDef>;

const itemColumns = {
  code: {
    header: '信息资源代码',
    en: 'Resource code',
    width: 18,
    required: true,
    numFmt: '@',
    note: '该信息项所属资源的代码，或新增资源的占位符（与“信息资源”表一致）',
  },
  position: {
    header: '序号',
    en: 'Position',
    width: 6,
    required: false,
    note: '信息项在资源中的顺序（1、2、3…）；不填则按表中顺序',
  },
  name: {
    header: '信息项名称',
    en: 'Item name',
    width: 24,
    required: true,
    note: '同一资源内不得重复，不超过 100 字',
  },
  dataType: {
    header: '数据类型',
    en: 'Data type',
    width: 14,
    required: true,
    list: 'dataType',
    note: '从下拉列表选择，也可只填代码（如 C）或名称（如 字符型）',
  },
  length: { header: '数据长度', en: 'Data length', width: 10, required: false, note: '正整数，可不填' },
  required: {
    header: '是否必填',
    en: 'Required',
    width: 10,
    required: false,
    list: 'yesNo',
    note: '是/否，不填视为“否”',
  },
  isKey: {
    header: '是否主键',
    en: 'Key',
    width: 10,
    required: false,
    list: 'yesNo',
    note: '是/否，不填视为“否”；数据库、电子表格、服务接口类资源至少要有一个主键',
  },
  sensitive: {
    header: '是否敏感',
    en: 'Sensitive',
    width: 10,
    required: false,
    list: 'yesNo',
    note: '是/否，不填视为“否”',
  },
  semanticTag: {
    header: '语义标签',
    en: 'Semantic tag',
    width: 16,
    required: false,
    list: 'semanticTag',
    note: '信息项所含内容（如 身份证号），用于校验与脱敏，可不填',
  },
  description: {
    header: '说明',
    en: 'Description',
    width: 40,
    required: false,
    multiline: true,
    note: '不超过 500 字',
  },
} as const satisfies Record<string, ColumnDef>;

/** The 信息资源 columns by field, for the reader and writer. */
export const RC: { readonly [K in keyof typeof resourceColumns]: ColumnDef } = resourceColumns;
/** The 信息项 columns by field. */
export const IC: { readonly [K in keyof typeof itemColumns]: ColumnDef } = itemColumns;

/** The 信息资源 columns in sheet order. */
export const RESOURCE_DEFS: readonly ColumnDef[] = Object.values(RC);
/** The 信息项 columns in sheet order. */
export const ITEM_DEFS: readonly ColumnDef[] = Object.values(IC);

/** The headers of the 信息资源 sheet, in order. */
export const RESOURCE_COLUMNS: readonly string[] = RESOURCE_DEFS.map((c) => c.header);
/** The headers of the 信息项 sheet, in order. */
export const ITEM_COLUMNS: readonly string[] = ITEM_DEFS.map((c) => c.header);

// The schemas are the single source of the limits; reading them here keeps the import in step with the API.
function limitOf(schema: unknown, key: 'maxLength' | 'maximum' | 'maxItems'): number {
  if (typeof schema === 'object' && schema !== null) {
    const value: unknown = (schema as Record<string, unknown>)[key];
    if (typeof value === 'number') return value;
    const anyOf: unknown = (schema as Record<string, unknown>)['anyOf'];
    if (Array.isArray(anyOf)) {
      for (const branch of anyOf) {
        const found = limitOf(branch, key);
        if (Number.isFinite(found)) return found;
      }
    }
  }
  return Number.POSITIVE_INFINITY;
}

const rp = ResourceInput.properties;
const ip = ItemInput.properties;

/** Longest text each column takes (characters), and the list and number limits. */
export const LIMITS = {
  name: limitOf(rp.name, 'maxLength'),
  summary: limitOf(rp.summary, 'maxLength'),
  formatDetail: limitOf(rp.formatDetail, 'maxLength'),
  sharingCondition: limitOf(rp.sharingCondition, 'maxLength'),
  openCondition: limitOf(rp.openCondition, 'maxLength'),
  contactName: limitOf(rp.contactName, 'maxLength'),
  contactPhone: limitOf(rp.contactPhone, 'maxLength'),
  relatedCodes: limitOf(rp.relatedCodes, 'maxItems'),
  items: limitOf(rp.items, 'maxItems'),
  itemName: limitOf(ip.name, 'maxLength'),
  description: limitOf(ip.description, 'maxLength'),
  dataLength: limitOf(ip.length, 'maximum'),
  /** Placeholders only link rows inside one file; a bound keeps error messages readable. */
  placeholder: 50,
} as const;
