import { Type, type Static } from 'typebox';
import { BigintId, Limit, Nullable, Offset, Text, Timestamp, Uuid } from '../../core/schema.ts';

/** The registries by URL segment. */
export const SEGMENTS = { population: 'population', 'legal-person': 'legal_person' } as const;
export type Segment = keyof typeof SEGMENTS;

export const RegistryParams = Type.Object(
  {
    registry: Type.Enum(['population', 'legal-person'], {
      description: 'population 人口基础库, legal-person 法人基础库',
    }),
  },
  { additionalProperties: false },
);

const EntityId = Type.String({
  pattern: '^[PL][0-9A-HJKMNP-TV-Z]{12}$',
  description: 'A golden record id (P… a person, L… a legal person): it never changes',
});

export const Why = Type.Object(
  {
    probability: Type.Number({ description: 'P(same person | comparison)' }),
    weight: Type.Number({ description: 'Match weight in bits (the prior included)' }),
    evidence: Type.Array(
      Type.Object({
        field: Type.String(),
        level: Type.Integer(),
        agreement: Type.String({ description: 'What the level means, in words' }),
        weight: Type.Number({ description: 'log2(m/u): bits this field adds or takes' }),
      }),
    ),
  },
  {
    $id: 'RegistryWhy',
    description: 'Why a record was linked: which fields agreed, how, and what each weighed',
  },
);

export const ProvenanceEntry = Type.Object(
  {
    sourceId: Nullable(Uuid),
    sourceName: Nullable(Type.String()),
    recordKey: Nullable(Type.String()),
    seq: Nullable(Type.Integer()),
    at: Nullable(Type.String()),
    rule: Type.Enum(['priority', 'recent', 'complete', 'fixed', 'steward']),
  },
  { $id: 'RegistryProvenance' },
);

export const GoldenRecord = Type.Object(
  {
    id: EntityId,
    registry: Type.Enum(['population', 'legal_person']),
    status: Type.Enum(['active', 'merged', 'retired']),
    mergedInto: Nullable(Type.String()),
    key: Nullable(
      Type.String({ description: '身份证号 / 统一社会信用代码 (masked unless the caller sees it in clear)' }),
    ),
    name: Nullable(Type.String()),
    fields: Type.Record(Type.String(), Nullable(Type.String())),
    labels: Type.Record(Type.String(), Type.String(), {
      description: 'Names of coded values (性别 GB/T 2261.1, 民族 GB/T 3304, 婚姻状况 GB/T 2261.2) by field',
    }),
    provenance: Type.Record(Type.String(), ProvenanceEntry),
    masked: Type.Array(Type.String(), { description: 'Fields masked for this caller' }),
    records: Type.Integer(),
    conflicts: Type.Integer(),
    version: Type.Integer(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'GoldenRecord' },
);
export type GoldenRecordT = Static<typeof GoldenRecord>;

export const LinkedRecord = Type.Object(
  {
    sourceId: Uuid,
    sourceName: Type.String(),
    resourceId: Uuid,
    recordKey: Type.String(),
    fields: Type.Record(Type.String(), Nullable(Type.String())),
    link: Type.Enum(['key', 'match', 'new', 'review', 'steward']),
    score: Nullable(Type.Number()),
    why: Nullable(Why),
    pinned: Type.Boolean(),
    seq: Type.Integer(),
    changedAt: Timestamp,
  },
  { $id: 'RegistryLinkedRecord' },
);

export const HistoryEntry = Type.Object(
  {
    id: BigintId(),
    kind: Type.Enum([
      'created',
      'updated',
      'merged',
      'unmerged',
      'linked',
      'unlinked',
      'conflict',
      'resolved',
    ]),
    detail: Type.Unknown(),
    actor: Nullable(Type.String()),
    at: Timestamp,
  },
  { $id: 'RegistryHistoryEntry' },
);

export const ConflictCandidate = Type.Object({
  value: Type.String(),
  sources: Type.Array(Type.Object({ sourceId: Uuid, sourceName: Type.String(), recordKey: Type.String() })),
});

export const Conflict = Type.Object(
  {
    id: Uuid,
    entityId: Type.String(),
    entityName: Nullable(Type.String()),
    field: Type.String(),
    candidates: Type.Array(ConflictCandidate),
    status: Type.Enum(['open', 'resolved', 'dismissed', 'gone']),
    chosen: Nullable(Type.String()),
    resolvedBy: Nullable(Type.String()),
    resolvedAt: Nullable(Timestamp),
    createdAt: Timestamp,
  },
  { $id: 'RegistryConflict' },
);

export const Review = Type.Object(
  {
    id: Uuid,
    sourceId: Uuid,
    sourceName: Type.String(),
    recordKey: Type.String(),
    record: Type.Record(Type.String(), Nullable(Type.String())),
    entityId: Type.String(),
    candidateId: Type.String(),
    candidate: Nullable(Type.Record(Type.String(), Nullable(Type.String()))),
    score: Type.Number(),
    why: Why,
    status: Type.Enum(['open', 'linked', 'apart', 'gone']),
    decidedBy: Nullable(Type.String()),
    decidedAt: Nullable(Timestamp),
    createdAt: Timestamp,
  },
  { $id: 'RegistryReview' },
);

export const GoldenRecordDetail = Type.Object(
  {
    record: GoldenRecord,
    /** The id asked for, when it was merged into this one. */
    redirectedFrom: Nullable(Type.String()),
    sources: Type.Array(LinkedRecord),
    history: Type.Array(HistoryEntry),
    conflicts: Type.Array(Conflict),
    reviews: Type.Array(Review),
  },
  { $id: 'GoldenRecordDetail' },
);

export const GoldenPage = Type.Object(
  {
    items: Type.Array(GoldenRecord),
    /** Pass as `after` for the next page; null on the last one. */
    next: Nullable(Type.String()),
  },
  { $id: 'GoldenRecordPage' },
);

export const GoldenListQuery = Type.Object(
  {
    limit: Type.Optional(Limit(500, 50)),
    after: Type.Optional(
      Type.String({ maxLength: 20, pattern: '^[0-9A-Z]*$', description: 'The `next` of the previous page' }),
    ),
    q: Type.Optional(Text(40)),
    conflicts: Type.Optional(Type.Boolean({ description: 'Only golden records with open conflicts' })),
  },
  { additionalProperties: false },
);

const Field = Text(200);
export const PersonMatchInput = Type.Object(
  {
    fields: Type.Object(
      {
        姓名: Type.Optional(Field),
        身份证号: Type.Optional(Field),
        出生日期: Type.Optional(Field),
        性别: Type.Optional(Field),
        住址: Type.Optional(Field),
        手机号码: Type.Optional(Field),
      },
      { additionalProperties: false },
    ),
    limit: Type.Optional(Limit(20, 5)),
  },
  { $id: 'PersonMatchInput', additionalProperties: false },
);
export const LegalPersonMatchInput = Type.Object(
  {
    fields: Type.Object(
      {
        统一社会信用代码: Type.Optional(Field),
        组织机构代码: Type.Optional(Field),
        名称: Type.Optional(Field),
      },
      { additionalProperties: false },
    ),
    limit: Type.Optional(Limit(20, 5)),
  },
  { $id: 'LegalPersonMatchInput', additionalProperties: false },
);

const Decision = Type.Enum(['match', 'review', 'none'], {
  description:
    'match: the same (auto-link threshold and an identifier agrees); review: a steward would decide; none',
});
export const PersonMatchResult = Type.Object(
  {
    candidates: Type.Array(
      Type.Object({
        personId: Type.String(),
        score: Type.Number(),
        decision: Decision,
        why: Why,
        record: GoldenRecord,
      }),
    ),
  },
  { $id: 'PersonMatchResult' },
);
export const LegalPersonMatchResult = Type.Object(
  {
    candidates: Type.Array(
      Type.Object({
        organizationId: Type.String(),
        score: Type.Number(),
        decision: Decision,
        why: Why,
        record: GoldenRecord,
      }),
    ),
  },
  { $id: 'LegalPersonMatchResult' },
);

export const FieldSpec = Type.Union([
  Type.String({ minLength: 1, maxLength: 100 }),
  Type.Object({ const: Text(100) }, { additionalProperties: false }),
  Type.Object(
    { item: Text(100), map: Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 100 })) },
    { additionalProperties: false },
  ),
]);
export const Projection = Type.Object(
  {
    role: Nullable(Text(20)),
    fields: Type.Record(Type.String({ maxLength: 40 }), FieldSpec),
  },
  { additionalProperties: false },
);

export const Source = Type.Object(
  {
    id: Uuid,
    resourceId: Uuid,
    subscriptionId: Uuid,
    name: Type.String(),
    priority: Type.Integer(),
    projections: Type.Array(Projection),
    appliedSeq: Type.Integer(),
    lastSeq: Type.Integer(),
    records: Type.Integer(),
    lastSyncAt: Nullable(Timestamp),
    lastChanges: Type.Integer(),
    lastSkipped: Type.Integer(),
    lastError: Nullable(Type.String()),
  },
  { $id: 'RegistrySource' },
);

export const SourceInput = Type.Object(
  {
    resourceId: Uuid,
    name: Text(60),
    priority: Type.Integer({ minimum: 1, maximum: 99 }),
    projections: Type.Array(Projection, { minItems: 1, maxItems: 4 }),
  },
  { $id: 'RegistrySourceInput', additionalProperties: false },
);

export const Rule = Type.Object(
  {
    field: Type.String(),
    rule: Type.Enum(['priority', 'recent', 'complete', 'fixed'], {
      description: 'priority 来源优先, recent 最新, complete 最完整, fixed 固定来源',
    }),
    fixedSourceId: Nullable(Uuid),
    conflict: Type.Boolean({ description: 'Open a conflict when sources disagree' }),
  },
  { $id: 'RegistryRule' },
);
export const RulesInput = Type.Object(
  {
    rules: Type.Array(Type.Object({ ...Rule.properties }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 40,
    }),
  },
  { $id: 'RegistryRulesInput', additionalProperties: false },
);
export const RankInput = Type.Object(
  { order: Type.Array(Uuid, { minItems: 1, maxItems: 50, description: 'Source ids, trusted first' }) },
  { additionalProperties: false },
);

export const Overview = Type.Object(
  {
    kind: Type.Enum(['population', 'legal_person']),
    segment: Type.Enum(['population', 'legal-person']),
    nameZh: Type.String(),
    nameEn: Type.String(),
    departmentId: Uuid,
    departmentName: Type.String(),
    resourceId: Nullable(Uuid),
    entities: Type.Integer({ description: 'Golden records with at least one source record' }),
    merged: Type.Integer(),
    records: Type.Integer(),
    byLink: Type.Record(Type.String(), Type.Integer(), {
      description: 'Source records by how they were linked',
    }),
    openConflicts: Type.Integer(),
    openReviews: Type.Integer(),
    withConflicts: Type.Integer(),
    completeness: Type.Array(
      Type.Object({ field: Type.String(), filled: Type.Integer(), rate: Type.Number() }),
    ),
    thresholds: Type.Object({ match: Type.Number(), review: Type.Number() }),
    model: Nullable(
      Type.Object({
        records: Type.Integer(),
        at: Timestamp,
        prior: Type.Number(),
        fields: Type.Array(
          Type.Object({
            field: Type.String(),
            levels: Type.Array(
              Type.Object({
                agreement: Type.String(),
                m: Type.Number(),
                u: Type.Number(),
                weight: Type.Number(),
              }),
            ),
          }),
        ),
      }),
    ),
    rules: Type.Array(Rule),
    sources: Type.Array(Source),
    canSteward: Type.Boolean(),
  },
  { $id: 'RegistryOverview' },
);

export const ConflictQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(['open', 'resolved', 'dismissed', 'gone'])),
    limit: Type.Optional(Limit(200, 50)),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);
export const ReviewQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(['open', 'linked', 'apart', 'gone'])),
    limit: Type.Optional(Limit(200, 50)),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);
export const ConflictDecision = Type.Object(
  { value: Type.Optional(Text(200)), dismiss: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const ReviewDecision = Type.Object(
  { decision: Type.Enum(['link', 'apart']) },
  { additionalProperties: false },
);
export const MergeInput = Type.Object(
  { from: EntityId, into: EntityId, reason: Text(200) },
  { $id: 'RegistryMergeInput', additionalProperties: false },
);
export const UnmergeInput = Type.Object(
  {
    eventId: BigintId({ description: 'The merge history entry (of the surviving record)' }),
    reason: Text(200),
  },
  { additionalProperties: false },
);
export const SyncResult = Type.Object(
  {
    sources: Type.Array(
      Type.Object({
        sourceId: Uuid,
        applied: Type.Integer(),
        skipped: Type.Integer(),
        appliedSeq: Type.Integer(),
        ran: Type.Boolean(),
        lagMs: Nullable(Type.Integer()),
      }),
    ),
    published: Type.Integer(),
  },
  { $id: 'RegistrySyncResult' },
);
export const EntityParams = Type.Object(
  { registry: RegistryParams.properties.registry, id: Type.String({ maxLength: 20 }) },
  { additionalProperties: false },
);
export const PersonParams = Type.Object(
  { personId: Type.String({ maxLength: 20 }) },
  { additionalProperties: false },
);
export const RegistryIdParams = Type.Object(
  { registry: RegistryParams.properties.registry, id: Uuid },
  { additionalProperties: false },
);
