/**
 * The demo city's records: deterministic synthetic rows of the named data sets (population, enterprise legal
 * persons, marriages, vehicles, social insurance, real estate, housing provident fund), shaped by the demo
 * catalog's own items so that `tongban seed` can load them through the real ingest path.
 *
 * One population of `people` residents underlies every set: marriages are between its residents, enterprises'
 * legal representatives, vehicle and property owners, insured employees and fund depositors are its residents,
 * employers are its enterprises. Any record is computed from (seed, index) alone, so sets of millions of rows are
 * streamed without being held in memory, and the same options always give the same rows.
 */
import { DEMO_NOW, buildDemoCatalog } from '../catalog/index.ts';
import type { DemoResource } from '../catalog/index.ts';
import { buildDepartments } from '../city/index.ts';
import { Random } from '../../lib/random.ts';
import type { ItemInput } from '../../modules/catalog/index.ts';
import {
  PERSON_LIMIT,
  coreOf,
  coupleOf,
  enterpriseCount,
  isEmployed,
  newCore,
  seedTables,
} from './population.ts';
export { PERSON_LIMIT } from './population.ts';
import {
  enterpriseRow,
  estateCount,
  estateRow,
  fundRow,
  hasFund,
  insuranceRows,
  insuranceTypesOf,
  marriageRow,
  newScratch,
  plateCapacity,
  residentRow,
  tailMask,
  vehicleCount,
  vehicleRow,
} from './sets.ts';
import type { Row, Scratch, World } from './sets.ts';
import { dateStr, dayOfInstant, mix32, secondOfInstant, timestampStr } from './stream.ts';

export interface DemoRecordSet {
  /** Department key, e.g. 'gaj'. */
  departmentKey: string;
  /** Exact demo catalog resource name, e.g. '人口基本信息'. */
  resourceName: string;
  count: number;
  /** Item name → value; a fresh iterator on each call, the same rows every time. */
  rows(): Iterable<Record<string, unknown>>;
}

export interface DemoRecordsOptions {
  /** Default DEMO_RECORDS_SEED. */
  seed?: number;
  /** Residents; default 20,000. Every other set scales with it. */
  people?: number;
  /** The demo's "today": no date lies after it. Default DEMO_NOW; must be 2016 or later. */
  now?: Date;
  /** The catalog whose items shape the rows; default buildDemoCatalog() as `tongban seed` loads it. */
  catalog?: readonly DemoResource[];
}

export const DEMO_RECORDS_SEED = 2018;
export const DEFAULT_PEOPLE = 20_000;

/** The named data sets: department key and exact demo catalog resource name. */
export const DEMO_RECORD_RESOURCES = {
  population: { departmentKey: 'gaj', resourceName: '人口基本信息' },
  household: { departmentKey: 'gaj', resourceName: '户籍人口信息' },
  enterprises: { departmentKey: 'scjgj', resourceName: '企业法人登记信息' },
  marriages: { departmentKey: 'mzj', resourceName: '婚姻登记信息' },
  vehicles: { departmentKey: 'jjzd', resourceName: '机动车登记信息' },
  insurance: { departmentKey: 'sbzx', resourceName: '社会保险参保信息' },
  estate: { departmentKey: 'bdc', resourceName: '不动产登记信息' },
  fund: { departmentKey: 'gjj', resourceName: '住房公积金缴存信息' },
} as const;
export type DemoRecordSetName = keyof typeof DEMO_RECORD_RESOURCES;

// ---- Worlds and catalog items, cached ------------------------------------------------------------------

let defaultCatalog: readonly DemoResource[] | null = null;
function catalogOf(options: DemoRecordsOptions): readonly DemoResource[] {
  if (options.catalog) return options.catalog;
  defaultCatalog ??= buildDemoCatalog();
  return defaultCatalog;
}

function itemsOf(catalog: readonly DemoResource[], departmentKey: string, resourceName: string): ItemInput[] {
  const resource = catalog.find((r) => r.departmentKey === departmentKey && r.name === resourceName);
  if (!resource)
    throw new Error(`demo records: the catalog has no resource ${departmentKey}/${resourceName}`);
  return resource.items;
}

interface Counts {
  marriages?: number;
  insurance?: number;
  fund?: number;
}

interface CachedWorld {
  world: World;
  counts: Counts;
}

const worlds = new Map<string, CachedWorld>();

function worldFor(options: DemoRecordsOptions): CachedWorld {
  const seed = options.seed ?? DEMO_RECORDS_SEED;
  const people = options.people ?? DEFAULT_PEOPLE;
  const now = options.now ?? DEMO_NOW;
  if (!(people === Infinity || (Number.isSafeInteger(people) && people >= 0))) {
    throw new RangeError(`demo records: people must be a non-negative integer, got ${people}`);
  }
  if (!Number.isSafeInteger(seed)) throw new RangeError(`demo records: seed must be an integer, got ${seed}`);
  const nowDay = dayOfInstant(now);
  if (!(nowDay >= dayOfInstant(new Date('2016-06-01T00:00:00+08:00')))) {
    throw new RangeError(
      'demo records: now must be 2016-06-01 or later (the youngest residents are born in 2015)',
    );
  }
  if (people !== Infinity && vehicleCount(people) > plateCapacity()) {
    throw new RangeError(
      `demo records: at most ${Math.floor(plateCapacity() / 0.28)} people (number plates run out)`,
    );
  }
  const key = `${seed}/${people}/${now.getTime()}`;
  const hit = worlds.get(key);
  if (hit) return hit;
  const cached: CachedWorld = {
    world: {
      t: seedTables(seed),
      people,
      enterprises: people === Infinity ? Infinity : enterpriseCount(people),
      nowDay,
      nowSecond: secondOfInstant(now),
      departmentNames: Object.fromEntries(buildDepartments().map((d) => [d.key, d.fullName])),
    },
    counts: {},
  };
  // A handful of worlds at most in practice (a seed, a benchmark size); drop the oldest beyond that.
  if (worlds.size >= 8) worlds.delete(worlds.keys().next().value as string);
  worlds.set(key, cached);
  return cached;
}

// ---- Projection onto the catalog's items -----------------------------------------------------------------

/** A value for a required item the generators do not know (a catalog edited since): typed, plain. */
function fallbackValue(item: ItemInput, world: World): unknown {
  switch (item.dataType) {
    case 'N':
    case 'Y':
    case 'I':
    case 'B':
    case 'F':
      return 0;
    case 'D':
      return dateStr(world.nowDay);
    case 'T':
      return timestampStr(world.nowDay, 0);
    case 'L':
      return false;
    default:
      return '其他'.slice(0, item.length ?? 2);
  }
}

/** Omission patterns per set: few, so rows share a handful of shapes (a shape per row would be slow). */
const OMIT_PATTERNS = 16;

/**
 * Keeps the catalog's items only, in item order, and leaves about one optional value in ten empty (the key is
 * omitted). A row takes one of OMIT_PATTERNS patterns by its index, so the same row always loses the same values.
 * The projection is compiled to straight-line code with one constant-key access per item, which keeps V8's
 * property caches monomorphic; the item names enter the code only as JSON string literals.
 */
class Projector {
  readonly project: (full: Row, rowIndex: number) => Row;
  constructor(
    readonly items: readonly ItemInput[],
    world: World,
    salt: number,
  ) {
    const rng = new Random(`records/omit/${salt}`);
    const patterns = Array.from({ length: OMIT_PATTERNS }, () =>
      Uint8Array.from(items, (item) => (item.required || item.isKey || !rng.chance(0.1) ? 0 : 1)),
    );
    const fallbacks = items.map((item) => fallbackValue(item, world));
    const lines = items.map((item, j) => {
      const key = JSON.stringify(item.name);
      return item.required || item.isKey
        ? `v = full[${key}]; out[${key}] = v === undefined || v === null ? fallbacks[${j}] : v;`
        : `if (p[${j}] === 0) { v = full[${key}]; if (v !== undefined && v !== null) out[${key}] = v; }`;
    });
    const source =
      'return function project(full, rowIndex) {\n' +
      `  const p = patterns[(mix32((rowIndex ^ ${salt}) >>> 0) + Math.floor(rowIndex / 4294967296)) % ${OMIT_PATTERNS}];\n` +
      '  const out = {};\n  let v;\n  ' +
      lines.join('\n  ') +
      '\n  return out;\n};';
    this.project = new Function('patterns', 'fallbacks', 'mix32', source)(patterns, fallbacks, mix32) as (
      full: Row,
      rowIndex: number,
    ) => Row;
  }
}

// ---- The sets --------------------------------------------------------------------------------------------

interface SetSpec {
  name: DemoRecordSetName;
  count(c: CachedWorld): number;
  /** Full rows with a row index for the projection. */
  full(c: CachedWorld, tail: number): Generator<[Row, number]>;
}

function* indexed(n: number, tail: number, make: (i: number, s: Scratch) => Row): Generator<[Row, number]> {
  const s = newScratch(tail);
  for (let i = 0; i < n; i++) yield [make(i, s), i];
}

function marriageCount(c: CachedWorld): number {
  if (c.counts.marriages !== undefined) return c.counts.marriages;
  const { t, people, nowDay } = c.world;
  const m = newCore();
  const f = newCore();
  let n = 0;
  for (let k = 0; k < Math.floor(people / 2); k++)
    if (coupleOf(t, k, people, nowDay, m, f).marriedDay >= 0) n++;
  c.counts.marriages = n;
  return n;
}

function insuranceCount(c: CachedWorld): number {
  if (c.counts.insurance !== undefined) return c.counts.insurance;
  const { t, people, nowDay } = c.world;
  const core = newCore();
  let n = 0;
  for (let i = 0; i < people; i++) {
    if (isEmployed(t, i, coreOf(t, i, core), nowDay)) n += insuranceTypesOf(t, i).length;
  }
  c.counts.insurance = n;
  return n;
}

function fundCount(c: CachedWorld): number {
  if (c.counts.fund !== undefined) return c.counts.fund;
  const { t, people, nowDay } = c.world;
  const core = newCore();
  let n = 0;
  for (let i = 0; i < people; i++) if (hasFund(t, i) && isEmployed(t, i, coreOf(t, i, core), nowDay)) n++;
  c.counts.fund = n;
  return n;
}

/** Fund rows from row number `from` on; the rows before it are skipped by the cheap membership test. */
function* fundRows(c: CachedWorld, tail: number, from = 0): Generator<[Row, number]> {
  const s = newScratch(tail);
  const { world } = c;
  const core = newCore();
  let r = 0;
  for (let i = 0; i < world.people; i++) {
    if (r < from) {
      if (hasFund(world.t, i) && isEmployed(world.t, i, coreOf(world.t, i, core), world.nowDay)) r++;
      continue;
    }
    const row = fundRow(world, i, s);
    if (row) yield [row, r++];
  }
}

const SPECS: readonly SetSpec[] = [
  {
    name: 'population',
    count: (c) => c.world.people,
    full: (c, tail) => indexed(c.world.people, tail, (i, s) => residentRow(c.world, i, s)),
  },
  {
    name: 'household',
    count: (c) => c.world.people,
    full: (c, tail) => indexed(c.world.people, tail, (i, s) => residentRow(c.world, i, s)),
  },
  {
    name: 'enterprises',
    count: (c) => c.world.enterprises,
    full: (c, tail) => indexed(c.world.enterprises, tail, (e, s) => enterpriseRow(c.world, e, s)),
  },
  {
    name: 'marriages',
    count: marriageCount,
    full: function* (c, tail) {
      const s = newScratch(tail);
      let r = 0;
      for (let k = 0; k < Math.floor(c.world.people / 2); k++) {
        const row = marriageRow(c.world, k, s);
        if (row) yield [row, r++];
      }
    },
  },
  {
    name: 'vehicles',
    count: (c) => vehicleCount(c.world.people),
    full: (c, tail) => indexed(vehicleCount(c.world.people), tail, (v, s) => vehicleRow(c.world, v, s)),
  },
  {
    name: 'insurance',
    count: insuranceCount,
    full: function* (c, tail) {
      const s = newScratch(tail);
      let r = 0;
      for (let i = 0; i < c.world.people; i++)
        for (const row of insuranceRows(c.world, i, s)) yield [row, r++];
    },
  },
  {
    name: 'estate',
    count: (c) => estateCount(c.world.people),
    full: (c, tail) => indexed(estateCount(c.world.people), tail, (u, s) => estateRow(c.world, u, s)),
  },
  { name: 'fund', count: fundCount, full: (c, tail) => fundRows(c, tail) },
];

class RecordSet implements DemoRecordSet {
  readonly departmentKey: string;
  readonly resourceName: string;
  private readonly projector: Projector;
  private readonly tail: number;
  constructor(
    private readonly spec: SetSpec,
    private readonly cached: CachedWorld,
    catalog: readonly DemoResource[],
  ) {
    const { departmentKey, resourceName } = DEMO_RECORD_RESOURCES[spec.name];
    this.departmentKey = departmentKey;
    this.resourceName = resourceName;
    const items = itemsOf(catalog, departmentKey, resourceName);
    this.projector = new Projector(items, cached.world, mix32(SPECS.indexOf(spec) + 1));
    this.tail = tailMask(items.map((i) => i.name));
  }
  get count(): number {
    return this.spec.count(this.cached);
  }
  *rows(): Generator<Record<string, unknown>> {
    for (const [row, index] of this.spec.full(this.cached, this.tail))
      yield this.projector.project(row, index);
  }
}

/**
 * The demo city's record sets, one per named data set (population twice: 人口基本信息 and 户籍人口信息). Counts of
 * sets that depend on ages (marriages, insurance, fund) are computed on first access by a fast scan.
 */
export function buildDemoRecords(options: DemoRecordsOptions = {}): DemoRecordSet[] {
  const cached = worldFor(options);
  const catalog = catalogOf(options);
  return SPECS.map((spec) => new RecordSet(spec, cached, catalog));
}

/** One named set (see DEMO_RECORD_RESOURCES). */
export function demoRecordSet(name: DemoRecordSetName, options: DemoRecordsOptions = {}): DemoRecordSet {
  const spec = SPECS.find((s) => s.name === name) as SetSpec;
  return new RecordSet(spec, worldFor(options), catalogOf(options));
}

let personProjector: { seed: number; world: World; projector: Projector; scratch: Scratch } | null = null;

/**
 * Resident i's row of 人口基本信息, in a city without a size limit (the ingest benchmark streams millions). It is
 * the population set's row i whenever i's partner (i xor 1) is also in that set. Distinct i (below
 * PERSON_LIMIT, about 120 million) give distinct ID numbers.
 */
export function personRow(i: number, seed: number = DEMO_RECORDS_SEED): Record<string, unknown> {
  if (!(Number.isSafeInteger(i) && i >= 0 && i < PERSON_LIMIT)) {
    throw new RangeError(`personRow: i must be an integer in [0, ${PERSON_LIMIT}), got ${i}`);
  }
  if (personProjector?.seed !== seed) {
    const cached = worldFor({ seed, people: Infinity });
    const { departmentKey, resourceName } = DEMO_RECORD_RESOURCES.population;
    const items = itemsOf(catalogOf({}), departmentKey, resourceName);
    personProjector = {
      seed,
      world: cached.world,
      projector: new Projector(items, cached.world, mix32(1)),
      scratch: newScratch(tailMask(items.map((i) => i.name))),
    };
  }
  const { world, projector, scratch } = personProjector;
  return projector.project(residentRow(world, i, scratch), i);
}

const SQL_TYPES: Record<ItemInput['dataType'], (length: number | null) => string> = {
  C: (n) => `varchar(${n ?? 100})`,
  M: () => 'text',
  N: (n) => `numeric(${n ?? 18}, 2)`,
  Y: (n) => `numeric(${n ?? 18}, 2)`,
  I: () => 'integer',
  B: () => 'double precision',
  F: () => 'double precision',
  D: () => 'date',
  T: () => 'timestamptz',
  L: () => 'boolean',
  G: () => 'bytea',
};

/**
 * The housing-provident-fund deposits as rows of the 公积金中心's own front database table (for the pull
 * connector demo): one column per catalog item (same names, same values, null where the record has none) plus
 * `updated_at`, which increases by 10 seconds a row and ends at `now`. `from`/`count` select a window of rows.
 */
export function frontDatabaseRows(options: DemoRecordsOptions & { from?: number; count?: number } = {}): {
  columns: { name: string; sqlType: string }[];
  rows: Iterable<unknown[]>;
} {
  const cached = worldFor(options);
  const { departmentKey, resourceName } = DEMO_RECORD_RESOURCES.fund;
  const items = itemsOf(catalogOf(options), departmentKey, resourceName);
  const spec = SPECS.find((s) => s.name === 'fund') as SetSpec;
  const projector = new Projector(items, cached.world, mix32(SPECS.indexOf(spec) + 1));
  const total = fundCount(cached);
  const from = Math.max(0, Math.floor(options.from ?? 0));
  const end = Math.min(total, from + Math.max(0, Math.floor(options.count ?? total)));
  const nowMs = (options.now ?? DEMO_NOW).getTime();
  const STEP_MS = 10_000;
  const columns = [
    ...items.map((i) => ({ name: i.name, sqlType: SQL_TYPES[i.dataType](i.length) })),
    { name: 'updated_at', sqlType: 'timestamptz' },
  ];
  function* rows(): Generator<unknown[]> {
    if (from >= end) return;
    for (const [full, r] of fundRows(cached, tailMask(items.map((i) => i.name)), from)) {
      if (r >= end) return;
      const row = projector.project(full, r);
      const at = new Date(nowMs - (total - 1 - r) * STEP_MS);
      const values: unknown[] = items.map((i) => row[i.name] ?? null);
      values.push(timestampStr(dayOfInstant(at), secondOfInstant(at)));
      yield values;
    }
  }
  return { columns, rows: { [Symbol.iterator]: rows } };
}
