import type { Db } from '../../db/index.ts';
import { AppError, type FieldError } from '../../core/errors.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import { GeoFeatures } from './features.ts';
import { geoRepo, type AreaRow, type BaseCounts, type RoadRow } from './repo.ts';
import { AddressStandardizer } from './standardize.ts';
import type { StandardizeResultT } from './schema.ts';
import { GeoUsage } from './usage.ts';

/** An area of the base as a loader gives it: extent and label point in WGS84. */
export interface AreaInput {
  code: string;
  level: 'district' | 'town' | 'village';
  name: string;
  parentCode: string | null;
  districtCode: string;
  townCode: string | null;
  /** west, south, east, north */
  extent: [number, number, number, number];
  point: [number, number];
}

/** A road; its code is its village's code and two digits. */
export interface RoadInput {
  code: string;
  name: string;
  from: [number, number];
  to: [number, number];
  doorplates: number;
}

const matchedDoorplate = (r: StandardizeResultT) =>
  ['doorplate', 'building', 'unit', 'room'].includes(r.candidates[0]?.level ?? '');

/** The spatial base registry (空间地理): the standard address base, its standardizer and its OGC API. */
export class GeoService {
  readonly features: GeoFeatures;
  readonly usage: GeoUsage;
  private readonly standardizer: AddressStandardizer;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {
    this.features = new GeoFeatures(db);
    this.usage = new GeoUsage(db, audit);
    this.standardizer = new AddressStandardizer(db);
  }

  summary(): Promise<BaseCounts> {
    return geoRepo.counts(this.db);
  }

  /**
   * Loads the address base once: when it already holds areas nothing changes (the base is generated from fixed
   * regions, so there is nothing to merge). One transaction and one `geo.seed` audit entry.
   */
  async seedBase(
    actor: Actor,
    build: () => { areas: AreaInput[]; roads: RoadInput[] },
  ): Promise<BaseCounts & { loaded: boolean }> {
    const loaded = await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ present: boolean }>(
        'SELECT EXISTS (SELECT 1 FROM geo_area) AS present',
      );
      if (rows[0]?.present) return null;
      const { areas, roads } = build();
      // No regions yet (the org module is empty): nothing to load, and nothing to record.
      if (!areas.length) return null;
      await geoRepo.loadBase(tx, areas.map(areaRow), roads.map(roadRow));
      const counts = await geoRepo.counts(tx);
      await this.audit.record(
        actor,
        {
          action: 'geo.seed',
          objectType: 'geo_base',
          objectId: null,
          outcome: 'success',
          details: { ...counts },
        },
        tx,
      );
      return counts;
    });
    if (!loaded) return { ...(await geoRepo.counts(this.db)), loaded: false };
    this.standardizer.invalidate();
    return { ...loaded, loaded: true };
  }

  /** One free-text address; audited per call (the text itself is not kept: an address may be someone's home). */
  async standardize(actor: Actor, text: string, limit: number): Promise<StandardizeResultT> {
    if (!AddressStandardizer.usable(text))
      throw new AppError('GEO_ADDRESS_TEXT_EMPTY', {
        fields: [emptyField('text')],
      });
    const result = await this.standardizer.standardize(text, limit);
    await this.audit.record(actor, {
      action: 'geo.standardize',
      objectType: 'geo_address',
      objectId: result.candidates[0]?.code ?? null,
      outcome: 'success',
      details: { rows: 1, matched: matchedDoorplate(result) ? 1 : 0 },
    });
    return result;
  }

  /**
   * Many addresses in one call: every row is checked before any is looked up, and a batch with an unusable row is
   * refused whole, naming each such row; one audit entry for the call.
   */
  async standardizeBatch(actor: Actor, texts: string[], limit: number) {
    const bad = texts.flatMap((t, i) => (AddressStandardizer.usable(t) ? [] : [i]));
    if (bad.length)
      throw new AppError('GEO_ADDRESS_TEXT_EMPTY', {
        rows: bad.map((i) => i + 1),
        fields: bad.map((i) => emptyField(`texts[${i}]`, i + 1)),
      });
    const results = [];
    for (const [i, text] of texts.entries())
      results.push({ row: i + 1, ...(await this.standardizer.standardize(text, limit)) });
    const matched = results.filter(matchedDoorplate).length;
    await this.audit.record(actor, {
      action: 'geo.standardize',
      objectType: 'geo_address',
      objectId: null,
      outcome: 'success',
      details: { rows: texts.length, matched },
    });
    return { results, matched };
  }
}

function emptyField(field: string, row?: number): FieldError & { row?: number } {
  return {
    field,
    code: 'no_address',
    message: {
      zh: row ? `第 ${row} 行没有可识别的地址文字` : '没有可识别的地址文字',
      en: row ? `Row ${row} has no address text to read` : 'There is no address text to read',
    },
    ...(row ? { row } : {}),
  };
}

function areaRow(a: AreaInput): AreaRow {
  return {
    code: a.code,
    level: a.level,
    name: a.name,
    parent_code: a.parentCode,
    district_code: a.districtCode,
    town_code: a.townCode,
    min_lon: a.extent[0],
    min_lat: a.extent[1],
    max_lon: a.extent[2],
    max_lat: a.extent[3],
    lon: a.point[0],
    lat: a.point[1],
  };
}

function roadRow(r: RoadInput): RoadRow {
  return {
    code: r.code,
    name: r.name,
    lon1: r.from[0],
    lat1: r.from[1],
    lon2: r.to[0],
    lat2: r.to[1],
    doorplates: r.doorplates,
  };
}
