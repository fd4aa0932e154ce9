import { Descriptions, Typography } from 'antd';
import type { AuditEntry } from '../api/types';
import { useT } from '../i18n/context';
import { EMPTY } from '../shared/format';

export function AuditEntryDetails({ entry }: { entry: AuditEntry }) {
  const t = useT();
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      items={[
        { key: 'objectId', label: t('audit.objectId'), children: entry.objectId ?? EMPTY },
        { key: 'actorKind', label: t('audit.actorKind'), children: entry.actorKind ?? EMPTY },
        { key: 'departmentId', label: t('audit.departmentId'), children: entry.departmentId ?? EMPTY },
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
