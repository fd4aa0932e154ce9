import type { Db, Queryable } from '../../db/index.ts';
import { entryHash, GENESIS_HASH } from './chain.ts';
import { auditRepo, type AuditFilter, type AuditRow } from './repo.ts';

import type { AuditEntry, ChainReport, Outcome } from './schema.ts';

export type { AuditEntry, ChainReport, Outcome };

/** Who acted and from where; built once per request. */
export interface Actor {
  id: string | null;
  name: string | null;
  kind: 'user' | 'apikey' | 'system' | 'anonymous';
  ip: string | null;
  requestId: string | null;
}

export interface AuditEvent {
  action: string;
  objectType?: string | null;
  objectId?: string | null;
  departmentId?: string | null;
  outcome: Outcome;
  details?: Record<string, unknown>;
}

export const SYSTEM_ACTOR: Actor = { id: null, name: 'system', kind: 'system', ip: null, requestId: null };

function present(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_name,
    actorKind: r.actor_kind,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    departmentId: r.department_id,
    ip: r.ip,
    requestId: r.request_id,
    outcome: r.outcome as Outcome,
    details: r.details,
    hash: r.hash,
  };
}

export class AuditService {
  constructor(private readonly db: Db) {}

  /**
   * Appends one entry to the chain. Pass the caller's transaction so the entry commits or rolls back
   * with the change it records; without one, the entry is written in a transaction of its own.
   */
  async record(actor: Actor, event: AuditEvent, tx?: Queryable): Promise<void> {
    await this.recordMany([{ actor, event }], tx);
  }

  /**
   * Appends several entries to the chain under one lock and in one statement, in the order given: how the
   * data service writes the entries of concurrent calls in one group commit.
   */
  async recordMany(entries: readonly { actor: Actor; event: AuditEvent }[], tx?: Queryable): Promise<void> {
    if (!entries.length) return;
    if (!tx) return this.db.transaction((t) => this.recordMany(entries, t));
    await auditRepo.lockChain(tx);
    const last = await auditRepo.last(tx);
    let prevHash = last?.hash ?? GENESIS_HASH;
    let id = BigInt(last?.id ?? '0');
    const at = new Date();
    const rows: AuditRow[] = entries.map(({ actor, event }) => {
      id += 1n;
      const fields = {
        id: String(id),
        at,
        actorId: actor.id,
        actorName: actor.name,
        actorKind: actor.kind,
        action: event.action,
        objectType: event.objectType ?? null,
        objectId: event.objectId ?? null,
        departmentId: event.departmentId ?? null,
        ip: actor.ip,
        requestId: actor.requestId,
        outcome: event.outcome,
        details: event.details ?? {},
      };
      const hash = entryHash(prevHash, fields);
      const row: AuditRow = {
        id: fields.id,
        at,
        actor_id: fields.actorId,
        actor_name: fields.actorName,
        actor_kind: fields.actorKind,
        action: fields.action,
        object_type: fields.objectType,
        object_id: fields.objectId,
        department_id: fields.departmentId,
        ip: fields.ip,
        request_id: fields.requestId,
        outcome: fields.outcome,
        details: fields.details,
        prev_hash: prevHash,
        hash,
      };
      prevHash = hash;
      return row;
    });
    await auditRepo.insertMany(tx, rows);
  }

  async search(filter: AuditFilter, limit: number, offset: number) {
    const { total, rows } = await auditRepo.search(this.db, filter, limit, offset);
    return { total, items: rows.map(present) };
  }

  actions(): Promise<string[]> {
    return auditRepo.actions(this.db);
  }

  countSince(since: Date): Promise<number> {
    return auditRepo.countSince(this.db, since);
  }

  /**
   * Walks the chain from the first entry and reports the first link that does not hold: a missing
   * id (deleted row), a prev_hash that is not the previous entry's hash, or content that no longer
   * matches its own hash (edited row).
   */
  async verify(onProgress?: (checked: number) => void): Promise<ChainReport> {
    let prevHash = GENESIS_HASH;
    let expectedId = 1n;
    let checked = 0;
    let after = '0';
    const broken = (id: string, reason: string): ChainReport => ({
      ok: false,
      checked,
      firstBrokenId: id,
      reason,
    });
    for (;;) {
      const page = await auditRepo.pageAfter(this.db, after, 2000);
      if (page.length === 0) break;
      for (const r of page) {
        if (BigInt(r.id) !== expectedId) return broken(r.id, `entry ${expectedId} is missing`);
        if (r.prev_hash !== prevHash) return broken(r.id, 'prev_hash does not match the previous entry');
        const e = present(r);
        const recomputed = entryHash(r.prev_hash, { ...e, at: r.at });
        if (recomputed !== r.hash) return broken(r.id, 'content does not match its hash');
        prevHash = r.hash;
        expectedId += 1n;
        checked += 1;
      }
      after = page.at(-1)!.id;
      onProgress?.(checked);
    }
    return { ok: true, checked, firstBrokenId: null, reason: null };
  }
}
