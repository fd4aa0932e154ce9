/** Escapes LIKE/ILIKE wildcards so that text a user typed matches literally. */
export function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `%text%` for a literal substring match with ILIKE. */
export const containing = (s: string): string => `%${likeLiteral(s)}%`;
