import type { Language } from '../i18n/language';
import type { Segment } from './api';

/**
 * The matcher's words, for a Chinese reader. The API names the compared fields by the matcher's codes (idNumber,
 * uscc …) and says what each level means in English (`agreement`); the registry's own field names and these
 * renderings are shown in Chinese, and anything not listed here as the API says it.
 */
const FIELD_ZH: Record<string, string> = {
  idNumber: '身份证号',
  birthDate: '出生日期',
  sex: '性别',
  address: '住址',
  phone: '手机号码',
  uscc: '统一社会信用代码',
  orgCode: '组织机构代码',
};

const AGREEMENT_ZH: Record<string, string> = {
  different: '不一致',
  same: '一致',
  similar: '相近',
  'nearly the same': '基本一致',
  'one character or one swap apart': '差一位或两位互换',
  'same number (a 15-digit one upgraded)': '号码相同（15 位升 18 位）',
  'same number': '号码相同',
  'one character apart': '差一个字',
  'same pinyin (homophone)': '同音（拼音相同）',
  'same name': '相同',
  'month and day swapped': '月日颠倒',
  'same date': '日期相同',
  'one digit apart': '差一位数字',
  'same organization code (embedded in the credit code)': '组织机构代码相同（信用代码内含）',
};

/** The name a compared field goes by in the registry. */
export function fieldLabel(field: string, segment: Segment, language: Language): string {
  if (language !== 'zh') return field;
  if (field === 'name') return segment === 'population' ? '姓名' : '名称';
  return FIELD_ZH[field] ?? field;
}

export function agreementLabel(agreement: string, language: Language): string {
  if (language !== 'zh') return agreement;
  return AGREEMENT_ZH[agreement] ?? agreement;
}
