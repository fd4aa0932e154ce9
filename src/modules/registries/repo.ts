/** The registries' SQL, and only here. Multi-row writes pass one JSON array (jsonb_to_recordset): one statement a page. */
import type { Queryable } from '../../db/index.ts';
import { queueRepo } from './queue-repo.ts';
import { recordRepo } from './record-repo.ts';
import type { Normalized, RegistryKind } from './kinds.ts';
import type { Why } from './linker.ts';
import type { Provenance, RuleKind } from './survivorship.ts';

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

export const setupRepo = {
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
};

/** Every registry query, by family: setup and sources here, records and golden records, queues and history. */
export const registryRepo = { ...setupRepo, ...recordRepo, ...queueRepo };

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
