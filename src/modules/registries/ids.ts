import { randomBytes } from 'node:crypto';

// Crockford's base 32: no I, L, O or U, so an id read aloud or copied by hand is not misread.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A golden record id: the registry's prefix and 12 random characters (60 bits). It never changes. */
export function newEntityId(prefix: string): string {
  const bytes = randomBytes(12);
  let out = prefix;
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

/** Whether a string has the shape of a golden record id of the prefix. */
export function isEntityId(prefix: string, id: string): boolean {
  return (
    id.length === prefix.length + 12 &&
    id.startsWith(prefix) &&
    /^[0-9A-HJKMNP-TV-Z]{12}$/.test(id.slice(prefix.length))
  );
}
