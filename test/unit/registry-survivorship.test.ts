import { describe, expect, it } from 'vitest';
import { makeIdCard } from '../../src/lib/validators/index.ts';
import { REGISTRIES } from '../../src/modules/registries/kinds.ts';
import {
  canonical,
  survive,
  type FieldRule,
  type SourceRecord,
} from '../../src/modules/registries/survivorship.ts';

const def = REGISTRIES.population;
const id18 = makeIdCard({ regionCode: '320706', birthDate: '1968-02-09', sequence: 123 });
const id15 = id18.slice(0, 6) + id18.slice(8, 17);

function rec(
  sourceId: string,
  priority: number,
  changedAt: string,
  fields: Record<string, string | null>,
  seq = 1,
): SourceRecord {
  return { sourceId, recordKey: `${sourceId}-key`, priority, changedAt, seq, fields };
}

const rules = (overrides: Record<string, Partial<FieldRule>> = {}): Record<string, FieldRule> =>
  Object.fromEntries(
    def.fields.map((f) => [
      f.name,
      { rule: f.rule, fixedSource: null, conflict: f.conflict, ...overrides[f.name] },
    ]),
  );

describe('survivorship', () => {
  const police = rec('gaj', 1, '2024-01-01T00:00:00.000000Z', {
    姓名: '王伟',
    住址: '幸福路12号',
    手机号码: '13800000001',
  });
  const health = rec('wjw', 3, '2026-05-01T00:00:00.000000Z', {
    姓名: '王偉',
    住址: '连云港市海州区幸福路12号3幢201室',
    手机号码: '13900000002',
  });
  const insurance = rec('sbzx', 2, '2025-06-01T00:00:00.000000Z', {
    姓名: '王玮',
    住址: null,
    手机号码: '13700000003',
  });

  it('takes the best-ranked source for a priority field and the latest change for a recent one', () => {
    const g = survive(def, rules(), [health, insurance, police]);
    expect(g.values['姓名']).toBe('王伟');
    expect(g.provenance['姓名']).toMatchObject({ sourceId: 'gaj', rule: 'priority' });
    expect(g.values['手机号码']).toBe('13900000002');
    expect(g.provenance['手机号码']).toMatchObject({ sourceId: 'wjw', rule: 'recent' });
  });

  it('takes the longest value for a most-complete field, and only the named source for a fixed one', () => {
    const g = survive(
      def,
      rules({ 住址: { rule: 'complete' }, 姓名: { rule: 'fixed', fixedSource: 'sbzx' } }),
      [police, health, insurance],
    );
    expect(g.values['住址']).toBe('连云港市海州区幸福路12号3幢201室');
    expect(g.values['姓名']).toBe('王玮');
    // A fixed source that has no value gives none, whatever the others say.
    const none = survive(def, rules({ 住址: { rule: 'fixed', fixedSource: 'sbzx' } }), [
      police,
      health,
      insurance,
    ]);
    expect(none.values['住址']).toBeNull();
    expect(none.provenance['住址']).toMatchObject({ sourceId: null, rule: 'fixed' });
  });

  it('does not call Traditional and Simplified writings of one name a conflict, but a homophone is one', () => {
    expect(survive(def, rules(), [police, health]).conflicts).toEqual([]);
    const g = survive(def, rules(), [police, health, insurance]);
    expect(g.conflicts).toEqual([
      {
        field: '姓名',
        candidates: [
          {
            value: '王伟',
            sources: [
              { sourceId: 'gaj', recordKey: 'gaj-key' },
              { sourceId: 'wjw', recordKey: 'wjw-key' },
            ],
          },
          { value: '王玮', sources: [{ sourceId: 'sbzx', recordKey: 'sbzx-key' }] },
        ],
      },
    ]);
    // With the conflict switched off for the field, none is raised.
    expect(survive(def, rules({ 姓名: { conflict: false } }), [police, insurance]).conflicts).toEqual([]);
  });

  it('keeps a steward’s choice while a source still offers it, and falls back to the rule when none does', () => {
    const chosen = survive(def, rules(), [police, insurance], { 姓名: '王玮' });
    expect(chosen.values['姓名']).toBe('王玮');
    expect(chosen.provenance['姓名']).toMatchObject({ sourceId: 'sbzx', rule: 'steward' });
    expect(chosen.conflicts).toEqual([]);
    const gone = survive(def, rules(), [police], { 姓名: '王玮' });
    expect(gone.values['姓名']).toBe('王伟');
    expect(gone.provenance['姓名']!.rule).toBe('priority');
  });

  it('keeps values in one canonical form: an upgraded 15-digit number, ISO dates, the sex code', () => {
    expect(canonical('身份证号', id15)).toBe(id18);
    // A number failing its check is evidence for matching, never a golden value.
    expect(canonical('身份证号', id18.slice(0, 17) + (id18[17] === '0' ? '1' : '0'))).toBeNull();
    expect(canonical('出生日期', '1968年2月9日')).toBe('1968-02-09');
    expect(canonical('出生日期', '1968-02-30')).toBeNull();
    expect(canonical('性别', '女')).toBe('2');
    expect(canonical('姓名', ' 張　偉 ')).toBe('张 伟');
    const g = survive(def, rules(), [
      rec('a', 1, '2024-01-01', { 身份证号: id15 }),
      rec('b', 2, '2024-01-02', { 身份证号: id18 }),
    ]);
    expect(g.conflicts).toEqual([]);
    expect(g.values['身份证号']).toBe(id18);
  });
});
