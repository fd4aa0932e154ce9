/**
 * The coded value lists of the resource catalog (政务信息资源目录编制指南, 2017), each value with its Chinese
 * label (as in the guideline and the Excel template), English label, and DCAT mapping where one exists.
 * Every module that shows, imports, exports or validates catalog values reads them from here.
 */

import { RECORD_FORMAT_VALUES } from './rules.ts';

export interface Term<V extends string> {
  value: V;
  zh: string;
  en: string;
}

const terms = <const T extends readonly Term<string>[]>(list: T) => list;

/** 资源分类 (the 类 digit of the classification code). */
export const CATEGORIES = terms([
  { value: 'base', zh: '基础信息资源', en: 'Base information resource' },
  { value: 'theme', zh: '主题信息资源', en: 'Thematic information resource' },
  { value: 'department', zh: '部门信息资源', en: 'Departmental information resource' },
]);
export type Category = (typeof CATEGORIES)[number]['value'];
/** The first digit of a classification code names its category. */
export const CATEGORY_DIGIT: Record<Category, string> = { base: '1', theme: '2', department: '3' };

/** 格式分类. */
export const FORMATS = terms([
  { value: 'electronic_file', zh: '电子文件', en: 'Electronic file' },
  { value: 'spreadsheet', zh: '电子表格', en: 'Spreadsheet' },
  { value: 'database', zh: '数据库', en: 'Database' },
  { value: 'image', zh: '图形图像', en: 'Graphics and images' },
  { value: 'streaming', zh: '流媒体', en: 'Streaming media' },
  { value: 'self_describing', zh: '自描述格式', en: 'Self-describing format' },
  { value: 'service_api', zh: '服务接口', en: 'Service interface' },
]);
export type FormatCategory = (typeof FORMATS)[number]['value'];
/** Formats whose resources hold records (the exchange stores and validates these). */
export const RECORD_FORMATS: readonly FormatCategory[] = RECORD_FORMAT_VALUES;

/** 信息项数据类型. */
export const DATA_TYPES = terms([
  { value: 'C', zh: '字符型', en: 'Character' },
  { value: 'N', zh: '数值型', en: 'Numeric' },
  { value: 'Y', zh: '货币型', en: 'Currency' },
  { value: 'D', zh: '日期型', en: 'Date' },
  { value: 'T', zh: '日期时间型', en: 'Date-time' },
  { value: 'L', zh: '逻辑型', en: 'Logical' },
  { value: 'M', zh: '备注型', en: 'Memo' },
  { value: 'G', zh: '通用型', en: 'General (binary)' },
  { value: 'B', zh: '双精度型', en: 'Double precision' },
  { value: 'I', zh: '整型', en: 'Integer' },
  { value: 'F', zh: '浮点型', en: 'Float' },
]);
export type DataType = (typeof DATA_TYPES)[number]['value'];

/** 共享类型. */
export const SHARING_TYPES = terms([
  { value: 'unconditional', zh: '无条件共享', en: 'Shared without conditions' },
  { value: 'conditional', zh: '有条件共享', en: 'Shared on conditions' },
  { value: 'none', zh: '不予共享', en: 'Not shared' },
]);
export type SharingType = (typeof SHARING_TYPES)[number]['value'];

/** 共享方式. */
export const SHARING_METHODS = terms([
  { value: 'file', zh: '文件下载', en: 'File download' },
  { value: 'database', zh: '数据库交换', en: 'Database exchange' },
  { value: 'api', zh: '接口调用', en: 'Service interface' },
]);
export type SharingMethod = (typeof SHARING_METHODS)[number]['value'];

/** 开放属性: 是否向社会开放. */
export const OPEN_TYPES = terms([
  { value: 'open', zh: '无条件开放', en: 'Open' },
  { value: 'conditional', zh: '有条件开放', en: 'Open on conditions' },
  { value: 'closed', zh: '不予开放', en: 'Not open' },
]);
export type OpenType = (typeof OPEN_TYPES)[number]['value'];

/** 更新周期, with the EU frequency authority code DCAT-AP uses and the days after which data is overdue. */
export const UPDATE_CYCLES = [
  { value: 'realtime', zh: '实时', en: 'Real time', eu: 'CONT', overdueDays: 1 },
  { value: 'daily', zh: '每日', en: 'Daily', eu: 'DAILY', overdueDays: 2 },
  { value: 'weekly', zh: '每周', en: 'Weekly', eu: 'WEEKLY', overdueDays: 8 },
  { value: 'monthly', zh: '每月', en: 'Monthly', eu: 'MONTHLY', overdueDays: 32 },
  { value: 'quarterly', zh: '每季度', en: 'Quarterly', eu: 'QUARTERLY', overdueDays: 93 },
  { value: 'semiannual', zh: '每半年', en: 'Every six months', eu: 'ANNUAL_2', overdueDays: 184 },
  { value: 'annual', zh: '每年', en: 'Yearly', eu: 'ANNUAL', overdueDays: 366 },
  { value: 'irregular', zh: '不定期', en: 'Irregular', eu: 'IRREG', overdueDays: null },
] as const;
export type UpdateCycle = (typeof UPDATE_CYCLES)[number]['value'];

/** 语义标签: what an item holds, used later for validation (check digits) and masking. */
export const SEMANTIC_TAGS = terms([
  { value: 'id_card', zh: '身份证号', en: 'ID card number' },
  { value: 'uscc', zh: '统一社会信用代码', en: 'Unified social credit code' },
  { value: 'org_code', zh: '组织机构代码', en: 'Organization code' },
  { value: 'person_name', zh: '姓名', en: 'Person name' },
  { value: 'mobile', zh: '手机号', en: 'Mobile number' },
  { value: 'phone', zh: '电话', en: 'Telephone' },
  { value: 'address', zh: '地址', en: 'Address' },
  { value: 'date', zh: '日期', en: 'Date' },
  { value: 'region_code', zh: '行政区划代码', en: 'Region code' },
  { value: 'email', zh: '电子邮箱', en: 'E-mail' },
]);
export type SemanticTag = (typeof SEMANTIC_TAGS)[number]['value'];

/** Lifecycle of a resource (of its current working version). */
export const STATUSES = terms([
  { value: 'draft', zh: '草稿', en: 'Draft' },
  { value: 'submitted', zh: '待审核', en: 'Submitted' },
  { value: 'approved', zh: '已审核', en: 'Approved' },
  { value: 'published', zh: '已发布', en: 'Published' },
  { value: 'retired', zh: '已停用', en: 'Retired' },
]);
export type ResourceStatus = (typeof STATUSES)[number]['value'];

export const values = <V extends string>(list: readonly Term<V>[]): V[] => list.map((t) => t.value);

/** Looks a value up by its Chinese or English label (Excel cells carry labels), or by the value itself. */
export function fromLabel<V extends string>(list: readonly Term<V>[], text: string): V | undefined {
  const s = text.trim();
  return list.find((t) => t.value === s || t.zh === s || t.en.toLowerCase() === s.toLowerCase())?.value;
}
