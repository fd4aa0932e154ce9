/**
 * OGC API – Features Part 1 (Core, GeoJSON) over the address base: the collections, their pages and their
 * features. Links are absolute under the configured public URL (never the request's Host header).
 */
import type { Db } from '../../db/index.ts';
import { AppError } from '../../core/errors.ts';
import { ADDRESS_SELECT, geoRepo, type Bbox, type CollectionSource } from './repo.ts';
import type { CollectionT, FeatureCollectionT, FeatureT, ItemsQueryT, LinkT } from './schema.ts';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const GEOJSON = 'application/geo+json';
export const JSON_TYPE = 'application/json';

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
];

type Row = Record<string, unknown> & { code: string };

interface CollectionDef {
  id: string;
  title: string;
  description: string;
  source: CollectionSource;
  feature: (row: Row) => Pick<FeatureT, 'geometry' | 'properties'>;
}

const areaSelect = (level: string) => ({
  table: 'geo_area t',
  select: `SELECT t.code, t.name, t.level, t.parent_code, t.district_code, t.town_code,
    t.min_lon, t.min_lat, t.max_lon, t.max_lat, t.lon, t.lat FROM geo_area t`,
  geometry: 'extent' as const,
  where: `t.level = '${level}'`,
});

function areaFeature(row: Row): Pick<FeatureT, 'geometry' | 'properties'> {
  const [w, s, e, n] = [row.min_lon, row.min_lat, row.max_lon, row.max_lat] as number[];
  return {
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [w, s],
          [e, s],
          [e, n],
          [w, n],
          [w, s],
        ],
      ],
    },
    properties: {
      code: row.code,
      name: row.name,
      level: row.level,
      parentCode: row.parent_code,
      labelLon: row.lon,
      labelLat: row.lat,
    },
  };
}

const COLLECTIONS: CollectionDef[] = [
  {
    id: 'districts',
    title: '区县 Districts and counties',
    description: 'The districts and counties of the city (GB/T 2260 codes), as their extents',
    source: { ...areaSelect('district'), filters: [] },
    feature: areaFeature,
  },
  {
    id: 'towns',
    title: '街道乡镇 Towns and subdistricts',
    description: 'Subdistricts (街道), towns (镇) and townships (乡), as their extents',
    source: { ...areaSelect('town'), filters: ['district'] },
    feature: areaFeature,
  },
  {
    id: 'villages',
    title: '村社区 Villages and communities',
    description: 'Villages (村) and communities (社区), as their extents',
    source: { ...areaSelect('village'), filters: ['district', 'town'] },
    feature: areaFeature,
  },
  {
    id: 'roads',
    title: '道路街巷 Roads',
    description: 'Roads and lanes with their doorplate counts',
    source: {
      table: 'geo_road t',
      select: 'SELECT t.* FROM geo_road t',
      geometry: 'segment',
      filters: ['district', 'town', 'village'],
    },
    feature: (row) => ({
      geometry: {
        type: 'LineString',
        coordinates: [
          [row.lon1, row.lat1],
          [row.lon2, row.lat2],
        ],
      },
      properties: {
        code: row.code,
        name: row.name,
        villageCode: row.code.slice(0, 12),
        townCode: row.code.slice(0, 9),
        districtCode: row.code.slice(0, 6),
        doorplates: row.doorplates,
      },
    }),
  },
  {
    id: 'addresses',
    title: '门牌地址 Addresses',
    description: 'Doorplate addresses (门牌号) of the standard address base, one point each',
    source: {
      table: 'geo_address t',
      select: ADDRESS_SELECT,
      geometry: 'point',
      filters: ['district', 'town', 'village', 'road'],
    },
    feature: (row) => ({
      geometry: { type: 'Point', coordinates: [row.lon, row.lat] },
      properties: {
        code: row.code,
        address: `连云港市${String(row.district_name)}${String(row.town_name)}${String(row.village_name)}${String(row.road_name)}${Number(row.number)}号`,
        district: row.district_name,
        town: row.town_name,
        village: row.village_name,
        road: row.road_name,
        number: row.number,
        buildings: row.buildings,
        roadCode: row.road_code,
        villageCode: row.village_code,
        townCode: row.town_code,
        districtCode: row.district_code,
      },
    }),
  },
  {
    id: 'buildings',
    title: '楼栋 Buildings',
    description: 'Buildings at doorplates of communities, with units, floors and rooms per floor',
    source: {
      table: 'geo_building t',
      select: 'SELECT t.* FROM geo_building t',
      geometry: 'point',
      filters: ['district', 'town', 'village', 'road'],
    },
    feature: (row) => ({
      geometry: { type: 'Point', coordinates: [row.lon, row.lat] },
      properties: {
        code: row.code,
        addressCode: row.code.slice(0, 18),
        number: row.number,
        units: row.units,
        floors: row.floors,
        roomsPerFloor: row.rooms_per_floor,
      },
    }),
  },
];

/** Parses `bbox`: 4 numbers (or 6 with heights), longitudes in −180 … 180, latitudes in −90 … 90, south ≤ north. */
export function parseBbox(text: string): Bbox {
  const parts = text.split(',');
  const refuse = (reason: string) => {
    throw new AppError('GEO_BBOX_INVALID', { field: 'bbox', value: text, reason });
  };
  if (parts.length !== 4 && parts.length !== 6) refuse('4 or 6 comma-separated numbers are required');
  const nums = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (nums.some((n) => !Number.isFinite(n))) refuse('every value must be a number');
  const [w, s, e, n] = parts.length === 4 ? nums : [nums[0]!, nums[1]!, nums[3]!, nums[4]!];
  if ([w, e].some((x) => x! < -180 || x! > 180)) refuse('longitudes must be within -180 … 180');
  if ([s, n].some((y) => y! < -90 || y! > 90)) refuse('latitudes must be within -90 … 90');
  if (s! > n!) refuse('the south edge must not be north of the north edge');
  return [w!, s!, e!, n!];
}

function collection(id: string): CollectionDef {
  const def = COLLECTIONS.find((c) => c.id === id);
  if (!def) throw new AppError('GEO_COLLECTION_NOT_FOUND', { collectionId: id });
  return def;
}

const FILTER_NAMES = ['district', 'town', 'village', 'road'] as const;

export class GeoFeatures {
  private extents = new Map<string, { bbox: Bbox | null; at: number }>();

  constructor(private readonly db: Db) {}

  landing(base: string) {
    return {
      title: '连云港市标准地址库 Standard address base',
      description:
        'OGC API – Features over the city’s standard address base (标准地址库): districts, towns, villages, roads, doorplates and buildings, WGS84. Public geographic information; reads need no sign-in.',
      links: [
        { href: `${base}`, rel: 'self', type: JSON_TYPE, title: 'This document' },
        {
          href: `${base.replace(/\/geo$/, '')}/openapi.json`,
          rel: 'service-desc',
          type: 'application/vnd.oai.openapi+json;version=3.0',
          title: 'The API definition',
        },
        {
          href: `${base.replace(/\/geo$/, '')}/docs`,
          rel: 'service-doc',
          type: 'text/html',
          title: 'The API documentation',
        },
        { href: `${base}/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'Conformance classes' },
        { href: `${base}/collections`, rel: 'data', type: JSON_TYPE, title: 'The collections' },
      ],
    };
  }

  async collections(base: string) {
    return {
      links: [{ href: `${base}/collections`, rel: 'self', type: JSON_TYPE, title: 'The collections' }],
      collections: await Promise.all(COLLECTIONS.map((c) => this.describe(c, base))),
    };
  }

  async collection(base: string, id: string): Promise<CollectionT> {
    return this.describe(collection(id), base);
  }

  private async describe(def: CollectionDef, base: string): Promise<CollectionT> {
    // The extent moves only when the base is reloaded; a minute's staleness is fine.
    let cached = this.extents.get(def.id);
    if (!cached || Date.now() - cached.at > 60_000) {
      cached = { bbox: await geoRepo.extent(this.db, def.source), at: Date.now() };
      this.extents.set(def.id, cached);
    }
    const href = `${base}/collections/${def.id}`;
    return {
      id: def.id,
      title: def.title,
      description: def.description,
      itemType: 'feature',
      crs: [CRS84],
      extent: { spatial: { bbox: [cached.bbox ?? [-180, -90, 180, 90]], crs: CRS84 } },
      links: [
        { href, rel: 'self', type: JSON_TYPE, title: def.title },
        { href: `${href}/items`, rel: 'items', type: GEOJSON, title: `${def.title} (GeoJSON)` },
      ],
    };
  }

  /** One page of a collection's features, with next link when more match. */
  async items(base: string, id: string, query: ItemsQueryT): Promise<FeatureCollectionT> {
    const def = collection(id);
    const filters: Record<string, string> = {};
    for (const name of FILTER_NAMES) {
      const value = query[name];
      if (value === undefined) continue;
      if (!def.source.filters.includes(name))
        throw new AppError('GEO_FILTER_INVALID', {
          field: name,
          collectionId: id,
          accepted: def.source.filters,
        });
      filters[name] = value;
    }
    const bbox = query.bbox !== undefined ? parseBbox(query.bbox) : undefined;
    const limit = query.limit ?? 10;
    const { rows, matched } = await geoRepo.page<Row>(this.db, def.source, {
      bbox,
      filters,
      after: query.cursor,
      limit: limit + 1,
    });
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const href = `${base}/collections/${id}/items`;
    const params = (cursor: string | undefined) => {
      const sp = new URLSearchParams();
      if (query.f) sp.set('f', query.f);
      sp.set('limit', String(limit));
      if (query.bbox !== undefined) sp.set('bbox', query.bbox);
      for (const [k, v] of Object.entries(filters)) sp.set(k, v);
      if (cursor) sp.set('cursor', cursor);
      return `${href}?${sp.toString()}`;
    };
    const links: LinkT[] = [
      { href: params(query.cursor), rel: 'self', type: GEOJSON, title: 'This page' },
      { href: `${base}/collections/${id}`, rel: 'collection', type: JSON_TYPE, title: def.title },
    ];
    if (more) links.push({ href: params(page.at(-1)!.code), rel: 'next', type: GEOJSON, title: 'Next page' });
    return {
      type: 'FeatureCollection',
      features: page.map((row) => ({ type: 'Feature', id: row.code, ...def.feature(row) })),
      links,
      numberMatched: matched,
      numberReturned: page.length,
      timeStamp: new Date().toISOString(),
    };
  }

  async feature(base: string, id: string, featureId: string): Promise<FeatureT> {
    const def = collection(id);
    const row = await geoRepo.one<Row>(this.db, def.source, featureId);
    if (!row) throw new AppError('GEO_FEATURE_NOT_FOUND', { collectionId: id, featureId });
    const href = `${base}/collections/${id}/items/${encodeURIComponent(featureId)}`;
    return {
      type: 'Feature',
      id: row.code,
      ...def.feature(row),
      links: [
        { href, rel: 'self', type: GEOJSON, title: 'This feature' },
        { href: `${base}/collections/${id}`, rel: 'collection', type: JSON_TYPE, title: def.title },
      ],
    };
  }

  /** Whether a collection exists (the usage counter only counts real ones). */
  static has(id: string): boolean {
    return COLLECTIONS.some((c) => c.id === id);
  }
}
