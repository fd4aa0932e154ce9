/**
 * Reading an open dataset's records: the query language (`$select` … `$q`) and CKAN's `datastore_search`, both
 * compiled by `query/` into one parameterized SELECT over the exchange's current records. Sensitive items (敏感)
 * are not part of an open dataset's data at all: they are left out of what can be selected, filtered, grouped,
 * searched or sorted, so no query can reveal them, not even by counting.
 */
import { AppError } from '../../core/errors.ts';
import type { ExchangeService } from '../exchange/index.ts';
import type { Dataset } from './datasets.ts';
import { momentInWindow } from './moment.ts';
import {
  compileQuery,
  printName,
  printString,
  QueryError,
  type ColumnType,
  type OpenDataset,
  type OpenQueryParams,
} from './query/index.ts';

/** How long one query may run on PostgreSQL before it ends itself. */
export const QUERY_TIMEOUT_MS = 10_000;
export const QUERY_LIMITS = { maxLimit: 5_000, defaultLimit: 100, maxSelect: 50, maxWhereNodes: 200 };
/** CKAN's own ceiling for datastore_search. */
export const DATASTORE_MAX_LIMIT = 32_000;

export interface QueryResult {
  columns: { name: string; type: ColumnType }[];
  rows: Record<string, unknown>[];
}

/** CKAN's field types for ours. */
const CKAN_TYPES: Record<ColumnType, string> = {
  text: 'text',
  number: 'numeric',
  integer: 'int',
  date: 'date',
  datetime: 'timestamp',
  boolean: 'bool',
};

export interface DatastoreParams {
  filters?: Record<string, unknown> | undefined;
  q?: string | Record<string, unknown> | undefined;
  fields?: string[] | undefined;
  sort?: string | undefined;
  limit: number;
  offset: number;
  includeTotal: boolean;
  /** The records as they were at this moment (checked to be inside the history kept), not the current ones. */
  asOf?: Date | undefined;
}

/** A CKAN validation error: the parameter and what is wrong with it. */
export class DatastoreInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The compiler's view of a dataset: the items that may leave, over the exchange's current records. */
export function queryable(ds: Dataset, from: string, maxLimit = QUERY_LIMITS.maxLimit): OpenDataset {
  return {
    columns: ds.columns.filter((c) => !c.sensitive),
    from,
    limits: { ...QUERY_LIMITS, maxLimit },
  };
}

/** JSON values of a row: numbers as numbers, times as ISO text (the engines give numeric as text, times as Date). */
function present(row: Record<string, unknown>, columns: QueryResult['columns']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columns) {
    const v = row[c.name];
    if (v === null || v === undefined) out[c.name] = null;
    else if ((c.type === 'number' || c.type === 'integer') && typeof v === 'string') out[c.name] = Number(v);
    else if (v instanceof Date) out[c.name] = v.toISOString();
    else out[c.name] = v;
  }
  return out;
}

export class OpenRecords {
  constructor(private readonly exchange: ExchangeService) {}

  /**
   * One query in the query language; a QueryError says which parameter is wrong and where. With `asOf`, over the
   * records as they were then: the same compiler, only the FROM clause is the exchange's rebuilt past.
   */
  async query(
    ds: Dataset,
    params: OpenQueryParams,
    maxLimit = QUERY_LIMITS.maxLimit,
    asOf?: Date,
  ): Promise<QueryResult> {
    let columns: QueryResult['columns'] = [];
    const build = (from: string) => {
      const compiled = compileQuery(params, queryable(ds, from, maxLimit));
      columns = compiled.columns;
      return compiled;
    };
    let rows: Record<string, unknown>[];
    try {
      rows = asOf
        ? await this.exchange.queryAsOf<Record<string, unknown>>(
            ds.resource.id,
            asOf,
            build,
            QUERY_TIMEOUT_MS,
          )
        : await this.exchange.queryCurrent<Record<string, unknown>>(ds.resource.id, build, QUERY_TIMEOUT_MS);
    } catch (err) {
      // PostgreSQL's statement_timeout (57014 query_canceled): the query was too costly, not the server broken.
      if ((err as { code?: string }).code === '57014')
        throw new AppError('OPEN_QUERY_TIMEOUT', { dataset: ds.name, timeoutMs: QUERY_TIMEOUT_MS });
      throw err;
    }
    return { columns, rows: rows.map((r) => present(r, columns)) };
  }

  /** `asOf` (or another field) as a moment inside the history the exchange keeps, or a 400 naming the field. */
  moment(text: string, field = 'asOf'): Date {
    const now = new Date();
    return momentInWindow(text, field, { earliest: this.exchange.historyStart(now), now });
  }

  /** CKAN's datastore_search, translated into the query language (so it is compiled by the same code). */
  async datastoreSearch(ds: Dataset, p: DatastoreParams) {
    const visible = ds.columns.filter((c) => !c.sensitive);
    const known = new Map(visible.map((c) => [c.name, c]));
    const field = (name: string, param: string) => {
      if (!known.has(name)) throw new DatastoreInputError(param, `field "${name}" not in resource`);
      return printName(name);
    };
    const selected = p.fields?.length
      ? p.fields.map((f) => field(f, 'fields'))
      : visible.map((c) => printName(c.name));
    const where: string[] = [];
    for (const [name, value] of Object.entries(p.filters ?? {})) {
      const values = Array.isArray(value) ? value : [value];
      if (!values.length) throw new DatastoreInputError('filters', `filter "${name}" has no value`);
      const literals = values.map((v) => {
        if (v === null || typeof v === 'object')
          throw new DatastoreInputError('filters', `filter "${name}": not a plain value`);
        return printString(String(v));
      });
      where.push(
        literals.length === 1
          ? `${field(name, 'filters')} = ${literals[0]}`
          : `${field(name, 'filters')} IN (${literals.join(', ')})`,
      );
    }
    let q: string | undefined;
    if (typeof p.q === 'string') q = p.q.trim() || undefined;
    else if (p.q)
      for (const [name, value] of Object.entries(p.q)) {
        if (typeof value !== 'string') throw new DatastoreInputError('q', `q "${name}": not text`);
        const column = known.get(name);
        if (!column) field(name, 'q');
        if (column!.type !== 'text') throw new DatastoreInputError('q', `q "${name}": not a text field`);
        where.push(`contains(${printName(name)}, ${printString(value)})`);
      }
    const order = p.sort
      ?.split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const m = /^(.*?)(?:\s+(asc|desc))?$/i.exec(part)!;
        const name = m[1]!.replace(/^"(.*)"$/, '$1');
        return `${field(name, 'sort')} ${(m[2] ?? 'asc').toUpperCase()}`;
      })
      .join(', ');
    const common: OpenQueryParams = {
      ...(where.length ? { $where: where.join(' AND ') } : {}),
      ...(q ? { $q: q } : {}),
    };
    try {
      const page = await this.#run(p.asOf, ds, {
        ...common,
        $select: selected.join(', '),
        ...(order ? { $order: order } : {}),
        $limit: String(p.limit),
        $offset: String(p.offset),
      });
      const total = p.includeTotal
        ? Number(
            (await this.#run(p.asOf, ds, { ...common, $select: 'count(*) AS total' })).rows[0]?.total ?? 0,
          )
        : undefined;
      return {
        fields: [
          { id: '_id', type: 'int' },
          ...page.columns.map((c) => ({ id: c.name, type: CKAN_TYPES[c.type] })),
        ],
        records: page.rows.map((r, i) => ({ _id: p.offset + i + 1, ...r })),
        total,
      };
    } catch (err) {
      // Our own translation compiles; what fails is the caller's value (a date that is not one, a number …).
      if (err instanceof QueryError) throw new DatastoreInputError(p.filters ? 'filters' : 'q', err.message);
      throw err;
    }
  }

  #run(asOf: Date | undefined, ds: Dataset, params: OpenQueryParams): Promise<QueryResult> {
    return this.query(ds, params, DATASTORE_MAX_LIMIT, asOf);
  }
}
