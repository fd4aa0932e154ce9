/** Request and response schemas of the developer console's API and the stewards' application pages. */
import { Type, type Static } from 'typebox';
import { Limit, MultilineText, Nullable, Offset, Text, Timestamp, Uuid } from '../../core/schema.ts';

const Day = Type.String({ format: 'date', description: 'A day in China Standard Time (YYYY-MM-DD)' });

export const DeveloperKey = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    prefix: Type.String({ description: 'The start of the secret, to recognise the key by' }),
    dailyQuota: Type.Integer({ description: 'Calls a day (China Standard Time) before 429' }),
    quotaIsDefault: Type.Boolean({ description: 'The configured default (OPEN_KEY_DAILY_QUOTA) applies' }),
    callsToday: Type.Integer(),
    createdAt: Timestamp,
    lastUsedAt: Nullable(Timestamp),
    revokedAt: Nullable(Timestamp),
    developer: Type.Object({ id: Uuid, username: Type.String(), displayName: Type.String() }),
  },
  { $id: 'DeveloperKey' },
);
export type DeveloperKeyT = Static<typeof DeveloperKey>;

export const DeveloperKeyList = Type.Object({ items: Type.Array(DeveloperKey) }, { $id: 'DeveloperKeyList' });
export const DeveloperKeyPage = Type.Object(
  { total: Type.Integer(), items: Type.Array(DeveloperKey) },
  { $id: 'DeveloperKeyPage' },
);

export const CreateKeyBody = Type.Object({ name: Text(60) }, { additionalProperties: false });
export type CreateKeyBodyT = Static<typeof CreateKeyBody>;

export const CreatedKey = Type.Object(
  {
    key: DeveloperKey,
    secret: Type.String({
      description:
        'Shown this once: send it as `Authorization: <secret>` (what CKAN clients send) or `X-API-Key: <secret>`',
    }),
  },
  { $id: 'CreatedDeveloperKey' },
);

export const KeyQuotaBody = Type.Object(
  {
    dailyQuota: Nullable(
      Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'null: back to the configured default' }),
    ),
  },
  { additionalProperties: false },
);

export const KeyAdminQuery = Type.Object(
  { limit: Type.Optional(Limit(200, 50)), offset: Type.Optional(Offset) },
  { additionalProperties: false },
);

export const KeyUsage = Type.Object(
  {
    keyId: Uuid,
    days: Type.Array(
      Type.Object({
        day: Day,
        calls: Type.Integer(),
        rows: Type.Integer({ description: 'Records returned by datastore_search and the query API' }),
        downloads: Type.Integer(),
      }),
    ),
  },
  { $id: 'DeveloperKeyUsage', description: 'The last 30 days, oldest first, every day present' },
);

export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected', 'revoked'] as const;
export const ApplicationStatus = Type.Enum(APPLICATION_STATUSES, {
  description: 'pending 待审批, approved 已批准, rejected 已驳回, revoked 已撤销',
});

export const OpenApplication = Type.Object(
  {
    id: Uuid,
    status: ApplicationStatus,
    dataset: Type.Object({
      resourceId: Uuid,
      name: Nullable(Type.String({ description: 'null once the resource is no longer open' })),
      title: Type.String(),
    }),
    department: Type.Object({ id: Uuid, name: Type.String() }),
    developer: Type.Object({ id: Uuid, username: Type.String(), displayName: Type.String() }),
    purpose: Type.String(),
    items: Type.Array(Type.String()),
    periodStart: Day,
    periodEnd: Day,
    /** In force: approved and today within the period. */
    inForce: Type.Boolean({ description: 'Approved and today within the period' }),
    reason: Nullable(Type.String()),
    decidedAt: Nullable(Timestamp),
    createdAt: Timestamp,
  },
  { $id: 'OpenApplication' },
);
export type OpenApplicationT = Static<typeof OpenApplication>;

export const OpenApplicationPage = Type.Object(
  { total: Type.Integer(), items: Type.Array(OpenApplication) },
  { $id: 'OpenApplicationPage' },
);

export const ApplyBody = Type.Object(
  {
    dataset: Type.String({ pattern: '^[a-z0-9_-]{2,100}$', description: 'The dataset’s name' }),
    purpose: MultilineText(1000, 10),
    items: Type.Array(Text(100), {
      minItems: 1,
      maxItems: 500,
      uniqueItems: true,
      description: 'The items wanted (sensitive ones never)',
    }),
    periodEnd: Type.String({ format: 'date', description: 'The last day of use, at most a year from today' }),
  },
  { additionalProperties: false },
);
export type ApplyBodyT = Static<typeof ApplyBody>;

export const ApplicationQuery = Type.Object(
  {
    status: Type.Optional(ApplicationStatus),
    limit: Type.Optional(Limit(200, 50)),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);

export const DecideBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
    reason: Type.Optional(MultilineText(1000)),
  },
  { additionalProperties: false },
);
export type DecideBodyT = Static<typeof DecideBody>;

export const RevokeBody = Type.Object({ reason: MultilineText(1000) }, { additionalProperties: false });
