import { Type, type Static } from 'typebox';
import { Nullable, Timestamp } from '../../core/schema.ts';

export const WebhookBody = Type.Object(
  {
    dataset: Type.String({
      pattern: '^[a-z0-9_-]{2,100}$',
      description: 'The dataset’s name (r101001-000012)',
    }),
    url: Type.String({
      minLength: 8,
      maxLength: 2000,
      pattern: '^https?://[^\\s]+$',
      description: 'Where each new version is POSTed: http(s), no credentials, not an internal address',
    }),
  },
  { additionalProperties: false },
);
export type WebhookBodyT = Static<typeof WebhookBody>;

export const OpenWebhook = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    dataset: Type.String(),
    datasetTitle: Type.String(),
    url: Type.String(),
    createdAt: Timestamp,
    delivered: Type.Integer({ description: 'Versions delivered (2xx)' }),
    lastDeliveredAt: Nullable(Timestamp),
    lastStatus: Nullable(Type.Integer()),
    lastError: Nullable(Type.String({ description: 'Why the last try failed: a status or a short reason' })),
    attempts: Type.Integer({ description: 'Failed tries of the version now due (0: none)' }),
    nextAttemptAt: Timestamp,
  },
  { $id: 'OpenWebhook' },
);
export type OpenWebhookT = Static<typeof OpenWebhook>;

export const CreatedWebhook = Type.Object(
  {
    ...OpenWebhook.properties,
    secret: Type.Optional(
      Type.String({
        description:
          'The signing secret (HMAC-SM3 key of X-Tongban-Signature), in the answer that created the webhook only',
      }),
    ),
  },
  { $id: 'CreatedWebhook' },
);
export type CreatedWebhookT = Static<typeof CreatedWebhook>;

export const OpenWebhookList = Type.Object({ items: Type.Array(OpenWebhook) }, { $id: 'OpenWebhookList' });
