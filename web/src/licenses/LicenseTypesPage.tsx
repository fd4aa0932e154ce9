import { Table, Tag, type TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { listLicenseTypes, type LicenseType } from '../api/licenses';
import { useT } from '../i18n/context';
import { ErrorAlert } from '../shared/ErrorAlert';
import { Page } from '../shared/Page';
import { useQuery } from '../shared/useQuery';
import { HOLDER_KIND_LABEL } from './labels';

/** 证照类型: what each kind of license holds, who issues it and for how long. */
export default function LicenseTypesPage() {
  const t = useT();
  const { data, error, loading } = useQuery(listLicenseTypes);
  const columns: TableColumnsType<LicenseType> = [
    { title: t('licenses.type.name'), dataIndex: 'name', render: (name: string) => <strong>{name}</strong> },
    { title: t('licenses.type.code'), dataIndex: 'code', render: (code: string) => <code>{code}</code> },
    { title: t('licenses.type.ministry'), dataIndex: 'ministryName' },
    { title: t('licenses.issuer'), dataIndex: 'departmentName' },
    {
      title: t('licenses.holderKind'),
      dataIndex: 'holderKind',
      render: (k: LicenseType['holderKind']) => t(HOLDER_KIND_LABEL[k]),
    },
    {
      title: t('licenses.type.validity'),
      dataIndex: 'validityYears',
      render: (y: number | null) =>
        y === null ? t('licenses.type.permanent') : t('licenses.type.years', { years: y }),
    },
    {
      title: t('licenses.type.count'),
      dataIndex: 'licenses',
      align: 'right',
      render: (n: number, type) => <Link to={`/registries/licenses?type=${type.code}`}>{n}</Link>,
    },
  ];
  return (
    <Page title={t('licenses.types.title')}>
      {error ? <ErrorAlert error={error} /> : null}
      <Table<LicenseType>
        rowKey="code"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="license-types"
        expandable={{
          expandedRowRender: (type) =>
            type.fields.map((f) => (
              <Tag key={f.name} color={f.tag ? 'gold' : undefined}>
                {f.name} · {f.dataType}
                {f.required ? ' *' : ''}
                {f.tag ? ` · ${t('licenses.field.personal')}` : ''}
              </Tag>
            )),
        }}
      />
    </Page>
  );
}
