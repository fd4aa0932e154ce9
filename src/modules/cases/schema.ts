import { Type, type Static } from 'typebox';
import {
  BigintId,
  Limit,
  MultilineText,
  Nullable,
  Offset,
  Text,
  Timestamp,
  Uuid,
} from '../../core/schema.ts';
import { CASE_ACTIONS, CASE_STATES, MAX_EXTENSION_DAYS } from './machine.ts';

const Day = Type.String({ format: 'date', description: 'A day (YYYY-MM-DD), China Standard Time' });

export const CaseStateEnum = Type.Enum([...CASE_STATES], {
  $id: 'CaseState',
  description:
    'received 收件, rejected_at_intake 不予受理, accepted 受理, reviewing 审查, corrections 补正 (waiting for the applicant), suspended 挂起, decided 决定, closed 办结',
});
export const CaseActionEnum = Type.Enum([...CASE_ACTIONS], {
  $id: 'CaseAction',
  description:
    'accept 受理, reject_intake 不予受理, start_review 审查, request_corrections 补正, resubmit 补正材料已提交, suspend 挂起, resume 恢复, extend 延期, grant 准予, refuse 不予许可, close 办结',
});
export const CaseSlaEnum = Type.Enum(['none', 'ok', 'warning', 'overdue'], {
  $id: 'CaseSla',
  description:
    'Against the promised deadline: none (not accepted yet), ok, warning (2 working days or fewer left), overdue',
});
export const CaseClockEnum = Type.Enum(['not_started', 'running', 'stopped', 'ended'], { $id: 'CaseClock' });

export const LICENSE_TYPE_CODE = '^[0-9A-Z]{18}[0-9]{3}$';

/** The service item as it was when the case was opened: its deadlines apply to the case. */
export const CaseItemSnapshot = Type.Object(
  {
    itemId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7e]+$' }),
    itemCode: Type.String({
      minLength: 1,
      maxLength: 64,
      pattern: '^[\\x21-\\x7e]+$',
      description: '实施编码',
    }),
    itemName: Text(200),
    departmentId: Uuid,
    legalDays: Type.Integer({ minimum: 1, maximum: 365, description: '法定办结时限, working days' }),
    promisedDays: Type.Integer({
      minimum: 1,
      maximum: 365,
      description: '承诺办结时限, working days (at most the legal one)',
    }),
    resultLicenseTypeCode: Nullable(
      Type.String({ pattern: LICENSE_TYPE_CODE, description: 'The e-license type a 准予 issues, if any' }),
    ),
  },
  { $id: 'CaseItemSnapshot', additionalProperties: false },
);
export type CaseItemSnapshotT = Static<typeof CaseItemSnapshot>;

export const CaseApplicantInput = Type.Object(
  {
    kind: Type.Enum(['person', 'legal_person'], {
      description: 'person 自然人 (身份证号), legal_person 法人 (统一社会信用代码)',
    }),
    code: Type.String({ minLength: 1, maxLength: 40, description: '身份证号 or 统一社会信用代码' }),
    name: Text(100),
    userId: Type.Optional(
      Nullable({
        ...Uuid,
        description: 'The applicant’s own account, which must speak for the code (实名核验)',
      }),
    ),
  },
  { $id: 'CaseApplicantInput', additionalProperties: false },
);
export type CaseApplicantInputT = Static<typeof CaseApplicantInput>;

export const CaseOpenInput = Type.Object(
  {
    item: CaseItemSnapshot,
    applicant: CaseApplicantInput,
    note: Type.Optional(MultilineText(1000)),
  },
  { $id: 'CaseOpenInput', additionalProperties: false },
);
export type CaseOpenInputT = Static<typeof CaseOpenInput>;

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: '^[\\x21-\\x7e]+$',
      description:
        'Repeat the request safely: the same key and body from the same account answer the same case',
    }),
  ),
});

const FieldValue = Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean()]);

export const CaseTransitionInput = Type.Object(
  {
    action: CaseActionEnum,
    reason: Type.Optional(MultilineText(1000, 0)),
    missing: Type.Optional(
      Type.Array(Text(200), {
        maxItems: 50,
        description: '补正: everything missing, at once (一次性告知)',
      }),
    ),
    days: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_EXTENSION_DAYS, description: '延期: working days added' }),
    ),
    version: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 2_147_483_647,
        description:
          'The case version the caller saw; a different one is refused (409 CASE_VERSION_CONFLICT)',
      }),
    ),
    license: Type.Optional(
      Type.Object(
        {
          number: Type.Optional(Text(64)),
          validFrom: Type.Optional(Day),
          data: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), FieldValue, { maxProperties: 30 })),
        },
        {
          additionalProperties: false,
          description:
            '准予 with a result license: its number (default the case number) and the type’s fields (the holder’s name and ID number are filled in)',
        },
      ),
    ),
  },
  { $id: 'CaseTransitionInput', additionalProperties: false },
);
export type CaseTransitionInputT = Static<typeof CaseTransitionInput>;

const DeadlineView = Type.Object(
  {
    dueOn: Day,
    dueAt: Timestamp,
    remainingWorkdays: Type.Integer(),
    overdue: Type.Boolean(),
  },
  { $id: 'CaseDeadline' },
);

export const CaseApplicant = Type.Object(
  {
    kind: Type.Enum(['person', 'legal_person']),
    code: Type.String(),
    name: Type.String(),
    userId: Nullable(Uuid),
  },
  { $id: 'CaseApplicant' },
);

export const CaseSummary = Type.Object(
  {
    id: Uuid,
    number: Type.String({ description: '办件编号' }),
    item: CaseItemSnapshot,
    departmentName: Type.String(),
    applicant: CaseApplicant,
    state: CaseStateEnum,
    outcome: Nullable(Type.Enum(['granted', 'refused'])),
    clock: CaseClockEnum,
    sla: CaseSlaEnum,
    receivedAt: Timestamp,
    acceptedAt: Nullable(Timestamp),
    decidedAt: Nullable(Timestamp),
    closedAt: Nullable(Timestamp),
    legalDueOn: Nullable(Day),
    promisedDueOn: Nullable(Day),
    remainingWorkdays: Nullable(Type.Integer({ description: 'Working days left on the promised deadline' })),
    licenseId: Nullable(Type.String()),
    version: Type.Integer(),
  },
  { $id: 'CaseSummary' },
);
export type CaseSummaryT = Static<typeof CaseSummary>;

export const CaseEvent = Type.Object(
  {
    id: Type.String(),
    action: Type.String({
      description: 'A CaseAction, or open, sla_warning, promised_overdue, legal_overdue',
    }),
    fromState: Nullable(CaseStateEnum),
    toState: CaseStateEnum,
    reason: Nullable(Type.String()),
    details: Type.Record(Type.String(), Type.Unknown()),
    actorName: Nullable(Type.String()),
    at: Timestamp,
  },
  { $id: 'CaseEvent' },
);
export type CaseEventT = Static<typeof CaseEvent>;

export const CaseStop = Type.Object(
  {
    kind: Type.Enum(['corrections', 'suspended']),
    from: Timestamp,
    to: Nullable(Timestamp),
    workdays: Type.Integer({
      description: 'Working days the clock stood still (so far, for a stop not ended)',
    }),
    reason: Nullable(Type.String()),
  },
  { $id: 'CaseStop' },
);

export const CaseDeadlines = Type.Object(
  {
    clock: CaseClockEnum,
    sla: CaseSlaEnum,
    stoppedWorkdays: Type.Integer(),
    extensionDays: Type.Integer(),
    legal: Nullable(DeadlineView),
    promised: Nullable(DeadlineView),
    warnAt: Nullable(Timestamp),
    promisedOverdueAt: Nullable(Timestamp),
    legalOverdueAt: Nullable(Timestamp),
    stops: Type.Array(CaseStop),
  },
  { $id: 'CaseDeadlines' },
);

export const CaseDetail = Type.Object(
  {
    ...CaseSummary.properties,
    deadlines: CaseDeadlines,
    events: Type.Array(CaseEvent),
    /** Open corrections: what the applicant was told is missing. */
    missing: Nullable(Type.Array(Type.String())),
    allowedActions: Type.Array(CaseActionEnum, {
      description: 'What the caller may do now: the state machine’s actions its roles allow',
    }),
  },
  { $id: 'CaseDetail' },
);
export type CaseDetailT = Static<typeof CaseDetail>;

export const CaseInboxQuery = Type.Object(
  {
    state: Type.Optional(
      Type.Enum([...CASE_STATES, 'open', 'all'], {
        description: 'A state, open (every state still being handled, the default) or all',
      }),
    ),
    due: Type.Optional(
      Type.Enum(['overdue', 'warning', 'stopped', 'ok'], {
        description: 'overdue, warning (≤ 2 working days left), stopped (补正, 挂起), ok',
      }),
    ),
    departmentId: Type.Optional(Uuid),
    q: Type.Optional(Text(64)),
    limit: Type.Optional(Limit(200, 50)),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);
export type CaseInboxQueryT = Static<typeof CaseInboxQuery>;

export const CaseMineQuery = Type.Object(
  { limit: Type.Optional(Limit(200, 50)), offset: Type.Optional(Offset) },
  { additionalProperties: false },
);

export const CaseNotification = Type.Object(
  {
    id: Type.String(),
    caseId: Uuid,
    caseNumber: Type.String(),
    audience: Type.Enum(['applicant', 'staff']),
    kind: Type.String(),
    title: Type.String(),
    body: Type.String(),
    createdAt: Timestamp,
    readAt: Nullable(Timestamp),
  },
  { $id: 'CaseNotification' },
);
export type CaseNotificationT = Static<typeof CaseNotification>;

export const CaseNotificationList = Type.Object(
  { unread: Type.Integer(), items: Type.Array(CaseNotification) },
  { $id: 'CaseNotificationList' },
);

export const CaseNotificationQuery = Type.Object(
  { unread: Type.Optional(Type.Boolean()), limit: Type.Optional(Limit(200, 50)) },
  { additionalProperties: false },
);

export const CaseNotificationsRead = Type.Object(
  {
    ids: Type.Optional(
      Type.Array(BigintId(), { maxItems: 200, description: 'Omitted: every notification of the account' }),
    ),
  },
  { additionalProperties: false },
);
