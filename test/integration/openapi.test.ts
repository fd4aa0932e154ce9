import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationIdProblems } from '../../scripts/openapi-artifacts.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { buildUser } from '../support/factories.ts';
import { ENGINES } from '../support/db.ts';

type Spec = {
  components: { schemas: Record<string, unknown> };
  paths: Record<string, Record<string, { operationId?: string; responses: Record<string, unknown> }>>;
};

/** Every `$ref` in a document. */
function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((child) => refs(child, out));
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') out.push(value);
      else refs(value, out);
    }
  }
  return out;
}

const jsonSchemaOf = (spec: Spec, path: string, method: string, status = '200') =>
  (spec.paths[path]![method]!.responses[status] as { content: Record<string, { schema: unknown }> }).content[
    'application/json'
  ]!.schema;

describe.each(ENGINES)('the served OpenAPI document on %s', (engine) => {
  let t: TestApp;
  let spec: Spec;
  beforeAll(async () => {
    t = await createTestApp(engine);
    spec = (await t.call(null, { method: 'GET', url: '/api/openapi.json' })).json();
  });
  afterAll(() => t.close());

  it('names every operation once, in camelCase', () => {
    expect(operationIdProblems(spec)).toEqual([]);
    expect(spec.paths['/api/sharing/requests']!.get!.operationId).toBe('listSharingRequests');
  });

  it('holds the shared schemas as components and refers to them', () => {
    for (const name of ['ErrorBody', 'Department', 'User', 'AuditEntry', 'CatalogResource', 'Grant'])
      expect(spec.components.schemas[name], name).toBeDefined();
    expect(jsonSchemaOf(spec, '/api/departments/{id}', 'get')).toEqual({
      $ref: '#/components/schemas/Department',
    });
    expect(jsonSchemaOf(spec, '/api/departments', 'get')).toEqual({
      $ref: '#/components/schemas/DepartmentPage',
    });
    expect(spec.components.schemas.DepartmentPage).toMatchObject({
      properties: { items: { items: { $ref: '#/components/schemas/Department' } } },
    });
    // The audit entry the web once copied by hand and let drift is the server's own now.
    expect(spec.components.schemas.AuditEntry).toMatchObject({ properties: { requestId: {} } });
    const errors = spec.paths['/api/users']!.post!.responses['4XX'] as {
      content: Record<string, { schema: unknown }>;
    };
    expect(errors.content['application/json']!.schema).toEqual({ $ref: '#/components/schemas/ErrorBody' });
  });

  it('has no dangling reference and no stray $id', () => {
    const all = refs(spec);
    expect(all.length).toBeGreaterThan(100);
    for (const ref of new Set(all)) {
      expect(ref, ref).toMatch(/^#\/components\/schemas\/[A-Za-z]+$/);
      expect(spec.components.schemas[ref.split('/').at(-1)!], ref).toBeDefined();
    }
    expect(JSON.stringify(spec.paths)).not.toContain('"$id"');
  });

  it('still keeps fields out of answers that their shared schema does not name', async () => {
    const user = await buildUser(t.services, { roles: [{ role: 'auditor', departmentId: null }] });
    const token = await t.login(user.username);
    const res = await t.call(token, { method: 'GET', url: '/api/auth/me' });
    expect(res.statusCode).toBe(200);
    const me = res.json() as { user: Record<string, unknown> };
    // The session service knows more about the user (the password hash among others) than Me lists.
    expect(Object.keys(me.user).sort()).toEqual([
      'department',
      'displayName',
      'id',
      'kind',
      'roles',
      'username',
    ]);
  });
});
