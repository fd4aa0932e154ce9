import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sm3 } from '../lib/crypto.ts';
import type { Db } from './types.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

// Any fixed 64-bit number: every Tongban process takes the same lock before migrating.
const MIGRATION_LOCK = 74_520_181_123;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationStatus {
  version: number;
  name: string;
}

/** Reads `NNNN_name.sql` files in version order. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(path.join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.replace(/^\d{4}_|\.sql$/g, ''),
        sql,
        checksum: sm3(sql),
      };
    });
}

/**
 * Applies every pending migration in one transaction under an advisory lock, so two processes
 * starting together neither apply a file twice nor see a half-migrated schema. A landed file whose
 * content changed is refused: migrations are never edited once applied.
 */
export async function migrate(
  db: Db,
  migrations = loadMigrations(),
  onApply?: (m: Migration) => void,
): Promise<{ applied: MigrationStatus[]; current: MigrationStatus | null }> {
  return db.transaction(async (tx) => {
    // A migration may rewrite a big table, and a second process waits here for the first one's: neither is
    // bound by the pool's statement_timeout, which is meant for requests.
    await tx.exec('SET LOCAL statement_timeout = 0');
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query<{ version: number; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migration ORDER BY version',
    );
    const done = new Map(rows.map((r) => [r.version, r]));
    for (const m of migrations) {
      const landed = done.get(m.version);
      if (landed && landed.checksum !== m.checksum) {
        throw new Error(
          `migration ${m.version}_${m.name} was edited after it was applied; add a new migration instead`,
        );
      }
    }
    const applied: MigrationStatus[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      onApply?.(m);
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migration (version, name, checksum) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        m.checksum,
      ]);
      applied.push({ version: m.version, name: m.name });
    }
    const last = migrations.at(-1);
    return { applied, current: last ? { version: last.version, name: last.name } : null };
  });
}

/** The newest applied migration, or null on an empty database. */
export async function currentMigration(db: Db): Promise<MigrationStatus | null> {
  const { rows } = await db.query<{ version: number; name: string }>(
    `SELECT version, name FROM schema_migration ORDER BY version DESC LIMIT 1`,
  );
  return rows[0] ?? null;
}
