import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { ENGINES } from '../support/db.ts';
import { buildUser } from '../support/factories.ts';

type JsonSchema = Record<string, unknown>;
const PARTS = ['querystring', 'params', 'body', 'headers'] as const;
const isObject = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every schema node with its JSON path, literal values (enum, const, default) left out. */
function nodes(schema: unknown, at = ''): { at: string; node: JsonSchema }[] {
  if (Array.isArray(schema)) return schema.flatMap((s, i) => nodes(s, `${at}/${i}`));
  if (!isObject(schema)) return [];
  const out = [{ at, node: schema }];
  for (const [key, child] of Object.entries(schema))
    if (!['enum', 'const', 'default', 'examples'].includes(key)) out.push(...nodes(child, `${at}/${key}`));
  return out;
}

const numeric = (n: JsonSchema) => [n.type].flat().some((t) => t === 'integer' || t === 'number');
const isString = (n: JsonSchema) => [n.type].flat().includes('string');
/** The named top-level properties of an object schema (a union's branches merged). */
function properties(schema: unknown): Record<string, JsonSchema> {
  if (!isObject(schema)) return {};
  const own = isObject(schema.properties) ? (schema.properties as Record<string, JsonSchema>) : {};
  const branches = [schema.anyOf, schema.oneOf, schema.allOf].flat().filter(isObject);
  return Object.assign({}, ...branches.map(properties), own) as Record<string, JsonSchema>;
}
/** A property's schema with a union of one type and null unwrapped. */
function unwrap(s: JsonSchema): JsonSchema {
  const branches = [s.anyOf].flat().filter(isObject);
  return branches.find((b) => b.type !== 'null') ?? s;
}

/** The fields a refusal names; none for anything else (an export's bytes included). */
function fieldsOf(res: { headers: Record<string, unknown>; json: () => unknown }): { field: string }[] {
  if (!String(res.headers['content-type']).startsWith('application/json')) return [];
  const body = res.json() as { error?: { details?: { fields?: { field: string }[] } } };
  return body.error?.details?.fields ?? [];
}

/**
 * Input safety across every route: walks the schemas of every registered route (so a new route is covered the day
 * it is added) and sends the inputs that used to give 500s — huge and non-finite numbers, NUL bytes and lone
 * surrogates — to every route that takes them.
 */
describe.each(ENGINES)('input safety on %s', (engine) => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp(engine);
    await buildUser(t.services, {
      username: 'root',
      roles: [{ role: 'platform_admin', departmentId: null }],
    });
    admin = await t.login('root');
  });
  afterAll(() => t.close());

  const apiRoutes = () => t.registered.filter((r) => r.url.startsWith('/api/') && r.schema);
  /** A path with every parameter filled by a value its schema accepts. */
  const fill = (url: string, params: unknown) =>
    url.replace(/:(\w+)/g, (_, name: string) => {
      const s = properties(params)[name];
      if (s?.format === 'uuid') return randomUUID();
      // A path segment from a fixed set (/registries/:registry): its first value.
      const first = Array.isArray(s?.enum) ? (s.enum as unknown[])[0] : undefined;
      return typeof first === 'string' ? first : '1';
    });

  it('every integer a request carries declares a minimum and a maximum', () => {
    const unbounded: string[] = [];
    for (const r of apiRoutes())
      for (const part of PARTS)
        for (const { at, node } of nodes((r.schema as Record<string, unknown>)[part])) {
          // Numbers that are data (a filter's value) get the validator's ±2^53 − 1; counts and cursors are declared.
          if (![node.type].flat().includes('integer')) continue;
          const where = `${r.method} ${r.url} ${part}${at}`;
          if ((node.maximum ?? node.exclusiveMaximum) === undefined) unbounded.push(`${where} (no maximum)`);
          if ((node.minimum ?? node.exclusiveMinimum) === undefined) unbounded.push(`${where} (no minimum)`);
        }
    expect(unbounded).toEqual([]);
  });

  it('every route with path parameters validates them, each bounded by format, pattern, enum or length', () => {
    const loose: string[] = [];
    for (const r of t.registered.filter((x) => x.url.startsWith('/api/') && x.url.includes(':'))) {
      const params = properties(r.schema?.params);
      for (const [, name] of r.url.matchAll(/:(\w+)/g)) {
        const s = params[name!];
        if (!s) loose.push(`${r.method} ${r.url} :${name} (no schema)`);
        else if (isString(s) && !s.format && !s.pattern && !s.enum && s.maxLength === undefined)
          loose.push(`${r.method} ${r.url} :${name} (unbounded text)`);
      }
    }
    expect(loose).toEqual([]);
  });

  it('the bounds hold: offset=1e20, after=1e999 and limit=-1 are 400s naming the field on every list', async () => {
    const probes: { url: string; field: string }[] = [];
    for (const r of apiRoutes().filter((x) => x.method === 'GET')) {
      const query = properties(r.schema?.querystring);
      const path = fill(r.url, r.schema?.params);
      for (const [name, value] of [
        ['offset', '1e20'],
        ['after', '1e999'],
        ['limit', '-1'],
      ] as const) {
        const s = query[name] && unwrap(query[name]);
        if (s && numeric(s)) probes.push({ url: `${path}?${name}=${value}`, field: name });
      }
    }
    // Lists in every module page by these: the walk must have found a good number of them.
    expect(probes.length).toBeGreaterThan(15);
    const failures: string[] = [];
    for (const p of probes) {
      const res = await t.call(admin, { method: 'GET', url: p.url });
      const fields = fieldsOf(res);
      if (res.statusCode !== 400 || !fields.some((f) => f.field === p.field))
        failures.push(
          `${p.url} → ${res.statusCode} ${String(res.headers['content-type'])} ${res.body.slice(0, 120)}`,
        );
    }
    expect(failures).toEqual([]);
  });

  it('a NUL byte in any text query parameter is a 400 naming it; surrogate bytes are never a 500', async () => {
    const probes: { url: string; field: string }[] = [];
    for (const r of apiRoutes().filter((x) => x.method === 'GET')) {
      const path = fill(r.url, r.schema?.params);
      for (const [name, s] of Object.entries(properties(r.schema?.querystring)))
        if (isString(unwrap(s))) probes.push({ url: `${path}?${name}=a%00b`, field: name });
    }
    expect(probes.length).toBeGreaterThan(10);
    const failures: string[] = [];
    for (const p of probes) {
      const res = await t.call(admin, { method: 'GET', url: p.url });
      if (res.statusCode !== 400 || !fieldsOf(res).some((f) => f.field === p.field))
        failures.push(
          `${p.url} → ${res.statusCode} ${String(res.headers['content-type'])} ${res.body.slice(0, 120)}`,
        );
      // UTF-8 cannot carry a lone surrogate: its CESU-8 bytes decode to replacement characters, which are text.
      const cesu = await t.call(admin, { method: 'GET', url: p.url.replace('a%00b', '%ED%A0%80') });
      if (cesu.statusCode >= 500) failures.push(`${p.url} (surrogate bytes) → ${cesu.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('a NUL byte in a path parameter is a 400, never a database error', async () => {
    const failures: string[] = [];
    for (const r of apiRoutes().filter((x) => x.method === 'GET' && x.url.includes(':'))) {
      const url = r.url.replace(/:(\w+)/g, 'a%00b');
      const res = await t.call(admin, { method: 'GET', url });
      if (res.statusCode !== 400)
        failures.push(
          `${url} → ${res.statusCode} ${String(res.headers['content-type'])} ${res.body.slice(0, 120)}`,
        );
    }
    expect(failures).toEqual([]);
  });

  it('a NUL byte, a lone surrogate or 1e999 anywhere in a JSON body is a 400 naming the field', async () => {
    const failures: string[] = [];
    let probed = 0;
    for (const r of apiRoutes().filter((x) => ['POST', 'PUT', 'PATCH'].includes(x.method))) {
      const body = properties(r.schema?.body);
      const text = Object.entries(body).find(([, s]) => isString(unwrap(s)))?.[0];
      if (!text) continue;
      const url = fill(r.url, r.schema?.params);
      for (const [raw, field] of [
        [`{"${text}":"a\\u0000b"}`, text],
        [`{"${text}":"\\ud800x"}`, text],
        [`{"${text}":"x","deep":{"n":1e999}}`, 'deep.n'],
      ] as const) {
        probed++;
        const res = await t.call(admin, {
          method: r.method as 'POST',
          url,
          payload: raw,
          headers: { 'content-type': 'application/json' },
        });
        const fields = fieldsOf(res);
        if (res.statusCode !== 400 || !fields.some((f) => f.field === field))
          failures.push(
            `${r.method} ${url} ${raw} → ${res.statusCode} ${String(res.headers['content-type'])} ${res.body.slice(0, 120)}`,
          );
      }
    }
    expect(probed).toBeGreaterThan(30);
    expect(failures).toEqual([]);
  });

  it('the refusal speaks both languages and names the reason', async () => {
    const zh = await t.call(admin, { method: 'GET', url: '/api/users?q=a%00b' });
    expect(zh.json().error).toMatchObject({
      code: 'REQUEST_VALIDATION_FAILED',
      details: { fields: [{ field: 'q', code: 'unsafeText' }] },
    });
    expect(zh.json().error.details.fields[0].message).toContain('NUL');
    const en = await t.call(admin, {
      method: 'GET',
      url: '/api/users?offset=1e20',
      headers: { 'accept-language': 'en' },
    });
    expect(en.json().error.details.fields).toEqual([
      { field: 'offset', code: 'maximum', message: 'must be <= 1000000' },
    ]);
  });
});
