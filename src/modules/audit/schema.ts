import { Type, type Static } from 'typebox';
import { Nullable, Text, Timestamp } from '../../core/schema.ts';

export const Outcome = Type.Enum(['success', 'failure', 'denied'], { $id: 'AuditOutcome' });

/** An id of the city-wide audit sequence, as text (bigint); the keyset cursor of every audit list. */
export const AuditCursor = Type.String({
  pattern: '^[1-9][0-9]{0,17}$',
  description: 'Keyset cursor: list entries with a smaller id (the previous page’s nextCursor)',
});

export const AuditEntry = Type.Object(
  {
    id: Type.String(),
    at: Timestamp,
    actorId: Nullable(Type.String()),
    actorName: Nullable(Type.String()),
    actorKind: Type.String(),
    action: Type.String(),
    objectType: Nullable(Type.String()),
    objectId: Nullable(Type.String()),
    objectName: Nullable(
      Type.String({ description: 'The object’s name (department, user, resource …) when it still exists' }),
    ),
    departmentId: Nullable(Type.String()),
    departmentName: Nullable(Type.String()),
    ip: Nullable(Type.String()),
    requestId: Nullable(Type.String()),
    outcome: Outcome,
    details: Type.Record(Type.String(), Type.Unknown(), {
      description: 'Keys of data accesses appear only as HMAC-SM3 digests (keyDigests)',
    }),
    shard: Type.Integer({ description: 'The hash chain the entry belongs to' }),
    seq: Type.String({ description: 'Its position in that chain (1, 2, 3 …)' }),
    hash: Type.String({ description: 'SM3 over the previous entry’s hash in the chain and this entry' }),
  },
  { $id: 'AuditEntry' },
);

export const AuditQuery = Type.Object(
  {
    actor: Type.Optional(Text(64, 0)),
    action: Type.Optional(Text(64, 0)),
    objectType: Type.Optional(Text(64, 0)),
    objectId: Type.Optional(Text(64, 0)),
    outcome: Type.Optional(Outcome),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
    hideRoutine: Type.Optional(
      Type.Boolean({
        default: false,
        description: 'Leave out routine system work: the system actor’s successful exchange.* entries',
      }),
    ),
    before: Type.Optional(AuditCursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  },
  { additionalProperties: false },
);

export const AuditPage = Type.Object(
  {
    items: Type.Array(AuditEntry),
    nextCursor: Nullable(
      Type.String({ description: 'Pass as `before` for the next (older) page; null when there is none' }),
    ),
  },
  { $id: 'AuditPage', description: 'Newest first; the log is not counted (it only grows)' },
);

export const ChainReport = Type.Object(
  {
    ok: Type.Boolean(),
    checked: Type.Integer({ description: 'Entries whose link and content were checked' }),
    full: Type.Boolean({ description: 'Whether every chain was walked from its first entry' }),
    checkpointId: Nullable(
      Type.String({ description: 'The signed checkpoint the walk started from (not with full)' }),
    ),
    checkpointsChecked: Type.Integer({ description: 'Signed checkpoints whose heads were checked' }),
    firstBrokenId: Nullable(Type.String({ description: 'The first entry that fails, when one does' })),
    brokenShard: Nullable(Type.Integer()),
    brokenSeq: Nullable(Type.String()),
    reason: Nullable(Type.String()),
  },
  { $id: 'AuditChainReport' },
);

export const VerifyQuery = Type.Object(
  {
    full: Type.Optional(
      Type.Boolean({
        default: false,
        description: 'Walk every chain from its first entry instead of from the last good checkpoint',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ChainHeadT = Type.Object({
  shard: Type.Integer(),
  seq: Type.String(),
  hash: Type.String(),
});

export const Checkpoint = Type.Object(
  {
    id: Type.String(),
    at: Timestamp,
    heads: Type.Array(ChainHeadT),
    payload: Type.String({ description: 'Exactly the signed text (UTF-8)' }),
    signature: Type.String({ description: 'SM2 with SM3 and the default user id, DER, base64' }),
    publicKey: Type.String({ description: 'The signer’s public key, uncompressed point in hex' }),
    trusted: Type.Boolean({ description: 'Signed by the platform’s current key and the signature verifies' }),
  },
  { $id: 'AuditCheckpoint' },
);

export const CheckpointQuery = Type.Object(
  {
    before: Type.Optional(AuditCursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  },
  { additionalProperties: false },
);

export const CheckpointPage = Type.Object(
  { items: Type.Array(Checkpoint), nextCursor: Nullable(Type.String()) },
  { $id: 'AuditCheckpointPage' },
);

export const CheckpointParams = Type.Object({ id: AuditCursor }, { additionalProperties: false });

export type AuditEntry = Static<typeof AuditEntry>;
export type AuditQuery = Static<typeof AuditQuery>;
export type AuditPage = Static<typeof AuditPage>;
export type ChainReport = Static<typeof ChainReport>;
export type Checkpoint = Static<typeof Checkpoint>;
export type Outcome = Static<typeof Outcome>;
