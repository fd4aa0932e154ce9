import { Type, type TSchema } from 'typebox';

/** The body of every error response. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable error code, e.g. ORG_DEPARTMENT_NOT_FOUND' }),
      message: Type.String({ description: "Human-readable message in the caller's language" }),
      details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
  },
  { $id: 'ErrorBody', description: 'Error' },
);

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const Timestamp = Type.String({ format: 'date-time' });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

// Every integer a request carries is bounded here (the validator adds ±2^53 − 1 to any that is not, see
// src/server/validation.ts, and test/integration/input-safety.test.ts fails on a request schema without bounds).

/** Rows per page: 1 … `max`. */
export const Limit = (max = 500, fallback = 50) =>
  Type.Integer({ minimum: 1, maximum: max, default: fallback });

/** Deepest offset a paged list accepts; deeper than this a list pages by cursor. */
export const MAX_OFFSET = 1_000_000;
/** Rows to skip. */
export const Offset = Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0 });

/** A position in a sequence the API hands out (a change-log seq, a cursor): 0 … 2^53 − 1, exact in JSON. */
export const Seq = (options: { description?: string } = {}) =>
  Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, ...options });

/** Pattern of an id that is a bigint in SQL and sent as text: 1 … 10^18 − 1, so it always fits in a bigint. */
export const BIGINT_ID_PATTERN = '^[1-9][0-9]{0,17}$';
/** An id that is a bigint in SQL, as text (a cursor or an entry id). */
export const BigintId = (options: { description?: string } = {}) =>
  Type.String({ pattern: BIGINT_ID_PATTERN, ...options });

export const Paging = {
  limit: Type.Optional(Limit()),
  offset: Type.Optional(Offset),
};

/** `{ total, items }` for a paged list; a page of a named schema is named too (`DepartmentPage`). */
export const Page = <T extends TSchema>(item: T) => {
  const id = (item as { $id?: unknown }).$id;
  return Type.Object(
    { total: Type.Integer(), items: Type.Array(item) },
    typeof id === 'string' ? { $id: `${id}Page` } : {},
  );
};

/** Strings a person types: bounded, and never control characters that would corrupt logs. */
export const Text = (maxLength: number, minLength = 1) =>
  Type.String({ minLength, maxLength, pattern: '^[^\\u0000-\\u001f]*$' });

/** Like Text, but line breaks and tabs are allowed (summaries, conditions, descriptions). */
export const MultilineText = (maxLength: number, minLength = 1) =>
  Type.String({ minLength, maxLength, pattern: '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f]*$' });
