import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Row,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
  type DescriptionsProps,
  type TimelineProps,
} from 'antd';
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  changeLicenseStatus,
  getLicense,
  getLicenseQr,
  listLicenseUses,
  recordLicenseUse,
  type LicenseDetail,
  type LicenseUse,
  type StatusAction,
} from '../api/licenses';
import { useAccess } from '../auth/access';
import { useT } from '../i18n/context';
import type { MessageKey } from '../i18n/zh';
import { ErrorAlert } from '../shared/ErrorAlert';
import { FormModal } from '../shared/FormModal';
import { formatDate, formatDateTime } from '../shared/format';
import { Loading } from '../shared/Loading';
import { Page } from '../shared/Page';
import { useQuery } from '../shared/useQuery';
import { HOLDER_KIND_LABEL } from './labels';
import { LicenseStatusTag } from './StatusTag';

const ACTION_LABEL: Record<LicenseDetail['history'][number]['action'], MessageKey> = {
  issue: 'licenses.act.issue',
  suspend: 'licenses.act.suspend',
  revoke: 'licenses.act.revoke',
  restore: 'licenses.act.restore',
};

/** Which status acts the issuing department's steward is offered, by the license's status. */
const ACTS: Record<LicenseDetail['status'], StatusAction[]> = {
  valid: ['suspend', 'revoke'],
  suspended: ['restore', 'revoke'],
  expired: [],
  revoked: [],
};

/** One license: its data, status history, seal, QR code and the departments that used it. */
export default function LicensePage() {
  const t = useT();
  // In the query, not the path: the identifier's dotted last part would read as a file extension to the server.
  const [params] = useSearchParams();
  const licenseId = params.get('id') ?? '';
  const access = useAccess();
  const [version, setVersion] = useState(0);
  const [acting, setActing] = useState<StatusAction | 'use' | null>(null);
  const fetchLicense = useCallback(
    (signal: AbortSignal) => getLicense(licenseId, signal),
    // version: read again after an act
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [licenseId, version],
  );
  const license = useQuery(fetchLicense);
  const qr = useQuery(useCallback((signal: AbortSignal) => getLicenseQr(licenseId, signal), [licenseId]));
  const uses = useQuery(
    // eslint-disable-next-line react-hooks/exhaustive-deps
    useCallback((signal: AbortSignal) => listLicenseUses(licenseId, signal), [licenseId, version]),
  );

  if (license.error) return <ErrorAlert error={license.error} />;
  const l = license.data;
  if (!l) return <Loading />;

  const items: DescriptionsProps['items'] = [
    { key: 'name', label: t('licenses.name'), children: l.name },
    { key: 'type', label: t('licenses.type.code'), children: <code>{l.typeCode}</code> },
    { key: 'number', label: t('licenses.number'), children: l.number },
    {
      key: 'id',
      label: t('licenses.id'),
      children: <code style={{ wordBreak: 'break-all' }}>{l.licenseId}</code>,
    },
    { key: 'holder', label: t('licenses.holder'), children: l.holderName },
    {
      key: 'holderCode',
      label: `${t('licenses.holderCode')}（${t(HOLDER_KIND_LABEL[l.holderKind])}）`,
      children: <code>{l.holderCode}</code>,
    },
    { key: 'issuer', label: t('licenses.issuer'), children: `${l.issuerName}（${l.issuerCode}）` },
    { key: 'issuedOn', label: t('licenses.issuedOn'), children: formatDate(l.issuedOn) },
    {
      key: 'validity',
      label: t('licenses.validity'),
      children: `${formatDate(l.validFrom)} — ${l.validUntil ? formatDate(l.validUntil) : t('licenses.type.permanent')}`,
    },
    { key: 'version', label: t('licenses.version'), children: String(l.version).padStart(3, '0') },
    {
      key: 'status',
      label: t('licenses.statusLabel'),
      children: (
        <Space>
          <LicenseStatusTag status={l.status} />
          {l.statusReason ? <Typography.Text type="secondary">{l.statusReason}</Typography.Text> : null}
        </Space>
      ),
    },
    ...l.fields.map((f) => ({
      key: `field:${f.name}`,
      label: f.name,
      children: l.data[f.name] === undefined ? '—' : String(l.data[f.name]),
    })),
  ];

  const history: TimelineProps['items'] = l.history.map((e, i) => ({
    key: i,
    color: e.action === 'revoke' ? 'red' : e.action === 'suspend' ? 'orange' : 'green',
    title: formatDateTime(e.at),
    content: (
      <Flex vertical gap={2} data-testid="license-event">
        <span>
          <Typography.Text strong>{e.actorName ?? '—'}</Typography.Text> {t(ACTION_LABEL[e.action])}
        </span>
        {e.reason ? <Typography.Text type="secondary">{e.reason}</Typography.Text> : null}
      </Flex>
    ),
  }));

  const act = async (action: StatusAction | 'use', reason: string) => {
    if (action === 'use') await recordLicenseUse(l.licenseId, reason);
    else await changeLicenseStatus(l.licenseId, action, reason);
    setActing(null);
    setVersion((v) => v + 1);
  };

  return (
    <Page
      title={l.name}
      extra={
        <Space wrap>
          {l.clear
            ? ACTS[l.status].map((a) => (
                <Button
                  key={a}
                  danger={a === 'revoke'}
                  onClick={() => setActing(a)}
                  data-testid={`license-${a}`}
                >
                  {t(ACTION_LABEL[a])}
                </Button>
              ))
            : null}
          {access.can.useLicenses ? (
            <Button type="primary" onClick={() => setActing('use')} data-testid="license-use">
              {t('licenses.use.button')}
            </Button>
          ) : null}
        </Space>
      }
    >
      {!l.clear ? <Alert type="info" showIcon title={t('licenses.masked')} /> : null}
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        styles={{ label: { whiteSpace: 'nowrap' } }}
        items={items}
        data-testid="license-details"
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('licenses.history')} size="small">
            <Timeline items={history} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('licenses.qr')} size="small">
            <Flex gap="middle" align="center" wrap>
              {qr.data ? (
                <img
                  src={`data:image/svg+xml;utf8,${encodeURIComponent(qr.data.svg)}`}
                  alt={t('licenses.qr')}
                  width={160}
                  height={160}
                  data-testid="license-qr"
                />
              ) : null}
              <Typography.Paragraph
                copyable={{ text: l.verifyUrl }}
                style={{ margin: 0, wordBreak: 'break-all' }}
              >
                <a href={l.verifyUrl} target="_blank" rel="noreferrer">
                  {t('licenses.verifyLink')}
                </a>
              </Typography.Paragraph>
            </Flex>
          </Card>
        </Col>
      </Row>
      <Card title={t('licenses.seal')} size="small" data-testid="license-seal">
        <Flex vertical gap="small">
          <Space wrap>
            <Tag color={l.seal.verified ? 'green' : 'red'}>
              {l.seal.verified ? t('licenses.seal.verified') : t('licenses.seal.broken')}
            </Tag>
            <Tag color={l.seal.contentIntact ? 'green' : 'red'}>
              {l.seal.contentIntact ? t('licenses.seal.intact') : t('licenses.seal.altered')}
            </Tag>
            <Typography.Text type="secondary">
              {l.seal.algorithm} · userId {l.seal.userId}
            </Typography.Text>
          </Space>
          <Typography.Text strong>{t('licenses.seal.publicKey')}</Typography.Text>
          <Typography.Paragraph copyable code style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {l.seal.publicKeyPem}
          </Typography.Paragraph>
          <Typography.Text strong>{t('licenses.seal.signature')}</Typography.Text>
          <Typography.Paragraph copyable code style={{ wordBreak: 'break-all', margin: 0 }}>
            {l.seal.signature}
          </Typography.Paragraph>
          <Typography.Text strong>{t('licenses.seal.payload')}</Typography.Text>
          <Typography.Paragraph code style={{ wordBreak: 'break-all', margin: 0 }}>
            {decodePayload(l.seal.payload)}
          </Typography.Paragraph>
        </Flex>
      </Card>
      <Card title={t('licenses.uses')} size="small">
        {uses.error ? <ErrorAlert error={uses.error} /> : null}
        <Table<LicenseUse>
          rowKey="id"
          size="small"
          loading={uses.loading}
          dataSource={uses.data ?? []}
          pagination={false}
          locale={{ emptyText: <Empty description={t('licenses.uses.none')} /> }}
          columns={[
            { title: t('licenses.uses.at'), dataIndex: 'at', render: (d: string) => formatDateTime(d) },
            { title: t('licenses.uses.department'), dataIndex: 'departmentName' },
            { title: t('licenses.uses.actor'), dataIndex: 'actorName' },
            { title: t('licenses.uses.reason'), dataIndex: 'reason' },
          ]}
          data-testid="license-uses"
        />
      </Card>
      {acting ? (
        <FormModal<{ reason: string }>
          title={acting === 'use' ? t('licenses.use.button') : t(ACTION_LABEL[acting])}
          onClose={() => setActing(null)}
          onSubmit={({ reason }) => act(acting, reason)}
          submitTestId="license-act-submit"
        >
          <Form.Item
            name="reason"
            label={acting === 'use' ? t('licenses.use.reason') : t('licenses.reason')}
            rules={[{ required: true, message: t('licenses.reason.required') }]}
          >
            <Input.TextArea rows={3} maxLength={500} data-testid="license-reason" />
          </Form.Item>
        </FormModal>
      ) : null}
    </Page>
  );
}

/** The signed bytes as text (UTF-8), for a person to read what the seal covers. */
function decodePayload(b64: string): string {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
