import { Card, Empty, Flex, Table, Tag, Typography, theme, type TableColumnsType } from 'antd';
import { useT } from '../i18n/context';
import { formatDateTime } from '../shared/format';
import { useDiffValue, useFieldLabel } from './diffValue';
import { StatusTag } from './StatusTag';
import type { FieldChange, ItemChange, Version } from '../api/catalog';

const CHANGE_COLORS: Record<ItemChange['change'], string> = {
  added: 'green',
  removed: 'red',
  changed: 'blue',
};

/** Field-by-field changes as a table: field, before → after. */
function ChangesTable({ changes, item = false }: { changes: FieldChange[]; item?: boolean }) {
  const t = useT();
  const { token } = theme.useToken();
  const fieldLabel = useFieldLabel();
  const value = useDiffValue();
  const columns: TableColumnsType<FieldChange> = [
    {
      title: t('catalog.diff.field'),
      dataIndex: 'field',
      width: 160,
      render: (f: string) => fieldLabel(f, item),
    },
    {
      title: t('catalog.diff.before'),
      dataIndex: 'before',
      onCell: () => ({ style: { background: token.colorErrorBg } }),
      render: (_, change) => value(change.field, change.before),
    },
    {
      title: t('catalog.diff.after'),
      dataIndex: 'after',
      onCell: () => ({ style: { background: token.colorSuccessBg } }),
      render: (_, change) => value(change.field, change.after),
    },
  ];
  return (
    <Table<FieldChange>
      rowKey="field"
      size="small"
      columns={columns}
      dataSource={changes}
      pagination={false}
    />
  );
}

function ItemChangesTable({ changes }: { changes: ItemChange[] }) {
  const t = useT();
  const columns: TableColumnsType<ItemChange> = [
    { title: t('catalog.item.name'), dataIndex: 'name', width: 200 },
    {
      title: t('catalog.diff.change'),
      dataIndex: 'change',
      width: 100,
      render: (_, { change }) => <Tag color={CHANGE_COLORS[change]}>{t(`catalog.diff.${change}`)}</Tag>,
    },
    {
      title: t('catalog.diff.details'),
      key: 'fields',
      render: (_, { fields }) => (fields.length > 0 ? <ChangesTable changes={fields} item /> : null),
    },
  ];
  return (
    <Table<ItemChange>
      rowKey={(change) => `${change.change}:${change.name}`}
      size="small"
      columns={columns}
      dataSource={changes}
      pagination={false}
    />
  );
}

function VersionCard({ version: v, first }: { version: Version; first: boolean }) {
  const t = useT();
  const unchanged = v.changes.length === 0 && v.itemChanges.length === 0;
  return (
    <Card
      size="small"
      data-testid={`version-${v.version}`}
      title={
        <Flex gap="small" align="center" wrap>
          {t('catalog.versionNumber', { version: v.version })}
          <StatusTag status={v.status} />
        </Flex>
      }
      extra={
        <Typography.Text type="secondary">
          {t('catalog.versions.created', {
            at: formatDateTime(v.createdAt),
            by: v.createdByName ?? t('catalog.unknownActor'),
          })}
          {v.publishedAt && ` · ${t('catalog.versions.published', { at: formatDateTime(v.publishedAt) })}`}
        </Typography.Text>
      }
    >
      {unchanged ? (
        <Typography.Text type="secondary">
          {first ? t('catalog.versions.initial') : t('catalog.versions.noChanges')}
        </Typography.Text>
      ) : (
        <Flex vertical gap="middle">
          {v.changes.length > 0 && (
            <div data-testid={`version-${v.version}-changes`}>
              <ChangesTable changes={v.changes} />
            </div>
          )}
          {v.itemChanges.length > 0 && (
            <Flex vertical gap="small" data-testid={`version-${v.version}-item-changes`}>
              <Typography.Text strong>{t('catalog.versions.itemChanges')}</Typography.Text>
              <ItemChangesTable changes={v.itemChanges} />
            </Flex>
          )}
        </Flex>
      )}
    </Card>
  );
}

/** Every version, newest first, each with what changed since the one before it. */
export function VersionsTab({ versions }: { versions: Version[] }) {
  if (versions.length === 0) return <Empty />;
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  const oldest = sorted[sorted.length - 1]?.version;
  return (
    <Flex vertical gap="middle" data-testid="resource-versions">
      {sorted.map((version) => (
        <VersionCard key={version.version} version={version} first={version.version === oldest} />
      ))}
    </Flex>
  );
}
