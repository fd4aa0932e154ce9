import { Col, Flex, Progress, Row, Tag } from 'antd';
import { Link } from 'react-router-dom';
import type { OverviewHome } from '../api/overview';
import { useT } from '../i18n/context';
import { formatDate } from '../shared/format';
import { grantLink, requestLink } from '../sharing/links';
import { RequestStatusTag } from '../sharing/tags';
import { Line, ListCard, RequestLine, Section } from './parts';

type Consumer = NonNullable<OverviewHome['consumer']>;
const STATUSES = ['pending', 'second_review', 'approved', 'rejected', 'withdrawn'] as const;

/** 部门数据使用者: where the department's requests stand, and how much of each grant today has used. */
export function ConsumerHome({ home }: { home: Consumer }) {
  const t = useT();
  const departments = home.departments.map((d) => d.name).join('、');
  return (
    <Section title={t('home.consumer.title', { departments })} testId="home-consumer">
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <ListCard
            title={t('home.consumer.requests')}
            total={home.recentRequests.total}
            items={home.recentRequests.items}
            rowKey={(r) => r.id}
            renderItem={(r) => <RequestLine request={r} to={requestLink(r.id)} side="provider" />}
            empty={t('home.consumer.requestsNone')}
            to="/sharing/requests"
            extra={
              <Flex gap={4} wrap data-testid="home-request-states">
                {STATUSES.filter((s) => home.requestsByStatus[s] > 0).map((s) => (
                  <span key={s}>
                    <RequestStatusTag status={s} />
                    {home.requestsByStatus[s]}
                  </span>
                ))}
              </Flex>
            }
            testId="home-my-requests"
          />
        </Col>
        <Col xs={24} lg={12}>
          <ListCard
            title={t('home.consumer.grants')}
            total={home.activeGrants.total}
            items={home.activeGrants.items}
            rowKey={(g) => g.id}
            renderItem={(g) => (
              <Flex vertical gap={4} style={{ width: '100%', minWidth: 0 }}>
                <Line
                  title={g.resourceName}
                  to={grantLink(g.id)}
                  meta={`${g.providerDepartmentName} · ${g.purpose} · ${t('home.operator.validTo', { date: formatDate(g.validTo) })}`}
                />
                <Flex align="center" gap="small">
                  {g.dailyQuota ? (
                    <Progress
                      percent={Math.min(100, Math.round((g.callsToday / g.dailyQuota) * 100))}
                      size="small"
                      status={g.callsToday >= g.dailyQuota ? 'exception' : 'normal'}
                      showInfo={false}
                      style={{ flex: 1, margin: 0 }}
                    />
                  ) : null}
                  <Tag data-testid="home-grant-usage">
                    {g.dailyQuota
                      ? t('home.consumer.callsToday', {
                          calls: g.callsToday.toLocaleString(),
                          quota: g.dailyQuota.toLocaleString(),
                        })
                      : t('home.consumer.callsTodayNoQuota', { calls: g.callsToday.toLocaleString() })}
                  </Tag>
                </Flex>
              </Flex>
            )}
            empty={t('home.consumer.grantsNone')}
            to="/sharing/grants"
            testId="home-my-grants"
          />
        </Col>
      </Row>
      <Link to="/sharing/catalog">{t('home.consumer.browse')}</Link>
    </Section>
  );
}
