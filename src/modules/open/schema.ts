import { Type, type Static } from 'typebox';
import { Limit, Nullable, Offset, Timestamp } from '../../core/schema.ts';
import { OpenRatingSummary } from './feedback/schema.ts';
import { Moment } from './versions-schema.ts';
import { QualityCriterion } from './quality-schema.ts';

export const OpenFigures = Type.Object(
  {
    departments: Type.Integer({ description: 'Departments with at least one open dataset' }),
    datasets: Type.Integer({ description: 'Open datasets (无条件开放 and 有条件开放)' }),
    openDatasets: Type.Integer({ description: '无条件开放' }),
    conditionalDatasets: Type.Integer({ description: '有条件开放' }),
    records: Type.Integer({ description: 'Records held in the exchange for the open datasets' }),
    downloads: Type.Integer(),
    apiCalls: Type.Integer({ description: 'datastore_search and query API calls' }),
    computedAt: Timestamp,
  },
  { $id: 'OpenFigures', description: '公共数据开放 live figures, computed from the data' },
);
export type OpenFiguresT = Static<typeof OpenFigures>;

/** CKAN's envelope: `{ help, success, result }`, or `{ help, success: false, error: { __type, message } }`. */
export const CkanEnvelope = Type.Object(
  {
    help: Type.String(),
    success: Type.Boolean(),
    result: Type.Optional(Type.Unknown()),
    error: Type.Optional(
      Type.Object(
        { __type: Type.String(), message: Type.String() },
        { additionalProperties: Type.Array(Type.String()) },
      ),
    ),
  },
  { $id: 'CkanEnvelope' },
);

export const CkanParams = Type.Object({
  action: Type.String({
    pattern: '^[a-z_]{1,60}$',
    description: 'site_read, package_search, datastore_search …',
  }),
});

const Arg = (description: string) => Type.Optional(Type.String({ maxLength: 4000, description }));

/** The parameters ckanapi and harvesters send, as query text; every other key is passed on and ignored if unknown. */
export const CkanQueryArgs = Type.Object(
  {
    id: Arg('package_show, resource_show, organization_show, group_show: a name or id'),
    q: Arg('package_search: words; datastore_search: text, or a JSON object of field → text'),
    fq: Arg('package_search: filter query, e.g. metadata_modified:[2024-01-01T00:00:00Z TO *]'),
    rows: Arg('package_search: at most 1,000'),
    start: Arg('package_search: offset'),
    sort: Arg('package_search: metadata_modified desc …; datastore_search: field asc|desc'),
    'facet.field': Arg('package_search: a JSON list of fields to count'),
    resource_id: Arg('datastore_search'),
    filters: Arg('datastore_search: a JSON object of field → value or values'),
    fields: Arg('datastore_search: comma-separated fields'),
    limit: Arg('datastore_search: at most 32,000; package_list: at most 1,000'),
    offset: Arg('datastore_search, package_list'),
    include_total: Arg('datastore_search: true or false'),
    all_fields: Arg('organization_list, group_list: true for objects'),
    include_private: Arg(
      'package_search: true or false. Accepted as CKAN does; the portal has no private datasets to include (不予开放 resources are never datasets), so the results are the same',
    ),
    include_drafts: Arg(
      'package_search: true or false. Accepted; unpublished resources are never datasets, so there are no drafts to include',
    ),
    as_of: Arg(
      'datastore_search: the records as they were at a date (end of that day, UTC+8) or date-time (Tongban’s extension)',
    ),
  },
  { additionalProperties: true },
);

/** A POST's JSON body: any keys, passed to the action, which ignores those it does not know (CKAN's rule). */
export const CkanBodyArgs = Type.Object(
  {},
  { additionalProperties: true, description: 'The action’s parameters' },
);

export const DatasetParams = Type.Object({
  name: Type.String({ pattern: '^[a-z0-9_-]{2,100}$', description: 'The dataset’s name (r101001-000012)' }),
});

const QueryText = (description: string) => Type.Optional(Type.String({ maxLength: 4000, description }));

export const OpenQuery = Type.Object(
  {
    $select: QueryText('Columns and aggregates: `名称, count(*) AS n`'),
    $where: QueryText("A condition: `金额 > 100 AND 区县 IN ('海州区', '连云区')`"),
    $group: QueryText('Grouping columns'),
    $having: QueryText('A condition on aggregates'),
    $order: QueryText('`n DESC, 名称`'),
    $limit: QueryText('At most 5,000 (default 100)'),
    $offset: QueryText('Rows to skip'),
    $q: QueryText('Text anywhere in a text column'),
    asOf: Type.Optional(
      Moment('The records as they were then (versions: GET …/versions; earliest in a 400 when too old)'),
    ),
  },
  { additionalProperties: false },
);

export const OpenQueryResult = Type.Object(
  {
    columns: Type.Array(
      Type.Object({
        name: Type.String(),
        type: Type.Union([
          Type.Literal('text'),
          Type.Literal('number'),
          Type.Literal('integer'),
          Type.Literal('date'),
          Type.Literal('datetime'),
          Type.Literal('boolean'),
        ]),
      }),
    ),
    rows: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: 'OpenQueryResult' },
);

const OpenTypeEnum = Type.Union([Type.Literal('open'), Type.Literal('conditional')], {
  description: 'open 无条件开放; conditional 有条件开放',
});

export const OpenSearchQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({ maxLength: 200, description: 'Words, each found in the name, summary or items' }),
    ),
    organization: Type.Optional(Type.String({ maxLength: 40 })),
    group: Type.Optional(Type.String({ maxLength: 40 })),
    openType: Type.Optional(OpenTypeEnum),
    updateCycle: Type.Optional(Type.String({ maxLength: 20 })),
    sort: Type.Optional(
      Type.Union([
        Type.Literal('relevance'),
        Type.Literal('modified'),
        Type.Literal('title'),
        Type.Literal('quality'),
      ]),
    ),
    limit: Type.Optional(Limit(100, 20)),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);
export type OpenSearchQueryT = Static<typeof OpenSearchQuery>;

export const OpenDatasetSummary = Type.Object(
  {
    name: Type.String(),
    title: Type.String(),
    summary: Type.String(),
    code: Type.String({ description: '信息资源代码' }),
    organization: Type.Object({ name: Type.String(), title: Type.String() }),
    group: Nullable(Type.Object({ name: Type.String(), title: Type.String() })),
    openType: OpenTypeEnum,
    updateCycle: Type.String(),
    modifiedAt: Timestamp,
    columns: Type.Integer({ description: 'Open items' }),
    quality: Type.Integer({ minimum: 0, maximum: 100, description: '数据质量评分 (0–100)' }),
    rating: OpenRatingSummary,
  },
  { $id: 'OpenDatasetSummary' },
);
export type OpenDatasetSummaryT = Static<typeof OpenDatasetSummary>;

const FacetList = Type.Array(
  Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer() }),
);

export const OpenDatasetSearch = Type.Object(
  {
    count: Type.Integer(),
    items: Type.Array(OpenDatasetSummary),
    facets: Type.Object({
      organization: FacetList,
      group: FacetList,
      openType: FacetList,
      updateCycle: FacetList,
    }),
  },
  { $id: 'OpenDatasetSearch' },
);
export type OpenDatasetSearchT = Static<typeof OpenDatasetSearch>;

export const OpenDatasetDetail = Type.Object(
  {
    ...OpenDatasetSummary.properties,
    qualityCriteria: Type.Array(QualityCriterion, { description: 'How the quality score is made up' }),
    openCondition: Nullable(Type.String()),
    departmentCode: Type.String(),
    publishDate: Nullable(Type.String({ format: 'date' })),
    formatCategory: Type.String(),
    contactName: Nullable(Type.String()),
    contactPhone: Nullable(Type.String()),
    records: Type.Integer(),
    dictionary: Type.Array(
      Type.Object({
        name: Type.String(),
        dataType: Type.String({ description: 'The catalog’s data type code (C, N, D …)' }),
        type: Nullable(Type.String({ description: 'The query language’s type' })),
        length: Nullable(Type.Integer()),
        description: Nullable(Type.String()),
        isKey: Type.Boolean(),
        open: Type.Boolean({ description: 'false for 敏感 items, which are never served' }),
      }),
    ),
    downloads: Type.Object({ csv: Type.String(), json: Type.String(), xlsx: Type.String() }),
    api: Type.Object({ query: Type.String(), datastoreSearch: Type.String(), packageShow: Type.String() }),
  },
  { $id: 'OpenDatasetDetail' },
);
export type OpenDatasetDetailT = Static<typeof OpenDatasetDetail>;
