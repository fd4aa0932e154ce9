/** The registries' conflict and review queues and the golden records' history: SQL only. */
import type { Queryable } from '../../db/index.ts';
import type { RegistryKind } from './kinds.ts';
import type { Why } from './linker.ts';
import type { EventWrite, ReviewRow } from './repo.ts';
import type { ConflictCandidate } from './survivorship.ts';

export const queueRepo = {
  /** Open reviews that name a golden record, as the new record's or as the candidate. */
  async openReviewsOf(q: Queryable, entityId: string): Promise<ReviewRow[]> {
    const { rows } = await q.query<ReviewRow>(
      `SELECT * FROM registry_review WHERE (entity_id = $1 OR candidate_id = $1) AND status = 'open'
       ORDER BY created_at LIMIT 20`,
      [entityId],
    );
    return rows;
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
};
