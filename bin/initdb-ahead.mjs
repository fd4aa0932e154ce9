// A brand-new embedded database (PGlite) begins with initdb: seconds of WebAssembly before the first migration.
// The tongban command starts it here, in a worker thread, before it loads its own TypeScript, so the two overlap
// on the machine's cores. Plain JavaScript and PGlite only: this runs before tsx's loader is installed.
//
// The worker makes the database in a sibling directory and it is renamed into DATA_DIR/pg only once closed
// whole, so an interrupted start leaves no half-made database behind: the next start just runs initdb again.
// `tongban start` also runs the demo's front database, a second PGlite in DATA_DIR/frontdb (src/demo/server.ts):
// it gets a copy of the same fresh cluster, a file copy instead of a second initdb.
import { cpSync, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

/** Commands that open the database and may start from an empty one (restore wants its target left empty). */
const OPENS_DATABASE = new Set(['start', 'serve', 'migrate', 'seed']);

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
};

/**
 * Starts initdb for DATA_DIR/pg in a worker when the command will open an embedded database that does not exist
 * yet. Resolves once the database is in place (or the attempt failed: the opener then runs initdb itself, as
 * before); undefined when there is nothing to do. Mirrors loadConfig()'s reading of DATABASE_URL and DATA_DIR.
 */
export function initdbAhead(args, env) {
  const command = args.find((a) => !a.startsWith('-'));
  if (!OPENS_DATABASE.has(command) || env.DATABASE_URL || env.DATA_DIR === 'memory://') return undefined;
  const dataDir = path.resolve(env.DATA_DIR || './data');
  const target = path.join(dataDir, 'pg');
  if (existsSync(target)) return undefined;
  const front = command === 'start' ? path.join(dataDir, 'frontdb') : null;
  // Left by a start that was interrupted while making its database.
  if (existsSync(dataDir))
    for (const name of readdirSync(dataDir)) {
      const m = /^(pg|frontdb)\.initdb-(\d+)$/.exec(name);
      if (m && !alive(Number(m[2]))) rmSync(path.join(dataDir, name), { recursive: true, force: true });
    }
  const scratch = path.join(dataDir, `pg.initdb-${process.pid}`);
  const worker = new Worker(new URL(import.meta.url), { workerData: { dir: scratch } });
  return new Promise((resolve) => {
    let done = false;
    const finish = (error) => {
      if (done) return;
      done = true;
      try {
        if (!error && existsSync(scratch) && !existsSync(target)) {
          if (front && !existsSync(front)) {
            const copy = `${front}.initdb-${process.pid}`;
            cpSync(scratch, copy, { recursive: true });
            renameSync(copy, front);
          }
          renameSync(scratch, target);
        }
      } catch (err) {
        error = err.message;
      }
      rmSync(scratch, { recursive: true, force: true });
      if (error) process.stderr.write(`creating the database ahead failed (${error}); creating it now\n`);
      resolve();
    };
    worker.once('message', (m) => finish(m.ok ? null : m.error));
    worker.once('error', (err) => finish(err.message));
    // Gone without a word (killed, out of memory): the opener makes the database itself.
    worker.once('exit', (code) => finish(`exit code ${code}`));
  });
}

if (!isMainThread && workerData?.dir) {
  try {
    const { mkdirSync } = await import('node:fs');
    const { PGlite } = await import('@electric-sql/pglite');
    mkdirSync(workerData.dir, { recursive: true });
    const pg = await PGlite.create(workerData.dir);
    await pg.close();
    parentPort.postMessage({ ok: true });
  } catch (err) {
    parentPort.postMessage({ ok: false, error: err?.message ?? String(err) });
  }
}
