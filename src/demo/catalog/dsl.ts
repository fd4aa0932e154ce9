/**
 * The small vocabulary the per-department plans are written in.
 *
 * A plan lists data sets in three forms:
 * - `x(name, kind, items, opts)`: a data set with its own item list (the named, well-known data sets);
 * - `r(name, kind, party, extras, opts)`: a data set built from its kind's archetype plus its own extra items;
 * - `t(subject, party, kinds, extras, opts)`: a business subject (旅馆业, 养老机构…) that yields one data set per
 *   kind, e.g. `t('旅馆业', 'o', 'lic chk')` → 旅馆业许可信息, 旅馆业检查信息. `kind=名称` names one explicitly.
 * `x` and `r` data sets are always in the catalog; each department's remaining places are filled from its topics.
 */
import type { FormatCategory, UpdateCycle } from '../../modules/catalog/index.ts';

/** Whose records a data set holds: person, organisation, either (行政相对人, as in 双公示), or things. */
export type Party = 'p' | 'o' | 'b' | 'x';

export type KindCode =
  | 'reg'
  | 'lic'
  | 'rec'
  | 'chk'
  | 'pen'
  | 'dir'
  | 'stat'
  | 'cert'
  | 'sub'
  | 'proj'
  | 'fac'
  | 'mon'
  | 'case'
  | 'doc'
  | 'img'
  | 'chg'
  | 'cancel'
  | 'eval'
  | 'gen';

type BaseRef = 'b01' | 'b02' | 'b03' | 'b04' | 'b05';
type ThemeRef = `t${'01' | '02' | '03' | '04' | '05' | '06' | '07' | '08' | '09' | '10' | '11' | '12'}`;
/** A base (b + 项) or thematic (t + 项) classification; departmental is the default. */
export type ClassRef = BaseRef | ThemeRef;
export type ThemeItem = ThemeRef extends `t${infer N}` ? N : never;

/** Why a data set is not shared (不予共享): the legal basis written into its sharing condition. */
export type LegalBasis =
  | 'secret'
  | 'police'
  | 'privacy'
  | 'health'
  | 'disease'
  | 'mental'
  | 'tax'
  | 'stats'
  | 'mapping'
  | 'archives'
  | 'audit'
  | 'military'
  | 'petition'
  | 'correction'
  | 'network';

export interface EntryOptions {
  /** A complete item string replacing the kind's archetype. */
  items?: string;
  /** Indicator columns of statistics and readings of monitoring data sets. */
  ind?: string;
  summary?: string;
  cls?: ClassRef;
  cycle?: UpdateCycle;
  format?: FormatCategory;
  formatDetail?: string;
  secret?: LegalBasis;
  /** Business subject used in generated summaries and sharing conditions (defaults from the name). */
  subject?: string;
  /** Groups data sets under one 目 of the classification. */
  area?: string;
}

export interface Entry extends EntryOptions {
  name: string;
  kind: KindCode;
  party: Party;
  extras: string;
  subject: string;
  /** Data sets of one topic share a 目 of the classification. */
  topic: string;
  /** Always part of the catalog (named data sets), as opposed to topic candidates drawn per seed. */
  pinned: boolean;
}

export interface DepartmentPlan {
  key: string;
  /** Resources this department provides in the demo catalog. */
  target: number;
  /** 主题 项 its statistics and services most often belong to. */
  theme: ThemeItem | null;
  entries: Entry[];
}

/** Name suffix each kind gives a topic's data set. */
export const KIND_SUFFIX: Record<KindCode, string> = {
  reg: '登记信息',
  lic: '许可信息',
  rec: '备案信息',
  chk: '检查信息',
  pen: '行政处罚信息',
  dir: '基本信息',
  stat: '统计信息',
  cert: '信息',
  sub: '发放信息',
  proj: '项目信息',
  fac: '分布信息',
  mon: '监测信息',
  case: '办件信息',
  doc: '',
  img: '',
  chg: '变更信息',
  cancel: '注销信息',
  eval: '评定信息',
  gen: '信息',
};

/** Joins subject and suffix without repeating their overlap: 企业投资项目 + 项目信息 → 企业投资项目信息. */
export function joinName(subject: string, suffix: string): string {
  // Only whole words overlap: 抽检 + 检查信息 must not become 抽检查信息.
  for (let k = Math.min(subject.length, suffix.length); k > 1; k--) {
    if (subject.endsWith(suffix.slice(0, k))) return subject + suffix.slice(k);
  }
  return subject + suffix;
}

function subjectOf(name: string, kind: KindCode): string {
  const suffix = KIND_SUFFIX[kind];
  if (suffix.length > 2 && name.endsWith(suffix)) return name.slice(0, -suffix.length) || name;
  return name.replace(/(基本信息|信息|名录|名单)$/, '') || name;
}

/** A data set with its own item list. */
export function x(name: string, kind: KindCode, items: string, opts: EntryOptions = {}): Entry {
  return {
    ...opts,
    name,
    kind,
    party: 'x',
    extras: '',
    items,
    subject: opts.subject ?? subjectOf(name, kind),
    topic: opts.area ?? name,
    pinned: true,
  };
}

/** A data set built from its kind's archetype plus extra items. */
export function r(name: string, kind: KindCode, party: Party, extras = '', opts: EntryOptions = {}): Entry {
  return {
    ...opts,
    name,
    kind,
    party,
    extras,
    subject: opts.subject ?? subjectOf(name, kind),
    topic: opts.area ?? name,
    pinned: true,
  };
}

/**
 * The suffix a topic's data set takes, where the subject already says what the suffix would: 人员 directories,
 * licences named by their certificate (…许可证), inspections named by their method (…抽检), 观测 feeds….
 */
function topicSuffix(kind: KindCode, party: Party, subject: string): string {
  const plain: Partial<Record<KindCode, RegExp>> = {
    dir: /(名录|名录库|目录|库存|储备|价格|进出港)$/,
    lic: /(证|书)$/,
    chk: /(抽检|抽查|检验|快检|稽查|稽核|检查|巡查|监察|检定)$/,
    rec: /(报告|监测)$/,
    mon: /(监测|观测|位置|动态)$/,
    stat: /(指数|核算|调查)$/,
  };
  if (kind === 'dir' && party === 'p') return '信息';
  if (kind === 'case') return /(业务|许可)$/.test(subject) ? '办件信息' : '信息';
  return plain[kind]?.test(subject) ? '信息' : KIND_SUFFIX[kind];
}

/** A business subject yielding one candidate data set per kind (`kind` or `kind=名称`). */
export function t(
  subject: string,
  party: Party,
  kinds: string,
  extras = '',
  opts: EntryOptions = {},
): Entry[] {
  return kinds
    .split(/\s+/)
    .filter((k) => k.length > 0)
    .map((spec) => {
      const [code = '', explicit] = spec.split('=');
      if (!(code in KIND_SUFFIX)) throw new Error(`demo catalog: unknown kind "${code}" for ${subject}`);
      const kind = code as KindCode;
      const suffix = topicSuffix(kind, party, subject);
      return {
        ...opts,
        name: explicit ?? joinName(subject, suffix),
        kind,
        party,
        extras,
        subject: opts.subject ?? subject,
        topic: opts.area ?? subject,
        pinned: false,
      };
    });
}

export function plan(
  key: string,
  target: number,
  theme: ThemeItem | null,
  ...entries: ReadonlyArray<Entry | Entry[]>
): DepartmentPlan {
  return { key, target, theme, entries: entries.flat() };
}
