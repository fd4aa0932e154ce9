/**
 * 公共数据开放 feedback: the request and response schemas of data requests (数据需求), error reports (纠错), ratings,
 * reuse showcases (应用展示) and the operator's moderation. Types come from these with `Static<>`.
 */
import { Type, type Static } from 'typebox';
import { Limit, MultilineText, Nullable, Offset, Text, Timestamp, Uuid } from '../../../core/schema.ts';

const Day = Type.String({ format: 'date', description: 'A day (YYYY-MM-DD), China Standard Time' });
const DatasetName = Type.String({
  pattern: '^[a-z0-9_-]{2,100}$',
  description: 'An open dataset’s name (r101001-000012)',
});

/** The dataset a submission is about, in the path: CKAN's alphabet (a name that is no dataset is a 404). */
export const FeedbackDatasetParams = Type.Object(
  { name: Type.String({ pattern: '^[a-z0-9_-]{1,100}$', description: 'An open dataset’s name' }) },
  { additionalProperties: false },
);

// ---- data requests (数据需求) ----

export const REQUEST_STATUSES = ['submitted', 'routed', 'planned', 'available', 'declined'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const RequestStatusEnum = Type.Enum([...REQUEST_STATUSES], {
  $id: 'OpenRequestStatus',
  description:
    'submitted 待分派 (no department yet), routed 待答复 (with the department), planned 计划开放, available 已开放, declined 不予开放',
});

export const OpenRequestInput = Type.Object(
  {
    title: Text(100, 4),
    description: MultilineText(2000, 10),
    purpose: MultilineText(500, 2),
    departmentId: Type.Optional(Nullable(Uuid)),
  },
  { additionalProperties: false },
);
export type OpenRequestInputT = Static<typeof OpenRequestInput>;

const DepartmentRef = Type.Object({ id: Uuid, name: Type.String() });

export const OpenRequest = Type.Object(
  {
    id: Uuid,
    title: Type.String(),
    description: Type.String(),
    purpose: Type.String(),
    author: Type.String({ description: 'The requester’s name, masked (张**)' }),
    department: Nullable(DepartmentRef),
    status: RequestStatusEnum,
    answer: Nullable(Type.String()),
    plannedDate: Nullable(Day),
    dataset: Nullable(Type.Object({ name: Type.String(), title: Type.String() })),
    answeredAt: Nullable(Timestamp),
    votes: Type.Integer(),
    createdAt: Timestamp,
  },
  { $id: 'OpenRequest' },
);
export type OpenRequestT = Static<typeof OpenRequest>;

export const OpenRequestQuery = Type.Object(
  {
    status: Type.Optional(RequestStatusEnum),
    departmentId: Type.Optional(Uuid),
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Text in the title or description' })),
    sort: Type.Optional(Type.Union([Type.Literal('recent'), Type.Literal('votes')], { default: 'recent' })),
    limit: Type.Optional(Limit(100, 20)),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);
export type OpenRequestQueryT = Static<typeof OpenRequestQuery>;

export const OpenRequestList = Type.Object(
  {
    total: Type.Integer(),
    counts: Type.Object(
      Object.fromEntries(REQUEST_STATUSES.map((s) => [s, Type.Integer()])) as Record<
        RequestStatus,
        ReturnType<typeof Type.Integer>
      >,
      { description: 'Shown requests per status, over the other filters' },
    ),
    items: Type.Array(OpenRequest),
  },
  { $id: 'OpenRequestList' },
);
export type OpenRequestListT = Static<typeof OpenRequestList>;

export const OpenRequestAnswer = Type.Object(
  {
    status: Type.Union([Type.Literal('planned'), Type.Literal('available'), Type.Literal('declined')]),
    answer: MultilineText(2000, 2),
    plannedDate: Type.Optional(Day),
    datasetName: Type.Optional(DatasetName),
  },
  {
    additionalProperties: false,
    description:
      'planned needs plannedDate (today or later); available needs datasetName (an open dataset); declined says why in answer',
  },
);
export type OpenRequestAnswerT = Static<typeof OpenRequestAnswer>;

export const OpenRequestRoute = Type.Object({ departmentId: Uuid }, { additionalProperties: false });

export const OpenVote = Type.Object({ votes: Type.Integer(), voted: Type.Boolean() }, { $id: 'OpenVote' });

// ---- error reports (纠错) ----

export const REPORT_STATUSES = ['open', 'resolved', 'rejected'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const ReportStatusEnum = Type.Enum([...REPORT_STATUSES], {
  $id: 'OpenReportStatus',
  description: 'open 待处理, resolved 已更正, rejected 不予采纳',
});

export const OpenReportInput = Type.Object(
  {
    recordKey: Type.Optional(Text(200)),
    item: Type.Optional(Text(100)),
    description: MultilineText(2000, 5),
  },
  { additionalProperties: false },
);
export type OpenReportInputT = Static<typeof OpenReportInput>;

export const OpenReport = Type.Object(
  {
    id: Uuid,
    dataset: Type.Object({ name: Type.String(), title: Type.String() }),
    department: DepartmentRef,
    author: Type.String(),
    recordKey: Nullable(Type.String()),
    item: Nullable(Type.String()),
    description: Type.String(),
    status: ReportStatusEnum,
    reply: Nullable(Type.String()),
    repliedAt: Nullable(Timestamp),
    createdAt: Timestamp,
  },
  { $id: 'OpenReport' },
);
export type OpenReportT = Static<typeof OpenReport>;

export const OpenReportAnswer = Type.Object(
  {
    status: Type.Union([Type.Literal('resolved'), Type.Literal('rejected')]),
    reply: MultilineText(2000, 2),
  },
  { additionalProperties: false },
);
export type OpenReportAnswerT = Static<typeof OpenReportAnswer>;

// ---- ratings ----

export const OpenRatingSummary = Type.Object(
  {
    average: Nullable(Type.Number({ description: 'Mean stars, two decimals; null without a rating' })),
    count: Type.Integer(),
  },
  { $id: 'OpenRatingSummary' },
);
export type OpenRatingSummaryT = Static<typeof OpenRatingSummary>;

export const OpenRatingInput = Type.Object(
  {
    stars: Type.Integer({ minimum: 1, maximum: 5 }),
    comment: Type.Optional(Nullable(MultilineText(500))),
  },
  { additionalProperties: false },
);
export type OpenRatingInputT = Static<typeof OpenRatingInput>;

export const OpenRating = Type.Object(
  {
    id: Uuid,
    author: Type.String(),
    stars: Type.Integer(),
    comment: Nullable(Type.String()),
    updatedAt: Timestamp,
  },
  { $id: 'OpenRating' },
);
export type OpenRatingT = Static<typeof OpenRating>;

export const OpenRatingResult = Type.Object(
  { rating: OpenRating, summary: OpenRatingSummary },
  { $id: 'OpenRatingResult' },
);

// ---- showcases (应用展示) ----

export const SHOWCASE_KINDS = ['app', 'article', 'visualization'] as const;
export const ShowcaseKindEnum = Type.Enum([...SHOWCASE_KINDS], {
  $id: 'OpenShowcaseKind',
  description: 'app 应用, article 文章, visualization 可视化',
});
export const SHOWCASE_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ShowcaseStatus = (typeof SHOWCASE_STATUSES)[number];

export const OpenShowcaseInput = Type.Object(
  {
    kind: ShowcaseKindEnum,
    title: Text(100, 2),
    description: MultilineText(2000, 10),
    url: Type.String({ minLength: 8, maxLength: 500, description: 'http or https only' }),
    datasets: Type.Array(DatasetName, { minItems: 1, maxItems: 20, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type OpenShowcaseInputT = Static<typeof OpenShowcaseInput>;

export const OpenShowcase = Type.Object(
  {
    id: Uuid,
    kind: ShowcaseKindEnum,
    title: Type.String(),
    description: Type.String(),
    url: Type.String(),
    author: Type.String(),
    datasets: Type.Array(Type.Object({ name: Type.String(), title: Type.String() })),
    status: Type.Enum([...SHOWCASE_STATUSES]),
    decisionReason: Nullable(Type.String()),
    createdAt: Timestamp,
  },
  { $id: 'OpenShowcase' },
);
export type OpenShowcaseT = Static<typeof OpenShowcase>;

export const OpenShowcaseQuery = Type.Object(
  {
    dataset: Type.Optional(DatasetName),
    kind: Type.Optional(ShowcaseKindEnum),
    limit: Type.Optional(Limit(100, 20)),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);
export type OpenShowcaseQueryT = Static<typeof OpenShowcaseQuery>;

export const OpenShowcaseList = Type.Object(
  { total: Type.Integer(), items: Type.Array(OpenShowcase) },
  { $id: 'OpenShowcaseList' },
);

export const OpenShowcaseDecision = Type.Object(
  {
    approve: Type.Boolean(),
    reason: Type.Optional(MultilineText(500, 2)),
  },
  { additionalProperties: false, description: 'A rejection says why (reason)' },
);
export type OpenShowcaseDecisionT = Static<typeof OpenShowcaseDecision>;

// ---- a dataset's feedback, as its page shows it ----

export const OpenDatasetFeedback = Type.Object(
  {
    rating: OpenRatingSummary,
    ratings: Type.Array(OpenRating, { description: 'The latest rated comments (20 at most)' }),
    reports: Type.Array(OpenReport),
    showcases: Type.Array(OpenShowcase),
  },
  { $id: 'OpenDatasetFeedback' },
);
export type OpenDatasetFeedbackT = Static<typeof OpenDatasetFeedback>;

// ---- moderation and the department inbox ----

export const FEEDBACK_KINDS = ['request', 'report', 'rating', 'showcase'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];
export const FeedbackKindEnum = Type.Enum([...FEEDBACK_KINDS], {
  $id: 'OpenFeedbackKind',
  description: 'request 数据需求, report 纠错, rating 评分评论, showcase 应用展示',
});

export const FeedbackParams = Type.Object(
  { kind: FeedbackKindEnum, id: Uuid },
  { additionalProperties: false },
);

export const OpenFlagResult = Type.Object({ flagged: Type.Boolean() }, { $id: 'OpenFlagResult' });

export const OpenModerationInput = Type.Object(
  { reason: MultilineText(500, 2) },
  { additionalProperties: false },
);

export const OpenModerationQuery = Type.Object(
  {
    kind: Type.Optional(FeedbackKindEnum),
    filter: Type.Optional(
      Type.Union(
        [Type.Literal('pending'), Type.Literal('flagged'), Type.Literal('hidden'), Type.Literal('all')],
        {
          default: 'pending',
          description:
            'pending: showcases to approve and requests to route; flagged: 被举报 and still shown; hidden; all',
        },
      ),
    ),
    limit: Type.Optional(Limit(100, 50)),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);
export type OpenModerationQueryT = Static<typeof OpenModerationQuery>;

export const OpenModerationItem = Type.Object(
  {
    kind: FeedbackKindEnum,
    id: Uuid,
    title: Type.String({ description: 'A request’s or showcase’s title, a report’s or comment’s text' }),
    text: Type.String(),
    author: Type.String({ description: 'The submitting account’s display name (staff only)' }),
    status: Type.String(),
    dataset: Nullable(Type.Object({ name: Type.String(), title: Type.String() })),
    department: Nullable(DepartmentRef),
    url: Nullable(Type.String()),
    flags: Type.Integer(),
    hiddenAt: Nullable(Timestamp),
    hiddenReason: Nullable(Type.String()),
    createdAt: Timestamp,
  },
  { $id: 'OpenModerationItem' },
);
export type OpenModerationItemT = Static<typeof OpenModerationItem>;

export const OpenModerationList = Type.Object(
  { total: Type.Integer(), items: Type.Array(OpenModerationItem) },
  { $id: 'OpenModerationList' },
);

export const OpenInboxQuery = Type.Object(
  {
    kind: Type.Union([Type.Literal('request'), Type.Literal('report')]),
    state: Type.Optional(
      Type.Union([Type.Literal('waiting'), Type.Literal('answered'), Type.Literal('all')], {
        default: 'waiting',
      }),
    ),
    limit: Type.Optional(Limit(100, 50)),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);
export type OpenInboxQueryT = Static<typeof OpenInboxQuery>;

export const OpenInbox = Type.Object(
  {
    total: Type.Integer(),
    requests: Type.Array(OpenRequest),
    reports: Type.Array(OpenReport),
  },
  { $id: 'OpenInbox' },
);
export type OpenInboxT = Static<typeof OpenInbox>;

export const OpenDepartmentList = Type.Array(DepartmentRef, { $id: 'OpenDepartmentList' });
