/**
 * What each registry holds: its golden fields (with the semantic tag that decides masking), the field that is its
 * key, and how a source record becomes something the matcher can compare. 人口基础库 matches people with the
 * Fellegi–Sunter engine in matching/; 法人基础库 has a trustworthy key (统一社会信用代码, whose characters 9–17 are the
 * legacy 组织机构代码) and links by it, falling back to a steward for records known only by name.
 */
import { validateUscc } from '../../lib/validators/uscc.ts';
import { orgCodeNormalize } from '../../lib/validators/orgcode.ts';
import { normalizePerson, type NormalizedPerson, type PersonFields } from './matching/normalize.ts';
import { blockingKeys } from './matching/resolver.ts';
import type { CodeTableName } from '../../lib/codes.ts';
import { simplify } from '../../lib/text.ts';

export const REGISTRY_KINDS = ['population', 'legal_person'] as const;
export type RegistryKind = (typeof REGISTRY_KINDS)[number];

export interface GoldenField {
  name: string;
  /** lib/mask.ts tag; null: never masked. */
  tag: string | null;
  /** The rule a new registry starts with. */
  rule: 'priority' | 'recent' | 'complete';
  /** Whether disagreeing sources open a conflict by default. */
  conflict: boolean;
  /** The national code table the field's values come from: the record keeps the code, people read its name. */
  codes?: CodeTableName;
}

export interface RegistryDefinition {
  kind: RegistryKind;
  nameZh: string;
  nameEn: string;
  /** Prefix of golden record ids (P… persons, L… legal persons). */
  idPrefix: string;
  key: string;
  /** The field shown as a golden record's name. */
  nameField: string;
  fields: readonly GoldenField[];
}

const POPULATION: RegistryDefinition = {
  kind: 'population',
  nameZh: '人口基础库',
  nameEn: 'Population registry',
  idPrefix: 'P',
  key: '身份证号',
  nameField: '姓名',
  fields: [
    { name: '身份证号', tag: 'id_card', rule: 'priority', conflict: true },
    { name: '姓名', tag: 'person_name', rule: 'priority', conflict: true },
    { name: '性别', tag: null, rule: 'priority', conflict: true, codes: 'GB/T 2261.1' },
    { name: '出生日期', tag: 'birth_date', rule: 'priority', conflict: true },
    { name: '民族', tag: null, rule: 'priority', conflict: false, codes: 'GB/T 3304' },
    // Where a person lives changes: the latest word from any source wins, and no conflict is opened for it.
    { name: '住址', tag: 'address', rule: 'recent', conflict: false },
    { name: '手机号码', tag: 'mobile', rule: 'recent', conflict: false },
    { name: '婚姻状况', tag: null, rule: 'recent', conflict: false, codes: 'GB/T 2261.2' },
    { name: '人口状态', tag: null, rule: 'priority', conflict: true },
    { name: '工作单位', tag: null, rule: 'recent', conflict: false },
  ],
};

const LEGAL_PERSON: RegistryDefinition = {
  kind: 'legal_person',
  nameZh: '法人基础库',
  nameEn: 'Legal-person registry',
  idPrefix: 'L',
  key: '统一社会信用代码',
  nameField: '名称',
  fields: [
    { name: '统一社会信用代码', tag: null, rule: 'priority', conflict: true },
    { name: '名称', tag: null, rule: 'priority', conflict: true },
    { name: '主体类型', tag: null, rule: 'priority', conflict: false },
    { name: '法定代表人', tag: 'person_name', rule: 'priority', conflict: true },
    { name: '住所', tag: null, rule: 'recent', conflict: false },
    { name: '成立日期', tag: null, rule: 'priority', conflict: true },
    { name: '登记状态', tag: null, rule: 'priority', conflict: true },
    { name: '登记机关', tag: null, rule: 'priority', conflict: false },
    { name: '联系电话', tag: 'phone', rule: 'recent', conflict: false },
    { name: '纳税信用等级', tag: null, rule: 'recent', conflict: false },
  ],
};

export const REGISTRIES: Record<RegistryKind, RegistryDefinition> = {
  population: POPULATION,
  legal_person: LEGAL_PERSON,
};

/** A legal person's record in comparable form. */
export interface NormalizedLegalPerson {
  uscc: string | null;
  /** The 9-character 组织机构代码: from a USCC (characters 9–17) or a legacy record's own code. */
  orgCode: string | null;
  name: string | null;
}

export type Normalized = NormalizedPerson | NormalizedLegalPerson;

const NAME_NOISE = /[\s()（）·]/g;

export function normalizeLegalPerson(fields: Record<string, string | null>): NormalizedLegalPerson {
  const raw = (fields['统一社会信用代码'] ?? '').trim().toUpperCase();
  const uscc = raw && validateUscc(raw).ok ? raw : null;
  const legacy = legacyOrgCode(fields['组织机构代码'] ?? null);
  const name = fields['名称'] ? simplify(fields['名称']).replace(NAME_NOISE, '') : null;
  return { uscc, orgCode: uscc ? uscc.slice(8, 17) : legacy, name: name || null };
}

/**
 * The 组织机构代码 in a legacy identifier: the code itself (XXXXXXXX-Y), a 15-character taxpayer number (6-digit
 * region + the code), or a credit code (characters 9–17).
 */
function legacyOrgCode(raw: string | null): string | null {
  if (!raw) return null;
  const s = raw.trim().toUpperCase();
  if (s.length === 18) return validateUscc(s).ok ? s.slice(8, 17) : null;
  if (s.length === 15) return s.slice(6);
  if (s.length === 9 || s.length === 10) return orgCodeNormalize(s);
  return null;
}

export function legalPersonBlocks(n: NormalizedLegalPerson): string[] {
  const keys: string[] = [];
  if (n.uscc) keys.push(`u:${n.uscc}`);
  if (n.orgCode) keys.push(`o:${n.orgCode}`);
  if (n.name) keys.push(`n:${n.name}`);
  return keys;
}

/** The normalized form and blocking keys of a record of a registry. */
export function normalizeFor(
  kind: RegistryKind,
  fields: Record<string, string | null>,
): { norm: Normalized; blocks: string[]; key: string | null } {
  if (kind === 'population') {
    const norm = normalizePerson(fields as PersonFields);
    return { norm, blocks: blockingKeys(norm), key: norm.idNumber };
  }
  const norm = normalizeLegalPerson(fields);
  return { norm, blocks: legalPersonBlocks(norm), key: norm.uscc };
}
