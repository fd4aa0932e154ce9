import type { Queryable } from '../../../db/index.ts';

export interface ConnectorRow {
  id: string;
  resource_id: string;
  department_id: string;
  kind: 'postgres' | 'mysql';
  host: string;
  port: number;
  database_name: string;
  username: string;
  password_enc: string;
  source_table: string | null;
  source_query: string | null;
  column_map: Record<string, string>;
  incremental_column: string;
  interval_minutes: number | null;
  enabled: boolean;
  high_water: string | null;
  status: 'idle' | 'running' | 'ok' | 'failed';
  last_run_at: Date | null;
  last_error: string | null;
  next_run_at: Date;
  lease_owner: string | null;
  lease_until: Date | null;
  /** The lease is held now (computed with the database's clock). */
  leased: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface RunRow {
  id: string;
  connector_id: string;
  resource_id: string;
  started_at: Date;
  finished_at: Date | null;
  outcome: 'running' | 'ok' | 'failed';
  rows_read: string;
  batches: number;
  high_water_before: string | null;
  high_water_after: string | null;
  error: string | null;
}

export interface ConnectorFields {
  kind: 'postgres' | 'mysql';
  host: string;
  port: number;
  databaseName: string;
  username: string;
  passwordEnc: string;
  sourceTable: string | null;
  sourceQuery: string | null;
  columnMap: Record<string, string>;
  incrementalColumn: string;
  intervalMinutes: number | null;
  enabled: boolean;
  highWater: string | null;
}

const COLUMNS = `*, (lease_until IS NOT NULL AND lease_until > now()) AS leased`;
const FREE = `(lease_until IS NULL OR lease_until < now())`;

/** The SQL of pull connectors: exchange_connector and exchange_connector_run only. */
export const connectorRepo = {
  async byResource(q: Queryable, resourceId: string, forUpdate = false): Promise<ConnectorRow | undefined> {
    const { rows } = await q.query<ConnectorRow>(
      `SELECT ${COLUMNS} FROM exchange_connector WHERE resource_id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [resourceId],
    );
    return rows[0];
  },

  async byResources(q: Queryable, resourceIds: string[]): Promise<ConnectorRow[]> {
    if (!resourceIds.length) return [];
    const { rows } = await q.query<ConnectorRow>(
      `SELECT ${COLUMNS} FROM exchange_connector WHERE resource_id = ANY($1::uuid[])`,
      [resourceIds],
    );
    return rows;
  },

  async insert(q: Queryable, resourceId: string, departmentId: string, f: ConnectorFields): Promise<void> {
    await q.query(
      `INSERT INTO exchange_connector (resource_id, department_id, kind, host, port, database_name, username,
         password_enc, source_table, source_query, column_map, incremental_column, interval_minutes, enabled,
         high_water)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14, $15)`,
      [
        resourceId,
        departmentId,
        f.kind,
        f.host,
        f.port,
        f.databaseName,
        f.username,
        f.passwordEnc,
        f.sourceTable,
        f.sourceQuery,
        JSON.stringify(f.columnMap),
        f.incrementalColumn,
        f.intervalMinutes,
        f.enabled,
        f.highWater,
      ],
    );
  },

  /** New settings take effect at once: the connector is due now. */
  async update(q: Queryable, id: string, departmentId: string, f: ConnectorFields): Promise<void> {
    await q.query(
      `UPDATE exchange_connector SET department_id = $2, kind = $3, host = $4, port = $5, database_name = $6,
         username = $7, password_enc = $8, source_table = $9, source_query = $10, column_map = $11::jsonb,
         incremental_column = $12, interval_minutes = $13, enabled = $14, high_water = $15,
         next_run_at = now(), updated_at = now()
       WHERE id = $1`,
      [
        id,
        departmentId,
        f.kind,
        f.host,
        f.port,
        f.databaseName,
        f.username,
        f.passwordEnc,
        f.sourceTable,
        f.sourceQuery,
        JSON.stringify(f.columnMap),
        f.incrementalColumn,
        f.intervalMinutes,
        f.enabled,
        f.highWater,
      ],
    );
  },

  async delete(q: Queryable, id: string): Promise<void> {
    await q.query(`DELETE FROM exchange_connector WHERE id = $1`, [id]);
  },

  /**
   * Leases up to `limit` due connectors to `owner`. SKIP LOCKED lets several processes claim at once without
   * waiting for or taking each other's rows; an expired lease (a process that died mid-run) is claimable again.
   */
  async claimDue(q: Queryable, owner: string, leaseSeconds: number, limit: number): Promise<ConnectorRow[]> {
    const { rows } = await q.query<ConnectorRow>(
      `UPDATE exchange_connector SET lease_owner = $1, lease_until = now() + make_interval(secs => $2),
         status = 'running'
       WHERE id IN (
         SELECT id FROM exchange_connector
         WHERE enabled AND next_run_at <= now() AND ${FREE}
         ORDER BY next_run_at
         FOR UPDATE SKIP LOCKED
         LIMIT $3)
       RETURNING ${COLUMNS}`,
      [owner, leaseSeconds, limit],
    );
    return rows;
  },

  /** Leases one connector now (run on demand), enabled or not; undefined when another run holds it. */
  async claimOne(
    q: Queryable,
    id: string,
    owner: string,
    leaseSeconds: number,
  ): Promise<ConnectorRow | undefined> {
    const { rows } = await q.query<ConnectorRow>(
      `UPDATE exchange_connector SET lease_owner = $2, lease_until = now() + make_interval(secs => $3),
         status = 'running'
       WHERE id = $1 AND ${FREE}
       RETURNING ${COLUMNS}`,
      [id, owner, leaseSeconds],
    );
    return rows[0];
  },

  /**
   * Moves the high-water mark and renews the lease, inside the batch that took the rows in; false when `owner`
   * no longer holds the lease (the batch must then roll back).
   */
  async advance(
    q: Queryable,
    id: string,
    owner: string,
    highWater: string,
    leaseSeconds: number,
  ): Promise<boolean> {
    const res = await q.query(
      `UPDATE exchange_connector SET high_water = $3, lease_until = now() + make_interval(secs => $4)
       WHERE id = $1 AND lease_owner = $2`,
      [id, owner, highWater, leaseSeconds],
    );
    return res.rowCount === 1;
  },

  /** Ends a run's lease: its outcome, and when to run next (minutes from now). */
  async release(
    q: Queryable,
    id: string,
    owner: string,
    status: 'ok' | 'failed',
    lastError: string | null,
    nextInMinutes: number,
  ): Promise<void> {
    await q.query(
      `UPDATE exchange_connector SET status = $3, last_error = $4, last_run_at = now(),
         next_run_at = now() + make_interval(mins => $5), lease_owner = NULL, lease_until = NULL
       WHERE id = $1 AND lease_owner = $2`,
      [id, owner, status, lastError, nextInMinutes],
    );
  },

  /** Runs left 'running' by a process that stopped mid-run; called by the lease's new holder. */
  async closeAbandonedRuns(q: Queryable, connectorId: string): Promise<void> {
    await q.query(
      `UPDATE exchange_connector_run SET outcome = 'failed', finished_at = now(),
         error = '运行中断（进程退出或租约过期），下次运行从上次提交的高水位继续'
       WHERE connector_id = $1 AND outcome = 'running'`,
      [connectorId],
    );
  },

  async insertRun(
    q: Queryable,
    connectorId: string,
    resourceId: string,
    highWater: string | null,
  ): Promise<RunRow> {
    const { rows } = await q.query<RunRow>(
      `INSERT INTO exchange_connector_run (connector_id, resource_id, started_at, outcome, high_water_before,
         high_water_after)
       VALUES ($1, $2, now(), 'running', $3, $3)
       RETURNING *`,
      [connectorId, resourceId, highWater],
    );
    return rows[0]!;
  },

  async progressRun(
    q: Queryable,
    runId: string,
    rowsRead: number,
    batches: number,
    highWater: string,
  ): Promise<void> {
    await q.query(
      `UPDATE exchange_connector_run SET rows_read = $2, batches = $3, high_water_after = $4 WHERE id = $1`,
      [runId, rowsRead, batches, highWater],
    );
  },

  /** Ends a run; rows and batches count what was read, even past the last committed page of a failed run. */
  async finishRun(
    q: Queryable,
    runId: string,
    outcome: 'ok' | 'failed',
    rowsRead: number,
    batches: number,
    error: string | null,
  ): Promise<RunRow> {
    const { rows } = await q.query<RunRow>(
      `UPDATE exchange_connector_run SET outcome = $2, rows_read = $3, batches = $4, error = $5, finished_at = now()
       WHERE id = $1
       RETURNING *`,
      [runId, outcome, rowsRead, batches, error],
    );
    return rows[0]!;
  },

  async runs(
    q: Queryable,
    connectorId: string,
    limit: number,
    offset: number,
  ): Promise<{ total: number; rows: RunRow[] }> {
    const { rows } = await q.query<RunRow & { total: number }>(
      `SELECT *, count(*) OVER ()::int AS total FROM exchange_connector_run
       WHERE connector_id = $1
       ORDER BY started_at DESC, id
       LIMIT $2 OFFSET $3`,
      [connectorId, limit, offset],
    );
    let total = rows[0]?.total ?? 0;
    if (!rows.length && offset > 0) {
      const c = await q.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM exchange_connector_run WHERE connector_id = $1`,
        [connectorId],
      );
      total = c.rows[0]!.n;
    }
    return { total, rows };
  },
};
