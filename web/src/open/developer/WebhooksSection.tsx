import { Alert, Button, Empty, Form, Input, Popconfirm, Select, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useState } from 'react';
import { searchOpenDatasets } from '../../api/open';
import {
  createDeveloperWebhook,
  deleteDeveloperWebhook,
  listDeveloperWebhooks,
  type CreatedWebhook,
  type OpenWebhook,
} from '../../api/openVersions';
import { useT } from '../../i18n/context';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { applyFieldErrors, useErrorMessage } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { Loading } from '../../shared/Loading';
import { useQuery } from '../../shared/useQuery';
import { ScrollRegion, SectionCard } from '../parts';

interface HookForm {
  dataset: string;
  url: string;
}

/** 数据变更回调: follow a dataset (its new versions POSTed, signed, to a URL), the secret shown once, delete. */
export function WebhooksSection() {
  const t = useT();
  const describe = useErrorMessage();
  const [form] = Form.useForm<HookForm>();
  const { data, error, reload } = useQuery(
    useCallback((signal: AbortSignal) => listDeveloperWebhooks(signal), []),
  );
  const { data: datasets } = useQuery(
    useCallback((signal: AbortSignal) => searchOpenDatasets({ limit: 100, sort: 'title' }, signal), []),
  );
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const add = async (values: HookForm) => {
    setSaving(true);
    setFailure(null);
    setNotice(null);
    setCreated(null);
    try {
      const hook = await createDeveloperWebhook(values);
      if (hook.secret) setCreated(hook);
      else setNotice(t('dev.hooks.exists'));
      form.resetFields();
      reload();
    } catch (e) {
      if (!applyFieldErrors(form, e)) setFailure(describe(e));
    } finally {
      setSaving(false);
    }
  };

  const remove = async (id: string) => {
    try {
      await deleteDeveloperWebhook(id);
      reload();
    } catch (e) {
      setFailure(describe(e));
    }
  };

  const columns: TableColumnsType<OpenWebhook> = [
    {
      title: t('dev.hooks.dataset'),
      dataIndex: 'datasetTitle',
      render: (title: string, h) => title || h.dataset,
    },
    {
      title: t('dev.hooks.url'),
      dataIndex: 'url',
      render: (url: string) => <code style={{ wordBreak: 'break-all' }}>{url}</code>,
    },
    { title: t('dev.hooks.delivered'), dataIndex: 'delivered', align: 'right' },
    {
      title: t('dev.hooks.lastDelivered'),
      dataIndex: 'lastDeliveredAt',
      render: (v: string | null) => formatDateTime(v),
    },
    {
      title: t('dev.hooks.state'),
      key: 'state',
      render: (_, h) =>
        h.attempts > 0
          ? t('dev.hooks.retrying', { n: h.attempts, error: h.lastError ?? '' })
          : t('dev.hooks.ok'),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, h) => (
        <Popconfirm title={t('dev.hooks.deleteConfirm')} onConfirm={() => void remove(h.id)}>
          <Button size="small" danger data-testid="dev-hook-delete">
            {t('dev.hooks.delete')}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <SectionCard id="dev-hooks-title" title={t('dev.hooks.title')} testId="dev-hooks">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('dev.hooks.intro')}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="inline"
        onFinish={(v) => void add(v)}
        style={{ rowGap: 8, marginBottom: 12 }}
        data-testid="dev-hook-form"
      >
        <Form.Item name="dataset" label={t('dev.hooks.dataset')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            style={{ minWidth: 240 }}
            options={(datasets?.items ?? []).map((d) => ({ value: d.name, label: d.title }))}
            data-testid="dev-hook-dataset"
          />
        </Form.Item>
        <Form.Item name="url" label={t('dev.hooks.url')} rules={[{ required: true, type: 'url' }]}>
          <Input placeholder="https://example.com/hooks/tongban" style={{ minWidth: 280 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="dev-hook-add">
          {t('dev.hooks.add')}
        </Button>
      </Form>
      {created ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('dev.hooks.secret')}
          description={
            <Typography.Text code copyable data-testid="dev-hook-secret">
              {created.secret}
            </Typography.Text>
          }
        />
      ) : null}
      {notice ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={notice} /> : null}
      {failure ? <Alert type="error" showIcon style={{ marginBottom: 12 }} title={failure} /> : null}
      {error ? (
        <ErrorAlert error={error} />
      ) : !data ? (
        <Loading />
      ) : !data.items.length ? (
        <Empty description={t('dev.hooks.none')} />
      ) : (
        <ScrollRegion label={t('dev.hooks.table')}>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            columns={columns}
            dataSource={data.items}
            data-testid="dev-hooks-table"
          />
        </ScrollRegion>
      )}
    </SectionCard>
  );
}
