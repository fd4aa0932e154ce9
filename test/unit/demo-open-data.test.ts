import { describe, expect, it } from 'vitest';
import { buildDemoCatalog, type DemoResource } from '../../src/demo/catalog/index.ts';
import { buildRegions } from '../../src/demo/city/index.ts';
import {
  MAX_OPEN_RECORDS,
  openDataRows,
  openDataWorld,
  splitOpenRecords,
  type OpenResource,
} from '../../src/demo/open-data.ts';
import type { Item } from '../../src/modules/catalog/schema.ts';
import { compileRecordSchema } from '../../src/modules/exchange/validate.ts';

const NOW = new Date('2026-11-01T10:00:00+08:00');
const world = openDataWorld(buildRegions(), { people: 2000, now: NOW });
const opened = (catalog: readonly DemoResource[]): OpenResource[] =>
  catalog.filter((r) => r.openType !== 'closed');

/** Every row passes the resource's own validator (as the ingest compiles it) and no key repeats. */
function expectValid(resource: OpenResource, count: number, slot: number) {
  const items: Item[] = resource.items.map((item, position) => ({ ...item, position }));
  const schema = compileRecordSchema(items, { today: NOW });
  const keys = new Set<string>();
  let rows = 0;
  for (const { row, values } of openDataRows(resource, count, world, { slot })) {
    const checked = schema.check(values, row);
    if (!checked.ok) expect.fail(`${resource.name} row ${row}: ${JSON.stringify(checked.errors)}`);
    expect(keys.has(checked.key), `${resource.name}: key ${checked.key} repeated`).toBe(false);
    keys.add(checked.key);
    rows++;
  }
  expect(rows, resource.name).toBe(count);
}

describe('demo open data', () => {
  const catalog = buildDemoCatalog();
  const open = opened(catalog);

  it('splits the total exactly and unevenly: a few big resources, many small ones', () => {
    for (const total of [3000, 20_000, MAX_OPEN_RECORDS]) {
      const counts = splitOpenRecords(open, total, world);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
      expect(Math.min(...counts)).toBeGreaterThan(0);
      const sorted = [...counts].sort((a, b) => b - a);
      const median = sorted[Math.floor(sorted.length / 2)]!;
      // The five biggest hold more than the smaller half together.
      const top = sorted.slice(0, 5).reduce((a, b) => a + b, 0);
      const bottom = sorted.slice(Math.floor(sorted.length / 2)).reduce((a, b) => a + b, 0);
      expect(top).toBeGreaterThan(bottom);
      expect(sorted[0]!).toBeGreaterThan(5 * median);
    }
    expect(splitOpenRecords(open, 10, world).filter((n) => n > 0)).toHaveLength(10);
  });

  it('gives every open resource rows its validator accepts, with distinct keys', () => {
    const counts = splitOpenRecords(open, 20_000, world);
    open.forEach((r, slot) => expectValid(r, Math.min(counts[slot]!, 1500), slot));
  });

  it('holds for other seeds’ catalogs, and at the biggest sizes', () => {
    for (const seed of [7, 2019])
      opened(buildDemoCatalog(seed)).forEach((r, slot) => expectValid(r, 150, slot));
    const counts = splitOpenRecords(open, MAX_OPEN_RECORDS, world);
    // The biggest of each shape: statistics down to villages, feeds over years, registers by credit code.
    const biggest = new Map<string, [OpenResource, number]>();
    open.forEach((r, i) => {
      const kind = r.items.some((it) => it.name === '统计期')
        ? 'stat'
        : r.items.some((it) => it.isKey && it.dataType === 'T')
          ? 'series'
          : 'other';
      const seen = biggest.get(kind);
      if (!seen || seen[1] < counts[i]!) biggest.set(kind, [r, counts[i]!]);
    });
    for (const [r, n] of biggest.values()) expectValid(r, Math.min(n, 120_000), open.indexOf(r));
  });

  it('draws values from the city: coordinates on its map, its region codes, recent update times', () => {
    const codes = new Set(buildRegions().map((r) => r.code));
    const counts = splitOpenRecords(open, 20_000, world);
    let points = 0;
    open.forEach((r, slot) => {
      for (const { values } of openDataRows(r, Math.min(counts[slot]!, 300), world, { slot })) {
        if (typeof values['经度'] === 'number') {
          points++;
          expect(values['经度']).toBeGreaterThanOrEqual(118.9);
          expect(values['经度']).toBeLessThanOrEqual(119.8);
          expect(values['纬度']).toBeGreaterThanOrEqual(34.3);
          expect(values['纬度']).toBeLessThanOrEqual(34.9);
        }
        if (typeof values['行政区划代码'] === 'string') expect(codes.has(values['行政区划代码'])).toBe(true);
        const updated = values['数据更新时间'];
        if (typeof updated === 'string') {
          expect(updated >= '2024-10-01' && updated <= '2026-11-02', `${r.name}: ${updated}`).toBe(true);
        }
      }
    });
    expect(points).toBeGreaterThan(500);
  });

  it('is deterministic', () => {
    const r = open[0]!;
    expect([...openDataRows(r, 50, world, { slot: 3 })]).toEqual([
      ...openDataRows(r, 50, world, { slot: 3 }),
    ]);
    expect(splitOpenRecords(open, 20_000, world)).toEqual(splitOpenRecords(open, 20_000, world));
  });
});
