import {
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  Radio,
  Segmented,
  Select,
  Table,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { searchOpenDatasets } from '../../../api/open';
import {
  answerOpenReport,
  answerOpenRequest,
  getOpenFeedbackInbox,
  type OpenInboxQuery,
  type OpenReport,
  type OpenRequest,
} from '../../../api/openFeedback';
import { useT } from '../../../i18n/context';
import { ErrorAlert } from '../../../shared/ErrorAlert';
import { FormModal } from '../../../shared/FormModal';
import { formatDate, formatDateTime } from '../../../shared/format';
import { Page } from '../../../shared/Page';
import { useQuery } from '../../../shared/useQuery';
import { ReportStatusTag, RequestStatusTag } from '../common';

type Kind = OpenInboxQuery['kind'];
type State = NonNullable<OpenInboxQuery['state']>;
const PAGE_SIZE = 20;

interface RequestAnswerValues {
  status: 'planned' | 'available' | 'declined';
  answer: string;
  plannedDate?: Dayjs;
  datasetName?: string;
}

function RequestAnswerModal({
  request,
  onClose,
  onDone,
}: {
  request: OpenRequest;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useT();
  const [status, setStatus] = useState<RequestAnswerValues['status']>(
    request.status === 'routed' ? 'planned' : (request.status as RequestAnswerValues['status']),
  );
  const { data: datasets } = useQuery(
    useCallback(
      (signal: AbortSignal) =>
        request.department
          ? searchOpenDatasets({ limit: 100, sort: 'title' }, signal)
          : Promise.resolve(null),
      [request.department],
    ),
  );
  return (
    <FormModal<RequestAnswerValues>
      title={t('fb.inbox.answerTitle', { title: request.title })}
      onClose={onClose}
      submitTestId="fb-answer-submit"
      initialValues={{
        status,
        answer: request.answer ?? '',
        ...(request.plannedDate ? { plannedDate: dayjs(request.plannedDate) } : {}),
        ...(request.dataset ? { datasetName: request.dataset.name } : {}),
      }}
      onSubmit={async (v) => {
        await answerOpenRequest(request.id, {
          status: v.status,
          answer: v.answer,
          ...(v.status === 'planned' && v.plannedDate
            ? { plannedDate: v.plannedDate.format('YYYY-MM-DD') }
            : {}),
          ...(v.status === 'available' && v.datasetName ? { datasetName: v.datasetName } : {}),
        });
        onDone();
      }}
    >
      <Typography.Paragraph type="secondary">{request.description}</Typography.Paragraph>
      <Form.Item name="status" label={t('fb.inbox.answerKind')}>
        <Radio.Group
          optionType="button"
          onChange={(e) => setStatus(e.target.value as RequestAnswerValues['status'])}
          options={(['planned', 'available', 'declined'] as const).map((s) => ({
            value: s,
            label: t(`fb.request.status.${s}`),
          }))}
          data-testid="fb-answer-kind"
        />
      </Form.Item>
      {status === 'planned' ? (
        <Form.Item
          name="plannedDate"
          label={t('fb.inbox.plannedDate')}
          rules={[{ required: true, message: t('fb.inbox.plannedDateRule') }]}
        >
          <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} data-testid="fb-answer-date" />
        </Form.Item>
      ) : null}
      {status === 'available' ? (
        <Form.Item
          name="datasetName"
          label={t('fb.inbox.dataset')}
          rules={[{ required: true, message: t('fb.inbox.datasetRule') }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            options={(datasets?.items ?? []).map((d) => ({ value: d.name, label: d.title }))}
            data-testid="fb-answer-dataset"
          />
        </Form.Item>
      ) : null}
      <Form.Item
        name="answer"
        label={status === 'declined' ? t('fb.inbox.reason') : t('fb.inbox.answer')}
        rules={[{ required: true, min: 2, message: t('fb.inbox.answerRule') }]}
      >
        <Input.TextArea rows={3} maxLength={2000} showCount data-testid="fb-answer-text" />
      </Form.Item>
    </FormModal>
  );
}

function ReportAnswerModal({
  report,
  onClose,
  onDone,
}: {
  report: OpenReport;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useT();
  return (
    <FormModal<{ status: 'resolved' | 'rejected'; reply: string }>
      title={t('fb.inbox.replyTitle', { title: report.dataset.title })}
      onClose={onClose}
      submitTestId="fb-reply-submit"
      initialValues={{
        status: report.status === 'rejected' ? 'rejected' : 'resolved',
        reply: report.reply ?? '',
      }}
      onSubmit={async (v) => {
        await answerOpenReport(report.id, v);
        onDone();
      }}
    >
      <Typography.Paragraph type="secondary">{report.description}</Typography.Paragraph>
      <Form.Item name="status" label={t('fb.inbox.replyKind')}>
        <Radio.Group
          optionType="button"
          options={(['resolved', 'rejected'] as const).map((s) => ({
            value: s,
            label: t(`fb.report.status.${s}`),
          }))}
        />
      </Form.Item>
      <Form.Item
        name="reply"
        label={t('fb.inbox.reply')}
        rules={[{ required: true, min: 2, message: t('fb.inbox.answerRule') }]}
      >
        <Input.TextArea rows={3} maxLength={2000} showCount data-testid="fb-reply-text" />
      </Form.Item>
    </FormModal>
  );
}

/**
 * 反馈待办: the data requests routed to the steward's department and the error reports on its datasets, to answer in
 * public; answered ones can be revised.
 */
export default function FeedbackInboxPage() {
  const t = useT();
  const [kind, setKind] = useState<Kind>('request');
  const [state, setState] = useState<State>('waiting');
  const [page, setPage] = useState(1);
  const query = useMemo<OpenInboxQuery>(
    () => ({ kind, state, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    [kind, state, page],
  );
  const { data, error, loading, reload } = useQuery(
    useCallback((signal: AbortSignal) => getOpenFeedbackInbox(query, signal), [query]),
  );
  const [answering, setAnswering] = useState<OpenRequest | null>(null);
  const [replying, setReplying] = useState<OpenReport | null>(null);

  const requestColumns: TableColumnsType<OpenRequest> = [
    { title: t('fb.request.titleLabel'), dataIndex: 'title' },
    { title: t('fb.request.purpose'), dataIndex: 'purpose' },
    { title: t('fb.inbox.votes'), dataIndex: 'votes' },
    { title: t('fb.inbox.status'), key: 'status', render: (_, r) => <RequestStatusTag status={r.status} /> },
    { title: t('fb.request.created'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, r) => (
        <Button size="small" type="primary" onClick={() => setAnswering(r)} data-testid="fb-inbox-answer">
          {r.status === 'routed' ? t('fb.inbox.answerAction') : t('fb.inbox.reviseAction')}
        </Button>
      ),
    },
  ];
  const reportColumns: TableColumnsType<OpenReport> = [
    { title: t('fb.inbox.dataset'), key: 'dataset', render: (_, r) => r.dataset.title },
    { title: t('fb.report.recordKey'), dataIndex: 'recordKey' },
    { title: t('fb.report.item'), dataIndex: 'item' },
    { title: t('fb.report.description'), dataIndex: 'description' },
    { title: t('fb.inbox.status'), key: 'status', render: (_, r) => <ReportStatusTag status={r.status} /> },
    { title: t('fb.request.created'), dataIndex: 'createdAt', render: (v: string) => formatDate(v) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, r) => (
        <Button size="small" type="primary" onClick={() => setReplying(r)} data-testid="fb-inbox-reply">
          {r.status === 'open' ? t('fb.inbox.replyAction') : t('fb.inbox.reviseAction')}
        </Button>
      ),
    },
  ];
  const pagination = {
    current: page,
    pageSize: PAGE_SIZE,
    total: data?.total ?? 0,
    onChange: setPage,
    showTotal: (total: number) => t('common.total', { total }),
  };

  return (
    <Page title={t('nav.openFeedbackInbox')}>
      <Card size="small">
        <Flex vertical gap="middle">
          <Flex gap="middle" wrap>
            <Segmented
              value={kind}
              onChange={(v) => {
                setKind(v as Kind);
                setPage(1);
              }}
              options={[
                { value: 'request', label: t('fb.inbox.requests') },
                { value: 'report', label: t('fb.inbox.reports') },
              ]}
              data-testid="fb-inbox-kind"
            />
            <Segmented
              value={state}
              onChange={(v) => {
                setState(v as State);
                setPage(1);
              }}
              options={[
                { value: 'waiting', label: t('fb.inbox.waiting') },
                { value: 'answered', label: t('fb.inbox.answered') },
                { value: 'all', label: t('fb.request.all') },
              ]}
            />
          </Flex>
          {error ? <ErrorAlert error={error} /> : null}
          {kind === 'request' ? (
            <Table
              size="small"
              rowKey="id"
              columns={requestColumns}
              dataSource={data?.requests ?? []}
              loading={loading}
              pagination={pagination}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('fb.inbox.none') }}
              data-testid="fb-inbox-table"
            />
          ) : (
            <Table
              size="small"
              rowKey="id"
              columns={reportColumns}
              dataSource={data?.reports ?? []}
              loading={loading}
              pagination={pagination}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('fb.inbox.none') }}
              data-testid="fb-inbox-table"
            />
          )}
        </Flex>
      </Card>
      {answering ? (
        <RequestAnswerModal
          request={answering}
          onClose={() => setAnswering(null)}
          onDone={() => {
            setAnswering(null);
            reload();
          }}
        />
      ) : null}
      {replying ? (
        <ReportAnswerModal
          report={replying}
          onClose={() => setReplying(null)}
          onDone={() => {
            setReplying(null);
            reload();
          }}
        />
      ) : null}
    </Page>
  );
}
