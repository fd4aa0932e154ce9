import {
  DeleteOutlined,
  MinusCircleOutlined,
  PlayCircleOutlined,
  PlusOutlined,
  SaveOutlined,
  ApiOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Checkbox,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../api/client';
import {
  deleteConnector,
  getConnector,
  runConnector,
  saveConnector,
  testConnector,
  type Connector,
  type ConnectorKind,
  type ConnectorRun,
  type ConnectorTestResult,
  type ExchangeResourceDetail,
} from '../api/exchange';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { applyFieldErrors, useErrorMessage } from '../shared/errors';
import { EMPTY, formatDateTime } from '../shared/format';
import { Loading } from '../shared/Loading';
import { useQuery } from '../shared/useQuery';
import { ConnectorRunsTable } from './ConnectorRunsTable';
import { DEFAULT_PORTS, toFormValues, toInput, toTestInput, type ConnectorFormValues } from './connectorForm';
import { ConnectorTag } from './tags';

/** The connector, or null when the resource has none (404). */
async function loadConnector(resourceId: string, signal: AbortSignal): Promise<Connector | null> {
  try {
    return await getConnector(resourceId, signal);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

const POLL_MS = 2000;

function ConnectorStatusCard({ connector }: { connector: Connector | null }) {
  const t = useT();
  if (!connector) return <Alert type="info" showIcon title={t('exchange.connector.none')} />;
  return (
    <Card size="small" title={t('exchange.connector.statusTitle')} data-testid="connector-status-card">
      <Flex vertical gap="small">
        {connector.lastError && <Alert type="error" showIcon title={connector.lastError} />}
        <Descriptions
          size="small"
          column={1}
          items={[
            {
              key: 'status',
              label: t('exchange.connector.status'),
              children: (
                <Space size={4}>
                  <ConnectorTag connector={{ ...connector, lastError: null }} />
                  {connector.running && <Tag color="processing">{t('exchange.connectorStatus.running')}</Tag>}
                </Space>
              ),
            },
            {
              key: 'schedule',
              label: t('exchange.connector.schedule'),
              children: connector.schedule.description,
            },
            {
              key: 'lastRunAt',
              label: t('exchange.connector.lastRunAt'),
              children: formatDateTime(connector.lastRunAt),
            },
            {
              key: 'nextRunAt',
              label: t('exchange.connector.nextRunAt'),
              children: connector.enabled ? formatDateTime(connector.nextRunAt) : EMPTY,
            },
            {
              key: 'highWater',
              label: t('exchange.connector.highWater'),
              children: connector.highWater ? (
                <Typography.Text code>{connector.highWater}</Typography.Text>
              ) : (
                EMPTY
              ),
            },
            {
              key: 'updatedAt',
              label: t('exchange.connector.updatedAt'),
              children: formatDateTime(connector.updatedAt),
            },
          ]}
        />
      </Flex>
    </Card>
  );
}

/** A failed test: the server's message and, when it gives one, the driver's reason. */
function TestError({ error }: { error: unknown }) {
  const describe = useErrorMessage();
  if (error === null || error === undefined) return null;
  const reason = error instanceof ApiError ? error.details?.reason : undefined;
  return (
    <Alert
      type="error"
      showIcon
      title={describe(error)}
      description={typeof reason === 'string' ? reason : undefined}
      data-testid="connector-test-error"
    />
  );
}

function TestResultView({ result }: { result: ConnectorTestResult }) {
  const t = useT();
  return (
    <Alert
      type={result.warnings.length > 0 || result.unmappedItems.length > 0 ? 'warning' : 'success'}
      showIcon
      title={t('exchange.connector.testOk', { version: result.serverVersion, ms: result.latencyMs })}
      description={
        <Flex vertical gap="small">
          <Flex wrap gap={4} align="center">
            {t('exchange.connector.mapping')}
            {result.mapping.map(({ column, item }) => (
              <Tag key={column} color={item ? 'success' : 'default'}>
                {column} → {item ?? t('exchange.connector.ignored')}
              </Tag>
            ))}
          </Flex>
          {result.unmappedItems.length > 0 && (
            <Flex wrap gap={4} align="center">
              {t('exchange.connector.unmappedItems')}
              {result.unmappedItems.map((name) => (
                <Tag key={name} color="warning">
                  {name}
                </Tag>
              ))}
            </Flex>
          )}
          {result.warnings.map((warning, index) => (
            <Typography.Text key={index} type="warning">
              {warning}
            </Typography.Text>
          ))}
        </Flex>
      }
      data-testid="connector-test-result"
    />
  );
}

interface ConnectorTabProps {
  resource: ExchangeResourceDetail;
  /** The connector changed or ran: refresh the resource's figures. */
  onChanged: () => void;
}

/** The pull connector to the department's front database: settings, test, run now, status and runs. */
export function ConnectorTab({ resource, onChanged }: ConnectorTabProps) {
  const t = useT();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const fetcher = useCallback((signal: AbortSignal) => loadConnector(resource.id, signal), [resource.id]);
  const { data: connector, error, reload } = useQuery(fetcher);
  const [runsRevision, setRunsRevision] = useState(0);
  const refresh = useCallback(() => {
    reload();
    setRunsRevision((n) => n + 1);
  }, [reload]);

  // While a run holds the connector, follow it until it finishes.
  const running = connector?.running ?? false;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(refresh, POLL_MS);
    return () => {
      clearInterval(timer);
      // The run has ended (or the tab closed): the resource's figures may have changed.
      onChanged();
    };
  }, [running, refresh, onChanged]);

  if (connector === undefined) return error ? <ErrorAlert error={error} /> : <Loading />;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={15}>
        <ConnectorForm
          key={connector?.updatedAt ?? 'new'}
          resource={resource}
          connector={connector}
          onSaved={() => {
            refresh();
            onChanged();
          }}
          onRan={(run) => {
            if (run.outcome === 'failed') void message.error(run.error ?? t('exchange.connectorRun.failed'));
            else void message.success(t('exchange.connector.ran', { rows: run.rowsRead.toLocaleString() }));
            refresh();
            onChanged();
          }}
          onFailure={(failure) => void message.error(describe(failure))}
        />
      </Col>
      <Col xs={24} xl={9}>
        <Flex vertical gap="middle">
          <ErrorAlert error={error} />
          <ConnectorStatusCard connector={connector} />
        </Flex>
      </Col>
      {connector && (
        <Col span={24}>
          <Card size="small" title={t('exchange.connector.runs')}>
            <ConnectorRunsTable resourceId={resource.id} revision={runsRevision} />
          </Card>
        </Col>
      )}
    </Row>
  );
}

interface ConnectorFormProps {
  resource: ExchangeResourceDetail;
  connector: Connector | null;
  onSaved: () => void;
  onRan: (run: ConnectorRun) => void;
  onFailure: (error: unknown) => void;
}

function ConnectorForm({ resource, connector, onSaved, onRan, onFailure }: ConnectorFormProps) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<ConnectorFormValues>();
  const [busy, setBusy] = useState<'test' | 'save' | 'run' | 'delete' | null>(null);
  const [tested, setTested] = useState<ConnectorTestResult | null>(null);
  const [testError, setTestError] = useState<unknown>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const source = Form.useWatch('source', form);
  const schedule = Form.useWatch('schedule', form);
  const initialValues = useMemo(() => toFormValues(connector), [connector]);
  const itemOptions = [
    ...resource.items.map(({ name }) => ({ value: name, label: name })),
    { value: '_delete', label: t('exchange.connector.deleteMarker') },
  ];
  const columnOptions = (tested?.columns ?? []).map((column) => ({ value: column }));

  const act = async (kind: 'test' | 'save' | 'run' | 'delete', action: () => Promise<void>) => {
    setBusy(kind);
    try {
      await action();
    } finally {
      setBusy(null);
    }
  };

  const test = () =>
    act('test', async () => {
      setTested(null);
      setTestError(null);
      try {
        setTested(await testConnector(resource.id, toTestInput(form.getFieldsValue())));
      } catch (failure) {
        setTestError(failure);
      }
    });

  const save = () =>
    act('save', async () => {
      setSaveError(null);
      let values: ConnectorFormValues;
      try {
        values = await form.validateFields();
      } catch {
        return;
      }
      try {
        await saveConnector(resource.id, toInput(values));
        void message.success(t('exchange.connector.saved'));
        onSaved();
      } catch (failure) {
        if (!applyFieldErrors(form, failure)) setSaveError(failure);
      }
    });

  const run = () =>
    act('run', async () => {
      try {
        onRan(await runConnector(resource.id));
      } catch (failure) {
        onFailure(failure);
      }
    });

  const remove = () =>
    act('delete', async () => {
      try {
        await deleteConnector(resource.id);
        void message.success(t('exchange.connector.deleted'));
        onSaved();
      } catch (failure) {
        onFailure(failure);
      }
    });

  return (
    <Card size="small" title={t('exchange.connector.settings')}>
      <Form<ConnectorFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        data-testid="connector-form"
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="kind" label={t('exchange.connector.kind')} rules={[{ required: true }]}>
              <Select<ConnectorKind>
                options={[
                  { value: 'postgres', label: 'PostgreSQL' },
                  { value: 'mysql', label: 'MySQL / MariaDB' },
                ]}
                onChange={(kind) => {
                  const port = form.getFieldValue('port') as number | undefined;
                  if (port === undefined || Object.values(DEFAULT_PORTS).includes(port))
                    form.setFieldValue('port', DEFAULT_PORTS[kind]);
                }}
              />
            </Form.Item>
          </Col>
          <Col xs={16} md={10}>
            <Form.Item
              name="host"
              label={t('exchange.connector.host')}
              rules={[{ required: true, whitespace: true, message: t('exchange.connector.required') }]}
            >
              <Input placeholder="10.0.0.12" data-testid="connector-host" />
            </Form.Item>
          </Col>
          <Col xs={8} md={6}>
            <Form.Item
              name="port"
              label={t('exchange.connector.port')}
              rules={[{ required: true, message: t('exchange.connector.required') }]}
            >
              <InputNumber<number> min={1} max={65535} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="database"
              label={t('exchange.connector.database')}
              rules={[{ required: true, whitespace: true, message: t('exchange.connector.required') }]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="username"
              label={t('exchange.connector.username')}
              rules={[{ required: true, whitespace: true, message: t('exchange.connector.required') }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="password"
              label={t('exchange.connector.password')}
              rules={
                connector?.passwordSet ? [] : [{ required: true, message: t('exchange.connector.required') }]
              }
            >
              <Input.Password
                autoComplete="new-password"
                placeholder={connector?.passwordSet ? t('exchange.connector.passwordKept') : undefined}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="source" label={t('exchange.connector.source')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'table', label: t('exchange.connector.sourceTable') },
              { value: 'query', label: t('exchange.connector.sourceQuery') },
            ]}
          />
        </Form.Item>
        {source === 'query' ? (
          <Form.Item
            name="sourceQuery"
            extra={t('exchange.connector.sourceQueryHint')}
            rules={[{ required: true, whitespace: true, message: t('exchange.connector.required') }]}
          >
            <Input.TextArea rows={4} style={{ fontFamily: 'monospace' }} placeholder="SELECT … FROM …" />
          </Form.Item>
        ) : (
          <Form.Item
            name="sourceTable"
            extra={t('exchange.connector.sourceTableHint')}
            rules={[{ required: true, whitespace: true, message: t('exchange.connector.required') }]}
          >
            <Input placeholder="schema.table" />
          </Form.Item>
        )}
        <Form.Item label={t('exchange.connector.columnMap')} extra={t('exchange.connector.columnMapHint')}>
          <Form.List name="columnMap">
            {(fields, { add, remove }) => (
              <Flex vertical gap={8}>
                {fields.map((field) => (
                  <Flex key={field.key} gap={8} align="center">
                    <Form.Item
                      name={[field.name, 'column']}
                      noStyle
                      rules={[
                        { required: true, whitespace: true, message: t('exchange.connector.required') },
                      ]}
                    >
                      <AutoComplete
                        options={columnOptions}
                        placeholder={t('exchange.connector.column')}
                        style={{ flex: 1 }}
                        filterOption={(input, option) => String(option?.value ?? '').includes(input)}
                      />
                    </Form.Item>
                    <span>→</span>
                    <Form.Item
                      name={[field.name, 'item']}
                      noStyle
                      rules={[{ required: true, message: t('exchange.connector.required') }]}
                    >
                      <Select
                        showSearch
                        options={itemOptions}
                        placeholder={t('exchange.connector.item')}
                        style={{ flex: 1 }}
                      />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(field.name)}
                      aria-label={t('exchange.connector.removeMapping')}
                    />
                  </Flex>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({})}
                  style={{ alignSelf: 'flex-start' }}
                >
                  {t('exchange.connector.addMapping')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="incrementalColumn"
              label={t('exchange.connector.incrementalColumn')}
              extra={t('exchange.connector.incrementalColumnHint')}
              rules={[{ required: true, whitespace: true, message: t('exchange.connector.required') }]}
            >
              <AutoComplete options={columnOptions} placeholder="updated_at" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('exchange.connector.schedule')}>
              <Flex gap={8} wrap align="center">
                <Form.Item name="schedule" noStyle>
                  <Radio.Group
                    options={[
                      { value: 'cycle', label: t('exchange.connector.byCycle') },
                      { value: 'interval', label: t('exchange.connector.byInterval') },
                    ]}
                  />
                </Form.Item>
                {schedule === 'interval' && (
                  <Form.Item
                    name="intervalMinutes"
                    noStyle
                    rules={[{ required: true, message: t('exchange.connector.required') }]}
                  >
                    <InputNumber<number>
                      min={1}
                      max={10080}
                      precision={0}
                      suffix={t('exchange.connector.minutes')}
                      style={{ width: 140 }}
                    />
                  </Form.Item>
                )}
              </Flex>
            </Form.Item>
          </Col>
        </Row>
        <Flex gap="large" wrap>
          <Form.Item name="enabled" valuePropName="checked" label={t('exchange.connector.enabled')}>
            <Switch />
          </Form.Item>
          {connector?.highWater && (
            <Form.Item
              name="resetHighWater"
              valuePropName="checked"
              label={t('exchange.connector.highWater')}
            >
              <Checkbox>{t('exchange.connector.resetHighWater')}</Checkbox>
            </Form.Item>
          )}
        </Flex>
      </Form>
      <Flex vertical gap="small">
        <ErrorAlert error={saveError} />
        <TestError error={testError} />
        {tested && <TestResultView result={tested} />}
        <Space wrap>
          <Button
            icon={<ApiOutlined />}
            onClick={() => void test()}
            loading={busy === 'test'}
            disabled={busy !== null}
            data-testid="connector-test"
          >
            {t('exchange.connector.test')}
          </Button>
          <Button
            type="primary"
            icon={<SaveOutlined />}
            onClick={() => void save()}
            loading={busy === 'save'}
            disabled={busy !== null}
            data-testid="connector-save"
          >
            {t('common.save')}
          </Button>
          <Button
            icon={<PlayCircleOutlined />}
            onClick={() => void run()}
            loading={busy === 'run'}
            disabled={!connector || connector.running || busy !== null}
            data-testid="connector-run"
          >
            {t('exchange.connector.run')}
          </Button>
          <Popconfirm
            title={t('exchange.connector.deleteConfirm')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove()}
          >
            <Button
              danger
              icon={<DeleteOutlined />}
              disabled={!connector || busy !== null}
              loading={busy === 'delete'}
              data-testid="connector-delete"
            >
              {t('exchange.connector.delete')}
            </Button>
          </Popconfirm>
        </Space>
      </Flex>
    </Card>
  );
}
