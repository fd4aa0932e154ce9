import { sm3 } from '../../lib/crypto.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields an audit hash covers: everything in the entry except the hashes themselves. */
export interface ChainedFields {
  id: string;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  actorKind: string;
  action: string;
  objectType: string | null;
  objectId: string | null;
  departmentId: string | null;
  ip: string | null;
  requestId: string | null;
  outcome: string;
  details: unknown;
}

/** JSON with object keys sorted at every level, so jsonb's own key order cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** SM3 over the previous entry's hash and this entry's canonical content. */
export function entryHash(prevHash: string, e: ChainedFields): string {
  const body = canonicalJson({
    id: e.id,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorName: e.actorName,
    actorKind: e.actorKind,
    action: e.action,
    objectType: e.objectType,
    objectId: e.objectId,
    departmentId: e.departmentId,
    ip: e.ip,
    requestId: e.requestId,
    outcome: e.outcome,
    details: e.details,
  });
  return sm3(`${prevHash}\n${body}`);
}
