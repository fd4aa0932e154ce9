/**
 * Address standardization (地址标准化): free text → the standard addresses of the base that fit it best, each with a
 * score and what agreed. The text is normalized (normalize.ts), its road found by name, its doorplate, building,
 * unit and room read as numbers; the region names it mentions (full or without 区/县/街道/镇/乡/社区/村) are then
 * held against each candidate: a name that fits the candidate counts for it, a name that fits none of its parts
 * counts against it, and a part the text leaves out is filled in from the base without counting either way.
 */
import type { Db } from '../../db/index.ts';
import { normalizeAddress, splitAddress, type AddressParts } from './normalize.ts';
import { geoRepo, type AddressRow, type AreaRow, type BuildingRow, type RoadRow } from './repo.ts';
import type { AddressCandidateT, AddressComponentT, AddressLevel, StandardizeResultT } from './schema.ts';

/** How much each part weighs in a score: the road and doorplate say most about where an address is. */
const WEIGHTS: Record<AddressLevel, number> = {
  district: 10,
  town: 15,
  village: 10,
  road: 30,
  doorplate: 20,
  building: 8,
  unit: 4,
  room: 3,
};
const AREA_LEVELS = ['district', 'town', 'village'] as const;
type AreaLevel = (typeof AREA_LEVELS)[number];
const CITY = '连云港市';
// Candidates read per road name before scoring; a name shared by more towns than this is a poor key anyway.
const CANDIDATE_CAP = 200;
const DICTIONARY_TTL_MS = 5 * 60_000;

interface Mention {
  start: number;
  end: number;
  area: AreaRow;
}

interface Dictionary {
  byCode: Map<string, AreaRow>;
  /** Every spelling of an area a text may use: its name, and its name without the kind (海州区 → 海州). */
  spellings: { text: string; area: AreaRow; full: boolean }[];
  /** Road names, longest first, so 解放中路 wins over 解放路 inside it. */
  roads: string[];
  loadedAt: number;
}

const AREA_SUFFIX = /(区|县|街道|镇|乡|社区|村)$/;

/** The candidate's parts, from district down to room; absent parts are undefined. */
interface Chain {
  district?: AreaRow | undefined;
  town?: AreaRow | undefined;
  village?: AreaRow | undefined;
  road?: { code: string; name: string; lon: number; lat: number } | undefined;
  address?: AddressRow | undefined;
  building?: BuildingRow | undefined;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const round = (x: number) => Math.round(x * 1000) / 1000;

export class AddressStandardizer {
  private dictionary: Dictionary | undefined;

  constructor(private readonly db: Db) {}

  /** Forget the cached names (after the base was loaded). */
  invalidate(): void {
    this.dictionary = undefined;
  }

  private async dict(): Promise<Dictionary> {
    if (this.dictionary && Date.now() - this.dictionary.loadedAt < DICTIONARY_TTL_MS) return this.dictionary;
    const [areas, roads] = await Promise.all([geoRepo.areas(this.db), geoRepo.roadNames(this.db)]);
    const spellings: Dictionary['spellings'] = [];
    for (const area of areas) {
      spellings.push({ text: area.name, area, full: true });
      const stem = area.name.replace(AREA_SUFFIX, '');
      if (stem !== area.name && stem.length >= 2) spellings.push({ text: stem, area, full: false });
    }
    this.dictionary = {
      byCode: new Map(areas.map((a) => [a.code, a])),
      spellings,
      roads: roads.sort((a, b) => b.length - a.length || a.localeCompare(b)),
      loadedAt: Date.now(),
    };
    return this.dictionary;
  }

  /** Is there anything in the text to look for (a name or a number), once normalized? */
  static usable(text: string): boolean {
    return /[\p{L}\p{N}]/u.test(normalizeAddress(text));
  }

  async standardize(text: string, limit: number): Promise<StandardizeResultT> {
    const dict = await this.dict();
    const normalized = normalizeAddress(text);
    const parts = splitAddress(normalized);
    const road = dict.roads.find((r) => parts.head.includes(r));
    // The road's own characters are not region names (民主路 does not mention 民主社区).
    const rest = road ? parts.head.replace(road, '|') : parts.head;
    const mentions = findMentions(rest, dict);

    let chains: Chain[] = [];
    if (road) {
      const rows =
        parts.number !== null
          ? await geoRepo.addressesOnRoad(this.db, road, parts.number, CANDIDATE_CAP)
          : [];
      if (rows.length) {
        const buildings =
          parts.building !== null
            ? await geoRepo.buildings(
                this.db,
                rows.map((r) => r.code + pad(parts.building!, 2)),
              )
            : [];
        const byCode = new Map(buildings.map((b) => [b.code, b]));
        chains = rows.map((a) => ({
          ...areasOf(dict, a.village_code),
          road: { code: a.road_code, name: a.road_name, lon: a.lon, lat: a.lat },
          address: a,
          building: parts.building !== null ? byCode.get(a.code + pad(parts.building, 2)) : undefined,
        }));
      } else {
        const roads = await geoRepo.roadsNamed(this.db, road, CANDIDATE_CAP);
        chains = roads.map((r) => ({ ...areasOf(dict, r.code.slice(0, 12)), road: roadPoint(r) }));
      }
    } else {
      // No road: the most specific areas the text names are the best it can say.
      const seen = new Set<string>();
      for (const m of mentions) {
        if (seen.has(m.area.code)) continue;
        seen.add(m.area.code);
        chains.push(areasOf(dict, m.area.code));
      }
    }

    const candidates = chains
      .map((c) => score(c, parts, mentions, road !== undefined))
      .sort(
        (a, b) =>
          b.score - a.score || levelRank(b.level) - levelRank(a.level) || a.code.localeCompare(b.code),
      )
      .slice(0, limit);
    return { text, normalized, candidates };
  }
}

const levelRank = (l: AddressLevel) =>
  ['district', 'town', 'village', 'road', 'doorplate', 'building', 'unit', 'room'].indexOf(l);

function roadPoint(r: RoadRow) {
  return {
    code: r.code,
    name: r.name,
    lon: round6((r.lon1 + r.lon2) / 2),
    lat: round6((r.lat1 + r.lat2) / 2),
  };
}
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** The district, town and village an area code belongs to (itself included). */
function areasOf(dict: Dictionary, code: string): Chain {
  const chain: Chain = {};
  let area = dict.byCode.get(code);
  while (area) {
    chain[area.level] = area;
    area = area.parent_code ? dict.byCode.get(area.parent_code) : undefined;
  }
  return chain;
}

/**
 * The region names in the text: every spelling found, the longer of two overlapping ones kept (海州区 over 海州),
 * and a span every area of that spelling shares kept for each (海州 may be 海州区 or 海州街道).
 */
function findMentions(text: string, dict: Dictionary): Mention[] {
  const found: Mention[] = [];
  for (const s of dict.spellings) {
    let at = text.indexOf(s.text);
    while (at >= 0) {
      found.push({ start: at, end: at + s.text.length, area: s.area });
      at = text.indexOf(s.text, at + 1);
    }
  }
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Mention[] = [];
  for (const m of found) {
    const clash = kept.some(
      (k) => m.start < k.end && k.start < m.end && !(k.start === m.start && k.end === m.end),
    );
    if (!clash) kept.push(m);
  }
  return kept;
}

function score(
  chain: Chain,
  parts: AddressParts,
  mentions: Mention[],
  roadNamed: boolean,
): AddressCandidateT {
  const components: AddressComponentT[] = [];
  // Spans some part of this candidate explains; the others name something it is not.
  const explained = new Set<string>();
  const span = (m: Mention) => `${m.start}:${m.end}`;
  for (const m of mentions) if (chain[m.area.level]?.code === m.area.code) explained.add(span(m));
  const conflictLevels = new Set<AreaLevel>();
  const bySpan = new Map<string, Mention[]>();
  for (const m of mentions) bySpan.set(span(m), [...(bySpan.get(span(m)) ?? []), m]);
  for (const [key, ms] of bySpan) {
    if (explained.has(key)) continue;
    // Held against the highest level the name could be: a district's name outranks a village's.
    const level = AREA_LEVELS.find((l) => ms.some((m) => m.area.level === l));
    if (level) conflictLevels.add(level);
  }
  for (const level of AREA_LEVELS) {
    const area = chain[level];
    const matched = area && mentions.some((m) => m.area.code === area.code);
    components.push({
      level,
      code: area?.code ?? null,
      name: area?.name ?? null,
      status: matched ? 'matched' : conflictLevels.has(level) ? 'conflict' : area ? 'inferred' : 'absent',
    });
  }

  const numbered = parts.number !== null || parts.building !== null;
  components.push({
    level: 'road',
    code: chain.road?.code ?? null,
    name: chain.road?.name ?? null,
    status: chain.road ? 'matched' : roadNamed || numbered ? 'notFound' : 'absent',
  });
  const a = chain.address;
  components.push({
    level: 'doorplate',
    code: a?.code ?? null,
    name: a ? `${a.number}号` : parts.number !== null ? `${parts.number}号` : null,
    status: a && parts.number !== null ? 'matched' : parts.number !== null ? 'notFound' : 'absent',
  });
  const b = chain.building;
  components.push({
    level: 'building',
    code: b?.code ?? null,
    name: parts.building !== null ? `${parts.building}栋` : null,
    status: b ? 'matched' : parts.building !== null ? 'notFound' : 'absent',
  });
  const unitOk = b && parts.unit !== null && parts.unit >= 1 && parts.unit <= b.units;
  const unitCode = unitOk ? b.code + pad(parts.unit!, 2) : null;
  components.push({
    level: 'unit',
    code: unitCode,
    name: parts.unit !== null ? `${parts.unit}单元` : null,
    status: unitOk ? 'matched' : parts.unit !== null ? 'notFound' : 'absent',
  });
  const floor = parts.room !== null ? Math.floor(parts.room / 100) : 0;
  const seq = parts.room !== null ? parts.room % 100 : 0;
  const roomOk =
    unitOk && parts.room !== null && floor >= 1 && floor <= b.floors && seq >= 1 && seq <= b.rooms_per_floor;
  components.push({
    level: 'room',
    code: roomOk ? unitCode + pad(floor, 2) + pad(seq, 2) : null,
    name: parts.room !== null ? `${parts.room}室` : null,
    status: roomOk ? 'matched' : parts.room !== null ? 'notFound' : 'absent',
  });

  let earned = 0;
  let asked = 0;
  for (const c of components) {
    if (c.status === 'matched') earned += WEIGHTS[c.level];
    if (c.status === 'matched' || c.status === 'conflict' || c.status === 'notFound')
      asked += WEIGHTS[c.level];
  }

  // The standard address runs down the chain as long as each part holds.
  let level: AddressLevel = 'district';
  let code = '';
  let text = CITY;
  let location = { lon: 0, lat: 0 };
  for (const l of AREA_LEVELS) {
    const area = chain[l];
    if (!area) break;
    level = l;
    code = area.code;
    text += area.name;
    location = { lon: area.lon, lat: area.lat };
  }
  if (chain.road) {
    level = 'road';
    code = chain.road.code;
    text += chain.road.name;
    location = { lon: chain.road.lon, lat: chain.road.lat };
    if (a && parts.number !== null) {
      level = 'doorplate';
      code = a.code;
      text += `${a.number}号`;
      location = { lon: a.lon, lat: a.lat };
      if (b) {
        level = 'building';
        code = b.code;
        text += `${b.number}栋`;
        location = { lon: b.lon, lat: b.lat };
        if (unitOk) {
          level = 'unit';
          code = unitCode!;
          text += `${parts.unit}单元`;
          if (roomOk) {
            level = 'room';
            code = components.find((c) => c.level === 'room')!.code!;
            text += `${parts.room}室`;
          }
        }
      }
    }
  }
  return {
    code,
    level,
    address: text,
    score: asked ? round(earned / asked) : 0,
    components,
    location,
  };
}
