/**
 * The SDMX REST face of the registry: data queries answered as SDMX-CSV 2.0 or SDMX-JSON 2.0, and the structures
 * (dataflow, data structure, code lists) a client needs to discover the flow. Reads are public (published
 * statistics); each is counted in memory and the tally added to `economy_sdmx_usage` about once a minute.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/errors.ts';
import { chinaToday } from '../../lib/time.ts';
import { FREQ_NAMES, OBS_STATUS, UNITS } from './indicators.ts';
import { economyRepo, type ObservationRow } from './repo.ts';
import {
  AGENCY,
  DSD_ID,
  DSD_URN,
  FLOW_ID,
  FLOW_URN,
  VERSION,
  toCsv,
  toJson,
  type DataFormat,
  type Lang,
  type Names,
  type ObsRow,
} from './sdmx-format.ts';
import { parseDataQuery, type FilterComponent } from './sdmx-query.ts';
import type { EconomyDeps } from './sync.ts';

/** The most observations one answer carries; a larger one is refused with 413 (narrow the key or the period). */
export const MAX_OBSERVATIONS = 100_000;
/** The city whose regions make the REF_AREA code list. */
export const CITY_CODE = '320700';
export const CODELISTS = ['CL_FREQ', 'CL_AREA', 'CL_INDICATOR', 'CL_UNIT', 'CL_OBS_STATUS'] as const;
export type CodelistId = (typeof CODELISTS)[number];

export interface FlowRef {
  agency: string;
  flow: string;
  version: string;
}

const toObs = (r: ObservationRow): ObsRow => ({
  indicator: r.indicator,
  freq: r.freq,
  region: r.region,
  period: r.period,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  value: Number(r.value),
  status: r.obs_status,
  unitCode: r.unit_code,
});

export class SdmxService {
  #tally = new Map<string, number>();
  #regions: { at: number; names: Map<string, string> } | null = null;

  constructor(private readonly deps: EconomyDeps) {}

  /** Refuses a flow the registry does not publish: 404, as SDMX answers an unknown artefact. */
  checkFlow(ref: FlowRef): void {
    const agencyOk = ref.agency === AGENCY || ref.agency === '*' || ref.agency === 'all';
    const versionOk =
      ref.version === VERSION || ref.version === '*' || ref.version === 'latest' || ref.version === '+';
    if (ref.flow !== FLOW_ID || !agencyOk || !versionOk)
      throw new AppError('SDMX_FLOW_NOT_FOUND', {
        flow: `${ref.agency}:${ref.flow}(${ref.version})`,
        available: `${AGENCY}:${FLOW_ID}(${VERSION})`,
      });
  }

  /** Region code → name, for the city and its districts and counties (GB/T 2260), read through the org service. */
  async regionNames(): Promise<Map<string, string>> {
    if (this.#regions && Date.now() - this.#regions.at < 60_000) return this.#regions.names;
    const [cities, districts] = await Promise.all([
      this.deps.org.regions('city'),
      this.deps.org.regions('district', CITY_CODE),
    ]);
    const names = new Map(
      [...cities.filter((c) => c.code === CITY_CODE), ...districts].map((r) => [r.code, r.name] as const),
    );
    this.#regions = { at: Date.now(), names };
    return names;
  }

  async #names(): Promise<Names> {
    const indicators = await economyRepo.indicators(this.deps.db);
    return {
      regions: await this.regionNames(),
      indicators: new Map(indicators.map((i) => [i.code, { zh: i.name_zh, en: i.name_en }])),
      units: new Map(
        indicators.map((i) => [
          i.unit_code,
          { zh: i.unit || i.unit_code, en: UNITS[i.unit]?.en ?? i.unit_code },
        ]),
      ),
    };
  }

  /** A data query: the message text or object, or 404 when nothing matches. */
  async data(
    ref: FlowRef,
    key: string,
    filters: Partial<Record<FilterComponent, string>>,
    format: DataFormat,
    options: { lang: Lang; baseUrl: string },
  ): Promise<string | ReturnType<typeof toJson>> {
    this.checkFlow(ref);
    const query = parseDataQuery(key, filters);
    this.count(format);
    const rows = await economyRepo.observations(this.deps.db, query, MAX_OBSERVATIONS + 1);
    if (rows.length === 0) throw new AppError('SDMX_NO_RESULTS', { key });
    if (rows.length > MAX_OBSERVATIONS)
      throw new AppError('SDMX_RESPONSE_TOO_LARGE', { key, max: MAX_OBSERVATIONS });
    const obs = rows.map(toObs);
    if (format === 'csv') return toCsv(obs);
    return toJson(obs, await this.#names(), {
      ...options,
      messageId: `DF_MACRO-${randomUUID()}`,
      prepared: new Date(),
    });
  }

  count(format: string): void {
    const k = `${chinaToday()}|${FLOW_ID}|${format}`;
    this.#tally.set(k, (this.#tally.get(k) ?? 0) + 1);
  }

  /** Adds this process's tally to the table (the loop calls it; so does the status read, to be current). */
  async flushUsage(): Promise<void> {
    if (!this.#tally.size) return;
    const tally = [...this.#tally].map(([k, calls]) => {
      const [day, flow, format] = k.split('|') as [string, string, string];
      return { day, flow, format, calls };
    });
    this.#tally = new Map();
    try {
      await economyRepo.addUsage(this.deps.db, tally);
    } catch (err) {
      // Not lost: the calls go back to the tally for the next flush.
      for (const t of tally) {
        const k = `${t.day}|${t.flow}|${t.format}`;
        this.#tally.set(k, (this.#tally.get(k) ?? 0) + t.calls);
      }
      throw err;
    }
  }

  // ---- Structures (SDMX-JSON 2.0 structure messages) --------------------------------------------------------

  #meta(lang: Lang) {
    return {
      schema:
        'https://raw.githubusercontent.com/sdmx-twg/sdmx-json/master/structure-message/tools/schemas/2.0.0/sdmx-json-structure-schema.json',
      id: `STRUCT-${randomUUID()}`,
      test: false,
      prepared: new Date().toISOString(),
      contentLanguages: [lang],
      sender: { id: AGENCY, name: lang === 'zh' ? '通办平台' : 'Tongban platform' },
    };
  }

  dataflow(lang: Lang) {
    const names = { zh: '宏观经济指标', en: 'Macro-economic indicators' };
    return {
      meta: this.#meta(lang),
      data: {
        dataflows: [
          {
            id: FLOW_ID,
            agencyID: AGENCY,
            version: VERSION,
            name: names[lang],
            names,
            description:
              lang === 'zh'
                ? '连云港市及所辖区县的宏观经济指标（年度、季度、月度），来源于各部门经共享交换平台报送的数据'
                : 'Macro-economic indicators of the city and its districts and counties (annual, quarterly, monthly), as reported by the departments through the exchange',
            structure: DSD_URN,
            links: [{ urn: FLOW_URN, rel: 'self' }],
          },
        ],
      },
    };
  }

  datastructure(lang: Lang) {
    const urnCl = (id: string) => `urn:sdmx:org.sdmx.infomodel.codelist.Codelist=${AGENCY}:${id}(${VERSION})`;
    const concept = (id: string) =>
      `urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept=${AGENCY}:CS_MACRO(${VERSION}).${id}`;
    const dim = (id: string, position: number, codelist: string) => ({
      id,
      position,
      conceptIdentity: concept(id),
      localRepresentation: { enumeration: urnCl(codelist) },
    });
    const names = { zh: '宏观经济指标数据结构', en: 'Macro-economic indicators data structure' };
    return {
      meta: this.#meta(lang),
      data: {
        dataStructures: [
          {
            id: DSD_ID,
            agencyID: AGENCY,
            version: VERSION,
            name: names[lang],
            names,
            dataStructureComponents: {
              dimensionList: {
                id: 'DimensionDescriptor',
                dimensions: [
                  dim('FREQ', 0, 'CL_FREQ'),
                  dim('REF_AREA', 1, 'CL_AREA'),
                  dim('INDICATOR', 2, 'CL_INDICATOR'),
                ],
                timeDimensions: [
                  {
                    id: 'TIME_PERIOD',
                    position: 3,
                    conceptIdentity: concept('TIME_PERIOD'),
                    localRepresentation: { format: { dataType: 'ObservationalTimePeriod' } },
                  },
                ],
              },
              measureList: {
                id: 'MeasureDescriptor',
                measures: [
                  {
                    id: 'OBS_VALUE',
                    conceptIdentity: concept('OBS_VALUE'),
                    usage: 'mandatory',
                    localRepresentation: { format: { dataType: 'Double' } },
                  },
                ],
              },
              attributeList: {
                id: 'AttributeDescriptor',
                attributes: [
                  {
                    id: 'UNIT_MEASURE',
                    usage: 'mandatory',
                    attributeRelationship: { dimensions: ['INDICATOR'] },
                    conceptIdentity: concept('UNIT_MEASURE'),
                    localRepresentation: { enumeration: urnCl('CL_UNIT') },
                  },
                  {
                    id: 'OBS_STATUS',
                    usage: 'mandatory',
                    attributeRelationship: { observation: {} },
                    conceptIdentity: concept('OBS_STATUS'),
                    localRepresentation: { enumeration: urnCl('CL_OBS_STATUS') },
                  },
                ],
              },
            },
          },
        ],
      },
    };
  }

  async codelist(id: string, lang: Lang) {
    if (!(CODELISTS as readonly string[]).includes(id))
      throw new AppError('SDMX_STRUCTURE_NOT_FOUND', { codelist: id, available: CODELISTS });
    const code = (cid: string, zh: string, en: string) => ({
      id: cid,
      name: lang === 'zh' ? zh : en,
      names: { zh, en },
    });
    let codes: ReturnType<typeof code>[];
    let title: { zh: string; en: string };
    switch (id as CodelistId) {
      case 'CL_FREQ':
        title = { zh: '频度', en: 'Frequency' };
        codes = Object.entries(FREQ_NAMES).map(([k, n]) => code(k, n.zh, n.en));
        break;
      case 'CL_AREA':
        title = { zh: '行政区划（GB/T 2260）', en: 'Administrative regions (GB/T 2260)' };
        codes = [...(await this.regionNames())].map(([k, n]) => code(k, n, n));
        break;
      case 'CL_INDICATOR':
        title = { zh: '指标', en: 'Indicators' };
        codes = (await economyRepo.indicators(this.deps.db)).map((i) => code(i.code, i.name_zh, i.name_en));
        break;
      case 'CL_UNIT': {
        title = { zh: '计量单位', en: 'Units of measure' };
        const seen = new Map<string, ReturnType<typeof code>>();
        for (const [zh, u] of Object.entries(UNITS)) seen.set(u.code, code(u.code, zh, u.en));
        for (const i of await economyRepo.indicators(this.deps.db))
          if (!seen.has(i.unit_code)) seen.set(i.unit_code, code(i.unit_code, i.unit, i.unit_code));
        codes = [...seen.values()];
        break;
      }
      case 'CL_OBS_STATUS':
        title = { zh: '观测状态', en: 'Observation status' };
        codes = Object.entries(OBS_STATUS).map(([k, n]) => code(k, n.zh, n.en));
        break;
    }
    return {
      meta: this.#meta(lang),
      data: {
        codelists: [
          {
            id,
            agencyID: AGENCY,
            version: VERSION,
            name: title[lang],
            names: title,
            isPartial: false,
            codes,
          },
        ],
      },
    };
  }
}
