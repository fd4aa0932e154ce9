import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { initdbAhead } from '../../bin/initdb-ahead.mjs';
import { openDb } from '../../src/db/index.ts';
import { runCli } from '../support/process.ts';

// The tongban command makes a new embedded database in a worker while its sources load (bin/initdb-ahead.mjs).
// Engine-independent: it only ever concerns PGlite, so it runs the same under either test engine.
describe('initdb ahead of the sources', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'tongban-initdb-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('does nothing where the command opens no new embedded database', () => {
    const dataDir = fresh();
    expect(initdbAhead(['restore', 'backup.tar'], { DATA_DIR: dataDir })).toBeUndefined();
    expect(initdbAhead(['--help'], { DATA_DIR: dataDir })).toBeUndefined();
    expect(
      initdbAhead(['start'], { DATA_DIR: dataDir, DATABASE_URL: 'postgres://x@127.0.0.1/x' }),
    ).toBeUndefined();
    expect(initdbAhead(['start'], { DATA_DIR: 'memory://' })).toBeUndefined();
    mkdirSync(path.join(dataDir, 'pg'));
    expect(initdbAhead(['start'], { DATA_DIR: dataDir })).toBeUndefined();
    expect(readdirSync(dataDir)).toEqual(['pg']);
  });

  it('start: the platform database and a copy for the demo front database, both ready to open', async () => {
    const dataDir = fresh();
    // Left by an interrupted start (no process has that id): cleared on the way.
    mkdirSync(path.join(dataDir, 'pg.initdb-999999999'));
    await initdbAhead(['start'], { DATA_DIR: dataDir });
    expect(readdirSync(dataDir).sort()).toEqual(['frontdb', 'pg']);
    for (const sub of ['pg', 'frontdb']) expect(existsSync(path.join(dataDir, sub, 'PG_VERSION'))).toBe(true);
    const db = await openDb({ dataDir });
    expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await db.close();
    // The front database's copy opens as a database of its own.
    const front = await PGlite.create(path.join(dataDir, 'frontdb'));
    expect((await front.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await front.close();
  });

  it('migrate on a new data directory waits for the database made ahead and leaves nothing else', async () => {
    const dataDir = fresh();
    const run = await runCli(['migrate'], { DATA_DIR: dataDir });
    expect(run.stderr).not.toMatch(/ahead failed/);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/schema version \d+ \(pglite\)/);
    expect(readdirSync(dataDir)).toEqual(['pg']);
    const again = await runCli(['migrate'], { DATA_DIR: dataDir });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/nothing to apply/);
  });
});
