import { SearchOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Input, Row, Space, Spin, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { searchResources, type CatalogQuery } from '../api/catalog';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { Page } from '../shared/Page';
import { useQuery } from '../shared/useQuery';
import { CatalogActions } from './CatalogActions';
import { CatalogStatsStrip } from './CatalogStatsStrip';
import { FacetPanel } from './FacetPanel';
import { useQueryTerms } from './highlight';
import { ResultList } from './ResultList';
import { PAGE_SIZES, readView, writeView, type CatalogView } from './searchParams';

/** The search box follows the URL (back, links) but keeps what the user is typing until they search. */
function SearchBox({ q, onSearch }: { q: string; onSearch: (q: string) => void }) {
  const t = useT();
  const [text, setText] = useState(q);
  const [shownQ, setShownQ] = useState(q);
  if (shownQ !== q) {
    setShownQ(q);
    setText(q);
  }
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input
        size="large"
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('catalog.searchPlaceholder')}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onPressEnter={() => onSearch(text.trim())}
        data-testid="catalog-search"
      />
      <Button
        size="large"
        type="primary"
        onClick={() => onSearch(text.trim())}
        data-testid="catalog-search-button"
      >
        {t('catalog.searchButton')}
      </Button>
    </Space.Compact>
  );
}

export default function CatalogPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readView(params), [params]);
  const { query, page, pageSize } = view;

  const fetcher = useCallback(
    (signal: AbortSignal) =>
      searchResources({ ...query, limit: pageSize, offset: (page - 1) * pageSize }, signal),
    [query, page, pageSize],
  );
  const { data, error, loading } = useQuery(fetcher);
  const terms = useQueryTerms(query.q ?? '');

  const show = (next: CatalogView) => setParams(writeView(next));
  const filter = (next: CatalogQuery) => show({ query: next, page: 1, pageSize });

  return (
    <Page title={t('catalog.title')} extra={<CatalogActions query={query} />}>
      <CatalogStatsStrip />
      <SearchBox q={query.q ?? ''} onSearch={(q) => filter({ ...query, q: q || undefined })} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={7} xl={6}>
          <Card size="small" title={t('catalog.facets.title')}>
            <FacetPanel facets={data?.facets} query={query} onChange={filter} />
          </Card>
        </Col>
        <Col xs={24} lg={17} xl={18}>
          <Card
            size="small"
            title={
              <Typography.Text data-testid="catalog-total">
                {t('catalog.result.total', { total: (data?.total ?? 0).toLocaleString() })}
              </Typography.Text>
            }
          >
            <Flex vertical gap="middle">
              <ErrorAlert error={error} />
              <Spin spinning={loading}>
                {data ? (
                  <ResultList
                    items={data.items}
                    terms={terms}
                    pagination={{
                      current: page,
                      pageSize,
                      total: data.total,
                      pageSizeOptions: PAGE_SIZES,
                      showSizeChanger: true,
                      onChange: (nextPage, nextSize) =>
                        show({ query, page: nextSize === pageSize ? nextPage : 1, pageSize: nextSize }),
                    }}
                  />
                ) : (
                  <div style={{ minHeight: 240 }} />
                )}
              </Spin>
            </Flex>
          </Card>
        </Col>
      </Row>
    </Page>
  );
}
