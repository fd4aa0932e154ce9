import { SearchOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Empty,
  Flex,
  Input,
  Segmented,
  Space,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { searchResources, type SearchHit, type SharingType } from '../api/catalog';
import { useAccess } from '../auth/access';
import { useTerms } from '../catalog/vocabulary';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { Page } from '../shared/Page';
import { useQuery } from '../shared/useQuery';
import { sharingResourceLink } from './links';
import { SharingTypeTag } from './tags';

const PAGE_SIZE = 20;
const TYPES: SharingType[] = ['unconditional', 'conditional', 'none'];
const isType = (value: string | null): value is SharingType => TYPES.includes(value as SharingType);

/** The search box keeps what the user types until they search; the URL holds the search. */
function SearchBox({ q, onSearch }: { q: string; onSearch: (q: string) => void }) {
  const t = useT();
  const [text, setText] = useState(q);
  const [shownQ, setShownQ] = useState(q);
  if (shownQ !== q) {
    setShownQ(q);
    setText(q);
  }
  return (
    <Space.Compact style={{ width: '100%', maxWidth: 640 }}>
      <Input
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('sharing.catalog.search')}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onPressEnter={() => onSearch(text.trim())}
        data-testid="sharing-catalog-search"
      />
      <Button
        type="primary"
        onClick={() => onSearch(text.trim())}
        data-testid="sharing-catalog-search-button"
      >
        {t('sharing.catalog.searchButton')}
      </Button>
    </Space.Compact>
  );
}

/** 共享目录: the published resources, with how each is shared and a way to ask for it. */
export default function SharingCatalogPage() {
  const t = useT();
  const { label } = useTerms();
  const { can } = useAccess();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const typeParam = params.get('type');
  const type = isType(typeParam) ? typeParam : undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);

  const show = (next: { q?: string; type?: SharingType; page?: number }) => {
    const search = new URLSearchParams();
    if (next.q) search.set('q', next.q);
    if (next.type) search.set('type', next.type);
    if (next.page && next.page > 1) search.set('page', String(next.page));
    setParams(search);
  };

  const query = useMemo(
    () => ({
      q: q || undefined,
      sharingType: type,
      status: 'published' as const,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    }),
    [q, type, page],
  );
  const fetcher = useCallback((signal: AbortSignal) => searchResources(query, signal), [query]);
  const { data, error, loading } = useQuery(fetcher);

  const columns: TableColumnsType<SearchHit> = [
    {
      title: t('sharing.resource.name'),
      dataIndex: 'name',
      render: (_, hit) => (
        <Flex vertical>
          <Link to={sharingResourceLink(hit.id)} data-testid="sharing-catalog-link">
            {hit.name}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {hit.code}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('sharing.resource.provider'), dataIndex: 'departmentName' },
    {
      title: t('sharing.resource.sharingType'),
      dataIndex: 'sharingType',
      render: (_, hit) => <SharingTypeTag type={hit.sharingType} />,
    },
    {
      title: t('sharing.resource.format'),
      dataIndex: 'formatCategory',
      render: (_, hit) => label('formats', hit.formatCategory),
    },
    { title: t('sharing.resource.itemCount'), dataIndex: 'itemCount', align: 'right' },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, hit) =>
        hit.sharingType === 'none' ? (
          <Typography.Text type="secondary">{t('sharing.catalog.notShared')}</Typography.Text>
        ) : can.requestSharing ? (
          <Button
            type="primary"
            size="small"
            ghost
            onClick={() => void navigate(sharingResourceLink(hit.id, 'apply'))}
            data-testid="sharing-catalog-apply"
          >
            {t(hit.sharingType === 'unconditional' ? 'sharing.catalog.getAccess' : 'sharing.catalog.apply')}
          </Button>
        ) : (
          <Link to={sharingResourceLink(hit.id)}>{t('sharing.catalog.view')}</Link>
        ),
    },
  ];

  return (
    <Page title={t('sharing.catalog.title')}>
      <Card>
        <Flex vertical gap="middle">
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('sharing.catalog.intro')}
          </Typography.Paragraph>
          <Flex gap="middle" wrap align="center">
            <SearchBox q={q} onSearch={(next) => show({ q: next, type })} />
            <Segmented<string>
              value={type ?? 'all'}
              onChange={(value) => show({ q, type: isType(value) ? value : undefined })}
              options={[
                { value: 'all', label: t('sharing.catalog.allTypes') },
                ...TYPES.map((value) => ({ value, label: label('sharingTypes', value) })),
              ]}
              data-testid="sharing-catalog-type"
            />
          </Flex>
          <ErrorAlert error={error} />
          <Table<SearchHit>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items}
            loading={loading}
            scroll={{ x: 'max-content' }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => t('common.total', { total }),
              onChange: (next) => show({ q, type, page: next }),
            }}
            locale={{
              emptyText: (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sharing.catalog.empty')} />
              ),
            }}
            data-testid="sharing-catalog-table"
          />
        </Flex>
      </Card>
    </Page>
  );
}
