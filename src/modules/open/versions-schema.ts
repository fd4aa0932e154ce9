import { Type, type Static } from 'typebox';
import { Limit, Nullable, Seq, Timestamp } from '../../core/schema.ts';

/** A moment as the portal takes it: a day (the end of that day in the city, UTC+8) or a date-time. */
export const Moment = (description: string) =>
  Type.String({
    maxLength: 40,
    description: `${description}: a date (2026-01-31, the end of that day in UTC+8) or a date-time (2026-01-31T08:00:00+08:00; without a zone, UTC+8)`,
  });

export const VersionsQuery = Type.Object(
  {
    limit: Type.Optional(Limit(100, 20)),
    before: Type.Optional(Seq({ description: 'The `nextCursor` of the previous page' })),
  },
  { additionalProperties: false },
);
export type VersionsQueryT = Static<typeof VersionsQuery>;

export const OpenVersion = Type.Object(
  {
    id: Type.String({ description: 'The batch that made this version' }),
    at: Timestamp,
    inserted: Type.Integer(),
    updated: Type.Integer(),
    deleted: Type.Integer(),
    available: Type.Boolean({
      description: 'Within the history kept: its data can be read as of it and diffed (false: counts only)',
    }),
    links: Type.Object({
      query: Type.String({ description: 'The query API as of this version' }),
      diff: Type.String({ description: 'What this version changed' }),
    }),
  },
  { $id: 'OpenVersion' },
);
export type OpenVersionT = Static<typeof OpenVersion>;

export const OpenVersions = Type.Object(
  {
    total: Type.Integer(),
    items: Type.Array(OpenVersion),
    nextCursor: Nullable(Type.Integer({ description: 'Pass as `before` for the next (older) page' })),
    earliest: Timestamp,
    earliestDate: Type.String({ format: 'date', description: 'The first whole day (UTC+8) `asOf` can name' }),
    feed: Type.String({ description: 'The Atom feed of these versions' }),
  },
  { $id: 'OpenVersions' },
);
export type OpenVersionsT = Static<typeof OpenVersions>;

export const DiffQuery = Type.Object(
  {
    from: Moment('The earlier moment'),
    to: Type.Optional(Moment('The later moment (default: now)')),
    limit: Type.Optional(Limit(1000, 100)),
    after: Type.Optional(Seq({ description: 'The `nextCursor` of the previous page' })),
  },
  { additionalProperties: false },
);
export type DiffQueryT = Static<typeof DiffQuery>;

const Values = Type.Record(Type.String(), Type.Unknown());

export const OpenDiff = Type.Object(
  {
    from: Timestamp,
    to: Timestamp,
    items: Type.Array(
      Type.Object({
        kind: Type.Union([Type.Literal('added'), Type.Literal('changed'), Type.Literal('removed')]),
        key: Type.Record(Type.String(), Type.Unknown(), {
          description: 'The record’s open key items (a sensitive key item is never shown)',
        }),
        before: Type.Union([Values, Type.Null()], {
          description: 'removed: the record then; changed: the changed items’ values then',
        }),
        after: Type.Union([Values, Type.Null()], {
          description: 'added: the record at `to`; changed: the changed items’ values at `to`',
        }),
      }),
    ),
    nextCursor: Nullable(Type.Integer({ description: 'Pass as `after` for the next page' })),
  },
  { $id: 'OpenDiff' },
);
export type OpenDiffT = Static<typeof OpenDiff>;
