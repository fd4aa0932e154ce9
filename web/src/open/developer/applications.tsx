import { Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, type CSSProperties } from 'react';
import { Link } from 'react-router-dom';
import {
  listMyOpenApplications,
  type OpenApplication,
  type OpenApplicationStatus,
} from '../../api/openDevelopers';
import { useT } from '../../i18n/context';
import type { MessageKey } from '../../i18n/zh';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { useQuery } from '../../shared/useQuery';
import { ScrollRegion, SectionCard } from '../parts';

/* Colours with at least 4.5:1 contrast for the small text (Ant Design's preset tag colours fall short of WCAG AA). */
export const STATE_STYLE = {
  pending: { color: '#873800', background: '#fff7e6', borderColor: '#ffc069' },
  good: { color: '#135200', background: '#f6ffed', borderColor: '#95de64' },
  bad: { color: '#820014', background: '#fff1f0', borderColor: '#ffa39e' },
  ended: { color: '#262626', background: '#fafafa', borderColor: '#d9d9d9' },
} satisfies Record<string, CSSProperties>;

const STATUS_STYLE: Record<OpenApplicationStatus, CSSProperties> = {
  pending: STATE_STYLE.pending,
  approved: STATE_STYLE.good,
  rejected: STATE_STYLE.bad,
  revoked: STATE_STYLE.ended,
};

/** An application's state; an approval whose period ended says so. */
export function ApplicationStatusTag({ application }: { application: OpenApplication }) {
  const t = useT();
  const expired = application.status === 'approved' && !application.inForce;
  return (
    <Tag style={expired ? STATE_STYLE.ended : STATUS_STYLE[application.status]}>
      {t(expired ? 'dev.app.status.expired' : (`dev.app.status.${application.status}` as MessageKey))}
    </Tag>
  );
}

/** 我的申请: the developer's 有条件开放 applications and their state. */
export function MyApplications() {
  const t = useT();
  const { data, error } = useQuery(useCallback((signal: AbortSignal) => listMyOpenApplications(signal), []));
  const columns: TableColumnsType<OpenApplication> = [
    {
      title: t('dev.app.dataset'),
      key: 'dataset',
      render: (_, a) =>
        a.dataset.name ? (
          <Link to={`/open/datasets/${a.dataset.name}`}>{a.dataset.title}</Link>
        ) : (
          a.dataset.title
        ),
    },
    { title: t('dev.app.department'), key: 'department', render: (_, a) => a.department.name },
    { title: t('dev.app.items'), key: 'items', render: (_, a) => a.items.join('、') },
    { title: t('dev.app.period'), key: 'period', render: (_, a) => `${a.periodStart} ~ ${a.periodEnd}` },
    { title: t('dev.app.status'), key: 'status', render: (_, a) => <ApplicationStatusTag application={a} /> },
    { title: t('dev.app.reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '' },
  ];
  return (
    <SectionCard id="dev-apps-title" title={t('dev.app.title')} testId="dev-applications">
      <Typography.Paragraph type="secondary">{t('dev.app.hint')}</Typography.Paragraph>
      {error ? <ErrorAlert error={error} /> : null}
      <ScrollRegion label={t('dev.app.table')}>
        <Table
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={!data && !error}
          pagination={false}
          locale={{ emptyText: <Typography.Text type="secondary">{t('dev.app.none')}</Typography.Text> }}
        />
      </ScrollRegion>
    </SectionCard>
  );
}
