import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.ts';
import { buildEconomyRows } from '../../src/demo/economy.ts';
import { parseSdmxPeriod, parseSourcePeriod } from '../../src/modules/economy/period.ts';
import { negotiate, toCsv, toJson, type ObsRow } from '../../src/modules/economy/sdmx-format.ts';
import { parseFilter, parseKey } from '../../src/modules/economy/sdmx-query.ts';
import { readChange } from '../../src/modules/economy/sync.ts';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
  return null;
};

describe('SDMX periods', () => {
  it('reads the source forms and the SDMX forms with their first and last day', () => {
    expect(parseSourcePeriod('2020')).toEqual({
      freq: 'A',
      id: '2020',
      start: '2020-01-01',
      end: '2020-12-31',
    });
    expect(parseSourcePeriod('2024Q1')).toEqual({
      freq: 'Q',
      id: '2024-Q1',
      start: '2024-01-01',
      end: '2024-03-31',
    });
    expect(parseSourcePeriod('202402')).toEqual({
      freq: 'M',
      id: '2024-02',
      start: '2024-02-01',
      end: '2024-02-29',
    });
    expect(parseSdmxPeriod('2023-Q4')).toMatchObject({ start: '2023-10-01', end: '2023-12-31' });
    expect(parseSdmxPeriod('2023-02-28')).toMatchObject({ start: '2023-02-28', end: '2023-02-28' });
    for (const bad of ['2020Q5', '202013', '20', '2020-Q0', 'abcd', '2023-02-29'])
      expect(parseSourcePeriod(bad) ?? parseSdmxPeriod(bad), bad).toBeNull();
  });
});

describe('SDMX keys and filters', () => {
  it('takes * or an empty part for any value and + between alternatives', () => {
    expect(parseKey('A.320700+320706.GDP')).toEqual({
      FREQ: ['A'],
      REF_AREA: ['320700', '320706'],
      INDICATOR: ['GDP'],
    });
    expect(parseKey('A.*.GDP')).toEqual({ FREQ: ['A'], REF_AREA: null, INDICATOR: ['GDP'] });
    expect(parseKey('..')).toEqual({ FREQ: null, REF_AREA: null, INDICATOR: null });
    expect(parseKey('all')).toEqual({ FREQ: null, REF_AREA: null, INDICATOR: null });
  });

  it('refuses a key with the wrong number of dimensions or a value that is no code', () => {
    expect(codeOf(() => parseKey('A.GDP'))).toBe('SDMX_KEY_INVALID');
    expect(codeOf(() => parseKey('A.3207 00.GDP'))).toBe('SDMX_KEY_INVALID');
    expect(codeOf(() => parseKey('A.1.2.3'))).toBe('SDMX_KEY_INVALID');
  });

  it('reads + (or the space a query string makes of it) as and, the comma as or', () => {
    const clause = parseFilter('TIME_PERIOD', 'ge:2020 le:2021-Q2,eq:2019');
    expect(clause.map((all) => all.map((c) => (c.kind === 'time' ? `${c.op}:${c.period.id}` : '')))).toEqual([
      ['ge:2020', 'le:2021-Q2'],
      ['eq:2019'],
    ]);
    expect(parseFilter('REF_AREA', '320700')).toEqual([
      [{ kind: 'code', component: 'REF_AREA', op: 'eq', value: '320700' }],
    ]);
    expect(codeOf(() => parseFilter('TIME_PERIOD', 'ge:2020-13'))).toBe('SDMX_FILTER_INVALID');
    expect(codeOf(() => parseFilter('TIME_PERIOD', 'co:2020'))).toBe('SDMX_FILTER_INVALID');
    expect(codeOf(() => parseFilter('FREQ', 'lt:A'))).toBe('SDMX_FILTER_INVALID');
    expect(codeOf(() => parseFilter('FREQ', ''))).toBe('SDMX_FILTER_INVALID');
  });
});

describe('SDMX content negotiation', () => {
  it('chooses CSV or JSON 2.0 and refuses what it cannot write', () => {
    expect(negotiate('application/vnd.sdmx.data+csv;version=2.0.0', undefined)).toBe('csv');
    expect(negotiate('application/vnd.sdmx.data+json; version=2.0.0', undefined)).toBe('json');
    expect(negotiate('text/html, */*;q=0.1', undefined)).toBe('json');
    expect(negotiate(undefined, undefined)).toBe('json');
    expect(negotiate('application/xml', 'csv')).toBe('csv');
    expect(
      negotiate(
        'application/vnd.sdmx.data+json;version=1.0.0, application/vnd.sdmx.data+csv;version=2.0.0;q=0.5',
        undefined,
      ),
    ).toBe('csv');
    expect(
      codeOf(() => negotiate('application/vnd.sdmx.structurespecificdata+xml;version=2.1', undefined)),
    ).toBe('SDMX_NOT_ACCEPTABLE');
    expect(codeOf(() => negotiate('application/vnd.sdmx.data+csv;version=1.0.0', undefined))).toBe(
      'SDMX_NOT_ACCEPTABLE',
    );
  });
});

const row = (over: Partial<ObsRow>): ObsRow => ({
  indicator: 'GDP',
  freq: 'A',
  region: '320700',
  period: '2020',
  periodStart: '2020-01-01',
  periodEnd: '2020-12-31',
  value: 1.5,
  status: 'A',
  unitCode: 'CNY_100M',
  ...over,
});

describe('SDMX messages', () => {
  it('writes RFC 4180 CSV: CRLF line ends, quoted fields where needed', () => {
    expect(toCsv([row({ status: 'A,"B"' })])).toBe(
      'STRUCTURE,STRUCTURE_ID,ACTION,FREQ,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS\r\n' +
        'dataflow,TONGBAN:DF_MACRO(1.0.0),I,A,320700,GDP,2020,1.5,CNY_100M,"A,""B"""\r\n',
    );
  });

  it('writes JSON whose series and observation keys index the values listed', () => {
    const rows = [
      row({}),
      row({ period: '2021', periodStart: '2021-01-01', periodEnd: '2021-12-31', value: 2, status: 'P' }),
      row({ region: '320706', value: 3 }),
      row({
        indicator: 'CPI',
        freq: 'M',
        period: '2021-01',
        periodStart: '2021-01-01',
        periodEnd: '2021-01-31',
        unitCode: 'IX',
      }),
    ];
    const msg = toJson(
      rows,
      { regions: new Map(), indicators: new Map(), units: new Map() },
      { lang: 'en', baseUrl: 'http://x', messageId: 'M1', prepared: new Date(0) },
    );
    const s = msg.data.structures[0]!;
    const series = msg.data.dataSets[0]!.series;
    const back: string[] = [];
    for (const [key, v] of Object.entries(series)) {
      const [f, r, i] = key.split(':').map(Number) as [number, number, number];
      for (const [o, [value, status]] of Object.entries(v.observations))
        back.push(
          [
            s.dimensions.series[0]!.values[f]!.id,
            s.dimensions.series[1]!.values[r]!.id,
            s.dimensions.series[2]!.values[i]!.id,
            s.dimensions.observation[0]!.values[Number(o)]!.id,
            value,
            s.attributes.observation[0]!.values[status]!.id,
            s.attributes.series[0]!.values[v.attributes[0]!]!.id,
          ].join(' '),
        );
    }
    expect(back.sort()).toEqual(
      [
        'A 320700 GDP 2020 1.5 A CNY_100M',
        'A 320700 GDP 2021 2 P CNY_100M',
        'A 320706 GDP 2020 3 A CNY_100M',
        'M 320700 CPI 2021-01 1.5 A IX',
      ].sort(),
    );
  });
});

describe('reading the source resource’s changes', () => {
  const change = (data: Record<string, unknown> | null, op: 'insert' | 'update' | 'delete' = 'insert') => ({
    seq: 7,
    op,
    key: ['GDP', '2021Q3', '320700'],
    data,
    at: '2026-01-01T00:00:00.000Z',
  });
  const good = {
    指标代码: 'GDP',
    统计期: '2021Q3',
    行政区划代码: '320700',
    频度: 'Q',
    观测值: '812.5',
    计量单位: '亿元',
  };

  it('reads an observation, and a deletion from its key alone', () => {
    const read = readChange(change(good));
    expect(read).toMatchObject({
      change: { freq: 'Q', period: '2021-Q3', value: 812.5, status: 'A', periodEnd: '2021-09-30' },
      indicator: { code: 'GDP', unitCode: 'CNY_100M', nameEn: 'Gross regional product' },
    });
    expect(readChange(change(null, 'delete'))).toMatchObject({ change: { op: 'delete', period: '2021-Q3' } });
  });

  it('skips what it cannot read, saying why', () => {
    expect(readChange(change({ ...good, 观测值: 'n/a' }))).toEqual({ reason: 'value' });
    expect(readChange(change({ ...good, 统计期: '2021-9' }))).toEqual({ reason: 'period' });
    expect(readChange(change({ ...good, 频度: 'A' }))).toEqual({ reason: 'frequency' });
    expect(readChange(change({ ...good, 行政区划代码: '连云港' }))).toEqual({ reason: 'region' });
  });
});

describe('demo observations', () => {
  it('are deterministic, unique per key, and every one is readable by the registry', () => {
    const rows = buildEconomyRows();
    expect(buildEconomyRows()).toEqual(rows);
    const keys = new Set(rows.map((r) => `${r['指标代码']}|${r['统计期']}|${r['行政区划代码']}`));
    expect(keys.size).toBe(rows.length);
    for (const [i, r] of rows.entries()) {
      const read = readChange({ seq: i + 1, op: 'insert', key: [], data: r, at: '2026-01-01T00:00:00Z' });
      expect('reason' in read ? `${JSON.stringify(r)} ${read.reason}` : 'ok').toBe('ok');
    }
    // Quarters add up to the year; the three sectors to the GDP.
    const value = (code: string, period: string, region = '320700') =>
      rows.find((r) => r['指标代码'] === code && r['统计期'] === period && r['行政区划代码'] === region)![
        '观测值'
      ] as number;
    const quarters = [1, 2, 3, 4].reduce((sum, q) => sum + value('GDP', `2022Q${q}`), 0);
    expect(quarters).toBeCloseTo(value('GDP', '2022'), 6);
    expect(value('GDP_PRI', '2022') + value('GDP_SEC', '2022') + value('GDP_TER', '2022')).toBeCloseTo(
      value('GDP', '2022'),
      6,
    );
  });
});
