import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler, FastifyServerOptions } from 'fastify';
import type { FieldError } from '../core/errors.ts';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerceTypes: boolean | 'array'): Ajv {
  const ajv = new Ajv({
    coerceTypes,
    // Unknown fields are errors, never silently dropped: a typo must not lose data.
    removeAdditional: false,
    useDefaults: true,
    allErrors: true,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

// Query strings and path parameters arrive as text and are coerced; JSON bodies must carry the right types.
const bodyAjv = makeAjv(false);
const textAjv = makeAjv('array');

type JsonSchema = Record<string, unknown>;
const isObject = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Is this schema node a number or an integer (alone or among its types)? */
export function isNumeric(node: JsonSchema): boolean {
  const types = [node.type].flat();
  return types.includes('integer') || types.includes('number');
}

/**
 * The safety net under every schema: a copy in which each number or integer without bounds gets
 * ±Number.MAX_SAFE_INTEGER, so `offset=1e20` or `after=1e999` (Infinity once coerced) is a 400 naming the field, not
 * a bigint overflow inside PostgreSQL. Declared bounds win; schema pieces should declare tighter ones
 * (src/core/schema.ts).
 */
export function withNumericBounds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withNumericBounds);
  if (!isObject(node)) return node;
  const out: JsonSchema = {};
  for (const [key, child] of Object.entries(node)) {
    // Literal values (enum, const, default, examples) are data, not schemas.
    out[key] = ['enum', 'const', 'default', 'examples'].includes(key) ? child : withNumericBounds(child);
  }
  if (isNumeric(node)) {
    if (out.maximum === undefined && out.exclusiveMaximum === undefined)
      out.maximum = Number.MAX_SAFE_INTEGER;
    if (out.minimum === undefined && out.exclusiveMinimum === undefined)
      out.minimum = -Number.MAX_SAFE_INTEGER;
  }
  return out;
}

// A lone UTF-16 surrogate cannot be stored as UTF-8 (PostgreSQL refuses it), and NUL ends strings in C and in
// PostgreSQL's text: both would surface as a 500 deep in a query, so they are refused at the door.
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSAFE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Every string (and object key) holding a NUL or a lone surrogate, and every number that is not finite, in a
 * request part, as ajv-shaped errors so they are reported like any other invalid field.
 */
export function unsafeValues(data: unknown, path = ''): ErrorObject[] {
  const out: ErrorObject[] = [];
  const visit = (value: unknown, at: string, depth: number) => {
    if (typeof value === 'string') {
      if (UNSAFE_TEXT.test(value))
        out.push(unsafe(at, 'unsafeText', 'must not contain NUL or unpaired surrogates'));
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) out.push(unsafe(at, 'finite', 'must be a finite number'));
    } else if (depth < 64 && Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${at}/${i}`, depth + 1));
    } else if (depth < 64 && isObject(value)) {
      for (const [key, v] of Object.entries(value)) {
        const child = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (UNSAFE_TEXT.test(key))
          out.push(unsafe(child, 'unsafeText', 'must not contain NUL or unpaired surrogates'));
        else visit(v, child, depth + 1);
      }
    }
  };
  visit(data, path, 0);
  return out;
}

function unsafe(instancePath: string, keyword: string, message: string): ErrorObject {
  return { keyword, instancePath, schemaPath: '#', params: {}, message };
}

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : textAjv;
  const check = ajv.compile(withNumericBounds(schema) as object);
  // Unsafe text is looked for first: a NUL in a field with a pattern would otherwise be reported as a mere
  // pattern mismatch, and a field without one would reach the database.
  const validate: Validate = (data) => {
    const bad = unsafeValues(data);
    if (bad.length) {
      validate.errors = bad;
      return false;
    }
    const ok = check(data);
    validate.errors = check.errors ?? null;
    return ok;
  };
  return validate as ReturnType<FastifySchemaCompiler<unknown>>;
};

type ValidatorFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>['buildValidator'];

/**
 * The same compiler as a factory, for Fastify's `schemaController` option: a plugin scope rebuilds its compiler from
 * the factory when shared schemas are added, and would otherwise fall back to Fastify's own ajv.
 */
export const validatorFactory = (() => validatorCompiler) as unknown as ValidatorFactory;

const ZH: Record<string, (e: ErrorObject) => string> = {
  required: () => '缺少必填字段',
  additionalProperties: () => '不允许的字段',
  type: (e) => `类型错误，应为 ${String(e.params.type)}`,
  format: (e) => `格式不正确，应为 ${String(e.params.format)}`,
  minLength: (e) => `长度不能少于 ${String(e.params.limit)}`,
  maxLength: (e) => `长度不能超过 ${String(e.params.limit)}`,
  minimum: (e) => `不能小于 ${String(e.params.limit)}`,
  maximum: (e) => `不能大于 ${String(e.params.limit)}`,
  enum: () => '不是允许的取值',
  const: () => '不是允许的取值',
  pattern: () => '包含不允许的字符或格式不正确',
  anyOf: () => '不符合任何允许的形式',
  minItems: (e) => `至少需要 ${String(e.params.limit)} 项`,
  maxItems: (e) => `最多 ${String(e.params.limit)} 项`,
  unsafeText: () => '含有不允许的字符（NUL 或不成对的代理项）',
  finite: () => '必须是有限的数值',
};

/** Turns ajv's errors into our field list: a dotted path per field, a reason code, zh and en text. */
export function fieldErrors(errors: ErrorObject[], part: string): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of errors) {
    let path = e.instancePath.split('/').filter(Boolean).join('.');
    if (e.keyword === 'required') path = [path, String(e.params.missingProperty)].filter(Boolean).join('.');
    if (e.keyword === 'additionalProperties') {
      path = [path, String(e.params.additionalProperty)].filter(Boolean).join('.');
    }
    const field = path || part;
    const key = `${field}:${e.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      field,
      code: e.keyword,
      message: { zh: ZH[e.keyword]?.(e) ?? '取值不正确', en: e.message ?? 'is not valid' },
    });
  }
  return out;
}
