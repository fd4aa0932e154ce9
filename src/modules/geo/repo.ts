import type { Queryable } from '../../db/index.ts';

/** A district, town or village of the address base, with its extent. */
export interface AreaRow {
  code: string;
  level: 'district' | 'town' | 'village';
  name: string;
  parent_code: string | null;
  district_code: string;
  town_code: string | null;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  lon: number;
  lat: number;
}

export interface RoadRow {
  code: string;
  name: string;
  lon1: number;
  lat1: number;
  lon2: number;
  lat2: number;
  doorplates: number;
}

/** A doorplate with the names of the road and areas it belongs to. */
export interface AddressRow {
  code: string;
  road_code: string;
  road_name: string;
  village_code: string;
  village_name: string;
  town_code: string;
  town_name: string;
  district_code: string;
  district_name: string;
  number: number;
  lon: number;
  lat: number;
  buildings: number;
}

export interface BuildingRow {
  code: string;
  number: number;
  units: number;
  floors: number;
  rooms_per_floor: number;
  lon: number;
  lat: number;
}

export interface BaseCounts {
  districts: number;
  towns: number;
  villages: number;
  roads: number;
  addresses: number;
  buildings: number;
}

/** A bbox as west, south, east, north; west > east crosses the antimeridian. */
export type Bbox = [number, number, number, number];

/** The tables the OGC collections read, and how each one's rows are filtered and placed. */
export interface CollectionSource {
  /** The table, aliased `t`: what is counted and filtered (filters and bbox name only its columns). */
  table: string;
  /** The whole SELECT … FROM, `t` among its tables, with the names a feature shows. */
  select: string;
  /** Columns a bbox is tested against: a point (lon, lat) or an extent. */
  geometry: 'point' | 'extent' | 'segment';
  /** Filters the collection accepts (query parameter): all by code prefix, a range of the primary key. */
  filters: readonly string[];
  /** Fixed condition (the level of an area collection). */
  where?: string;
}

/** The codes above an address are the leading digits of its own: road 14, village 12, town 9, district 6. */
export const ADDRESS_SELECT = `SELECT t.code, r.code AS road_code, r.name AS road_name, v.code AS village_code,
  v.name AS village_name, v.town_code, tw.name AS town_name, v.district_code, d.name AS district_name, t.number,
  t.lon, t.lat, t.buildings
  FROM geo_address t JOIN geo_road r ON r.code = substr(t.code, 1, 14) JOIN geo_area v ON v.code = substr(t.code, 1, 12)
  JOIN geo_area tw ON tw.code = v.town_code JOIN geo_area d ON d.code = v.district_code`;

/** Rows whose code starts with `prefix`: a range of the primary key, as codes compare bytewise. */
export const underCode = (column: string, param: string) =>
  `${column} >= ${param} AND ${column} < ${param} || ':'`;

function bboxCondition(
  geometry: CollectionSource['geometry'],
  p: (v: unknown) => string,
  bbox: Bbox,
): string {
  const [w, s, e, n] = bbox;
  // Crossing the antimeridian (west > east) splits the longitude range in two.
  const lonIn = (col: string) =>
    w <= e ? `${col} BETWEEN ${p(w)} AND ${p(e)}` : `(${col} >= ${p(w)} OR ${col} <= ${p(e)})`;
  const lonOverlap = (lo: string, hi: string) =>
    w <= e ? `${hi} >= ${p(w)} AND ${lo} <= ${p(e)}` : `(${hi} >= ${p(w)} OR ${lo} <= ${p(e)})`;
  if (geometry === 'point') return `${lonIn('t.lon')} AND t.lat BETWEEN ${p(s)} AND ${p(n)}`;
  if (geometry === 'extent')
    return `${lonOverlap('t.min_lon', 't.max_lon')} AND t.max_lat >= ${p(s)} AND t.min_lat <= ${p(n)}`;
  // A road's segment by its own extent: a segment that passes by a box's corner counts as intersecting it.
  return `${lonOverlap('LEAST(t.lon1, t.lon2)', 'GREATEST(t.lon1, t.lon2)')}
    AND GREATEST(t.lat1, t.lat2) >= ${p(s)} AND LEAST(t.lat1, t.lat2) <= ${p(n)}`;
}

export const geoRepo = {
  async counts(q: Queryable): Promise<BaseCounts> {
    const { rows } = await q.query<BaseCounts>(
      `SELECT (SELECT count(*)::int FROM geo_area WHERE level = 'district') AS districts,
              (SELECT count(*)::int FROM geo_area WHERE level = 'town') AS towns,
              (SELECT count(*)::int FROM geo_area WHERE level = 'village') AS villages,
              (SELECT count(*)::int FROM geo_road) AS roads,
              (SELECT count(*)::int FROM geo_address) AS addresses,
              (SELECT count(*)::int FROM geo_building) AS buildings`,
    );
    return rows[0]!;
  },

  /**
   * Loads the address base in a handful of statements: areas and roads from arrays, then every doorplate and
   * building generated in SQL from its road (generate_series), so tens of thousands of rows cost two statements.
   * Doorplates stand along their road, even numbers on one side and odd on the other; a community's (社区, village
   * code 001–199) doorplates carry 1–3 buildings, a village's (村) none. Every figure is a function of the codes
   * and numbers, so the same roads give the same base on every engine.
   */
  async loadBase(q: Queryable, areas: AreaRow[], roads: RoadRow[]): Promise<void> {
    const col = <T, K extends keyof T>(rows: T[], k: K) => rows.map((r) => r[k]);
    await q.query(
      `INSERT INTO geo_area (code, level, name, parent_code, district_code, town_code,
         min_lon, min_lat, max_lon, max_lat, lon, lat)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
         $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::float8[])`,
      [
        col(areas, 'code'),
        col(areas, 'level'),
        col(areas, 'name'),
        col(areas, 'parent_code'),
        col(areas, 'district_code'),
        col(areas, 'town_code'),
        col(areas, 'min_lon'),
        col(areas, 'min_lat'),
        col(areas, 'max_lon'),
        col(areas, 'max_lat'),
        col(areas, 'lon'),
        col(areas, 'lat'),
      ],
    );
    await q.query(
      `INSERT INTO geo_road (code, name, lon1, lat1, lon2, lat2, doorplates)
       SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::int[])`,
      [
        col(roads, 'code'),
        col(roads, 'name'),
        col(roads, 'lon1'),
        col(roads, 'lat1'),
        col(roads, 'lon2'),
        col(roads, 'lat2'),
        col(roads, 'doorplates'),
      ],
    );
    await q.query(
      `INSERT INTO geo_address (code, number, lon, lat, buildings)
       SELECT r.code || lpad(n::text, 4, '0'), n,
              round((r.lon1 + (r.lon2 - r.lon1) * n / (r.doorplates + 1) + (n % 2) * 0.00012) * 1e6) / 1e6,
              round((r.lat1 + (r.lat2 - r.lat1) * n / (r.doorplates + 1) - (n % 2) * 0.00012) * 1e6) / 1e6,
              CASE WHEN substr(r.code, 10, 3)::int < 200 THEN 1 + (n + 2 * substr(r.code, 13, 2)::int) % 3 ELSE 0 END
       FROM geo_road r CROSS JOIN LATERAL generate_series(1, r.doorplates) AS n`,
    );
    await q.query(
      `INSERT INTO geo_building (code, number, units, floors, rooms_per_floor, lon, lat)
       SELECT a.code || lpad(b::text, 2, '0'), b, 2 + (a.number + b) % 3, 6 + (a.number * 3 + b * 5) % 13,
              2 + (a.number + b * 2) % 3,
              round((a.lon + ((b % 3) - 1) * 0.00008) * 1e6) / 1e6,
              round((a.lat + (b / 3 + 1) * 0.00008) * 1e6) / 1e6
       FROM geo_address a CROSS JOIN LATERAL generate_series(1, a.buildings) AS b
       WHERE a.buildings > 0`,
    );
  },

  async areas(q: Queryable): Promise<AreaRow[]> {
    const { rows } = await q.query<AreaRow>('SELECT * FROM geo_area ORDER BY code');
    return rows;
  },

  /** Distinct road names with where each runs: what the standardizer looks for in free text. */
  async roadNames(q: Queryable): Promise<string[]> {
    const { rows } = await q.query<{ name: string }>('SELECT DISTINCT name FROM geo_road');
    return rows.map((r) => r.name);
  },

  /** The doorplates with this number on roads of this name (at most `cap` rows). */
  async addressesOnRoad(q: Queryable, roadName: string, number: number, cap: number): Promise<AddressRow[]> {
    const { rows } = await q.query<AddressRow>(
      `${ADDRESS_SELECT} WHERE r.name = $1 AND t.code = r.code || lpad($2::text, 4, '0') ORDER BY t.code LIMIT $3`,
      [roadName, number, cap],
    );
    return rows;
  },

  /** Roads of this name, as road-level candidates (the number did not exist on any of them). */
  async roadsNamed(q: Queryable, roadName: string, cap: number): Promise<RoadRow[]> {
    const { rows } = await q.query<RoadRow>('SELECT * FROM geo_road WHERE name = $1 ORDER BY code LIMIT $2', [
      roadName,
      cap,
    ]);
    return rows;
  },

  /** Several buildings by code at once (the standardizer checks each candidate's). */
  async buildings(q: Queryable, codes: string[]): Promise<BuildingRow[]> {
    if (!codes.length) return [];
    const { rows } = await q.query<BuildingRow>('SELECT * FROM geo_building WHERE code = ANY($1::text[])', [
      codes,
    ]);
    return rows;
  },

  /**
   * One page of a collection: rows after `after` in code order matching bbox and filters, and how many match in
   * all. Keyset by code, so a page never shifts when earlier pages are read again.
   */
  async page<T extends { code: string }>(
    q: Queryable,
    source: CollectionSource,
    opts: {
      bbox?: Bbox | undefined;
      filters: Record<string, string>;
      after?: string | undefined;
      limit: number;
    },
  ): Promise<{ rows: T[]; matched: number }> {
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const conds: string[] = [];
    if (source.where) conds.push(source.where);
    if (opts.bbox) conds.push(bboxCondition(source.geometry, p, opts.bbox));
    // Each filter names an area or road whose code starts every code under it.
    for (const [name, value] of Object.entries(opts.filters))
      if (source.filters.includes(name)) conds.push(underCode('t.code', p(value)));
    const where = conds.length ? `WHERE ${conds.join(' AND ')}` : '';
    const count = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${source.table} ${where}`, [
      ...params,
    ]);
    const keyset = opts.after ? `${where ? `${where} AND` : 'WHERE'} t.code > ${p(opts.after)}` : where;
    const { rows } = await q.query<T>(
      `${source.select} ${keyset} ORDER BY t.code LIMIT ${p(opts.limit)}`,
      params,
    );
    return { rows, matched: count.rows[0]?.n ?? 0 };
  },

  async one<T>(q: Queryable, source: CollectionSource, code: string): Promise<T | undefined> {
    const where = source.where ? `WHERE ${source.where} AND t.code = $1` : 'WHERE t.code = $1';
    const { rows } = await q.query<T & object>(`${source.select} ${where}`, [code]);
    return rows[0];
  },

  /** The extent of a collection, for its description. */
  async extent(q: Queryable, source: CollectionSource): Promise<Bbox | null> {
    const cols =
      source.geometry === 'point'
        ? 'min(t.lon) AS w, min(t.lat) AS s, max(t.lon) AS e, max(t.lat) AS n'
        : source.geometry === 'extent'
          ? 'min(t.min_lon) AS w, min(t.min_lat) AS s, max(t.max_lon) AS e, max(t.max_lat) AS n'
          : 'min(LEAST(t.lon1, t.lon2)) AS w, min(LEAST(t.lat1, t.lat2)) AS s, max(GREATEST(t.lon1, t.lon2)) AS e, max(GREATEST(t.lat1, t.lat2)) AS n';
    const { rows } = await q.query<{ w: number | null; s: number; e: number; n: number }>(
      `SELECT ${cols} FROM ${source.table} ${source.where ? `WHERE ${source.where}` : ''}`,
    );
    const r = rows[0];
    return r && r.w !== null ? [r.w, r.s, r.e, r.n] : null;
  },

  /** Adds a process's counts of anonymous reads to the day's totals. */
  async addUsage(
    q: Queryable,
    day: string,
    counts: { collection: string; requests: number; features: number }[],
  ): Promise<void> {
    if (!counts.length) return;
    await q.query(
      `INSERT INTO geo_usage (day, collection, requests, features)
       SELECT $1::date, * FROM unnest($2::text[], $3::bigint[], $4::bigint[])
       ON CONFLICT (day, collection) DO UPDATE
         SET requests = geo_usage.requests + excluded.requests, features = geo_usage.features + excluded.features`,
      [day, counts.map((c) => c.collection), counts.map((c) => c.requests), counts.map((c) => c.features)],
    );
  },

  async usage(
    q: Queryable,
    since: string,
  ): Promise<{ day: string; collection: string; requests: string; features: string }[]> {
    const { rows } = await q.query<{ day: string; collection: string; requests: string; features: string }>(
      'SELECT day, collection, requests, features FROM geo_usage WHERE day >= $1::date ORDER BY day DESC, collection',
      [since],
    );
    return rows;
  },
};
