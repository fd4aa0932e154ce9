import {
  AuditOutlined,
  BankOutlined,
  ClusterOutlined,
  EnvironmentOutlined,
  HomeOutlined,
  KeyOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Alert, Card, Col, Row, Typography } from 'antd';
import type { OverviewHome } from '../api/overview';
import { useT } from '../i18n/context';
import { formatDate } from '../shared/format';
import { Figures, Line, ListCard, RequestLine, Section } from './parts';
import { UsersByRoleChart } from './UsersByRoleChart';

const inboxLink = (id: string) => `/sharing/inbox?open=${encodeURIComponent(id)}`;

/** 平台运营: the city's figures and what waits for the operator. */
export function OperatorHome({ home }: { home: NonNullable<OverviewHome['operator']> }) {
  const t = useT();
  const { city } = home;
  return (
    <Section title={t('home.operator.title')} testId="home-operator">
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <ListCard
            title={t('home.operator.overdue')}
            total={home.overdueRequests.total}
            items={home.overdueRequests.items}
            rowKey={(r) => r.id}
            renderItem={(r) => <RequestLine request={r} to={inboxLink(r.id)} side="both" />}
            empty={t('home.operator.overdueNone')}
            to="/sharing/inbox"
            testId="home-overdue"
          />
        </Col>
        <Col xs={24} lg={8}>
          <ListCard
            title={t('home.operator.secondReviews')}
            total={home.secondReviews.total}
            items={home.secondReviews.items}
            rowKey={(r) => r.id}
            renderItem={(r) => <RequestLine request={r} to={inboxLink(r.id)} side="both" />}
            empty={t('home.operator.secondReviewsNone')}
            to="/sharing/inbox"
            testId="home-second-reviews"
          />
        </Col>
        <Col xs={24} lg={8}>
          <ListCard
            title={t('home.operator.lapsing', { days: home.lapsingWithinDays })}
            total={home.lapsingAgreements.total}
            items={home.lapsingAgreements.items}
            rowKey={(a) => a.id}
            renderItem={(a) => (
              <Line
                title={a.title}
                to="/sharing/agreements"
                meta={`${a.departmentName} · ${t('home.operator.validTo', { date: formatDate(a.validTo) })}`}
              />
            )}
            empty={t('home.operator.lapsingNone')}
            to="/sharing/agreements"
            testId="home-lapsing"
          />
        </Col>
      </Row>
      {home.departmentsWithoutAgreement > 0 && (
        <Alert
          type="info"
          showIcon
          title={t('home.operator.withoutAgreement', { count: home.departmentsWithoutAgreement })}
          data-testid="home-without-agreement"
        />
      )}
      <Typography.Text strong>{t('home.operator.city')}</Typography.Text>
      <Figures
        figures={[
          {
            key: 'departments',
            title: t('overview.departments'),
            value: city.departments,
            icon: <BankOutlined />,
            to: '/admin/departments',
          },
          {
            key: 'users',
            title: t('overview.users'),
            value: city.users,
            icon: <TeamOutlined />,
            to: '/admin/users',
          },
          {
            key: 'apiKeys',
            title: t('overview.activeApiKeys'),
            value: city.activeApiKeys,
            icon: <KeyOutlined />,
            to: '/admin/api-keys',
          },
          {
            key: 'audit',
            title: t('overview.auditLast24h'),
            value: city.auditLast24h,
            icon: <AuditOutlined />,
            to: '/audit',
          },
          {
            key: 'districts',
            title: t('overview.districts'),
            value: city.regions.district,
            icon: <ClusterOutlined />,
          },
          {
            key: 'towns',
            title: t('overview.towns'),
            value: city.regions.town,
            icon: <EnvironmentOutlined />,
          },
          {
            key: 'villages',
            title: t('overview.villages'),
            value: city.regions.village,
            icon: <HomeOutlined />,
          },
        ]}
      />
      <Card size="small" title={t('overview.usersByRole')}>
        <UsersByRoleChart usersByRole={city.usersByRole} />
      </Card>
    </Section>
  );
}
