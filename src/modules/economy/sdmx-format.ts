/**
 * SDMX-CSV 2.0 and SDMX-JSON 2.0 data messages, and the content negotiation between them. Pure: what to write
 * comes in as rows and code lists; the routes add the HTTP.
 */
import { AppError } from '../../core/errors.ts';
import { FREQ_NAMES, OBS_STATUS } from './indicators.ts';
import { KEY_DIMENSIONS } from './sdmx-query.ts';

export const AGENCY = 'TONGBAN';
export const FLOW_ID = 'DF_MACRO';
export const DSD_ID = 'DSD_MACRO';
export const VERSION = '1.0.0';
export const FLOW_REF = `${AGENCY}:${FLOW_ID}(${VERSION})`;
export const DSD_REF = `${AGENCY}:${DSD_ID}(${VERSION})`;
export const FLOW_URN = `urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=${FLOW_REF}`;
export const DSD_URN = `urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=${DSD_REF}`;
export const DATA_JSON_SCHEMA =
  'https://raw.githubusercontent.com/sdmx-twg/sdmx-json/master/data-message/tools/schemas/2.0.0/sdmx-json-data-schema.json';

export const MEDIA = {
  csv: 'application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8',
  json: 'application/vnd.sdmx.data+json; version=2.0.0; charset=utf-8',
  structure: 'application/vnd.sdmx.structure+json; version=2.0.0; charset=utf-8',
} as const;

export type DataFormat = 'csv' | 'json';
export type Lang = 'zh' | 'en';

/** One observation as the registry holds it. */
export interface ObsRow {
  indicator: string;
  freq: string;
  region: string;
  period: string;
  periodStart: string;
  periodEnd: string;
  value: number;
  status: string;
  unitCode: string;
}

/** Names of the codes the message may show, per code list. */
export interface Names {
  regions: ReadonlyMap<string, string>;
  indicators: ReadonlyMap<string, { zh: string; en: string }>;
  units: ReadonlyMap<string, { zh: string; en: string }>;
}

interface MediaRange {
  type: string;
  params: Record<string, string>;
  q: number;
}

function parseAccept(header: string): MediaRange[] {
  return header
    .split(',')
    .map((part) => {
      const [type = '', ...rest] = part.split(';').map((s) => s.trim());
      const params: Record<string, string> = {};
      for (const p of rest) {
        const eq = p.indexOf('=');
        if (eq > 0)
          params[p.slice(0, eq).trim().toLowerCase()] = p
            .slice(eq + 1)
            .trim()
            .replace(/^"|"$/g, '');
      }
      const q = params.q === undefined ? 1 : Number(params.q);
      return { type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 0 };
    })
    .filter((r) => r.type !== '' && r.q > 0)
    .sort((a, b) => b.q - a.q);
}

/**
 * The format for an Accept header: SDMX-CSV or SDMX-JSON 2.0 (their media types, with or without a version
 * 2.x), or plain CSV/JSON, or anything (SDMX-JSON). Anything else — SDMX-ML, another major version — is a 406.
 */
export function negotiate(accept: string | undefined, format: DataFormat | undefined): DataFormat {
  if (format) return format;
  if (!accept || accept.trim() === '') return 'json';
  const ranges = parseAccept(accept);
  for (const r of ranges) {
    const version = r.params.version;
    const v2 = version === undefined || /^2(\.\d+){0,2}$/.test(version);
    if (r.type === 'application/vnd.sdmx.data+csv' && v2) return 'csv';
    if (r.type === 'application/vnd.sdmx.data+json' && v2) return 'json';
    if (r.type === 'text/csv') return 'csv';
    if (r.type === 'application/json' || r.type === 'application/*' || r.type === '*/*') return 'json';
  }
  throw new AppError('SDMX_NOT_ACCEPTABLE', {
    accept,
    supported: [
      'application/vnd.sdmx.data+csv;version=2.0.0',
      'application/vnd.sdmx.data+json;version=2.0.0',
    ],
  });
}

const CSV_SPECIAL = /[",\r\n]/;
const csvField = (s: string) => (CSV_SPECIAL.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The CSV column headers, in the data structure's order: dimensions, measure, attributes. */
export const CSV_HEADER = [
  'STRUCTURE',
  'STRUCTURE_ID',
  'ACTION',
  ...KEY_DIMENSIONS,
  'TIME_PERIOD',
  'OBS_VALUE',
  'UNIT_MEASURE',
  'OBS_STATUS',
] as const;

/** SDMX-CSV 2.0 (RFC 4180: CRLF line ends), one row per observation, action I (information). */
export function toCsv(rows: readonly ObsRow[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const r of rows) {
    lines.push(
      [
        'dataflow',
        FLOW_REF,
        'I',
        r.freq,
        r.region,
        r.indicator,
        r.period,
        String(r.value),
        r.unitCode,
        r.status,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

const named = (zh: string, en: string, lang: Lang) => ({ name: lang === 'zh' ? zh : en, names: { zh, en } });

/** Values in first-seen order with their index, for the index-keyed JSON layout. */
class Index {
  readonly ids: string[] = [];
  readonly #at = new Map<string, number>();
  of(id: string): number {
    let i = this.#at.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.ids.push(id);
      this.#at.set(id, i);
    }
    return i;
  }
}

/**
 * SDMX-JSON 2.0 data message, time-series layout: FREQ, REF_AREA and INDICATOR at series level (a series key is
 * their value indexes joined by `:`), TIME_PERIOD at observation level; UNIT_MEASURE is a series attribute (it
 * depends on the indicator), OBS_STATUS an observation attribute. Each observation is
 * `[OBS_VALUE, OBS_STATUS index]`. Rows must come ordered by series, then period.
 */
export function toJson(
  rows: readonly ObsRow[],
  names: Names,
  options: { lang: Lang; baseUrl: string; messageId: string; prepared: Date },
) {
  const { lang } = options;
  // Code order within each dimension: sorted, so the same query always gives the same indexes.
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
  const freqs = sorted(rows.map((r) => r.freq));
  const regions = sorted(rows.map((r) => r.region));
  const indicators = sorted(rows.map((r) => r.indicator));
  const periods = [...new Map(rows.map((r) => [r.period, r])).values()].sort(
    (a, b) => a.periodStart.localeCompare(b.periodStart) || a.periodEnd.localeCompare(b.periodEnd),
  );
  const pos = (list: string[]) => new Map(list.map((v, i) => [v, i]));
  const [freqAt, regionAt, indicatorAt] = [pos(freqs), pos(regions), pos(indicators)];
  const periodAt = pos(periods.map((p) => p.period));
  const units = new Index();
  const statuses = new Index();

  const series: Record<string, { attributes: number[]; observations: Record<string, [number, number]> }> = {};
  for (const r of rows) {
    const key = `${freqAt.get(r.freq)}:${regionAt.get(r.region)}:${indicatorAt.get(r.indicator)}`;
    const s = (series[key] ??= { attributes: [units.of(r.unitCode)], observations: {} });
    s.observations[String(periodAt.get(r.period))] = [r.value, statuses.of(r.status)];
  }

  const code = (id: string, zh: string, en: string) => ({ id, ...named(zh, en, lang) });
  const flowName = named('宏观经济指标', 'Macro-economic indicators', lang);
  const flowHref = `${options.baseUrl}/api/sdmx/structure/dataflow/${AGENCY}/${FLOW_ID}/${VERSION}`;
  const dsdHref = `${options.baseUrl}/api/sdmx/structure/datastructure/${AGENCY}/${DSD_ID}/${VERSION}`;
  return {
    meta: {
      schema: DATA_JSON_SCHEMA,
      id: options.messageId,
      test: false,
      prepared: options.prepared.toISOString(),
      contentLanguages: [lang],
      sender: { id: AGENCY, ...named('通办平台', 'Tongban platform', lang) },
    },
    data: {
      structures: [
        {
          links: [
            { href: flowHref, urn: FLOW_URN, rel: 'dataflow' },
            { href: dsdHref, urn: DSD_URN, rel: 'datastructure' },
          ],
          ...flowName,
          dimensions: {
            dataSet: [],
            series: [
              {
                id: 'FREQ',
                ...named('频度', 'Frequency', lang),
                keyPosition: 0,
                roles: ['FREQ'],
                values: freqs.map((f) => code(f, FREQ_NAMES[f]?.zh ?? f, FREQ_NAMES[f]?.en ?? f)),
              },
              {
                id: 'REF_AREA',
                ...named('行政区划', 'Reference area', lang),
                keyPosition: 1,
                roles: ['REF_AREA'],
                values: regions.map((r) => {
                  const n = names.regions.get(r) ?? r;
                  return code(r, n, n);
                }),
              },
              {
                id: 'INDICATOR',
                ...named('指标', 'Indicator', lang),
                keyPosition: 2,
                values: indicators.map((i) => {
                  const n = names.indicators.get(i);
                  return code(i, n?.zh ?? i, n?.en ?? i);
                }),
              },
            ],
            observation: [
              {
                id: 'TIME_PERIOD',
                ...named('统计期', 'Time period', lang),
                keyPosition: 3,
                roles: ['TIME_PERIOD'],
                values: periods.map((p) => ({
                  id: p.period,
                  ...named(p.period, p.period, lang),
                  start: `${p.periodStart}T00:00:00.000Z`,
                  end: `${p.periodEnd}T23:59:59.999Z`,
                })),
              },
            ],
          },
          measures: {
            observation: [
              { id: 'OBS_VALUE', ...named('观测值', 'Observation value', lang), roles: ['OBS_VALUE'] },
            ],
          },
          attributes: {
            dataSet: [],
            series: [
              {
                id: 'UNIT_MEASURE',
                ...named('计量单位', 'Unit of measure', lang),
                roles: ['UNIT_MEASURE'],
                relationship: { dimensions: ['INDICATOR'] },
                values: units.ids.map((u) => {
                  const n = names.units.get(u);
                  return code(u, n?.zh ?? u, n?.en ?? u);
                }),
              },
            ],
            observation: [
              {
                id: 'OBS_STATUS',
                ...named('观测状态', 'Observation status', lang),
                roles: ['OBS_STATUS'],
                relationship: { observation: {} },
                values: statuses.ids.map((s) => code(s, OBS_STATUS[s]?.zh ?? s, OBS_STATUS[s]?.en ?? s)),
              },
            ],
          },
          dataSets: [0],
        },
      ],
      dataSets: [
        {
          structure: 0,
          action: 'Information',
          links: [{ href: flowHref, urn: FLOW_URN, rel: 'dataflow' }],
          series,
        },
      ],
    },
  };
}
