import { Descriptions, Typography } from 'antd';
import { useT } from '../i18n/context';
import { EMPTY } from '../shared/format';
import type { AuditEntry } from '../api/audit';

export function AuditEntryDetails({ entry }: { entry: AuditEntry }) {
  const t = useT();
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      items={[
        {
          key: 'action',
          label: t('audit.actionCode'),
          children: <Typography.Text code>{entry.action}</Typography.Text>,
        },
        { key: 'objectType', label: t('audit.objectType'), children: entry.objectType ?? EMPTY },
        { key: 'objectId', label: t('audit.objectId'), children: entry.objectId ?? EMPTY },
        { key: 'actorKind', label: t('audit.actorKind'), children: entry.actorKind },
        { key: 'departmentId', label: t('audit.departmentId'), children: entry.departmentId ?? EMPTY },
        { key: 'requestId', label: t('audit.requestId'), children: entry.requestId ?? EMPTY },
        {
          key: 'chain',
          label: t('audit.chain'),
          children: t('audit.chainPosition', { shard: entry.shard, seq: entry.seq }),
        },
        {
          key: 'hash',
          label: t('audit.hash'),
          children: (
            <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
              {entry.hash}
            </Typography.Text>
          ),
        },
        {
          key: 'details',
          label: t('audit.details'),
          children: (
            <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
              {JSON.stringify(entry.details, null, 2)}
            </pre>
          ),
        },
      ]}
    />
  );
}
