import type { FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';

type JsonSchema = Record<string, unknown>;

/** The route schema parts documented as schemas (headers, params and querystring become inline parameters). */
const DOCUMENTED_PARTS = ['body', 'response'] as const;
const ALL_PARTS = ['body', 'querystring', 'params', 'headers', 'response'] as const;

const isObject = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Calls `visit` on every object in a schema tree, outermost first; `visit` returns false to stop descending. */
function walk(node: unknown, visit: (schema: JsonSchema) => boolean): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  if (!isObject(node) || !visit(node)) return;
  for (const child of Object.values(node)) walk(child, visit);
}

/** A copy of `node` without `$id`s. */
function anonymous(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(anonymous);
  if (!isObject(node)) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => key !== '$id')
      .map(([key, child]) => [key, anonymous(child)]),
  );
}

/** A copy of `node` in which every subschema with an `$id` is a `$ref` to that id. */
function referenced(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(referenced);
  if (!isObject(node)) return node;
  if (typeof node.$id === 'string') return { $ref: `${node.$id}#` };
  return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, referenced(child)]));
}

/**
 * Registers the OpenAPI document (`/api/openapi.json`) and its docs UI (`/api/docs`).
 *
 * A schema that several routes share carries a TypeBox `$id` (e.g. `{ $id: 'Department' }`). The document gets
 * each such schema once under `components.schemas` and a `$ref` wherever a route uses it, which is what the web's
 * generated client names its types after. Validation and serialization get the route's schema with the `$id`s
 * taken out — the same schema inline, so response filtering is unchanged — because ajv refuses one `$id` twice in
 * a schema (a department as both owner and parent). Call the returned function once the routes are
 * registered: it adds the schemas they used as shared schemas, which the document lists as components.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<() => void> {
  const shared = new Map<string, JsonSchema>();
  const documented = new WeakMap<object, Record<string, unknown>>();
  app.addHook('onRoute', (route) => {
    if (!route.schema || route.schema.hide) return;
    const parts = route.schema as Record<string, unknown>;
    for (const part of DOCUMENTED_PARTS) {
      walk(parts[part], (schema) => {
        const id = schema.$id;
        if (typeof id !== 'string') return true;
        const known = shared.get(id);
        // Two different schemas under one name would make the document lie about one of the routes.
        if (known && known !== schema && JSON.stringify(known) !== JSON.stringify(schema)) {
          throw new Error(`schema $id "${id}" names two different schemas (${route.method} ${route.url})`);
        }
        shared.set(id, schema);
        return true;
      });
    }
    documented.set(route, parts);
    const served: Record<string, unknown> = { ...parts };
    for (const part of ALL_PARTS) if (served[part] !== undefined) served[part] = anonymous(served[part]);
    route.schema = served;
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tongban API',
        description:
          '通办 Tongban: one network for a city government’s data and services. Sign in with POST /api/auth/login ' +
          'and send the returned token as `Authorization: Bearer …`, or use a department API key the same way.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Session token or department API key' },
          session: { type: 'apiKey', in: 'cookie', name: 'tb_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    // Components are named by their $id rather than def-0, def-1, …
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
    transform: ({ schema, url, route }) => {
      const original = documented.get(route) ?? schema;
      if (!original) return { schema, url };
      const out: Record<string, unknown> = { ...original };
      for (const part of DOCUMENTED_PARTS) if (out[part] !== undefined) out[part] = referenced(out[part]);
      return { schema: out as typeof schema, url };
    },
  });
  // No staticCSP: the server's own policy (security.ts) suits the docs UI, which loads every script from a file.
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  return () => {
    // Each is added with the shared schemas inside it as references: ajv and the serializer refuse an $id
    // that is both a shared schema of its own and embedded in another.
    for (const id of [...shared.keys()].sort()) {
      const schema = shared.get(id)!;
      app.addSchema({
        ...Object.fromEntries(Object.entries(schema).map(([key, child]) => [key, referenced(child)])),
        $id: id,
      });
    }
  };
}
