import type { TablePaginationConfig } from 'antd';
import { useCallback, useState } from 'react';
import { useT } from '../i18n/context';
import { useQuery } from './useQuery';
import type { Page, PageQuery } from '../api/client';

const DEFAULT_PAGE_SIZE = 20;

export type PageFetcher<F, T> = (query: F & PageQuery, signal: AbortSignal) => Promise<Page<T>>;

/**
 * A server-paginated list for an antd Table. `filters` must be referentially stable (state or memo);
 * a new filters object starts again at page 1.
 */
export function usePagedQuery<F extends object, T>(fetchPage: PageFetcher<F, T>, filters: F) {
  const t = useT();
  const [paging, setPaging] = useState({ filters, page: 1, pageSize: DEFAULT_PAGE_SIZE });
  const page = paging.filters === filters ? paging.page : 1;
  const { pageSize } = paging;

  const fetcher = useCallback(
    (signal: AbortSignal) =>
      fetchPage({ ...filters, limit: pageSize, offset: (page - 1) * pageSize }, signal),
    [fetchPage, filters, page, pageSize],
  );
  const { data, error, loading, reload } = useQuery(fetcher);

  const pagination: TablePaginationConfig = {
    current: page,
    pageSize,
    total: data?.total ?? 0,
    showSizeChanger: true,
    showTotal: (total) => t('common.total', { total }),
    onChange: (nextPage, nextPageSize) =>
      setPaging({ filters, page: nextPageSize === pageSize ? nextPage : 1, pageSize: nextPageSize }),
  };

  return { items: data?.items ?? [], error, loading, reload, pagination };
}
