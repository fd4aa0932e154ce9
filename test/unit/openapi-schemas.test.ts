import Fastify, { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { afterEach, describe, expect, it } from 'vitest';
import { registerOpenApi } from '../../src/server/openapi.ts';
import { validatorCompiler } from '../../src/server/validation.ts';
import { operationIdProblems } from '../../scripts/openapi-artifacts.ts';

const Department = Type.Object(
  { id: Type.String(), name: Type.String() },
  { $id: 'Department', additionalProperties: false },
);
const Kind = Type.Enum(['a', 'b'], { $id: 'Kind' });

/** A small server with the project's validator and OpenAPI set-up, and one shared schema used twice per route. */
async function build(extra?: (app: FastifyInstance) => void): Promise<FastifyInstance> {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  const registerShared = await registerOpenApi(app);
  app.post(
    '/pair',
    {
      schema: {
        operationId: 'postPair',
        body: Type.Object(
          { owner: Department, parent: Department, kind: Kind },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ owner: Department, all: Type.Array(Department), kind: Kind }) },
      },
    },
    async (req) => {
      const body = req.body as { owner: object; parent: object; kind: string };
      // Fields outside the response schema must be dropped on the way out.
      return {
        owner: { ...body.owner, secret: 'owner' },
        all: [{ ...body.parent, secret: 'parent' }],
        kind: body.kind,
        internal: true,
      };
    },
  );
  app.get('/one', { schema: { operationId: 'getOne', response: { 200: Department } } }, async () => ({
    id: '1',
    name: 'n',
    secret: 's',
  }));
  extra?.(app);
  registerShared();
  await app.ready();
  return app;
}

describe('shared schemas ($id) in the OpenAPI document', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('lists each shared schema once and refers to it everywhere, root or nested', async () => {
    app = await build();
    const doc = app.swagger() as unknown as {
      components: { schemas: Record<string, unknown> };
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    };
    expect(Object.keys(doc.components.schemas).sort()).toEqual(['Department', 'Kind']);
    expect(doc.components.schemas.Department).toMatchObject({ required: ['id', 'name'] });
    const text = JSON.stringify(doc.paths);
    expect(text).not.toContain('"$id"');
    expect(text.match(/#\/components\/schemas\/Department/g)).toHaveLength(5);
    expect(doc.paths['/one']!.get!.responses['200']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Department' } } },
    });
  });

  it('validates and filters exactly as with the schemas inline', async () => {
    app = await build();
    const dept = { id: '1', name: 'n' };
    const ok = await app.inject({
      method: 'POST',
      url: '/pair',
      payload: { owner: dept, parent: dept, kind: 'a' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ owner: dept, all: [dept], kind: 'a' });
    expect((await app.inject({ method: 'GET', url: '/one' })).json()).toEqual(dept);

    const bad = await app.inject({
      method: 'POST',
      url: '/pair',
      payload: { owner: dept, parent: { ...dept, extra: 1 }, kind: 'c' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('body/parent must NOT have additional properties');
    expect(bad.json().message).toContain('body/kind must be equal to one of the allowed values');
  });

  it('refuses two different schemas under one $id', async () => {
    const Other = Type.Object({ id: Type.Integer() }, { $id: 'Department' });
    await expect(
      build((a) =>
        a.get('/other', { schema: { operationId: 'getOther', response: { 200: Other } } }, async () => ({
          id: 1,
        })),
      ),
    ).rejects.toThrow(/\$id "Department" names two different schemas \(GET \/other\)/);
  });
});

describe('operationId check', () => {
  it('passes explicit, camelCase, unique ids', () => {
    expect(
      operationIdProblems({
        paths: { '/a': { get: { operationId: 'listA' }, post: { operationId: 'createA' } } },
      }),
    ).toEqual([]);
  });

  it('names every route without one, with a badly formed one, or sharing one', () => {
    const problems = operationIdProblems({
      paths: {
        '/a': { get: {}, post: { operationId: 'create-a' } },
        '/b': { get: { operationId: 'listThings' }, parameters: [] } as never,
        '/c': { get: { operationId: 'listThings' } },
      },
    });
    expect(problems).toEqual([
      'GET /a has no operationId',
      'POST /a: operationId "create-a" is not camelCase',
      'GET /c: operationId "listThings" is also used by GET /b',
    ]);
  });
});
