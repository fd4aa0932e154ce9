import type { CatalogQuery, FacetName } from '../api/catalog';

/** The catalog page keeps its filters and page in the URL, so that links (overdue, back) restore them. */
export interface CatalogView {
  query: CatalogQuery;
  page: number;
  pageSize: number;
}

export const PAGE_SIZES = [10, 20, 50];
const DEFAULT_PAGE_SIZE = 10;

export const FACETS: readonly FacetName[] = [
  'departmentId',
  'category',
  'formatCategory',
  'sharingType',
  'openType',
  'updateCycle',
  'status',
];

const positive = (value: string | null, fallback: number) => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

/** Values are passed on as they are: the server validates them and answers 400 for unknown ones. */
export function readView(params: URLSearchParams): CatalogView {
  const query: Record<string, string | boolean> = {};
  for (const key of ['q', ...FACETS]) {
    const value = params.get(key);
    if (value) query[key] = value;
  }
  if (params.get('overdue') === 'true') query.overdue = true;
  return {
    query: query as CatalogQuery,
    page: positive(params.get('page'), 1),
    pageSize: positive(params.get('size'), DEFAULT_PAGE_SIZE),
  };
}

export function writeView({ query, page, pageSize }: CatalogView): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, String(value));
  if (page > 1) params.set('page', String(page));
  if (pageSize !== DEFAULT_PAGE_SIZE) params.set('size', String(pageSize));
  return params;
}

/** The catalog page filtered to `query`; `/catalog?overdue=true` lists the overdue resources. */
export function catalogLink(query: CatalogQuery): string {
  const search = writeView({ query, page: 1, pageSize: DEFAULT_PAGE_SIZE }).toString();
  return search ? `/catalog?${search}` : '/catalog';
}

/** The resource page; codes contain a '/', so references are encoded. */
export const resourceLink = (ref: string) => `/catalog/resources/${encodeURIComponent(ref)}`;
