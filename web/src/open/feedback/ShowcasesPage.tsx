import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Input,
  Pagination,
  Radio,
  Row,
  Select,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { searchOpenDatasets } from '../../api/open';
import {
  listOpenShowcases,
  OPEN_SHOWCASE_KINDS,
  submitOpenShowcase,
  type OpenShowcase,
  type OpenShowcaseInput,
  type OpenShowcaseKind,
} from '../../api/openFeedback';
import { useT } from '../../i18n/context';
import type { MessageKey } from '../../i18n/zh';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { applyFieldErrors, useErrorMessage } from '../../shared/errors';
import { Loading } from '../../shared/Loading';
import { useQuery } from '../../shared/useQuery';
import { useOpenTitle } from '../OpenLayout';
import { excerpt, FlagButton, SignInHint, usePublicAccount } from './common';

const PAGE_SIZE = 12;

function ShowcaseForm() {
  const t = useT();
  const describe = useErrorMessage();
  const [form] = Form.useForm<OpenShowcaseInput>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const { data: datasets } = useQuery(
    useCallback((signal: AbortSignal) => searchOpenDatasets({ limit: 100, sort: 'title' }, signal), []),
  );
  const submit = async (values: OpenShowcaseInput) => {
    setBusy(true);
    setError(null);
    try {
      await submitOpenShowcase(values);
      form.resetFields();
      setSent(true);
    } catch (failure) {
      if (!applyFieldErrors(form, failure)) setError(describe(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      requiredMark={false}
      initialValues={{ kind: 'app' }}
      data-testid="fb-showcase-form"
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      {sent ? (
        <Alert
          type="success"
          showIcon
          role="status"
          title={t('fb.showcase.sent')}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Form.Item name="kind" label={t('fb.showcase.kind')}>
        <Radio.Group
          optionType="button"
          options={OPEN_SHOWCASE_KINDS.map((k) => ({
            value: k,
            label: t(`fb.showcase.kind.${k}` as MessageKey),
          }))}
        />
      </Form.Item>
      <Form.Item
        name="title"
        label={t('fb.showcase.titleLabel')}
        rules={[{ required: true, min: 2, message: t('fb.showcase.titleRule') }]}
      >
        <Input maxLength={100} data-testid="fb-showcase-title" />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('fb.showcase.description')}
        rules={[{ required: true, min: 10, message: t('fb.showcase.descriptionRule') }]}
      >
        <Input.TextArea rows={3} maxLength={2000} showCount data-testid="fb-showcase-description" />
      </Form.Item>
      <Form.Item
        name="url"
        label={t('fb.showcase.url')}
        rules={[{ required: true, type: 'url', message: t('fb.showcase.urlRule') }]}
      >
        <Input maxLength={500} placeholder="https://" data-testid="fb-showcase-url" />
      </Form.Item>
      <Form.Item
        name="datasets"
        label={t('fb.showcase.datasets')}
        rules={[{ required: true, type: 'array', min: 1, message: t('fb.showcase.datasetsRule') }]}
      >
        <Select
          mode="multiple"
          optionFilterProp="label"
          aria-label={t('fb.showcase.datasets')}
          options={(datasets?.items ?? []).map((d) => ({ value: d.name, label: d.title }))}
          maxCount={20}
          data-testid="fb-showcase-datasets"
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="fb-showcase-submit">
        {t('fb.showcase.submit')}
      </Button>
    </Form>
  );
}

function ShowcaseCard({ showcase }: { showcase: OpenShowcase }) {
  const t = useT();
  return (
    <Card size="small" style={{ height: '100%' }} data-testid="fb-showcase-card">
      <Flex vertical gap={6}>
        <Typography.Title level={2} style={{ fontSize: 17, margin: 0 }}>
          <a href={showcase.url} rel="noopener noreferrer nofollow" target="_blank">
            {showcase.title}
          </a>
        </Typography.Title>
        <Flex gap={6} wrap align="center">
          <Tag style={{ color: '#1f1f1f' }}>{t(`fb.showcase.kind.${showcase.kind}` as MessageKey)}</Tag>
          <Typography.Text type="secondary">{showcase.author}</Typography.Text>
        </Flex>
        <Typography.Paragraph style={{ margin: 0 }}>
          {excerpt(showcase.description, 160)}
        </Typography.Paragraph>
        <Typography.Text type="secondary">
          {t('fb.showcase.uses')}{' '}
          {showcase.datasets.map((d, i) => (
            <span key={d.name}>
              {i ? '、' : ''}
              <Link to={`/open/datasets/${d.name}`} style={{ textDecoration: 'underline' }}>
                {d.title || d.name}
              </Link>
            </span>
          ))}
        </Typography.Text>
        <FlagButton kind="showcase" id={showcase.id} />
      </Flex>
    </Card>
  );
}

/** 应用展示: apps, articles and visualisations built on the open data, once the operator approved them. */
export default function ShowcasesPage() {
  const t = useT();
  useOpenTitle(t('fb.showcase.title'));
  const { canSubmit } = usePublicAccount();
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind') as OpenShowcaseKind | null;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query = useMemo(
    () => ({
      ...(kind && OPEN_SHOWCASE_KINDS.includes(kind) ? { kind } : {}),
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    }),
    [kind, page],
  );
  const { data, error, loading } = useQuery(
    useCallback((signal: AbortSignal) => listOpenShowcases(query, signal), [query]),
  );
  return (
    <Flex vertical gap="middle" data-testid="fb-showcases-page">
      <Typography.Title level={1} style={{ fontSize: 26, margin: 0 }}>
        {t('fb.showcase.title')}
      </Typography.Title>
      <Typography.Paragraph style={{ margin: 0 }}>{t('fb.showcase.intro')}</Typography.Paragraph>
      <Radio.Group
        value={kind ?? ''}
        optionType="button"
        aria-label={t('fb.showcase.kind')}
        onChange={(e) => {
          const v = e.target.value as string;
          setParams(v ? { kind: v } : {});
        }}
        options={[
          { value: '', label: t('fb.request.all') },
          ...OPEN_SHOWCASE_KINDS.map((k) => ({ value: k, label: t(`fb.showcase.kind.${k}` as MessageKey) })),
        ]}
      />
      {error ? <ErrorAlert error={error} /> : null}
      {!data && loading ? <Loading /> : null}
      {data && !data.items.length ? <Empty description={t('fb.showcase.none')} /> : null}
      <Row gutter={[12, 12]}>
        {data?.items.map((s) => (
          <Col key={s.id} xs={24} md={12} lg={8}>
            <ShowcaseCard showcase={s} />
          </Col>
        ))}
      </Row>
      {data && data.total > PAGE_SIZE ? (
        <nav aria-label={t('fb.pages')}>
          <Pagination
            current={page}
            pageSize={PAGE_SIZE}
            total={data.total}
            showSizeChanger={false}
            onChange={(p) => {
              const next = new URLSearchParams(params);
              next.set('page', String(p));
              setParams(next);
            }}
          />
        </nav>
      ) : null}
      <section aria-labelledby="fb-showcase-form-title">
        <Card size="small">
          <Typography.Title level={2} id="fb-showcase-form-title" style={{ fontSize: 17, marginTop: 0 }}>
            {t('fb.showcase.new')}
          </Typography.Title>
          {canSubmit ? <ShowcaseForm /> : <SignInHint />}
        </Card>
      </section>
    </Flex>
  );
}
