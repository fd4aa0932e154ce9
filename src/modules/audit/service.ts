import { randomInt } from 'node:crypto';
import type { Db, Queryable } from '../../db/index.ts';
import { hmacSm3 } from '../../lib/crypto.ts';
import {
  deriveSm2KeyPair,
  sm2KeyPair,
  sm2PublicKeyPem,
  sm2Sign,
  sm2Verify,
  type Sm2KeyPair,
} from '../../lib/sm2.ts';
import { AppError } from '../../core/errors.ts';
import { entryHash, GENESIS_HASH } from './chain.ts';
import { checkpointPayload, parseCheckpointPayload } from './checkpoint.ts';
import {
  auditRepo,
  CLAIM_FREE_SHARD,
  type AuditFilter,
  type AuditRow,
  type ChainHead,
  type CheckpointRow,
  type LockedHead,
} from './repo.ts';

import type { AuditEntry, AuditPage, ChainReport, Checkpoint, Outcome } from './schema.ts';

export type { AuditEntry, AuditFilter, AuditPage, ChainReport, Checkpoint, LockedHead, Outcome };

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
  /**
   * `keys` (an array of record keys a data access touched) is never stored: the service replaces it by
   * `keyDigests`, their HMAC-SM3 under the platform's digest key, before hashing and writing.
   */
  details?: Record<string, unknown>;
}

/** Names of objects by `type:id` (departments, users, resources …), resolved by the modules that own them. */
export type NameResolver = (refs: { type: string; id: string }[]) => Promise<Map<string, string>>;

/**
 * A statement written in the same round trip as a group of entries (a data-modifying SQL statement with its own
 * `$1…$n` parameters and no `$` anywhere else): how a module stores rows an entry vouches for (the data service's
 * access rows, whose digest the entry carries) without a statement of its own.
 */
export interface Companion {
  sql: string;
  params: unknown[];
}

/** An entry that vouches for rows kept elsewhere (a digest in its details), as verification hands it over. */
export interface BatchEntry {
  id: string;
  at: Date;
  details: Record<string, unknown>;
}

/**
 * Checks entries of one action against the rows they vouch for; answers the first that does not hold (its id and
 * why), or null. Installed by the module that keeps the rows.
 */
export type BatchVerifier = (entries: BatchEntry[]) => Promise<{ id: string; reason: string } | null>;

export const SYSTEM_ACTOR: Actor = { id: null, name: 'system', kind: 'system', ip: null, requestId: null };

export interface AuditKeys {
  /** The platform's secret key (src/lib/secretbox.ts); the digest and signing keys are derived from it. */
  secretKey: Buffer;
  /** An SM2 private key (64 hex) to sign checkpoints with instead of the derived one. */
  signingKeyHex?: string | undefined;
}

// Domain separation: the same secret seals connector passwords; these labels make unrelated keys of it.
const DIGEST_LABEL = 'tongban/audit/key-digest/v1';
const SIGNING_LABEL = 'tongban/audit/checkpoint-signing/v1';
const VERIFY_PAGE = 2000;

function present(r: AuditRow, names?: Map<string, string>): AuditEntry {
  const named = (type: string | null, id: string | null) =>
    type && id ? (names?.get(`${type}:${id}`) ?? null) : null;
  const recorded = [r.details.name, r.details.username].find((v) => typeof v === 'string' && v !== '');
  return {
    id: r.id,
    at: r.at.toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_name,
    actorKind: r.actor_kind,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    objectName: named(r.object_type, r.object_id) ?? (typeof recorded === 'string' ? recorded : null),
    departmentId: r.department_id,
    departmentName: named('department', r.department_id),
    ip: r.ip,
    requestId: r.request_id,
    outcome: r.outcome as Outcome,
    details: r.details,
    shard: r.shard,
    seq: r.seq,
    hash: r.hash,
  };
}

function hashOf(r: AuditRow): string {
  return entryHash(r.prev_hash, {
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    actorKind: r.actor_kind,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    departmentId: r.department_id,
    ip: r.ip,
    requestId: r.request_id,
    outcome: r.outcome,
    details: r.details,
  });
}

export class AuditService {
  readonly #digestKey: Buffer;
  readonly #signing: Sm2KeyPair;
  /** This process's preferred shard order; writers elsewhere start elsewhere. */
  readonly #preference = randomInt(0, 1024);
  /** The shard each open transaction writes to, so its entries stay in one chain and it never waits for a second. */
  readonly #shardOf = new WeakMap<Queryable, number>();
  #names: NameResolver | undefined;
  readonly #batchVerifiers = new Map<string, BatchVerifier>();

  constructor(
    private readonly db: Db,
    keys: AuditKeys,
  ) {
    this.#digestKey = Buffer.from(hmacSm3(keys.secretKey, DIGEST_LABEL), 'hex');
    this.#signing = keys.signingKeyHex
      ? sm2KeyPair(keys.signingKeyHex)
      : deriveSm2KeyPair(keys.secretKey, SIGNING_LABEL);
  }

  /** Installed once the modules that own the objects exist (they are built on this service). */
  setNameResolver(resolver: NameResolver): void {
    this.#names = resolver;
  }

  /** `verify` hands every chained entry of `action` to `verifier`, to check the rows it vouches for. */
  setBatchVerifier(action: string, verifier: BatchVerifier): void {
    this.#batchVerifiers.set(action, verifier);
  }

  /**
   * The digest a data access records for a key value (a 身份证号, a credit code …): HMAC-SM3 under a key derived from
   * the platform secret, which never leaves the process. "Who used my data" searches by it.
   */
  subjectDigest(value: string): string {
    return hmacSm3(this.#digestKey, value.trim());
  }

  /**
   * Appends one entry to a chain. Pass the caller's transaction so the entry commits or rolls back with the change
   * it records; without one, the entry is written in a transaction of its own.
   */
  async record(actor: Actor, event: AuditEvent, tx?: Queryable): Promise<void> {
    await this.recordMany([{ actor, event }], tx);
  }

  /**
   * Appends several entries to one chain in one statement, in the order given: how the data service writes the
   * entries of concurrent calls in one group commit.
   */
  async recordMany(entries: readonly { actor: Actor; event: AuditEvent }[], tx?: Queryable): Promise<void> {
    if (!entries.length) return;
    await this.recordWith(entries.length, () => ({ entries }), tx);
  }

  /**
   * A query that claims a free chain head for `n` entries (locked until the transaction ends; no row when every
   * shard is busy) with their ids, as a part of the caller's own statement, so a group commit locks its head in a
   * round trip it makes anyway. Hand the row to `recordWith` in the same transaction.
   */
  shardClaim(n: number): { sql: string; params: unknown[] } {
    return { sql: CLAIM_FREE_SHARD, params: [this.#preference, n] };
  }

  /**
   * Appends `count` entries built once their ids and time are known, with an optional companion statement run in
   * the same round trip: the data service's group commit writes its access rows (ids derived from the entry's id)
   * and the one entry carrying their digest this way.
   */
  async recordWith(
    count: number,
    build: (
      ids: string[],
      at: Date,
    ) => { entries: readonly { actor: Actor; event: AuditEvent }[]; companion?: Companion | undefined },
    tx?: Queryable,
    claimed?: LockedHead,
  ): Promise<void> {
    if (count < 1) return;
    // Without a transaction the shard's lock would end with the first statement.
    if (!tx || tx === this.db) return this.db.transaction((t) => this.recordWith(count, build, t));
    const held = this.#shardOf.get(tx);
    // A head claimed in this transaction (shardClaim) serves only a transaction that holds no other shard yet.
    const head =
      held === undefined
        ? claimed && claimed.ids.length === count
          ? claimed
          : await auditRepo.takeShard(tx, this.#preference, count)
        : await auditRepo.lockShard(tx, held, count);
    this.#shardOf.set(tx, head.shard);
    const ids = head.ids;
    const at = new Date();
    const { entries, companion } = build(ids, at);
    if (entries.length !== count)
      throw new Error(`recordWith: built ${entries.length} entries for ${count} ids`);
    let prevHash = head.hash;
    let seq = BigInt(head.seq);
    const rows = entries.map(({ actor, event }, i): AuditRow => {
      seq += 1n;
      const row: AuditRow = {
        id: ids[i]!,
        at,
        actor_id: actor.id,
        actor_name: actor.name,
        actor_kind: actor.kind,
        action: event.action,
        object_type: event.objectType ?? null,
        object_id: event.objectId ?? null,
        department_id: event.departmentId ?? null,
        ip: actor.ip,
        request_id: actor.requestId,
        outcome: event.outcome,
        details: this.#withoutKeys(event.details ?? {}),
        shard: head.shard,
        seq: String(seq),
        prev_hash: prevHash,
        hash: '',
      };
      row.hash = hashOf(row);
      prevHash = row.hash;
      return row;
    });
    await auditRepo.append(tx, at, head.shard, rows, companion);
  }

  /** `keys` → `keyDigests`: each distinct value of the keys (a composite key's parts one by one), digested. */
  #withoutKeys(details: Record<string, unknown>): Record<string, unknown> {
    if (!('keys' in details)) return details;
    const { keys, ...rest } = details;
    return { ...rest, keyDigests: this.keyDigests(keys) };
  }

  /** The digests of record keys as a data access records them: each distinct value (a composite key's parts). */
  keyDigests(keys: unknown): string[] {
    const values = new Set<string>();
    for (const key of Array.isArray(keys) ? keys : [keys]) {
      if (key === null || key === undefined) continue;
      for (const part of keyParts(String(key))) values.add(part);
    }
    return [...values].map((v) => this.subjectDigest(v));
  }

  /** Newest first, keyset-paged by id; `nextCursor` when older entries match. Names resolved when possible. */
  async search(
    filter: AuditFilter,
    page: { limit: number; before?: string | undefined },
  ): Promise<AuditPage> {
    const rows = await auditRepo.search(this.db, filter, page.limit + 1, page.before);
    const more = rows.length > page.limit;
    const shown = more ? rows.slice(0, page.limit) : rows;
    const names = await this.#resolve(shown);
    return {
      items: shown.map((r) => present(r, names)),
      nextCursor: more ? shown.at(-1)!.id : null,
    };
  }

  async #resolve(rows: AuditRow[]): Promise<Map<string, string> | undefined> {
    if (!this.#names || !rows.length) return undefined;
    const refs = new Map<string, { type: string; id: string }>();
    for (const r of rows) {
      if (r.object_type && r.object_id)
        refs.set(`${r.object_type}:${r.object_id}`, { type: r.object_type, id: r.object_id });
      if (r.department_id)
        refs.set(`department:${r.department_id}`, { type: 'department', id: r.department_id });
    }
    // Names are a convenience: an object deleted since, or a module that cannot answer, leaves the id shown.
    return this.#names([...refs.values()]).catch(() => undefined);
  }

  actions(): Promise<string[]> {
    return auditRepo.actions(this.db);
  }

  countSince(since: Date): Promise<number> {
    return auditRepo.countSince(this.db, since);
  }

  /** Creates the next months' partitions ahead of time (idempotent); the names of those it created. */
  ensurePartitions(monthsAhead = 2): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      // Creating a partition locks the table briefly; never queue writers behind a long read for it.
      await tx.query("SET LOCAL lock_timeout = '5s'");
      return auditRepo.ensurePartitions(tx, monthsAhead);
    });
  }

  // ---- checkpoints ---------------------------------------------------------------------------------------------

  /** The public key checkpoints are signed with, as PEM SubjectPublicKeyInfo (for OpenSSL). */
  publicKeyPem(): string {
    return sm2PublicKeyPem(this.#signing.publicKey);
  }

  /**
   * Signs every shard's current head (seq and hash) with the time; nothing when no chain moved since the last
   * checkpoint. The signed payload is plain text, so anyone with the public key can check it with OpenSSL.
   */
  async checkpoint(): Promise<Checkpoint | null> {
    const heads = await auditRepo.heads(this.db);
    const [last] = await auditRepo.checkpoints(this.db, 1);
    if (last && last.public_key === this.#signing.publicKey) {
      const before = parseCheckpointPayload(last.payload)?.heads;
      if (before && sameHeads(before, heads)) return null;
    }
    const at = new Date();
    const payload = checkpointPayload(at, heads);
    const signature = sm2Sign(payload, this.#signing).toString('base64');
    const row = await auditRepo.insertCheckpoint(this.db, {
      at,
      payload,
      signature,
      publicKey: this.#signing.publicKey,
    });
    return this.#presentCheckpoint(row);
  }

  async checkpoints(page: { limit: number; before?: string | undefined }) {
    const rows = await auditRepo.checkpoints(this.db, page.limit + 1, page.before);
    const more = rows.length > page.limit;
    const shown = more ? rows.slice(0, page.limit) : rows;
    return {
      items: shown.map((r) => this.#presentCheckpoint(r)),
      nextCursor: more ? shown.at(-1)!.id : null,
    };
  }

  async getCheckpoint(id: string): Promise<Checkpoint> {
    const row = await auditRepo.checkpoint(this.db, id);
    if (!row) throw new AppError('AUDIT_CHECKPOINT_NOT_FOUND', { id });
    return this.#presentCheckpoint(row);
  }

  #trusted(row: CheckpointRow): boolean {
    return (
      row.public_key === this.#signing.publicKey &&
      sm2Verify(row.payload, Buffer.from(row.signature, 'base64'), row.public_key)
    );
  }

  #presentCheckpoint(row: CheckpointRow): Checkpoint {
    return {
      id: row.id,
      at: row.at.toISOString(),
      heads: parseCheckpointPayload(row.payload)?.heads ?? [],
      payload: row.payload,
      signature: row.signature,
      publicKey: row.public_key,
      trusted: this.#trusted(row),
    };
  }

  // ---- verification --------------------------------------------------------------------------------------------

  /**
   * Checks every shard's chain and reports the first link that does not hold: a missing seq (deleted entry), a
   * prev_hash that is not the previous entry's hash, content that no longer matches its hash (edited entry), a head
   * row that disagrees with the log, or a signed checkpoint's head the chain no longer reaches (truncated tail).
   * By default each chain is walked from the newest checkpoint that verifies under the platform's key (whose heads
   * are confirmed first); `full` walks every chain from its first entry and checks every trusted checkpoint on the way.
   */
  async verify(
    options: { full?: boolean; onProgress?: (checked: number) => void } = {},
  ): Promise<ChainReport> {
    const full = options.full ?? false;
    // Heads first: entries up to them have committed, so writers appending meanwhile cannot look like damage.
    const heads = await auditRepo.heads(this.db);
    let checked = 0;
    let checkpointsChecked = 0;
    const report = (
      r: { ok: true } | { ok: false; shard: number; seq: string | null; id: string | null; reason: string },
      checkpointId: string | null,
    ): ChainReport =>
      r.ok
        ? {
            ok: true,
            checked,
            full,
            checkpointId,
            checkpointsChecked,
            firstBrokenId: null,
            brokenShard: null,
            brokenSeq: null,
            reason: null,
          }
        : {
            ok: false,
            checked,
            full,
            checkpointId,
            checkpointsChecked,
            firstBrokenId: r.id,
            brokenShard: r.shard,
            brokenSeq: r.seq,
            reason: r.reason,
          };

    // The checkpoints to hold the chains to: per shard, the (seq, hash) each one signed, with the checkpoint's id.
    const expected = new Map<number, { seq: bigint; hash: string; checkpoint: string }[]>();
    let start: CheckpointRow | undefined;
    for (let before: string | undefined; ;) {
      const page = await auditRepo.checkpoints(this.db, 500, before);
      for (const c of page) {
        if (c.public_key !== this.#signing.publicKey) continue; // another key's: not ours to trust or refute
        const parsed = parseCheckpointPayload(c.payload);
        if (!parsed || !this.#trusted(c))
          return report(
            {
              ok: false,
              shard: -1,
              seq: null,
              id: null,
              reason: `checkpoint ${c.id}: signature does not verify`,
            },
            null,
          );
        checkpointsChecked += 1;
        for (const h of parsed.heads) {
          const list = expected.get(h.shard) ?? expected.set(h.shard, []).get(h.shard)!;
          list.push({ seq: BigInt(h.seq), hash: h.hash, checkpoint: c.id });
        }
        start ??= c;
        if (!full) break;
      }
      if (!full && start) break;
      if (page.length < 500) break;
      before = page.at(-1)!.id;
    }
    const checkpointId = full ? null : (start?.id ?? null);
    const headOf = new Map(heads.map((h) => [h.shard, h]));
    for (const shard of expected.keys())
      if (!headOf.has(shard))
        return report(
          {
            ok: false,
            shard,
            seq: null,
            id: null,
            reason: `shard ${shard} named by checkpoint ${expected.get(shard)![0]!.checkpoint} has no head`,
          },
          checkpointId,
        );

    for (const head of heads) {
      const marks = (expected.get(head.shard) ?? [])
        .filter((m) => m.seq > 0n)
        .sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
      let prevHash = GENESIS_HASH;
      let seq = 0n;
      if (!full && marks.length) {
        // From the last good checkpoint: its head must still be there, unchanged.
        const mark = marks.at(-1)!;
        if (mark.seq > 0n) {
          const row = await auditRepo.entryAt(this.db, head.shard, String(mark.seq));
          const broken = (reason: string) =>
            report(
              { ok: false, shard: head.shard, seq: String(mark.seq), id: row?.id ?? null, reason },
              checkpointId,
            );
          if (!row)
            return broken(
              `entry ${head.shard}:${mark.seq} signed in checkpoint ${mark.checkpoint} is missing`,
            );
          if (row.hash !== mark.hash)
            return broken(`hash differs from the one signed in checkpoint ${mark.checkpoint}`);
          if (hashOf(row) !== row.hash) return broken('content does not match its hash');
          checked += 1;
          prevHash = row.hash;
          seq = mark.seq;
        }
      }
      let markAt = marks.findIndex((m) => m.seq > seq);
      if (markAt < 0) markAt = marks.length;
      const headSeq = BigInt(head.seq);
      for (;;) {
        const page = await auditRepo.chainPage(this.db, head.shard, String(seq), head.seq, VERIFY_PAGE);
        const batches = new Map<string, AuditRow[]>();
        for (const r of page) {
          const broken = (reason: string) =>
            report({ ok: false, shard: head.shard, seq: r.seq, id: r.id, reason }, checkpointId);
          const expectedSeq = seq + 1n;
          if (BigInt(r.seq) !== expectedSeq) return broken(`entry ${head.shard}:${expectedSeq} is missing`);
          if (r.prev_hash !== prevHash) return broken('prev_hash does not match the previous entry');
          if (hashOf(r) !== r.hash) return broken('content does not match its hash');
          while (markAt < marks.length && marks[markAt]!.seq === expectedSeq) {
            if (marks[markAt]!.hash !== r.hash)
              return broken(`hash differs from the one signed in checkpoint ${marks[markAt]!.checkpoint}`);
            markAt += 1;
          }
          prevHash = r.hash;
          seq = expectedSeq;
          checked += 1;
          if (this.#batchVerifiers.has(r.action))
            (batches.get(r.action) ?? batches.set(r.action, []).get(r.action)!).push(r);
        }
        // The rows these entries vouch for (their digests), checked once the entries themselves hold.
        for (const [action, entries] of batches) {
          const bad = await this.#batchVerifiers.get(action)!(
            entries.map((r) => ({ id: r.id, at: r.at, details: r.details })),
          );
          if (bad) {
            const r = entries.find((e) => e.id === bad.id) ?? entries[0]!;
            return report(
              { ok: false, shard: head.shard, seq: r.seq, id: r.id, reason: bad.reason },
              checkpointId,
            );
          }
        }
        options.onProgress?.(checked);
        if (page.length < VERIFY_PAGE) break;
      }
      const ends = (reason: string) =>
        report({ ok: false, shard: head.shard, seq: String(seq + 1n), id: null, reason }, checkpointId);
      if (markAt < marks.length) {
        const m = marks[markAt]!;
        return ends(
          `shard ${head.shard} ends at ${seq}, below the head ${m.seq} signed in checkpoint ${m.checkpoint}: entries were deleted`,
        );
      }
      if (seq !== headSeq) return ends(`shard ${head.shard} ends at ${seq} but its head row says ${headSeq}`);
      if (headSeq > 0n && prevHash !== head.hash)
        return ends(`shard ${head.shard}'s head row names another hash`);
    }
    return report({ ok: true }, checkpointId);
  }
}

/** A record key's values one by one: the parts of a composite key (a JSON array), or the key itself. */
function keyParts(key: string): string[] {
  if (key.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(key);
      if (Array.isArray(parsed)) return parsed.filter((v) => v !== null).map((v) => String(v));
    } catch {
      // not JSON after all: the key as written
    }
  }
  return [key];
}

function sameHeads(a: { shard: number; seq: string; hash: string }[], b: ChainHead[]): boolean {
  return (
    a.length === b.length &&
    a.every((h, i) => h.shard === b[i]!.shard && h.seq === b[i]!.seq && h.hash === b[i]!.hash)
  );
}
