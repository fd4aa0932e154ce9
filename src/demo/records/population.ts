/**
 * The demo city's residents and enterprises, each computed from (seed, index) alone.
 *
 * Residents come in couples: person 2k is a man, person 2k+1 a woman of a similar age, and the two marry when a
 * per-couple draw says so and both have reached the legal age (22 and 20) before `now`. ID numbers are unique
 * by construction: the man's (region, birth date, sequence) slot is a keyed permutation of k over all slots, and
 * the woman's slot is a fixed bijection of the man's, so no two people ever share a number.
 *
 * Employers come from the same block of 1,000 residents' 100 enterprises, so a resident's employer does not
 * depend on the city's size, and enterprise e's legal representative is a resident of block e/100.
 */
import { Random } from '../../lib/random.ts';
import { makeUscc, USCC_ALPHABET } from '../../lib/validators/uscc.ts';
import { buildRegions, CITY_NAME } from '../city/index.ts';
import {
  BLOOD_TYPES,
  EDUCATION_CODES,
  ENTERPRISE_TYPES,
  ETHNICITIES,
  GIVEN_ANY,
  GIVEN_FEMALE,
  GIVEN_MALE,
  INDUSTRIES,
  MOBILE_PREFIXES,
  MOVE_REASONS,
  OCCUPATIONS,
  STREETS,
  SURNAMES,
  TRADE_CHARS,
} from './names.ts';
import type { Industry } from './names.ts';
import {
  IndexedRandom,
  addYears,
  cumulativeOf,
  dateStr,
  daysFromCivil,
  hash01,
  labelWord,
  mix32,
  padNum,
  yearOf,
  yearsBetween,
} from './stream.ts';

// ---- Geography -------------------------------------------------------------------------------------------

export interface Village {
  code: string;
  name: string;
  community: boolean;
}
export interface Town {
  code: string;
  name: string;
  /** The name without 街道/镇/乡, as police stations are named. */
  stem: string;
  street: boolean;
  villages: Village[];
}
export interface District {
  code: string;
  name: string;
  county: boolean;
  towns: Town[];
  /** 公安分局 or county 公安局. */
  policeName: string;
}

export interface Geo {
  districts: District[];
  byCode: Map<string, District>;
  /** Share of residents per district (cumulative, same order as districts). */
  weights: Float64Array;
}

let geoCache: Geo | null = null;

/** The demo city's districts, towns and villages as seeded (buildRegions with its default seed). */
export function geography(): Geo {
  if (geoCache) return geoCache;
  const regions = buildRegions();
  const districts: District[] = regions
    .filter((r) => r.level === 'district')
    .map((r) => {
      const county = r.name.endsWith('县');
      return {
        code: r.code,
        name: r.name,
        county,
        towns: [],
        policeName: county ? `${r.name}公安局` : `${CITY_NAME}公安局${r.name.slice(0, -1)}分局`,
      };
    });
  const byCode = new Map(districts.map((d) => [d.code, d]));
  const towns = new Map<string, Town>();
  for (const r of regions) {
    if (r.level === 'town' && r.parentCode) {
      const town: Town = {
        code: r.code,
        name: r.name,
        stem: r.name.replace(/(街道|镇|乡)$/, ''),
        street: r.name.endsWith('街道'),
        villages: [],
      };
      towns.set(r.code, town);
      byCode.get(r.parentCode)?.towns.push(town);
    } else if (r.level === 'village' && r.parentCode) {
      towns
        .get(r.parentCode)
        ?.villages.push({ code: r.code, name: r.name, community: r.name.endsWith('社区') });
    }
  }
  const share: Record<string, number> = {
    '320703': 1,
    '320706': 5,
    '320707': 4,
    '320722': 4,
    '320723': 3,
    '320724': 3,
  };
  geoCache = {
    districts,
    byCode,
    weights: cumulativeOf(districts.map((d) => [d, share[d.code] ?? 1] as const)),
  };
  return geoCache;
}

// ---- ID slots --------------------------------------------------------------------------------------------

/** Places of birth other than the city, so some residents carry another Jiangsu region in their ID number. */
const ELSEWHERE: Record<string, string> = {
  '320102': '江苏省南京市玄武区',
  '321302': '江苏省宿迁市宿城区',
};

// Region buckets: a district with c buckets splits its 3-digit sequences into c disjoint ranges of PAIRS pairs.
// prettier-ignore
const BUCKET_PLAN: ReadonlyArray<readonly [string, number]> = [
  ['320706', 5], ['320707', 4], ['320722', 4], ['320723', 3], ['320724', 3], ['320703', 1],
  ['320102', 1], ['321302', 1],
];
const PAIRS = 99;
const BUCKETS: ReadonlyArray<{ code: string; firstPair: number }> = BUCKET_PLAN.flatMap(([code, copies]) =>
  Array.from({ length: copies }, (_, j) => ({ code, firstPair: 1 + j * PAIRS })),
);
const B = BUCKETS.length;
export const BIRTH_FIRST = daysFromCivil(1940, 1, 1);
const BIRTH_LAST = daysFromCivil(2015, 12, 31);
const DAYS = BIRTH_LAST - BIRTH_FIRST + 1;
const SLOTS = B * PAIRS * DAYS;
/** Residents with distinct ID numbers the slot space holds (person 2k and 2k+1 per slot of the permutation). */
export const PERSON_LIMIT = 2 * SLOTS;

/** A keyed Feistel permutation of [0, size) (cycle walking over the next even power of two). */
class Permutation {
  private readonly half: number;
  private readonly mask: number;
  constructor(
    private readonly size: number,
    private readonly keys: readonly number[],
  ) {
    let bits = Math.max(2, Math.ceil(Math.log2(size)));
    if (bits % 2 === 1) bits++;
    if (bits > 30) throw new RangeError('Permutation: domain too large');
    this.half = bits / 2;
    this.mask = (1 << this.half) - 1;
  }
  apply(x: number): number {
    let y = x;
    do {
      let l = y >>> this.half;
      let r = y & this.mask;
      for (const key of this.keys) {
        const next = l ^ (mix32(r ^ key) & this.mask);
        l = r;
        r = next;
      }
      y = (l << this.half) | r;
    } while (y >= this.size);
    return y;
  }
}

/** The parts of a resident that need no draws: enough for age and marriage decisions over millions of rows. */
export interface Core {
  male: boolean;
  bucket: number;
  pair: number;
  birthDay: number;
}

// ---- Per-seed tables -------------------------------------------------------------------------------------

export interface SeedTables {
  seed: number;
  slots: Permutation;
  /** Woman's (bucket, pair) for the man's, as one index b * PAIRS + p. */
  partnerCell: Int32Array;
  /** Woman's birth day minus the man's, per the man's cell. */
  partnerShift: Int32Array;
  keys: Record<'marry' | 'head' | 'employ' | 'fund' | 'ent' | 'omit' | 'misc', number>;
  person: IndexedRandom;
  home: IndexedRandom;
  parcel: IndexedRandom;
  job: IndexedRandom;
  firm: IndexedRandom;
  item: IndexedRandom;
  surnameTable: Float64Array;
  ethnicityTable: Float64Array;
  bloodTable: Float64Array;
  industryTable: Float64Array;
  typeTable: Float64Array;
  tradeSlots: number;
  tradeMultiplier: number;
  /** Names of the clerks who register, enter and check records, per district (index as in geography()). */
  clerks: string[][];
}

const tableCache = new Map<number, SeedTables>();

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** A multiplier coprime with m, so x → x·a + c (mod m) is a bijection. */
export function coprimeMultiplier(m: number, start: number): number {
  let a = start % m || 1;
  while (gcd(a, m) !== 1) a++;
  return a;
}

export function seedTables(seed: number): SeedTables {
  const hit = tableCache.get(seed);
  if (hit) return hit;
  const label = `records/${seed}`;
  const rng = new Random(`${label}/tables`);
  const cells = B * PAIRS;
  const order = rng.shuffle(Array.from({ length: cells }, (_, i) => i));
  const partnerCell = Int32Array.from(order);
  // The woman is usually 0–5 years younger, sometimes older.
  const gaps: ReadonlyArray<readonly [number, number]> = [
    [-3, 3],
    [-2, 5],
    [-1, 9],
    [0, 14],
    [1, 16],
    [2, 15],
    [3, 12],
    [4, 9],
    [5, 7],
    [6, 4],
    [8, 3],
    [10, 2],
  ];
  const partnerShift = Int32Array.from({ length: cells }, () =>
    Math.round(rng.weighted(gaps) * 365.25 + rng.int(-180, 180)),
  );
  const tradeSlots = TRADE_CHARS.length * TRADE_CHARS.length * INDUSTRY_SLOTS.length;
  const tables: SeedTables = {
    seed,
    slots: new Permutation(
      SLOTS,
      Array.from({ length: 6 }, () => rng.uint32()),
    ),
    partnerCell,
    partnerShift,
    keys: {
      marry: labelWord(`${label}/marry`),
      head: labelWord(`${label}/head`),
      employ: labelWord(`${label}/employ`),
      fund: labelWord(`${label}/fund`),
      ent: labelWord(`${label}/ent`),
      omit: labelWord(`${label}/omit`),
      misc: labelWord(`${label}/misc`),
    },
    person: new IndexedRandom(`${label}/person`),
    home: new IndexedRandom(`${label}/home`),
    parcel: new IndexedRandom(`${label}/parcel`),
    job: new IndexedRandom(`${label}/job`),
    firm: new IndexedRandom(`${label}/firm`),
    item: new IndexedRandom(`${label}/item`),
    surnameTable: cumulativeOf(SURNAMES),
    ethnicityTable: cumulativeOf(ETHNICITIES),
    bloodTable: cumulativeOf(BLOOD_TYPES),
    industryTable: cumulativeOf(INDUSTRIES.map((i) => [i, i.weight] as const)),
    typeTable: cumulativeOf(ENTERPRISE_TYPES.map(([t, , w]) => [t, w] as const)),
    tradeSlots,
    tradeMultiplier: coprimeMultiplier(tradeSlots, 7_368_787),
    clerks: [],
  };
  const names = new IndexedRandom(`${label}/clerks`);
  tables.clerks = geography().districts.map((_, d) =>
    Array.from({ length: 6 }, (_, j) => drawName(tables, names.reset(d * 16 + j), j % 2 === 0)),
  );
  tableCache.set(seed, tables);
  return tables;
}

// Industries repeated by weight; the n-th repeat of an industry takes the n-th name variant.
const INDUSTRY_SLOTS: ReadonlyArray<{ industry: Industry; variant: string }> = (() => {
  const variants = ['', '发展', '实业', '综合', '开发', '服务', '创新', '联合', '工贸', '产业'];
  return INDUSTRIES.flatMap((industry) =>
    Array.from({ length: industry.weight }, (_, n) => ({ industry, variant: variants[n] ?? String(n) })),
  );
})();

// ---- Residents -------------------------------------------------------------------------------------------

function decode(slot: number, out: Core): void {
  out.bucket = slot % B;
  const rest = Math.floor(slot / B);
  out.pair = rest % PAIRS;
  out.birthDay = BIRTH_FIRST + Math.floor(rest / PAIRS);
  out.male = true;
}

/** The woman's slot from her partner's (in place): the partner tables' bijection. */
function toPartner(t: SeedTables, core: Core): void {
  const cell = core.bucket * PAIRS + core.pair;
  const to = t.partnerCell[cell] ?? cell;
  core.bucket = Math.floor(to / PAIRS);
  core.pair = to % PAIRS;
  const day = core.birthDay - BIRTH_FIRST + (t.partnerShift[cell] ?? 0);
  core.birthDay = BIRTH_FIRST + (((day % DAYS) + DAYS) % DAYS);
  core.male = false;
}

/** Writes person i's slot into `out` (no allocation). */
export function coreOf(t: SeedTables, i: number, out: Core): Core {
  decode(t.slots.apply(Math.floor(i / 2)), out);
  if (i % 2 === 1) toPartner(t, out);
  return out;
}

/** Both partners of couple k (persons 2k and 2k+1) for the price of one. */
export function coupleCores(t: SeedTables, k: number, man: Core, woman: Core): void {
  decode(t.slots.apply(k), man);
  woman.bucket = man.bucket;
  woman.pair = man.pair;
  woman.birthDay = man.birthDay;
  toPartner(t, woman);
}

/** The region code the ID number of a resident with this core starts with. */
export function idRegionOf(core: Core): string {
  return BUCKETS[core.bucket]?.code ?? '320706';
}

export function newCore(): Core {
  return { male: true, bucket: 0, pair: 0, birthDay: 0 };
}

export interface Person {
  index: number;
  male: boolean;
  idCard: string;
  name: string;
  formerName: string | null;
  birthDay: number;
  birthDate: string;
  /** Region code in the ID number: a city district, or elsewhere in Jiangsu. */
  idRegion: string;
  /** 出生地, the place the ID number's region names. */
  birthPlace: string;
  ethnicity: string;
  education: string;
  height: number;
  blood: string;
  mobile: string;
  military: string;
  collectiveHukou: boolean;
}

/**
 * 身份证有效期截止日期 as a day, or null for 长期: a card issued under 16 lasts 5 years, 16–25 10 years, 26–45
 * 20 years, later for life; renewed on expiry.
 */
export function idExpiryOf(t: SeedTables, person: Person, nowDay: number): number | null {
  const age = yearsBetween(person.birthDay, nowDay);
  if (age >= 46) return null;
  const term = age < 16 ? 5 : age < 26 ? 10 : 20;
  const back = Math.floor(hash01(t.keys.misc, person.index, 9) * term);
  const issuedAt = addYears(person.birthDay, Math.max(0, age - back));
  let expiry = addYears(issuedAt, term);
  if (expiry <= nowDay) expiry = addYears(expiry, term);
  return expiry;
}

function drawName(t: SeedTables, rng: IndexedRandom, male: boolean): string {
  const surname = SURNAMES[rng.cumulative(t.surnameTable)]?.[0] ?? '王';
  const own = male ? GIVEN_MALE : GIVEN_FEMALE;
  const first = rng.next() < 0.3 ? rng.any(GIVEN_ANY) : rng.any(own);
  return surname + (rng.next() < 0.25 ? rng.any(own) : first + rng.any(own));
}

// Weights over 10 研究生, 20 本科, 30 专科, 40 中职, 60 高中, 70 初中, 80 小学, 90 其他, by birth cohort.
const EDUCATION_BY_COHORT: ReadonlyArray<readonly [number, Float64Array]> = [
  [1960, cumulativeOf([0.3, 2, 4, 6, 14, 36, 32, 5.7].map((w, j) => [j, w] as const))],
  [1980, cumulativeOf([2, 10, 14, 12, 22, 30, 9, 1].map((w, j) => [j, w] as const))],
  [1995, cumulativeOf([6, 28, 24, 14, 14, 12, 1.5, 0.5].map((w, j) => [j, w] as const))],
  [Infinity, cumulativeOf([7, 34, 26, 14, 12, 6.5, 0.3, 0.2].map((w, j) => [j, w] as const))],
];

function drawEducation(rng: IndexedRandom, birthYear: number, ageNow: number): string {
  if (ageNow < 7) return '90';
  if (ageNow < 13) return '80';
  if (ageNow < 16) return '70';
  if (ageNow < 19) return rng.next() < 0.85 ? '60' : '40';
  const table = (EDUCATION_BY_COHORT.find(([before]) => birthYear < before) ?? EDUCATION_BY_COHORT[3])?.[1];
  return EDUCATION_CODES[table ? rng.cumulative(table) : 7] ?? '90';
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

function weightedDigits(digits: string, offset: number): number {
  let sum = 0;
  for (let j = 0; j < digits.length; j++) sum += (digits.charCodeAt(j) - 48) * (ID_WEIGHTS[offset + j] ?? 0);
  return sum;
}

// Per bucket: the region's weighted digit sum; per birth day: 'YYYYMMDD' and its weighted sum (filled lazily).
const BUCKET_SUMS = BUCKETS.map((b) => weightedDigits(b.code, 0));
const DAY_DIGITS: (string | undefined)[] = new Array<string | undefined>(DAYS);
const DAY_SUMS = new Int32Array(DAYS);

/** The ID number of a resident's core: the check character computed from cached partial sums (GB 11643). */
function idCardOf(core: Core): string {
  const bucket = BUCKETS[core.bucket] ?? { code: '320706', firstPair: 1 };
  const d = core.birthDay - BIRTH_FIRST;
  let digits = DAY_DIGITS[d];
  if (digits === undefined) {
    const date = dateStr(core.birthDay);
    digits = date.slice(0, 4) + date.slice(5, 7) + date.slice(8, 10);
    DAY_DIGITS[d] = digits;
    DAY_SUMS[d] = weightedDigits(digits, 6);
  }
  const seq = (bucket.firstPair + core.pair) * 2 + (core.male ? 1 : 0);
  const sum =
    (BUCKET_SUMS[core.bucket] ?? 0) +
    (DAY_SUMS[d] ?? 0) +
    Math.floor(seq / 100) * 8 +
    (Math.floor(seq / 10) % 10) * 4 +
    (seq % 10) * 2;
  return bucket.code + digits + padNum(seq, 3) + ID_CHECK.charAt(sum % 11);
}

/** Just the ID number and name of person i (the first draws of personOf, so they agree with it). */
export function identityOf(
  t: SeedTables,
  i: number,
  core: Core,
  ready = false,
): { idCard: string; name: string } {
  if (!ready) coreOf(t, i, core);
  return { idCard: idCardOf(core), name: drawName(t, t.person.reset(i), core.male) };
}

// 出生地 per region bucket.
const BIRTH_PLACES: readonly string[] = BUCKETS.map(
  ({ code }) => ELSEWHERE[code] ?? `江苏省${CITY_NAME}${geography().byCode.get(code)?.name ?? ''}`,
);

/** Person i in full: identity and the attributes every data set about residents shares. */
export function personOf(
  t: SeedTables,
  i: number,
  nowDay: number,
  core: Core = newCore(),
  ready = false,
): Person {
  if (!ready) coreOf(t, i, core);
  const idCard = idCardOf(core);
  const idRegion = idRegionOf(core);
  const birthDate = dateStr(core.birthDay);
  const rng = t.person.reset(i);
  const male = core.male;
  const name = drawName(t, rng, male);
  const mobile = rng.any(MOBILE_PREFIXES) + padNum(rng.below(100_000_000), 8);
  const ethnicity = ETHNICITIES[rng.cumulative(t.ethnicityTable)]?.[0] ?? '01';
  const birthYear = yearOf(core.birthDay);
  const age = yearsBetween(core.birthDay, nowDay);
  const education = drawEducation(rng, birthYear, age);
  const adultHeight = male ? 160 + rng.below(24) + rng.below(8) : 150 + rng.below(20) + rng.below(8);
  const height =
    age >= 18 ? adultHeight : Math.max(50, Math.round(50 + (adultHeight - 50) * Math.min(1, age / 18)));
  const blood = BLOOD_TYPES[rng.cumulative(t.bloodTable)]?.[0] ?? '9';
  const military = male && age >= 18 && rng.next() < 0.08 ? '退出现役' : '未服兵役';
  const collectiveHukou = rng.next() < 0.03;
  const formerName = rng.next() < 0.03 ? name.slice(0, 1) + rng.any(male ? GIVEN_MALE : GIVEN_FEMALE) : null;
  return {
    index: i,
    male,
    idCard,
    name,
    formerName,
    birthDay: core.birthDay,
    birthDate,
    idRegion,
    birthPlace: BIRTH_PLACES[core.bucket] ?? '',
    ethnicity,
    education,
    height,
    blood,
    mobile,
    military,
    collectiveHukou,
  };
}

/** Everything about one couple: whether and when they married, who heads the household. */
export interface Couple {
  k: number;
  /** Day of the marriage registration, or -1 when the couple has not married. */
  marriedDay: number;
  /** 0 when the man heads the household, 1 when the woman does. */
  head: 0 | 1;
}

/**
 * Couple k of a city of `people` residents (Infinity for the unbounded city of personRow). Fills the cores `m`
 * and `f` (or takes them as they are when `ready`).
 */
export function coupleOf(
  t: SeedTables,
  k: number,
  people: number,
  nowDay: number,
  m: Core,
  f: Core,
  ready = false,
): Couple {
  const couple: Couple = { k, marriedDay: -1, head: hash01(t.keys.head, k, 0) < 0.2 ? 1 : 0 };
  if (2 * k + 1 >= people) return couple;
  if (hash01(t.keys.marry, k, 0) >= 0.8) return couple;
  if (!ready) coupleCores(t, k, m, f);
  if (Math.abs(m.birthDay - f.birthDay) > 12 * 366) return couple;
  const earliest = Math.max(addYears(m.birthDay, 22), addYears(f.birthDay, 20), daysFromCivil(1960, 1, 1));
  const h = hash01(t.keys.marry, k, 1);
  const day = earliest + Math.floor(h * h * 10 * 365);
  if (day <= nowDay - 1) couple.marriedDay = day;
  return couple;
}

/** A household (户): its number, place and address. */
export interface Household {
  number: string;
  district: District;
  town: Town;
  village: Village;
  address: string;
}

function addressIn(rng: IndexedRandom, district: District, town: Town, village: Village): string {
  const street = rng.any(STREETS);
  const no = 1 + rng.below(300);
  const at = `${CITY_NAME}${district.name}${town.name}${village.name}`;
  if (village.community) {
    return `${at}${street}${no}号${1 + rng.below(30)}幢${1 + rng.below(4)}单元${1 + rng.below(18)}0${1 + rng.below(4)}室`;
  }
  return `${at}${1 + rng.below(12)}组${no}号`;
}

/** A random place of the city: district by population share, then town and village uniformly. */
export function placeIn(
  geo: Geo,
  rng: IndexedRandom,
  districtCode: string | null,
): { district: District; town: Town; village: Village } {
  const district =
    (districtCode === null ? undefined : geo.byCode.get(districtCode)) ??
    geo.districts[rng.cumulative(geo.weights)] ??
    (geo.districts[0] as District);
  const town = rng.any(district.towns);
  const village = rng.any(town.villages);
  return { district, town, village };
}

/** The household person i would head on their own (a married couple lives in the man's). */
export function ownHousehold(t: SeedTables, i: number, idRegion: string): Household {
  const rng = t.home.reset(i);
  const { district, town, village } = placeIn(geography(), rng, idRegion);
  return {
    // x → 48271·x + 9103 (mod 10^9) is a bijection: distinct people, distinct household numbers.
    number: padNum((i * 48271 + 9103) % 1_000_000_000, 9),
    district,
    town,
    village,
    address: addressIn(rng, district, town, village),
  };
}

/** A second address (现住址) for person i: where they actually live, when not at the registered one. */
export function currentAddress(t: SeedTables, i: number, home: Household): string {
  const rng = t.home.reset(i, 1);
  if (rng.next() < 0.8) return home.address;
  const { district, town, village } = placeIn(geography(), rng, rng.next() < 0.7 ? home.district.code : null);
  return addressIn(rng, district, town, village);
}

/** How someone born elsewhere came to their registered address. */
export function moveIn(
  t: SeedTables,
  person: Person,
  home: Household,
  couple: Couple,
): { day: number; reason: string; from: string } | null {
  if (person.idRegion === home.district.code) return null;
  const from =
    ELSEWHERE[person.idRegion] ?? `江苏省${CITY_NAME}${geography().byCode.get(person.idRegion)?.name ?? ''}`;
  if (!person.male && couple.marriedDay >= 0) return { day: couple.marriedDay, reason: '婚姻迁入', from };
  const rng = t.home.reset(person.index, 2);
  const day = Math.max(person.birthDay, addYears(person.birthDay, 18 + rng.below(12)));
  return { day, reason: rng.any(MOVE_REASONS), from };
}

// ---- Employment ------------------------------------------------------------------------------------------

/** Residents per block; each block has ENTERPRISES_PER_BLOCK enterprises (≈ people / 10). */
export const BLOCK = 1000;
export const ENTERPRISES_PER_BLOCK = 100;

export function enterpriseCount(people: number): number {
  return Math.ceil(people / BLOCK) * ENTERPRISES_PER_BLOCK;
}

export interface Job {
  enterprise: number;
  occupation: string;
  startDay: number;
  /** Monthly wage, also the contribution base (元). */
  wage: number;
}

/** Whether resident i is of working age (18 to 60 for men, 55 for women) and employed now: hashes only. */
export function isEmployed(t: SeedTables, i: number, core: Core, nowDay: number): boolean {
  const age = yearsBetween(core.birthDay, nowDay);
  if (age < 18 || age >= (core.male ? 60 : 55)) return false;
  return hash01(t.keys.employ, i, 0) < 0.68;
}

/** Whether resident i (working age now) is employed, and where: null when not. Cheap: core and hashes only. */
export function jobOf(t: SeedTables, i: number, core: Core, nowDay: number): Job | null {
  if (!isEmployed(t, i, core, nowDay)) return null;
  const rng = t.job.reset(i);
  const block = Math.floor(i / BLOCK);
  let enterprise = block * ENTERPRISES_PER_BLOCK + rng.below(ENTERPRISES_PER_BLOCK);
  for (let tries = 0; tries < 20 && !enterpriseActive(t, enterprise); tries++) {
    enterprise = block * ENTERPRISES_PER_BLOCK + rng.below(ENTERPRISES_PER_BLOCK);
  }
  const startDay = Math.min(nowDay - 30, addYears(core.birthDay, 18 + rng.below(7)) + rng.below(365));
  const wage = Math.round((4500 + rng.next() * rng.next() * 16000) / 10) * 10;
  return { enterprise, occupation: rng.any(OCCUPATIONS), startDay, wage };
}

// ---- Enterprises -----------------------------------------------------------------------------------------

/** 存续 (active), 注销 (deregistered), 吊销 (licence revoked). Hash-only, so employers can be checked cheaply. */
export function enterpriseActive(t: SeedTables, e: number): boolean {
  return hash01(t.keys.ent, e, 0) < 0.88;
}

export interface EnterpriseName {
  index: number;
  name: string;
  industry: Industry;
  type: string;
}

/** Enterprise e's name, industry and type: unique names for the first trade-slot count of enterprises. */
export function enterpriseName(t: SeedTables, e: number): EnterpriseName {
  const u = (e * t.tradeMultiplier + 1_000_003) % t.tradeSlots;
  const chars = TRADE_CHARS.length;
  const slot = INDUSTRY_SLOTS[u % INDUSTRY_SLOTS.length] ?? {
    industry: INDUSTRIES[0] as Industry,
    variant: '',
  };
  const pair = Math.floor(u / INDUSTRY_SLOTS.length);
  const trade = (TRADE_CHARS[pair % chars] ?? '') + (TRADE_CHARS[Math.floor(pair / chars) % chars] ?? '');
  const rng = t.firm.reset(e, 7);
  const [type, suffix] = ENTERPRISE_TYPES[rng.cumulative(t.typeTable)] ?? [
    '有限责任公司（自然人投资或控股）',
    '有限公司',
  ];
  return {
    index: e,
    name: `连云港${trade}${slot.industry.word}${slot.variant}${suffix}`,
    industry: slot.industry,
    type,
  };
}

/** USCC organisation-code bodies: 'MA' + 6 characters after the 2015 reform, 8 digits before. */
const MA_SPACE = 31 ** 6;
const MA_MULTIPLIER = coprimeMultiplier(MA_SPACE, 389_683_907);
const OLD_MULTIPLIER = coprimeMultiplier(100_000_000, 58_000_079);
export const USCC_REFORM_DAY = daysFromCivil(2015, 10, 1);

export interface Enterprise extends EnterpriseName {
  uscc: string;
  district: District;
  town: Town;
  village: Village;
  address: string;
  /** Legal representative: a resident's index. */
  representative: number;
  establishedDay: number;
  status: 'active' | 'deregistered' | 'revoked';
  /** Day of deregistration or revocation. */
  closedDay: number | null;
  phone: string;
}

/**
 * Enterprise e of a city of `people` residents: its representative is an adult of block e/100 (clamped to the
 * city), it was established once the representative was 22 (and not before 1993).
 */
export function enterpriseOf(
  t: SeedTables,
  e: number,
  people: number,
  nowDay: number,
  core: Core,
): Enterprise {
  const named = enterpriseName(t, e);
  const rng = t.firm.reset(e);
  const block = Math.floor(e / ENTERPRISES_PER_BLOCK);
  const from = Math.min(block * BLOCK, Math.max(0, people - 1));
  const span = Math.max(1, Math.min(BLOCK, people - from));
  let representative = from + rng.below(span);
  for (let tries = 0; tries < 30; tries++) {
    coreOf(t, representative, core);
    if (yearsBetween(core.birthDay, nowDay) >= 25) break;
    representative = from + rng.below(span);
  }
  coreOf(t, representative, core);
  const earliest = Math.min(nowDay - 60, Math.max(addYears(core.birthDay, 22), daysFromCivil(1993, 1, 1)));
  const h = rng.next();
  // Most enterprises are young: the draw leans toward now.
  const establishedDay = earliest + Math.floor(Math.sqrt(h) * Math.max(0, nowDay - 60 - earliest));
  const place = placeIn(geography(), rng, null);
  const active = enterpriseActive(t, e);
  const revoked = !active && hash01(t.keys.ent, e, 1) < 0.35;
  const closedDay = active
    ? null
    : establishedDay + 30 + rng.below(Math.max(1, nowDay - establishedDay - 30));
  const modern = establishedDay >= USCC_REFORM_DAY;
  let body: string;
  if (modern) {
    let x = (e * MA_MULTIPLIER + 7_654_321) % MA_SPACE;
    body = 'MA';
    for (let j = 0; j < 6; j++) {
      body += USCC_ALPHABET.charAt(x % 31);
      x = Math.floor(x / 31);
    }
  } else {
    body = padNum((e * OLD_MULTIPLIER + 12_345_678) % 100_000_000, 8);
  }
  return {
    ...named,
    uscc: makeUscc({
      // 9 市场监管 + 1 企业 (个人独资企业 included; 2 would be 个体工商户).
      registrationAuthority: '9',
      orgType: '1',
      regionCode: place.district.code,
      orgCodeBody8: body,
    }),
    district: place.district,
    town: place.town,
    village: place.village,
    address: addressIn(rng, place.district, place.town, place.village).replace(/\d+幢.*$/, ''),
    representative,
    establishedDay,
    status: active ? 'active' : revoked ? 'revoked' : 'deregistered',
    closedDay,
    phone: `0518-8${padNum(rng.below(10_000_000), 7)}`,
  };
}
