import { ClockCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { useT, type Translate } from '../i18n/context';
import { formatDateTime } from '../shared/format';
import type { AccessRequest } from '../api/sharing';

/** A file size in B, KB or MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The current time, refreshed every `intervalMs`, for countdowns. */
export function useNow(intervalMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

const HOUR = 3_600_000;

/** "3 天 4 小时" / "5 小时" / "12 分钟": a duration, in the two largest units worth showing. */
export function formatDuration(t: Translate, ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return t('sharing.duration.daysHours', { days, hours });
  if (hours > 0) return t('sharing.duration.hours', { hours });
  return t('sharing.duration.minutes', { minutes: minutes % 60 });
}

export const isOpen = (request: Pick<AccessRequest, 'status'>) =>
  request.status === 'pending' || request.status === 'second_review';

/** How long is left to decide an open request, or how long it has been overdue. */
export function Deadline({ request }: { request: Pick<AccessRequest, 'status' | 'dueAt' | 'overdue'> }) {
  const t = useT();
  const now = useNow();
  if (!isOpen(request)) return <span>{formatDateTime(request.dueAt)}</span>;
  const left = Date.parse(request.dueAt) - now;
  const overdue = request.overdue || left <= 0;
  return (
    <Tooltip title={t('sharing.request.dueAt', { at: formatDateTime(request.dueAt) })}>
      <Tag
        color={overdue ? 'error' : left < 24 * HOUR ? 'warning' : 'default'}
        icon={overdue ? <WarningOutlined /> : <ClockCircleOutlined />}
        data-testid="request-deadline"
        data-overdue={overdue}
      >
        {overdue
          ? t('sharing.request.overdueBy', { duration: formatDuration(t, -left) })
          : t('sharing.request.timeLeft', { duration: formatDuration(t, left) })}
      </Tag>
    </Tooltip>
  );
}
