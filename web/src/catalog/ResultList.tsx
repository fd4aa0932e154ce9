import { Empty, Flex, Pagination, Tag, Typography, theme, type PaginationProps } from 'antd';
import { Link } from 'react-router-dom';
import { useT } from '../i18n/context';
import { formatDate } from '../shared/format';
import { excerpt, Highlight } from './highlight';
import { ResourceTags } from './ResourceTags';
import { resourceLink } from './searchParams';
import { OverdueTag, StatusTag } from './StatusTag';
import type { SearchHit } from '../api/catalog';

function Result({ hit, terms }: { hit: SearchHit; terms: string[] }) {
  const t = useT();
  return (
    <Flex vertical gap={6} data-testid="catalog-result">
      <Flex wrap gap="small" align="center">
        <Link to={resourceLink(hit.id)} data-testid="catalog-result-link" style={{ fontSize: 16 }}>
          <Highlight text={hit.name} terms={terms} />
        </Link>
        <StatusTag status={hit.status} />
        {hit.publishedVersion !== null && hit.status !== 'published' && hit.status !== 'retired' && (
          <Tag color="success">{t('catalog.publishedVersion', { version: hit.publishedVersion })}</Tag>
        )}
        {hit.overdue && <OverdueTag />}
      </Flex>
      <Typography.Text type="secondary">
        <Typography.Text code>
          <Highlight text={hit.code} terms={terms} />
        </Typography.Text>
        {' · '}
        {hit.departmentName}
        {' · '}
        {t('catalog.result.items', { count: hit.itemCount })}
        {' · '}
        {t('catalog.result.updated', { date: formatDate(hit.updatedAt) })}
      </Typography.Text>
      <ResourceTags resource={hit} />
      <Typography.Paragraph style={{ margin: 0 }}>
        <Highlight text={excerpt(hit.summary, terms)} terms={terms} />
      </Typography.Paragraph>
    </Flex>
  );
}

interface ResultListProps {
  items: SearchHit[];
  terms: string[];
  pagination: PaginationProps;
}

/** Search results, best first when there is a query, with the query words marked. */
export function ResultList({ items, terms, pagination }: ResultListProps) {
  const t = useT();
  const { token } = theme.useToken();
  if (items.length === 0) return <Empty description={t('catalog.result.none')} />;

  return (
    <Flex vertical gap="middle">
      <Flex vertical data-testid="catalog-results">
        {items.map((hit, index) => (
          <div
            key={hit.id}
            style={{
              padding: '12px 0',
              borderTop: index > 0 ? `1px solid ${token.colorBorderSecondary}` : undefined,
            }}
          >
            <Result hit={hit} terms={terms} />
          </div>
        ))}
      </Flex>
      <Pagination align="end" {...pagination} />
    </Flex>
  );
}
