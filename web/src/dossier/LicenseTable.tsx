import { Empty, Table, type TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import type { LicenseStatus, LicenseSummary } from '../api/licenses';
import { useAccess } from '../auth/access';
import { useT } from '../i18n/context';
import { formatDate } from '../shared/format';
import { LicenseStatusTag } from '../licenses/StatusTag';

/**
 * A subject's e-licenses. The name opens the license's page for staff who may read licenses; for anyone else (the
 * citizen's own licenses) the public verification page, which every license's QR code opens too.
 */
export function LicenseTable({ licenses, testId }: { licenses: LicenseSummary[]; testId: string }) {
  const t = useT();
  const { can } = useAccess();
  const path = (id: string) =>
    can.viewLicenses
      ? `/registries/licenses/view?id=${encodeURIComponent(id)}`
      : `/verify/licenses?id=${encodeURIComponent(id)}`;
  const columns: TableColumnsType<LicenseSummary> = [
    {
      title: t('licenses.name'),
      dataIndex: 'name',
      render: (name: string, l) => (
        <Link to={path(l.licenseId)} data-testid="dossier-license-link">
          {name}
        </Link>
      ),
    },
    { title: t('licenses.number'), dataIndex: 'number' },
    { title: t('dossier.license.issuer'), dataIndex: 'issuerName' },
    {
      title: t('licenses.validUntil'),
      dataIndex: 'validUntil',
      render: (d: string | null) => (d ? formatDate(d) : t('licenses.type.permanent')),
    },
    {
      title: t('licenses.statusLabel'),
      dataIndex: 'status',
      render: (s: LicenseStatus) => <LicenseStatusTag status={s} />,
    },
  ];
  return (
    <Table<LicenseSummary>
      rowKey="licenseId"
      size="small"
      columns={columns}
      dataSource={licenses}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty description={t('dossier.license.none')} /> }}
      data-testid={testId}
    />
  );
}
