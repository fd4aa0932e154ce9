/** The registries' source records, their blocking keys and the golden records they make: SQL only. */
import type { Queryable } from '../../db/index.ts';
import type { Normalized, RegistryKind } from './kinds.ts';
import type { EntityRow, RecordRow, RecordWrite } from './repo.ts';
import type { Provenance, SourceRecord } from './survivorship.ts';

const ENTITY_COLUMNS = `id, registry, status, merged_into, key, name, golden, provenance, records, conflicts, version,
  created_at, updated_at`;

export const recordRepo = {
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
  async entityIds(q: Queryable, kind: RegistryKind): Promise<string[]> {
    const { rows } = await q.query<{ id: string }>(
      `SELECT id FROM registry_entity WHERE registry = $1 AND status = 'active' ORDER BY id`,
      [kind],
    );
    return rows.map((r) => r.id);
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
