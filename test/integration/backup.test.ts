import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type DbConfig } from '../../src/db/index.ts';
import { migrate } from '../../src/db/migrate.ts';
import { buildServices } from '../../src/server/context.ts';
import { createPostgresDatabase, ENGINES } from '../support/db.ts';
import { buildDepartment } from '../support/factories.ts';
import { runCli } from '../support/process.ts';

/**
 * `tongban backup` and `tongban restore` (docs/OPERATIONS.md): data written through the services survives a
 * backup and a restore into a fresh database (PostgreSQL: pg_dump / pg_restore) or a fresh data directory
 * (PGlite: its own data-directory dump), with the audit chain intact; a restore never overwrites a database.
 */
describe.each(ENGINES)('backup and restore on %s', (engine) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  let work: string;
  const place = async (): Promise<{ config: DbConfig; env: Record<string, string> }> => {
    const dataDir = mkdtempSync(path.join(work, 'data-'));
    if (engine === 'postgres') {
      const db = await createPostgresDatabase();
      cleanups.push(db.drop);
      return { config: { databaseUrl: db.url, dataDir }, env: { DATABASE_URL: db.url, DATA_DIR: dataDir } };
    }
    return { config: { dataDir }, env: { DATA_DIR: dataDir, DATABASE_URL: '' } };
  };

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'tongban-backup-'));
    cleanups.push(() => rmSync(work, { recursive: true, force: true }));
  });
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('writes data, backs up, restores into a fresh database and finds the data and an intact audit chain', async () => {
    const source = await place();
    const db = await openDb(source.config);
    let name: string;
    try {
      await migrate(db);
      const services = buildServices(db, { sessionTtlHours: 8 });
      name = (await buildDepartment(services, { name: '市备份测试局' })).name;
    } finally {
      await db.close();
    }

    const file = path.join(work, `tongban-${engine}.backup`);
    const backup = await runCli(['backup', file], source.env);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stderr).toContain(`backup of the ${engine} database written`);
    expect(statSync(file).size).toBeGreaterThan(0);
    expect(existsSync(`${file}.part`)).toBe(false);

    const target = await place();
    if (engine === 'pglite') rmSync(target.config.dataDir, { recursive: true, force: true });
    const restore = await runCli(['restore', file], target.env);
    expect(restore.code, restore.stderr).toBe(0);

    const restored = await openDb(target.config);
    try {
      const { rows } = await restored.query<{ name: string }>('SELECT name FROM department WHERE name = $1', [
        name,
      ]);
      expect(rows).toEqual([{ name }]);
    } finally {
      await restored.close();
    }
    const verify = await runCli(['audit', 'verify'], target.env);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stderr).toMatch(/audit chain intact/);

    // A second restore onto the now non-empty target is refused and changes nothing.
    const again = await runCli(['restore', file], target.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/not empty/);
    // A missing backup file is named.
    const missing = await runCli(['restore', path.join(work, 'nope.backup')], (await place()).env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no backup file');
  }, 240_000);
});
