import { Type, type Static } from 'typebox';
import { Nullable, Offset, Page, Text, Timestamp, Uuid } from '../../../core/schema.ts';

export const ConnectorKind = Type.Enum(['postgres', 'mysql'], {
  $id: 'ConnectorKind',
  description: 'postgres: PostgreSQL (and compatible); mysql: MySQL or MariaDB',
});

const Host = Type.String({
  minLength: 1,
  maxLength: 253,
  pattern: '^[A-Za-z0-9._:\\[\\]-]+$',
  description: 'Host name or IP address of the front database',
});
const TableName = Type.String({
  minLength: 1,
  maxLength: 257,
  pattern: '^[^\\u0000-\\u001f.]+(\\.[^\\u0000-\\u001f.]+)?$',
  description: '`table` or `schema.table` (MySQL: `database.table`), taken literally (quoted)',
});
const Password = Type.String({
  maxLength: 200,
  pattern: '^[^\\u0000]*$',
  description: 'Write-only: stored SM4-encrypted and never returned',
});
const ColumnMap = Type.Record(
  Type.String({ minLength: 1, maxLength: 128 }),
  Type.String({ minLength: 1, maxLength: 100 }),
  {
    maxProperties: 1000,
    description:
      'Source column → item name (or "_delete" for a column that marks deleted rows). Columns not named here map ' +
      'to the item of the same name; other columns are ignored.',
  },
);

const connectorFields = {
  kind: ConnectorKind,
  host: Host,
  port: Type.Integer({ minimum: 1, maximum: 65535 }),
  database: Text(128),
  username: Text(128),
  sourceTable: Type.Optional(Nullable(TableName)),
  sourceQuery: Type.Optional(
    Nullable(
      Type.String({
        minLength: 1,
        maxLength: 20000,
        pattern: '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f]*$',
        description:
          'A SELECT statement, read as the subquery `(<query>) src`; give either this or sourceTable',
      }),
    ),
  ),
  columnMap: Type.Optional(ColumnMap),
  incrementalColumn: Type.String({
    minLength: 1,
    maxLength: 128,
    pattern: '^[^\\u0000-\\u001f]*$',
    description:
      'Column that increases with every change (update time or sequence); rows are read past its last value',
  }),
};

export const ConnectorInput = Type.Object(
  {
    ...connectorFields,
    password: Type.Optional(
      Type.String({
        maxLength: 200,
        pattern: '^[^\\u0000]*$',
        description:
          'Write-only, stored SM4-encrypted and never returned. Required when the connector is created or its ' +
          'kind, host, port or username changes; omit it to keep the stored one.',
      }),
    ),
    intervalMinutes: Type.Optional(
      Nullable(
        Type.Integer({
          minimum: 1,
          maximum: 10080,
          description: 'Run every N minutes; null: derived from the resource’s update cycle',
        }),
      ),
    ),
    enabled: Type.Optional(Type.Boolean({ default: true })),
    highWater: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 200,
          description: 'Set the high-water mark (null: read everything again); omit to keep it',
        }),
      ),
    ),
  },
  { $id: 'ConnectorInput', additionalProperties: false },
);
export type ConnectorInputT = Static<typeof ConnectorInput>;

/** Settings to test; omitted ones come from the stored connector (the password only for the same server and user). */
export const ConnectorTestInput = Type.Object(
  {
    kind: Type.Optional(connectorFields.kind),
    host: Type.Optional(connectorFields.host),
    port: Type.Optional(connectorFields.port),
    database: Type.Optional(connectorFields.database),
    username: Type.Optional(connectorFields.username),
    password: Type.Optional(Password),
    sourceTable: connectorFields.sourceTable,
    sourceQuery: connectorFields.sourceQuery,
    columnMap: connectorFields.columnMap,
    incrementalColumn: Type.Optional(connectorFields.incrementalColumn),
  },
  { $id: 'ConnectorTestInput', additionalProperties: false },
);
export type ConnectorTestInputT = Static<typeof ConnectorTestInput>;

export const ConnectorStatus = Type.Enum(['idle', 'running', 'ok', 'failed'], { $id: 'ConnectorStatus' });

export const Schedule = Type.Object(
  {
    minutes: Type.Integer({ description: 'Minutes between runs' }),
    basis: Type.Enum(['interval', 'update_cycle'], {
      description: 'interval: intervalMinutes; update_cycle: derived from the resource’s update cycle',
    }),
    description: Type.String({ description: 'In Chinese, e.g. “按更新周期（每日）每 60 分钟检查一次”' }),
  },
  { $id: 'ConnectorSchedule' },
);

/** A connector as the API shows it: never the password or its ciphertext. */
export const Connector = Type.Object(
  {
    id: Uuid,
    resourceId: Uuid,
    departmentId: Uuid,
    kind: ConnectorKind,
    host: Type.String(),
    port: Type.Integer(),
    database: Type.String(),
    username: Type.String(),
    passwordSet: Type.Boolean({ description: 'A password is stored (it is never returned)' }),
    sourceTable: Nullable(Type.String()),
    sourceQuery: Nullable(Type.String()),
    columnMap: Type.Record(Type.String(), Type.String()),
    incrementalColumn: Type.String(),
    intervalMinutes: Nullable(Type.Integer()),
    enabled: Type.Boolean(),
    status: ConnectorStatus,
    running: Type.Boolean({ description: 'A run holds the connector now' }),
    lastRunAt: Nullable(Timestamp),
    lastError: Nullable(Type.String()),
    nextRunAt: Timestamp,
    highWater: Nullable(Type.String({ description: 'The incremental value of the last row taken in' })),
    schedule: Schedule,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Connector' },
);
export type ConnectorT = Static<typeof Connector>;

export const ConnectorRun = Type.Object(
  {
    id: Uuid,
    connectorId: Uuid,
    resourceId: Uuid,
    startedAt: Timestamp,
    finishedAt: Nullable(Timestamp),
    outcome: Type.Enum(['running', 'ok', 'failed']),
    rowsRead: Type.Integer(),
    batches: Type.Integer({ description: 'Pages taken in, one exchange batch each' }),
    highWaterBefore: Nullable(Type.String()),
    highWaterAfter: Nullable(Type.String()),
    error: Nullable(Type.String()),
  },
  { $id: 'ConnectorRun' },
);
export type ConnectorRunT = Static<typeof ConnectorRun>;

export const ConnectorRunPage = Page(ConnectorRun);

export const ConnectorTestResult = Type.Object(
  {
    ok: Type.Literal(true),
    serverVersion: Type.String(),
    latencyMs: Type.Integer(),
    columns: Type.Array(Type.String(), { description: 'Columns of the table or query' }),
    mapping: Type.Array(
      Type.Object({ column: Type.String(), item: Nullable(Type.String()) }, { description: 'null: ignored' }),
    ),
    unmappedItems: Type.Array(Type.String(), { description: 'Items no column feeds' }),
    warnings: Type.Array(Type.String(), { description: 'In Chinese: what would make rows fail validation' }),
  },
  { $id: 'ConnectorTestResult' },
);
export type ConnectorTestResultT = Static<typeof ConnectorTestResult>;

export const RunsQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);
export type RunsQueryT = Static<typeof RunsQuery>;
