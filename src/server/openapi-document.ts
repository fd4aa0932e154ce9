import { openDb } from '../db/index.ts';
import { migrate } from '../db/migrate.ts';
import { buildApp } from './app.ts';
import { buildServices } from './context.ts';

/** The OpenAPI document the server serves, built on a throwaway in-memory database. */
export async function openApiDocument(): Promise<unknown> {
  const db = await openDb({ dataDir: 'memory://' });
  try {
    await migrate(db);
    const app = await buildApp(buildServices(db, { sessionTtlHours: 8 }), {
      cookieSecure: false,
      sessionTtlHours: 8,
      bodyLimitBytes: 1024 * 1024,
      trustProxy: false,
      webDist: undefined,
      publicUrl: 'http://127.0.0.1:8080',
    });
    await app.ready();
    const doc = app.swagger();
    await app.close();
    return doc;
  } finally {
    await db.close();
  }
}
