import type { TablePaginationConfig } from 'antd';
import { useCallback, useState } from 'react';
import { useQuery } from './useQuery';

const PAGE_SIZE = 20;

/** A page of a list that is not counted (it only grows): the items and the cursor of the next, older page. */
export interface KeysetPage<T> {
  items: T[];
  nextCursor: string | null;
}

export type KeysetFetcher<F, T> = (
  query: F & { limit: number; before?: string },
  signal: AbortSignal,
) => Promise<KeysetPage<T>>;

/**
 * A keyset-paginated list for an antd Table: the pages reached so far, and one more while the server has more.
 * `filters` must be referentially stable (state or memo); new filters start again at the first page.
 */
export function useKeysetQuery<F extends object, T>(fetchPage: KeysetFetcher<F, T>, filters: F) {
  // cursors[i] opens page i + 1 (the first page has none).
  const [paging, setPaging] = useState<{ filters: F; page: number; cursors: (string | undefined)[] }>({
    filters,
    page: 1,
    cursors: [undefined],
  });
  const current = paging.filters === filters ? paging : { filters, page: 1, cursors: [undefined] };
  const before = current.cursors[current.page - 1];

  const fetcher = useCallback(
    (signal: AbortSignal) =>
      fetchPage({ ...filters, limit: PAGE_SIZE, ...(before ? { before } : {}) }, signal),
    [fetchPage, filters, before],
  );
  const { data, error, loading, reload } = useQuery(fetcher);
  const more = Boolean(data?.nextCursor);

  const pagination: TablePaginationConfig = {
    current: current.page,
    pageSize: PAGE_SIZE,
    // Not a count: the pages reached, and the next one when there is more.
    total: (current.page + (more ? 1 : 0)) * PAGE_SIZE,
    showSizeChanger: false,
    hideOnSinglePage: true,
    onChange: (page) => {
      const cursors = current.cursors.slice(0, current.page);
      if (data?.nextCursor) cursors[current.page] = data.nextCursor;
      if (page <= cursors.length) setPaging({ filters, page, cursors });
    },
  };

  return { items: data?.items ?? [], error, loading, reload, pagination };
}
