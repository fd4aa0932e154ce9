import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Flex, Input, Pagination, Radio, Row, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import {
  searchOpenDatasets,
  type OpenDatasetSearch,
  type OpenFacet,
  type OpenSearchQuery,
} from '../api/open';
import { useT } from '../i18n/context';
import type { MessageKey } from '../i18n/zh';
import { ErrorAlert } from '../shared/ErrorAlert';
import { Loading } from '../shared/Loading';
import { useQuery } from '../shared/useQuery';
import { DatasetCard } from './DatasetCard';
import { facetLabel, useFormatNumber } from './labels';
import { useOpenTitle } from './OpenLayout';

const PAGE_SIZE = 10;
type FacetKey = keyof OpenDatasetSearch['facets'];
type Sort = NonNullable<OpenSearchQuery['sort']>;

const FACETS: { key: FacetKey; title: MessageKey; shown: number }[] = [
  { key: 'organization', title: 'open.facet.organization', shown: 8 },
  { key: 'group', title: 'open.facet.group', shown: 8 },
  { key: 'openType', title: 'open.facet.openType', shown: 8 },
  { key: 'updateCycle', title: 'open.facet.updateCycle', shown: 8 },
];
const SORTS: { value: Sort; label: MessageKey }[] = [
  { value: 'relevance', label: 'open.sort.relevance' },
  { value: 'modified', label: 'open.sort.modified' },
  { value: 'title', label: 'open.sort.title' },
  { value: 'quality', label: 'open.sort.quality' },
];

/** The search's state, all of it in the address: q, the four facets, sort and page. */
function useSearchState() {
  const [params] = useSearchParams();
  const get = (key: string) => params.get(key) || undefined;
  const openType = get('openType');
  const sort = get('sort');
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query: OpenSearchQuery = {
    q: get('q'),
    organization: get('organization'),
    group: get('group'),
    openType: openType === 'open' || openType === 'conditional' ? openType : undefined,
    updateCycle: get('updateCycle'),
    sort: SORTS.some((s) => s.value === sort) ? (sort as Sort) : undefined,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
  /** The address with these parameters changed (undefined removes one); any change but paging goes to page 1. */
  const hrefWith = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    const search = next.toString();
    return search ? `/open/datasets?${search}` : '/open/datasets';
  };
  return { params, query, page, hrefWith };
}

function FacetSection({
  facet,
  entries,
  selected,
  hrefWith,
}: {
  facet: (typeof FACETS)[number];
  entries: OpenFacet[];
  selected: string | undefined;
  hrefWith: (changes: Record<string, string | undefined>) => string;
}) {
  const t = useT();
  const format = useFormatNumber();
  const [all, setAll] = useState(false);
  const id = `open-facet-${facet.key}`;
  // The selected value stays in view even when it is past the first few.
  const shown = all ? entries : entries.filter((e, i) => i < facet.shown || e.value === selected);
  return (
    <section aria-labelledby={id} data-testid={id}>
      <Typography.Title level={3} id={id} style={{ fontSize: 15, margin: '0 0 6px' }}>
        {t(facet.title)}
      </Typography.Title>
      {entries.length === 0 ? (
        <Typography.Text type="secondary">{t('open.facet.none')}</Typography.Text>
      ) : (
        <Flex component="ul" vertical gap={2} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {shown.map((e) => {
            const active = e.value === selected;
            return (
              <li key={e.value}>
                <Link
                  to={hrefWith({ [facet.key]: active ? undefined : e.value })}
                  aria-current={active ? 'true' : undefined}
                  data-testid={`${id}-option`}
                  data-value={e.value}
                  style={{
                    display: 'flex',
                    justifyContent: 'space-between',
                    gap: 8,
                    padding: '3px 6px',
                    borderRadius: 4,
                    background: active ? '#e6f0ff' : undefined,
                    fontWeight: active ? 600 : undefined,
                  }}
                >
                  <span>
                    {active ? <CheckOutlined aria-hidden style={{ marginRight: 4 }} /> : null}
                    {facetLabel(t, facet.key, e.value, e.label)}
                  </span>
                  <span style={{ color: 'rgba(0, 0, 0, 0.68)' }}>{format(e.count)}</span>
                </Link>
              </li>
            );
          })}
        </Flex>
      )}
      {entries.length > shown.length || all ? (
        <Button
          type="link"
          size="small"
          style={{ padding: '0 6px' }}
          onClick={() => setAll(!all)}
          aria-expanded={all}
        >
          {all ? t('open.facet.less') : t('open.facet.more', { n: entries.length })}
        </Button>
      ) : null}
    </section>
  );
}

/** 数据目录: the datasets by words, facets (department, theme, open type, update cycle), sort and page. */
export default function OpenSearch() {
  const t = useT();
  const format = useFormatNumber();
  const { params, query, page, hrefWith } = useSearchState();
  const navigate = useNavigate();
  useOpenTitle(t('open.search.title'));
  const key = JSON.stringify(query);
  const { data, error, loading } = useQuery(
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the query is the key's content
    useCallback((signal: AbortSignal) => searchOpenDatasets(query, signal), [key]),
  );
  const sort = query.sort ?? (query.q ? 'relevance' : 'modified');
  const setParam = (changes: Record<string, string | undefined>) => void navigate(hrefWith(changes));
  const chosen = FACETS.filter((f) => query[f.key]).map((f) => {
    const value = query[f.key]!;
    const entry = data?.facets[f.key].find((e) => e.value === value);
    return { key: f.key, label: entry ? facetLabel(t, f.key, value, entry.label) : value };
  });

  return (
    <Flex vertical gap="middle">
      <Typography.Title level={1} style={{ fontSize: 26, margin: '8px 0 0' }}>
        {t('open.search.title')}
      </Typography.Title>
      <form role="search" aria-label={t('open.home.searchLabel')} onSubmit={(e) => e.preventDefault()}>
        <Input.Search
          key={params.get('q') ?? ''}
          size="large"
          enterButton={t('open.search.button')}
          defaultValue={query.q}
          placeholder={t('open.home.searchPlaceholder')}
          aria-label={t('open.home.searchLabel')}
          onSearch={(v) => setParam({ q: v.trim() || undefined })}
          data-testid="open-search-input"
        />
      </form>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={7} xl={6}>
          <Card size="small">
            <section aria-labelledby="open-facets-title">
              <Typography.Title level={2} id="open-facets-title" style={{ fontSize: 17, marginTop: 0 }}>
                {t('open.facets.title')}
              </Typography.Title>
              {data ? (
                <Flex vertical gap="middle">
                  {FACETS.map((f) => (
                    <FacetSection
                      key={f.key}
                      facet={f}
                      entries={data.facets[f.key]}
                      selected={query[f.key]}
                      hrefWith={hrefWith}
                    />
                  ))}
                </Flex>
              ) : error ? null : (
                <Loading />
              )}
            </section>
          </Card>
        </Col>
        <Col xs={24} lg={17} xl={18}>
          <section aria-labelledby="open-results-title">
            <Flex justify="space-between" align="center" wrap gap="small" style={{ marginBottom: 12 }}>
              <Typography.Title
                level={2}
                id="open-results-title"
                style={{ fontSize: 17, margin: 0 }}
                aria-live="polite"
                data-testid="open-search-count"
                data-count={data?.count}
              >
                {data ? t('open.search.results', { count: format(data.count) }) : t('open.search.searching')}
              </Typography.Title>
              <Radio.Group
                optionType="button"
                size="small"
                value={sort}
                onChange={(e) => setParam({ sort: e.target.value as string })}
                aria-label={t('open.search.sort')}
                role="radiogroup"
                data-testid="open-search-sort"
                options={SORTS.map((s) => ({ value: s.value, label: t(s.label) }))}
              />
            </Flex>
            {chosen.length ? (
              <Flex wrap gap={6} align="center" style={{ marginBottom: 12 }} data-testid="open-search-chosen">
                <Typography.Text type="secondary">{t('open.search.chosen')}</Typography.Text>
                {chosen.map((c) => (
                  <Tag key={c.key} style={{ paddingRight: 0 }}>
                    {c.label}
                    <Link
                      to={hrefWith({ [c.key]: undefined })}
                      aria-label={t('open.search.remove', { label: c.label })}
                      style={{ padding: '0 6px' }}
                    >
                      <CloseOutlined aria-hidden />
                    </Link>
                  </Tag>
                ))}
                <Link
                  to={hrefWith({
                    organization: undefined,
                    group: undefined,
                    openType: undefined,
                    updateCycle: undefined,
                  })}
                >
                  {t('open.facet.clear')}
                </Link>
              </Flex>
            ) : null}
            <ErrorAlert error={error} />
            {data ? (
              data.items.length ? (
                <Flex vertical gap={12} data-testid="open-search-results" aria-busy={loading}>
                  {data.items.map((d) => (
                    <DatasetCard key={d.name} dataset={d} />
                  ))}
                </Flex>
              ) : (
                <Card size="small">
                  <Empty description={t('open.search.none')} data-testid="open-search-none" />
                </Card>
              )
            ) : error ? null : (
              <Loading />
            )}
            {data && data.count > PAGE_SIZE ? (
              <nav aria-label={t('open.search.pages')} style={{ marginTop: 16 }}>
                <Pagination
                  current={page}
                  pageSize={PAGE_SIZE}
                  total={data.count}
                  showSizeChanger={false}
                  onChange={(p) => setParam({ page: p > 1 ? String(p) : undefined })}
                  data-testid="open-search-pages"
                />
              </nav>
            ) : null}
          </section>
        </Col>
      </Row>
    </Flex>
  );
}
