import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openDb, type Db, type Engine } from '../../src/db/index.ts';
import { migrate } from '../../src/db/migrate.ts';
import { dumpPglite, openPglite } from '../../src/db/pglite.ts';
import { oncePerRun } from './once.ts';
import { createScratchDatabase } from '../../src/db/scratch.ts';

/** Every integration suite runs on each of these: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const ENGINES: Engine[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDb {
  db: Db;
  /** Server-mode URL of this test's own database (postgres only). */
  url: string | undefined;
  drop: () => Promise<void>;
}

/** A PostgreSQL database of its own for one test file, so files can run in parallel. */
export function createPostgresDatabase(
  options: { template?: string } = {},
): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  return createScratchDatabase(adminUrl, 'tongban_t', options.template);
}

/**
 * An embedded database with every migration applied, made once per test run and copied for each test file's
 * database: initdb takes seconds of WebAssembly, loading the copy a fraction of that.
 */
function migratedPglite(): Promise<string> {
  return oncePerRun('pglite-migrated', async (runDir) => {
    const db = await openPglite();
    await migrate(db);
    const file = path.join(runDir, 'pglite-migrated.tar');
    writeFileSync(file, new Uint8Array(await (await dumpPglite(db)).arrayBuffer()));
    await db.close();
    return file;
  });
}

/** A fresh, migrated database on the given engine. */
export async function createTestDb(engine: Engine, options: { migrate?: boolean } = {}): Promise<TestDb> {
  let url: string | undefined;
  let dropDatabase = async () => undefined as void;
  if (engine === 'postgres') {
    const created = await createPostgresDatabase();
    url = created.url;
    dropDatabase = created.drop;
  }
  const migrated = engine === 'pglite' && options.migrate !== false;
  const db = migrated
    ? await openPglite(undefined, new Blob([readFileSync(await migratedPglite())]))
    : await openDb({ databaseUrl: url, dataDir: 'memory://' });
  if (options.migrate !== false && !migrated) await migrate(db);
  return {
    db,
    url,
    drop: async () => {
      await db.close();
      await dropDatabase();
    },
  };
}
