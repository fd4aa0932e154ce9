/** The registries' SQL, and only here. Multi-row writes pass one JSON array (jsonb_to_recordset): one statement a page. */
import type { Queryable } from '../../db/index.ts';
import type { Normalized, RegistryKind } from './kinds.ts';
import type { Why } from './linker.ts';
import type { ConflictCandidate, Provenance, RuleKind, SourceRecord } from './survivorship.ts';

export interface RegistryRow {
  kind: RegistryKind;
  department_id: string;
  resource_id: string | null;
  model: unknown;
  model_records: number;
  model_at: Date | null;
  match_at: number;
  review_at: number;
}

/** A field spec of a projection: a source item, a constant, or an item whose values are mapped. */
export type FieldSpec = string | { const: string } | { item: string; map: Record<string, string> };

/** One person (or legal person) a source row describes, and where each registry field comes from. */
export interface Projection {
  /** Suffix of the record key when a row describes several (男方 / 女方); null for one. */
  role: string | null;
  fields: Record<string, FieldSpec>;
}

export interface SourceRow {
  id: string;
  registry: RegistryKind;
  resource_id: string;
  subscription_id: string;
  name: string;
  priority: number;
  projections: Projection[];
  applied_seq: string;
  last_seq: string;
  last_sync_at: Date | null;
  last_changes: number;
  last_skipped: number;
  last_error: string | null;
}

export interface EntityRow {
  id: string;
  registry: RegistryKind;
  status: 'active' | 'merged' | 'retired';
  merged_into: string | null;
  key: string | null;
  name: string | null;
  golden: Record<string, string | null>;
  provenance: Record<string, Provenance>;
  records: number;
  conflicts: number;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface RecordRow {
  source_id: string;
  record_key: string;
  entity_id: string;
  fields: Record<string, string | null>;
  norm: Normalized;
  blocks: string[];
  seq: string;
  changed_at: Date;
  link: string;
  score: number | null;
  why: Why | null;
  pinned: boolean;
}

export interface RecordWrite {
  source_id: string;
  record_key: string;
  entity_id: string;
  fields: Record<string, string | null>;
  norm: Normalized;
  blocks: string[];
  seq: number;
  changed_at: string;
  link: string;
  score: number | null;
  why: Why | null;
  pinned: boolean;
}

export interface EventWrite {
  entity_id: string;
  kind: 'created' | 'updated' | 'merged' | 'unmerged' | 'linked' | 'unlinked' | 'conflict' | 'resolved';
  detail: unknown;
  actor: string | null;
}

const SOURCE_COLUMNS = `id, registry, resource_id, subscription_id, name, priority, projections, applied_seq, last_seq,
  last_sync_at, last_changes, last_skipped, last_error`;
const ENTITY_COLUMNS = `id, registry, status, merged_into, key, name, golden, provenance, records, conflicts, version,
  created_at, updated_at`;

export const registryRepo = {
  /**
   * Serializes the writers of one registry (the sync loop's pages, a steward's decisions) for the transaction: they
   * touch the same golden records, and in different orders they could deadlock or act on what the other is changing.
   */
  async lock(q: Queryable, kind: RegistryKind): Promise<void> {
    await q.query(`SELECT pg_advisory_xact_lock(hashtext('tongban.registry.' || $1))`, [kind]);
  },

  async ensure(q: Queryable, kind: RegistryKind, departmentId: string): Promise<void> {
    await q.query(
      `INSERT INTO registry (kind, department_id) VALUES ($1, $2) ON CONFLICT (kind) DO NOTHING`,
      [kind, departmentId],
    );
  },

  async get(q: Queryable, kind: RegistryKind): Promise<RegistryRow | null> {
    const { rows } = await q.query<RegistryRow>(
      `SELECT kind, department_id, resource_id, model, model_records, model_at, match_at, review_at FROM registry WHERE kind = $1`,
      [kind],
    );
    return rows[0] ?? null;
  },

  async all(q: Queryable): Promise<RegistryRow[]> {
    const { rows } = await q.query<RegistryRow>(
      `SELECT kind, department_id, resource_id, model, model_records, model_at, match_at, review_at FROM registry ORDER BY kind`,
    );
    return rows;
  },

  async setResource(q: Queryable, kind: RegistryKind, resourceId: string): Promise<void> {
    await q.query(`UPDATE registry SET resource_id = $2 WHERE kind = $1`, [kind, resourceId]);
  },

  /** Golden records changed since they were last written to the registry's resource. */
  async unpublished(q: Queryable, kind: RegistryKind, limit: number): Promise<EntityRow[]> {
    const { rows } = await q.query<EntityRow>(
      `SELECT ${ENTITY_COLUMNS} FROM registry_entity WHERE registry = $1 AND unpublished ORDER BY id LIMIT $2`,
      [kind, limit],
    );
    return rows;
  },

  /** Marks records published as of the version written (a change since then keeps them pending). */
  async markPublished(q: Queryable, rows: { id: string; version: number }[]): Promise<void> {
    if (!rows.length) return;
    await q.query(
      `UPDATE registry_entity e SET unpublished = false FROM jsonb_to_recordset($1::jsonb) AS x (id text, version integer)
       WHERE e.id = x.id AND e.version = x.version`,
      [JSON.stringify(rows)],
    );
  },

  async setModel(q: Queryable, kind: RegistryKind, model: unknown, records: number): Promise<void> {
    await q.query(`UPDATE registry SET model = $2, model_records = $3, model_at = now() WHERE kind = $1`, [
      kind,
      JSON.stringify(model),
      records,
    ]);
  },

  async sources(q: Queryable, kind?: RegistryKind): Promise<SourceRow[]> {
    const { rows } = await q.query<SourceRow>(
      `SELECT ${SOURCE_COLUMNS} FROM registry_source WHERE ($1::text IS NULL OR registry = $1) ORDER BY registry, priority, name`,
      [kind ?? null],
    );
    return rows;
  },

  async insertSource(
    q: Queryable,
    s: {
      registry: RegistryKind;
      resourceId: string;
      subscriptionId: string;
      name: string;
      priority: number;
      projections: Projection[];
    },
  ): Promise<string> {
    const { rows } = await q.query<{ id: string }>(
      `INSERT INTO registry_source (registry, resource_id, subscription_id, name, priority, projections)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [s.registry, s.resourceId, s.subscriptionId, s.name, s.priority, JSON.stringify(s.projections)],
    );
    return rows[0]!.id;
  },

  async setPriorities(q: Queryable, kind: RegistryKind, order: string[]): Promise<void> {
    await q.query(
      `UPDATE registry_source s SET priority = o.ord FROM unnest($2::uuid[]) WITH ORDINALITY AS o (id, ord)
       WHERE s.id = o.id AND s.registry = $1`,
      [kind, order],
    );
  },

  /** Takes the source's lease; null when another process holds it. */
  async claim(q: Queryable, id: string, holder: string, seconds: number): Promise<number | null> {
    const { rows } = await q.query<{ applied_seq: string }>(
      `UPDATE registry_source SET lease_holder = $2, lease_until = now() + make_interval(secs => $3)
       WHERE id = $1 AND lease_until < now() RETURNING applied_seq`,
      [id, holder, seconds],
    );
    return rows[0] ? Number(rows[0].applied_seq) : null;
  },

  async release(
    q: Queryable,
    id: string,
    holder: string,
    o: { changes: number; skipped: number; lastSeq: number; error: string | null },
  ): Promise<void> {
    await q.query(
      `UPDATE registry_source SET lease_holder = NULL, lease_until = '-infinity', last_sync_at = now(),
         last_changes = $3, last_skipped = $4, last_seq = GREATEST(last_seq, $5), last_error = $6
       WHERE id = $1 AND lease_holder = $2`,
      [id, holder, o.changes, o.skipped, o.lastSeq, o.error],
    );
  },

  async setApplied(q: Queryable, id: string, seq: number): Promise<void> {
    await q.query(`UPDATE registry_source SET applied_seq = $2 WHERE id = $1`, [id, seq]);
  },

  /** The records a page names that the registry already holds. */
  async recordsOf(q: Queryable, sourceId: string, keys: string[]): Promise<RecordRow[]> {
    if (!keys.length) return [];
    const { rows } = await q.query<RecordRow>(
      `SELECT source_id, record_key, entity_id, fields, norm, blocks, seq, changed_at, link, score, why, pinned
       FROM registry_record WHERE source_id = $1 AND record_key = ANY($2::text[])`,
      [sourceId, keys],
    );
    return rows;
  },

  /** Records sharing a blocking key with any of `blocks`, with when their entity was created. */
  async blockMates(
    q: Queryable,
    kind: RegistryKind,
    blocks: string[],
  ): Promise<
    (Pick<RecordRow, 'source_id' | 'record_key' | 'entity_id' | 'norm' | 'blocks'> & { created: string })[]
  > {
    if (!blocks.length) return [];
    const { rows } = await q.query<
      Pick<RecordRow, 'source_id' | 'record_key' | 'entity_id' | 'norm' | 'blocks'> & { created: string }
    >(
      `WITH hit AS (
         SELECT DISTINCT source_id, record_key FROM registry_block WHERE registry = $1 AND key = ANY($2::text[])
       )
       SELECT r.source_id, r.record_key, r.entity_id, r.norm, r.blocks,
              to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || e.id AS created
       FROM hit JOIN registry_record r ON r.source_id = hit.source_id AND r.record_key = hit.record_key
       JOIN registry_entity e ON e.id = r.entity_id`,
      [kind, blocks],
    );
    return rows;
  },

  /** Replaces records' blocking keys: the old ones (as the registry held them) out, the new ones in. */
  async setBlocks(
    q: Queryable,
    kind: RegistryKind,
    removed: { source_id: string; record_key: string; blocks: string[] }[],
    added: { source_id: string; record_key: string; blocks: string[] }[],
  ): Promise<void> {
    const flat = (rows: typeof added) => {
      const keys: string[] = [];
      const sources: string[] = [];
      const records: string[] = [];
      for (const r of rows)
        for (const key of r.blocks) {
          keys.push(key);
          sources.push(r.source_id);
          records.push(r.record_key);
        }
      return [keys, sources, records] as const;
    };
    if (removed.length) {
      const [keys, sources, records] = flat(removed);
      await q.query(
        `DELETE FROM registry_block b USING unnest($2::text[], $3::uuid[], $4::text[]) AS x (key, source_id, record_key)
         WHERE b.registry = $1 AND b.key = x.key AND b.source_id = x.source_id AND b.record_key = x.record_key`,
        [kind, keys, sources, records],
      );
    }
    if (added.length) {
      const [keys, sources, records] = flat(added);
      await q.query(
        `INSERT INTO registry_block (registry, key, source_id, record_key)
         SELECT $1, x.key, x.source_id, x.record_key FROM unnest($2::text[], $3::uuid[], $4::text[]) AS x (key, source_id, record_key)
         ON CONFLICT DO NOTHING`,
        [kind, keys, sources, records],
      );
    }
  },

  async writeRecords(q: Queryable, kind: RegistryKind, rows: RecordWrite[]): Promise<void> {
    if (!rows.length) return;
    await q.query(
      `INSERT INTO registry_record (source_id, record_key, registry, entity_id, fields, norm, blocks, seq, changed_at,
         link, score, why, pinned)
       SELECT x.source_id, x.record_key, $1, x.entity_id, x.fields, x.norm, x.blocks, x.seq, x.changed_at, x.link,
              x.score, x.why, x.pinned
       FROM jsonb_to_recordset($2::jsonb) AS x (source_id uuid, record_key text, entity_id text, fields jsonb,
         norm jsonb, blocks text[], seq bigint, changed_at timestamptz, link text, score double precision,
         why jsonb, pinned boolean)
       ON CONFLICT (source_id, record_key) DO UPDATE SET entity_id = EXCLUDED.entity_id, fields = EXCLUDED.fields,
         norm = EXCLUDED.norm, blocks = EXCLUDED.blocks, seq = EXCLUDED.seq, changed_at = EXCLUDED.changed_at,
         link = EXCLUDED.link, score = EXCLUDED.score, why = EXCLUDED.why, pinned = EXCLUDED.pinned`,
      [kind, JSON.stringify(rows)],
    );
  },

  async deleteRecords(
    q: Queryable,
    sourceId: string,
    keys: string[],
  ): Promise<{ record_key: string; entity_id: string; blocks: string[] }[]> {
    if (!keys.length) return [];
    const { rows } = await q.query<{ record_key: string; entity_id: string; blocks: string[] }>(
      `DELETE FROM registry_record WHERE source_id = $1 AND record_key = ANY($2::text[])
       RETURNING record_key, entity_id, blocks`,
      [sourceId, keys],
    );
    return rows;
  },

  async insertEntities(q: Queryable, kind: RegistryKind, ids: string[]): Promise<void> {
    if (!ids.length) return;
    // clock_timestamp() per row, in the order given: creation order decides which survives a merge.
    await q.query(
      `INSERT INTO registry_entity (id, registry, created_at)
       SELECT id, $1, clock_timestamp() FROM unnest($2::text[]) WITH ORDINALITY AS x (id, ord) ORDER BY ord`,
      [kind, ids],
    );
  },

  /** Moves every record of `from` to `into`; the records moved, for the merge's history entry. */
  async moveRecords(q: Queryable, from: string, into: string): Promise<string[][]> {
    const { rows } = await q.query<{ source_id: string; record_key: string }>(
      `UPDATE registry_record SET entity_id = $2 WHERE entity_id = $1 RETURNING source_id, record_key`,
      [from, into],
    );
    return rows.map((r) => [r.source_id, r.record_key]);
  },

  async moveListed(q: Queryable, records: string[][], into: string): Promise<number> {
    const { rowCount } = await q.query(
      `UPDATE registry_record r SET entity_id = $2, link = 'steward', pinned = true
       FROM jsonb_to_recordset($1::jsonb) AS x (s uuid, k text) WHERE r.source_id = x.s AND r.record_key = x.k`,
      [JSON.stringify(records.map(([s, k]) => ({ s, k }))), into],
    );
    return rowCount ?? 0;
  },

  /** Puts records back on `to` in the state they had (an un-merge), those still on `from` only. */
  async restoreRecords(
    q: Queryable,
    records: {
      sourceId: string;
      recordKey: string;
      link: string;
      score: number | null;
      why: unknown;
      pinned: boolean;
    }[],
    to: string,
    from: string,
  ): Promise<void> {
    if (!records.length) return;
    await q.query(
      `UPDATE registry_record r SET entity_id = $2, link = x.link, score = x.score, why = x.why, pinned = x.pinned
       FROM jsonb_to_recordset($1::jsonb) AS x ("sourceId" uuid, "recordKey" text, link text, score double precision,
         why jsonb, pinned boolean)
       WHERE r.source_id = x."sourceId" AND r.record_key = x."recordKey" AND r.entity_id = $3`,
      [JSON.stringify(records), to, from],
    );
  },

  /** Open reviews that name a golden record, as the new record's or as the candidate. */
  async openReviewsOf(q: Queryable, entityId: string): Promise<ReviewRow[]> {
    const { rows } = await q.query<ReviewRow>(
      `SELECT * FROM registry_review WHERE (entity_id = $1 OR candidate_id = $1) AND status = 'open'
       ORDER BY created_at LIMIT 20`,
      [entityId],
    );
    return rows;
  },

  async pin(q: Queryable, sourceId: string, recordKey: string, entityId: string): Promise<void> {
    await q.query(
      `UPDATE registry_record SET entity_id = $3, link = 'steward', pinned = true WHERE source_id = $1 AND record_key = $2`,
      [sourceId, recordKey, entityId],
    );
  },

  async markMerged(q: Queryable, from: string, into: string): Promise<void> {
    await q.query(
      `UPDATE registry_entity SET status = 'merged', merged_into = $2, records = 0, conflicts = 0, updated_at = now(),
         version = version + 1, unpublished = true WHERE id = $1`,
      [from, into],
    );
  },

  async reactivate(q: Queryable, id: string): Promise<void> {
    await q.query(
      `UPDATE registry_entity SET status = 'active', merged_into = NULL, updated_at = now(), version = version + 1,
         unpublished = true WHERE id = $1`,
      [id],
    );
  },

  async entities(q: Queryable, ids: string[]): Promise<EntityRow[]> {
    if (!ids.length) return [];
    const { rows } = await q.query<EntityRow>(
      `SELECT ${ENTITY_COLUMNS} FROM registry_entity WHERE id = ANY($1::text[])`,
      [ids],
    );
    return rows;
  },

  async entity(q: Queryable, id: string): Promise<EntityRow | null> {
    const { rows } = await q.query<EntityRow>(`SELECT ${ENTITY_COLUMNS} FROM registry_entity WHERE id = $1`, [
      id,
    ]);
    return rows[0] ?? null;
  },

  /** Active golden records by key (身份证号 / 统一社会信用代码), the oldest for a key held twice. */
  async entitiesByKeys(q: Queryable, kind: RegistryKind, keys: string[]): Promise<Map<string, string>> {
    if (!keys.length) return new Map();
    const { rows } = await q.query<{ key: string; id: string }>(
      `SELECT DISTINCT ON (key) key, id FROM registry_entity
       WHERE registry = $1 AND status = 'active' AND key = ANY($2::text[]) ORDER BY key, created_at`,
      [kind, keys],
    );
    return new Map(rows.map((r) => [r.key, r.id]));
  },

  async entityByKey(q: Queryable, kind: RegistryKind, key: string): Promise<EntityRow | null> {
    const { rows } = await q.query<EntityRow>(
      `SELECT ${ENTITY_COLUMNS} FROM registry_entity WHERE registry = $1 AND key = $2 AND status = 'active'
       ORDER BY created_at LIMIT 1`,
      [kind, key],
    );
    return rows[0] ?? null;
  },

  async page(
    q: Queryable,
    kind: RegistryKind,
    f: { after: string | null; limit: number; q: string | null; conflicts: boolean },
  ): Promise<EntityRow[]> {
    const { rows } = await q.query<EntityRow>(
      `SELECT ${ENTITY_COLUMNS} FROM registry_entity
       WHERE registry = $1 AND status = 'active' AND ($2::text IS NULL OR id > $2)
         AND ($4::text IS NULL OR key = $4 OR name = $4 OR id = $4)
         AND (NOT $5 OR conflicts > 0)
       ORDER BY id LIMIT $3`,
      [kind, f.after, f.limit, f.q, f.conflicts],
    );
    return rows;
  },

  /** The source records of entities, with their source's rank, for survivorship. */
  async entityRecords(q: Queryable, ids: string[]): Promise<(SourceRecord & { entityId: string })[]> {
    if (!ids.length) return [];
    const { rows } = await q.query<{
      entity_id: string;
      source_id: string;
      record_key: string;
      priority: number;
      fields: Record<string, string | null>;
      seq: string;
      changed_at: string;
    }>(
      `SELECT r.entity_id, r.source_id, r.record_key, s.priority, r.fields, r.seq,
              to_char(r.changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS changed_at
       FROM registry_record r JOIN registry_source s ON s.id = r.source_id
       WHERE r.entity_id = ANY($1::text[]) ORDER BY r.entity_id, s.priority, r.record_key`,
      [ids],
    );
    return rows.map((r) => ({
      entityId: r.entity_id,
      sourceId: r.source_id,
      recordKey: r.record_key,
      priority: r.priority,
      fields: r.fields,
      seq: Number(r.seq),
      changedAt: r.changed_at,
    }));
  },

  async recordsOfEntity(
    q: Queryable,
    id: string,
  ): Promise<(RecordRow & { source_name: string; resource_id: string })[]> {
    const { rows } = await q.query<RecordRow & { source_name: string; resource_id: string }>(
      `SELECT r.source_id, r.record_key, r.entity_id, r.fields, r.norm, r.blocks, r.seq, r.changed_at, r.link, r.score,
              r.why, r.pinned, s.name AS source_name, s.resource_id
       FROM registry_record r JOIN registry_source s ON s.id = r.source_id
       WHERE r.entity_id = $1 ORDER BY s.priority, r.record_key`,
      [id],
    );
    return rows;
  },

  async record(q: Queryable, sourceId: string, recordKey: string): Promise<RecordRow | null> {
    const { rows } = await q.query<RecordRow>(
      `SELECT source_id, record_key, entity_id, fields, norm, blocks, seq, changed_at, link, score, why, pinned
       FROM registry_record WHERE source_id = $1 AND record_key = $2`,
      [sourceId, recordKey],
    );
    return rows[0] ?? null;
  },

  async rules(
    q: Queryable,
    kind: RegistryKind,
  ): Promise<
    {
      field: string;
      rule: RuleKind;
      fixed_source: string | null;
      conflict: boolean;
      updated_by: string | null;
      updated_at: Date;
    }[]
  > {
    const { rows } = await q.query<{
      field: string;
      rule: RuleKind;
      fixed_source: string | null;
      conflict: boolean;
      updated_by: string | null;
      updated_at: Date;
    }>(
      `SELECT field, rule, fixed_source, conflict, updated_by, updated_at FROM registry_rule WHERE registry = $1`,
      [kind],
    );
    return rows;
  },

  async setRule(
    q: Queryable,
    kind: RegistryKind,
    r: { field: string; rule: RuleKind; fixedSource: string | null; conflict: boolean },
    by: string,
  ): Promise<void> {
    await q.query(
      `INSERT INTO registry_rule (registry, field, rule, fixed_source, conflict, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (registry, field) DO UPDATE SET rule = EXCLUDED.rule, fixed_source = EXCLUDED.fixed_source,
         conflict = EXCLUDED.conflict, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [kind, r.field, r.rule, r.fixedSource, r.conflict, by],
    );
  },

  async entityIds(q: Queryable, kind: RegistryKind): Promise<string[]> {
    const { rows } = await q.query<{ id: string }>(
      `SELECT id FROM registry_entity WHERE registry = $1 AND status = 'active' ORDER BY id`,
      [kind],
    );
    return rows.map((r) => r.id);
  },

  /** Stewards' chosen values (the latest resolution per field) of entities. */
  async chosen(q: Queryable, ids: string[]): Promise<{ entity_id: string; field: string; chosen: string }[]> {
    if (!ids.length) return [];
    const { rows } = await q.query<{ entity_id: string; field: string; chosen: string }>(
      `SELECT DISTINCT ON (entity_id, field) entity_id, field, chosen FROM registry_conflict
       WHERE entity_id = ANY($1::text[]) AND status = 'resolved' AND chosen IS NOT NULL
       ORDER BY entity_id, field, resolved_at DESC`,
      [ids],
    );
    return rows;
  },

  async openConflicts(
    q: Queryable,
    ids: string[],
  ): Promise<{ id: string; entity_id: string; field: string; candidates: ConflictCandidate[] }[]> {
    if (!ids.length) return [];
    const { rows } = await q.query<{
      id: string;
      entity_id: string;
      field: string;
      candidates: ConflictCandidate[];
    }>(
      `SELECT id, entity_id, field, candidates FROM registry_conflict WHERE entity_id = ANY($1::text[]) AND status = 'open'`,
      [ids],
    );
    return rows;
  },

  async openConflict(
    q: Queryable,
    kind: RegistryKind,
    entityId: string,
    field: string,
    candidates: ConflictCandidate[],
  ): Promise<void> {
    await q.query(
      `INSERT INTO registry_conflict (registry, entity_id, field, candidates) VALUES ($1, $2, $3, $4)
       ON CONFLICT (entity_id, field) WHERE status = 'open' DO UPDATE SET candidates = EXCLUDED.candidates`,
      [kind, entityId, field, JSON.stringify(candidates)],
    );
  },

  async closeConflicts(q: Queryable, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await q.query(
      `UPDATE registry_conflict SET status = 'gone', resolved_at = now() WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  },

  async conflict(q: Queryable, id: string) {
    const { rows } = await q.query<{
      id: string;
      registry: RegistryKind;
      entity_id: string;
      field: string;
      candidates: ConflictCandidate[];
      status: string;
      chosen: string | null;
      resolved_by: string | null;
      resolved_at: Date | null;
      created_at: Date;
    }>(`SELECT * FROM registry_conflict WHERE id = $1`, [id]);
    return rows[0] ?? null;
  },

  async conflicts(q: Queryable, kind: RegistryKind, status: string, limit: number, offset: number) {
    const { rows } = await q.query<{
      id: string;
      registry: RegistryKind;
      entity_id: string;
      field: string;
      candidates: ConflictCandidate[];
      status: string;
      chosen: string | null;
      resolved_by: string | null;
      resolved_at: Date | null;
      created_at: Date;
      total: string;
    }>(
      `SELECT c.*, count(*) OVER () AS total FROM registry_conflict c WHERE registry = $1 AND status = $2
       ORDER BY created_at, id LIMIT $3 OFFSET $4`,
      [kind, status, limit, offset],
    );
    return rows;
  },

  async decideConflict(
    q: Queryable,
    id: string,
    status: 'resolved' | 'dismissed',
    chosen: string | null,
    by: string,
  ): Promise<boolean> {
    const { rowCount } = await q.query(
      `UPDATE registry_conflict SET status = $2, chosen = $3, resolved_by = $4, resolved_at = now()
       WHERE id = $1 AND status = 'open'`,
      [id, status, chosen, by],
    );
    return (rowCount ?? 0) > 0;
  },

  async writeReviews(
    q: Queryable,
    kind: RegistryKind,
    rows: {
      source_id: string;
      record_key: string;
      entity_id: string;
      candidate_id: string;
      score: number;
      why: Why;
    }[],
  ): Promise<void> {
    if (!rows.length) return;
    await q.query(
      `INSERT INTO registry_review (registry, source_id, record_key, entity_id, candidate_id, score, why)
       SELECT $1, x.source_id, x.record_key, x.entity_id, x.candidate_id, x.score, x.why
       FROM jsonb_to_recordset($2::jsonb) AS x (source_id uuid, record_key text, entity_id text, candidate_id text,
         score double precision, why jsonb)
       ON CONFLICT (source_id, record_key) WHERE status = 'open' DO UPDATE SET entity_id = EXCLUDED.entity_id,
         candidate_id = EXCLUDED.candidate_id, score = EXCLUDED.score, why = EXCLUDED.why`,
      [kind, JSON.stringify(rows)],
    );
  },

  /** Closes open reviews of records that were linked again without a steward. */
  async dropReviews(q: Queryable, sourceId: string, keys: string[]): Promise<void> {
    if (!keys.length) return;
    await q.query(
      `UPDATE registry_review SET status = 'gone', decided_at = now()
       WHERE source_id = $1 AND record_key = ANY($2::text[]) AND status = 'open'`,
      [sourceId, keys],
    );
  },

  async review(q: Queryable, id: string) {
    const { rows } = await q.query<ReviewRow>(`SELECT * FROM registry_review WHERE id = $1`, [id]);
    return rows[0] ?? null;
  },

  async reviews(q: Queryable, kind: RegistryKind, status: string, limit: number, offset: number) {
    const { rows } = await q.query<ReviewRow & { total: string }>(
      `SELECT r.*, count(*) OVER () AS total FROM registry_review r WHERE registry = $1 AND status = $2
       ORDER BY score DESC, created_at, id LIMIT $3 OFFSET $4`,
      [kind, status, limit, offset],
    );
    return rows;
  },

  async decideReview(q: Queryable, id: string, status: 'linked' | 'apart', by: string): Promise<boolean> {
    const { rowCount } = await q.query(
      `UPDATE registry_review SET status = $2, decided_by = $3, decided_at = now() WHERE id = $1 AND status = 'open'`,
      [id, status, by],
    );
    return (rowCount ?? 0) > 0;
  },

  async saveGolden(
    q: Queryable,
    rows: {
      id: string;
      status: 'active' | 'retired';
      key: string | null;
      name: string | null;
      golden: Record<string, string | null>;
      provenance: Record<string, Provenance>;
      records: number;
      conflicts: number;
      changed: boolean;
    }[],
  ): Promise<void> {
    if (!rows.length) return;
    await q.query(
      `UPDATE registry_entity e SET status = x.status, key = x.key, name = x.name, golden = x.golden,
         provenance = x.provenance, records = x.records, conflicts = x.conflicts, version = e.version + 1,
         unpublished = e.unpublished OR x.changed, updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS x (id text, status text, key text, name text, golden jsonb,
         provenance jsonb, records integer, conflicts integer, changed boolean)
       WHERE e.id = x.id`,
      [JSON.stringify(rows)],
    );
  },

  async addEvents(q: Queryable, kind: RegistryKind, events: EventWrite[]): Promise<void> {
    if (!events.length) return;
    await q.query(
      `INSERT INTO registry_event (registry, entity_id, kind, detail, actor)
       SELECT $1, x.entity_id, x.kind, x.detail, x.actor
       FROM jsonb_to_recordset($2::jsonb) AS x (entity_id text, kind text, detail jsonb, actor text)`,
      [kind, JSON.stringify(events)],
    );
  },

  async events(q: Queryable, entityId: string, limit: number) {
    const { rows } = await q.query<{
      id: string;
      kind: EventWrite['kind'];
      detail: unknown;
      actor: string | null;
      at: Date;
    }>(
      `SELECT id, kind, detail, actor, at FROM registry_event WHERE entity_id = $1 ORDER BY id DESC LIMIT $2`,
      [entityId, limit],
    );
    return rows;
  },

  async lastEvent(q: Queryable, entityId: string, kind: EventWrite['kind']): Promise<string | null> {
    const { rows } = await q.query<{ id: string }>(
      `SELECT id FROM registry_event WHERE entity_id = $1 AND kind = $2 ORDER BY id DESC LIMIT 1`,
      [entityId, kind],
    );
    return rows[0] ? String(rows[0].id) : null;
  },

  async event(q: Queryable, id: string) {
    const { rows } = await q.query<{
      id: string;
      registry: RegistryKind;
      entity_id: string;
      kind: string;
      detail: unknown;
      at: Date;
    }>(`SELECT id, registry, entity_id, kind, detail, at FROM registry_event WHERE id = $1`, [id]);
    return rows[0] ?? null;
  },

  /** Whether a later merge or un-merge touched either golden record after event `id`. */
  async laterStructuralEvents(q: Queryable, ids: string[], after: string): Promise<number> {
    const { rows } = await q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM registry_event
       WHERE entity_id = ANY($1::text[]) AND id > $2 AND kind IN ('merged', 'unmerged')`,
      [ids, after],
    );
    return rows[0]!.n;
  },

  async counts(q: Queryable, kind: RegistryKind) {
    const { rows } = await q.query<{
      entities: number;
      merged: number;
      records: number;
      by_link: Record<string, number> | null;
      open_conflicts: number;
      open_reviews: number;
      with_conflicts: number;
      complete: Record<string, number> | null;
    }>(
      `SELECT
         (SELECT count(*)::int FROM registry_entity WHERE registry = $1 AND status = 'active' AND records > 0) AS entities,
         (SELECT count(*)::int FROM registry_entity WHERE registry = $1 AND status = 'merged') AS merged,
         (SELECT count(*)::int FROM registry_record WHERE registry = $1) AS records,
         (SELECT jsonb_object_agg(link, n) FROM (SELECT link, count(*)::int AS n FROM registry_record
            WHERE registry = $1 GROUP BY link) l) AS by_link,
         (SELECT count(*)::int FROM registry_conflict WHERE registry = $1 AND status = 'open') AS open_conflicts,
         (SELECT count(*)::int FROM registry_review WHERE registry = $1 AND status = 'open') AS open_reviews,
         (SELECT count(*)::int FROM registry_entity WHERE registry = $1 AND status = 'active' AND conflicts > 0) AS with_conflicts,
         (SELECT jsonb_object_agg(f.key, f.n) FROM (
            SELECT g.key, count(*)::int AS n FROM registry_entity e, jsonb_each(e.golden) g
            WHERE e.registry = $1 AND e.status = 'active' AND e.records > 0 AND g.value <> 'null'::jsonb
            GROUP BY g.key) f) AS complete`,
      [kind],
    );
    return rows[0]!;
  },

  /** Active records per source, for the overview. */
  async recordsPerSource(q: Queryable, kind: RegistryKind): Promise<Map<string, number>> {
    const { rows } = await q.query<{ source_id: string; n: number }>(
      `SELECT source_id, count(*)::int AS n FROM registry_record WHERE registry = $1 GROUP BY source_id`,
      [kind],
    );
    return new Map(rows.map((r) => [r.source_id, r.n]));
  },

  /** The normalized records of a registry, for estimating its model (a sample, in a stable order). */
  async sampleNorms(q: Queryable, kind: RegistryKind, limit: number): Promise<Normalized[]> {
    const { rows } = await q.query<{ norm: Normalized }>(
      `SELECT norm FROM registry_record WHERE registry = $1 ORDER BY record_key LIMIT $2`,
      [kind, limit],
    );
    return rows.map((r) => r.norm);
  },
};

export interface ReviewRow {
  id: string;
  registry: RegistryKind;
  source_id: string;
  record_key: string;
  entity_id: string;
  candidate_id: string;
  score: number;
  why: Why;
  status: string;
  decided_by: string | null;
  decided_at: Date | null;
  created_at: Date;
}
