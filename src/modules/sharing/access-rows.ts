import { sm3 } from '../../lib/crypto.ts';
import { canonicalJson, type Actor, type AuditEvent } from '../audit/index.ts';
import { LIST_SEP, type AccessRow } from './access-repo.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A call's access row from what its audit entry used to say: the fields the usage pages filter and show become
 * columns, the key values become their HMAC-SM3 digests (`digestKeys`), the rest stays in `details`.
 */
export function accessRow(
  actor: Actor,
  event: AuditEvent,
  id: string,
  at: Date,
  records: number,
  digestKeys: (keys: unknown) => string[],
): AccessRow {
  const details: Record<string, unknown> = { ...(event.details ?? {}) };
  const take = (k: string): unknown => {
    const v = details[k];
    delete details[k];
    return v;
  };
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  const list = (v: unknown) =>
    Array.isArray(v) ? v.map((x) => String(x).replaceAll(LIST_SEP, ' ')) : ([] as string[]);
  // A column typed uuid takes only a uuid; anything else stays in details as it came.
  const uuid = (k: string, v: unknown) => {
    if (typeof v === 'string' && UUID.test(v)) return v.toLowerCase();
    if (v !== undefined && v !== null) details[k] = v;
    return null;
  };
  const keys = take('keys');
  const keyCount = take('keyCount');
  const recorded = take('records');
  const keyDigests = keys === undefined ? [] : digestKeys(keys);
  return {
    id,
    at,
    action: event.action,
    outcome: event.outcome,
    code: text(take('code')),
    actor_id: actor.id,
    actor_name: actor.name,
    actor_kind: actor.kind,
    ip: actor.ip,
    request_id: actor.requestId,
    api_key_id: text(take('apiKeyId')),
    resource_id: event.objectId ?? '',
    provider_department_id: uuid('providerDepartmentId', take('providerDepartmentId')),
    consumer_department_id: uuid('departmentId', event.departmentId),
    grant_id: uuid('grantId', take('grantId')),
    purpose: text(take('purpose')),
    key_digests: keyDigests,
    key_count:
      typeof keyCount === 'number' ? keyCount : Array.isArray(keys) ? keys.length : keyDigests.length,
    items: list(take('items')),
    masked_items: list(take('maskedItems')),
    records: typeof recorded === 'number' ? recorded : records,
    details,
  };
}

/**
 * SM3 over the group's rows in id order, each as canonical JSON of its stored values: what the batch's audit entry
 * carries and what verification recomputes from the table.
 */
export function accessDigest(rows: readonly AccessRow[]): string {
  const lines = [...rows]
    .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
    .map((r) =>
      canonicalJson({
        ...r,
        id: String(r.id),
        at: r.at.toISOString(),
        key_count: Number(r.key_count),
        records: Number(r.records),
      }),
    );
  return sm3(lines.join('\n'));
}
