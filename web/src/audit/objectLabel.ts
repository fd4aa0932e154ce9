import type { AuditEntry } from '../api/types';

/**
 * What an entry acted on, readable: `user:alice`, `department:市大数据管理局`.
 * The name comes from the details the server recorded (username or name), else the object id.
 */
export function objectLabel({ objectType, objectId, details }: AuditEntry): string | null {
  const named = [details.username, details.name].find((value) => typeof value === 'string' && value !== '');
  const label = typeof named === 'string' ? named : objectId;
  const parts = [objectType, label].filter((part) => part !== null && part !== '');
  return parts.length > 0 ? parts.join(':') : null;
}
