import { Type, type Static } from 'typebox';
import { MultilineText, Nullable, Paging, Text, Timestamp, Uuid } from '../../core/schema.ts';
import { CLASS_CODE_PATTERN } from './classification.ts';
import {
  CATEGORIES,
  DATA_TYPES,
  FORMATS,
  OPEN_TYPES,
  SEMANTIC_TAGS,
  SHARING_METHODS,
  SHARING_TYPES,
  STATUSES,
  UPDATE_CYCLES,
  values,
} from './vocab.ts';

const described = (list: readonly { value: string; zh: string }[]) =>
  list.map((t) => `${t.value} ${t.zh}`).join(', ');

export const CategoryEnum = Type.Enum(values(CATEGORIES), {
  $id: 'Category',
  description: described(CATEGORIES),
});
export const FormatEnum = Type.Enum(values(FORMATS), {
  $id: 'FormatCategory',
  description: described(FORMATS),
});
export const DataTypeEnum = Type.Enum(values(DATA_TYPES), {
  $id: 'DataType',
  description: described(DATA_TYPES),
});
export const SharingTypeEnum = Type.Enum(values(SHARING_TYPES), {
  $id: 'SharingType',
  description: described(SHARING_TYPES),
});
export const SharingMethodEnum = Type.Enum(values(SHARING_METHODS), {
  $id: 'SharingMethod',
  description: described(SHARING_METHODS),
});
export const OpenTypeEnum = Type.Enum(values(OPEN_TYPES), {
  $id: 'OpenType',
  description: described(OPEN_TYPES),
});
export const UpdateCycleEnum = Type.Enum(
  UPDATE_CYCLES.map((c) => c.value),
  { $id: 'UpdateCycle', description: UPDATE_CYCLES.map((c) => `${c.value} ${c.zh}`).join(', ') },
);
export const SemanticTagEnum = Type.Enum(values(SEMANTIC_TAGS), {
  $id: 'SemanticTag',
  description: described(SEMANTIC_TAGS),
});
export const StatusEnum = Type.Enum(values(STATUSES), {
  $id: 'ResourceStatus',
  description: described(STATUSES),
});

/** 信息项. */
export const ItemInput = Type.Object(
  {
    name: Text(100),
    dataType: DataTypeEnum,
    length: Nullable(Type.Integer({ minimum: 1, maximum: 100_000 })),
    required: Type.Boolean(),
    description: Nullable(MultilineText(500, 0)),
    semanticTag: Nullable(SemanticTagEnum),
    /** Part of the record key (one or more items). */
    isKey: Type.Boolean(),
    sensitive: Type.Boolean(),
  },
  { $id: 'CatalogItemInput', additionalProperties: false },
);

/** Every field a steward edits; the platform assigns the code, versions and status. */
export const ResourceInput = Type.Object(
  {
    name: Text(200),
    classCode: Type.String({
      pattern: CLASS_CODE_PATTERN,
      description: '分类码: 类(1)+项(2)[+目(3)[+细目]]',
    }),
    departmentId: Uuid,
    summary: MultilineText(2000),
    formatCategory: FormatEnum,
    formatDetail: Text(100, 0),
    sharingType: SharingTypeEnum,
    /** 共享条件 for 有条件共享; the legal basis for 不予共享. */
    sharingCondition: Nullable(MultilineText(1000, 0)),
    sharingMethod: SharingMethodEnum,
    openType: OpenTypeEnum,
    openCondition: Nullable(MultilineText(1000, 0)),
    updateCycle: UpdateCycleEnum,
    relatedCodes: Type.Array(Type.String({ pattern: '^[0-9]{1,12}/[0-9]{6}$' }), { maxItems: 50 }),
    contactName: Nullable(Text(50, 0)),
    contactPhone: Nullable(Text(50, 0)),
    items: Type.Array(ItemInput, { minItems: 1, maxItems: 500 }),
  },
  { $id: 'ResourceInput', additionalProperties: false },
);

export const Item = Type.Object(
  { ...ItemInput.properties, position: Type.Integer() },
  { $id: 'CatalogItem' },
);

export const Resource = Type.Object(
  {
    id: Uuid,
    code: Type.String({
      description: '信息资源代码 = 分类码/顺序码, assigned by the platform, never reused',
    }),
    category: CategoryEnum,
    status: StatusEnum,
    /** The version shown: the working version when one is open, else the published one. */
    version: Type.Integer(),
    publishedVersion: Nullable(Type.Integer()),
    departmentName: Type.String(),
    departmentCode: Type.String({ description: '提供方代码 (the department’s credit code)' }),
    publishDate: Nullable(Type.String({ format: 'date' })),
    lastDataChangeAt: Nullable(Timestamp),
    overdue: Type.Boolean({ description: 'Data older than its update cycle allows' }),
    updatedAt: Timestamp,
    ...Type.Omit(ResourceInput, ['items']).properties,
    items: Type.Array(Item),
  },
  { $id: 'CatalogResource' },
);

export const ResourceSummary = Type.Omit(Resource, ['items']);

export const FacetCount = Type.Object({ value: Type.String(), count: Type.Integer() }, { $id: 'FacetCount' });
export const Facets = Type.Object(
  {
    departmentId: Type.Array(
      Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer() }),
    ),
    category: Type.Array(FacetCount),
    formatCategory: Type.Array(FacetCount),
    sharingType: Type.Array(FacetCount),
    openType: Type.Array(FacetCount),
    updateCycle: Type.Array(FacetCount),
    status: Type.Array(FacetCount),
  },
  { $id: 'Facets' },
);

export const SearchQuery = Type.Object(
  {
    q: Type.Optional(Text(200, 0)),
    departmentId: Type.Optional(Uuid),
    category: Type.Optional(CategoryEnum),
    formatCategory: Type.Optional(FormatEnum),
    sharingType: Type.Optional(SharingTypeEnum),
    openType: Type.Optional(OpenTypeEnum),
    updateCycle: Type.Optional(UpdateCycleEnum),
    status: Type.Optional(StatusEnum),
    overdue: Type.Optional(Type.Boolean()),
    ...Paging,
  },
  { additionalProperties: false },
);

/** A search result: the columns the catalog lists, without the conditions, contacts and items. */
export const SearchHit = Type.Object(
  {
    ...Type.Pick(ResourceSummary, [
      'id',
      'code',
      'category',
      'status',
      'version',
      'publishedVersion',
      'departmentId',
      'departmentName',
      'departmentCode',
      'publishDate',
      'lastDataChangeAt',
      'overdue',
      'updatedAt',
      'name',
      'classCode',
      'summary',
      'formatCategory',
      'sharingType',
      'openType',
      'updateCycle',
    ]).properties,
    itemCount: Type.Integer(),
  },
  { $id: 'CatalogSearchHit' },
);

export const SearchResult = Type.Object(
  {
    total: Type.Integer(),
    items: Type.Array(
      Type.Object({
        ...SearchHit.properties,
        score: Type.Number({ description: 'Relevance; 0 without a query' }),
      }),
    ),
    facets: Facets,
  },
  { $id: 'CatalogSearchResult' },
);

export const FieldChange = Type.Object(
  {
    field: Type.String(),
    before: Type.Unknown(),
    after: Type.Unknown(),
  },
  { $id: 'FieldChange' },
);
export const ItemChange = Type.Object(
  {
    name: Type.String(),
    change: Type.Enum(['added', 'removed', 'changed']),
    fields: Type.Array(FieldChange),
  },
  { $id: 'ItemChange' },
);
export const Version = Type.Object(
  {
    version: Type.Integer(),
    status: Type.Enum(['draft', 'submitted', 'approved', 'published', 'superseded', 'rejected', 'retired']),
    createdAt: Timestamp,
    createdByName: Nullable(Type.String()),
    publishedAt: Nullable(Timestamp),
    /** Against the version before it. */
    changes: Type.Array(FieldChange),
    itemChanges: Type.Array(ItemChange),
  },
  { $id: 'CatalogVersion' },
);
export const HistoryEvent = Type.Object(
  {
    at: Timestamp,
    version: Type.Integer(),
    action: Type.Enum([
      'create',
      'update',
      'submit',
      'approve',
      'reject',
      'publish',
      'revise',
      'retire',
      'import',
    ]),
    actorName: Nullable(Type.String()),
    comment: Nullable(Type.String()),
  },
  { $id: 'CatalogHistoryEvent' },
);
export const VersionsResponse = Type.Object(
  {
    versions: Type.Array(Version),
    history: Type.Array(HistoryEvent),
  },
  { $id: 'CatalogVersions' },
);

export const CommentBody = Type.Object(
  { comment: Type.Optional(Text(1000, 0)) },
  { additionalProperties: false },
);
export const RejectBody = Type.Object({ comment: Text(1000) }, { additionalProperties: false });

export const Stats = Type.Object(
  {
    departments: Type.Integer({ description: 'Departments that provide at least one published resource' }),
    resources: Type.Integer({ description: 'Published resources' }),
    items: Type.Integer({ description: 'Information items of published resources' }),
    byStatus: Type.Array(FacetCount),
    byCategory: Type.Array(FacetCount),
    bySharingType: Type.Array(FacetCount),
    byOpenType: Type.Array(FacetCount),
    overdue: Type.Integer(),
    overdueByDepartment: Type.Array(
      Type.Object({ departmentId: Uuid, departmentName: Type.String(), count: Type.Integer() }),
    ),
  },
  { $id: 'CatalogStats' },
);

export const ImportError = Type.Object(
  {
    sheet: Type.String(),
    row: Type.Integer(),
    column: Type.String({ description: 'The column header as in the template' }),
    code: Type.String(),
    message: Type.String(),
  },
  { $id: 'CatalogImportError' },
);
export const ImportReport = Type.Object(
  {
    applied: Type.Boolean(),
    created: Type.Integer(),
    revised: Type.Integer(),
    unchanged: Type.Integer(),
    errors: Type.Array(ImportError),
  },
  { $id: 'CatalogImportReport' },
);

export type ItemInput = Static<typeof ItemInput>;
export type ResourceInput = Static<typeof ResourceInput>;
export type Item = Static<typeof Item>;
export type Resource = Static<typeof Resource>;
export type ResourceSummary = Static<typeof ResourceSummary>;
export type SearchQuery = Static<typeof SearchQuery>;
export type SearchHit = Static<typeof SearchHit>;
export type SearchResult = Static<typeof SearchResult>;
export type Version = Static<typeof Version>;
export type FieldChange = Static<typeof FieldChange>;
export type ItemChange = Static<typeof ItemChange>;
export type HistoryEvent = Static<typeof HistoryEvent>;
export type Stats = Static<typeof Stats>;
export type ImportError = Static<typeof ImportError>;
export type ImportReport = Static<typeof ImportReport>;
