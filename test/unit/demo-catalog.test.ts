import { describe, it, expect } from 'vitest';
import { Value } from 'typebox/value';
import {
  DEMO_CATALOG_TOTALS,
  DEMO_NOW,
  buildDemoCatalog,
  toResourceInput,
} from '../../src/demo/catalog/index.ts';
import type { DemoResource } from '../../src/demo/catalog/index.ts';
import { buildDepartments } from '../../src/demo/city/index.ts';
import { ResourceInput } from '../../src/modules/catalog/schema.ts';
import {
  BASE_ITEMS,
  THEME_ITEMS,
  categoryOf,
  isValidClassCode,
} from '../../src/modules/catalog/classification.ts';
import { RECORD_FORMATS, UPDATE_CYCLES } from '../../src/modules/catalog/vocab.ts';

const catalog = buildDemoCatalog();
const departments = buildDepartments();
const itemTotal = (list: readonly DemoResource[]) => list.reduce((sum, r) => sum + r.items.length, 0);
const share = (predicate: (r: DemoResource) => boolean) => catalog.filter(predicate).length / catalog.length;
const byName = new Map(catalog.map((r) => [r.name, r]));

describe('demo resource catalog: the city’s published figures', () => {
  it('has exactly 1,071 resources and 12,492 items from exactly 60 departments', () => {
    expect(catalog).toHaveLength(1071);
    expect(itemTotal(catalog)).toBe(12492);
    expect(DEMO_CATALOG_TOTALS).toEqual({ departments: 60, resources: 1071, items: 12492 });
    const keys = new Set(catalog.map((r) => r.departmentKey));
    expect(keys.size).toBe(60);
    expect([...keys].sort()).toEqual(departments.map((d) => d.key).sort());
  });

  it('keeps the totals for other seeds too', () => {
    for (const seed of [1, 7, 2019]) {
      const other = buildDemoCatalog(seed);
      expect(other).toHaveLength(1071);
      expect(itemTotal(other)).toBe(12492);
      expect(new Set(other.map((r) => r.departmentKey)).size).toBe(60);
    }
  });

  it('distributes resources realistically: the big data holders provide many, small units few', () => {
    const count = (key: string) => catalog.filter((r) => r.departmentKey === key).length;
    for (const key of ['gaj', 'mzj', 'rsj', 'scjgj', 'zrghj', 'zjj', 'wjw', 'gjj', 'shuiwu']) {
      expect(count(key), key).toBeGreaterThanOrEqual(20);
    }
    for (const key of ['dfz', 'jzgl', 'yzj', 'xfj', 'rfb']) {
      expect(count(key), key).toBeLessThanOrEqual(6);
    }
    expect(count('gaj')).toBe(Math.max(...departments.map((d) => count(d.key))));
  });

  it('is deterministic: same seed → deep-equal output; another seed → another draw', () => {
    expect(buildDemoCatalog(2018)).toEqual(catalog);
    expect(buildDemoCatalog(2018, DEMO_NOW)).toEqual(catalog);
    const other = buildDemoCatalog(2019);
    expect(other.map((r) => r.name)).not.toEqual(catalog.map((r) => r.name));
  });

  it('shares no state between builds: changing one catalog leaves the next build untouched', () => {
    const first = buildDemoCatalog(42);
    const copy = structuredClone(first);
    first[0]!.items.push({ ...first[0]!.items[0]!, name: '改动' });
    first[1]!.name = '改动';
    expect(buildDemoCatalog(42)).toEqual(copy);
  });
});

describe('demo resource catalog: the data sets the city named', () => {
  // [name, departments that may provide it, key items, items that must be present]
  const named: ReadonlyArray<readonly [string, readonly string[], readonly string[], readonly string[]]> = [
    [
      '婚姻登记信息',
      ['mzj', 'hydj'],
      ['结婚证字号'],
      ['登记机关', '男方姓名', '男方身份证号', '女方姓名', '女方身份证号', '登记日期'],
    ],
    ['人口基本信息', ['gaj'], ['身份证号'], ['姓名', '性别', '民族', '出生日期', '户籍地址']],
    ['户籍人口信息', ['gaj'], ['身份证号'], ['户号', '与户主关系']],
    ['机动车登记信息', ['gaj', 'jjzd'], ['号牌种类', '号牌号码'], ['车辆识别代号', '机动车所有人']],
    ['驾驶人信息', ['gaj', 'jjzd'], ['身份证号'], ['准驾车型', '初次领证日期']],
    ['社会保险参保信息', ['rsj', 'sbzx'], ['身份证号', '险种类型'], ['参保单位名称', '参保状态', '缴费基数']],
    [
      '企业法人登记信息',
      ['scjgj'],
      ['统一社会信用代码'],
      ['企业名称', '法定代表人', '注册资本（万元）', '成立日期', '住所'],
    ],
    ['不动产登记信息', ['zrghj', 'bdc'], ['不动产单元号'], ['不动产权证书号', '权利人', '坐落']],
    ['商品房预售许可信息', ['zjj'], ['预售许可证号'], ['项目名称', '开发企业名称']],
    ['商品房网签备案信息', ['zjj'], ['合同备案号'], ['买受人姓名', '合同总价']],
    ['排污许可信息', ['sthjj'], ['排污许可证编号'], ['单位名称', '统一社会信用代码', '有效期至']],
    ['建设项目环境影响评价审批信息', ['sthjj'], ['审批文号'], ['项目名称', '建设单位', '审批日期']],
    ['居民电子健康档案信息', ['wjw'], ['健康档案编号'], ['身份证号', '姓名', '建档日期']],
    ['住房公积金缴存信息', ['gjj'], ['个人公积金账号'], ['身份证号', '缴存基数', '月缴存额', '账户余额']],
  ];

  it.each(named)(
    '%s is provided by the right department with its key items',
    (name, keys, keyItems, columns) => {
      const resource = byName.get(name);
      expect(resource, name).toBeDefined();
      if (!resource) return;
      expect(keys).toContain(resource.departmentKey);
      const itemNames = resource.items.map((i) => i.name);
      expect(resource.items.filter((i) => i.isKey).map((i) => i.name)).toEqual(keyItems);
      for (const column of columns) expect(itemNames, `${name}.${column}`).toContain(column);
      expect(resource.summary.length).toBeGreaterThan(30);
    },
  );

  it('tags the identifying columns of the named data sets', () => {
    const marriage = byName.get('婚姻登记信息');
    const groom = marriage?.items.find((i) => i.name === '男方身份证号');
    expect(groom).toMatchObject({
      semanticTag: 'id_card',
      sensitive: true,
      required: true,
      dataType: 'C',
      length: 18,
    });
    const enterprise = byName.get('企业法人登记信息');
    expect(enterprise?.items.find((i) => i.name === '统一社会信用代码')).toMatchObject({
      semanticTag: 'uscc',
      isKey: true,
      length: 18,
    });
    expect(enterprise?.items.find((i) => i.name === '成立日期')).toMatchObject({
      dataType: 'D',
      semanticTag: 'date',
    });
    expect(enterprise?.items.find((i) => i.name === '注册资本（万元）')?.dataType).toBe('Y');
    expect(enterprise?.items.find((i) => i.name === '经营范围')?.dataType).toBe('M');
  });
});

describe('demo resource catalog: every resource is a valid catalog entry', () => {
  it('passes the ResourceInput schema', () => {
    const departmentId = '00000000-0000-4000-8000-000000000000';
    for (const resource of catalog) {
      const input = toResourceInput(resource, departmentId);
      expect(Value.Check(ResourceInput, input), resource.name).toBe(true);
      expect(input).not.toHaveProperty('departmentKey');
      expect(input).not.toHaveProperty('lastDataChangeAt');
    }
  });

  it('has unique names city-wide and unique item names within each resource', () => {
    expect(byName.size).toBe(catalog.length);
    for (const r of catalog) expect(new Set(r.items.map((i) => i.name)).size, r.name).toBe(r.items.length);
  });

  it('has 3–40 items per resource, about 11.7 on average, with real variation', () => {
    const counts = catalog.map((r) => r.items.length);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...counts)).toBeLessThanOrEqual(40);
    expect(Math.min(...counts)).toBeLessThanOrEqual(5);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(30);
    expect(itemTotal(catalog) / catalog.length).toBeCloseTo(11.66, 1);
  });

  it('gives every record format (database, spreadsheet, service interface) a key', () => {
    for (const r of catalog) {
      if (!RECORD_FORMATS.includes(r.formatCategory)) continue;
      const keys = r.items.filter((i) => i.isKey);
      expect(keys.length, r.name).toBeGreaterThanOrEqual(1);
      for (const key of keys) expect(key.required, `${r.name}.${key.name}`).toBe(true);
    }
  });

  it('uses data types sensibly, with lengths only for C, N and Y', () => {
    for (const r of catalog) {
      for (const item of r.items) {
        const where = `${r.name}.${item.name}`;
        if (['C', 'N', 'Y'].includes(item.dataType)) expect(item.length, where).toBeGreaterThan(0);
        else expect(item.length, where).toBeNull();
        if (item.name.endsWith('日期')) expect(item.dataType, where).toBe('D');
        if (item.name.endsWith('时间')) expect(item.dataType, where).toBe('T');
        if (item.name.endsWith('金额') || item.name.endsWith('（万元）'))
          expect(item.dataType, where).toBe('Y');
        if (item.dataType === 'D') expect(item.semanticTag, where).toBe('date');
      }
    }
  });

  it('tags ID-number, credit-code, name and contact columns and marks personal ones sensitive', () => {
    let idCards = 0;
    let usccs = 0;
    for (const r of catalog) {
      for (const item of r.items) {
        const where = `${r.name}.${item.name}`;
        if (item.name.endsWith('身份证号')) {
          idCards++;
          expect(item.semanticTag, where).toBe('id_card');
          expect(item.sensitive, where).toBe(true);
          expect(item.length, where).toBe(18);
        }
        if (item.name.endsWith('统一社会信用代码')) {
          usccs++;
          expect(item.semanticTag, where).toBe('uscc');
          expect(item.length, where).toBe(18);
        }
        if (item.name.endsWith('姓名'))
          expect([item.semanticTag, item.sensitive], where).toEqual(['person_name', true]);
        if (item.name.endsWith('手机号码'))
          expect([item.semanticTag, item.sensitive], where).toEqual(['mobile', true]);
        if (item.name.endsWith('行政区划代码')) expect(item.semanticTag, where).toBe('region_code');
      }
    }
    expect(idCards).toBeGreaterThan(100);
    expect(usccs).toBeGreaterThan(100);
  });
});

describe('demo resource catalog: classification, formats and sharing', () => {
  it('classifies every resource with a valid 6-digit code (类 + 项 + 目)', () => {
    const numberOf = new Map(departments.map((d, i) => [d.key, String(i + 1).padStart(2, '0')]));
    for (const r of catalog) {
      expect(r.classCode, r.name).toMatch(/^[123][0-9]{5}$/);
      expect(isValidClassCode(r.classCode), r.classCode).toBe(true);
      const item = r.classCode.slice(1, 3);
      if (r.classCode[0] === '1') expect(Object.keys(BASE_ITEMS)).toContain(item);
      if (r.classCode[0] === '2') expect(Object.keys(THEME_ITEMS)).toContain(item);
      if (r.classCode[0] === '3') expect(item, r.name).toBe(numberOf.get(r.departmentKey));
      expect(r.classCode.slice(3)).not.toBe('000');
    }
    const categories = catalog.map((r) => categoryOf(r.classCode));
    const departmental = categories.filter((c) => c === 'department').length / catalog.length;
    expect(departmental).toBeGreaterThan(0.5);
    for (const base of Object.keys(BASE_ITEMS)) {
      expect(
        catalog.some((r) => r.classCode.startsWith(`1${base}`)),
        `base ${base}`,
      ).toBe(true);
    }
    expect(categories.filter((c) => c === 'theme').length).toBeGreaterThan(50);
    expect(byName.get('人口基本信息')?.classCode.slice(0, 3)).toBe('101');
    expect(byName.get('企业法人登记信息')?.classCode.slice(0, 3)).toBe('102');
  });

  it('is mostly databases and spreadsheets, with fitting format details and sharing methods', () => {
    expect(
      share((r) => r.formatCategory === 'database' || r.formatCategory === 'spreadsheet'),
    ).toBeGreaterThan(0.7);
    for (const format of ['service_api', 'electronic_file', 'image', 'self_describing'] as const) {
      expect(
        catalog.some((r) => r.formatCategory === format),
        format,
      ).toBe(true);
    }
    for (const r of catalog) {
      expect(r.formatDetail.length, r.name).toBeGreaterThan(0);
      if (r.formatCategory === 'service_api') expect(r.sharingMethod).toBe('api');
      if (['spreadsheet', 'electronic_file', 'image'].includes(r.formatCategory))
        expect(r.sharingMethod).toBe('file');
      if (r.formatCategory === 'database') expect(['database', 'api']).toContain(r.sharingMethod);
    }
  });

  it('shares about 60% on conditions, 33% unconditionally and 7% not at all, each with its text', () => {
    expect(share((r) => r.sharingType === 'conditional')).toBeCloseTo(0.6, 1);
    expect(share((r) => r.sharingType === 'unconditional')).toBeCloseTo(0.33, 1);
    const none = share((r) => r.sharingType === 'none');
    expect(none).toBeGreaterThan(0.06);
    expect(none).toBeLessThan(0.08);
    for (const r of catalog) {
      if (r.sharingType === 'unconditional') expect(r.sharingCondition, r.name).toBeNull();
      if (r.sharingType === 'conditional') expect(r.sharingCondition, r.name).toMatch(/审核|协议|授权/);
      if (r.sharingType === 'none') expect(r.sharingCondition, r.name).toMatch(/^依据《.+》/);
    }
  });

  it('opens 77 resources from 28 departments to the public, a third on conditions, never personal data', () => {
    // 公共数据开放: the source city opened 77 resources from 28 departments; the same for every seed.
    for (const list of [catalog, buildDemoCatalog(7), buildDemoCatalog(2019)]) {
      const opened = list.filter((r) => r.openType !== 'closed');
      expect(opened).toHaveLength(77);
      expect(new Set(opened.map((r) => r.departmentKey)).size).toBe(28);
      expect(opened.filter((r) => r.openType === 'conditional')).toHaveLength(26);
      for (const r of opened) {
        // Served as records from the exchange: shared, in a record format, without personal data.
        expect(r.sharingType, r.name).not.toBe('none');
        expect(RECORD_FORMATS, r.name).toContain(r.formatCategory);
        expect(
          r.items.filter((i) => i.sensitive).map((i) => i.name),
          r.name,
        ).toEqual([]);
        expect(r.name).not.toMatch(/户籍|户口|人口信息|健康|社会保险|参保|婚姻|病|犯罪/);
      }
      // What cities open: statistics, facilities on the map, licences and 双公示 penalties, monitoring feeds.
      const has = (name: string) => opened.filter((r) => r.items.some((i) => i.name === name)).length;
      expect(has('统计期')).toBeGreaterThanOrEqual(8);
      expect(has('经度')).toBeGreaterThanOrEqual(8);
      expect(has('行政许可决定文书号')).toBeGreaterThanOrEqual(8);
      expect(has('行政处罚决定书文号')).toBeGreaterThanOrEqual(2);
      expect(has('监测时间')).toBeGreaterThanOrEqual(4);
    }
    for (const r of catalog) {
      if (r.sharingType === 'none') expect(r.openType, r.name).toBe('closed');
      if (r.openType === 'conditional') expect(r.openCondition, r.name).toBeTruthy();
      else expect(r.openCondition, r.name).toBeNull();
    }
  });

  it('mixes update cycles: real-time feeds, daily registrations, periodic statistics, irregular documents', () => {
    for (const cycle of UPDATE_CYCLES.map((c) => c.value)) {
      expect(
        catalog.some((r) => r.updateCycle === cycle),
        cycle,
      ).toBe(true);
    }
    expect(byName.get('110接处警信息')?.updateCycle).toBe('realtime');
    expect(share((r) => r.updateCycle === 'daily')).toBeGreaterThan(0.2);
  });

  it('leaves related codes to the platform and gives plausible local contacts', () => {
    for (const r of catalog) {
      expect(r.relatedCodes).toEqual([]);
      expect(r.contactName, r.name).toMatch(/^\p{Script=Han}{2,4}$/u);
      expect(r.contactPhone, r.name).toMatch(/^0518-85\d{6}$/);
    }
  });
});

describe('demo resource catalog: data freshness', () => {
  const overdueDays = new Map(UPDATE_CYCLES.map((c) => [c.value, c.overdueDays]));
  const ageDays = (r: DemoResource) =>
    (DEMO_NOW.getTime() - Date.parse(r.lastDataChangeAt ?? '')) / 86_400_000;

  it('dates every change before now, about 2% unknown', () => {
    const unknown = share((r) => r.lastDataChangeAt === null);
    expect(unknown).toBeGreaterThan(0.01);
    expect(unknown).toBeLessThan(0.03);
    for (const r of catalog) {
      if (r.lastDataChangeAt === null) continue;
      expect(Number.isNaN(Date.parse(r.lastDataChangeAt)), r.name).toBe(false);
      expect(ageDays(r), r.name).toBeGreaterThan(0);
    }
  });

  it('has about 8% overdue for their update cycle', () => {
    const overdue = catalog.filter((r) => {
      const limit = overdueDays.get(r.updateCycle);
      return r.lastDataChangeAt !== null && limit !== null && limit !== undefined && ageDays(r) > limit;
    });
    expect(overdue.length / catalog.length).toBeGreaterThan(0.07);
    expect(overdue.length / catalog.length).toBeLessThan(0.09);
  });

  it('is relative to the given now', () => {
    const later = new Date(DEMO_NOW.getTime() + 10 * 86_400_000);
    const shifted = buildDemoCatalog(2018, later);
    const first = catalog.find((r) => r.lastDataChangeAt !== null);
    const moved = shifted.find((r) => r.name === first?.name);
    expect(Date.parse(moved?.lastDataChangeAt ?? '') - Date.parse(first?.lastDataChangeAt ?? '')).toBe(
      10 * 86_400_000,
    );
  });
});
