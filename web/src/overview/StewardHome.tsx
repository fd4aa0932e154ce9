import { Col, Row, Tag, Typography } from 'antd';
import type { OverviewHome } from '../api/overview';
import { exchangeResourceLink } from '../exchange/links';
import { useT } from '../i18n/context';
import { formatDateTime } from '../shared/format';
import { Line, ListCard, RequestLine, Section } from './parts';

const inboxLink = (id: string) => `/sharing/inbox?open=${encodeURIComponent(id)}`;

/** 部门数据管理员: requests to decide, rows to fix, deliveries that failed, and how the department's data stands. */
export function StewardHome({ home }: { home: NonNullable<OverviewHome['steward']> }) {
  const t = useT();
  const departments = home.departments.map((d) => d.name).join('、');
  return (
    <Section title={t('home.steward.title', { departments })} testId="home-steward">
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <ListCard
            title={t('home.steward.inbox')}
            total={home.inbox.total}
            items={home.inbox.items}
            rowKey={(r) => r.id}
            renderItem={(r) => <RequestLine request={r} to={inboxLink(r.id)} side="consumer" />}
            empty={t('home.steward.inboxNone')}
            to="/sharing/inbox"
            extra={
              home.inboxOverdue > 0 && (
                <Tag color="error">{t('home.steward.inboxOverdue', { count: home.inboxOverdue })}</Tag>
              )
            }
            testId="home-inbox"
          />
        </Col>
        <Col xs={24} lg={12}>
          <ListCard
            title={t('home.steward.resources')}
            total={home.resources.total}
            items={home.resources.items}
            rowKey={(r) => r.id}
            renderItem={(r) => (
              <Line
                title={r.name}
                to={exchangeResourceLink(r.id)}
                tags={
                  <>
                    {r.overdue && <Tag color="warning">{t('home.steward.updateOverdue')}</Tag>}
                    {r.openQuarantine > 0 && (
                      <Tag color="error">{t('home.steward.rows', { count: r.openQuarantine })}</Tag>
                    )}
                  </>
                }
                meta={[
                  t('home.steward.records', { count: r.recordsHeld.toLocaleString() }),
                  r.lastChangeAt
                    ? t('home.steward.lastChange', { at: formatDateTime(r.lastChangeAt) })
                    : t('home.steward.noData'),
                  t('home.steward.subscriptions', { count: r.subscriptions }),
                ].join(' · ')}
              />
            )}
            empty={t('home.steward.resourcesNone')}
            to="/exchange/resources"
            testId="home-resources"
          />
        </Col>
        <Col xs={24} lg={12}>
          <ListCard
            title={t('home.steward.quarantine')}
            total={home.quarantine.total}
            items={home.quarantine.items}
            rowKey={(q) => q.resourceId}
            renderItem={(q) => (
              <Line
                title={q.resourceName}
                to={exchangeResourceLink(q.resourceId, 'quarantine')}
                meta={t('home.steward.rows', { count: q.openRows.toLocaleString() })}
              />
            )}
            empty={t('home.steward.quarantineNone')}
            to="/exchange/quality"
            extra={
              home.quarantinedRows > 0 && (
                <Typography.Text type="secondary">
                  {t('home.steward.rows', { count: home.quarantinedRows.toLocaleString() })}
                </Typography.Text>
              )
            }
            testId="home-quarantine"
          />
        </Col>
        <Col xs={24} lg={12}>
          <ListCard
            title={t('home.steward.deadLetters')}
            total={home.deadLetters.total}
            items={home.deadLetters.items}
            rowKey={(d) => d.id}
            renderItem={(d) => (
              <Line
                title={d.resourceName}
                to="/exchange/dead-letters"
                meta={`${d.consumerDepartmentName} · ${t('home.steward.attempts', { count: d.attempts })} · ${formatDateTime(d.createdAt)}`}
              />
            )}
            empty={t('home.steward.deadLettersNone')}
            to="/exchange/dead-letters"
            testId="home-dead-letters"
          />
        </Col>
      </Row>
    </Section>
  );
}
