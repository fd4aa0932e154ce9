import { Type, type Static } from 'typebox';
import { Text } from '../../core/schema.ts';

// ---- Address standardization (地址标准化) -------------------------------------------------------------------

export const ADDRESS_LEVELS = [
  'district',
  'town',
  'village',
  'road',
  'doorplate',
  'building',
  'unit',
  'room',
] as const;
export type AddressLevel = (typeof ADDRESS_LEVELS)[number];

export const AddressComponent = Type.Object(
  {
    level: Type.Enum([...ADDRESS_LEVELS]),
    code: Type.Union([Type.String(), Type.Null()], {
      description: 'Code in the address base; null when absent',
    }),
    name: Type.Union([Type.String(), Type.Null()], {
      description: 'Standard spelling (名称 or 12号, 3栋 …)',
    }),
    status: Type.Enum(['matched', 'inferred', 'conflict', 'notFound', 'absent'], {
      description:
        'matched: the text names it and it agrees; inferred: not in the text, filled in from the base; conflict: the text names another one; notFound: the text gives a number the base does not have; absent: neither',
    }),
  },
  { $id: 'GeoAddressComponent' },
);
export type AddressComponentT = Static<typeof AddressComponent>;

export const AddressCandidate = Type.Object(
  {
    code: Type.String({ description: 'Code of the most specific level reached' }),
    level: Type.Enum([...ADDRESS_LEVELS]),
    address: Type.String({ description: 'The standard address (标准地址) up to that level' }),
    score: Type.Number({
      minimum: 0,
      maximum: 1,
      description: 'Weighted share of the given parts that agree',
    }),
    components: Type.Array(AddressComponent),
    location: Type.Object({ lon: Type.Number(), lat: Type.Number() }),
  },
  { $id: 'GeoAddressCandidate' },
);
export type AddressCandidateT = Static<typeof AddressCandidate>;

const resultFields = {
  text: Type.String(),
  normalized: Type.String({ description: 'Simplified, half-width, numbers in digits, synonyms unified' }),
  candidates: Type.Array(AddressCandidate, { description: 'Best first' }),
};
export const StandardizeResult = Type.Object(resultFields, { $id: 'GeoStandardizeResult' });
export type StandardizeResultT = Static<typeof StandardizeResult>;

const CandidateLimit = Type.Integer({ minimum: 1, maximum: 20, default: 5 });

export const StandardizeBody = Type.Object(
  { text: Text(200), limit: Type.Optional(CandidateLimit) },
  { additionalProperties: false },
);

export const MAX_BATCH_ROWS = 500;
export const StandardizeBatchBody = Type.Object(
  {
    texts: Type.Array(Text(200), { minItems: 1, maxItems: MAX_BATCH_ROWS }),
    limit: Type.Optional(CandidateLimit),
  },
  { additionalProperties: false },
);

export const StandardizeBatchResult = Type.Object(
  {
    results: Type.Array(
      Type.Object({ row: Type.Integer({ description: 'Row number, from 1' }), ...resultFields }),
    ),
    matched: Type.Integer({ description: 'Rows whose best candidate reached a doorplate or finer' }),
  },
  { $id: 'GeoStandardizeBatchResult' },
);

// ---- OGC API – Features ------------------------------------------------------------------------------------

export const Link = Type.Object(
  {
    href: Type.String(),
    rel: Type.String(),
    type: Type.Optional(Type.String()),
    title: Type.Optional(Type.String()),
  },
  { $id: 'OgcLink' },
);
export type LinkT = Static<typeof Link>;

const Format = Type.Optional(
  Type.Enum(['json'], { description: 'Output format: json (the only one offered)' }),
);

export const FormatQuery = Type.Object({ f: Format }, { additionalProperties: false });

export const LandingPage = Type.Object(
  { title: Type.String(), description: Type.String(), links: Type.Array(Link) },
  { $id: 'OgcLandingPage' },
);

export const Conformance = Type.Object({ conformsTo: Type.Array(Type.String()) }, { $id: 'OgcConformance' });

export const Collection = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    description: Type.String(),
    itemType: Type.Literal('feature'),
    crs: Type.Array(Type.String()),
    extent: Type.Object({
      spatial: Type.Object({
        bbox: Type.Array(Type.Array(Type.Number(), { minItems: 4, maxItems: 4 })),
        crs: Type.String(),
      }),
    }),
    links: Type.Array(Link),
  },
  { $id: 'OgcCollection' },
);
export type CollectionT = Static<typeof Collection>;

export const Collections = Type.Object(
  { links: Type.Array(Link), collections: Type.Array(Collection) },
  { $id: 'OgcCollections' },
);

export const Geometry = Type.Object(
  {
    type: Type.Enum(['Point', 'LineString', 'Polygon']),
    coordinates: Type.Unknown(),
  },
  { $id: 'GeoJsonGeometry' },
);

export const Feature = Type.Object(
  {
    type: Type.Literal('Feature'),
    id: Type.String(),
    geometry: Geometry,
    properties: Type.Record(Type.String(), Type.Unknown()),
    links: Type.Optional(Type.Array(Link)),
  },
  { $id: 'GeoJsonFeature' },
);
export type FeatureT = Static<typeof Feature>;

export const FeatureCollection = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(Feature),
    links: Type.Array(Link),
    numberMatched: Type.Integer(),
    numberReturned: Type.Integer(),
    timeStamp: Type.String(),
  },
  { $id: 'GeoJsonFeatureCollection' },
);
export type FeatureCollectionT = Static<typeof FeatureCollection>;

export const MAX_ITEMS_LIMIT = 1000;

export const CollectionParams = Type.Object(
  { collectionId: Type.String({ minLength: 1, maxLength: 40 }) },
  { additionalProperties: false },
);
export const FeatureParams = Type.Object(
  {
    collectionId: Type.String({ minLength: 1, maxLength: 40 }),
    featureId: Type.String({ minLength: 1, maxLength: 40 }),
  },
  { additionalProperties: false },
);

const CodeFilter = (what: string) =>
  Type.Optional(
    Type.String({ pattern: '^[0-9]{6,14}$', description: `Only features of this ${what} (code)` }),
  );

export const ItemsQuery = Type.Object(
  {
    f: Format,
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_ITEMS_LIMIT,
        default: 10,
        description: `Features per page, 1 … ${MAX_ITEMS_LIMIT}`,
      }),
    ),
    bbox: Type.Optional(
      Type.String({
        maxLength: 200,
        description:
          'west,south,east,north in WGS84 longitude/latitude (CRS84); 6 numbers with heights accepted',
      }),
    ),
    cursor: Type.Optional(
      Type.String({
        pattern: '^[0-9]{6,20}$',
        description: 'Where the next page starts (from a next link)',
      }),
    ),
    district: CodeFilter('district'),
    town: CodeFilter('town'),
    village: CodeFilter('village or community'),
    road: CodeFilter('road'),
  },
  { additionalProperties: false },
);
export type ItemsQueryT = Static<typeof ItemsQuery>;

export const GeoUsage = Type.Object(
  {
    days: Type.Array(
      Type.Object({
        day: Type.String({ format: 'date' }),
        collection: Type.String(),
        requests: Type.Integer(),
        features: Type.Integer(),
      }),
    ),
  },
  { $id: 'GeoUsage' },
);

export const GeoSummary = Type.Object(
  {
    districts: Type.Integer(),
    towns: Type.Integer(),
    villages: Type.Integer(),
    roads: Type.Integer(),
    addresses: Type.Integer(),
    buildings: Type.Integer(),
  },
  { $id: 'GeoSummary' },
);
