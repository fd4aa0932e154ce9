import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  CITY_CODE,
  DISTRICT_CODES,
  MIN_VILLAGES_PER_TOWN,
  buildDepartments,
  buildRegions,
  makePeople,
  makePerson,
} from '../../src/demo/city/index.ts';
import type { DemoRegion } from '../../src/demo/city/index.ts';
import { Random } from '../../src/lib/random.ts';
import {
  regionLevel,
  validateIdCard,
  validateRegionCode,
  validateUscc,
} from '../../src/lib/validators/index.ts';

describe('demo departments', () => {
  const departments = buildDepartments();

  it('has exactly 60 departments with unique keys, names, short names and USCCs', () => {
    expect(departments).toHaveLength(60);
    for (const field of ['key', 'name', 'shortName', 'fullName', 'uscc'] as const) {
      expect(new Set(departments.map((d) => d[field])).size).toBe(60);
    }
  });

  it('gives every department a valid USCC from the city’s 机构编制 registry', () => {
    for (const d of departments) {
      const result = validateUscc(d.uscc);
      expect(result.ok, `${d.name} ${d.uscc}`).toBe(true);
      if (!result.ok) continue;
      expect(result.registrationAuthority).toBe('1');
      expect(result.orgType).toBe(d.kind === 'agency' ? '1' : '2');
      expect(result.regionCode).toBe(CITY_CODE);
    }
  });

  it('uses ASCII slug keys and parents that exist', () => {
    const keys = new Set(departments.map((d) => d.key));
    for (const d of departments) {
      expect(d.key).toMatch(/^[a-z][a-z0-9]*$/);
      if (d.parentKey !== undefined) {
        expect(keys.has(d.parentKey)).toBe(true);
        expect(d.parentKey).not.toBe(d.key);
      }
    }
  });

  it('includes the named bureaus and exactly one platform operator', () => {
    const byName = new Map(departments.map((d) => [d.name, d]));
    for (const name of [
      '市公安局',
      '市民政局',
      '市人力资源和社会保障局',
      '市市场监督管理局',
      '市卫生健康委员会',
      '市住房公积金管理中心',
    ]) {
      expect(byName.has(name), name).toBe(true);
    }
    expect(byName.get('市公安局')?.key).toBe('gaj');
    expect(byName.get('市人力资源和社会保障局')?.shortName).toBe('人社局');
    expect(byName.get('市公安局')?.fullName).toBe('连云港市公安局');
    expect(departments.filter((d) => d.operator).map((d) => d.name)).toEqual(['市信息中心']);
    expect(byName.get('市不动产登记中心')?.parentKey).toBe(byName.get('市自然资源和规划局')?.key);
  });

  it('is deterministic', () => {
    expect(buildDepartments()).toEqual(departments);
  });
});

describe('demo regions', () => {
  const regions = buildRegions();
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const at = (level: DemoRegion['level']) => regions.filter((r) => r.level === level);

  it('has the city, 6 districts/counties, 101 towns and 1,659 villages', () => {
    expect(at('city')).toEqual([{ code: '320700', name: '连云港市', level: 'city', parentCode: null }]);
    expect(at('district').map((d) => `${d.code} ${d.name}`)).toEqual([
      '320703 连云区',
      '320706 海州区',
      '320707 赣榆区',
      '320722 东海县',
      '320723 灌云县',
      '320724 灌南县',
    ]);
    expect([...DISTRICT_CODES]).toEqual(at('district').map((d) => d.code));
    expect(at('town')).toHaveLength(101);
    expect(at('village')).toHaveLength(1659);
    expect(byCode.size).toBe(regions.length);
  });

  it('keeps real names where known', () => {
    const names = new Set(at('town').map((t) => `${t.parentCode} ${t.name}`));
    expect(names.has('320706 新海街道')).toBe(true);
    expect(names.has('320722 牛山街道')).toBe(true);
  });

  it('links every code to an existing parent whose code it extends', () => {
    const expectedParentLevel = { district: 'city', town: 'district', village: 'town' } as const;
    const codeLength = { city: 6, district: 6, town: 9, village: 12 } as const;
    for (const r of regions) {
      expect(r.code).toHaveLength(codeLength[r.level]);
      if (r.level === 'city') continue;
      const parent = byCode.get(r.parentCode ?? '');
      expect(parent?.level, r.code).toBe(expectedParentLevel[r.level]);
      if (!parent) continue;
      const prefix = r.level === 'district' ? parent.code.slice(0, 4) : parent.code;
      expect(r.code.startsWith(prefix), r.code).toBe(true);
    }
  });

  it('uses well-formed GB/T 2260 / GB/T 10114 codes', () => {
    for (const r of regions) {
      if (r.code.length === 6) expect(validateRegionCode(r.code).ok).toBe(true);
      expect(regionLevel(r.code)).toBe(
        { city: 'prefecture', district: 'county', town: 'town', village: 'village' }[r.level],
      );
    }
    for (const t of at('town')) {
      const seq = Number(t.code.slice(6));
      const expected = t.name.endsWith('街道') ? [1, 99] : t.name.endsWith('镇') ? [100, 199] : [200, 399];
      expect(seq, t.name).toBeGreaterThanOrEqual(expected[0] ?? 0);
      expect(seq, t.name).toBeLessThanOrEqual(expected[1] ?? 0);
    }
    for (const v of at('village')) {
      const seq = Number(v.code.slice(9));
      if (v.name.endsWith('社区')) expect(seq).toBeLessThan(200);
      else {
        expect(v.name.endsWith('村'), v.name).toBe(true);
        expect(seq).toBeGreaterThanOrEqual(200);
      }
    }
  });

  it('keeps names unique within each parent and gives every town at least 5 villages', () => {
    const namesByParent = new Map<string, string[]>();
    for (const r of regions) {
      const key = r.parentCode ?? '';
      namesByParent.set(key, [...(namesByParent.get(key) ?? []), r.name]);
    }
    for (const [parent, names] of namesByParent) expect(new Set(names).size, parent).toBe(names.length);
    for (const t of at('town')) {
      expect(namesByParent.get(t.code)?.length ?? 0, t.name).toBeGreaterThanOrEqual(MIN_VILLAGES_PER_TOWN);
    }
  });

  it('gives counties more towns than districts', () => {
    const count = (code: string) => at('town').filter((t) => t.parentCode === code).length;
    const districts = ['320703', '320706', '320707'].map(count);
    const counties = ['320722', '320723', '320724'].map(count);
    expect(Math.min(...counties)).toBeGreaterThanOrEqual(Math.min(...districts));
    expect(counties.reduce((a, b) => a + b)).toBeGreaterThan(districts.reduce((a, b) => a + b));
  });

  it('is deterministic per seed and keeps the shape for any seed', () => {
    expect(buildRegions()).toEqual(regions);
    expect(buildRegions(2018)).toEqual(regions);
    const other = buildRegions(7);
    expect(other).not.toEqual(regions);
    expect(other.filter((r) => r.level === 'town')).toHaveLength(101);
    expect(other.filter((r) => r.level === 'village')).toHaveLength(1659);
  });
});

describe('demo people', () => {
  it('makes people with valid IDs consistent with sex, birth date and region', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const person = makePerson(new Random(seed), DISTRICT_CODES);
        const id = validateIdCard(person.idCard, { today: '2025-01-01' });
        expect(id.ok).toBe(true);
        if (!id.ok) return;
        expect(id.sex).toBe(person.sex);
        expect(id.birthDate).toBe(person.birthDate);
        expect(id.regionCode).toBe(person.regionCode);
        expect(DISTRICT_CODES).toContain(person.regionCode);
        expect(person.birthDate >= '1940-01-01' && person.birthDate <= '2010-12-31').toBe(true);
        expect(person.mobile).toMatch(/^1[3-9]\d{9}$/);
        expect(person.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
      }),
      { numRuns: 300 },
    );
  });

  it('makePeople gives distinct IDs, deterministically, with both sexes', () => {
    const people = makePeople(new Random(2018), DISTRICT_CODES, 5000);
    expect(people).toHaveLength(5000);
    expect(new Set(people.map((p) => p.idCard)).size).toBe(5000);
    expect(makePeople(new Random(2018), DISTRICT_CODES, 5000)).toEqual(people);
    const males = people.filter((p) => p.sex === 'male').length;
    expect(males).toBeGreaterThan(2300);
    expect(males).toBeLessThan(2700);
  });
});
