import {
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  List,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
  type DescriptionsProps,
  type TimelineProps,
} from 'antd';
import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ErrorAlert } from '../shared/ErrorAlert';
import { formatDate, formatDateTime } from '../shared/format';
import { Loading } from '../shared/Loading';
import { Page } from '../shared/Page';
import { useQuery } from '../shared/useQuery';
import { getCase, type CaseAction, type CaseDetail } from './api';
import { CaseSlaTag, CaseStateTag } from './CaseTags';
import { ACTION_LABEL, STATE_LABEL, useCasesI18n } from './messages';
import { StepDialog } from './StepDialog';

const DANGER: ReadonlySet<CaseAction> = new Set(['reject_intake', 'refuse']);

type Deadline = NonNullable<CaseDetail['deadlines']['promised']>;

/** The case page: applicant and item, deadlines with the stopped-clock periods, the history, the steps to take. */
export default function CasePage() {
  const { id = '' } = useParams();
  const { t, pick } = useCasesI18n();
  const { message } = App.useApp();
  const fetcher = useCallback((signal: AbortSignal) => getCase(id, signal), [id]);
  const query = useQuery(fetcher);
  const [updated, setUpdated] = useState<CaseDetail | null>(null);
  const [acting, setActing] = useState<CaseAction | null>(null);
  const detail = updated?.id === id ? updated : query.data;

  if (query.error && !detail) return <ErrorAlert error={query.error} />;
  if (!detail) return <Loading />;

  const deadline = (d: Deadline | null) =>
    d ? (
      <Space>
        <span>{formatDate(d.dueOn)}</span>
        {d.overdue ? (
          <Tag color="red">{t('page.overdueBy')}</Tag>
        ) : detail.deadlines.clock !== 'ended' ? (
          <Typography.Text type="secondary">
            {t('page.remaining', { days: d.remainingWorkdays })}
          </Typography.Text>
        ) : null}
      </Space>
    ) : (
      '—'
    );

  const facts: DescriptionsProps['items'] = [
    { key: 'applicant', label: t('page.applicant'), children: detail.applicant.name },
    { key: 'code', label: t('page.applicantCode'), children: <code>{detail.applicant.code}</code> },
    { key: 'item', label: t('page.item'), children: detail.item.itemName },
    { key: 'itemCode', label: t('page.itemCode'), children: <code>{detail.item.itemCode}</code> },
    { key: 'department', label: t('page.department'), children: detail.departmentName },
    { key: 'received', label: t('page.received'), children: formatDateTime(detail.receivedAt) },
    { key: 'accepted', label: t('page.accepted'), children: formatDateTime(detail.acceptedAt) },
    { key: 'decided', label: t('page.decided'), children: formatDateTime(detail.decidedAt) },
    {
      key: 'outcome',
      label: t('page.outcome'),
      children: detail.outcome ? (
        <Tag color={detail.outcome === 'granted' ? 'green' : 'red'}>{t(`outcome.${detail.outcome}`)}</Tag>
      ) : (
        '—'
      ),
    },
    {
      key: 'license',
      label: t('page.license'),
      children: detail.licenseId ? (
        <Link to={`/registries/licenses/view?id=${encodeURIComponent(detail.licenseId)}`}>
          {detail.licenseId}
        </Link>
      ) : (
        '—'
      ),
    },
  ];

  const d = detail.deadlines;
  const clock: DescriptionsProps['items'] = [
    {
      key: 'legal',
      label: `${t('page.legal')}（${t('page.days', { days: detail.item.legalDays })}）`,
      children: deadline(d.legal),
    },
    {
      key: 'promised',
      label: `${t('page.promised')}（${t('page.days', { days: detail.item.promisedDays })}）`,
      children: deadline(d.promised),
    },
    { key: 'clock', label: t('page.clock'), children: t(`clock.${d.clock}`) },
    { key: 'stopped', label: t('page.stopped'), children: t('page.days', { days: d.stoppedWorkdays }) },
    {
      key: 'extension',
      label: t('page.extension'),
      children: d.extensionDays ? t('page.days', { days: d.extensionDays }) : '—',
    },
  ];

  const events: TimelineProps['items'] = detail.events.map((e) => ({
    key: e.id,
    color: e.action.endsWith('overdue') ? 'red' : e.action === 'sla_warning' ? 'orange' : 'blue',
    title: formatDateTime(e.at),
    content: (
      <Flex vertical gap={2}>
        <Space wrap>
          <Typography.Text strong>
            {pick(ACTION_LABEL[e.action as keyof typeof ACTION_LABEL] ?? [e.action, e.action])}
          </Typography.Text>
          {e.fromState !== e.toState ? <Tag>{pick(STATE_LABEL[e.toState])}</Tag> : null}
          <Typography.Text type="secondary">{e.actorName ?? t('page.system')}</Typography.Text>
        </Space>
        {e.reason ? <Typography.Text>{e.reason}</Typography.Text> : null}
        {Array.isArray(e.details.missing) ? (
          <Typography.Text type="secondary">{(e.details.missing as string[]).join('、')}</Typography.Text>
        ) : null}
      </Flex>
    ),
  }));

  return (
    <Page
      title={t('page.title', { number: detail.number })}
      extra={
        <Space>
          <CaseStateTag state={detail.state} />
          <CaseSlaTag sla={detail.sla} clock={detail.clock} />
        </Space>
      }
    >
      {query.error ? <ErrorAlert error={query.error} /> : null}
      <Card size="small" title={t('page.actions')}>
        {detail.allowedActions.length ? (
          <Space wrap>
            {detail.allowedActions.map((a) => (
              <Button
                key={a}
                danger={DANGER.has(a)}
                type={a === 'grant' || a === 'accept' ? 'primary' : 'default'}
                onClick={() => setActing(a)}
                data-testid={`case-action-${a}`}
              >
                {pick(ACTION_LABEL[a])}
              </Button>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('page.noActions')}</Typography.Text>
        )}
      </Card>
      {detail.missing ? (
        <Card size="small" title={t('page.missing')}>
          <List
            size="small"
            dataSource={detail.missing}
            renderItem={(m, i) => <List.Item>{`${i + 1}. ${m}`}</List.Item>}
          />
        </Card>
      ) : null}
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2 }} items={facts} />
      </Card>
      <Card size="small" title={t('page.deadlines')}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }} items={clock} />
        {d.stops.length ? (
          <Table
            style={{ marginTop: 12 }}
            size="small"
            rowKey="from"
            pagination={false}
            title={() => t('page.stops')}
            dataSource={d.stops}
            columns={[
              { title: t('page.stopKind'), render: (_, s) => t(`stop.${s.kind}`) },
              { title: t('page.stopFrom'), render: (_, s) => formatDateTime(s.from) },
              {
                title: t('page.stopTo'),
                render: (_, s) => (s.to ? formatDateTime(s.to) : t('page.stillStopped')),
              },
              { title: t('page.stopDays'), dataIndex: 'workdays', align: 'right' },
              { title: t('dialog.reason'), render: (_, s) => s.reason ?? '—' },
            ]}
          />
        ) : null}
      </Card>
      <Card size="small" title={t('page.events')}>
        <Timeline mode="start" titleSpan="170px" items={events} data-testid="case-events" />
      </Card>
      {acting ? (
        <StepDialog
          detail={detail}
          action={acting}
          onClose={() => setActing(null)}
          onDone={(next) => {
            setActing(null);
            setUpdated(next);
            void message.success(t('dialog.done', { action: pick(ACTION_LABEL[acting]) }));
          }}
        />
      ) : null}
    </Page>
  );
}
