/**
 * 数据质量评分: a score of 0–100 per open dataset, after uData's quality score and data.europa.eu's metadata
 * quality assessment, from what the catalog says of the resource and what the exchange holds of its data. Each
 * criterion has a weight, a status (passed, partial, failed), the points it gives, the reason in words and what the
 * department can do to earn the missing points, so a score is never a bare number. A department's score is the
 * average of its datasets'. Nothing is typed in: the scores are computed from the catalog and the exchange and
 * recomputed whenever the open datasets are reloaded (every 30 s, or at once after `OpenDatasets.invalidate`).
 */
import { RECORD_FORMATS, UPDATE_CYCLES, type Item } from '../catalog/index.ts';
import type { ExchangeService } from '../exchange/index.ts';
import { DAY_MS } from '../../lib/time.ts';
import { groupOf, LICENSE } from './ckan.ts';
import type { Dataset, OpenDatasets, OpenType } from './datasets.ts';
import type {
  DatasetQualityT,
  QualityCriterionIdT,
  QualityCriterionT,
  QualityRankingT,
  QualityStatusT,
} from './quality-schema.ts';

type Text = { zh: string; en: string };

/** The criteria with their weights (adding up to 100), heaviest first: the order the portal explains them in. */
export const QUALITY_CRITERIA: readonly { id: QualityCriterionIdT; label: Text; weight: number }[] = [
  { id: 'description', label: { zh: '数据描述', en: 'Description' }, weight: 15 },
  { id: 'items', label: { zh: '数据项说明', en: 'Documented items' }, weight: 15 },
  { id: 'updateCycle', label: { zh: '按期更新', en: 'Update cycle kept' }, weight: 15 },
  { id: 'downloads', label: { zh: '数据可下载', en: 'Downloads reachable' }, weight: 15 },
  { id: 'license', label: { zh: '开放许可', en: 'Licence stated' }, weight: 10 },
  { id: 'formats', label: { zh: '开放格式', en: 'Open machine-readable formats' }, weight: 10 },
  { id: 'timeliness', label: { zh: '数据时效', en: 'Timeliness' }, weight: 10 },
  { id: 'contact', label: { zh: '联系方式', en: 'Contact point' }, weight: 5 },
  { id: 'theme', label: { zh: '主题分类', en: 'Theme' }, weight: 5 },
];

/** A summary this long (characters) says what the data is; a shorter one names it at best. */
export const DESCRIPTION_GOOD = 30;
export const DESCRIPTION_SHORT = 10;
/** Data older than this (days) is no longer current, whatever its cycle; twice this is stale. */
export const TIMELY_DAYS = 365;

/** Catalog data types that hold quantities, which need a unit to be read (数值、货币、整型、浮点、双精度). */
const NUMERIC = new Set<Item['dataType']>(['N', 'Y', 'I', 'F', 'B']);
// "金额（元）", "面积(平方米)": the name ends with its unit; or the description states one ("单位：元", "（万元）").
const UNIT_IN_NAME = /[（(][^（）()]{1,12}[）)]\s*$/;
const UNIT_IN_DESCRIPTION = /单位|[（(][^（）()]{1,12}[）)]/;

/** What the score is computed from: the dataset as the catalog describes it, and what the exchange holds. */
export interface QualityInput {
  resource: Pick<
    Dataset['resource'],
    | 'name'
    | 'summary'
    | 'items'
    | 'openCondition'
    | 'updateCycle'
    | 'formatCategory'
    | 'lastDataChangeAt'
    | 'contactName'
    | 'contactPhone'
    | 'classCode'
  >;
  openType: OpenType;
  recordsHeld: number;
  /** The exchange's last change of the data (null when it holds none). */
  lastChangeAt: string | null;
}

const WEIGHT = new Map(QUALITY_CRITERIA.map((c) => [c.id, c]));

function criterion(
  id: QualityCriterionIdT,
  points: number,
  reason: Text,
  improve: Text | null,
): QualityCriterionT {
  const { label, weight } = WEIGHT.get(id)!;
  const p = Math.max(0, Math.min(weight, Math.round(points)));
  const status: QualityStatusT = p === weight ? 'passed' : p === 0 ? 'failed' : 'partial';
  return { id, label, weight, status, points: p, reason, improve: p === weight ? null : improve };
}

const chars = (s: string | null | undefined) => [...(s ?? '').replace(/\s+/g, '')].length;
const pct = (share: number) => `${Math.round(share * 100)}%`;

function license(input: QualityInput, weight: number): QualityCriterionT {
  if (input.openType === 'open')
    return criterion(
      'license',
      weight,
      {
        zh: `无条件开放，适用本平台的开放许可（${LICENSE.title}）`,
        en: `Open without conditions under the portal’s licence (${LICENSE.title})`,
      },
      null,
    );
  const terms = input.resource.openCondition?.trim() ?? '';
  return terms
    ? criterion(
        'license',
        weight,
        {
          zh: `有条件开放，使用条件已载明：${terms}`,
          en: `Open on conditions, and the terms of use are stated: ${terms}`,
        },
        null,
      )
    : criterion(
        'license',
        0,
        {
          zh: '有条件开放，但目录未载明开放条件，使用者无从知道可以如何使用',
          en: 'Open on conditions, but the catalog states no conditions, so users cannot know the terms of use',
        },
        {
          zh: '在目录的“开放条件”中写明使用范围、用途和期限',
          en: 'State the permitted use, purpose and period in the catalog’s open condition',
        },
      );
}

function description(input: QualityInput, weight: number): QualityCriterionT {
  const { name, summary } = input.resource;
  const length = chars(summary);
  // A summary that only repeats the title tells nothing more.
  const echoes = chars(summary.replaceAll(name, '')) < DESCRIPTION_SHORT;
  const improve = {
    zh: `用至少 ${DESCRIPTION_GOOD} 个字说明数据的内容、范围、来源和用途，不只重复名称`,
    en: `Describe the data’s content, coverage, source and use in at least ${DESCRIPTION_GOOD} characters, beyond its title`,
  };
  if (length >= DESCRIPTION_GOOD && !echoes)
    return criterion(
      'description',
      weight,
      { zh: `描述有 ${length} 个字，说明了数据的内容`, en: `The description has ${length} characters` },
      null,
    );
  if (length >= DESCRIPTION_SHORT && !echoes)
    return criterion(
      'description',
      weight / 2,
      {
        zh: `描述只有 ${length} 个字，不足 ${DESCRIPTION_GOOD} 个`,
        en: `The description has only ${length} characters, fewer than ${DESCRIPTION_GOOD}`,
      },
      improve,
    );
  return criterion(
    'description',
    0,
    echoes && length >= DESCRIPTION_SHORT
      ? { zh: '描述只是重复了数据集名称', en: 'The description only repeats the title' }
      : { zh: `描述只有 ${length} 个字`, en: `The description has only ${length} characters` },
    improve,
  );
}

function items(input: QualityInput, weight: number): QualityCriterionT {
  const all = input.resource.items;
  const described = all.filter((i) => {
    const d = i.description?.trim() ?? '';
    return chars(d) >= 2 && d !== i.name;
  }).length;
  const numeric = all.filter((i) => NUMERIC.has(i.dataType));
  const withUnit = numeric.filter(
    (i) => UNIT_IN_NAME.test(i.name) || UNIT_IN_DESCRIPTION.test(i.description ?? ''),
  ).length;
  const descShare = all.length ? described / all.length : 0;
  // Units weigh less than descriptions: a unit is one fact, a description says what the item is.
  const points = numeric.length
    ? weight * (0.7 * descShare + 0.3 * (withUnit / numeric.length))
    : weight * descShare;
  const unitText = numeric.length
    ? {
        zh: `；${numeric.length} 个数值项中 ${withUnit} 个注明了计量单位`,
        en: `; ${withUnit} of ${numeric.length} numeric items state their unit`,
      }
    : { zh: '', en: '' };
  const missingUnits = numeric.length - withUnit;
  return criterion(
    'items',
    points,
    {
      zh: `${all.length} 个数据项中 ${described} 个有说明（${pct(descShare)}）${unitText.zh}`,
      en: `${described} of ${all.length} items are described (${pct(descShare)})${unitText.en}`,
    },
    {
      zh: [
        described < all.length ? `为其余 ${all.length - described} 个数据项写明含义和取值` : '',
        missingUnits ? `为 ${missingUnits} 个数值项注明单位，如“金额（元）”或“单位：元”` : '',
      ]
        .filter(Boolean)
        .join('；'),
      en: [
        described < all.length ? `describe the other ${all.length - described} items` : '',
        missingUnits
          ? `state the unit of ${missingUnits} numeric items, e.g. “金额（元）” or “单位：元”`
          : '',
      ]
        .filter(Boolean)
        .join('; ')
        .replace(/^./, (c) => c.toUpperCase()),
    },
  );
}

/** The last change of the data: the exchange's, or the catalog's record of it (fed by the exchange). */
function lastChange(input: QualityInput): string | null {
  return (
    [input.lastChangeAt, input.resource.lastDataChangeAt]
      .filter((t): t is string => !!t)
      .sort()
      .at(-1) ?? null
  );
}

const ageDays = (at: string, now: Date) => Math.max(0, Math.floor((now.getTime() - Date.parse(at)) / DAY_MS));

function updateCycle(input: QualityInput, weight: number, now: Date): QualityCriterionT {
  const cycle = UPDATE_CYCLES.find((c) => c.value === input.resource.updateCycle);
  const pushData = {
    zh: '通过交换平台按更新周期推送数据',
    en: 'Push the data through the exchange as often as the update cycle says',
  };
  if (!cycle || cycle.overdueDays === null)
    return criterion(
      'updateCycle',
      weight / 2,
      {
        zh: '更新周期登记为“不定期”，无从判断是否按期更新',
        en: 'The update cycle is “irregular”, so whether it is kept cannot be told',
      },
      { zh: '在目录中登记明确的更新周期', en: 'Register a definite update cycle in the catalog' },
    );
  const at = lastChange(input);
  if (!at)
    return criterion(
      'updateCycle',
      0,
      {
        zh: `更新周期为${cycle.zh}，但尚无数据更新`,
        en: `The update cycle is ${cycle.en.toLowerCase()}, but no data has come yet`,
      },
      pushData,
    );
  const age = ageDays(at, now);
  const kept = {
    zh: `最近一次数据更新在 ${age} 天前，更新周期为${cycle.zh}（${cycle.overdueDays} 天内为按期）`,
    en: `The data last changed ${age} days ago; the cycle is ${cycle.en.toLowerCase()} (on time within ${cycle.overdueDays} days)`,
  };
  if (age <= cycle.overdueDays) return criterion('updateCycle', weight, kept, null);
  return criterion(
    'updateCycle',
    age <= 2 * cycle.overdueDays ? weight / 2 : 0,
    { zh: `${kept.zh}，已逾期`, en: `${kept.en}: overdue` },
    pushData,
  );
}

function formats(input: QualityInput, weight: number): QualityCriterionT {
  if (RECORD_FORMATS.includes(input.resource.formatCategory))
    return criterion(
      'formats',
      weight,
      {
        zh: '以开放、机器可读的 CSV 和 JSON 提供，另有 XLSX',
        en: 'Served as open, machine-readable CSV and JSON, and as XLSX',
      },
      null,
    );
  return criterion(
    'formats',
    0,
    {
      zh: '目录登记的格式不是结构化数据，无法以 CSV 或 JSON 提供',
      en: 'The catalog registers no structured format, so there is no CSV or JSON',
    },
    {
      zh: '以数据库或电子表格形式登记资源，并经交换平台提供记录',
      en: 'Register the resource as a database or spreadsheet and supply its records through the exchange',
    },
  );
}

function downloads(input: QualityInput, weight: number): QualityCriterionT {
  if (input.recordsHeld > 0)
    return criterion(
      'downloads',
      weight,
      input.openType === 'open'
        ? {
            zh: `可下载 ${input.recordsHeld} 条记录`,
            en: `${input.recordsHeld} records can be downloaded`,
          }
        : {
            zh: `经批准的开发者可下载 ${input.recordsHeld} 条记录`,
            en: `${input.recordsHeld} records can be downloaded by approved developers`,
          },
      null,
    );
  return criterion(
    'downloads',
    0,
    {
      zh: '交换平台中没有这个数据集的记录，下载文件是空的',
      en: 'The exchange holds no records of this dataset: its downloads are empty',
    },
    { zh: '通过交换平台推送数据', en: 'Push the data through the exchange' },
  );
}

function timeliness(input: QualityInput, weight: number, now: Date): QualityCriterionT {
  const at = lastChange(input);
  const improve = { zh: '更新数据，使其反映现状', en: 'Update the data so that it describes the present' };
  if (!at) return criterion('timeliness', 0, { zh: '尚无数据', en: 'No data yet' }, improve);
  const age = ageDays(at, now);
  const reason = { zh: `数据已有 ${age} 天未更新`, en: `The data is ${age} days old` };
  if (age <= TIMELY_DAYS) return criterion('timeliness', weight, reason, null);
  return criterion('timeliness', age <= 2 * TIMELY_DAYS ? weight / 2 : 0, reason, improve);
}

function contact(input: QualityInput, weight: number): QualityCriterionT {
  const name = input.resource.contactName?.trim();
  const phone = input.resource.contactPhone?.trim();
  const improve = {
    zh: '在目录中登记联系人和联系电话',
    en: 'Register a contact person and telephone number in the catalog',
  };
  if (name && phone)
    return criterion(
      'contact',
      weight,
      { zh: '登记了联系人和联系电话', en: 'A contact person and telephone are registered' },
      null,
    );
  if (name || phone)
    return criterion(
      'contact',
      weight / 2,
      name
        ? { zh: '只登记了联系人，没有电话', en: 'A contact person is registered, without a telephone' }
        : { zh: '只登记了电话，没有联系人', en: 'A telephone is registered, without a contact person' },
      improve,
    );
  return criterion('contact', 0, { zh: '没有登记联系方式', en: 'No contact point is registered' }, improve);
}

function theme(input: QualityInput, weight: number): QualityCriterionT {
  const group = groupOf(input.resource.classCode);
  if (group)
    return criterion(
      'theme',
      weight,
      { zh: `归入“${group.title}”分类`, en: `Classified under “${group.title}”` },
      null,
    );
  return criterion(
    'theme',
    weight / 2,
    {
      zh: '部门信息资源，没有归入基础或主题信息资源分类，按主题浏览时找不到',
      en: 'A departmental resource in no base or thematic class: browsing by theme does not find it',
    },
    {
      zh: '如内容属于基础或主题信息资源，按其分类登记',
      en: 'Classify it as a base or thematic resource where its content is one',
    },
  );
}

/** One dataset's score and criteria, at `now` (the ages of the data are counted to it). */
export function assessQuality(input: QualityInput, now: Date = new Date()): DatasetQualityT {
  const w = (id: QualityCriterionIdT) => WEIGHT.get(id)!.weight;
  const byId: Record<QualityCriterionIdT, QualityCriterionT> = {
    license: license(input, w('license')),
    description: description(input, w('description')),
    items: items(input, w('items')),
    updateCycle: updateCycle(input, w('updateCycle'), now),
    formats: formats(input, w('formats')),
    downloads: downloads(input, w('downloads')),
    timeliness: timeliness(input, w('timeliness'), now),
    contact: contact(input, w('contact')),
    theme: theme(input, w('theme')),
  };
  const criteria = QUALITY_CRITERIA.map((c) => byId[c.id]);
  return { score: criteria.reduce((n, c) => n + c.points, 0), criteria };
}

/** Departments ranked by the average of their datasets' scores; equal averages share a rank. */
export function rankDepartments(
  scored: { ds: Dataset; quality: DatasetQualityT }[],
): QualityRankingT['departments'] {
  const byOrg = new Map<string, { org: Dataset['organization']; list: typeof scored }>();
  for (const x of scored) {
    const e = byOrg.get(x.ds.organization.id) ?? { org: x.ds.organization, list: [] };
    e.list.push(x);
    byOrg.set(x.ds.organization.id, e);
  }
  const rows = [...byOrg.values()].map(({ org, list }) => ({
    organization: { name: org.name, title: org.title },
    score: Math.round((list.reduce((n, x) => n + x.quality.score, 0) / list.length) * 10) / 10,
    datasets: list.length,
    items: list
      .map((x) => ({ name: x.ds.name, title: x.ds.resource.name, score: x.quality.score }))
      .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name)),
  }));
  rows.sort(
    (a, b) =>
      b.score - a.score || b.datasets - a.datasets || a.organization.name.localeCompare(b.organization.name),
  );
  return rows.map((r) => ({ rank: rows.findIndex((x) => x.score === r.score) + 1, ...r }));
}

const CACHE_MS = 30_000;

/** The scores of every open dataset, kept as long as the open datasets' list they were computed from. */
export class OpenQuality {
  #cache: { list: Dataset[]; at: number; byName: Map<string, DatasetQualityT> } | null = null;
  #loading: Promise<Map<string, DatasetQualityT>> | null = null;

  constructor(
    private readonly datasets: OpenDatasets,
    private readonly exchange: ExchangeService,
  ) {}

  /** Every open dataset's quality by its name. */
  async all(): Promise<Map<string, DatasetQualityT>> {
    const list = await this.datasets.list();
    // A reloaded list (a publication, new data) is a new array: its scores are computed again.
    if (this.#cache && this.#cache.list === list && Date.now() - this.#cache.at < CACHE_MS)
      return this.#cache.byName;
    this.#loading ??= this.#load(list).finally(() => (this.#loading = null));
    return this.#loading;
  }

  async of(name: string): Promise<DatasetQualityT | null> {
    return (await this.all()).get(name) ?? null;
  }

  /** Forget the scores (with `OpenDatasets.invalidate`, when data arrived that the caller knows of). */
  invalidate(): void {
    this.#cache = null;
  }

  async ranking(): Promise<QualityRankingT> {
    const scores = await this.all();
    const list = await this.datasets.list();
    return {
      computedAt: new Date(this.#cache?.at ?? Date.now()).toISOString(),
      criteria: QUALITY_CRITERIA.map(({ id, label, weight }) => ({ id, label, weight })),
      departments: rankDepartments(
        list.flatMap((ds) => {
          const quality = scores.get(ds.name);
          return quality ? [{ ds, quality }] : [];
        }),
      ),
    };
  }

  async #load(list: Dataset[]): Promise<Map<string, DatasetQualityT>> {
    const held = await this.exchange.held(list.map((d) => d.resource.id));
    const now = new Date();
    const byName = new Map(
      list.map((ds) => {
        const h = held.get(ds.resource.id);
        return [
          ds.name,
          assessQuality(
            {
              resource: ds.resource,
              openType: ds.openType,
              recordsHeld: h?.recordsHeld ?? 0,
              lastChangeAt: h?.lastChangeAt ?? null,
            },
            now,
          ),
        ] as const;
      }),
    );
    this.#cache = { list, at: now.getTime(), byName };
    return byName;
  }
}
