/**
 * Reading the exchange: resources with their exchange state, the batch log, held records and the change log —
 * for the console (masked: the console is not a grant) and for the sharing module's data service.
 */
import type { Queryable } from '../../db/index.ts';
import { maskRecord } from '../../lib/mask.ts';
import { AppError } from '../../core/errors.ts';
import { RECORD_FORMATS, type Resource } from '../catalog/index.ts';
import type { ExchangeCore, Reach, RecordView } from './core.ts';
import { presentBatch, presentItems, presentResource } from './presenters.ts';
import { historyRepo } from './history-repo.ts';
import { exchangeRepo, type RecordFilter } from './repo.ts';
import type {
  BatchDetailT,
  BatchT,
  ChangesPageT,
  ExchangeResourceDetailT,
  ExchangeResourceT,
  ResourceListQueryT,
  RowErrorT,
} from './schema.ts';
import { DELETE_FIELD } from './validate.ts';

const OPS = { I: 'insert', U: 'update', D: 'delete' } as const;

/** Connector status per resource; the connector module installs the real lookup when it is wired. */
export type ConnectorSummaries = (ids: string[]) => Promise<Map<string, ExchangeResourceT['connector']>>;

/** A version of a resource: one applied batch that changed it, with its counts and the seqs it logged. */
export interface ResourceVersion {
  batchId: string;
  /** When the batch began: the time its changes carry in the log (`asOf` at it includes them). */
  at: Date;
  inserted: number;
  updated: number;
  deleted: number;
  firstSeq: number;
  lastSeq: number;
}

/** A record that differs between two moments: its state then and at the end (null: absent), and its cursor. */
export interface DiffPair {
  seq: number;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export class ReadService {
  connectorSummaries: ConnectorSummaries = async () => new Map();

  constructor(private readonly core: ExchangeCore) {}

  get #db() {
    return this.core.deps.db;
  }

  /** Published record-holding resources within reach, with their exchange state. */
  async resources(
    reach: Reach,
    query: ResourceListQueryT,
  ): Promise<{ total: number; items: ExchangeResourceT[] }> {
    if (reach.kind === 'none') return { total: 0, items: [] };
    let list = (await this.core.deps.catalog.publishedResources()).filter(
      (r) => RECORD_FORMATS.includes(r.formatCategory) && r.status !== 'retired',
    );
    if (reach.kind === 'departments') list = list.filter((r) => reach.ids.includes(r.departmentId));
    if (query.departmentId) list = list.filter((r) => r.departmentId === query.departmentId);
    if (query.q) {
      const q = query.q.trim();
      list = list.filter((r) => r.name.includes(q) || r.code.includes(q) || r.departmentName.includes(q));
    }
    const states = await exchangeRepo.resourceStates(
      this.#db,
      list.map((r) => r.id),
    );
    if (query.withData) list = list.filter((r) => Number(states.get(r.id)?.last_seq ?? 0) > 0);
    list.sort(
      (a, b) =>
        Number(states.get(b.id)?.records_held ?? 0) - Number(states.get(a.id)?.records_held ?? 0) ||
        a.code.localeCompare(b.code),
    );
    const offset = query.offset ?? 0;
    const page = list.slice(offset, offset + (query.limit ?? 50));
    const connectors = await this.connectorSummaries(page.map((r) => r.id));
    return {
      total: list.length,
      items: page.map((r) => presentResource(r, states.get(r.id), connectors.get(r.id) ?? null)),
    };
  }

  /**
   * Records held and the time of the last change for a list of resources, in one read: for a caller that needs
   * the figures of many resources at once (the open data portal's figures and quality scores) rather than one
   * resource's whole state. Every id asked for is in the answer; one without data holds 0 records.
   */
  async held(
    resourceIds: readonly string[],
  ): Promise<Map<string, { recordsHeld: number; lastChangeAt: string | null }>> {
    const out = new Map<string, { recordsHeld: number; lastChangeAt: string | null }>();
    for (const id of resourceIds) out.set(id, { recordsHeld: 0, lastChangeAt: null });
    if (!resourceIds.length) return out;
    for (const r of await exchangeRepo.held(this.#db, [...new Set(resourceIds)]))
      out.set(r.resource_id, {
        recordsHeld: Number(r.records_held),
        lastChangeAt: r.last_change_at?.toISOString() ?? null,
      });
    return out;
  }

  async resource(resourceId: string): Promise<ExchangeResourceDetailT> {
    const r = await this.core.recordResource(resourceId);
    const states = await exchangeRepo.resourceStates(this.#db, [r.id]);
    const connectors = await this.connectorSummaries([r.id]);
    return { ...presentResource(r, states.get(r.id), connectors.get(r.id) ?? null), items: presentItems(r) };
  }

  async batches(
    resourceId: string,
    limit: number,
    offset: number,
  ): Promise<{ total: number; items: BatchT[] }> {
    const r = await this.core.recordResource(resourceId);
    const rows = await exchangeRepo.batches(this.#db, resourceId, limit, offset);
    return { total: Number(rows[0]?.total ?? 0), items: rows.map((b) => presentBatch(b, r.name)) };
  }

  async batch(id: string): Promise<BatchDetailT & { departmentId: string }> {
    const b = await exchangeRepo.batch(this.#db, id);
    if (!b) throw new AppError('EXCHANGE_BATCH_NOT_FOUND', { id });
    const [r] = await this.core.deps.catalog.publishedResources([b.resource_id]);
    return {
      ...presentBatch(b, r?.name ?? ''),
      errors: b.errors as RowErrorT[],
      departmentId: b.department_id,
    };
  }

  /** Held records, keyset-paged by key; sensitive items masked (the console is not a grant). */
  async records(resourceId: string, after: string | null, limit: number) {
    const r = await this.core.recordResource(resourceId);
    const states = await exchangeRepo.resourceStates(this.#db, [resourceId]);
    const rows = await exchangeRepo.records(this.#db, resourceId, after, limit);
    return {
      total: Number(states.get(resourceId)?.records_held ?? 0),
      items: rows.map((x) => ({
        key: x.record_key,
        seq: Number(x.seq),
        updatedAt: x.updated_at.toISOString(),
        data: maskRecord(x.data, r.items),
      })),
      nextCursor: rows.length === limit ? rows[rows.length - 1]!.record_key : null,
    };
  }

  /**
   * Changes after `after`, projected to `items` (key items always kept) and masked: sensitive non-key items are
   * masked until a grant (the sharing module) says otherwise.
   */
  async changes(
    resource: Resource,
    after: number,
    limit: number,
    view: RecordView | null,
    q: Queryable = this.#db,
  ): Promise<ChangesPageT> {
    const rows = await exchangeRepo.changes(q, resource.id, after, limit);
    const lastSeq = await exchangeRepo.lastSeq(q, resource.id);
    const items = view?.items ?? null;
    const unmasked = view ? new Set(view.unmasked) : undefined;
    const wanted = items
      ? new Set([...items, ...resource.items.filter((i) => i.isKey).map((i) => i.name)])
      : null;
    return {
      resourceId: resource.id,
      changes: rows.map((c) => {
        let data = c.data;
        if (data && wanted) data = Object.fromEntries(Object.entries(data).filter(([k]) => wanted.has(k)));
        return {
          seq: Number(c.seq),
          op: OPS[c.op],
          key: JSON.parse(c.record_key) as unknown[],
          data: data && maskRecord(data, resource.items, unmasked),
          at: c.at.toISOString(),
        };
      }),
      nextCursor: rows.length ? Number(rows[rows.length - 1]!.seq) : after,
      lastSeq,
    };
  }

  /**
   * A read over one resource's current records, for a caller that compiles its own SQL over them (the open data
   * portal's query language): `build` gets the FROM clause, whose rows are `d` with `d.data` (the record, jsonb),
   * `d.record_key` and `d.updated_at`, and returns the statement with its parameters. It runs read-only, within
   * `timeoutMs` on PostgreSQL (PGlite runs in process and has no statement limit), so a costly query ends itself.
   */
  async queryCurrent<T extends object>(
    resourceId: string,
    build: (from: string) => { sql: string; params: unknown[] },
    timeoutMs: number,
  ): Promise<T[]> {
    const { sql, params } = build(exchangeRepo.currentFrom(resourceId));
    return this.#readOnly(timeoutMs, async (tx) => (await tx.query<T>(sql, params)).rows);
  }

  /**
   * `queryCurrent` over the records as they were at `asOf` (each record's latest change at or before it, deletes
   * left out): the same derived table `d`, rebuilt from the change log. Exact for any moment since
   * `historyStart()`; the caller checks the moment first.
   */
  async queryAsOf<T extends object>(
    resourceId: string,
    asOf: Date,
    build: (from: string) => { sql: string; params: unknown[] },
    timeoutMs: number,
  ): Promise<T[]> {
    const { sql, params } = build(historyRepo.asOfFrom(resourceId, asOf));
    return this.#readOnly(timeoutMs, async (tx) => (await tx.query<T>(sql, params)).rows);
  }

  /** `currentValues` as of a moment: keyset pages of `[key, value…]` of the records as they were then. */
  asOfValues(
    resourceId: string,
    items: readonly string[],
    asOf: Date,
    options: { pageSize?: number } = {},
  ): AsyncGenerator<(string | null)[][], void, undefined> {
    return this.#pages(
      (after, size) => historyRepo.asOfValuesPage(this.#db, resourceId, asOf, items, after, size),
      (row) => row[0]!,
      options.pageSize,
    );
  }

  /**
   * What differs between two moments, projected onto `items` (the caller's open items: nothing else is read
   * out): a page of records with their state before and after, keyset-paged by `afterSeq` (see historyRepo.diff).
   */
  async diff(
    resourceId: string,
    range: { from: Date; to: Date },
    items: readonly string[],
    page: { afterSeq: number; limit: number },
    timeoutMs: number,
  ): Promise<DiffPair[]> {
    const rows = await this.#readOnly(timeoutMs, (tx) =>
      historyRepo.diff(tx, resourceId, range.from, range.to, items, page.afterSeq, page.limit),
    );
    return rows.map((r) => ({ seq: Number(r.seq), before: r.before, after: r.after }));
  }

  /**
   * The versions of a resource: the applied batches that changed it, newest first, keyset-paged by their last seq
   * (`beforeSeq`), or those after `afterSeq`, oldest first (`order: 'asc'`), for a feed that sends what is new.
   */
  async versions(
    resourceId: string,
    page: { beforeSeq?: number | null; afterSeq?: number; limit: number },
  ): Promise<{ total: number; items: ResourceVersion[] }> {
    const rows =
      page.afterSeq !== undefined
        ? await historyRepo.versionsAfter(this.#db, resourceId, page.afterSeq, page.limit)
        : await historyRepo.versions(this.#db, resourceId, page.beforeSeq ?? null, page.limit);
    return {
      total: await historyRepo.versionCount(this.#db, resourceId),
      items: rows.map((v) => ({
        batchId: v.id,
        at: v.started_at,
        inserted: Number(v.inserted),
        updated: Number(v.updated),
        deleted: Number(v.deleted),
        firstSeq: Number(v.first_seq),
        lastSeq: Number(v.last_seq),
      })),
    };
  }

  /** A read-only transaction whose statements end themselves after `timeoutMs` on PostgreSQL (PGlite runs in process and has no statement limit). */
  async #readOnly<R>(timeoutMs: number, read: (tx: Queryable) => Promise<R>): Promise<R> {
    return this.#db.transaction(async (tx) => {
      await tx.exec(
        this.#db.engine === 'postgres'
          ? `SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = ${Math.max(1, Math.trunc(timeoutMs))}`
          : 'SET TRANSACTION READ ONLY',
      );
      return read(tx);
    });
  }

  /**
   * Every current record of one resource in key order, at constant memory: keyset pages of `pageSize` records
   * (default 5,000), each page one statement, yielded as arrays of the records' `data`. Nothing is dropped or
   * masked here: the caller decides what leaves. See `#pages` for how the pages are read.
   */
  async *currentPages(
    resourceId: string,
    options: { pageSize?: number } = {},
  ): AsyncGenerator<Record<string, unknown>[], void, undefined> {
    const pages = this.#pages(
      (after, size) => exchangeRepo.currentPage(this.#db, resourceId, after, size),
      (row) => row.record_key,
      options.pageSize,
    );
    for await (const page of pages) yield page.map((row) => row.data);
  }

  /**
   * The same read projected onto some items, for a caller that writes the values out rather than working with
   * the records (the open data portal's downloads): each record is an array of its canonical key, then the items'
   * values in the items' order, each as text — a string as it is, a number or logical value in its JSON form
   * (`12.5`, `true`), an object or array as its JSON text — or null when the record has none. Items not asked for
   * never leave the database (the key is read, for the keyset, whatever its items).
   *
   * Why a projection: a download of 1,000,000 records of 8 items that took each record's jsonb as an object (the
   * driver's JSON.parse of the whole record, then the writer turning numbers back into text) cost ~10 µs of CPU a
   * record between the two processes; taking the values as text, ~7 µs, and a number goes out as PostgreSQL wrote it.
   */
  currentValues(
    resourceId: string,
    items: readonly string[],
    options: { pageSize?: number } = {},
  ): AsyncGenerator<(string | null)[][], void, undefined> {
    return this.#pages(
      (after, size) => exchangeRepo.currentValuesPage(this.#db, resourceId, items, after, size),
      (row) => row[0]!,
      options.pageSize,
    );
  }

  /**
   * Keyset pages in key order, at constant memory.
   *
   * - Pages, not rows: a consumer that formats a page into one chunk pays one await per page; an async generator
   *   yielding each of 1,000,000 records costs a promise and a microtask turn per record.
   * - The next page is asked for as soon as a page arrives (its last key is all it needs), so the database reads
   *   page n + 1 while the caller formats and writes page n; at most two pages are held.
   * - No transaction and no server-side cursor around the whole read: a download runs at the client's pace, and a
   *   transaction held open for minutes would pin a pooled connection, hold back vacuum and meet
   *   `idle_in_transaction_session_timeout` whenever the client stops reading. Each page is a short statement of
   *   its own (~25 ms for 5,000 records, see `exchangeRepo.currentPage`), so the read is not one snapshot: a record
   *   changed meanwhile appears once, in whichever version its page saw (keys are unique and strictly increasing,
   *   so none repeats and none present throughout is missed).
   */
  async *#pages<R>(
    fetchPage: (after: string | null, size: number) => Promise<R[]>,
    keyOf: (row: R) => string,
    pageSize = 5_000,
  ): AsyncGenerator<R[], void, undefined> {
    const size = Math.max(1, Math.trunc(pageSize));
    let pending: Promise<R[]> | null = fetchPage(null, size);
    try {
      while (pending) {
        const rows: R[] = await pending;
        pending = rows.length === size ? fetchPage(keyOf(rows[rows.length - 1]!), size) : null;
        if (rows.length) yield rows;
      }
    } finally {
      // A consumer that stops early (a client gone) leaves a page in flight: let it settle unobserved.
      pending?.catch(() => undefined);
    }
  }

  /** One held record by its canonical key (see canonicalKey). */
  async recordByKey(resourceId: string, key: string, q: Queryable = this.#db) {
    return exchangeRepo.recordByKey(q, resourceId, key);
  }

  /** Held records matching every filter, keyset-paged by canonical key. */
  async findRecords(
    resourceId: string,
    filters: readonly RecordFilter[],
    after: string | null,
    limit: number,
    q: Queryable = this.#db,
  ) {
    return exchangeRepo.findRecords(q, resourceId, filters, after, limit);
  }

  /**
   * The canonical key of a record from its key items' values as a caller typed them (converted and checked the
   * way ingest does), or the field errors that say why it is not a valid key.
   */
  canonicalKey(
    resource: Resource,
    values: Record<string, unknown>,
  ):
    | { ok: true; key: string }
    | { ok: false; errors: { field: string | null; code: string; message: string }[] } {
    const schema = this.core.schemaOf(resource);
    const probe: Record<string, unknown> = { [DELETE_FIELD]: true };
    for (const name of schema.keyItems) probe[name] = values[name];
    const checked = schema.check(probe, 1, { allowDelete: true });
    if (!checked.ok)
      return {
        ok: false,
        errors: checked.errors.map(({ field, code, message }) => ({ field, code, message })),
      };
    return { ok: true, key: checked.key };
  }
}
