import { FilePdfOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Empty,
  Flex,
  Select,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { DepartmentSelect } from '../admin/DepartmentSelect';
import {
  agreementFileUrl,
  getAgreementCoverage,
  listAgreements,
  revokeAgreement,
  AGREEMENT_STATES,
  type Agreement,
  type AgreementCoverage,
  type AgreementState,
} from '../api/sharing';
import { useAccess } from '../auth/access';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { EMPTY, formatDate, formatDateTime } from '../shared/format';
import { Page } from '../shared/Page';
import { useQuery } from '../shared/useQuery';
import { AgreementUploadModal } from './AgreementUploadModal';
import { ReasonModal } from './ReasonModal';
import { useSharingAccess } from './sharingAccess';
import { AgreementStateTag } from './tags';
import { formatBytes } from './values';

function AgreementsList({ revision, onRevoke }: { revision: number; onRevoke: (a: Agreement) => void }) {
  const t = useT();
  const { can } = useAccess();
  const { cityWide } = useSharingAccess();
  const [state, setState] = useState<AgreementState | undefined>();
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  // `revision` changes after an upload or a revocation: a new fetcher, so the list reloads.
  const fetcher = useCallback(
    (signal: AbortSignal) => {
      void revision;
      return listAgreements({ state, departmentId }, signal);
    },
    [state, departmentId, revision],
  );
  const { data, error, loading, reload } = useQuery(fetcher);

  const columns: TableColumnsType<Agreement> = [
    { title: t('sharing.agreement.department'), dataIndex: 'departmentName' },
    {
      title: t('sharing.agreement.titleField'),
      dataIndex: 'title',
      render: (title: string, a) => (
        <Flex vertical>
          <span>{title}</span>
          <Typography.Text
            type="secondary"
            style={{ fontSize: 12, maxWidth: 320 }}
            ellipsis={{ tooltip: a.parties }}
          >
            {a.parties}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('sharing.agreement.signedOn'), dataIndex: 'signedOn', render: formatDate },
    {
      title: t('sharing.agreement.validity'),
      key: 'validity',
      render: (_, a) => `${formatDate(a.validFrom)} – ${formatDate(a.validTo)}`,
    },
    {
      title: t('sharing.agreement.state'),
      dataIndex: 'state',
      render: (_, a) =>
        a.revokedAt ? (
          <Flex vertical gap={2}>
            <span>
              <AgreementStateTag state={a.state} />
            </span>
            <Typography.Text
              type="secondary"
              style={{ fontSize: 12, maxWidth: 200 }}
              ellipsis={{ tooltip: a.revokeReason }}
            >
              {formatDateTime(a.revokedAt)} {a.revokeReason}
            </Typography.Text>
          </Flex>
        ) : (
          <AgreementStateTag state={a.state} />
        ),
    },
    {
      title: t('sharing.agreement.file'),
      dataIndex: 'fileName',
      render: (_, a) => (
        <Flex vertical>
          <Typography.Link
            href={agreementFileUrl(a.id)}
            target="_blank"
            rel="noopener"
            data-testid="agreement-file"
          >
            <FilePdfOutlined /> {a.fileName}
          </Typography.Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} copyable={{ text: a.fileSm3 }}>
            {formatBytes(a.fileSize)} · SM3 {a.fileSm3.slice(0, 12)}…
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      render: (_, a) => (
        <Flex vertical>
          <span>{formatDateTime(a.createdAt)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {a.createdBy ?? EMPTY}
          </Typography.Text>
        </Flex>
      ),
    },
  ];
  if (can.manageAgreements) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, a) =>
        a.state !== 'revoked' ? (
          <Button type="link" size="small" danger onClick={() => onRevoke(a)} data-testid="agreement-revoke">
            {t('sharing.agreement.revoke')}
          </Button>
        ) : null,
    });
  }

  return (
    <Flex vertical gap="middle">
      <Flex gap="middle" wrap justify="space-between">
        <Flex gap="middle" wrap>
          {cityWide && (
            <DepartmentSelect
              value={departmentId}
              onChange={(value) => setDepartmentId(value ?? undefined)}
              style={{ width: 240 }}
              placeholder={t('sharing.allDepartments')}
              data-testid="agreements-department-filter"
            />
          )}
          <Select<AgreementState>
            allowClear
            placeholder={t('sharing.agreement.allStates')}
            value={state}
            onChange={setState}
            style={{ width: 160 }}
            options={AGREEMENT_STATES.map((value) => ({
              value,
              label: t(`sharing.agreementState.${value}`),
            }))}
          />
        </Flex>
        <Button icon={<ReloadOutlined />} onClick={reload}>
          {t('sharing.refresh')}
        </Button>
      </Flex>
      {!cityWide && <Typography.Text type="secondary">{t('sharing.agreement.ownOnly')}</Typography.Text>}
      <ErrorAlert error={error} />
      <Table<Agreement>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data}
        loading={loading}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sharing.agreement.empty')} />
          ),
        }}
        data-testid="agreements-table"
      />
    </Flex>
  );
}

/** Every department: whether it has an agreement in force (without one its grants are suspended). */
function CoverageTable({ revision }: { revision: number }) {
  const t = useT();
  const [uncoveredOnly, setUncoveredOnly] = useState(false);
  // Reloaded with the list (`revision`): an upload or a revocation changes who is covered.
  const fetcher = useCallback(
    (signal: AbortSignal) => {
      void revision;
      return getAgreementCoverage(signal);
    },
    [revision],
  );
  const { data, error, loading } = useQuery(fetcher);
  const rows = useMemo(
    () =>
      (data ?? [])
        .filter((c) => !uncoveredOnly || c.inForceUntil === null)
        // Departments without an agreement first, then the ones whose agreement ends soonest.
        .sort((a, b) => (a.inForceUntil ?? '').localeCompare(b.inForceUntil ?? '')),
    [data, uncoveredOnly],
  );
  const uncovered = (data ?? []).filter((c) => c.inForceUntil === null).length;

  const columns: TableColumnsType<AgreementCoverage> = [
    { title: t('sharing.agreement.department'), dataIndex: 'departmentName' },
    {
      title: t('sharing.coverage.inForce'),
      dataIndex: 'inForceUntil',
      render: (until: string | null) =>
        until ? (
          <Tag color="success" data-testid="coverage-state" data-covered="true">
            {t('sharing.coverage.until', { date: formatDate(until) })}
          </Tag>
        ) : (
          <Tag color="error" data-testid="coverage-state" data-covered="false">
            {t('sharing.coverage.none')}
          </Tag>
        ),
    },
    {
      title: t('sharing.coverage.lastExpired'),
      dataIndex: 'lastExpiredOn',
      render: (day: string | null) => formatDate(day),
    },
  ];

  return (
    <Flex vertical gap="middle">
      <Flex gap="middle" align="center" wrap>
        <Typography.Text>
          {t('sharing.coverage.summary', { total: data?.length ?? 0, uncovered })}
        </Typography.Text>
        <Switch checked={uncoveredOnly} onChange={setUncoveredOnly} data-testid="coverage-uncovered-only" />
        <Typography.Text>{t('sharing.coverage.uncoveredOnly')}</Typography.Text>
      </Flex>
      <ErrorAlert error={error} />
      <Table<AgreementCoverage>
        rowKey="departmentId"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        data-testid="coverage-table"
      />
    </Flex>
  );
}

/** 安全保密协议: the operator files signed agreements; departments see their own. */
export default function AgreementsPage() {
  const t = useT();
  const { can } = useAccess();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<{ kind: 'upload' } | { kind: 'revoke'; agreement: Agreement } | null>(
    null,
  );
  const [revision, setRevision] = useState(0);
  const changed = () => setRevision((r) => r + 1);

  const list = (
    <AgreementsList revision={revision} onRevoke={(agreement) => setDialog({ kind: 'revoke', agreement })} />
  );

  return (
    <Page
      title={t('sharing.agreements.title')}
      extra={
        can.manageAgreements && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setDialog({ kind: 'upload' })}
            data-testid="agreement-upload"
          >
            {t('sharing.agreement.upload')}
          </Button>
        )
      }
    >
      <Card>
        {can.manageAgreements ? (
          <Tabs
            items={[
              { key: 'list', label: t('sharing.agreements.tab.list'), children: list },
              {
                key: 'coverage',
                label: (
                  <span data-testid="agreements-tab-coverage">{t('sharing.agreements.tab.coverage')}</span>
                ),
                children: <CoverageTable revision={revision} />,
              },
            ]}
          />
        ) : (
          list
        )}
      </Card>
      {dialog?.kind === 'upload' && (
        <AgreementUploadModal
          onClose={() => setDialog(null)}
          onUploaded={(agreement) => {
            setDialog(null);
            void message.success(t('sharing.agreement.uploaded', { department: agreement.departmentName }));
            changed();
          }}
        />
      )}
      {dialog?.kind === 'revoke' && (
        <ReasonModal
          title={t('sharing.agreement.revokeTitle', { department: dialog.agreement.departmentName })}
          warning={t('sharing.agreement.revokeWarning')}
          submitText={t('sharing.agreement.revoke')}
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => {
            await revokeAgreement(dialog.agreement.id, reason);
            void message.success(t('sharing.agreement.revoked'));
            setDialog(null);
            changed();
          }}
        />
      )}
    </Page>
  );
}
