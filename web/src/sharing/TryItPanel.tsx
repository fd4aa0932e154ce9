import { ApiOutlined, CheckCircleOutlined, CloseCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Result, Segmented, Select, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { ApiError } from '../api/client';
import {
  DATA_OPENAPI_URL,
  listDataResources,
  lookupRecord,
  verifyRecord,
  type DataCatalogEntry,
  type DataLookupResult,
  type Grant,
  type VerifyResult,
} from '../api/sharing';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { useErrorMessage } from '../shared/errors';
import { Loading } from '../shared/Loading';
import { useQuery } from '../shared/useQuery';

type Mode = 'lookup' | 'verify';

type Outcome =
  | { kind: 'lookup'; call: string; result: DataLookupResult }
  | { kind: 'verify'; call: string; result: VerifyResult }
  | { kind: 'error'; call: string; status: number; code: string; message: string };

/** The call as a consumer system would make it, for the user to copy into their own code. */
function describeCall(method: string, path: string, purpose: string, body?: unknown): string {
  const lines = [`${method} ${path}`, `X-Purpose: ${encodeURIComponent(purpose)}`];
  if (body !== undefined) lines.push('', JSON.stringify(body, null, 2));
  return lines.join('\n');
}

function OutcomeView({ outcome }: { outcome: Outcome }) {
  const t = useT();
  const json =
    outcome.kind === 'error'
      ? { error: { code: outcome.code, message: outcome.message } }
      : (outcome.result as unknown);
  return (
    <Flex vertical gap="small" data-testid="try-outcome" data-kind={outcome.kind}>
      {outcome.kind === 'verify' && (
        <Result
          status={outcome.result.match ? 'success' : 'warning'}
          icon={outcome.result.match ? <CheckCircleOutlined /> : <CloseCircleOutlined />}
          title={
            <span data-testid="try-verify-match" data-match={outcome.result.match}>
              {t(outcome.result.match ? 'sharing.try.match' : 'sharing.try.noMatch')}
            </span>
          }
          subTitle={
            outcome.result.match
              ? t(outcome.result.current ? 'sharing.try.current' : 'sharing.try.notCurrent')
              : t('sharing.try.noMatchHint')
          }
          style={{ padding: 16 }}
        />
      )}
      {outcome.kind === 'lookup' && outcome.result.maskedItems.length > 0 && (
        <Alert
          type="info"
          showIcon
          title={t('sharing.try.masked', { items: outcome.result.maskedItems.join('、') })}
        />
      )}
      {outcome.kind === 'error' && (
        <Alert
          type="error"
          showIcon
          title={
            <span data-testid="try-error-code" data-code={outcome.code}>
              HTTP {outcome.status} · {outcome.code}
            </span>
          }
          description={outcome.message}
        />
      )}
      <Typography.Text type="secondary">{t('sharing.try.request')}</Typography.Text>
      <pre style={{ margin: 0, padding: 8, background: 'rgba(0,0,0,0.04)', overflow: 'auto' }}>
        {outcome.call}
      </pre>
      <Typography.Text type="secondary">{t('sharing.try.response')}</Typography.Text>
      <pre
        style={{ margin: 0, padding: 8, background: 'rgba(0,0,0,0.04)', overflow: 'auto', maxHeight: 360 }}
        data-testid="try-result"
      >
        {JSON.stringify(json, null, 2)}
      </pre>
    </Flex>
  );
}

function TryForm({ grant, entry }: { grant: Grant; entry: DataCatalogEntry }) {
  const t = useT();
  const describe = useErrorMessage();
  const keyItems = entry.items.filter((item) => item.isKey).map(({ name }) => name);
  const otherItems = entry.items.filter((item) => !item.isKey).map(({ name }) => name);
  const modes: Mode[] = [
    ...(entry.usageModes.includes('query') ? (['lookup'] as const) : []),
    // Verification discloses less than a lookup: a query grant covers it too (as the server decides).
    ...(entry.usageModes.includes('verify') || entry.usageModes.includes('query')
      ? (['verify'] as const)
      : []),
  ];
  const [mode, setMode] = useState<Mode | undefined>(modes[0]);
  const [keys, setKeys] = useState<Record<string, string>>({});
  const [returnItems, setReturnItems] = useState<string[]>([]);
  const [checkItems, setCheckItems] = useState<string[]>([]);
  const [checkValues, setCheckValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  if (!mode) return <Alert type="info" showIcon title={t('sharing.try.noMode')} />;

  const keyComplete = keyItems.every((name) => (keys[name] ?? '').trim() !== '');
  const run = async () => {
    setBusy(true);
    let call = '';
    try {
      if (mode === 'lookup') {
        const key = keyItems.map((name) => (keys[name] ?? '').trim()).join('|');
        const query = returnItems.length ? `?items=${encodeURIComponent(returnItems.join(','))}` : '';
        call = describeCall(
          'GET',
          `/api/data/${grant.resourceId}/records/${encodeURIComponent(key)}${query}`,
          grant.purpose,
        );
        const result = await lookupRecord(grant.resourceId, key, grant.purpose, returnItems);
        setOutcome({ kind: 'lookup', call, result });
      } else {
        const fields: Record<string, string> = {};
        for (const name of keyItems) fields[name] = (keys[name] ?? '').trim();
        for (const name of checkItems) fields[name] = checkValues[name] ?? '';
        const body = { fields };
        call = describeCall('POST', `/api/data/${grant.resourceId}/verify`, grant.purpose, body);
        const result = await verifyRecord(grant.resourceId, body, grant.purpose);
        setOutcome({ kind: 'verify', call, result });
      }
    } catch (error) {
      setOutcome(
        error instanceof ApiError
          ? { kind: 'error', call, status: error.status, code: error.code, message: describe(error) }
          : { kind: 'error', call, status: 0, code: 'ERROR', message: describe(error) },
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap="middle">
      <Segmented<Mode>
        value={mode}
        onChange={(next) => {
          setMode(next);
          setOutcome(null);
        }}
        options={modes.map((value) => ({ value, label: t(`sharing.try.${value}`) }))}
        data-testid="try-mode"
      />
      <Typography.Text type="secondary">{t(`sharing.try.${mode}.hint`)}</Typography.Text>
      <Form layout="vertical" component="div">
        {keyItems.map((name) => (
          <Form.Item key={name} label={name} required style={{ marginBottom: 12 }}>
            <Input
              value={keys[name] ?? ''}
              onChange={(event) => setKeys({ ...keys, [name]: event.target.value })}
              onPressEnter={() => keyComplete && void run()}
              data-testid="try-key"
              data-item={name}
            />
          </Form.Item>
        ))}
        {mode === 'lookup' ? (
          <Form.Item label={t('sharing.try.returnItems')} style={{ marginBottom: 12 }}>
            <Select<string[]>
              mode="multiple"
              allowClear
              value={returnItems}
              onChange={setReturnItems}
              placeholder={t('sharing.try.allGranted')}
              options={otherItems.map((name) => ({ value: name, label: name }))}
            />
          </Form.Item>
        ) : (
          <>
            <Form.Item label={t('sharing.try.checkItems')} style={{ marginBottom: 12 }}>
              <Select<string[]>
                mode="multiple"
                allowClear
                value={checkItems}
                onChange={setCheckItems}
                placeholder={t('sharing.try.checkItemsPlaceholder')}
                options={otherItems.map((name) => ({ value: name, label: name }))}
                data-testid="try-check-items"
              />
            </Form.Item>
            {checkItems.map((name) => (
              <Form.Item key={name} label={name} style={{ marginBottom: 12 }}>
                <Input
                  value={checkValues[name] ?? ''}
                  onChange={(event) => setCheckValues({ ...checkValues, [name]: event.target.value })}
                  data-testid="try-check-value"
                  data-item={name}
                />
              </Form.Item>
            ))}
          </>
        )}
      </Form>
      <Flex gap="middle" align="center" wrap>
        <Button
          type="primary"
          icon={<ApiOutlined />}
          loading={busy}
          disabled={!keyComplete}
          onClick={() => void run()}
          data-testid="try-run"
        >
          {t('sharing.try.run')}
        </Button>
        <Typography.Text type="secondary">
          {t('sharing.try.purposeNote')} <Tag>{grant.purpose}</Tag>
        </Typography.Text>
      </Flex>
      {outcome && <OutcomeView outcome={outcome} />}
    </Flex>
  );
}

/**
 * 调用测试: calls the data service API as the grant's holder, with the grant's purpose, and shows exactly what
 * comes back (masked items masked), so that the consumer sees what its systems will get.
 */
export function TryItPanel({ grant }: { grant: Grant }) {
  const t = useT();
  const fetcher = useCallback((signal: AbortSignal) => listDataResources(signal), []);
  const { data, error, loading } = useQuery(fetcher);
  const entry = data?.find((e) => e.grantId === grant.id);

  return (
    <Card
      size="small"
      title={t('sharing.try.title')}
      extra={
        <Typography.Link href={DATA_OPENAPI_URL} target="_blank" rel="noopener">
          {t('sharing.try.openapi')}
        </Typography.Link>
      }
      data-testid="try-panel"
    >
      {loading && !data ? (
        <Loading />
      ) : error ? (
        <Flex vertical gap="small">
          <Typography.Text type="secondary">{t('sharing.try.unavailable')}</Typography.Text>
          <ErrorAlert error={error} />
        </Flex>
      ) : entry ? (
        <TryForm grant={grant} entry={entry} />
      ) : (
        <Alert type="warning" showIcon title={t('sharing.try.notUsable')} />
      )}
    </Card>
  );
}
