import { describe, expect, it } from 'vitest';
import { noisyPeople } from '../../src/demo/people-noise.ts';
import { makeIdCard } from '../../src/lib/validators/idcard.ts';
import { compare } from '../../src/modules/registries/matching/compare.ts';
import { defaultParameters, score } from '../../src/modules/registries/matching/model.ts';
import {
  chineseNumber,
  normalizeAddress,
  normalizeDate,
  normalizeIdNumber,
  normalizePerson,
  normalizePhone,
  upgradeIdNumber,
  type PersonFields,
} from '../../src/modules/registries/matching/normalize.ts';
import { Resolver } from '../../src/modules/registries/matching/resolver.ts';
import { trainFromRecords } from '../../src/modules/registries/matching/training.ts';

/** Pairwise precision and recall of the resolver's persons against the ground truth. */
function pairwise(records: { id: string; truth: number }[], personOf: (id: string) => string | undefined) {
  const groups = new Map<string, number[]>();
  for (const r of records) {
    const p = personOf(r.id)!;
    groups.set(p, [...(groups.get(p) ?? []), r.truth]);
  }
  const pairs = (n: number) => (n * (n - 1)) / 2;
  let predicted = 0;
  let correct = 0;
  for (const truths of groups.values()) {
    predicted += pairs(truths.length);
    const counts = new Map<number, number>();
    for (const t of truths) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const c of counts.values()) correct += pairs(c);
  }
  const truthCounts = new Map<number, number>();
  for (const r of records) truthCounts.set(r.truth, (truthCounts.get(r.truth) ?? 0) + 1);
  let actual = 0;
  for (const c of truthCounts.values()) actual += pairs(c);
  return { precision: correct / predicted, recall: correct / actual };
}

describe('normalizing source records', () => {
  it('upgrades a legacy 15-digit 身份证号 to the 18-digit number with its check digit', () => {
    const id18 = makeIdCard({ regionCode: '320706', birthDate: '1968-04-21', sequence: 123 });
    const id15 = id18.slice(0, 6) + id18.slice(8, 17);
    expect(upgradeIdNumber(id15)).toBe(id18);
    expect(normalizeIdNumber(id15)).toEqual({ idNumber: id18, idForm: '15', idRaw: null });
    expect(normalizeIdNumber(` ${id18.toLowerCase()} `).idNumber).toBe(id18);
    // A mistyped digit fails the check: kept aside, compared at a lower level, never taken as the number.
    const typo = id18.slice(0, 15) + ((Number(id18[15]) + 1) % 10) + id18.slice(16);
    expect(normalizeIdNumber(typo)).toEqual({ idNumber: null, idForm: 'bad', idRaw: typo });
    expect(normalizeIdNumber('')).toEqual({ idNumber: null, idForm: null, idRaw: null });
  });

  it('folds names, dates, phones and addresses written differently to one form', () => {
    const a = normalizePerson({
      姓名: '張 偉',
      性别: '1',
      出生日期: '1990年3月5日',
      手机号码: '+86 138-1234-5678',
    });
    const b = normalizePerson({ 姓名: '张伟', 性别: '男', 出生日期: '19900305', 手机号码: '13812345678' });
    expect(a.name).toBe('张伟');
    expect(a.namePinyin).toBe('zhang wei');
    expect([a.sex, a.birthDate, a.phone]).toEqual([b.sex, b.birthDate, b.phone]);
    expect(normalizeDate('1990-02-30')).toBeNull();
    expect(normalizePhone('010-1234567')).toBeNull();
    expect(normalizeAddress('江苏省连云港市海州区解放中路十二号3号楼二单元501户')).toBe(
      normalizeAddress('海州区 解放中路12号3栋2单元501室'),
    );
    expect(normalizeAddress('連雲港市海州區解放中路１２號')).toBe('海州区解放中路12号');
    expect([
      chineseNumber('十二'),
      chineseNumber('一百零五'),
      chineseNumber('二〇一'),
      chineseNumber('甲'),
    ]).toEqual([12, 105, 201, null]);
  });
});

describe('comparing two records', () => {
  const base = {
    姓名: '李晓明',
    身份证号: makeIdCard({ regionCode: '320706', birthDate: '1985-03-07', sequence: 101 }),
    出生日期: '1985-03-07',
    性别: '男',
    住址: '海州区解放中路12号3栋2单元501室',
    手机号码: '13812345678',
  };
  const levels = (other: PersonFields) =>
    compare(normalizePerson(base), normalizePerson({ ...base, ...other }));

  it('names the kind of agreement per field', () => {
    expect(levels({})).toEqual({ idNumber: 3, name: 3, birthDate: 2, sex: 1, address: 3, phone: 2 });
    expect(levels({ 姓名: '李筱明' }).name).toBe(2); // homophone
    expect(levels({ 姓名: '李小刚' }).name).toBe(0);
    expect(levels({ 出生日期: '1985-07-03' }).birthDate).toBe(1); // month and day swapped
    expect(levels({ 身份证号: base.身份证号.slice(0, 6) + base.身份证号.slice(8, 17) }).idNumber).toBe(2);
    const typo = base.身份证号.slice(0, 16) + ((Number(base.身份证号[16]) + 2) % 10) + base.身份证号[17];
    expect(levels({ 身份证号: typo }).idNumber).toBe(1);
    expect(levels({ 身份证号: null }).idNumber).toBeNull();
    expect(levels({ 手机号码: '13812345679' }).phone).toBe(1);
  });

  it('weighs agreement up and disagreement down, and explains each field', () => {
    const params = defaultParameters();
    const same = score(params, levels({}));
    const other = score(
      params,
      levels({ 姓名: '王强', 身份证号: null, 出生日期: '1970-01-01', 住址: '赣榆区青口镇', 手机号码: null }),
    );
    expect(same.probability).toBeGreaterThan(0.99);
    expect(other.probability).toBeLessThan(0.01);
    const byField = Object.fromEntries(other.evidence.map((e) => [e.field, e]));
    expect(byField.name).toMatchObject({ level: 0, agreement: 'different' });
    expect(byField.name!.weight).toBeLessThan(0);
    expect(byField.idNumber).toBeUndefined(); // missing on one side: no evidence either way
  });
});

describe('resolving people across sources', () => {
  const records = noisyPeople({ people: 1500, copies: 3, faultRate: 0.15 });
  const params = trainFromRecords(records.map((r) => normalizePerson(r.fields)));

  it('finds the same person in noisy sources with precision ≥ 0.99 and recall ≥ 0.98', () => {
    let n = 0;
    const resolver = new Resolver(params, () => `P${++n}`);
    for (const r of records) resolver.add(r.id, r.fields);
    const { precision, recall } = pairwise(records, (id) => resolver.personOf(id));
    expect(precision).toBeGreaterThanOrEqual(0.99);
    expect(recall).toBeGreaterThanOrEqual(0.98);
    // Every kind of fault was injected, and records carrying it were still found.
    const faults = new Set(records.flatMap((r) => r.faults));
    for (const f of [
      'legacy-id',
      'id-typo',
      'id-missing',
      'traditional',
      'homophone',
      'date-swap',
      'address-wording',
    ])
      expect(faults).toContain(f);
  });

  it('keeps person ids stable: later records join, a merge keeps the older id and redirects the other', () => {
    let n = 0;
    const resolver = new Resolver(params, () => `P${++n}`);
    const first = records.filter((r) => r.id.endsWith('-c0')).slice(0, 200);
    for (const r of first) resolver.add(r.id, r.fields);
    const before = new Map(first.map((r) => [r.id, resolver.personOf(r.id)]));
    for (const r of records.filter((r) => !r.id.endsWith('-c0') && r.truth < 200))
      resolver.add(r.id, r.fields);
    for (const [id, person] of before) expect(resolver.personOf(id)).toBe(person);

    const [a, b] = [resolver.personOf('p0-c0')!, resolver.personOf('p1-c0')!];
    expect(a).not.toBe(b);
    resolver.merge(b, a);
    expect(resolver.current(b)).toBe(a);
    expect(resolver.personOf('p1-c0')).toBe(a);
    expect(resolver.members(b)).toEqual(resolver.members(a));
  });

  it('answers a match request with candidates, a decision and the evidence, best first', () => {
    let n = 0;
    const resolver = new Resolver(params, () => `P${++n}`);
    for (const r of records.slice(0, 300)) resolver.add(r.id, r.fields);
    const target = records[0]!;
    const person = resolver.personOf(target.id)!;
    const found = resolver.candidates({
      姓名: target.fields.姓名,
      出生日期: target.fields.出生日期,
      住址: target.fields.住址,
    });
    expect(found[0]).toMatchObject({ personId: person });
    expect(found[0]!.score.evidence).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'name' })]),
    );
    const nobody = resolver.candidates({ 姓名: '欧阳无名', 出生日期: '1901-01-01' });
    expect(nobody.every((c) => c.decision === 'none')).toBe(true);
  });

  it('moves a record whose content changed, and forgets a removed one', () => {
    let n = 0;
    const resolver = new Resolver(params, () => `P${++n}`);
    for (const r of records.slice(0, 9)) resolver.add(r.id, r.fields);
    const someone = resolver.personOf('p0-c0')!;
    const other = records.find((r) => r.truth === 2)!;
    resolver.add('p0-c1', other.fields);
    expect(resolver.personOf('p0-c1')).toBe(resolver.personOf(other.id));
    expect(resolver.members(someone)).not.toContain('p0-c1');
    resolver.remove('p0-c2');
    expect(resolver.personOf('p0-c2')).toBeUndefined();
    expect(resolver.members(someone)).toEqual(['p0-c0']);
  });
});
