import { SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { Card, Col, Flex, Row, Statistic, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { OverviewHome } from '../api/overview';
import { AuditVerifyButton } from '../audit/AuditVerifyButton';
import { useI18n } from '../i18n/context';
import { actionLabel } from '../shared/actionLabels';
import { EMPTY, formatDateTime } from '../shared/format';
import { Line, ListCard, Section } from './parts';

/** 审计员: what was refused lately, and where the signed chain stands. */
export function AuditorHome({ home }: { home: NonNullable<OverviewHome['auditor']> }) {
  const { t, language } = useI18n();
  const checkpoint = home.lastCheckpoint;
  return (
    <Section title={t('home.auditor.title')} testId="home-auditor">
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <ListCard
            title={t('home.auditor.denied', { days: home.deniedWithinDays })}
            total={home.recentDenied.length}
            items={home.recentDenied}
            rowKey={(e) => e.id}
            renderItem={(e) => (
              <Line
                title={actionLabel(e.action, language)}
                to="/audit"
                meta={[formatDateTime(e.at), e.actorName ?? EMPTY, e.objectName ?? e.departmentName ?? null]
                  .filter(Boolean)
                  .join(' · ')}
              />
            )}
            empty={t('home.auditor.deniedNone', { days: home.deniedWithinDays })}
            to="/audit"
            testId="home-denied"
          />
        </Col>
        <Col xs={24} lg={8}>
          <Flex vertical gap="middle">
            <Card size="small">
              <Statistic title={t('home.auditor.entries24h')} value={home.entriesLast24h} />
            </Card>
            <Card size="small" title={t('home.auditor.chain')} data-testid="home-chain">
              <Flex vertical gap="small" align="flex-start">
                <Typography.Text type={checkpoint && !checkpoint.trusted ? 'danger' : undefined}>
                  {checkpoint ? (
                    checkpoint.trusted ? (
                      <>
                        <SafetyCertificateOutlined />{' '}
                        {t('home.auditor.checkpoint', { at: formatDateTime(checkpoint.at) })}
                      </>
                    ) : (
                      <>
                        <WarningOutlined /> {t('home.auditor.checkpointUntrusted')}
                      </>
                    )
                  ) : (
                    t('home.auditor.noCheckpoint')
                  )}
                </Typography.Text>
                <AuditVerifyButton />
                <Link to="/audit">{t('home.auditor.openLog')}</Link>
              </Flex>
            </Card>
          </Flex>
        </Col>
      </Row>
    </Section>
  );
}
