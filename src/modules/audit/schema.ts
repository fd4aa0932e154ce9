import { Type, type Static } from 'typebox';
import { Nullable, Paging, Text, Timestamp } from '../../server/schema.ts';

export const Outcome = Type.Enum(['success', 'failure', 'denied']);

export const AuditEntry = Type.Object({
  id: Type.String(),
  at: Timestamp,
  actorId: Nullable(Type.String()),
  actorName: Nullable(Type.String()),
  actorKind: Type.String(),
  action: Type.String(),
  objectType: Nullable(Type.String()),
  objectId: Nullable(Type.String()),
  departmentId: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  requestId: Nullable(Type.String()),
  outcome: Outcome,
  details: Type.Record(Type.String(), Type.Unknown()),
  hash: Type.String({ description: 'SM3 over the previous entry’s hash and this entry' }),
});

export const AuditQuery = Type.Object(
  {
    actor: Type.Optional(Text(64, 0)),
    action: Type.Optional(Text(64, 0)),
    objectType: Type.Optional(Text(64, 0)),
    objectId: Type.Optional(Text(64, 0)),
    outcome: Type.Optional(Outcome),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
    ...Paging,
  },
  { additionalProperties: false },
);

export const ChainReport = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  firstBrokenId: Nullable(Type.String()),
  reason: Nullable(Type.String()),
});

export type AuditEntry = Static<typeof AuditEntry>;
export type ChainReport = Static<typeof ChainReport>;
export type Outcome = Static<typeof Outcome>;
