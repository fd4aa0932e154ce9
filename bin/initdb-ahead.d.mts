/** See initdb-ahead.mjs: initdb of a new embedded database in a worker, ahead of the sources loading. */
export function initdbAhead(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<void> | undefined;
