import {
  AuditOutlined,
  BankOutlined,
  ClusterOutlined,
  EnvironmentOutlined,
  HomeOutlined,
  KeyOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Card, Col, Row, Statistic } from 'antd';
import type { ReactNode } from 'react';
import { fetchOverview } from '../api/overview';
import type { Overview } from '../api/types';
import { useT } from '../i18n/context';
import type { MessageKey } from '../i18n/zh';
import { ErrorAlert } from '../shared/ErrorAlert';
import { Page } from '../shared/Page';
import { useQuery } from '../shared/useQuery';
import { UsersByRoleChart } from './UsersByRoleChart';

interface Figure {
  key: string;
  title: MessageKey;
  icon: ReactNode;
  value: (overview: Overview) => number;
}

const FIGURES: Figure[] = [
  { key: 'departments', title: 'overview.departments', icon: <BankOutlined />, value: (o) => o.departments },
  { key: 'users', title: 'overview.users', icon: <TeamOutlined />, value: (o) => o.users },
  { key: 'apiKeys', title: 'overview.activeApiKeys', icon: <KeyOutlined />, value: (o) => o.activeApiKeys },
  { key: 'audit', title: 'overview.auditLast24h', icon: <AuditOutlined />, value: (o) => o.auditLast24h },
  {
    key: 'districts',
    title: 'overview.districts',
    icon: <ClusterOutlined />,
    value: (o) => o.regions.district,
  },
  { key: 'towns', title: 'overview.towns', icon: <EnvironmentOutlined />, value: (o) => o.regions.town },
  { key: 'villages', title: 'overview.villages', icon: <HomeOutlined />, value: (o) => o.regions.village },
];

export default function OverviewPage() {
  const t = useT();
  const { data, error, loading } = useQuery(fetchOverview);

  return (
    <Page title={t('overview.title')}>
      <ErrorAlert error={error} />
      <Row gutter={[16, 16]}>
        {FIGURES.map((figure) => (
          <Col key={figure.key} xs={24} sm={12} lg={6}>
            <Card>
              <Statistic
                title={t(figure.title)}
                prefix={figure.icon}
                value={data ? figure.value(data) : undefined}
                loading={loading && !data}
                data-testid={`overview-${figure.key}`}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Card title={t('overview.usersByRole')} loading={loading && !data}>
        {data && <UsersByRoleChart usersByRole={data.usersByRole} />}
      </Card>
    </Page>
  );
}
