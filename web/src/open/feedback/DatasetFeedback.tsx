import { Alert, Button, Flex, Form, Input, List, Radio, Select, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import type { OpenDatasetDetail } from '../../api/open';
import {
  getOpenDatasetFeedback,
  rateOpenDataset,
  submitOpenReport,
  type OpenDatasetFeedback as Feedback,
  type OpenRatingInput,
  type OpenReportInput,
} from '../../api/openFeedback';
import { useT } from '../../i18n/context';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { applyFieldErrors, useErrorMessage } from '../../shared/errors';
import { formatDate } from '../../shared/format';
import { useQuery } from '../../shared/useQuery';
import { SectionCard } from '../parts';
import { FlagButton, RatingBadge, ReportStatusTag, SignInHint, usePublicAccount } from './common';

const STARS = [1, 2, 3, 4, 5] as const;

/** A form's submit with its failure shown on the fields it names, else above the form. */
function useSubmit<V extends object>(
  form: ReturnType<typeof Form.useForm<V>>[0],
  send: (v: V) => Promise<void>,
) {
  const describe = useErrorMessage();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (values: V) => {
    setBusy(true);
    setError(null);
    try {
      await send(values);
    } catch (failure) {
      if (!applyFieldErrors(form, failure)) setError(describe(failure));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, submit };
}

function RateForm({ name, onDone }: { name: string; onDone: () => void }) {
  const t = useT();
  const [form] = Form.useForm<OpenRatingInput>();
  const [saved, setSaved] = useState(false);
  const { busy, error, submit } = useSubmit(form, async (v) => {
    await rateOpenDataset(name, { stars: v.stars, comment: v.comment?.trim() ? v.comment.trim() : null });
    setSaved(true);
    onDone();
  });
  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} data-testid="fb-rate-form">
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form.Item
        name="stars"
        label={t('fb.rating.stars')}
        rules={[{ required: true, message: t('fb.rating.starsRule') }]}
      >
        <Radio.Group
          optionType="button"
          options={STARS.map((n) => ({ value: n, label: t('fb.rating.starN', { n }) }))}
          data-testid="fb-rate-stars"
        />
      </Form.Item>
      <Form.Item name="comment" label={t('fb.rating.comment')}>
        <Input.TextArea rows={2} maxLength={500} showCount data-testid="fb-rate-comment" />
      </Form.Item>
      <Flex gap="small" align="center">
        <Button type="primary" htmlType="submit" loading={busy} data-testid="fb-rate-submit">
          {t('fb.rating.submit')}
        </Button>
        {saved ? <Typography.Text role="status">{t('fb.rating.saved')}</Typography.Text> : null}
      </Flex>
    </Form>
  );
}

function ReportForm({ detail, onDone }: { detail: OpenDatasetDetail; onDone: () => void }) {
  const t = useT();
  const [form] = Form.useForm<OpenReportInput>();
  const [sent, setSent] = useState(false);
  const { busy, error, submit } = useSubmit(form, async (v) => {
    await submitOpenReport(detail.name, {
      description: v.description,
      ...(v.recordKey?.trim() ? { recordKey: v.recordKey.trim() } : {}),
      ...(v.item ? { item: v.item } : {}),
    });
    form.resetFields();
    setSent(true);
    onDone();
  });
  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} data-testid="fb-report-form">
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Flex gap="middle" wrap>
        <Form.Item name="recordKey" label={t('fb.report.recordKey')} style={{ minWidth: 200 }}>
          <Input maxLength={200} data-testid="fb-report-key" />
        </Form.Item>
        <Form.Item name="item" label={t('fb.report.item')} style={{ minWidth: 200 }}>
          <Select
            allowClear
            aria-label={t('fb.report.item')}
            options={detail.dictionary.map((i) => ({ value: i.name, label: i.name }))}
            data-testid="fb-report-item"
          />
        </Form.Item>
      </Flex>
      <Form.Item
        name="description"
        label={t('fb.report.description')}
        rules={[{ required: true, min: 5, message: t('fb.report.descriptionRule') }]}
      >
        <Input.TextArea rows={3} maxLength={2000} showCount data-testid="fb-report-description" />
      </Form.Item>
      <Flex gap="small" align="center">
        <Button type="primary" htmlType="submit" loading={busy} data-testid="fb-report-submit">
          {t('fb.report.submit')}
        </Button>
        {sent ? <Typography.Text role="status">{t('fb.report.sent')}</Typography.Text> : null}
      </Flex>
    </Form>
  );
}

function Ratings({ feedback }: { feedback: Feedback }) {
  const t = useT();
  if (!feedback.ratings.length) return null;
  return (
    <List
      size="small"
      aria-label={t('fb.rating.comments')}
      dataSource={feedback.ratings}
      renderItem={(r) => (
        <List.Item key={r.id} extra={<FlagButton kind="rating" id={r.id} />} data-testid="fb-comment">
          <Flex vertical gap={2}>
            <Typography.Text>
              {t('fb.rating.starN', { n: r.stars })} · {r.author} · {formatDate(r.updatedAt)}
            </Typography.Text>
            <Typography.Text>{r.comment}</Typography.Text>
          </Flex>
        </List.Item>
      )}
    />
  );
}

function Reports({ feedback }: { feedback: Feedback }) {
  const t = useT();
  if (!feedback.reports.length)
    return <Typography.Paragraph type="secondary">{t('fb.report.none')}</Typography.Paragraph>;
  return (
    <List
      size="small"
      aria-label={t('fb.report.list')}
      dataSource={feedback.reports}
      renderItem={(r) => (
        <List.Item key={r.id} extra={<FlagButton kind="report" id={r.id} />} data-testid="fb-report">
          <Flex vertical gap={2}>
            <Flex gap="small" align="center" wrap>
              <ReportStatusTag status={r.status} />
              <Typography.Text type="secondary">
                {[r.recordKey, r.item].filter(Boolean).join(' · ')} {r.author} · {formatDate(r.createdAt)}
              </Typography.Text>
            </Flex>
            <Typography.Text>{r.description}</Typography.Text>
            {r.reply ? (
              <Typography.Text type="secondary">
                {t('fb.report.reply', { department: r.department.name })}
                {r.reply}
              </Typography.Text>
            ) : null}
          </Flex>
        </List.Item>
      )}
    />
  );
}

/**
 * A dataset's feedback on its page: the rating (and one's own), the latest comments, 纠错 with the department's
 * replies, and the showcases built on it.
 */
export function DatasetFeedback({ detail }: { detail: OpenDatasetDetail }) {
  const t = useT();
  const { canSubmit } = usePublicAccount();
  const { data, error, reload } = useQuery(
    useCallback((signal: AbortSignal) => getOpenDatasetFeedback(detail.name, signal), [detail.name]),
  );
  return (
    <>
      <SectionCard
        id="fb-dataset-title"
        title={t('fb.dataset.title')}
        extra={data ? <RatingBadge rating={data.rating} /> : null}
        testId="fb-dataset"
      >
        {error ? <ErrorAlert error={error} /> : null}
        <Flex vertical gap="middle">
          {data ? <Ratings feedback={data} /> : null}
          {canSubmit ? <RateForm name={detail.name} onDone={reload} /> : <SignInHint />}
          <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
            {t('fb.report.title')}
          </Typography.Title>
          {data ? <Reports feedback={data} /> : null}
          {canSubmit ? <ReportForm detail={detail} onDone={reload} /> : null}
        </Flex>
      </SectionCard>
      <SectionCard
        id="fb-showcases-title"
        title={t('fb.showcase.title')}
        extra={<Link to="/open/showcases">{t('fb.showcase.all')}</Link>}
        testId="fb-dataset-showcases"
      >
        {data?.showcases.length ? (
          <List
            size="small"
            dataSource={data.showcases}
            renderItem={(s) => (
              <List.Item key={s.id}>
                <Flex vertical gap={2}>
                  <a href={s.url} rel="noopener noreferrer nofollow" target="_blank">
                    {s.title}
                  </a>
                  <Typography.Text type="secondary">{s.description}</Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        ) : (
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('fb.showcase.noneForDataset')}
          </Typography.Paragraph>
        )}
      </SectionCard>
    </>
  );
}
