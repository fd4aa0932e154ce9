import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../../../db/index.ts';
import type { SecretBox } from '../../../lib/secretbox.ts';
import { AppError, type FieldError } from '../../../core/errors.ts';
import type { Actor, AuditService } from '../../audit/index.ts';
import { UPDATE_CYCLES, type Item, type Resource } from '../../catalog/index.ts';
import type { ExchangeResourceT } from '../schema.ts';
import type { ExchangeService } from '../service.ts';
import type { SourceRow } from '../types.ts';
import { DELETE_FIELD } from '../validate.ts';
import { connectorRepo, type ConnectorFields, type ConnectorRow, type RunRow } from './repo.ts';
import type {
  ConnectorInputT,
  ConnectorRunT,
  ConnectorT,
  ConnectorTestInputT,
  ConnectorTestResultT,
} from './schema.ts';
import {
  defaultSources,
  sourceError,
  type Source,
  type SourceConfig,
  type SourceFactory,
  type SourceRecord,
} from './sources.ts';

/** Rows read per page; each page is one exchange batch. */
export const PAGE_SIZE = 5000;
/** How long a claim holds a connector; every committed page renews it. */
export const LEASE_SECONDS = 300;
/** A failed run is retried after this many minutes at most. */
const RETRY_MINUTES = 5;
/** Rows sharing one incremental value that a page may grow to hold (see readPage). */
const MAX_TIE_ROWS = 200_000;

/**
 * Minutes between runs when the connector has no interval of its own, from the resource's update cycle. Polling
 * finds nothing new cheaply, so each cycle is checked well within its period:
 *   实时 realtime → every minute
 *   每日 daily → hourly (a day's data may land at any hour; lag stays under an hour)
 *   每周 weekly → every 6 hours
 *   每月, 每季度, 每半年, 每年 → daily
 *   不定期 irregular → hourly (no period to go by, so as for daily)
 */
export const CYCLE_MINUTES: Record<string, number> = {
  realtime: 1,
  daily: 60,
  weekly: 360,
  monthly: 1440,
  quarterly: 1440,
  semiannual: 1440,
  annual: 1440,
  irregular: 60,
};

/** The audit actor of scheduled runs. */
export const CONNECTOR_ACTOR: Actor = {
  id: null,
  name: 'connector',
  kind: 'system',
  ip: null,
  requestId: null,
};

export interface ConnectorServiceOptions {
  /** Names this process in leases (default host:pid:random); unique per process. */
  workerId?: string;
  /** The drivers (tests substitute their own). */
  sources?: SourceFactory;
  /** Rows per page (default 5,000). */
  pageSize?: number;
  /**
   * Addresses a connector may never point at: the platform's own database, so a steward cannot use a connection
   * test to probe it (on a trusting loopback it would even let them in).
   */
  blockedTargets?: { host: string; port: number }[];
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0']);
const sameHost = (a: string, b: string) =>
  a.toLowerCase() === b.toLowerCase() || (LOOPBACK.has(a.toLowerCase()) && LOOPBACK.has(b.toLowerCase()));

const field = (name: string, code: string, zh: string, en: string): FieldError => ({
  field: name,
  code,
  message: { zh, en },
});

function minutesLabel(m: number): string {
  if (m % 1440 === 0) return m === 1440 ? '每天' : `每 ${m / 1440} 天`;
  if (m % 60 === 0) return m === 60 ? '每小时' : `每 ${m / 60} 小时`;
  return m === 1 ? '每分钟' : `每 ${m} 分钟`;
}

/** Minutes between runs and how they were chosen. */
export function scheduleOf(
  intervalMinutes: number | null,
  updateCycle: string | undefined,
): ConnectorT['schedule'] {
  if (intervalMinutes !== null)
    return {
      minutes: intervalMinutes,
      basis: 'interval',
      description: `${minutesLabel(intervalMinutes)}运行一次`,
    };
  const minutes = CYCLE_MINUTES[updateCycle ?? ''] ?? 60;
  const zh = UPDATE_CYCLES.find((c) => c.value === updateCycle)?.zh ?? '未知';
  return {
    minutes,
    basis: 'update_cycle',
    description: `按更新周期（${zh}）${minutesLabel(minutes)}检查一次`,
  };
}

/**
 * Source column → item: the column map first; then a column named like an item that no mapped column feeds;
 * anything else is ignored. `_delete` may be a target (a column that marks deleted rows).
 */
export function columnMapper(
  items: Item[],
  columnMap: Record<string, string>,
): (column: string) => string | null {
  const names = new Set(items.map((i) => i.name));
  const targets = new Set(Object.values(columnMap));
  const cache = new Map<string, string | null>();
  return (column) => {
    let item = cache.get(column);
    if (item === undefined) {
      if (Object.hasOwn(columnMap, column)) item = columnMap[column]!;
      else item = names.has(column) && !targets.has(column) ? column : null;
      cache.set(column, item);
    }
    return item;
  };
}

function presentRun(r: RunRow): ConnectorRunT {
  return {
    id: r.id,
    connectorId: r.connector_id,
    resourceId: r.resource_id,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    outcome: r.outcome,
    rowsRead: Number(r.rows_read),
    batches: r.batches,
    highWaterBefore: r.high_water_before,
    highWaterAfter: r.high_water_after,
    error: r.error,
  };
}

const messageOf = (err: unknown): string => {
  if (err instanceof AppError) {
    const reason = err.details?.reason;
    return typeof reason === 'string' ? `${err.localized('zh')}：${reason}` : err.localized('zh');
  }
  return err instanceof Error ? err.message : String(err);
};

/**
 * Pull connectors (前置库对接): per resource, a department's own PostgreSQL or MySQL/MariaDB database read past a
 * high-water mark into the exchange.
 *
 * A run reads pages in incremental order and feeds each to ExchangeService.ingest as one upsert batch; the batch's
 * transaction also moves the high-water mark (beforeCommit), so a page is taken in and remembered together or not
 * at all — a crash can neither lose rows nor apply them twice, and the next run resumes at the last committed page.
 * Batches use onError 'quarantine': a source row that breaks the catalog's rules is set aside for the steward and
 * the rest go in, because a pull cannot be re-sent corrected like a push, and a single bad row would otherwise stop
 * the department's feed for good (the high-water mark could never pass it).
 *
 * Runs are leased (lease_owner/lease_until) so that processes sharing one PostgreSQL never run a connector twice at
 * once; the page commit also checks the lease, so a run that lost it (stalled past its expiry) commits nothing more.
 * Passwords are sealed with SM4 (SecretBox) and never leave the service.
 */
export class ConnectorService {
  readonly workerId: string;
  readonly #sources: SourceFactory;
  readonly #pageSize: number;

  readonly #blocked: { host: string; port: number }[];
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly exchange: ExchangeService,
    private readonly secrets: SecretBox,
    options: ConnectorServiceOptions = {},
  ) {
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.#sources = options.sources ?? defaultSources;
    this.#pageSize = options.pageSize ?? PAGE_SIZE;
    this.#blocked = options.blockedTargets ?? [];
    exchange.connectorSummaries = (ids) => this.summaries(ids);
  }

  // Reading

  async get(resourceId: string): Promise<ConnectorT> {
    const resource = await this.exchange.recordResource(resourceId);
    return this.present(await this.#row(this.db, resourceId), resource);
  }

  async runs(
    resourceId: string,
    limit: number,
    offset: number,
  ): Promise<{ total: number; items: ConnectorRunT[] }> {
    const row = await this.#row(this.db, resourceId);
    const { total, rows } = await connectorRepo.runs(this.db, row.id, limit, offset);
    return { total, items: rows.map(presentRun) };
  }

  /** Connector state per resource, for the exchange's resource listings. */
  async summaries(resourceIds: string[]): Promise<Map<string, ExchangeResourceT['connector']>> {
    const rows = await connectorRepo.byResources(this.db, resourceIds);
    return new Map(
      rows.map((r) => [
        r.resource_id,
        {
          kind: r.kind,
          status: r.status,
          enabled: r.enabled,
          lastRunAt: r.last_run_at?.toISOString() ?? null,
          lastError: r.last_error,
          nextRunAt: r.next_run_at.toISOString(),
          highWater: r.high_water,
        },
      ]),
    );
  }

  present(r: ConnectorRow, resource: Pick<Resource, 'updateCycle'> | undefined): ConnectorT {
    return {
      id: r.id,
      resourceId: r.resource_id,
      departmentId: r.department_id,
      kind: r.kind,
      host: r.host,
      port: r.port,
      database: r.database_name,
      username: r.username,
      passwordSet: r.password_enc !== '',
      sourceTable: r.source_table,
      sourceQuery: r.source_query,
      columnMap: r.column_map,
      incrementalColumn: r.incremental_column,
      intervalMinutes: r.interval_minutes,
      enabled: r.enabled,
      status: r.status,
      running: r.leased,
      lastRunAt: r.last_run_at?.toISOString() ?? null,
      lastError: r.last_error,
      nextRunAt: r.next_run_at.toISOString(),
      highWater: r.high_water,
      schedule: scheduleOf(r.interval_minutes, resource?.updateCycle),
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    };
  }

  // Changing

  /** Creates or replaces the resource's connector. Refused while a run holds it. */
  async save(
    actor: Actor,
    resourceId: string,
    input: ConnectorInputT,
  ): Promise<{ connector: ConnectorT; created: boolean }> {
    const resource = await this.exchange.recordResource(resourceId);
    const created = await this.db.transaction(async (tx) => {
      const existing = await connectorRepo.byResource(tx, resourceId, true);
      if (existing?.leased) throw new AppError('EXCHANGE_CONNECTOR_BUSY', { resourceId });
      const errors = this.#check(input, resource, existing);
      if (errors.length) throw new AppError('REQUEST_VALIDATION_FAILED', { fields: errors });
      const fields: ConnectorFields = {
        kind: input.kind,
        host: input.host,
        port: input.port,
        databaseName: input.database,
        username: input.username,
        passwordEnc:
          input.password !== undefined ? this.secrets.seal(input.password) : existing!.password_enc,
        sourceTable: input.sourceTable?.trim() || null,
        sourceQuery: input.sourceQuery?.trim() || null,
        columnMap: input.columnMap ?? {},
        incrementalColumn: input.incrementalColumn,
        intervalMinutes: input.intervalMinutes ?? null,
        enabled: input.enabled ?? true,
        highWater: input.highWater !== undefined ? input.highWater : (existing?.high_water ?? null),
      };
      if (existing) await connectorRepo.update(tx, existing.id, resource.departmentId, fields);
      else await connectorRepo.insert(tx, resourceId, resource.departmentId, fields);
      await this.audit.record(
        actor,
        {
          action: existing ? 'exchange.connector.update' : 'exchange.connector.create',
          objectType: 'catalog_resource',
          objectId: resourceId,
          departmentId: resource.departmentId,
          outcome: 'success',
          details: {
            kind: fields.kind,
            host: fields.host,
            port: fields.port,
            database: fields.databaseName,
            username: fields.username,
            sourceTable: fields.sourceTable,
            sourceQuery: fields.sourceQuery,
            incrementalColumn: fields.incrementalColumn,
            intervalMinutes: fields.intervalMinutes,
            enabled: fields.enabled,
            passwordChanged: input.password !== undefined,
            ...(input.highWater !== undefined ? { highWater: input.highWater } : {}),
          },
        },
        tx,
      );
      return !existing;
    });
    return { connector: await this.get(resourceId), created };
  }

  async remove(actor: Actor, resourceId: string): Promise<void> {
    const resource = await this.exchange.recordResource(resourceId);
    await this.db.transaction(async (tx) => {
      const existing = await connectorRepo.byResource(tx, resourceId, true);
      if (!existing) throw new AppError('EXCHANGE_CONNECTOR_NOT_FOUND', { resourceId });
      if (existing.leased) throw new AppError('EXCHANGE_CONNECTOR_BUSY', { resourceId });
      await connectorRepo.delete(tx, existing.id);
      await this.audit.record(
        actor,
        {
          action: 'exchange.connector.delete',
          objectType: 'catalog_resource',
          objectId: resourceId,
          departmentId: resource.departmentId,
          outcome: 'success',
          details: { host: existing.host, port: existing.port, database: existing.database_name },
        },
        tx,
      );
    });
  }

  /**
   * Connects with the given settings (omitted ones from the stored connector) and lists the source's columns
   * and how they map to items. The stored password is only used for the stored kind, host, port and user, so it
   * cannot be sent to another server. Audited, successful or not.
   */
  async test(
    actor: Actor,
    resourceId: string,
    input: ConnectorTestInputT = {},
  ): Promise<ConnectorTestResultT> {
    const resource = await this.exchange.recordResource(resourceId);
    const stored = await connectorRepo.byResource(this.db, resourceId);
    const merged: ConnectorInputT = {
      kind: input.kind ?? stored?.kind ?? ('' as ConnectorInputT['kind']),
      host: input.host ?? stored?.host ?? '',
      port: input.port ?? stored?.port ?? 0,
      database: input.database ?? stored?.database_name ?? '',
      username: input.username ?? stored?.username ?? '',
      password: input.password,
      incrementalColumn: input.incrementalColumn ?? stored?.incremental_column ?? '',
      columnMap: input.columnMap ?? stored?.column_map ?? {},
    };
    const givesSource = input.sourceTable !== undefined || input.sourceQuery !== undefined;
    merged.sourceTable = givesSource ? input.sourceTable : stored?.source_table;
    merged.sourceQuery = givesSource ? input.sourceQuery : stored?.source_query;
    const errors = this.#check(merged, resource, stored);
    for (const [k, v] of Object.entries({
      kind: merged.kind,
      host: merged.host,
      port: merged.port,
      database: merged.database,
      username: merged.username,
      incrementalColumn: merged.incrementalColumn,
    }))
      if (!v && !errors.some((e) => e.field === k))
        errors.push(field(k, 'REQUIRED', '未配置且请求中未提供', 'Not stored and not given'));
    if (errors.length) throw new AppError('REQUEST_VALIDATION_FAILED', { fields: errors });

    const config = this.#config(merged, merged.password ?? this.secrets.open(stored!.password_enc));
    const target = { kind: config.kind, host: config.host, port: config.port, database: config.database };
    const started = Date.now();
    let source: Source | undefined;
    try {
      source = this.#sources(config.kind);
      await source.open(config);
      const info = await source.test();
      if (!info.columns.includes(config.incrementalColumn))
        throw new AppError('EXCHANGE_CONNECTOR_FAILED', {
          stage: 'query',
          reason: `增量字段“${config.incrementalColumn}”不在源表或查询的列中（现有列：${info.columns.join('、')}）`,
        });
      const latencyMs = Date.now() - started;
      const mapOf = columnMapper(resource.items, merged.columnMap ?? {});
      const mapping = info.columns.map((column) => ({ column, item: mapOf(column) }));
      const fed = new Set(mapping.flatMap((m) => (m.item ? [m.item] : [])));
      const unmappedItems = resource.items.filter((i) => !fed.has(i.name)).map((i) => i.name);
      const warnings: string[] = [];
      const keys = resource.items.filter((i) => i.isKey && !fed.has(i.name)).map((i) => i.name);
      if (keys.length) warnings.push(`主键信息项 ${keys.join('、')} 没有对应的列，所有行都将被隔离`);
      const required = resource.items
        .filter((i) => i.required && !i.isKey && !fed.has(i.name))
        .map((i) => i.name);
      if (required.length) warnings.push(`必填信息项 ${required.join('、')} 没有对应的列，各行都将被隔离`);
      for (const [column, item] of Object.entries(merged.columnMap ?? {}))
        if (!info.columns.includes(column))
          warnings.push(`映射中的列“${column}”（→ ${item}）不在源表或查询中`);
      await this.audit.record(actor, {
        action: 'exchange.connector.test',
        objectType: 'catalog_resource',
        objectId: resourceId,
        departmentId: resource.departmentId,
        outcome: 'success',
        details: { ...target, latencyMs },
      });
      return {
        ok: true,
        serverVersion: info.serverVersion,
        latencyMs,
        columns: info.columns,
        mapping,
        unmappedItems,
        warnings,
      };
    } catch (err) {
      const failure = sourceError('connect', err, config.password);
      await this.audit.record(actor, {
        action: 'exchange.connector.test',
        objectType: 'catalog_resource',
        objectId: resourceId,
        departmentId: resource.departmentId,
        outcome: 'failure',
        details: { ...target, error: messageOf(failure) },
      });
      throw failure;
    } finally {
      await source?.close();
    }
  }

  // Running

  /** Runs the resource's connector now (enabled or not) and returns the run; BUSY while another run holds it. */
  async runNow(actor: Actor, resourceId: string): Promise<ConnectorRunT> {
    const resource = await this.exchange.recordResource(resourceId);
    const row = await this.#row(this.db, resourceId);
    const claimed = await connectorRepo.claimOne(this.db, row.id, this.workerId, LEASE_SECONDS);
    if (!claimed) throw new AppError('EXCHANGE_CONNECTOR_BUSY', { resourceId });
    const run = await this.#run(claimed, actor);
    await this.audit.record(actor, {
      action: 'exchange.connector.run',
      objectType: 'catalog_resource',
      objectId: resourceId,
      departmentId: resource.departmentId,
      outcome: run.outcome === 'ok' ? 'success' : 'failure',
      details: {
        runId: run.id,
        rowsRead: run.rowsRead,
        batches: run.batches,
        highWaterBefore: run.highWaterBefore,
        highWaterAfter: run.highWaterAfter,
        error: run.error,
      },
    });
    return run;
  }

  /**
   * Claims up to `limit` due connectors and runs them (the scheduler's tick). `signal` stops runs after their
   * current page; they are due again at once, so the next process resumes them.
   */
  async runDue(limit = 4, signal?: AbortSignal): Promise<ConnectorRunT[]> {
    if (signal?.aborted) return [];
    const claimed = await connectorRepo.claimDue(this.db, this.workerId, LEASE_SECONDS, limit);
    return Promise.all(claimed.map((row) => this.#run(row, CONNECTOR_ACTOR, signal)));
  }

  /** One run of a connector this worker has leased. Failures are recorded on the run, not thrown. */
  async #run(row: ConnectorRow, actor: Actor, signal?: AbortSignal): Promise<ConnectorRunT> {
    const run = await this.db.transaction(async (tx) => {
      await connectorRepo.closeAbandonedRuns(tx, row.id);
      return connectorRepo.insertRun(tx, row.id, row.resource_id, row.high_water);
    });
    let highWater = row.high_water;
    let rowsRead = 0;
    let batches = 0;
    let error: string | null = null;
    let stoppedEarly = false;
    let minutes = scheduleOf(row.interval_minutes, undefined).minutes;
    let source: Source | undefined;
    try {
      const resource = await this.exchange.recordResource(row.resource_id);
      minutes = scheduleOf(row.interval_minutes, resource.updateCycle).minutes;
      const mapOf = columnMapper(resource.items, row.column_map);
      const config = this.#config(
        {
          kind: row.kind,
          host: row.host,
          port: row.port,
          database: row.database_name,
          username: row.username,
          sourceTable: row.source_table,
          sourceQuery: row.source_query,
          incrementalColumn: row.incremental_column,
        },
        this.secrets.open(row.password_enc),
      );
      source = this.#sources(config.kind);
      await source.open(config);
      for (;;) {
        if (signal?.aborted) {
          stoppedEarly = true;
          break;
        }
        const page = await this.#readPage(source, highWater);
        if (!page.rows.length) break;
        const pageRows: SourceRow[] = page.rows.map((r, i) => {
          const values: Record<string, unknown> = {};
          for (const column in r.values) {
            const item = mapOf(column);
            if (item !== null) values[item] = r.values[column];
          }
          return { row: i + 1, values };
        });
        const read = rowsRead + page.rows.length;
        await this.exchange.ingest(actor, row.resource_id, pageRows, {
          source: 'connector',
          mode: 'upsert',
          onError: 'quarantine',
          beforeCommit: async (tx) => {
            if (!(await connectorRepo.advance(tx, row.id, this.workerId, page.highWater, LEASE_SECONDS)))
              throw new AppError('EXCHANGE_CONNECTOR_BUSY', { resourceId: row.resource_id, lease: 'lost' });
            await connectorRepo.progressRun(tx, run.id, read, batches + 1, page.highWater);
          },
        });
        highWater = page.highWater;
        rowsRead = read;
        batches++;
        if (!page.more) break;
      }
    } catch (err) {
      error = messageOf(err);
    } finally {
      await source?.close();
    }
    const done = await this.db.transaction(async (tx) => {
      const finished = await connectorRepo.finishRun(
        tx,
        run.id,
        error ? 'failed' : 'ok',
        rowsRead,
        batches,
        error,
      );
      const next = stoppedEarly ? 0 : error ? Math.min(minutes, RETRY_MINUTES) : minutes;
      await connectorRepo.release(tx, row.id, this.workerId, error ? 'failed' : 'ok', error, next);
      return finished;
    });
    return presentRun(done);
  }

  /**
   * The next page past `after`. A full page may end inside a group of rows sharing one incremental value, and the
   * next read (`> value`) would skip the group's rest; so a full page gives back its trailing group (read again
   * next time), and a page that is one group only is read again larger until the group ends.
   */
  async #readPage(
    source: Source,
    after: string | null,
  ): Promise<{ rows: SourceRecord[]; highWater: string; more: boolean }> {
    let limit = this.#pageSize;
    for (;;) {
      const rows = await source.read(after, limit);
      const last = rows[rows.length - 1];
      if (!last) return { rows, highWater: after ?? '', more: false };
      if (rows.length < limit) return { rows, highWater: last.highWater, more: false };
      let end = rows.length;
      while (end > 0 && rows[end - 1]!.highWater === last.highWater) end--;
      if (end > 0) return { rows: rows.slice(0, end), highWater: rows[end - 1]!.highWater, more: true };
      if (limit >= MAX_TIE_ROWS)
        throw new AppError('EXCHANGE_CONNECTOR_FAILED', {
          stage: 'query',
          reason: `超过 ${MAX_TIE_ROWS} 行的增量字段值相同（${last.highWater}），无法分页读取；请改用更细的增量字段`,
        });
      limit = Math.min(limit * 4, MAX_TIE_ROWS);
    }
  }

  // Helpers

  async #row(q: Queryable, resourceId: string): Promise<ConnectorRow> {
    const row = await connectorRepo.byResource(q, resourceId);
    if (!row) throw new AppError('EXCHANGE_CONNECTOR_NOT_FOUND', { resourceId });
    return row;
  }

  #config(
    s: Pick<
      ConnectorInputT,
      'kind' | 'host' | 'port' | 'database' | 'username' | 'sourceTable' | 'sourceQuery' | 'incrementalColumn'
    >,
    password: string,
  ): SourceConfig {
    return {
      kind: s.kind,
      host: s.host,
      port: s.port,
      database: s.database,
      username: s.username,
      password,
      table: s.sourceTable?.trim() || null,
      query: s.sourceQuery?.trim() || null,
      incrementalColumn: s.incrementalColumn,
    };
  }

  /** What a schema cannot say about connector settings. */
  #check(input: ConnectorInputT, resource: Resource, existing: ConnectorRow | undefined): FieldError[] {
    const errors: FieldError[] = [];
    if (this.#blocked.some((b) => b.port === input.port && sameHost(b.host, input.host)))
      errors.push(
        field(
          'host',
          'BLOCKED',
          '不能连接平台自身的数据库',
          "A connector cannot point at the platform's own database",
        ),
      );
    const table = input.sourceTable?.trim() || null;
    const query = input.sourceQuery?.trim() || null;
    if ((table === null) === (query === null))
      errors.push(
        field(
          table === null ? 'sourceTable' : 'sourceQuery',
          'SOURCE_REQUIRED',
          '请填写源表或查询语句（二选一）',
          'Give either a source table or a query, not both',
        ),
      );
    if (query !== null && !/^(select|with)\b/i.test(query.replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)+/, '')))
      errors.push(
        field('sourceQuery', 'NOT_SELECT', '查询语句须以 SELECT 或 WITH 开头', 'The query must be a SELECT'),
      );
    const names = new Set(resource.items.map((i) => i.name));
    const seen = new Map<string, string>();
    for (const [column, item] of Object.entries(input.columnMap ?? {})) {
      if (item !== DELETE_FIELD && !names.has(item))
        errors.push(
          field(
            `columnMap.${column}`,
            'UNKNOWN_ITEM',
            `目录中没有信息项“${item}”`,
            `The catalog has no item "${item}"`,
          ),
        );
      else if (seen.has(item))
        errors.push(
          field(
            `columnMap.${column}`,
            'DUPLICATE_ITEM',
            `列“${seen.get(item)}”和“${column}”映射到同一信息项“${item}”`,
            `Columns "${seen.get(item)}" and "${column}" map to the same item "${item}"`,
          ),
        );
      seen.set(item, column);
    }
    const sameServer =
      existing !== undefined &&
      existing.kind === input.kind &&
      existing.host === input.host &&
      existing.port === input.port &&
      existing.username === input.username;
    if (input.password === undefined && !sameServer)
      errors.push(
        field(
          'password',
          'REQUIRED',
          existing ? '更换服务器或用户名时须重新填写密码' : '请填写密码',
          existing ? 'A new server or user needs the password again' : 'The password is required',
        ),
      );
    return errors;
  }
}
