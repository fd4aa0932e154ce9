import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { DbConfig } from './index.ts';

/**
 * Backup and restore of the platform's database, one command for either engine:
 * - PostgreSQL: `pg_dump --format=custom` and `pg_restore` (the client binaries must be on PATH, of the server's
 *   major version or newer). A restore goes into an empty database only.
 * - PGlite: the engine's own dump of its data directory (a gzipped tarball, `dumpDataDir`), restored into a data
 *   directory that does not exist yet. The server must be stopped: PGlite is opened by one process at a time.
 * The sealing key (`TONGBAN_SECRET_KEY` or `DATA_DIR/secret.key`) is not in the database and is kept apart.
 */
export async function backupDatabase(
  config: DbConfig,
  file: string,
): Promise<{ engine: string; bytes: number }> {
  if (config.databaseUrl) {
    const { url, env } = withoutPassword(config.databaseUrl);
    await run('pg_dump', ['--format=custom', '--no-owner', '--file', file, '--dbname', url], env);
    return { engine: 'postgres', bytes: readFileSync(file).length };
  }
  const dir = pgliteDir(config);
  if (!existsSync(path.join(dir, 'PG_VERSION'))) throw new Error(`no PGlite database in ${dir}`);
  const db = await PGlite.create(dir);
  try {
    const dump = await db.dumpDataDir('gzip');
    const bytes = Buffer.from(await dump.arrayBuffer());
    // Written under a temporary name and renamed, so a crash never leaves a truncated backup under the real name.
    writeFileSync(`${file}.part`, bytes);
    renameSync(`${file}.part`, file);
    return { engine: 'pglite', bytes: bytes.length };
  } finally {
    await db.close();
  }
}

/** Restores a backup made by `backupDatabase` into an empty database (PostgreSQL) or a new data directory. */
export async function restoreDatabase(config: DbConfig, file: string): Promise<{ engine: string }> {
  if (!existsSync(file)) throw new Error(`no backup file ${file}`);
  if (config.databaseUrl) {
    if (await hasTables(config.databaseUrl))
      throw new Error('the target database is not empty: restore into a new, empty database');
    const { url, env } = withoutPassword(config.databaseUrl);
    await run('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', url, file], env);
    return { engine: 'postgres' };
  }
  const dir = pgliteDir(config);
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new Error(`${dir} is not empty: restore into a data directory without a database`);
  mkdirSync(path.dirname(dir), { recursive: true });
  try {
    const db = await PGlite.create(dir, { loadDataDir: new Blob([readFileSync(file)]) });
    // A query proves the restored files open as a database before the command reports success.
    await db.query('SELECT count(*) FROM schema_migration');
    await db.close();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return { engine: 'pglite' };
}

function pgliteDir(config: DbConfig): string {
  if (config.dataDir === 'memory://')
    throw new Error('an in-memory database has nothing to back up or restore');
  return path.join(config.dataDir, 'pg');
}

async function hasTables(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')`,
    );
    return rows[0]!.n > 0;
  } finally {
    await client.end();
  }
}

/** The password goes to the client tools by environment: a command line is visible to every local user (`ps`). */
function withoutPassword(databaseUrl: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(databaseUrl);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env: password ? { ...process.env, PGPASSWORD: password } : process.env };
}

/** Runs a PostgreSQL client binary; its stderr becomes the error when it fails. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) =>
      reject(new Error(`${command} could not be run (${err.message}); install the PostgreSQL client tools`)),
    );
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
}
