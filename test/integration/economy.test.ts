import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegions } from '../../src/demo/city/index.ts';
import { EconomySyncLoop } from '../../src/modules/economy/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { buildItem, catalogFixture } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { ndjson, publishResource } from '../support/exchange.ts';

const CSV = 'application/vnd.sdmx.data+csv;version=2.0.0';
const JSON_TYPE = 'application/vnd.sdmx.data+json;version=2.0.0';

// The shape of 统计局's 主要经济指标数据: one record per indicator, period and region.
const ITEMS = [
  buildItem({ name: '指标代码', length: 20, isKey: true }),
  buildItem({ name: '统计期', length: 6, isKey: true }),
  buildItem({ name: '行政区划代码', length: 12, isKey: true }),
  buildItem({ name: '频度', length: 1 }),
  buildItem({ name: '指标名称', length: 50 }),
  buildItem({ name: '观测值', dataType: 'N', length: 16 }),
  buildItem({ name: '计量单位', length: 20 }),
  buildItem({ name: '观测状态', length: 1, required: false }),
  buildItem({ name: '报送部门', length: 50, required: false }),
];

const obs = (indicator: string, period: string, region: string, value: number, status = 'A') => ({
  指标代码: indicator,
  统计期: period,
  行政区划代码: region,
  频度: period.length === 4 ? 'A' : period.includes('Q') ? 'Q' : 'M',
  指标名称: indicator === 'GDP' ? '地区生产总值' : indicator === 'CPI' ? '居民消费价格指数' : '常住人口',
  观测值: value,
  计量单位: indicator === 'GDP' ? '亿元' : indicator === 'CPI' ? '上年同期=100' : '万人',
  观测状态: status,
  报送部门: '市统计局',
});

describe.each(ENGINES)('macro-economy registry and SDMX on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof catalogFixture>>;
  let resourceId: string;

  const push = (rows: Record<string, unknown>[]) =>
    t.call(f.stewardMz, {
      method: 'POST',
      url: `/api/exchange/resources/${resourceId}/records`,
      headers: { 'content-type': 'application/x-ndjson' },
      payload: ndjson(rows),
    });
  const sync = (token = f.stewardGa) => t.call(token, { method: 'POST', url: '/api/economy/sync' });
  const sdmx = (path: string, accept = CSV) =>
    t.call(null, { method: 'GET', url: `/api/sdmx/data/${path}`, headers: { accept } });

  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await catalogFixture(t);
    await t.services.org.loadRegions(
      buildRegions()
        .filter((r) => r.level === 'city' || r.level === 'district')
        .map((r) => ({ ...r })),
    );
    // 民政局 stands in for the statistics bureau (provider), 公安局 for the registry's department (consumer).
    resourceId = (
      await publishResource(t, f.admin, f.mz, {
        name: '主要经济指标数据',
        items: ITEMS,
        sharingType: 'unconditional',
        sharingCondition: null,
        updateCycle: 'monthly',
      })
    ).id;
    const rows = [];
    for (const year of [2019, 2020, 2021, 2022]) {
      rows.push(obs('GDP', String(year), '320700', 3000 + (year - 2019) * 100.5));
      rows.push(obs('GDP', String(year), '320706', 800 + (year - 2019) * 20.25));
      rows.push(obs('GDP', String(year), '320707', 500 + (year - 2019) * 10));
      rows.push(obs('POP_RES', String(year), '320700', 450 + (year - 2019)));
    }
    rows.push(obs('GDP', '2021Q1', '320700', 700.1), obs('GDP', '2021Q2', '320700', 760.2));
    rows.push(obs('CPI', '202112', '320700', 101.3), obs('CPI', '202201', '320700', 101.1, 'P'));
    const pushed = await push(rows);
    expect(pushed.statusCode, pushed.body).toBe(200);
  });
  afterAll(() => t.close());

  it('attaches the resource as a source (the department subscribes) and fills itself on sync', async () => {
    const refused = await t.call(f.stewardMz, {
      method: 'POST',
      url: '/api/economy/sources',
      payload: { resourceId, departmentId: f.ga },
    });
    expect(refused.statusCode).toBe(403);
    const attached = await t.call(f.admin, {
      method: 'POST',
      url: '/api/economy/sources',
      payload: { resourceId, departmentId: f.ga },
    });
    expect(attached.statusCode, attached.body).toBe(201);
    expect(attached.json().sources[0]).toMatchObject({ appliedSeq: 0, lastSeq: 20, lag: 20 });
    const again = await t.call(f.admin, {
      method: 'POST',
      url: '/api/economy/sources',
      payload: { resourceId, departmentId: f.ga },
    });
    expect(again.json().error.code).toBe('ECONOMY_SOURCE_EXISTS');

    // Only the registry's department's steward (or the operator) runs the sync.
    expect((await sync(f.stewardMz)).statusCode).toBe(403);
    const res = await sync();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().sources[0]).toMatchObject({ applied: 20, skipped: 0, appliedSeq: 20, ran: true });
    const status = (await t.call(f.consumer, { method: 'GET', url: '/api/economy/sync' })).json();
    expect(status).toMatchObject({ indicators: 3, observations: 20, revisions: 20 });
    expect(status.sources[0]).toMatchObject({ appliedSeq: 20, ackedSeq: 20, lag: 0, lastError: null });
    // Nothing new: a second sync applies nothing and pulls nothing, but the steward's action is audited.
    const audited = async () =>
      (
        await t.services.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM audit_log WHERE action = 'economy.sync' AND outcome = 'success'`,
        )
      ).rows[0]!.n;
    const before = await audited();
    expect((await sync()).json().sources[0]).toMatchObject({ applied: 0, appliedSeq: 20 });
    expect(await audited()).toBe(before + 1);

    const list = await t.call(f.consumer, { method: 'GET', url: '/api/economy/indicators' });
    const gdp = list.json().items.find((i: { code: string }) => i.code === 'GDP');
    expect(gdp).toMatchObject({
      nameZh: '地区生产总值',
      nameEn: 'Gross regional product',
      unit: '亿元',
      unitCode: 'CNY_100M',
      frequencies: ['A', 'Q'],
      regions: 3,
      observations: 14,
    });
    expect((await t.call(null, { method: 'GET', url: '/api/economy/indicators' })).statusCode).toBe(401);
  });

  it('answers SDMX-CSV 2.0 exactly for a small query', async () => {
    const res = await sdmx('DF_MACRO/A.320700+320706.GDP?c[TIME_PERIOD]=ge:2020+le:2021');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/vnd.sdmx.data+csv; version=2.0.0');
    expect(res.body).toBe(
      [
        'STRUCTURE,STRUCTURE_ID,ACTION,FREQ,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS',
        'dataflow,TONGBAN:DF_MACRO(1.0.0),I,A,320700,GDP,2020,3100.5,CNY_100M,A',
        'dataflow,TONGBAN:DF_MACRO(1.0.0),I,A,320700,GDP,2021,3201,CNY_100M,A',
        'dataflow,TONGBAN:DF_MACRO(1.0.0),I,A,320706,GDP,2020,820.25,CNY_100M,A',
        'dataflow,TONGBAN:DF_MACRO(1.0.0),I,A,320706,GDP,2021,840.5,CNY_100M,A',
        '',
      ].join('\r\n'),
    );
    // The full dataflow reference and ?format= give the same message.
    const full = await t.call(null, {
      method: 'GET',
      url: '/api/sdmx/data/dataflow/TONGBAN/DF_MACRO/1.0.0/A.320700+320706.GDP?c[TIME_PERIOD]=ge:2020%2Ble:2021&format=csv',
    });
    expect(full.body).toBe(res.body);
  });

  it('answers SDMX-JSON 2.0 whose every index points at an existing value', async () => {
    const res = await sdmx('DF_MACRO/*.*.*', JSON_TYPE);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/vnd.sdmx.data+json; version=2.0.0');
    const msg = res.json();
    expect(msg.meta).toMatchObject({ test: false, sender: { id: 'TONGBAN' } });
    expect(msg.meta.id).toMatch(/^[A-Za-z0-9_@$-]+$/);
    const s = msg.data.structures[0];
    expect(
      s.dimensions.series.map((d: { id: string; keyPosition: number }) => [d.id, d.keyPosition]),
    ).toEqual([
      ['FREQ', 0],
      ['REF_AREA', 1],
      ['INDICATOR', 2],
    ]);
    expect(s.dimensions.observation[0]).toMatchObject({ id: 'TIME_PERIOD', keyPosition: 3 });
    expect(s.measures.observation[0].id).toBe('OBS_VALUE');
    const area = s.dimensions.series[1].values.find((v: { id: string }) => v.id === '320706');
    expect(area.names.zh).toBe('海州区');
    const [units] = s.attributes.series;
    const [statuses] = s.attributes.observation;
    let count = 0;
    for (const [seriesKey, series] of Object.entries(msg.data.dataSets[0].series) as [
      string,
      { attributes: number[]; observations: Record<string, [number, number]> },
    ][]) {
      const idx = seriesKey.split(':').map(Number);
      expect(idx).toHaveLength(3);
      idx.forEach((i, d) => expect(s.dimensions.series[d].values[i], seriesKey).toBeDefined());
      expect(units.values[series.attributes[0]!]).toBeDefined();
      for (const [obsKey, [value, status]] of Object.entries(series.observations)) {
        expect(s.dimensions.observation[0].values[Number(obsKey)]).toBeDefined();
        expect(typeof value).toBe('number');
        expect(statuses.values[status]).toBeDefined();
        count++;
      }
    }
    expect(count).toBe(20);
    // One value traced back through its indexes.
    const freqA = s.dimensions.series[0].values.findIndex((v: { id: string }) => v.id === 'A');
    const city = s.dimensions.series[1].values.findIndex((v: { id: string }) => v.id === '320700');
    const gdp = s.dimensions.series[2].values.findIndex((v: { id: string }) => v.id === 'GDP');
    const y2022 = s.dimensions.observation[0].values.findIndex((v: { id: string }) => v.id === '2022');
    expect(msg.data.dataSets[0].series[`${freqA}:${city}:${gdp}`].observations[y2022][0]).toBe(3301.5);
  });

  it('takes * and + in the key and empty parts as wildcards', async () => {
    const rows = async (path: string) => (await sdmx(path)).body.trim().split('\r\n').slice(1);
    expect(await rows('DF_MACRO/A.*.GDP')).toHaveLength(12);
    expect(await rows('DF_MACRO/A..GDP')).toHaveLength(12);
    expect(await rows('DF_MACRO/A.320706+320707.GDP')).toHaveLength(8);
    expect(await rows('DF_MACRO/*.320700.GDP')).toHaveLength(6);
    expect(await rows('DF_MACRO/Q+M.320700.*')).toEqual([
      'dataflow,TONGBAN:DF_MACRO(1.0.0),I,M,320700,CPI,2021-12,101.3,IX_PY100,A',
      'dataflow,TONGBAN:DF_MACRO(1.0.0),I,M,320700,CPI,2022-01,101.1,IX_PY100,P',
      'dataflow,TONGBAN:DF_MACRO(1.0.0),I,Q,320700,GDP,2021-Q1,700.1,CNY_100M,A',
      'dataflow,TONGBAN:DF_MACRO(1.0.0),I,Q,320700,GDP,2021-Q2,760.2,CNY_100M,A',
    ]);
    expect(await rows('DF_MACRO/all?c[REF_AREA]=ne:320700&c[INDICATOR]=GDP')).toHaveLength(8);
  });

  it('filters by time period across frequencies', async () => {
    const periods = async (query: string) =>
      (await sdmx(`DF_MACRO/*.320700.*?${query}`)).body
        .trim()
        .split('\r\n')
        .slice(1)
        .map((l) => `${l.split(',')[5]}:${l.split(',')[6]}`);
    expect(await periods('c[TIME_PERIOD]=eq:2021')).toEqual(['GDP:2021', 'POP_RES:2021']);
    // Annual rows come first (ordered by frequency, region, indicator, period).
    // ge/le compare whole periods: 2021-Q2 lies within 2021, 2022-01 starts after it.
    expect(await periods('c[TIME_PERIOD]=ge:2021-04+le:2021')).toEqual(['CPI:2021-12', 'GDP:2021-Q2']);
    expect(await periods('c[TIME_PERIOD]=gt:2021')).toEqual(['GDP:2022', 'POP_RES:2022', 'CPI:2022-01']);
    expect(await periods('c[TIME_PERIOD]=lt:2020,eq:2022-01')).toEqual([
      'GDP:2019',
      'POP_RES:2019',
      'CPI:2022-01',
    ]);
  });

  it('refuses a bad key, an unknown flow, a bad filter and an unsupported format with SDMX statuses', async () => {
    const bad = await sdmx('DF_MACRO/A.GDP');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'SDMX_KEY_INVALID', details: { dimensions: 2 } });
    expect((await sdmx('DF_MACRO/A.32 07.GDP')).json().error.code).toBe('SDMX_KEY_INVALID');
    const flow = await sdmx('DF_NOPE/A.*.GDP');
    expect(flow.statusCode).toBe(404);
    expect(flow.json().error.code).toBe('SDMX_FLOW_NOT_FOUND');
    expect((await sdmx('dataflow/TONGBAN/DF_MACRO/9.9.9/A.*.GDP')).statusCode).toBe(404);
    const none = await sdmx('DF_MACRO/A.320724.GDP');
    expect(none.statusCode).toBe(404);
    expect(none.json().error.code).toBe('SDMX_NO_RESULTS');
    for (const filter of ['c[TIME_PERIOD]=ge:20x1', 'c[TIME_PERIOD]=between:2020', 'c[FREQ]=ge:A']) {
      const res = await sdmx(`DF_MACRO/A.*.GDP?${filter}`);
      expect(res.statusCode, filter).toBe(400);
      expect(res.json().error.code, filter).toBe('SDMX_FILTER_INVALID');
    }
    const unknownParam = await sdmx('DF_MACRO/A.*.GDP?c[COLOUR]=red');
    expect(unknownParam.statusCode).toBe(400);
    const notAcceptable = await sdmx('DF_MACRO/A.*.GDP', 'application/vnd.sdmx.genericdata+xml;version=2.1');
    expect(notAcceptable.statusCode).toBe(406);
    expect(notAcceptable.json().error.code).toBe('SDMX_NOT_ACCEPTABLE');
    expect((await sdmx('DF_MACRO/A.*.GDP', 'application/vnd.sdmx.data+csv;version=1.0.0')).statusCode).toBe(
      406,
    );
  });

  it('brings a newly pushed observation on the next sync, and keeps every revision of a corrected one', async () => {
    expect((await sdmx('DF_MACRO/A.320707.POP_RES')).statusCode).toBe(404);
    expect((await push([obs('POP_RES', '2022', '320707', 99.5)])).statusCode).toBe(200);
    const lagging = (await t.call(f.admin, { method: 'GET', url: '/api/economy/sync' })).json();
    expect(lagging.sources[0]).toMatchObject({ appliedSeq: 20, lastSeq: 21, lag: 1 });
    // The operator may sync too.
    expect((await sync(f.admin)).json().sources[0]).toMatchObject({ applied: 1, appliedSeq: 21 });
    expect((await sdmx('DF_MACRO/A.320707.POP_RES')).body).toContain(',A,320707,POP_RES,2022,99.5,PS_10K,A');

    // A correction: same key, new value and status.
    expect((await push([obs('GDP', '2021', '320700', 3210.75, 'E')])).statusCode).toBe(200);
    expect((await sync()).json().sources[0]).toMatchObject({ applied: 1, appliedSeq: 22 });
    expect((await sdmx('DF_MACRO/A.320700.GDP?c[TIME_PERIOD]=2021')).body).toContain(
      ',A,320700,GDP,2021,3210.75,CNY_100M,E',
    );
    const history = await t.call(f.consumer, {
      method: 'GET',
      url: '/api/economy/indicators/GDP/revisions?freq=A&region=320700&period=2021',
    });
    expect(history.statusCode, history.body).toBe(200);
    expect(
      history
        .json()
        .items.map((r: { revision: number; op: string; value: number; status: string }) => [
          r.revision,
          r.op,
          r.value,
          r.status,
        ]),
    ).toEqual([
      [1, 'insert', 3201, 'A'],
      [2, 'update', 3210.75, 'E'],
    ]);
    const series = await t.call(f.consumer, {
      method: 'GET',
      url: '/api/economy/indicators/GDP/series?freq=A',
    });
    const city = series.json().series.find((s: { region: string }) => s.region === '320700');
    expect(city.regionName).toBe('连云港市');
    expect(city.observations.find((o: { period: string }) => o.period === '2021')).toMatchObject({
      value: 3210.75,
      revision: 2,
    });
    expect(series.json().sdmxKey).toBe('A.*.GDP');
    const missing = await t.call(f.consumer, {
      method: 'GET',
      url: '/api/economy/indicators/GDP/revisions?freq=A&region=320700&period=1999',
    });
    expect(missing.statusCode).toBe(404);
    expect(
      (await t.call(f.consumer, { method: 'GET', url: '/api/economy/indicators/NOPE/series' })).statusCode,
    ).toBe(404);
  });

  it('syncs in the background: a batch committed on the source wakes the loop', async () => {
    const loop = new EconomySyncLoop(t.services.economy, {
      onError: (err) => {
        throw err;
      },
      firstTickMs: 60_000,
    });
    loop.start();
    try {
      expect((await push([obs('POP_RES', '2022', '320706', 120.25)])).statusCode).toBe(200);
      let body = '';
      for (let i = 0; i < 40 && !body.includes('120.25'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        const res = await sdmx('DF_MACRO/A.320706.POP_RES');
        body = res.statusCode === 200 ? res.body : '';
      }
      expect(body).toContain(',A,320706,POP_RES,2022,120.25,PS_10K,A');
    } finally {
      await loop.stop();
    }
  });

  it('publishes the structures and counts anonymous reads', async () => {
    const flows = await t.call(null, { method: 'GET', url: '/api/sdmx/structure/dataflow' });
    expect(flows.statusCode).toBe(200);
    expect(flows.json().data.dataflows[0]).toMatchObject({
      id: 'DF_MACRO',
      agencyID: 'TONGBAN',
      version: '1.0.0',
      structure: 'urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=TONGBAN:DSD_MACRO(1.0.0)',
    });
    const dsd = await t.call(null, {
      method: 'GET',
      url: '/api/sdmx/structure/datastructure/TONGBAN/DSD_MACRO/1.0.0',
    });
    const dims = dsd.json().data.dataStructures[0].dataStructureComponents.dimensionList.dimensions;
    expect(dims.map((d: { id: string }) => d.id)).toEqual(['FREQ', 'REF_AREA', 'INDICATOR']);
    const area = await t.call(null, { method: 'GET', url: '/api/sdmx/structure/codelist/CL_AREA' });
    expect(area.json().data.codelists[0].codes.map((c: { id: string }) => c.id)).toEqual([
      '320700',
      '320703',
      '320706',
      '320707',
      '320722',
      '320723',
      '320724',
    ]);
    const indicators = await t.call(null, {
      method: 'GET',
      url: '/api/sdmx/structure/codelist/CL_INDICATOR',
    });
    expect(indicators.json().data.codelists[0].codes.map((c: { id: string }) => c.id)).toEqual([
      'CPI',
      'GDP',
      'POP_RES',
    ]);
    expect(
      (await t.call(null, { method: 'GET', url: '/api/sdmx/structure/codelist/CL_NOPE' })).statusCode,
    ).toBe(404);

    const before = (await t.call(f.admin, { method: 'GET', url: '/api/economy/sync' })).json().sdmxCalls
      .total;
    await sdmx('DF_MACRO/A.*.GDP');
    await sdmx('DF_MACRO/A.*.GDP', JSON_TYPE);
    const after = (await t.call(f.admin, { method: 'GET', url: '/api/economy/sync' })).json().sdmxCalls;
    expect(after.total).toBe(before + 2);
    expect(after.today).toBeGreaterThanOrEqual(2);
  });
});
