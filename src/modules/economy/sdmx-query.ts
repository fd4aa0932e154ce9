/**
 * The SDMX REST v2 data query subset the registry answers: the key `FREQ.REF_AREA.INDICATOR` with `*` (or an
 * empty part) for any value and `+` between alternatives, and component filters `c[ID]=op:value` with
 * `eq ne lt le gt ge`, `+` joining conditions that must all hold and `,` separating alternatives
 * (`c[TIME_PERIOD]=ge:2020+le:2023`). Pure: a bad key or filter is an AppError naming what is wrong.
 */
import { AppError } from '../../core/errors.ts';
import { parseSdmxPeriod, type Period } from './period.ts';

/** The data structure's dimensions in key order; TIME_PERIOD is the observation dimension. */
export const KEY_DIMENSIONS = ['FREQ', 'REF_AREA', 'INDICATOR'] as const;
export type KeyDimension = (typeof KEY_DIMENSIONS)[number];
/** Components a `c[…]` filter may name. */
export const FILTER_COMPONENTS = [...KEY_DIMENSIONS, 'TIME_PERIOD', 'OBS_STATUS'] as const;
export type FilterComponent = (typeof FILTER_COMPONENTS)[number];

const OPERATORS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;
export type Operator = (typeof OPERATORS)[number];
const ID = /^[A-Za-z0-9_@$-]+$/;

export type Condition =
  | { kind: 'code'; component: Exclude<FilterComponent, 'TIME_PERIOD'>; op: 'eq' | 'ne'; value: string }
  | { kind: 'time'; op: Operator; period: Period };

/** Alternatives (any may hold), each a list of conditions that must all hold. */
export type Clause = Condition[][];

export interface DataQuery {
  /** Per key dimension, the values asked for, or null for any. */
  key: Record<KeyDimension, string[] | null>;
  /** One clause per filtered component; all must hold. */
  clauses: Clause[];
}

/** Parses the key; `all` and `*` stand for every series. */
export function parseKey(key: string): DataQuery['key'] {
  const any = { FREQ: null, REF_AREA: null, INDICATOR: null };
  if (key === 'all' || key === '*') return any;
  const parts = key.split('.');
  if (parts.length !== KEY_DIMENSIONS.length)
    throw new AppError('SDMX_KEY_INVALID', {
      key,
      expected: KEY_DIMENSIONS.join('.'),
      dimensions: parts.length,
    });
  const out: DataQuery['key'] = { ...any };
  parts.forEach((part, i) => {
    const dim = KEY_DIMENSIONS[i]!;
    if (part === '' || part === '*') return;
    const values = part.split('+');
    const bad = values.find((v) => !ID.test(v));
    if (bad !== undefined) throw new AppError('SDMX_KEY_INVALID', { key, dimension: dim, value: bad });
    out[dim] = [...new Set(values)];
  });
  return out;
}

/**
 * Parses one `c[component]` value. A query string decodes `+` to a space, so a space joins conditions too.
 */
export function parseFilter(component: FilterComponent, text: string): Clause {
  const param = `c[${component}]`;
  const bad = (value: string, reason: string) =>
    new AppError('SDMX_FILTER_INVALID', { parameter: param, value, reason });
  if (text.trim() === '') throw bad(text, 'empty');
  return text.split(',').map((alternative) =>
    alternative
      .split(/[+ ]/)
      .filter((t) => t !== '')
      .map((term): Condition => {
        const m = /^([a-z]{2}):(.*)$/.exec(term);
        const op = (m ? m[1] : 'eq') as Operator;
        const value = m ? m[2]! : term;
        if (!OPERATORS.includes(op)) throw bad(term, `operator ${op} is not one of ${OPERATORS.join(', ')}`);
        if (component === 'TIME_PERIOD') {
          const period = parseSdmxPeriod(value);
          if (!period) throw bad(term, 'not a period such as 2020, 2020-Q1, 2020-01 or 2020-01-31');
          return { kind: 'time', op, period };
        }
        if (op !== 'eq' && op !== 'ne') throw bad(term, `${component} is coded: only eq and ne apply`);
        if (!ID.test(value)) throw bad(term, 'not a code');
        return { kind: 'code', component, op, value };
      }),
  );
}

/** The whole query from the key and the query string's `c[…]` parameters. */
export function parseDataQuery(key: string, filters: Partial<Record<FilterComponent, string>>): DataQuery {
  const clauses: Clause[] = [];
  for (const component of FILTER_COMPONENTS) {
    const text = filters[component];
    if (text !== undefined) clauses.push(parseFilter(component, text));
  }
  return { key: parseKey(key), clauses };
}
