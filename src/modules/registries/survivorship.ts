/**
 * Survivorship: which source's value a golden record takes, field by field. Pure — the same records and rules
 * always give the same golden record, so a recomputation after any change (a new record, a merge, an un-merge, a
 * rule change) is exact, and an un-merge restores the golden records as they were.
 *
 * Values are compared in one canonical form (Simplified characters, half-width, dates as YYYY-MM-DD, sex as the
 * GB/T 2261.1 code, a 15-digit 身份证号 upgraded), so that 張偉 and 张伟 are not a conflict.
 */
import { simplify } from '../../lib/text.ts';
import { halfWidth, normalizeDate, normalizeIdNumber, normalizeSex } from './matching/normalize.ts';
import { validateUscc } from '../../lib/validators/uscc.ts';
import type { RegistryDefinition } from './kinds.ts';

export type RuleKind = 'priority' | 'recent' | 'complete' | 'fixed';

export interface FieldRule {
  rule: RuleKind;
  fixedSource: string | null;
  conflict: boolean;
}

export interface SourceRecord {
  sourceId: string;
  recordKey: string;
  /** The source's rank (1 is trusted first). */
  priority: number;
  fields: Record<string, string | null>;
  seq: number;
  changedAt: string;
}

export interface Provenance {
  sourceId: string | null;
  recordKey: string | null;
  seq: number | null;
  at: string | null;
  /** The rule that chose it, or 'steward' when a steward's choice in a conflict holds. */
  rule: RuleKind | 'steward';
}

export interface ConflictCandidate {
  value: string;
  sources: { sourceId: string; recordKey: string }[];
}

export interface Golden {
  values: Record<string, string | null>;
  provenance: Record<string, Provenance>;
  /** Fields whose sources disagree (and whose rule opens conflicts), with the values offered. */
  conflicts: { field: string; candidates: ConflictCandidate[] }[];
}

/** A value in the form the registry compares and keeps. */
export function canonical(field: string, raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const text = halfWidth(String(raw)).trim();
  if (text === '') return null;
  switch (field) {
    // A golden 身份证号 is always a valid one (a 15-digit one upgraded); a number that fails its check is evidence
    // for matching, never a value. The same for dates that are not real dates.
    case '身份证号':
      return normalizeIdNumber(text).idNumber;
    case '出生日期':
    case '成立日期':
      return normalizeDate(text);
    case '性别': {
      const sex = normalizeSex(text);
      return sex === 'M' ? '1' : sex === 'F' ? '2' : text;
    }
    case '统一社会信用代码': {
      const code = text.toUpperCase();
      return validateUscc(code).ok ? code : null;
    }
    default:
      return simplify(text).replace(/\s+/g, ' ');
  }
}

interface Offer {
  value: string;
  record: SourceRecord;
}

function newer(a: SourceRecord, b: SourceRecord): number {
  // Later change first; the seq orders changes of one source at the same instant.
  return b.changedAt.localeCompare(a.changedAt) || b.seq - a.seq;
}

const PICK: Record<RuleKind, (offers: Offer[], rule: FieldRule) => Offer | undefined> = {
  priority: (o) =>
    [...o].sort((a, b) => a.record.priority - b.record.priority || newer(a.record, b.record))[0],
  recent: (o) => [...o].sort((a, b) => newer(a.record, b.record))[0],
  complete: (o) =>
    [...o].sort(
      (a, b) =>
        Array.from(b.value).length - Array.from(a.value).length ||
        a.record.priority - b.record.priority ||
        newer(a.record, b.record),
    )[0],
  fixed: (o, rule) =>
    PICK.recent(
      o.filter((x) => x.record.sourceId === rule.fixedSource),
      rule,
    ),
};

/**
 * The golden record of one entity's source records. `chosen` holds a steward's resolved value per field: it wins
 * while some source still offers it.
 */
export function survive(
  def: RegistryDefinition,
  rules: Record<string, FieldRule>,
  records: readonly SourceRecord[],
  chosen: Record<string, string> = {},
): Golden {
  const values: Record<string, string | null> = {};
  const provenance: Record<string, Provenance> = {};
  const conflicts: Golden['conflicts'] = [];
  for (const field of def.fields) {
    const rule = rules[field.name] ?? { rule: field.rule, fixedSource: null, conflict: field.conflict };
    const offers: Offer[] = [];
    for (const record of records) {
      const value = canonical(field.name, record.fields[field.name]);
      if (value !== null) offers.push({ value, record });
    }
    const steward = chosen[field.name];
    const held = steward === undefined ? undefined : offers.find((o) => o.value === steward);
    const pick = held ?? PICK[rule.rule](offers, rule);
    values[field.name] = pick?.value ?? null;
    provenance[field.name] = pick
      ? {
          sourceId: pick.record.sourceId,
          recordKey: pick.record.recordKey,
          seq: pick.record.seq,
          at: pick.record.changedAt,
          rule: held ? 'steward' : rule.rule,
        }
      : { sourceId: null, recordKey: null, seq: null, at: null, rule: rule.rule };
    if (!rule.conflict || held) continue;
    const distinct = new Map<string, ConflictCandidate>();
    for (const o of offers) {
      const c = distinct.get(o.value) ?? { value: o.value, sources: [] };
      c.sources.push({ sourceId: o.record.sourceId, recordKey: o.record.recordKey });
      distinct.set(o.value, c);
    }
    if (distinct.size > 1)
      conflicts.push({
        field: field.name,
        candidates: [...distinct.values()].sort((a, b) => a.value.localeCompare(b.value)),
      });
  }
  return { values, provenance, conflicts };
}
