import { Type, type Static } from 'typebox';
import { BigintId, Limit, MultilineText, Nullable, Text, Timestamp, Uuid } from '../../core/schema.ts';

const Day = Type.String({ format: 'date', description: 'A day (YYYY-MM-DD), China Standard Time' });
/** 万元, up to six decimals (one yuan is 0.0001 万元). */
const Amount = Type.Number({ minimum: 0, maximum: 100_000_000, description: '万元' });

export const RECORD_KINDS = ['penalty', 'license'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
export const RecordKindEnum = Type.Enum([...RECORD_KINDS], {
  $id: 'CreditRecordKind',
  description: 'penalty 行政处罚, license 行政许可',
});

export const SUBJECT_CATEGORIES = ['legal', 'person', 'business'] as const;
export type SubjectCategory = (typeof SUBJECT_CATEGORIES)[number];
export const SubjectCategoryEnum = Type.Enum([...SUBJECT_CATEGORIES], {
  $id: 'CreditSubjectCategory',
  description:
    '行政相对人类别: legal 法人及非法人组织, person 自然人 (code: 身份证号), business 个体工商户 (code: 统一社会信用代码)',
});

/** 处罚类别 (行政处罚法 第九条 and the national 双公示 standard). */
export const PENALTY_KINDS = [
  'warning', // 警告
  'criticism', // 通报批评
  'fine', // 罚款
  'confiscation', // 没收违法所得、没收非法财物
  'suspend_license', // 暂扣许可证件
  'revoke_license', // 吊销许可证件
  'restrict_operation', // 限制开展生产经营活动
  'suspend_business', // 责令停产停业
  'close', // 责令关闭
  'restrict_practice', // 限制从业
  'detention', // 行政拘留
  'other', // 其他
] as const;
export type PenaltyKind = (typeof PENALTY_KINDS)[number];
export const PenaltyKindEnum = Type.Enum([...PENALTY_KINDS], {
  $id: 'CreditPenaltyKind',
  description:
    '处罚类别: warning 警告, criticism 通报批评, fine 罚款, confiscation 没收违法所得、没收非法财物, suspend_license 暂扣许可证件, revoke_license 吊销许可证件, restrict_operation 限制开展生产经营活动, suspend_business 责令停产停业, close 责令关闭, restrict_practice 限制从业, detention 行政拘留, other 其他',
});

export const LICENSE_CATEGORIES = [
  'general',
  'special',
  'recognition',
  'approval',
  'registration',
  'other',
] as const;
export const LicenseCategoryEnum = Type.Enum([...LICENSE_CATEGORIES], {
  $id: 'CreditLicenseCategory',
  description:
    '许可类别: general 普通, special 特许, recognition 认可, approval 核准, registration 登记, other 其他',
});

export const SEVERITIES = ['minor', 'general', 'serious'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SeverityEnum = Type.Enum([...SEVERITIES], {
  $id: 'CreditSeverity',
  description:
    'minor 不予公示 (only 警告/通报批评/较低数额罚款), general 一般失信 (3 months – 1 year), serious 严重失信 (1 – 3 years)',
});

export const PUBLICITY_STATES = ['public', 'not_publicized', 'ended', 'repaired', 'withdrawn'] as const;
export type PublicityState = (typeof PUBLICITY_STATES)[number];
export const PublicityStateEnum = Type.Enum([...PUBLICITY_STATES], {
  $id: 'CreditPublicity',
  description:
    'public 公示中, not_publicized 不予公示, ended 公示期满, repaired 信用修复后停止公示, withdrawn 已撤销 (upheld objection)',
});

// ---- 双公示 records --------------------------------------------------------------------------------------

export const CreditRecordInput = Type.Object(
  {
    kind: RecordKindEnum,
    subjectName: Text(200),
    subjectCategory: SubjectCategoryEnum,
    subjectCode: Type.String({
      minLength: 1,
      maxLength: 40,
      description: '统一社会信用代码, or for 自然人 the 身份证号 (stored, only ever shown masked)',
    }),
    legalRepresentative: Type.Optional(Text(50)),
    decisionNo: Text(100),
    decisionDate: Day,
    authorityName: Type.Optional(Text(100)),
    authorityCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    sourceName: Type.Optional(Text(100)),
    violationType: Type.Optional(Text(200)),
    violationFacts: Type.Optional(MultilineText(2000)),
    basis: Type.Optional(MultilineText(1000)),
    penaltyKinds: Type.Optional(
      Type.Array(PenaltyKindEnum, { minItems: 1, maxItems: 12, uniqueItems: true }),
    ),
    penaltyContent: Type.Optional(MultilineText(1000)),
    fineAmount: Type.Optional(Amount),
    confiscatedAmount: Type.Optional(Amount),
    licenseAffected: Type.Optional(Text(200)),
    penaltyValidUntil: Type.Optional(Day),
    serious: Type.Optional(
      Type.Boolean({
        description: '严重失信 as determined by the authority; absent: derived from the kinds',
      }),
    ),
    publicityUntil: Type.Optional(
      Type.String({
        format: 'date',
        description: '公示截止期 when a law says so; must lie within the national minimum and maximum',
      }),
    ),
    docName: Type.Optional(Text(200)),
    licenseCategory: Type.Optional(LicenseCategoryEnum),
    certificateName: Type.Optional(Text(200)),
    licenseNo: Type.Optional(Text(100)),
    licenseContent: Type.Optional(MultilineText(2000)),
    validFrom: Type.Optional(Day),
    validTo: Type.Optional(Day),
  },
  { $id: 'CreditRecordInput', additionalProperties: false },
);
export type CreditRecordInputT = Static<typeof CreditRecordInput>;

export const CreditRecordBatch = Type.Object(
  {
    departmentId: Type.Optional(Uuid),
    records: Type.Array(CreditRecordInput, { minItems: 1, maxItems: 500 }),
  },
  { $id: 'CreditRecordBatch', additionalProperties: false },
);
export type CreditRecordBatchT = Static<typeof CreditRecordBatch>;

export const CreditSubmitResult = Type.Object(
  {
    created: Type.Integer(),
    updated: Type.Integer(),
    ids: Type.Array(Uuid, { description: 'The records, in the order submitted' }),
  },
  { $id: 'CreditSubmitResult' },
);

const publicRecordFields = {
  id: Uuid,
  kind: RecordKindEnum,
  subjectName: Type.String({ description: 'A 自然人’s name keeps only the surname outside the staff views' }),
  subjectCategory: SubjectCategoryEnum,
  subjectCode: Type.String({ description: 'A 身份证号 is always masked (first 6 and last 4)' }),
  legalRepresentative: Nullable(Type.String()),
  decisionNo: Type.String({ description: '行政处罚决定书文号 / 行政许可决定文书号' }),
  decisionDate: Day,
  authorityName: Type.String(),
  authorityCode: Type.String(),
  sourceName: Type.String({ description: '数据来源单位' }),
  violationType: Nullable(Type.String()),
  violationFacts: Nullable(Type.String()),
  basis: Nullable(Type.String()),
  penaltyKinds: Type.Array(PenaltyKindEnum),
  penaltyContent: Nullable(Type.String()),
  fineAmount: Nullable(Type.Number()),
  confiscatedAmount: Nullable(Type.Number()),
  licenseAffected: Nullable(Type.String()),
  penaltyValidUntil: Nullable(Day),
  docName: Nullable(Type.String()),
  licenseCategory: Nullable(LicenseCategoryEnum),
  certificateName: Nullable(Type.String()),
  licenseNo: Nullable(Type.String()),
  licenseContent: Nullable(Type.String()),
  validFrom: Nullable(Day),
  validTo: Nullable(Day),
  publicityUntil: Nullable(Day),
};

export const PublicCreditRecord = Type.Object(publicRecordFields, { $id: 'PublicCreditRecord' });
export type PublicCreditRecordT = Static<typeof PublicCreditRecord>;

export const CreditRecord = Type.Object(
  {
    ...publicRecordFields,
    seq: Type.String({ description: 'Keyset cursor' }),
    departmentId: Uuid,
    departmentName: Type.String(),
    severity: Nullable(SeverityEnum),
    repairFrom: Nullable(Day),
    publicity: PublicityStateEnum,
    status: Type.Enum(['active', 'withdrawn']),
    repairedOn: Nullable(Day),
    correctedAt: Nullable(Timestamp),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'CreditRecord' },
);
export type CreditRecordT = Static<typeof CreditRecord>;

export const CreditRecordQuery = Type.Object(
  {
    kind: Type.Optional(RecordKindEnum),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'Name fragment or exact code' }),
    ),
    departmentId: Type.Optional(Uuid),
    publicity: Type.Optional(PublicityStateEnum),
    limit: Type.Optional(Limit(200, 50)),
    after: Type.Optional(BigintId({ description: 'Records older than this seq' })),
  },
  { additionalProperties: false },
);
export type CreditRecordQueryT = Static<typeof CreditRecordQuery>;

export const CreditRecordPage = Type.Object(
  { items: Type.Array(CreditRecord), nextCursor: Nullable(Type.String()) },
  { $id: 'CreditRecordPage' },
);

export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const CodeParams = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 40, description: '统一社会信用代码 or 身份证号' }) },
  { additionalProperties: false },
);

// ---- red and black lists ---------------------------------------------------------------------------------

export const LIST_KINDS = ['red', 'black'] as const;
export type ListKind = (typeof LIST_KINDS)[number];
export const ListKindEnum = Type.Enum([...LIST_KINDS], {
  $id: 'CreditListKind',
  description: 'red 红名单 (守信激励), black 黑名单 (失信惩戒)',
});
export const LIST_STATUSES = ['in_force', 'pending', 'expired', 'removed'] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];

export const CreditListEntryInput = Type.Object(
  {
    listKind: ListKindEnum,
    listName: Text(100),
    departmentId: Type.Optional(Uuid),
    subjectName: Text(200),
    subjectCategory: SubjectCategoryEnum,
    subjectCode: Type.String({ minLength: 1, maxLength: 40 }),
    basis: MultilineText(1000),
    listedOn: Day,
    validUntil: Type.Optional(Day),
  },
  { $id: 'CreditListEntryInput', additionalProperties: false },
);
export type CreditListEntryInputT = Static<typeof CreditListEntryInput>;

export const CreditListEntry = Type.Object(
  {
    id: Uuid,
    seq: Type.String(),
    listKind: ListKindEnum,
    listName: Type.String(),
    departmentId: Uuid,
    departmentName: Type.String({ description: '认定部门' }),
    subjectName: Type.String(),
    subjectCategory: SubjectCategoryEnum,
    subjectCode: Type.String({ description: 'A 身份证号 is always masked' }),
    basis: Type.String({ description: '认定依据' }),
    listedOn: Day,
    validUntil: Nullable(Day),
    removedOn: Nullable(Day),
    removalReason: Nullable(Type.String()),
    status: Type.Enum([...LIST_STATUSES], {
      description: 'in_force 有效, pending 未到列入日期, expired 有效期届满, removed 已移出',
    }),
  },
  { $id: 'CreditListEntry' },
);
export type CreditListEntryT = Static<typeof CreditListEntry>;

export const CreditListQuery = Type.Object(
  {
    listKind: Type.Optional(ListKindEnum),
    status: Type.Optional(Type.Enum([...LIST_STATUSES])),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    limit: Type.Optional(Limit(200, 50)),
    after: Type.Optional(BigintId()),
  },
  { additionalProperties: false },
);
export type CreditListQueryT = Static<typeof CreditListQuery>;

export const CreditListPage = Type.Object(
  { items: Type.Array(CreditListEntry), nextCursor: Nullable(Type.String()) },
  { $id: 'CreditListEntryPage' },
);

export const CreditListRemoval = Type.Object(
  { reason: Text(500), removedOn: Type.Optional(Day) },
  { $id: 'CreditListRemoval', additionalProperties: false },
);

// ---- objections and repair -------------------------------------------------------------------------------

export const CASE_KINDS = ['objection', 'repair'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const CASE_STATUSES = ['submitted', 'accepted', 'upheld', 'rejected', 'repaired'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CreditCaseInput = Type.Object(
  {
    recordId: Uuid,
    kind: Type.Enum([...CASE_KINDS], { description: 'objection 异议申诉, repair 信用修复' }),
    reason: MultilineText(2000),
    attachment: Type.Optional(Text(300, 1)),
  },
  { $id: 'CreditCaseInput', additionalProperties: false },
);
export type CreditCaseInputT = Static<typeof CreditCaseInput>;

export const CreditCaseDecision = Type.Object(
  {
    action: Type.Enum(['accept', 'reject', 'uphold', 'repair'], {
      description:
        'accept 受理; reject 不予受理 or 驳回; uphold (objection) 异议成立 — withdraw or correct the record; repair (repair application) 同意修复 — public display ends',
    }),
    note: MultilineText(1000),
    resolution: Type.Optional(Type.Enum(['withdraw', 'correct'])),
    corrections: Type.Optional(
      Type.Object(
        {
          subjectName: Type.Optional(Text(200)),
          legalRepresentative: Type.Optional(Text(50)),
          violationFacts: Type.Optional(MultilineText(2000)),
          penaltyContent: Type.Optional(MultilineText(1000)),
          fineAmount: Type.Optional(Amount),
          confiscatedAmount: Type.Optional(Amount),
          licenseContent: Type.Optional(MultilineText(2000)),
        },
        { additionalProperties: false, minProperties: 1 },
      ),
    ),
  },
  { $id: 'CreditCaseDecision', additionalProperties: false },
);
export type CreditCaseDecisionT = Static<typeof CreditCaseDecision>;

export const CreditCase = Type.Object(
  {
    id: Uuid,
    seq: Type.String(),
    kind: Type.Enum([...CASE_KINDS]),
    recordId: Uuid,
    record: Type.Object({
      kind: RecordKindEnum,
      decisionNo: Type.String(),
      subjectName: Type.String(),
      subjectCode: Type.String({ description: 'A 身份证号 is always masked' }),
    }),
    departmentId: Uuid,
    departmentName: Type.String(),
    applicantName: Type.String(),
    reason: Type.String(),
    attachment: Nullable(Type.String()),
    status: Type.Enum([...CASE_STATUSES]),
    filedOn: Day,
    acceptDue: Day,
    acceptedOn: Nullable(Day),
    decideDue: Nullable(Day),
    decidedOn: Nullable(Day),
    resolution: Nullable(Type.Enum(['withdraw', 'correct'])),
    decisionNote: Nullable(Type.String()),
    /** The step due next is past its deadline (read against today). */
    overdue: Type.Boolean(),
    history: Type.Array(
      Type.Object({
        action: Type.String(),
        fromStatus: Nullable(Type.String()),
        toStatus: Type.String(),
        note: Nullable(Type.String()),
        actorName: Nullable(Type.String()),
        at: Timestamp,
      }),
    ),
  },
  { $id: 'CreditCase' },
);
export type CreditCaseT = Static<typeof CreditCase>;

export const CreditCaseQuery = Type.Object(
  {
    kind: Type.Optional(Type.Enum([...CASE_KINDS])),
    status: Type.Optional(Type.Enum([...CASE_STATUSES])),
    open: Type.Optional(Type.Boolean({ description: 'Only cases not yet decided' })),
    overdue: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Limit(200, 50)),
    after: Type.Optional(BigintId()),
  },
  { additionalProperties: false },
);
export type CreditCaseQueryT = Static<typeof CreditCaseQuery>;

export const CreditCasePage = Type.Object(
  { items: Type.Array(CreditCase), nextCursor: Nullable(Type.String()) },
  { $id: 'CreditCasePage' },
);

// ---- profiles --------------------------------------------------------------------------------------------

export const CreditScore = Type.Object(
  {
    score: Type.Integer(),
    level: Type.Enum(['A', 'B', 'C', 'D'], {
      description: 'A 守信 (≥ 95), B 良好 (80–94), C 关注 (60–79), D 失信 (< 60)',
    }),
    components: Type.Array(
      Type.Object({
        code: Type.String({
          description:
            'base, penalty_general, penalty_serious, fines, black_list, red_list (see src/modules/credit/score.ts)',
        }),
        count: Type.Integer(),
        points: Type.Integer(),
      }),
    ),
  },
  { $id: 'CreditScore' },
);
export type CreditScoreT = Static<typeof CreditScore>;

export const CreditProfile = Type.Object(
  {
    subject: Type.Object({
      code: Type.String({ description: 'A 身份证号 is always masked' }),
      kind: Type.Enum(['legal', 'person']),
      name: Nullable(Type.String({ description: 'From the newest record or list entry' })),
      category: Nullable(SubjectCategoryEnum),
      legalRepresentative: Nullable(Type.String()),
    }),
    score: CreditScore,
    counts: Type.Object({
      penalties: Type.Integer(),
      penaltiesPublic: Type.Integer(),
      licenses: Type.Integer(),
      licensesInForce: Type.Integer(),
      redInForce: Type.Integer(),
      blackInForce: Type.Integer(),
    }),
    records: Type.Array(CreditRecord),
    lists: Type.Array(CreditListEntry),
    cases: Type.Array(CreditCase),
  },
  { $id: 'CreditProfile' },
);
export type CreditProfileT = Static<typeof CreditProfile>;

export const MyCredit = Type.Object(
  {
    subjects: Type.Array(CreditProfile),
  },
  { $id: 'MyCredit' },
);

export const CreditAccountInput = Type.Object(
  {
    userId: Uuid,
    subjectCode: Type.String({ minLength: 1, maxLength: 40 }),
    subjectName: Text(200),
  },
  { $id: 'CreditAccountInput', additionalProperties: false },
);
export type CreditAccountInputT = Static<typeof CreditAccountInput>;

export const CreditAccount = Type.Object(
  {
    userId: Uuid,
    subjectCode: Type.String({ description: 'A 身份证号 is always masked' }),
    subjectName: Type.String(),
    boundAt: Timestamp,
  },
  { $id: 'CreditAccount' },
);

// ---- public ----------------------------------------------------------------------------------------------

export const PublicCreditQuery = Type.Object(
  {
    q: Type.String({
      minLength: 2,
      maxLength: 100,
      description:
        'A legal person’s or 个体工商户’s name (a fragment) or 统一社会信用代码; a person only by the exact 身份证号',
    }),
    limit: Type.Optional(Limit(50, 20)),
  },
  { additionalProperties: false },
);

export const PublicCreditSubject = Type.Object(
  {
    subjectCode: Type.String({ description: 'A 身份证号 is masked' }),
    subjectName: Type.String(),
    subjectCategory: SubjectCategoryEnum,
    penalties: Type.Integer({ description: '行政处罚 within their publicity period' }),
    licenses: Type.Integer({ description: '行政许可 in force' }),
    redLists: Type.Integer(),
    blackLists: Type.Integer(),
  },
  { $id: 'PublicCreditSubject' },
);

export const PublicCreditSearch = Type.Object(
  { items: Type.Array(PublicCreditSubject) },
  { $id: 'PublicCreditSearch' },
);

export const PublicCreditListEntry = Type.Object(
  {
    listKind: ListKindEnum,
    listName: Type.String(),
    departmentName: Type.String(),
    basis: Type.String(),
    listedOn: Day,
    validUntil: Nullable(Day),
  },
  { $id: 'PublicCreditListEntry' },
);

export const PublicCreditProfile = Type.Object(
  {
    subjectCode: Type.String(),
    subjectName: Type.String(),
    subjectCategory: SubjectCategoryEnum,
    penalties: Type.Array(PublicCreditRecord),
    licenses: Type.Array(PublicCreditRecord),
    lists: Type.Array(PublicCreditListEntry),
  },
  { $id: 'PublicCreditProfile' },
);
export type PublicCreditProfileT = Static<typeof PublicCreditProfile>;
