/**
 * Validators for the identifiers every module handles: 身份证号 (GB 11643), 统一社会信用代码 (GB 32100),
 * 组织机构代码 (GB 11714) and region codes (GB/T 2260). Validators never throw: failures are reason codes,
 * which describeReason turns into messages.
 */
import type { IdCardError } from './idcard.ts';
import type { LicenseIdError } from './license-id.ts';
import type { OrgCodeError } from './orgcode.ts';
import type { RegionError } from './region.ts';
import type { UsccError } from './uscc.ts';

// Named re-exports so the offset-based helpers the validators share stay internal to this folder.
export { idCardCheckDigit, idCardProblem, idCardTodayNumber, makeIdCard, validateIdCard } from './idcard.ts';
export type { IdCardError, IdCardInfo, IdCardOptions, IdCardResult, MakeIdCardInput, Sex } from './idcard.ts';
export {
  LICENSE_ROOT,
  licenseIdProblem,
  licenseTypeCodeProblem,
  makeLicenseId,
  mod3736CheckChar,
  mod3736Valid,
  parseLicenseId,
} from './license-id.ts';
export type { LicenseIdError, LicenseIdParts } from './license-id.ts';
export { orgCodeCheckDigit, orgCodeNormalize, orgCodeProblem, validateOrgCode } from './orgcode.ts';
export type { OrgCodeError, OrgCodeInfo, OrgCodeResult } from './orgcode.ts';
export {
  PROVINCE_PREFIXES,
  parentRegionCode,
  regionCodeProblem,
  regionLevel,
  validateRegionCode,
} from './region.ts';
export type { RegionCodeInfo, RegionCodeResult, RegionError, RegionLevel } from './region.ts';
export { USCC_ALPHABET, makeUscc, usccCheckDigit, usccProblem, usccProblemAt, validateUscc } from './uscc.ts';
export type { MakeUsccInput, UsccError, UsccInfo, UsccParts, UsccResult } from './uscc.ts';

export type ValidationReason = IdCardError | UsccError | OrgCodeError | RegionError | LicenseIdError;
export type ReasonLanguage = 'zh' | 'en';

const MESSAGES: Record<ValidationReason, Record<ReasonLanguage, string>> = {
  length: { zh: '长度错误', en: 'wrong length' },
  format: { zh: '格式错误', en: 'malformed' },
  charset: { zh: '含有非法字符', en: 'contains characters outside the allowed set' },
  checksum: { zh: '校验位错误', en: 'check digit mismatch' },
  region: { zh: '行政区划代码无效', en: 'invalid region code' },
  birthdate: { zh: '出生日期无效', en: 'invalid date of birth' },
  orgcode: { zh: '组织机构代码部分无效', en: 'embedded organization code is invalid' },
  province: { zh: '省级行政区划代码不存在', en: 'no such province-level code' },
  structure: { zh: '行政区划代码结构错误', en: 'region code structure is invalid' },
  type_code: { zh: '证照类型代码无效', en: 'invalid license type code' },
  issuer: { zh: '颁发机构代码无效', en: 'invalid issuer credit code' },
};

/** Human-readable message for a validation reason code, in Chinese or English. */
export function describeReason(reason: ValidationReason, lang: ReasonLanguage = 'zh'): string {
  return MESSAGES[reason][lang];
}
