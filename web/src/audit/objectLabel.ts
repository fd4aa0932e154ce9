import type { AuditEntry } from '../api/audit';

/**
 * What an entry acted on, readable: the object's name as the server resolved it (a department, a user, a resource
 * …) or as the entry recorded it, else its id.
 */
export function objectLabel({ objectName, objectId }: AuditEntry): string | null {
  return objectName ?? objectId;
}
