/**
 * Builds the demo city's resource catalog (《政务信息资源目录（一期）》): 1,071 resources with 12,492 items from
 * 60 departments, the figures the city announced on 2018-11-23. Deterministic: same seed → same catalog.
 *
 * Steps: pick each department's data sets (its named ones plus a seeded draw from its topics), expand their
 * items, classify them, then distribute the catalog-wide proportions (sharing, opening, freshness) by quota so the
 * figures hold for every seed, and finally top up or trim bookkeeping columns to the announced item total.
 */
import { Random } from '../../lib/random.ts';
import {
  RECORD_FORMATS,
  UPDATE_CYCLES,
  type FormatCategory,
  type ItemInput,
  type ResourceInput,
  type SharingMethod,
  type UpdateCycle,
} from '../../modules/catalog/index.ts';
import { buildDepartments, makePerson } from '../city/index.ts';
import type { DemoDepartment } from '../city/index.ts';
import type { ClassRef, DepartmentPlan, Entry, KindCode, LegalBasis } from './dsl.ts';
import { TAIL_ITEMS, buildItems, parseToken, tailItem, tokens } from './items.ts';
import { KINDS, PARTY_ITEMS, PERIOD_WORD, orgNameColumn } from './kinds.ts';
import { PLANS_A } from './plans-a.ts';
import { PLANS_B } from './plans-b.ts';
import { PLANS_C } from './plans-c.ts';

/** A catalog entry as the seeder loads it: the department by key, plus when its data last changed. */
export interface DemoResource extends Omit<ResourceInput, 'departmentId'> {
  /** Key of a department from buildDepartments(). */
  departmentKey: string;
  /**
   * When the provider's data last changed (ISO timestamp), relative to `now`; about 8% are overdue for their
   * update cycle, about 2% unknown (null).
   */
  lastDataChangeAt: string | null;
}

/** The figures of 《连云港市政务信息资源目录（一期）》 (press conference of 2018-11-23). */
export const DEMO_CATALOG_TOTALS = { departments: 60, resources: 1071, items: 12492 } as const;

/** The demo's "today": lastDataChangeAt values are relative to it. */
export const DEMO_NOW = new Date('2026-11-01T00:00:00+08:00');

/** Target shares of sharing types, opening and data freshness, applied by quota so they hold for every seed. */
const SHARE_NONE = 0.07;
const SHARE_CONDITIONAL = 0.6;
/** 公共数据开放: the source city opened 77 resources from 28 departments, about a third of them on conditions. */
const OPEN_TOTAL = 77;
const OPEN_DEPARTMENTS = 28;
const OPEN_CONDITIONAL_SHARE = 1 / 3;
const OVERDUE_SHARE = 0.08;
const UNKNOWN_CHANGE_SHARE = 0.02;
const MAX_ITEMS = 40;
/** Trimming to the item total leaves small tables (3–6 items) alone, so the catalog keeps its small ones. */
const TRIM_FLOOR = 6;
/** Share of optional (`?`) items a data set keeps, and how many bookkeeping columns it appends. */
const KEEP_OPTIONAL = 0.85;
const TAIL_COUNTS: ReadonlyArray<readonly [number, number]> = [
  [0, 30],
  [1, 20],
  [2, 20],
  [3, 15],
  [4, 10],
  [5, 5],
];

export const DEMO_PLANS: readonly DepartmentPlan[] = [...PLANS_A, ...PLANS_B, ...PLANS_C];

export const LEGAL_BASIS: Record<LegalBasis, string> = {
  secret: '依据《中华人民共和国保守国家秘密法》，该资源涉及国家秘密，不予共享。',
  police:
    '依据《中华人民共和国保守国家秘密法》和《公安工作中国家秘密及其密级具体范围的规定》，该资源属于公安工作秘密，不予共享。',
  privacy:
    '依据《中华人民共和国个人信息保护法》第二十八条，该资源包含敏感个人信息，不予批量共享；确需使用的，凭本人授权逐条查询。',
  health:
    '依据《中华人民共和国基本医疗卫生与健康促进法》第九十二条和《中华人民共和国个人信息保护法》，该资源涉及个人健康信息，不予共享。',
  disease: '依据《中华人民共和国传染病防治法》第十二条，涉及个人隐私的传染病患者信息不得泄露，不予共享。',
  mental: '依据《中华人民共和国精神卫生法》第四条，精神障碍患者的姓名、病历资料等信息应当保密，不予共享。',
  tax: '依据《中华人民共和国税收征收管理法》第八条，税务机关应当为纳税人、扣缴义务人的情况保守秘密，不予共享。',
  stats:
    '依据《中华人民共和国统计法》第二十五条，统计调查中获得的能够识别或者推断单个统计调查对象身份的资料不得对外提供，不予共享。',
  mapping:
    '依据《中华人民共和国测绘法》和《中华人民共和国保守国家秘密法》，该资源属于涉密测绘成果，不予共享。',
  archives: '依据《中华人民共和国档案法》，该资源为未到开放期限的档案，不予共享。',
  audit: '依据《中华人民共和国审计法》和审计工作保密规定，审计工作底稿及相关资料不予共享。',
  military: '依据《中华人民共和国国防法》和《中华人民共和国保守国家秘密法》，该资源涉及军事秘密，不予共享。',
  petition: '依据《信访工作条例》，信访人的个人信息和信访材料应当保密，不予共享。',
  correction: '依据《中华人民共和国社区矫正法》，社区矫正对象的身份信息和个人隐私应当保密，不予共享。',
  network:
    '依据《中华人民共和国网络安全法》和网络安全等级保护制度，该资源涉及信息系统安全防护细节，不予共享。',
};

// Where a department has to hold back personal data without a specific flag, the law its data falls under.
const DEPARTMENT_BASIS: Record<string, LegalBasis> = {
  gaj: 'police',
  jjzd: 'police',
  wjw: 'health',
  jkzx: 'disease',
  jjzx: 'health',
  ybzx: 'health',
  shuiwu: 'tax',
  tjj: 'stats',
  dcd: 'stats',
  xfj: 'petition',
  dag: 'archives',
  sjj: 'audit',
};

const OPEN_CONDITIONS: readonly string[] = [
  '需在市公共数据开放网站实名注册并签署数据使用协议后获取',
  '仅限科研和公益用途，需提交数据使用申请并经提供方审核',
  '经脱敏处理后开放，使用者需实名注册并承诺不进行再识别',
  '通过开放接口按需调用，需申请调用授权，限制调用频次',
];

type Weighted<T> = ReadonlyArray<readonly [T, number]>;

const DATABASES: Weighted<string> = [
  ['Oracle', 40],
  ['MySQL', 28],
  ['SQL Server', 10],
  ['达梦 DM8', 10],
  ['PostgreSQL', 6],
  ['人大金仓 KingbaseES', 6],
];
const FORMAT_DETAILS: Record<Exclude<FormatCategory, 'database'>, Weighted<string>> = {
  spreadsheet: [
    ['xlsx', 70],
    ['xls', 20],
    ['csv', 10],
  ],
  service_api: [
    ['RESTful JSON', 70],
    ['WebService XML', 30],
  ],
  electronic_file: [
    ['PDF', 50],
    ['OFD', 30],
    ['DOCX', 20],
  ],
  image: [
    ['GeoTIFF', 40],
    ['JPG', 30],
    ['PNG', 15],
    ['DWG', 15],
  ],
  self_describing: [
    ['JSON', 45],
    ['XML', 30],
    ['GeoJSON', 25],
  ],
  streaming: [
    ['MP4', 60],
    ['RTSP', 40],
  ],
};

const CYCLE_DAYS: Record<Exclude<UpdateCycle, 'irregular'>, number> = {
  realtime: 1 / 48,
  daily: 1,
  weekly: 7,
  monthly: 30,
  quarterly: 91,
  semiannual: 182,
  annual: 365,
};
const OVERDUE_DAYS = new Map<UpdateCycle, number | null>(UPDATE_CYCLES.map((c) => [c.value, c.overdueDays]));
const DAY_MS = 86_400_000;

// Columns that say little about what a data set is; summaries name the others.
const GENERIC_COLUMNS = new Set([
  ...TAIL_ITEMS,
  '统计年度',
  '统计期',
  '行政区划代码',
  '区划名称',
  '填报单位',
  '填报日期',
  '登记状态',
  '当前状态',
  '备案状态',
  '证照状态',
  '证照文件',
  '附件',
  '正文',
  '主题分类',
]);

interface Draft {
  entry: Entry;
  department: DemoDepartment;
  departmentNumber: number;
  name: string;
  classRef: ClassRef | null;
  items: ItemInput[];
  summary: string;
  formatCategory: FormatCategory;
  formatDetail: string;
  sharingMethod: SharingMethod;
  updateCycle: UpdateCycle;
  contactName: string;
  contactPhone: string;
  /** Higher means more reason to share only on conditions. */
  sensitivity: number;
  /** Higher means a better candidate for opening to the public. */
  openness: number;
  // Decided catalog-wide once every data set is drafted.
  classCode: string;
  sharing: Sharing;
  opening: Opening;
  lastDataChangeAt: string | null;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function planFor(key: string): DepartmentPlan {
  const found = DEMO_PLANS.find((p) => p.key === key);
  if (!found) throw new Error(`demo catalog: no plan for department ${key}`);
  return found;
}

/** The department's named data sets plus a seeded draw from its topic candidates, in plan order. */
function selectEntries(plan: DepartmentPlan, rng: Random): Entry[] {
  const seen = new Set<string>();
  const unique = plan.entries.filter((e) => !seen.has(e.name) && seen.add(e.name));
  const pinned = unique.filter((e) => e.pinned);
  const candidates = unique.filter((e) => !e.pinned);
  const need = plan.target - pinned.length;
  if (need < 0 || need > candidates.length) {
    throw new Error(
      `demo catalog: ${plan.key} needs ${plan.target} data sets, has ${pinned.length} named + ${candidates.length} candidates`,
    );
  }
  const chosen = new Set(rng.sample(candidates, need));
  return unique.filter((e) => e.pinned || chosen.has(e));
}

/** The entry's item string with placeholders resolved. */
function itemText(entry: Entry): string {
  const kind = KINDS[entry.kind];
  const party = PARTY_ITEMS[entry.party];
  const extrasHaveKey = tokens(entry.extras).some((t) => t.startsWith('*'));
  // A data set with its own key column (船舶登记号, 设备注册代码…) is keyed by it, not by the generic one.
  const demote = (s: string) => (extrasHaveKey ? s.replace(/(^|\s)\*/g, '$1!') : s);
  const template = entry.items ?? demote(kind.items);
  const indicators = entry.ind ?? `${entry.subject}数 ?本期新增数 ?同比增长率`;
  return template
    .replace('{PK}', demote(party.key))
    .replace('{P}', party.plain)
    .replace('{X}', entry.extras)
    .replace('{I}', indicators)
    .replaceAll('{S}', entry.subject)
    .replaceAll('{N}', orgNameColumn(entry.subject));
}

function pickClass(entry: Entry, theme: DepartmentPlan['theme'], rng: Random): ClassRef | null {
  if (entry.cls) return entry.cls;
  switch (entry.kind) {
    case 'cert':
      return 'b05';
    case 'pen':
      return rng.chance(0.5) ? 'b04' : null;
    case 'img':
      return rng.chance(0.6) ? 'b03' : null;
    default:
      break;
  }
  if (!theme) return null;
  const thematic = ['stat', 'sub', 'mon', 'fac'].includes(entry.kind) ? 0.3 : 0.08;
  const themed: ClassRef = `t${theme}`;
  return rng.chance(thematic) ? themed : null;
}

function describe(
  entry: Entry,
  department: DemoDepartment,
  items: ItemInput[],
  cycle: UpdateCycle,
  rng: Random,
) {
  if (entry.summary) return entry.summary;
  const kind = KINDS[entry.kind];
  // Name the record's own columns first (its key and name, then what sets it apart), not the party boilerplate.
  const own = new Set(tokens(`${entry.extras} ${entry.ind ?? ''}`).map((t) => parseToken(t).name));
  const present = items.filter((i) => !GENERIC_COLUMNS.has(i.name)).map((i) => i.name);
  const ordered = [...present.slice(0, 2), ...present.filter((n) => own.has(n)), ...present];
  const its = [...new Set(ordered.length > 0 ? ordered : items.map((i) => i.name))].slice(0, 4).join('、');
  const what =
    entry.kind === 'gen' && entry.subject === entry.name.replace(/信息$/, '')
      ? `${department.name}采集和维护的${entry.name}，包括${its}等。`
      : kind.describe(entry.subject, department.name, its, PERIOD_WORD[cycle], entry.name);
  const lead = rng.pick(['主要用于', '用于', '可支撑']);
  return `${what}${lead}${rng.pick(kind.uses)}。`;
}

function ensureKey(items: ItemInput[]): void {
  if (items.some((i) => i.isKey)) return;
  const candidate = items.find((i) => /(编号|代码|号码|证号|字号|文号|号)$/.test(i.name)) ?? items[0];
  if (candidate) {
    candidate.isKey = true;
    candidate.required = true;
  }
}

function capItems(items: ItemInput[]): ItemInput[] {
  const out = items.slice();
  for (let i = out.length - 1; out.length > MAX_ITEMS && i >= 0; i--) {
    const item = out[i];
    if (item && !item.isKey && !item.required) out.splice(i, 1);
  }
  if (out.length > MAX_ITEMS) throw new Error(`demo catalog: more than ${MAX_ITEMS} required items`);
  return out;
}

function sharingMethodFor(format: FormatCategory, rng: Random): SharingMethod {
  switch (format) {
    case 'database':
      return rng.chance(0.7) ? 'database' : 'api';
    case 'service_api':
      return 'api';
    case 'self_describing':
      return rng.chance(0.5) ? 'api' : 'file';
    default:
      return 'file';
  }
}

interface Contact {
  name: string;
  phone: string;
}

function contactsFor(count: number, rng: Random): Contact[] {
  return Array.from({ length: count }, () => ({
    name: makePerson(rng, ['320706']).name,
    // 0518 is the city's area code; municipal offices have 8-digit numbers starting 85.
    phone: `0518-85${pad(rng.int(0, 999_999), 6)}`,
  }));
}

function draftResource(
  entry: Entry,
  department: DemoDepartment,
  departmentNumber: number,
  plan: DepartmentPlan,
  database: string,
  contacts: readonly Contact[],
  rng: Random,
): Draft {
  const kind = KINDS[entry.kind];
  const items = capItems(buildItems(itemText(entry), rng, KEEP_OPTIONAL));
  if (items.length === 0) throw new Error(`demo catalog: ${entry.name} has no items`);
  ensureKey(items);
  // Stewards append provenance columns to some tables and not to others.
  const present = new Set(items.map((i) => i.name));
  const tail = rng.sample(
    TAIL_ITEMS.filter((n) => !present.has(n)),
    Math.min(rng.weighted(TAIL_COUNTS), MAX_ITEMS - items.length),
  );
  for (const name of TAIL_ITEMS) if (tail.includes(name)) items.push(tailItem(name));
  const updateCycle = entry.cycle ?? rng.weighted(kind.cycles);
  let formatCategory = entry.format ?? rng.weighted(kind.formats);
  // Nobody mails a spreadsheet every few minutes: real-time feeds are served over an interface.
  if (updateCycle === 'realtime' && formatCategory === 'spreadsheet') formatCategory = 'service_api';
  let formatDetail = entry.formatDetail;
  if (formatDetail === undefined) {
    if (formatCategory === 'database') formatDetail = rng.chance(0.8) ? database : rng.weighted(DATABASES);
    else if (formatCategory === 'self_describing' && entry.kind === 'fac') formatDetail = 'GeoJSON';
    else formatDetail = rng.weighted(FORMAT_DETAILS[formatCategory]);
  }
  const contact = rng.pick(contacts);
  const sensitive = items.some((i) => i.sensitive);
  return {
    entry,
    department,
    departmentNumber,
    name: entry.name,
    classRef: pickClass(entry, plan.theme, rng),
    items,
    summary: describe(entry, department, items, updateCycle, rng),
    formatCategory,
    formatDetail,
    sharingMethod: sharingMethodFor(formatCategory, rng),
    updateCycle,
    contactName: contact.name,
    contactPhone: contact.phone,
    sensitivity: kind.sensitivity + (sensitive ? 2 : 0) + (entry.party === 'p' ? 1 : 0) + rng.float(0, 1.5),
    openness: kind.openness - (sensitive ? 2.5 : 0) + rng.float(0, 1.5),
    classCode: '',
    sharing: { sharingType: 'unconditional', sharingCondition: null },
    opening: { openType: 'closed', openCondition: null },
    lastDataChangeAt: null,
  };
}

/** 分类码: 类 + 项 + 目, the 目 numbered per 项 in catalog order, one per topic (business area). */
function assignClassCodes(drafts: readonly Draft[]): void {
  const counters = new Map<string, Map<string, number>>();
  for (const d of drafts) {
    const prefix = d.classRef
      ? (d.classRef[0] === 'b' ? '1' : '2') + d.classRef.slice(1)
      : `3${pad(d.departmentNumber, 2)}`;
    const topics = counters.get(prefix) ?? new Map<string, number>();
    counters.set(prefix, topics);
    const topicKey = `${d.department.key}/${d.entry.topic}`;
    const mu = topics.get(topicKey) ?? topics.size + 1;
    topics.set(topicKey, mu);
    d.classCode = prefix + pad(mu, 3);
  }
}

/** Adds or removes bookkeeping columns until the catalog holds exactly `target` items. */
function balanceItems(drafts: readonly Draft[], target: number, rng: Random): void {
  let total = drafts.reduce((sum, d) => sum + d.items.length, 0);
  const order = rng.shuffle(drafts);
  while (total !== target) {
    const before = total;
    for (const draft of order) {
      if (total === target) break;
      if (total < target) {
        if (draft.items.length >= MAX_ITEMS) continue;
        const present = new Set(draft.items.map((i) => i.name));
        const name = TAIL_ITEMS.find((n) => !present.has(n));
        if (name === undefined) continue;
        draft.items.push(tailItem(name));
        total++;
      } else {
        if (draft.items.length <= TRIM_FLOOR) continue;
        const at = draft.items.findLastIndex((i) => !i.isKey && !i.required);
        if (at < 0) continue;
        draft.items.splice(at, 1);
        total--;
      }
    }
    if (total === before) throw new Error(`demo catalog: cannot reach ${target} items (stuck at ${total})`);
  }
}

function sharingCondition(draft: Draft, rng: Random): string {
  const s = draft.entry.subject;
  const personal = draft.items.some((i) => i.sensitive);
  const options = personal
    ? [
        `涉及个人信息，按最小必要原则提供，仅限办理${s}相关业务时核验使用，需经提供方审核`,
        '仅限依法履职需要查询核验，不提供批量下载；需说明使用事由并经提供方审核',
        `仅限办理${s}相关业务使用，需经提供方审核，使用单位须签订《政务信息资源共享安全保密协议》`,
      ]
    : [
        `仅限办理${s}相关业务使用，需经提供方审核`,
        '仅限各部门依法履职使用，需通过共享平台提出申请并经提供方审核',
        '需说明使用事由和范围，经提供方审核同意后通过共享平台获取',
        `仅限涉及${s}的行政审批和事中事后监管使用，需经提供方审核`,
      ];
  return rng.pick(options);
}

interface Sharing {
  sharingType: ResourceInput['sharingType'];
  sharingCondition: string | null;
}

interface Opening {
  openType: ResourceInput['openType'];
  openCondition: string | null;
}

/** Sharing types by quota: flagged data sets first for 不予共享, then the most sensitive share on conditions. */
function assignSharing(drafts: readonly Draft[], rng: Random): void {
  const noneQuota = Math.round(drafts.length * SHARE_NONE);
  const conditionalQuota = Math.round(drafts.length * SHARE_CONDITIONAL);
  const bySensitivity = drafts.slice().sort((a, b) => b.sensitivity - a.sensitivity);
  const decided = new Set<Draft>();
  const withhold = (d: Draft, basis: LegalBasis) => {
    d.sharing = { sharingType: 'none', sharingCondition: LEGAL_BASIS[basis] };
    decided.add(d);
  };
  for (const d of bySensitivity) {
    if (d.entry.secret && decided.size < noneQuota) withhold(d, d.entry.secret);
  }
  // Too few flagged data sets drawn: hold back the most sensitive personal data sets, under their field's law.
  for (const d of bySensitivity) {
    if (decided.size >= noneQuota) break;
    if (decided.has(d) || d.entry.pinned || !d.items.some((i) => i.sensitive)) continue;
    withhold(d, DEPARTMENT_BASIS[d.department.key] ?? 'privacy');
  }
  let conditional = 0;
  for (const d of bySensitivity) {
    if (decided.has(d)) continue;
    if (conditional < conditionalQuota) {
      d.sharing = { sharingType: 'conditional', sharingCondition: sharingCondition(d, rng) };
      conditional++;
    } else {
      d.sharing = { sharingType: 'unconditional', sharingCondition: null };
    }
  }
}

/** Kinds of data set no city opens: benefit payments, case files of applicants, certificates of holders. */
const NEVER_OPENED: ReadonlySet<KindCode> = new Set(['sub', 'case', 'cert']);

/** What cities' open data portals are made of, by name: the public asks for these first. */
const OPEN_INTEREST: ReadonlyArray<readonly [RegExp, number]> = [
  [/(公交|客运|出租汽车|公共自行车|停车|充电|交通流量|港口|码头|航班)/, 2.5],
  [/(空气|水质|声环境|噪声|气象|天气|雨量|水位|潮位|气候|污染源|排污|环境质量)/, 2.5],
  [/(价格|收费)/, 2],
  [/(旅游|景区|饭店|旅行社|文物|文化设施|非物质文化遗产|体育场馆|健身|公园)/, 2],
  [/(学校|幼儿园|托育)/, 1.5],
  [/(医疗机构|医院|药店|定点医药|卫生院|急救站)/, 1.5],
  [/(许可|抽检|抽查|监督检查|检验|评定|行政处罚)/, 1],
  [/(分布|名录|统计|公报|年鉴|目录)/, 0.5],
];
/** Records of people, even counted: household registration, health, social insurance, benefits… stay closed. */
const PERSONAL_DOMAIN =
  /(户口|户籍|人口|身份证|居住证|护照|通行证|出入境|婚姻|出生|死亡|救助|低保|特困|残疾|孤儿|儿童|老年|优抚|退役|社会保险|参保|医保|医疗保障|公积金|纳税|税|信访|病|健康|体质|接种|疫|就业|失业|劳动|工资|考试|学籍|学生|招生|犬|宗教|殡葬|火化|警|治安|刑|吸毒|矫正)/;

/** Items that point at one person even where the catalog does not flag them: a number plate, a vehicle. */
const PERSONAL_ITEM = /(号牌号码|车辆识别代号|驾驶证|准考证)/;

/** Kinds a portal serves on conditions (bulk records of named enterprises, feeds by API) rather than outright. */
const CONDITIONAL_LEAN: Partial<Record<KindCode, number>> = {
  mon: 2,
  chk: 1.5,
  reg: 1.5,
  rec: 1.5,
  dir: 1.5,
  proj: 1,
  chg: 1,
  cancel: 1,
  gen: 1,
  stat: -1,
  fac: -1,
  doc: -1,
};

function openScore(d: Draft): number {
  const interest = OPEN_INTEREST.reduce((sum, [re, w]) => sum + (re.test(d.name) ? w : 0), 0);
  return (
    d.openness +
    interest +
    (d.sharing.sharingType === 'unconditional' ? 1.5 : 0) -
    (PERSONAL_DOMAIN.test(d.name) ? 4 : 0)
  );
}

/**
 * Whether a city could open the data set at all: shared, no personal data, not records of people — and held as
 * records (database, spreadsheet, interface), which is what the open data portal serves from the exchange.
 */
function openable(d: Draft): boolean {
  return (
    RECORD_FORMATS.includes(d.formatCategory) &&
    d.sharing.sharingType !== 'none' &&
    d.entry.party !== 'p' &&
    !NEVER_OPENED.has(d.entry.kind) &&
    !d.items.some((i) => i.sensitive || PERSONAL_ITEM.test(i.name)) &&
    !(d.entry.kind !== 'stat' && PERSONAL_DOMAIN.test(d.name))
  );
}

/**
 * 公共数据开放 as the source city did it: exactly OPEN_TOTAL resources from exactly OPEN_DEPARTMENTS departments —
 * the departments whose open-able data the public wants most, each opening its best data set, the rest chosen by
 * interest with a little weight against piling up one kind or one department — about a third on conditions
 * (feeds served by API, bulk records of named enterprises), the rest unconditionally. Data not shared, personal
 * data, records of people and files (documents, maps) are never opened.
 */
function assignOpening(drafts: readonly Draft[], rng: Random): void {
  const pool = drafts.filter(openable).map((d) => ({ d, score: openScore(d) }));
  const byDepartment = new Map<string, typeof pool>();
  for (const c of pool) {
    const list = byDepartment.get(c.d.department.key) ?? [];
    list.push(c);
    byDepartment.set(c.d.department.key, list);
  }
  // A department's draw: its three best data sets, so one lucky data set does not carry a department in.
  const appeal = (list: typeof pool) =>
    list
      .map((c) => c.score)
      .sort((a, b) => b - a)
      .slice(0, 3)
      .reduce((sum, x) => sum + x, 0);
  const departments = [...byDepartment.entries()]
    .sort(([ka, a], [kb, b]) => appeal(b) - appeal(a) || ka.localeCompare(kb))
    .slice(0, OPEN_DEPARTMENTS)
    .map(([key]) => key);
  if (departments.length < OPEN_DEPARTMENTS) {
    throw new Error(`demo catalog: only ${departments.length} departments have data a city could open`);
  }
  const candidates = departments.flatMap((key) => byDepartment.get(key) ?? []);
  if (candidates.length < OPEN_TOTAL) {
    throw new Error(`demo catalog: only ${candidates.length} data sets a city could open`);
  }
  const chosen = new Set<Draft>();
  const kinds = new Map<KindCode, number>();
  const perDepartment = new Map<string, number>();
  const take = (d: Draft) => {
    chosen.add(d);
    kinds.set(d.entry.kind, (kinds.get(d.entry.kind) ?? 0) + 1);
    perDepartment.set(d.department.key, (perDepartment.get(d.department.key) ?? 0) + 1);
  };
  const best = (list: typeof pool) => list.reduce((a, b) => (b.score > a.score ? b : a));
  for (const key of departments) take(best(byDepartment.get(key) ?? []).d);
  while (chosen.size < OPEN_TOTAL) {
    const adjusted = candidates
      .filter((c) => !chosen.has(c.d))
      .map((c) => ({
        d: c.d,
        score:
          c.score -
          0.3 * (kinds.get(c.d.entry.kind) ?? 0) -
          0.6 * (perDepartment.get(c.d.department.key) ?? 0),
      }));
    take(best(adjusted).d);
  }
  const lean = (d: Draft) =>
    (CONDITIONAL_LEAN[d.entry.kind] ?? 0) +
    (d.sharing.sharingType === 'conditional' ? 1 : 0) +
    (d.updateCycle === 'realtime' ? 1 : 0);
  const opened = [...chosen].sort((a, b) => lean(b) - lean(a) || openScore(a) - openScore(b));
  const conditional = new Set(opened.slice(0, Math.round(OPEN_TOTAL * OPEN_CONDITIONAL_SHARE)));
  // In catalog order, so the conditions' draws do not depend on the ranking's ties.
  for (const d of drafts) {
    if (!chosen.has(d)) continue;
    d.opening = conditional.has(d)
      ? {
          openType: 'conditional',
          openCondition:
            d.formatCategory === 'service_api' || d.updateCycle === 'realtime'
              ? (OPEN_CONDITIONS[3] as string)
              : rng.pick(OPEN_CONDITIONS.slice(0, 3)),
        }
      : { openType: 'open', openCondition: null };
  }
}

/** lastDataChangeAt: most within their cycle, a quota overdue, a few unknown, irregular data any time. */
function assignFreshness(drafts: readonly Draft[], now: Date, rng: Random): void {
  const unknownQuota = Math.round(drafts.length * UNKNOWN_CHANGE_SHARE);
  const overdueQuota = Math.round(drafts.length * OVERDUE_SHARE);
  let unknown = 0;
  let overdue = 0;
  const at = (ageDays: number) =>
    new Date(Math.floor((now.getTime() - ageDays * DAY_MS) / 1000) * 1000).toISOString();
  for (const d of rng.shuffle(drafts)) {
    const cycle = d.updateCycle;
    const overdueDays = OVERDUE_DAYS.get(cycle) ?? null;
    if (unknown < unknownQuota) {
      unknown++;
      d.lastDataChangeAt = null;
    } else if (cycle === 'irregular' || overdueDays === null) {
      d.lastDataChangeAt = at(rng.float(1, 900));
    } else if (overdue < overdueQuota) {
      overdue++;
      d.lastDataChangeAt = at(overdueDays * rng.float(1.15, 4));
    } else {
      d.lastDataChangeAt = at(CYCLE_DAYS[cycle] * rng.float(0.02, 0.95));
    }
  }
}

/**
 * The demo catalog: exactly 1,071 resources and 12,492 items over the 60 demo departments, in department order.
 * Same seed and `now` → deep-equal output.
 */
export function buildDemoCatalog(seed: number = 2018, now: Date = DEMO_NOW): DemoResource[] {
  const root = new Random(`catalog/${seed}`);
  const departments = buildDepartments();
  const totalTarget = DEMO_PLANS.reduce((sum, p) => sum + p.target, 0);
  if (DEMO_PLANS.length !== departments.length || totalTarget !== DEMO_CATALOG_TOTALS.resources) {
    throw new Error(`demo catalog: ${DEMO_PLANS.length} plans for ${totalTarget} resources`);
  }

  const drafts: Draft[] = [];
  const names = new Set<string>();
  departments.forEach((department, index) => {
    const plan = planFor(department.key);
    const rng = root.fork(`dept/${department.key}`);
    const database = rng.weighted(DATABASES);
    const contacts = contactsFor(Math.min(4, Math.max(1, Math.ceil(plan.target / 12))), rng);
    for (const entry of selectEntries(plan, rng)) {
      const draft = draftResource(
        entry,
        department,
        index + 1,
        plan,
        database,
        contacts,
        root.fork(`res/${department.key}/${entry.name}`),
      );
      // Two departments can keep data sets of the same name (each its own 行政处罚信息…): the later one says whose.
      if (names.has(draft.name)) draft.name = `${department.shortName}${draft.name}`;
      if (names.has(draft.name)) throw new Error(`demo catalog: duplicate resource name ${draft.name}`);
      names.add(draft.name);
      drafts.push(draft);
    }
  });

  balanceItems(drafts, DEMO_CATALOG_TOTALS.items, root.fork('balance'));
  assignClassCodes(drafts);
  assignSharing(drafts, root.fork('sharing'));
  assignOpening(drafts, root.fork('opening'));
  assignFreshness(drafts, now, root.fork('freshness'));

  return drafts.map((d) => ({
    departmentKey: d.department.key,
    name: d.name,
    classCode: d.classCode,
    summary: d.summary,
    formatCategory: d.formatCategory,
    formatDetail: d.formatDetail,
    ...d.sharing,
    sharingMethod: d.sharingMethod,
    ...d.opening,
    updateCycle: d.updateCycle,
    relatedCodes: [],
    contactName: d.contactName,
    contactPhone: d.contactPhone,
    items: d.items,
    lastDataChangeAt: d.lastDataChangeAt,
  }));
}

/** The ResourceInput the catalog service takes, for a department id the seeder has resolved. */
export function toResourceInput(resource: DemoResource, departmentId: string): ResourceInput {
  const { departmentKey: _key, lastDataChangeAt: _changed, ...input } = resource;
  return { ...input, departmentId };
}
