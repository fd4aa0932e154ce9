import type { Dayjs } from 'dayjs';
import type { AuditOutcome, AuditQuery } from '../api/audit';

/** The audit filter form's values, as antd hands them over. */
export interface AuditFilterValues {
  actor?: string;
  action?: string;
  objectType?: string;
  objectId?: string;
  outcome?: AuditOutcome;
  range?: [Dayjs | null, Dayjs | null] | null;
  /** Show routine system work too (a connector's ingest every minute, webhook deliveries); off by default. */
  showRoutine?: boolean;
}

const text = (value: string | undefined) => value?.trim() || undefined;

export function toAuditQuery({
  actor,
  action,
  objectType,
  objectId,
  outcome,
  range,
  showRoutine,
}: AuditFilterValues): AuditQuery {
  return {
    actor: text(actor),
    action,
    objectType: text(objectType),
    objectId: text(objectId),
    outcome,
    from: range?.[0]?.toISOString(),
    to: range?.[1]?.toISOString(),
    hideRoutine: !showRoutine,
  };
}
