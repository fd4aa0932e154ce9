import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { buildDemoCatalog } from '../../src/demo/catalog/index.ts';
import { buildRegions } from '../../src/demo/city/index.ts';
import {
  DEMO_RECORD_RESOURCES,
  buildDemoRecords,
  demoRecordSet,
  frontDatabaseRows,
  personRow,
} from '../../src/demo/records/index.ts';
import type { DemoRecordSet, DemoRecordSetName } from '../../src/demo/records/index.ts';
import type { Item } from '../../src/modules/catalog/schema.ts';
import { compileRecordSchema } from '../../src/modules/exchange/validate.ts';
import { validateIdCard } from '../../src/lib/validators/index.ts';

type Row = Record<string, unknown>;

const catalog = buildDemoCatalog();
const OPTIONS = { people: 4000 };
const NOW_DATE = '2026-11-01';
const CITY_DISTRICTS = new Set(['320703', '320706', '320707', '320722', '320723', '320724']);
const REGION_CODES = new Set(buildRegions().map((r) => r.code));

function itemsOf(set: DemoRecordSet): Item[] {
  const resource = catalog.find((r) => r.departmentKey === set.departmentKey && r.name === set.resourceName);
  if (!resource) throw new Error(`no catalog resource ${set.departmentKey}/${set.resourceName}`);
  return resource.items.map((item, position) => ({ ...item, position }));
}

function rowsOf(set: DemoRecordSet): Row[] {
  return [...set.rows()];
}

function digest(rows: Iterable<Row>): string {
  const h = createHash('sha256');
  for (const row of rows) h.update(JSON.stringify(row)).update('\n');
  return h.digest('hex');
}

const sets = buildDemoRecords(OPTIONS);
const byName = Object.fromEntries(
  (Object.keys(DEMO_RECORD_RESOURCES) as DemoRecordSetName[]).map((name) => {
    const { departmentKey, resourceName } = DEMO_RECORD_RESOURCES[name];
    const set = sets.find((s) => s.departmentKey === departmentKey && s.resourceName === resourceName);
    if (!set) throw new Error(`missing set ${name}`);
    return [name, { set, rows: rowsOf(set) }];
  }),
) as Record<DemoRecordSetName, { set: DemoRecordSet; rows: Row[] }>;

const people = new Map(byName.population.rows.map((r) => [r['身份证号'] as string, r]));
const enterprises = new Map(byName.enterprises.rows.map((r) => [r['统一社会信用代码'] as string, r]));

/** Every row through the exchange validator, with keys unique across the set. */
function expectValid(set: DemoRecordSet, rows: readonly Row[]): void {
  const schema = compileRecordSchema(itemsOf(set), { today: new Date(`${NOW_DATE}T12:00:00+08:00`) });
  const keys = new Set<string>();
  const failures: unknown[] = [];
  rows.forEach((row, i) => {
    const result = schema.check(row, i + 1);
    if (!result.ok) failures.push(result.errors);
    else keys.add(result.key);
  });
  expect(failures.slice(0, 5)).toEqual([]);
  expect(keys.size).toBe(rows.length);
}

describe('demo records: the named data sets of the demo catalog', () => {
  it('has one set per named data set, each a resource of the demo catalog', () => {
    expect(sets.map((s) => `${s.departmentKey}/${s.resourceName}`)).toEqual([
      'gaj/人口基本信息',
      'gaj/户籍人口信息',
      'scjgj/企业法人登记信息',
      'mzj/婚姻登记信息',
      'jjzd/机动车登记信息',
      'sbzx/社会保险参保信息',
      'bdc/不动产登记信息',
      'gjj/住房公积金缴存信息',
    ]);
    for (const set of sets) expect(itemsOf(set).some((i) => i.isKey)).toBe(true);
  });

  it('counts what it yields, in the expected proportions', () => {
    for (const { set, rows } of Object.values(byName)) expect(rows.length, set.resourceName).toBe(set.count);
    expect(byName.population.set.count).toBe(4000);
    expect(byName.household.set.count).toBe(4000);
    expect(byName.enterprises.set.count).toBe(400);
    expect(byName.vehicles.set.count).toBe(1120);
    expect(byName.estate.set.count).toBe(1280);
    expect(byName.marriages.set.count).toBeGreaterThan(900);
    expect(byName.marriages.set.count).toBeLessThan(1600);
    expect(byName.insurance.set.count).toBeGreaterThan(5000);
    expect(byName.fund.set.count).toBeGreaterThan(600);
  });

  it('passes the exchange validator row by row, keys unique within each set', () => {
    for (const { set, rows } of Object.values(byName)) expectValid(set, rows);
  });

  it('fills most optional items and leaves some empty', () => {
    const items = itemsOf(byName.population.set);
    const optional = items.filter((i) => !i.required && i.dataType !== 'G');
    const rows = byName.population.rows;
    const filled = optional.map((i) => rows.filter((r) => r[i.name] !== undefined).length / rows.length);
    const share = filled.reduce((a, b) => a + b, 0) / filled.length;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.95);
    expect(rows.every((r) => Object.values(r).every((v) => v !== undefined && v !== null && v !== ''))).toBe(
      true,
    );
  });

  it('is deterministic: same options, same rows; another seed, other rows', () => {
    for (const set of buildDemoRecords(OPTIONS)) {
      const name = (Object.keys(DEMO_RECORD_RESOURCES) as DemoRecordSetName[]).find(
        (n) => DEMO_RECORD_RESOURCES[n].resourceName === set.resourceName,
      ) as DemoRecordSetName;
      expect(digest(set.rows()), set.resourceName).toBe(digest(byName[name].rows));
      // rows() starts afresh on every call.
      expect(digest(set.rows())).toBe(digest(byName[name].rows));
    }
    const other = demoRecordSet('population', { ...OPTIONS, seed: 7 });
    expect(digest(other.rows())).not.toBe(digest(byName.population.rows));
  }, 240_000);

  it('gives residents valid ID numbers from the city (and a few from elsewhere in Jiangsu)', () => {
    const rows = byName.population.rows;
    let elsewhere = 0;
    for (const r of rows) {
      const id = validateIdCard(r['身份证号'], { today: NOW_DATE });
      expect(id.ok).toBe(true);
      if (!id.ok) continue;
      expect(id.birthDate).toBe(r['出生日期']);
      expect(id.sex === 'male' ? '1' : '2').toBe(r['性别']);
      expect(id.regionCode.startsWith('32')).toBe(true);
      if (!CITY_DISTRICTS.has(id.regionCode)) elsewhere++;
      expect(CITY_DISTRICTS.has(r['户籍地行政区划代码'] as string)).toBe(true);
      if (r['联系电话'] !== undefined) expect(r['联系电话']).toMatch(/^1[3-9]\d{9}$/);
    }
    expect(elsewhere / rows.length).toBeGreaterThan(0.03);
    expect(elsewhere / rows.length).toBeLessThan(0.2);
    const names = new Set(rows.map((r) => r['姓名']));
    expect(names.size).toBeGreaterThan(rows.length / 4);
  });

  it('uses the demo city’s real region codes', () => {
    for (const r of byName.enterprises.rows) {
      expect(REGION_CODES.has(r['住所所在行政区划代码'] as string)).toBe(true);
    }
    for (const r of byName.population.rows)
      expect(REGION_CODES.has(r['户籍地行政区划代码'] as string)).toBe(true);
  });

  it('marries residents of the population: opposite sexes, of legal age, each at most once', () => {
    const seen = new Set<string>();
    const ageAt = (birth: string, day: string) =>
      Number(day.slice(0, 4)) - Number(birth.slice(0, 4)) - (day.slice(5) < birth.slice(5) ? 1 : 0);
    for (const m of byName.marriages.rows) {
      const day = m['登记日期'] as string;
      expect(day <= NOW_DATE).toBe(true);
      for (const [side, sex, minAge] of [
        ['男方', '1', 22],
        ['女方', '2', 20],
      ] as const) {
        const id = m[`${side}身份证号`] as string;
        const person = people.get(id);
        expect(person, id).toBeDefined();
        expect(person?.['姓名']).toBe(m[`${side}姓名`]);
        expect(person?.['性别']).toBe(sex);
        expect(person?.['出生日期']).toBe(m[`${side}出生日期`]);
        expect(ageAt(person?.['出生日期'] as string, day)).toBeGreaterThanOrEqual(minAge);
        expect(seen.has(id)).toBe(false);
        seen.add(id);
      }
      // The population register agrees: both married, each other's spouse where it says so.
      const man = people.get(m['男方身份证号'] as string);
      const woman = people.get(m['女方身份证号'] as string);
      if (man?.['婚姻状况'] !== undefined) expect(man['婚姻状况']).toBe('20');
      if (man?.['配偶身份证号'] !== undefined) expect(man['配偶身份证号']).toBe(m['女方身份证号']);
      if (woman?.['配偶姓名'] !== undefined) expect(woman['配偶姓名']).toBe(m['男方姓名']);
      if (man?.['户号'] !== undefined && woman?.['户号'] !== undefined)
        expect(man['户号']).toBe(woman['户号']);
    }
    // Nobody outside the marriage register is recorded as married.
    for (const r of byName.population.rows) {
      if (r['婚姻状况'] === '20') expect(seen.has(r['身份证号'] as string)).toBe(true);
    }
  });

  it('takes legal representatives, owners, insured and depositors from the population and employers from the register', () => {
    const samePerson = (id: unknown, name: unknown) => {
      const person = people.get(id as string);
      expect(person, String(id)).toBeDefined();
      expect(person?.['姓名']).toBe(name);
    };
    const names = new Set(byName.population.rows.map((r) => r['姓名']));
    for (const e of byName.enterprises.rows) {
      expect(names.has(e['法定代表人'])).toBe(true);
      if (e['法定代表人证件号码'] !== undefined) samePerson(e['法定代表人证件号码'], e['法定代表人']);
      expect((e['成立日期'] as string) <= NOW_DATE).toBe(true);
    }
    for (const v of byName.vehicles.rows) {
      const owner = v['所有人证件号码'] as string;
      if (owner.length === 18 && people.has(owner)) samePerson(owner, v['机动车所有人']);
      else expect(enterprises.get(owner)?.['企业名称']).toBe(v['机动车所有人']);
    }
    for (const r of byName.estate.rows) samePerson(r['权利人证件号码'], r['权利人']);
    for (const [set, unitName] of [
      [byName.insurance.rows, '参保单位名称'],
      [byName.fund.rows, '单位名称'],
    ] as const) {
      for (const r of set) {
        samePerson(r['身份证号'], r['姓名']);
        const employer = enterprises.get(r['单位统一社会信用代码'] as string);
        expect(employer?.['企业名称']).toBe(r[unitName]);
        expect(employer?.['登记状态']).toBe('存续（在营、开业、在册）');
      }
    }
    // Depositors are insured employees of the same employer.
    const insured = new Map(byName.insurance.rows.map((r) => [r['身份证号'], r['单位统一社会信用代码']]));
    for (const r of byName.fund.rows) expect(insured.get(r['身份证号'])).toBe(r['单位统一社会信用代码']);
  });

  it('gives each insured employee the same person and employer on every insurance row', () => {
    const byPerson = new Map<unknown, Row[]>();
    for (const r of byName.insurance.rows)
      byPerson.set(r['身份证号'], [...(byPerson.get(r['身份证号']) ?? []), r]);
    for (const rows of byPerson.values()) {
      expect(rows.length).toBeGreaterThanOrEqual(4);
      expect(new Set(rows.map((r) => r['单位统一社会信用代码'])).size).toBe(1);
    }
  });

  it('personRow(i) is the population set’s row i', () => {
    const rows = byName.population.rows;
    for (let i = 0; i < 500; i++) expect(personRow(i)).toEqual(rows[i]);
    expect(personRow(3)).toEqual(personRow(3));
    expect(personRow(3, 7)).not.toEqual(personRow(3));
  });

  it('streams a population of millions lazily', () => {
    const big = demoRecordSet('population', { people: 3_000_000 });
    expect(big.count).toBe(3_000_000);
    let n = 0;
    const ids = new Set<unknown>();
    for (const row of big.rows()) {
      ids.add(row['身份证号']);
      if (++n === 2000) break;
    }
    expect(ids.size).toBe(2000);
    // Far into the set, rows are computed directly (no earlier rows needed).
    const far = personRow(2_999_999);
    expect(validateIdCard(far['身份证号'], { today: NOW_DATE }).ok).toBe(true);
  });

  it('serves the provident-fund deposits as a front-database table with increasing updated_at', () => {
    const fund = byName.fund;
    const table = frontDatabaseRows(OPTIONS);
    const items = itemsOf(fund.set);
    expect(table.columns.map((c) => c.name)).toEqual([...items.map((i) => i.name), 'updated_at']);
    expect(table.columns.at(-1)?.sqlType).toBe('timestamptz');
    const rows = [...table.rows];
    expect(rows).toHaveLength(fund.rows.length);
    rows.forEach((values, r) => {
      items.forEach((item, j) => expect(values[j]).toEqual(fund.rows[r]?.[item.name] ?? null));
    });
    const stamps = rows.map((v) => v.at(-1) as string);
    for (let r = 1; r < stamps.length; r++)
      expect((stamps[r] as string) > (stamps[r - 1] as string)).toBe(true);
    expect(stamps.at(-1)).toBe('2026-11-01T00:00:00+08:00');
    const window = [...frontDatabaseRows({ ...OPTIONS, from: 100, count: 5 }).rows];
    expect(window).toEqual(rows.slice(100, 105));
  });
});

describe('demo records at the default size', () => {
  it('loads 20,000 residents and every set passes the exchange validator', () => {
    const all = buildDemoRecords();
    const counts = Object.fromEntries(all.map((s) => [s.resourceName, s.count]));
    expect(counts['人口基本信息']).toBe(20_000);
    expect(counts['企业法人登记信息']).toBe(2_000);
    for (const set of all) {
      const rows = rowsOf(set);
      expect(rows.length, set.resourceName).toBe(set.count);
      expectValid(set, rows);
    }
  }, 240_000);
});
