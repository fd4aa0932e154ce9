import {
  BankOutlined,
  ClockCircleOutlined,
  DatabaseOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { Card, Col, Row, Statistic, theme } from 'antd';
import { Link } from 'react-router-dom';
import { getCatalogStats } from '../api/catalog';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { useQuery } from '../shared/useQuery';
import { catalogLink } from './searchParams';

/** Published departments, resources and items, and how many resources are overdue (a link to them). */
export function CatalogStatsStrip() {
  const t = useT();
  const { token } = theme.useToken();
  const { data, error, loading } = useQuery(getCatalogStats);
  const pending = loading && !data;

  const figures = [
    {
      key: 'departments',
      title: t('catalog.stats.departments'),
      icon: <BankOutlined />,
      value: data?.departments,
    },
    {
      key: 'resources',
      title: t('catalog.stats.resources'),
      icon: <DatabaseOutlined />,
      value: data?.resources,
    },
    { key: 'items', title: t('catalog.stats.items'), icon: <UnorderedListOutlined />, value: data?.items },
  ];

  return (
    <>
      <ErrorAlert error={error} />
      <Row gutter={[16, 16]}>
        {figures.map(({ key, title, icon, value }) => (
          <Col key={key} xs={12} lg={6}>
            <Card size="small">
              <Statistic
                title={title}
                prefix={icon}
                value={value}
                loading={pending}
                data-testid={`catalog-stat-${key}`}
              />
            </Card>
          </Col>
        ))}
        <Col xs={12} lg={6}>
          <Link to={catalogLink({ overdue: true })} data-testid="catalog-stat-overdue-link">
            <Card size="small" hoverable>
              <Statistic
                title={t('catalog.stats.overdue')}
                prefix={<ClockCircleOutlined />}
                value={data?.overdue}
                loading={pending}
                styles={{ content: { color: data?.overdue ? token.colorError : undefined } }}
                data-testid="catalog-stat-overdue"
              />
            </Card>
          </Link>
        </Col>
      </Row>
    </>
  );
}
