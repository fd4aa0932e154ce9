import type { Connector, ConnectorInput, ConnectorKind, ConnectorTestInput } from '../api/exchange';

export const DEFAULT_PORTS: Record<ConnectorKind, number> = { postgres: 5432, mysql: 3306 };

/** The connector form's values: the column map as rows, the source and schedule as choices. */
export interface ConnectorFormValues {
  kind: ConnectorKind;
  host: string;
  port: number;
  database: string;
  username: string;
  password?: string;
  source: 'table' | 'query';
  sourceTable?: string;
  sourceQuery?: string;
  columnMap?: { column?: string; item?: string }[];
  incrementalColumn: string;
  schedule: 'cycle' | 'interval';
  intervalMinutes?: number | null;
  enabled: boolean;
  resetHighWater?: boolean;
}

export function toFormValues(connector: Connector | null): Partial<ConnectorFormValues> {
  if (!connector)
    return {
      kind: 'postgres',
      port: DEFAULT_PORTS.postgres,
      source: 'table',
      schedule: 'cycle',
      enabled: true,
      columnMap: [],
    };
  return {
    kind: connector.kind,
    host: connector.host,
    port: connector.port,
    database: connector.database,
    username: connector.username,
    source: connector.sourceQuery ? 'query' : 'table',
    sourceTable: connector.sourceTable ?? undefined,
    sourceQuery: connector.sourceQuery ?? undefined,
    columnMap: Object.entries(connector.columnMap).map(([column, item]) => ({ column, item })),
    incrementalColumn: connector.incrementalColumn,
    schedule: connector.intervalMinutes === null ? 'cycle' : 'interval',
    intervalMinutes: connector.intervalMinutes,
    enabled: connector.enabled,
    resetHighWater: false,
  };
}

const trimmed = (value: string | undefined) => {
  const text = value?.trim();
  return text ? text : undefined;
};

function columnMapOf(rows: ConnectorFormValues['columnMap']): Record<string, string> {
  const map: Record<string, string> = {};
  for (const row of rows ?? []) {
    const column = trimmed(row?.column);
    if (column && row?.item) map[column] = row.item;
  }
  return map;
}

/** What the server stores. An empty password keeps the stored one. */
export function toInput(values: ConnectorFormValues): ConnectorInput {
  const query = values.source === 'query';
  return {
    kind: values.kind,
    host: values.host.trim(),
    port: values.port,
    database: values.database.trim(),
    username: values.username.trim(),
    ...(values.password ? { password: values.password } : {}),
    sourceTable: query ? null : (trimmed(values.sourceTable) ?? null),
    sourceQuery: query ? (trimmed(values.sourceQuery) ?? null) : null,
    columnMap: columnMapOf(values.columnMap),
    incrementalColumn: values.incrementalColumn.trim(),
    intervalMinutes: values.schedule === 'interval' ? (values.intervalMinutes ?? null) : null,
    enabled: values.enabled,
    ...(values.resetHighWater ? { highWater: null } : {}),
  };
}

/** The settings as typed so far, for a connection test: what is blank comes from the stored connector. */
export function toTestInput(values: Partial<ConnectorFormValues>): ConnectorTestInput {
  const query = values.source === 'query';
  const input: ConnectorTestInput = {
    kind: values.kind,
    host: trimmed(values.host),
    port: values.port ?? undefined,
    database: trimmed(values.database),
    username: trimmed(values.username),
    password: values.password || undefined,
    sourceTable: query ? null : (trimmed(values.sourceTable) ?? null),
    sourceQuery: query ? (trimmed(values.sourceQuery) ?? null) : null,
    columnMap: columnMapOf(values.columnMap),
    incrementalColumn: trimmed(values.incrementalColumn),
  };
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  ) as ConnectorTestInput;
}
