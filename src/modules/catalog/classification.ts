import type { Category } from './vocab.ts';

/**
 * 信息资源分类: 类 (1 digit) + 项 (2) + 目 (3) + 细目 (variable). The 类 and 项 of the base and thematic
 * categories are fixed by the guideline; 部门信息资源 are classified by department (项 = the department's
 * number in the city's list) and 目 by business area, which each city defines.
 */
export const CLASS_CODE_PATTERN = '^[123][0-9]{2}([0-9]{3}([0-9]{1,6})?)?$';

export const BASE_ITEMS: Record<string, string> = {
  '01': '人口',
  '02': '法人单位',
  '03': '自然资源和空间地理',
  '04': '社会信用',
  '05': '电子证照',
};

export const THEME_ITEMS: Record<string, string> = {
  '01': '公共服务',
  '02': '健康保障',
  '03': '社会保障',
  '04': '食品药品安全',
  '05': '安全生产',
  '06': '价格监管',
  '07': '能源安全',
  '08': '信用体系',
  '09': '城乡建设',
  '10': '社区治理',
  '11': '生态环保',
  '12': '应急维稳',
};

export function categoryOf(classCode: string): Category {
  return classCode[0] === '1' ? 'base' : classCode[0] === '2' ? 'theme' : 'department';
}

/** The 项 name for base and thematic codes; departmental codes are named by their department. */
export function itemName(classCode: string): string | null {
  const item = classCode.slice(1, 3);
  if (classCode[0] === '1') return BASE_ITEMS[item] ?? null;
  if (classCode[0] === '2') return THEME_ITEMS[item] ?? null;
  return null;
}

/** Whether a classification code is well formed and, for base and thematic codes, names a known 项. */
export function isValidClassCode(classCode: string): boolean {
  if (!new RegExp(CLASS_CODE_PATTERN).test(classCode)) return false;
  return classCode[0] === '3' || itemName(classCode) !== null;
}
