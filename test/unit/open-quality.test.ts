import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/modules/open/datasets.ts';
import {
  assessQuality,
  QUALITY_CRITERIA,
  rankDepartments,
  type QualityInput,
} from '../../src/modules/open/quality.ts';
import type { QualityCriterionIdT } from '../../src/modules/open/quality-schema.ts';
import { buildItem } from '../support/catalog.ts';

/** A catalog item as a published resource holds it. */
const item = (o: Parameters<typeof buildItem>[0]) => ({ ...buildItem(o), position: 0 });

const NOW = new Date('2026-06-30T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

/** A dataset that meets every criterion; each case below breaks one thing. */
function input(
  overrides: Partial<QualityInput['resource']> = {},
  rest: Partial<QualityInput> = {},
): QualityInput {
  return {
    resource: {
      name: '便民服务点信息',
      summary: '全市各县区便民服务点的名称、地址、服务内容、开放时间和年度服务金额，供市民查询就近办事地点。',
      items: [
        item({ name: '编号', isKey: true, description: '服务点的统一编号' }),
        item({ name: '名称', description: '服务点的登记名称' }),
        item({ name: '金额（元）', dataType: 'N', description: '年度服务金额' }),
        item({ name: '人数', dataType: 'I', description: '年服务人数，单位：人次' }),
      ],
      openCondition: null,
      updateCycle: 'monthly',
      formatCategory: 'database',
      lastDataChangeAt: daysAgo(3),
      contactName: '李静',
      contactPhone: '0518-85800000',
      classCode: '201001',
      ...overrides,
    },
    openType: 'open',
    recordsHeld: 40,
    lastChangeAt: daysAgo(3),
    ...rest,
  };
}

const pick = (i: QualityInput, id: QualityCriterionIdT) =>
  assessQuality(i, NOW).criteria.find((c) => c.id === id)!;

describe('open data quality score', () => {
  it('weights add up to 100, and a dataset meeting every criterion scores 100 with nothing to improve', () => {
    expect(QUALITY_CRITERIA.reduce((n, c) => n + c.weight, 0)).toBe(100);
    const q = assessQuality(input(), NOW);
    expect(q.score).toBe(100);
    expect(q.criteria.map((c) => c.id)).toEqual(QUALITY_CRITERIA.map((c) => c.id));
    for (const c of q.criteria) {
      expect(c).toMatchObject({ status: 'passed', points: c.weight, improve: null });
      expect(c.reason.zh).not.toBe('');
      expect(c.reason.en).not.toBe('');
    }
  });

  it('licence: 无条件开放 under the portal licence; 有条件开放 needs its conditions stated', () => {
    expect(pick(input(), 'license').reason.zh).toContain('Creative Commons');
    const stated = pick(input({ openCondition: '仅限研究用途' }, { openType: 'conditional' }), 'license');
    expect(stated).toMatchObject({ status: 'passed', points: 10 });
    expect(stated.reason.zh).toContain('仅限研究用途');
    const missing = pick(input({ openCondition: '  ' }, { openType: 'conditional' }), 'license');
    expect(missing).toMatchObject({ status: 'failed', points: 0 });
    expect(missing.improve?.zh).toContain('开放条件');
  });

  it('description: long enough to say something, and not the title again', () => {
    expect(pick(input({ summary: '便民服务点的名称和地址信息' }), 'description')).toMatchObject({
      status: 'partial',
      points: 8,
    });
    expect(pick(input({ summary: '服务点' }), 'description')).toMatchObject({ status: 'failed', points: 0 });
    const echo = pick(input({ summary: '便民服务点信息。便民服务点信息' }), 'description');
    expect(echo).toMatchObject({ status: 'failed' });
    expect(echo.reason.zh).toContain('重复');
  });

  it('documented items: the share described, and units for numeric items', () => {
    const items = input().resource.items;
    // Half the items described; 人数 lost its unit with its description: 15 × (0.7 × 0.5 + 0.3 × 0.5) = 7.5 → 8.
    const half = pick(
      input({
        items: items.map((i, n) => (n % 2 ? { ...i, description: null } : i)).map((i) => ({ ...i })),
      }),
      'items',
    );
    expect(half.reason.zh).toContain('4 个数据项中 2 个有说明');
    expect(half).toMatchObject({ status: 'partial', points: 8 });
    // A description that only repeats the name is no description.
    const echoed = pick(input({ items: items.map((i) => ({ ...i, description: i.name })) }), 'items');
    expect(echoed.reason.zh).toContain('4 个数据项中 0 个有说明');
    // Only 金额（元） still names its unit: 15 × 0.3 × 0.5 = 2.25 → 2.
    expect(echoed.points).toBe(2);
    // Numeric items without a unit in the name or description.
    const noUnits = pick(
      input({
        items: [
          item({ name: '编号', isKey: true, description: '服务点编号' }),
          item({ name: '金额', dataType: 'Y', description: '年度服务金额' }),
        ],
      }),
      'items',
    );
    expect(noUnits).toMatchObject({ status: 'partial', points: 11 });
    expect(noUnits.reason.zh).toContain('1 个数值项中 0 个注明了计量单位');
    expect(noUnits.improve?.zh).toContain('注明单位');
    // Without numeric items only descriptions count.
    const textOnly = pick(
      input({ items: [item({ name: '编号', isKey: true, description: null })] }),
      'items',
    );
    expect(textOnly).toMatchObject({ status: 'failed', points: 0 });
  });

  it('update cycle kept: the last change within the cycle, overdue, long overdue, never, irregular', () => {
    // Monthly: on time within 32 days.
    expect(pick(input({}, { lastChangeAt: daysAgo(30) }), 'updateCycle').status).toBe('passed');
    expect(
      pick(input({ lastDataChangeAt: null }, { lastChangeAt: daysAgo(40) }), 'updateCycle'),
    ).toMatchObject({ status: 'partial', points: 8 });
    expect(
      pick(input({ lastDataChangeAt: null }, { lastChangeAt: daysAgo(70) }), 'updateCycle'),
    ).toMatchObject({ status: 'failed', points: 0 });
    const never = pick(input({ lastDataChangeAt: null }, { lastChangeAt: null }), 'updateCycle');
    expect(never).toMatchObject({ status: 'failed' });
    expect(never.reason.zh).toContain('尚无数据更新');
    // The later of the exchange's and the catalog's records of the change counts.
    expect(
      pick(input({ lastDataChangeAt: daysAgo(1) }, { lastChangeAt: daysAgo(70) }), 'updateCycle').status,
    ).toBe('passed');
    const irregular = pick(input({ updateCycle: 'irregular' }), 'updateCycle');
    expect(irregular).toMatchObject({ status: 'partial', points: 8 });
    expect(irregular.improve?.zh).toContain('更新周期');
  });

  it('open formats: record formats are served as CSV and JSON; files are not', () => {
    expect(pick(input({ formatCategory: 'spreadsheet' }), 'formats').status).toBe('passed');
    expect(pick(input({ formatCategory: 'electronic_file' }), 'formats')).toMatchObject({
      status: 'failed',
      points: 0,
    });
  });

  it('downloads reachable: the exchange holds records', () => {
    expect(pick(input({}, { recordsHeld: 0 }), 'downloads')).toMatchObject({ status: 'failed', points: 0 });
    expect(pick(input({}, { recordsHeld: 7 }), 'downloads').reason.zh).toBe('可下载 7 条记录');
    expect(
      pick(input({ openCondition: '研究' }, { openType: 'conditional', recordsHeld: 7 }), 'downloads').reason
        .zh,
    ).toContain('经批准的开发者');
  });

  it('timeliness: the age of the data', () => {
    const at = (days: number) =>
      pick(
        input({ lastDataChangeAt: null, updateCycle: 'irregular' }, { lastChangeAt: daysAgo(days) }),
        'timeliness',
      );
    expect(at(365)).toMatchObject({ status: 'passed', points: 10 });
    expect(at(400)).toMatchObject({ status: 'partial', points: 5 });
    expect(at(800)).toMatchObject({ status: 'failed', points: 0 });
    expect(at(800).reason.zh).toContain('800 天');
  });

  it('contact point and theme', () => {
    expect(pick(input({ contactPhone: null }), 'contact')).toMatchObject({ status: 'partial', points: 3 });
    expect(pick(input({ contactName: ' ', contactPhone: null }), 'contact').status).toBe('failed');
    expect(pick(input({ classCode: '101001' }), 'theme').reason.zh).toContain('人口');
    expect(pick(input({ classCode: '307001' }), 'theme')).toMatchObject({ status: 'partial', points: 3 });
  });

  it('a dataset failing several criteria scores the sum of the rest', () => {
    const q = assessQuality(
      input({ summary: '服务点', contactName: null, contactPhone: null }, { recordsHeld: 0 }),
      NOW,
    );
    expect(q.score).toBe(100 - 15 - 15 - 5);
    expect(q.criteria.filter((c) => c.status === 'failed').map((c) => c.id)).toEqual([
      'description',
      'downloads',
      'contact',
    ]);
  });

  it('ranks departments by their average, one decimal, equal averages sharing a rank', () => {
    const ds = (name: string, org: string) =>
      ({
        name,
        resource: { name: `数据${name}` },
        organization: { id: org, name: org, title: `部门${org}`, shortName: org },
      }) as unknown as Dataset;
    const q = (score: number) => ({ score, criteria: [] });
    const ranked = rankDepartments([
      { ds: ds('a1', 'a'), quality: q(90) },
      { ds: ds('a2', 'a'), quality: q(71) },
      { ds: ds('b1', 'b'), quality: q(95) },
      { ds: ds('c1', 'c'), quality: q(80.5) },
      { ds: ds('d1', 'd'), quality: q(60) },
    ]);
    expect(ranked.map((r) => [r.organization.name, r.score, r.rank, r.datasets])).toEqual([
      ['b', 95, 1, 1],
      ['a', 80.5, 2, 2],
      ['c', 80.5, 2, 1],
      ['d', 60, 4, 1],
    ]);
    expect(ranked[1]!.items.map((i) => i.name)).toEqual(['a1', 'a2']);
  });
});
