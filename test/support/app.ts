import type { FastifySchema, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Engine } from '../../src/db/index.ts';
import { buildApp, type App } from '../../src/server/app.ts';
import { buildServices, type Services } from '../../src/server/context.ts';
import { createTestDb, type TestDb } from './db.ts';
import { TEST_PASSWORD } from './factories.ts';

export interface TestApp {
  engine: Engine;
  app: App;
  services: Services;
  testDb: TestDb;
  /** Every route the server registered (HEAD aside), to check the OpenAPI document against. */
  registered: { method: string; url: string; schema: FastifySchema | undefined }[];
  /** Signs in and returns the bearer token. */
  login(username: string, password?: string): Promise<string>;
  /** A request with `Authorization: Bearer token` when a token is given. */
  call(token: string | null, opts: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** The whole API on a fresh database of the given engine, driven in process with `inject`. */
export async function createTestApp(engine: Engine): Promise<TestApp> {
  const testDb = await createTestDb(engine);
  const services = buildServices(testDb.db, { sessionTtlHours: 8 });
  const registered: TestApp['registered'] = [];
  const app = await buildApp(
    services,
    {
      cookieSecure: false,
      sessionTtlHours: 8,
      bodyLimitBytes: 1024 * 1024,
      trustProxy: false,
      webDist: undefined,
      publicUrl: 'http://127.0.0.1:8080',
    },
    false,
    (route) => {
      for (const method of [route.method].flat())
        if (method !== 'HEAD') registered.push({ method, url: route.url, schema: route.schema });
    },
  );
  await app.ready();
  const call: TestApp['call'] = (token, opts) =>
    app.inject({
      ...opts,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...opts.headers },
    });
  return {
    engine,
    app,
    services,
    testDb,
    registered,
    call,
    async login(username, password = TEST_PASSWORD) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.body}`);
      return res.json<{ token: string }>().token;
    },
    async close() {
      await app.close();
      await testDb.drop();
    },
  };
}

/** Rows in the tables a request could change, to prove a refused request wrote nothing. */
export async function domainCounts(t: TestApp): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['department', 'app_user', 'role_assignment', 'api_key', 'session']) {
    const { rows } = await t.testDb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    out[table] = rows[0]!.n;
  }
  return out;
}
