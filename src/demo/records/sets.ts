/**
 * The rows of each named data set, as full records (every column the data set's plan can have). index.ts keeps
 * the columns the catalog's resource actually has, leaves some optional ones empty, and streams them.
 */
import { CITY_NAME } from '../city/index.ts';
import { CAR_MODELS, COLOURS, FREE_OCCUPATIONS, PRIOR_MARITAL, STREETS, TRUCK_MODELS } from './names.ts';
import type { CarModel } from './names.ts';
import {
  USCC_REFORM_DAY,
  coreOf,
  coupleCores,
  coupleOf,
  currentAddress,
  enterpriseActive,
  enterpriseName,
  enterpriseOf,
  geography,
  identityOf,
  idExpiryOf,
  idRegionOf,
  jobOf,
  moveIn,
  newCore,
  ownHousehold,
  personOf,
  placeIn,
} from './population.ts';
import type { Core, Couple, District, Enterprise, Household, Job, Person, SeedTables } from './population.ts';
import {
  addYears,
  civil,
  cumulativeOf,
  dateStr,
  daysFromCivil,
  hash01,
  monthsBetween,
  padNum,
  round2,
  timestampStr,
  yearMonthStr,
  yearOf,
  yearsBetween,
} from './stream.ts';

export type Row = Record<string, unknown>;

/** What a generator needs besides the seed tables. */
export interface World {
  t: SeedTables;
  /** Residents; Infinity for the unbounded city of personRow. */
  people: number;
  enterprises: number;
  nowDay: number;
  nowSecond: number;
  /** Department key → full name (数据来源单位). */
  departmentNames: Record<string, string>;
}

/** Per-iterator scratch: cores reused from row to row, and which bookkeeping columns to format. */
export interface Scratch {
  /** TAIL bits of the bookkeeping columns the resource has (others are not formatted). */
  tail: number;
  a: Core;
  b: Core;
  c: Core;
  d: Core;
}

export function newScratch(tail = 0x1ff): Scratch {
  return { tail, a: newCore(), b: newCore(), c: newCore(), d: newCore() };
}

const SALT = { vehicle: 11, estate: 12, resident: 14, marriage: 15, firm: 16, insurance: 17, fund: 18 };
const TAIL_SALT = 31;

function deptName(w: World, key: string): string {
  return w.departmentNames[key] ?? CITY_NAME;
}

/** A time of day within office hours (08:30–17:30), as seconds. */
function officeSecond(t: SeedTables, index: number, salt: number): number {
  return 30_600 + Math.floor(hash01(t.keys.misc, index, salt) * 32_400);
}

/** The bookkeeping columns (TAIL_ITEMS of the demo catalog) as bits. */
export const TAIL = {
  source: 1,
  updated: 2,
  enterer: 4,
  entered: 8,
  checker: 16,
  checked: 32,
  district: 64,
  state: 128,
  archived: 256,
} as const;
const TAIL_NAMES: Record<string, number> = {
  数据来源单位: TAIL.source,
  数据更新时间: TAIL.updated,
  录入人员: TAIL.enterer,
  录入时间: TAIL.entered,
  审核人员: TAIL.checker,
  审核日期: TAIL.checked,
  所属区县: TAIL.district,
  数据状态: TAIL.state,
  归档日期: TAIL.archived,
};

/** The tail bits a resource with these item names needs. */
export function tailMask(names: readonly string[]): number {
  return names.reduce((mask, name) => mask | (TAIL_NAMES[name] ?? 0), 0);
}

/** Values of the bookkeeping columns the catalog appends to some resources (TAIL_ITEMS). */
function addTail(
  tailNeeds: number,
  w: World,
  row: Row,
  index: number,
  salt: number,
  dept: string,
  district: District,
  day: number,
): void {
  const t = w.t;
  const need = tailNeeds;
  if (need === 0) return;
  const rng = t.item.reset(index, TAIL_SALT + salt);
  // Every draw is made whatever is needed, so a value never depends on which other columns the catalog has.
  const entered = Math.min(w.nowDay - 1, day + rng.below(5));
  const checked = Math.min(w.nowDay - 1, entered + rng.below(3));
  const updated = Math.min(w.nowDay, checked + rng.below(Math.max(1, w.nowDay - checked + 1)));
  const updatedSecond = updated === w.nowDay ? Math.min(w.nowSecond, 30_000) : 30_600 + rng.below(36_000);
  const enteredSecond = 30_600 + rng.below(32_400);
  const enterer = rng.next();
  const checker = rng.next();
  const clerks = t.clerks[geography().districts.indexOf(district)] ?? t.clerks[0] ?? ['王伟'];
  // Constant keys, so every assignment site stays monomorphic; a value the row already has wins.
  if (need & TAIL.source) row.数据来源单位 ??= deptName(w, dept);
  if (need & TAIL.updated) row.数据更新时间 ??= timestampStr(updated, updatedSecond);
  if (need & TAIL.enterer) row.录入人员 ??= clerks[Math.floor(enterer * clerks.length)];
  if (need & TAIL.entered) row.录入时间 ??= timestampStr(entered, enteredSecond);
  if (need & TAIL.checker) row.审核人员 ??= clerks[Math.floor(checker * clerks.length)];
  if (need & TAIL.checked) row.审核日期 ??= dateStr(checked);
  if (need & TAIL.district) row.所属区县 ??= district.name;
  if (need & TAIL.state) row.数据状态 ??= '有效';
  if (need & TAIL.archived) row.归档日期 ??= dateStr(checked);
}

// ---- Residents -------------------------------------------------------------------------------------------

/**
 * Where resident i is registered: a married couple in the man's household, everyone else in their own. `man`
 * must hold the core of person 2k (the man of i's couple) and `own` i's core.
 */
export function homeOf(w: World, i: number, couple: Couple, man: Core, own: Core): Household {
  return couple.marriedDay >= 0
    ? ownHousehold(w.t, 2 * couple.k, idRegionOf(man))
    : ownHousehold(w.t, i, idRegionOf(own));
}

/** Resident i's couple, with the scratch cores b (man) and c (woman) filled; returns i's own core too. */
function coupleFor(w: World, i: number, s: Scratch): { couple: Couple; own: Core; other: Core } {
  const k = Math.floor(i / 2);
  coupleCores(w.t, k, s.b, s.c);
  const couple = coupleOf(w.t, k, w.people, w.nowDay, s.b, s.c, true);
  return i % 2 === 0 ? { couple, own: s.b, other: s.c } : { couple, own: s.c, other: s.b };
}

/** Resident i's person, couple and household, computed once from one permutation lookup. */
function residentOf(
  w: World,
  i: number,
  s: Scratch,
): { p: Person; couple: Couple; home: Household; other: Core } {
  const { couple, own, other } = coupleFor(w, i, s);
  const p = personOf(w.t, i, w.nowDay, own, true);
  return { p, couple, home: homeOf(w, i, couple, s.b, own), other };
}

function freeOccupation(t: SeedTables, i: number, age: number, male: boolean): string | undefined {
  if (age < 6) return undefined;
  if (age < 18) return '学生';
  if (age >= (male ? 60 : 55)) return '离退休人员';
  const table = FREE_TABLE;
  const h = hash01(t.keys.misc, i, 3) * (table[table.length - 1] ?? 1);
  let j = 0;
  while (j < table.length - 1 && h >= (table[j] ?? 0)) j++;
  return FREE_OCCUPATIONS[j]?.[0];
}
const FREE_TABLE = cumulativeOf(FREE_OCCUPATIONS);

/** One resident as the population data sets (人口基本信息, 户籍人口信息) record them. */
export function residentRow(w: World, i: number, s: Scratch): Row {
  const t = w.t;
  const { p, couple, home, other } = residentOf(w, i, s);
  const married = couple.marriedDay >= 0;
  const spouse = married ? identityOf(t, i ^ 1, other, true) : null;
  const isHead = !married || (couple.head === 0) === p.male;
  const age = yearsBetween(p.birthDay, w.nowDay);
  const job = jobOf(t, i, p.male ? s.b : s.c, w.nowDay);
  const moved = moveIn(t, p, home, couple);
  const expiry = idExpiryOf(t, p, w.nowDay);
  const station = `${home.district.policeName}${home.town.stem}派出所`;
  const ymd = moved ? civil(moved.day) : 0;
  const row: Row = {
    身份证号: p.idCard,
    姓名: p.name,
    曾用名: p.formerName ?? undefined,
    性别: p.male ? '1' : '2',
    民族: p.ethnicity,
    出生日期: p.birthDate,
    出生地: p.birthPlace,
    籍贯: p.birthPlace,
    户籍地址: home.address,
    户籍地行政区划代码: home.district.code,
    现住址: currentAddress(t, i, home),
    文化程度: p.education,
    婚姻状况: married ? '20' : '10',
    兵役状况: age >= 18 ? p.military : undefined,
    职业: job ? job.occupation : freeOccupation(t, i, age, p.male),
    服务处所: job ? enterpriseName(t, job.enterprise).name : undefined,
    身高: p.height,
    血型: p.blood,
    联系电话: age >= 12 ? p.mobile : undefined,
    户号: home.number,
    户主姓名: isHead ? p.name : spouse?.name,
    与户主关系: isHead ? '02' : '10',
    户口类别: p.collectiveHukou ? '集体户口' : '家庭户口',
    人口状态: '正常',
    迁入日期: moved ? dateStr(moved.day) : undefined,
    迁入原因: moved?.reason,
    何时由何地迁来本址: moved
      ? `${Math.floor(ymd / 10000)}年${padNum(Math.floor(ymd / 100) % 100, 2)}月由${moved.from}迁来`
      : undefined,
    配偶姓名: spouse?.name,
    配偶身份证号: spouse?.idCard,
    身份证签发机关: home.district.policeName,
    身份证有效期截止日期: expiry === null ? undefined : dateStr(expiry),
    登记单位: station,
    所属派出所: station,
    数据来源单位: deptName(w, 'gaj'),
  };
  addTail(s.tail, w, row, i, SALT.resident, 'gaj', home.district, Math.max(p.birthDay, w.nowDay - 400));
  return row;
}

// ---- Marriages -------------------------------------------------------------------------------------------

/** Couple k's marriage registration, or null when they have not married. */
export function marriageRow(w: World, k: number, s: Scratch): Row | null {
  const t = w.t;
  const couple = coupleOf(t, k, w.people, w.nowDay, s.b, s.c);
  if (couple.marriedDay < 0) return null;
  coupleCores(t, k, s.b, s.c);
  const man = personOf(t, 2 * k, w.nowDay, s.b, true);
  const home = ownHousehold(t, 2 * k, man.idRegion);
  const woman = personOf(t, 2 * k + 1, w.nowDay, s.c, true);
  const day = couple.marriedDay;
  const rng = t.item.reset(k, SALT.marriage);
  const district = home.district;
  const clerks = t.clerks[geography().districts.indexOf(district)] ?? ['王伟'];
  const prior = (p: Person) => {
    if (yearsBetween(p.birthDay, day) < 28) return '10';
    const h = rng.next() * 100;
    return h < (PRIOR_MARITAL[0]?.[1] ?? 90) ? '10' : h < 98 ? '40' : '30';
  };
  const office = district.county
    ? `${district.name}民政局婚姻登记处`
    : `${CITY_NAME}${district.name}民政局婚姻登记处`;
  const jobAt = (p: Person, core: Core) =>
    jobOf(t, p.index, core, w.nowDay)?.occupation ??
    freeOccupation(t, p.index, yearsBetween(p.birthDay, day), p.male);
  const row: Row = {
    结婚证字号: `J${district.code}-${yearOf(day)}-${padNum(k + 1, 7)}`,
    登记机关: office,
    登记日期: dateStr(day),
    业务类型: '结婚登记',
    男方姓名: man.name,
    男方身份证号: man.idCard,
    男方出生日期: man.birthDate,
    男方国籍: 'CHN',
    男方民族: man.ethnicity,
    男方文化程度: man.education,
    男方职业: jobAt(man, s.b),
    男方婚前婚姻状况: prior(man),
    女方姓名: woman.name,
    女方身份证号: woman.idCard,
    女方出生日期: woman.birthDate,
    女方国籍: 'CHN',
    女方民族: woman.ethnicity,
    女方文化程度: woman.education,
    女方职业: jobAt(woman, s.c),
    女方婚前婚姻状况: prior(woman),
    婚姻登记员: rng.any(clerks),
    登记机关代码: `${district.code}MZ01`,
  };
  addTail(s.tail, w, row, k, SALT.marriage, 'mzj', district, day);
  return row;
}

// ---- Enterprises -----------------------------------------------------------------------------------------

function registrationOffice(e: Enterprise, capital: number): string {
  if (capital >= 5000) return `${CITY_NAME}市场监督管理局`;
  return e.district.county
    ? `${e.district.name}市场监督管理局`
    : `${CITY_NAME}${e.district.name}市场监督管理局`;
}

/** Enterprise e as the legal-person register (企业法人登记信息) records it. */
export function enterpriseRow(w: World, e: number, s: Scratch): Row {
  const t = w.t;
  const ent = enterpriseOf(t, e, w.people, w.nowDay, s.b);
  const rep = personOf(t, ent.representative, w.nowDay, s.a);
  const rng = t.item.reset(e, SALT.firm);
  const [low, high] = ent.industry.capital;
  const capital = Math.max(1, Math.round((low + (high - low) * rng.next() * rng.next()) / 10) * 10);
  const paid = rng.next() < 0.6 ? round2(capital * (0.2 + 0.8 * rng.next())) : undefined;
  const approved = Math.min(
    w.nowDay - 1,
    ent.establishedDay + (rng.next() < 0.4 ? rng.below(Math.max(1, w.nowDay - ent.establishedDay)) : 0),
  );
  const closedKey = ent.status === 'revoked' ? '吊销日期' : '注销日期';
  const other = personOf(t, Math.min(w.people - 1, ent.representative ^ 1), w.nowDay, s.c);
  const contactIsRep = rng.next() < 0.5 || yearsBetween(other.birthDay, w.nowDay) < 18;
  const contact = contactIsRep ? rep : other;
  const row: Row = {
    统一社会信用代码: ent.uscc,
    企业名称: ent.name,
    企业类型: ent.type,
    法定代表人: rep.name,
    法定代表人证件号码: rep.idCard,
    '注册资本（万元）': capital,
    '实收资本（万元）': paid,
    币种: 'CNY',
    成立日期: dateStr(ent.establishedDay),
    营业期限自: dateStr(ent.establishedDay),
    营业期限至:
      rng.next() < 0.5 ? dateStr(addYears(ent.establishedDay, rng.next() < 0.5 ? 20 : 30)) : undefined,
    住所: ent.address,
    经营范围: `${ent.industry.scope}。（依法须经批准的项目，经相关部门批准后方可开展经营活动）`,
    登记机关: registrationOffice(ent, capital),
    核准日期: dateStr(approved),
    登记状态:
      ent.status === 'active'
        ? '存续（在营、开业、在册）'
        : ent.status === 'revoked'
          ? '吊销，未注销'
          : '注销',
    行业代码: ent.industry.code,
    住所所在行政区划代码: ent.village.code,
    联系电话: ent.phone,
    电子邮箱: rng.next() < 0.6 ? `lyg${ent.uscc.slice(10, 16).toLowerCase()}@163.com` : undefined,
    从业人数: ent.status === 'active' ? 1 + Math.floor(rng.next() * rng.next() * 300) : 0,
    注册号:
      ent.establishedDay < USCC_REFORM_DAY
        ? `${ent.district.code}000${padNum((e * 7919 + 104_729) % 1_000_000, 6)}`
        : undefined,
    组织机构代码: `${ent.uscc.slice(8, 16)}-${ent.uscc.charAt(16)}`,
    经营状态: ent.status === 'active' ? '在营' : ent.status === 'revoked' ? '吊销' : '注销',
    [closedKey]: ent.closedDay === null ? undefined : dateStr(ent.closedDay),
    联络员姓名: contact.name,
    联络员手机号码: contact.mobile,
    财务负责人: contactIsRep ? contact.name : rep.name,
    企业网址: rng.next() < 0.2 ? `www.lyg${ent.uscc.slice(10, 16).toLowerCase()}.com` : undefined,
    主营业务: ent.industry.scope.split('，')[0],
  };
  addTail(s.tail, w, row, e, SALT.firm, 'scjgj', ent.district, approved);
  return row;
}

// ---- Vehicles --------------------------------------------------------------------------------------------

const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const VIN_CHARS = '0123456789ABCDEFGHJKLMNPRSTUVWXYZ';
const VIN_VALUES: Record<string, number> = (() => {
  const map: Record<string, number> = {};
  for (let d = 0; d <= 9; d++) map[String(d)] = d;
  const letters: ReadonlyArray<readonly [string, number]> = [
    ['A', 1],
    ['B', 2],
    ['C', 3],
    ['D', 4],
    ['E', 5],
    ['F', 6],
    ['G', 7],
    ['H', 8],
    ['J', 1],
    ['K', 2],
    ['L', 3],
    ['M', 4],
    ['N', 5],
    ['P', 7],
    ['R', 9],
    ['S', 2],
    ['T', 3],
    ['U', 4],
    ['V', 5],
    ['W', 6],
    ['X', 7],
    ['Y', 8],
    ['Z', 9],
  ];
  for (const [c, v] of letters) map[c] = v;
  return map;
})();
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
const VIN_YEARS = 'ABCDEFGHJKLMNPRSTVWXY123456789';

/** A VIN (GB 16735 / ISO 3779) with its check digit in position 9. */
export function makeVin(wmi: string, vds5: string, year: number, plant: string, serial: number): string {
  const yearCode = VIN_YEARS.charAt((((year - 1980) % 30) + 30) % 30);
  const draft = `${wmi}${vds5}0${yearCode}${plant}${padNum(serial, 6)}`;
  let sum = 0;
  for (let j = 0; j < 17; j++) sum += (VIN_VALUES[draft.charAt(j)] ?? 0) * (VIN_WEIGHTS[j] ?? 0);
  const check = sum % 11 === 10 ? 'X' : String(sum % 11);
  return draft.slice(0, 8) + check + draft.slice(9);
}

// Plate space: 苏G + new-energy (D/F + 5 digits) or one of the ordinary 5-character patterns.
const PLATE_PATTERNS = ['NNNNN', 'LNNNN', 'NLNNN', 'NNLNN', 'LLNNN', 'NNNLN', 'NNNNL'] as const;
const NEW_ENERGY_PLATES = 200_000;
const PATTERN_SIZES = PLATE_PATTERNS.map((p) => [...p].reduce((n, c) => n * (c === 'L' ? 24 : 10), 1));
const PLATE_SPACE = NEW_ENERGY_PLATES + PATTERN_SIZES.reduce((a, b) => a + b, 0);
const PLATE_MULTIPLIER = 1_299_709;

export function plateCapacity(): number {
  return PLATE_SPACE;
}

function plateOf(v: number): { plate: string; newEnergy: boolean } {
  let u = (v * PLATE_MULTIPLIER + 104_723) % PLATE_SPACE;
  if (u < NEW_ENERGY_PLATES) {
    return { plate: `苏G${u % 2 === 0 ? 'D' : 'F'}${padNum(Math.floor(u / 2), 5)}`, newEnergy: true };
  }
  u -= NEW_ENERGY_PLATES;
  let p = 0;
  while (p < PATTERN_SIZES.length - 1 && u >= (PATTERN_SIZES[p] ?? 0)) u -= PATTERN_SIZES[p++] ?? 0;
  const pattern = PLATE_PATTERNS[p] ?? 'NNNNN';
  let text = '';
  for (let j = pattern.length - 1; j >= 0; j--) {
    if (pattern.charAt(j) === 'L') {
      text = PLATE_LETTERS.charAt(u % 24) + text;
      u = Math.floor(u / 24);
    } else {
      text = String(u % 10) + text;
      u = Math.floor(u / 10);
    }
  }
  return { plate: `苏G${text}`, newEnergy: false };
}

// PLATE_MULTIPLIER must be coprime with the space for the map to be a bijection.
if (gcdCheck(PLATE_MULTIPLIER, PLATE_SPACE) !== 1)
  throw new Error('demo records: plate multiplier not coprime');
function gcdCheck(a: number, b: number): number {
  return b === 0 ? a : gcdCheck(b, a % b);
}

export function vehicleCount(people: number): number {
  return Math.round(people * 0.28);
}

const ELECTRIC = CAR_MODELS.filter((m) => m.fuel !== '汽油');
const PETROL = CAR_MODELS.filter((m) => m.fuel === '汽油');
const DIESEL_TRUCKS = TRUCK_MODELS.filter((m) => m.fuel === '柴油');

/** A resident at least `minAge` years old now, drawn uniformly (with a bounded number of redraws). */
function adultResident(w: World, draw: () => number, core: Core, minAge: number): number {
  let i = draw();
  for (let tries = 0; tries < 40; tries++) {
    coreOf(w.t, i, core);
    if (yearsBetween(core.birthDay, w.nowDay) >= minAge) return i;
    i = draw();
  }
  coreOf(w.t, i, core);
  return i;
}

function activeEnterprise(w: World, draw: () => number): number {
  let e = draw();
  for (let tries = 0; tries < 40 && !enterpriseActive(w.t, e); tries++) e = draw();
  return e;
}

/** Vehicle v of the register (机动车登记信息): owned by a resident (85%) or an enterprise. */
export function vehicleRow(w: World, v: number, s: Scratch): Row {
  const t = w.t;
  const rng = t.item.reset(v, SALT.vehicle);
  const { plate, newEnergy } = plateOf(v);
  const byEnterprise = w.enterprises > 0 && rng.next() < 0.15;
  let ownerName: string;
  let ownerId: string;
  let address: string;
  let phone: string;
  let earliest: number;
  let district: District;
  if (byEnterprise) {
    const e = activeEnterprise(w, () => rng.below(w.enterprises));
    const ent = enterpriseOf(t, e, w.people, w.nowDay, s.b);
    ownerName = ent.name;
    ownerId = ent.uscc;
    address = ent.address;
    phone = ent.phone;
    earliest = ent.establishedDay;
    district = ent.district;
  } else {
    const i = adultResident(w, () => rng.below(w.people), s.a, 19);
    const { p, home } = residentOf(w, i, s);
    ownerName = p.name;
    ownerId = p.idCard;
    address = home.address;
    phone = p.mobile;
    earliest = addYears(p.birthDay, 18);
    district = home.district;
  }
  earliest = Math.max(earliest, daysFromCivil(2003, 1, 1));
  const registered = Math.min(
    w.nowDay - 1,
    earliest + Math.floor(Math.sqrt(rng.next()) * Math.max(1, w.nowDay - 1 - earliest)),
  );
  const truck = byEnterprise && !newEnergy && rng.next() < 0.45;
  const model: CarModel = newEnergy ? rng.any(ELECTRIC) : truck ? rng.any(DIESEL_TRUCKS) : rng.any(PETROL);
  const heavy = model.mass > 12_000;
  const taxi = byEnterprise && !truck && rng.next() < 0.2;
  const commercial = truck || taxi;
  let vds = '';
  for (let j = 0; j < 5; j++) vds += VIN_CHARS.charAt(rng.below(VIN_CHARS.length));
  const vin = makeVin(
    model.wmi,
    vds,
    yearOf(registered),
    VIN_CHARS.charAt(Math.floor(v / 1_000_000) % VIN_CHARS.length),
    v % 1_000_000,
  );
  // Private cars: first inspection at 6 years, then every 2; commercial ones every year.
  const period = commercial ? 1 : 2;
  let due = addYears(registered, commercial ? 1 : 6);
  while (due <= w.nowDay) due = addYears(due, period);
  const lapsed = rng.next() < 0.05;
  if (lapsed) due = addYears(due, -period);
  const row: Row = {
    号牌种类: truck ? '01' : newEnergy ? '52' : '02',
    号牌号码: plate,
    车辆识别代号: vin,
    发动机号: `${PLATE_LETTERS.charAt(rng.below(24))}${PLATE_LETTERS.charAt(rng.below(24))}${padNum(rng.below(1_000_000), 6)}`,
    车辆品牌: model.brand,
    车辆型号: model.model,
    车身颜色: rng.any(COLOURS),
    车辆类型: truck ? (heavy ? 'H11' : 'H31') : model.brand === '哈弗' ? 'K31' : 'K33',
    使用性质: truck ? 'F' : taxi ? 'D' : 'A',
    机动车所有人: ownerName,
    所有人证件号码: ownerId,
    住所地址: address,
    联系电话: phone,
    初次登记日期: dateStr(registered),
    检验有效期止: dateStr(due),
    强制报废期止: commercial ? dateStr(addYears(registered, truck ? 15 : 8)) : undefined,
    机动车状态: lapsed && due < w.nowDay ? '逾期未检验' : '正常',
    核定载客: model.seats,
    总质量: model.mass,
    燃料种类: model.fuel,
    排量: model.displacement > 0 ? model.displacement : undefined,
    登记机关: `${CITY_NAME}公安局交通警察支队车辆管理所`,
  };
  addTail(s.tail, w, row, v, SALT.vehicle, 'jjzd', district, registered);
  return row;
}

// ---- Social insurance and provident fund -----------------------------------------------------------------

const INSURANCE_TYPES = ['110', '210', '310', '410', '510'] as const;

/** The insurance types resident i (employed) is insured for: all but 生育 (510) for about one in five. */
export function insuranceTypesOf(t: SeedTables, i: number): readonly string[] {
  return hash01(t.keys.employ, i, 1) < 0.8 ? INSURANCE_TYPES : INSURANCE_TYPES.slice(0, 4);
}

interface Employment {
  person: Person;
  job: Job;
  ent: Enterprise;
  home: Household;
  firstInsured: number;
  currentInsured: number;
}

function employmentOf(w: World, i: number, s: Scratch, job: Job): Employment {
  const t = w.t;
  const ent = enterpriseOf(t, job.enterprise, w.people, w.nowDay, s.d);
  const { p: person, home } = residentOf(w, i, s);
  const rng = t.job.reset(i, 1);
  const firstInsured = Math.min(
    w.nowDay - 1,
    Math.max(job.startDay, daysFromCivil(1995, 1, 1)) + rng.below(400),
  );
  const currentInsured = Math.min(
    w.nowDay - 1,
    Math.max(firstInsured, ent.establishedDay + rng.below(200), firstInsured + rng.below(3 * 365)),
  );
  return { person, job, ent, home, firstInsured, currentInsured };
}

/** Resident i's rows of 社会保险参保信息 (one per insurance type), or [] when i is not employed. */
export function insuranceRows(w: World, i: number, s: Scratch): Row[] {
  const t = w.t;
  coreOf(t, i, s.a);
  const job = jobOf(t, i, s.a, w.nowDay);
  if (!job) return [];
  const { person, ent, home, firstInsured, currentInsured } = employmentOf(w, i, s, job);
  const paused = hash01(t.keys.employ, i, 2) < 0.07;
  const rng = t.item.reset(i, SALT.insurance);
  const pausedDay = paused
    ? Math.min(w.nowDay - 1, currentInsured + 1 + rng.below(Math.max(1, w.nowDay - currentInsured - 1)))
    : -1;
  const months = Math.max(1, monthsBetween(firstInsured, paused ? pausedDay : w.nowDay) - rng.below(6));
  const card = `${'ABCDEFGHJK'.charAt(i % 10)}${padNum((i * 9_999_991 + 12_345) % 100_000_000, 8)}`;
  const base: Row = {
    身份证号: person.idCard,
    姓名: person.name,
    性别: person.male ? '1' : '2',
    出生日期: person.birthDate,
    个人编号: `3207${padNum((i * 1_000_003 + 777) % 10_000_000_000, 10)}`,
    参保单位名称: ent.name,
    单位统一社会信用代码: ent.uscc,
    参保状态: paused ? '暂停缴费' : '参保缴费',
    人员类别: '在职',
    参加工作日期: dateStr(job.startDay),
    首次参保日期: dateStr(firstInsured),
    本次参保日期: dateStr(currentInsured),
    缴费基数: job.wage,
    累计缴费月数: months,
    户口性质: home.village.community ? '城镇' : '农村',
    联系电话: person.mobile,
    所属区县: home.district.name,
    民族: person.ethnicity,
    社会保障卡号: card,
    缴费状态: paused ? '中断缴费' : '正常缴费',
    中断缴费日期: paused ? dateStr(pausedDay) : undefined,
    经办机构: `${CITY_NAME}社会保险基金管理中心`,
  };
  addTail(s.tail, w, base, i, SALT.insurance, 'sbzx', home.district, currentInsured);
  return insuranceTypesOf(t, i).map((type) => ({ ...base, 险种类型: type }));
}

/** Whether employed resident i has a housing-provident-fund account (cheap). */
export function hasFund(t: SeedTables, i: number): boolean {
  return hash01(t.keys.fund, i, 0) < 0.6;
}

/** Resident i's provident-fund account (住房公积金缴存信息), or null. */
export function fundRow(w: World, i: number, s: Scratch): Row | null {
  const t = w.t;
  coreOf(t, i, s.a);
  const job = jobOf(t, i, s.a, w.nowDay);
  if (!job || !hasFund(t, i)) return null;
  const { person, ent, home } = employmentOf(w, i, s, job);
  const rng = t.item.reset(i, SALT.fund);
  const ratio = 5 + Math.floor(hash01(t.keys.fund, ent.index, 1) * 8);
  const opened = Math.min(
    w.nowDay - 1,
    Math.max(job.startDay, ent.establishedDay, daysFromCivil(1999, 1, 1)) + rng.below(365),
  );
  const half = Math.round((job.wage * ratio) / 100);
  const monthly = half * 2;
  const months = Math.max(0, monthsBetween(opened, w.nowDay));
  const sealed = rng.next() < 0.08;
  const paidUpTo = sealed
    ? Math.max(opened, w.nowDay - 30 - rng.below(Math.max(1, w.nowDay - 30 - opened)))
    : w.nowDay - (civil(w.nowDay) % 100 < 15 ? 31 : 0);
  const row: Row = {
    个人公积金账号: `1${padNum((i * 9_999_943 + 31_337) % 100_000_000_000, 11)}`,
    身份证号: person.idCard,
    姓名: person.name,
    单位公积金账号: `2${padNum((ent.index * 7_777_777 + 4_242) % 1_000_000_000, 9)}`,
    单位名称: ent.name,
    单位统一社会信用代码: ent.uscc,
    缴存基数: job.wage,
    单位缴存比例: ratio,
    个人缴存比例: ratio,
    月缴存额: monthly,
    账户余额: round2(months * monthly * (0.2 + 0.6 * rng.next())),
    缴至年月: yearMonthStr(Math.max(opened, paidUpTo)),
    开户日期: dateStr(opened),
    账户状态: sealed ? '封存' : '正常',
    手机号码: person.mobile,
  };
  addTail(s.tail, w, row, i, SALT.fund, 'gjj', home.district, opened);
  return row;
}

// ---- Real estate -----------------------------------------------------------------------------------------

export function estateCount(people: number): number {
  return Math.round(people * 0.32);
}

/** Property u of the register (不动产登记信息): 48 flats a parcel, each owned by an adult resident. */
export function estateRow(w: World, u: number, s: Scratch): Row {
  const t = w.t;
  const rng = t.item.reset(u, SALT.estate);
  const q = Math.floor(u / 48);
  const r = u % 48;
  const parcel = t.parcel.reset(q);
  const place = placeIn(geography(), parcel, null);
  const urban = place.village.community;
  const street = parcel.below(24);
  const no = 1 + parcel.below(300);
  const parcelArea = round2(urban ? 8000 + parcel.next() * 40_000 : 150 + parcel.next() * 250);
  const built =
    daysFromCivil(1995, 1, 1) + parcel.below(daysFromCivil(2024, 1, 1) - daysFromCivil(1995, 1, 1));
  const building = 1 + Math.floor(r / 12);
  const flat = (1 + Math.floor((r % 12) / 2)) * 100 + 1 + (r % 2);
  const unitNo =
    place.district.code +
    padNum(1 + (q % 15), 3) +
    padNum(1 + (Math.floor(q / 15) % 40), 3) +
    (urban ? 'GB' : 'JC') +
    padNum(1 + Math.floor(q / 600), 5) +
    'F' +
    padNum(building, 4) +
    padNum(flat, 4);
  const i = adultResident(w, () => rng.below(w.people), s.a, 23);
  const { p: owner, couple } = residentOf(w, i, s);
  const earliest = Math.max(addYears(owner.birthDay, 22), built, daysFromCivil(2000, 1, 1));
  const day = Math.min(
    w.nowDay - 1,
    earliest + Math.floor(rng.next() * Math.max(1, w.nowDay - 1 - earliest)),
  );
  const joint = couple.marriedDay >= 0 && couple.marriedDay <= day && rng.next() < 0.6;
  const grantStart = Math.min(built, day);
  const streetName = STREETS[street % STREETS.length] ?? '人民路';
  const at = `${CITY_NAME}${place.district.name}${place.town.name}${place.village.name}`;
  const row: Row = {
    不动产单元号: unitNo,
    不动产权证书号: `苏（${yearOf(day)}）${CITY_NAME}不动产权第${padNum(u + 1, 7)}号`,
    权利人: owner.name,
    权利人证件类型: '1',
    权利人证件号码: owner.idCard,
    共有情况: joint ? '共同共有' : '单独所有',
    坐落: urban ? `${at}${streetName}${no}号${building}幢${flat}室` : `${at}${1 + (q % 12)}组${no}号`,
    权利类型: urban ? '国有建设用地使用权/房屋所有权' : '宅基地使用权/房屋所有权',
    权利性质: urban
      ? rng.next() < 0.8
        ? '市场化商品房'
        : rng.next() < 0.5
          ? '房改房'
          : '拆迁安置房'
      : '自建房',
    用途: urban ? '城镇住宅用地/住宅' : '农村宅基地/住宅',
    宗地面积: parcelArea,
    房屋建筑面积: round2(urban ? 55 + rng.next() * 110 : 80 + rng.next() * 160),
    房屋结构: urban ? '钢筋混凝土结构' : '混合结构',
    使用期限起: urban ? dateStr(grantStart) : undefined,
    使用期限止: urban ? dateStr(addYears(grantStart, 70)) : undefined,
    登记类型: day - built < 730 && rng.next() < 0.7 ? '首次登记' : '转移登记',
    登记时间: timestampStr(day, officeSecond(t, u, SALT.estate)),
    登簿人: rng.any(t.clerks[geography().districts.indexOf(place.district)] ?? ['王伟']),
    登记机构: `${CITY_NAME}不动产登记中心`,
  };
  addTail(s.tail, w, row, u, SALT.estate, 'bdc', place.district, day);
  return row;
}
