import { ClockCircleOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useT } from '../i18n/context';
import { useTerms } from './vocabulary';
import type { ResourceStatus, VersionStatus } from '../api/catalog';

const COLORS: Record<VersionStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  approved: 'cyan',
  published: 'success',
  retired: 'warning',
  superseded: 'default',
  rejected: 'error',
};

const RESOURCE_STATUSES: ReadonlySet<string> = new Set<ResourceStatus>([
  'draft',
  'submitted',
  'approved',
  'published',
  'retired',
]);

/** A resource's or a version's status; resource statuses are labelled from the vocabulary. */
export function StatusTag({ status, testId = 'status-tag' }: { status: VersionStatus; testId?: string }) {
  const t = useT();
  const { label, vocabulary } = useTerms();
  const text =
    vocabulary && RESOURCE_STATUSES.has(status)
      ? label('statuses', status)
      : t(`catalog.versionStatus.${status}`);
  return (
    <Tag color={COLORS[status]} data-testid={testId} data-status={status}>
      {text}
    </Tag>
  );
}

/** Marks a resource whose data is older than its update cycle allows. */
export function OverdueTag() {
  const t = useT();
  return (
    <Tooltip title={t('catalog.overdueHint')}>
      <Tag color="error" icon={<ClockCircleOutlined />} data-testid="resource-overdue">
        {t('catalog.overdue')}
      </Tag>
    </Tooltip>
  );
}
