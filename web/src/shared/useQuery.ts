import { useCallback, useEffect, useState } from 'react';

export type Fetcher<T> = (signal: AbortSignal) => Promise<T>;

export interface QueryResult<T> {
  /** The latest data; kept while a newer request is loading. */
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

interface Settled<T> {
  fetcher: Fetcher<T>;
  revision: number;
  data?: T;
  error?: unknown;
}

/**
 * Runs `fetcher` whenever it changes (memoize it with useCallback) and on `reload()`.
 * Stale responses are discarded and in-flight requests aborted.
 */
export function useQuery<T>(fetcher: Fetcher<T>): QueryResult<T> {
  const [revision, setRevision] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetcher(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setSettled({ fetcher, revision, data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setSettled((previous) => ({ ...previous, fetcher, revision, error }));
      },
    );
    return () => controller.abort();
  }, [fetcher, revision]);

  const reload = useCallback(() => setRevision((current) => current + 1), []);
  const current = settled?.fetcher === fetcher && settled.revision === revision;
  return {
    data: settled?.data,
    error: current ? settled.error : undefined,
    loading: !current,
    reload,
  };
}
