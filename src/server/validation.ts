import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import type { FieldError } from './errors.ts';

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

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : textAjv;
  return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
};

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
