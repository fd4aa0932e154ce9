/** Request and response schemas of the registry's staff API and of the SDMX routes. */
import { Type, type Static } from 'typebox';
import { Nullable, Timestamp, Uuid } from '../../core/schema.ts';

export const Freq = Type.Enum(['A', 'Q', 'M'], {
  $id: 'EconomyFreq',
  description: 'A annual, Q quarterly, M monthly',
});
const Code = Type.String({ pattern: '^[A-Za-z0-9_@$-]{1,40}$' });

export const Indicator = Type.Object(
  {
    code: Type.String(),
    nameZh: Type.String(),
    nameEn: Type.String(),
    unit: Type.String(),
    unitCode: Type.String(),
    department: Type.String({ description: 'The reporting department, as the source names it' }),
    frequencies: Type.Array(Freq),
    regions: Type.Integer(),
    observations: Type.Integer(),
    firstPeriod: Nullable(Type.String()),
    lastPeriod: Nullable(Type.String()),
  },
  { $id: 'EconomyIndicator' },
);
export type IndicatorT = Static<typeof Indicator>;

export const IndicatorList = Type.Object({ items: Type.Array(Indicator) }, { $id: 'EconomyIndicatorList' });

export const IndicatorParams = Type.Object({ code: Code }, { additionalProperties: false });
export const SeriesQuery = Type.Object({ freq: Type.Optional(Freq) }, { additionalProperties: false });

export const Series = Type.Object(
  {
    indicator: Indicator,
    freq: Freq,
    /** The SDMX key that gives the same data: `/api/sdmx/data/DF_MACRO/{sdmxKey}`. */
    sdmxKey: Type.String(),
    series: Type.Array(
      Type.Object({
        region: Type.String(),
        regionName: Type.String(),
        observations: Type.Array(
          Type.Object({
            period: Type.String(),
            value: Type.Number(),
            status: Type.String(),
            revision: Type.Integer({ description: '1 for a first value, more after corrections' }),
          }),
        ),
      }),
    ),
  },
  { $id: 'EconomySeries' },
);
export type SeriesT = Static<typeof Series>;

export const RevisionQuery = Type.Object(
  {
    freq: Freq,
    region: Type.String({ pattern: '^[0-9]{6,12}$' }),
    period: Type.String({ pattern: '^[0-9]{4}(-Q[1-4]|-[0-9]{2})?$', description: 'SDMX TIME_PERIOD' }),
  },
  { additionalProperties: false },
);
export const Revision = Type.Object(
  {
    revision: Type.Integer(),
    op: Type.Enum(['insert', 'update', 'delete']),
    value: Nullable(Type.Number()),
    status: Nullable(Type.String()),
    sourceSeq: Type.Integer({ description: 'The change-log seq of the source resource' }),
    changedAt: Timestamp,
  },
  { $id: 'EconomyRevision' },
);
export type RevisionT = Static<typeof Revision>;
export const RevisionList = Type.Object({ items: Type.Array(Revision) }, { $id: 'EconomyRevisionList' });

export const SyncStatus = Type.Object(
  {
    sources: Type.Array(
      Type.Object({
        resourceId: Uuid,
        resourceName: Type.String(),
        subscriptionId: Uuid,
        departmentId: Uuid,
        departmentName: Type.String(),
        appliedSeq: Type.Integer(),
        ackedSeq: Type.Integer(),
        lastSeq: Type.Integer(),
        /** Changes in the source's log not yet applied here. */
        lag: Type.Integer(),
        subscriptionStatus: Nullable(Type.Enum(['active', 'paused', 'dead'])),
        lastSyncAt: Nullable(Timestamp),
        lastSuccessAt: Nullable(Timestamp),
        lastChanges: Type.Integer(),
        lastSkipped: Type.Integer(),
        lastError: Nullable(Type.String()),
      }),
    ),
    indicators: Type.Integer(),
    observations: Type.Integer(),
    revisions: Type.Integer(),
    sdmxCalls: Type.Object({ today: Type.Integer(), total: Type.Integer() }),
  },
  { $id: 'EconomySyncStatus' },
);
export type SyncStatusT = Static<typeof SyncStatus>;

export const SyncResult = Type.Object(
  {
    sources: Type.Array(
      Type.Object({
        resourceId: Uuid,
        applied: Type.Integer(),
        skipped: Type.Integer(),
        appliedSeq: Type.Integer(),
        ran: Type.Boolean({ description: 'False when another process was syncing this source' }),
      }),
    ),
  },
  { $id: 'EconomySyncResult' },
);

export const SourceInput = Type.Object(
  { resourceId: Uuid, departmentId: Uuid },
  { $id: 'EconomySourceInput', additionalProperties: false },
);

// ---- SDMX ---------------------------------------------------------------------------------------------------

export const SdmxFlowParams = Type.Object(
  { flow: Type.String({ maxLength: 100 }), key: Type.String({ maxLength: 2000 }) },
  { additionalProperties: false },
);
export const SdmxFullParams = Type.Object(
  {
    agency: Type.String({ maxLength: 100 }),
    flow: Type.String({ maxLength: 100 }),
    version: Type.String({ maxLength: 40 }),
    key: Type.String({ maxLength: 2000 }),
  },
  { additionalProperties: false },
);
const Filter = Type.String({ maxLength: 2000 });
export const SdmxDataQuery = Type.Object(
  {
    'c[FREQ]': Type.Optional(Filter),
    'c[REF_AREA]': Type.Optional(Filter),
    'c[INDICATOR]': Type.Optional(Filter),
    'c[TIME_PERIOD]': Type.Optional(Filter),
    'c[OBS_STATUS]': Type.Optional(Filter),
    format: Type.Optional(Type.Enum(['csv', 'json'], { description: 'Overrides Accept (for browsers)' })),
  },
  { additionalProperties: false },
);
export const SdmxStructureQuery = Type.Object({}, { additionalProperties: false });
export const SdmxStructureRefParams = Type.Object(
  {
    agency: Type.String({ maxLength: 100 }),
    id: Type.String({ maxLength: 100 }),
    version: Type.String({ maxLength: 40 }),
  },
  { additionalProperties: false },
);
export const SdmxCodelistParams = Type.Object(
  { id: Type.String({ maxLength: 100 }) },
  { additionalProperties: false },
);
