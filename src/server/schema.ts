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
  { description: 'Error' },
);

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const Timestamp = Type.String({ format: 'date-time' });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const Paging = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
};

/** `{ total, items }` for a paged list. */
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ total: Type.Integer(), items: Type.Array(item) });

/** Strings a person types: bounded, and never control characters that would corrupt logs. */
export const Text = (maxLength: number, minLength = 1) =>
  Type.String({ minLength, maxLength, pattern: '^[^\\u0000-\\u001f]*$' });

/** Like Text, but line breaks and tabs are allowed (summaries, conditions, descriptions). */
export const MultilineText = (maxLength: number, minLength = 1) =>
  Type.String({ minLength, maxLength, pattern: '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f]*$' });
