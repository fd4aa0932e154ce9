import { useCallback, useState } from 'react';
import { useQuery } from './useQuery';

/** A page of a keyset-paged list: newest first, `nextCursor` passed as `before` for the next (older) page. */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export type CursorFetcher<F, T> = (
  query: F & { limit: number; before?: string },
  signal: AbortSignal,
) => Promise<CursorPage<T>>;

/**
 * A keyset-paged list (no total: the server never counts). Remembers the cursor of each page shown so "previous"
 * goes back; `filters` must be referentially stable (state or memo), and new filters start again at the first page.
 */
export function useCursorQuery<F extends object, T>(
  fetchPage: CursorFetcher<F, T>,
  filters: F,
  pageSize = 50,
) {
  const [paging, setPaging] = useState<{ filters: F; cursors: (string | undefined)[] }>({
    filters,
    cursors: [undefined],
  });
  const cursors = paging.filters === filters ? paging.cursors : [undefined];
  const before = cursors[cursors.length - 1];
  const fetcher = useCallback(
    (signal: AbortSignal) =>
      fetchPage({ ...filters, limit: pageSize, ...(before ? { before } : {}) }, signal),
    [fetchPage, filters, pageSize, before],
  );
  const { data, error, loading, reload } = useQuery(fetcher);
  const nextCursor = data?.nextCursor ?? null;
  return {
    items: data?.items ?? [],
    error,
    loading,
    reload,
    /** 1 for the newest page. */
    page: cursors.length,
    hasMore: nextCursor !== null,
    next: () => {
      if (nextCursor) setPaging({ filters, cursors: [...cursors, nextCursor] });
    },
    previous: () => setPaging({ filters, cursors: cursors.length > 1 ? cursors.slice(0, -1) : cursors }),
    first: () => setPaging({ filters, cursors: [undefined] }),
  };
}
