import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../src/db/index.ts';
import { migrate } from '../src/db/migrate.ts';
import { randomUUID } from 'node:crypto';
import { buildDemoCatalog } from '../src/demo/catalog/index.ts';
import { buildDepartments, buildRegions } from '../src/demo/city/index.ts';
import { DEMO_FRONT_RESOURCE } from '../src/demo/frontdb.ts';
import { buildDemoRecords, DEFAULT_PEOPLE } from '../src/demo/records/index.ts';
import { seedDemoCity } from '../src/demo/seed.ts';
import { SYSTEM_ACTOR } from '../src/modules/audit/service.ts';
import { buildServices } from '../src/server/context.ts';
import { freePort } from '../src/lib/net.ts';
import { ROOT, coldStart, freshPostgres, progress, summary, timed, type EngineName } from './lib.ts';

interface Place {
  env: Record<string, string>;
  open: () => Promise<Db>;
  drop: () => Promise<void>;
}

async function place(engine: EngineName): Promise<Place> {
  if (engine === 'postgres') {
    const db = await freshPostgres();
    return {
      env: { DATABASE_URL: db.url },
      open: () => openDb({ databaseUrl: db.url, dataDir: '' }),
      drop: db.drop,
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'tongban-bench-'));
  return {
    env: { DATA_DIR: dir },
    open: () => openDb({ dataDir: dir }),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** CSV lines of (resource, data) in chunks of 5,000 rows, so a large population never sits in one string. */
function* csvChunks(resource: string, rows: Iterable<Record<string, unknown>>): Generator<string> {
  let chunk: (string | null)[][] = [];
  for (const row of rows) {
    chunk.push([resource, JSON.stringify(row)]);
    if (chunk.length === 5_000) {
      yield csv(chunk);
      chunk = [];
    }
  }
  if (chunk.length) yield csv(chunk);
}

const csv = (rows: (string | null)[][]) =>
  rows.map((r) => r.map((v) => (v === null ? '' : `"${v.replace(/"/g, '""')}"`)).join(',')).join('\n') + '\n';

/** The demo population both sides load: TONGBAN_DEMO_PEOPLE as the server reads it, default 20,000. */
function demoPeople(): number {
  const given = process.env.TONGBAN_DEMO_PEOPLE;
  if (given === undefined || given === '') return DEFAULT_PEOPLE;
  const n = Number(given);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`TONGBAN_DEMO_PEOPLE must be a whole number, got ${given}`);
  return n;
}

/** What `tongban start` printed on the way to its first healthy answer, each line with the second it came. */
interface StartRun {
  healthyMs: number;
  /** Seconds from spawn to the first line matching each step (absent when not printed). */
  steps: Record<string, number>;
  /** `start` found the web app stale and built it in this run. */
  builtWeb: boolean;
  /** The demo city was seeded in this run ("empty database" printed). */
  seeded: boolean;
}

const START_STEPS: [string, RegExp][] = [
  ['firstMigration', /^migration \d+_/],
  ['seedBegins', /^empty database: creating the demo city/],
  ['seedDone', /^demo (users created|city ready)/],
  ['listening', /^Tongban is listening/],
  ['frontDb', /^demo front database/],
];

/**
 * `tongban start` exactly as a user runs it (`npm start`: build the web app when stale, serve, the demo city in an
 * empty database, the demo front database), timed from spawn to the first 200 of /api/health, then stopped.
 */
async function startCli(env: Record<string, string>): Promise<StartRun> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [`${ROOT}bin/tongban.mjs`, 'start'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let partial = '';
  const steps: Record<string, number> = {};
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop()!;
    const at = Math.round(performance.now() - t0) / 1000;
    for (const line of lines)
      for (const [name, re] of START_STEPS) if (steps[name] === undefined && re.test(line)) steps[name] = at;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`tongban start exited early:\n${stderr}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (res.status === 200) {
          const healthyMs = performance.now() - t0;
          return {
            healthyMs,
            steps,
            builtWeb: stderr.includes('building the web app'),
            seeded: steps.seedBegins !== undefined,
          };
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** The middle sample, or the mean of the middle two (two runs are the usual count here). */
function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** STARTUP_ONLY=first measures the first start (and its restart) alone, skipping the slower comparisons. */
const firstOnly = () => process.env.STARTUP_ONLY === 'first';

/**
 * startup: the first start through the real `tongban start` (fresh data directory → first healthy answer) and a
 * restart of it, then a cold start of a fresh node to its first healthy response (migrate + demo city + listen), a
 * warm restart on the same data, and the demo-city seed itself — each next to the raw engine doing the
 * bare minimum of the same work in the same run: opening, and a COPY of the same rows — regions, departments,
 * the catalog, and every record the seed ingests for the same population (TONGBAN_DEMO_PEOPLE, default 20,000),
 * as jsonb into one plain table.
 */
export async function startup(engine: EngineName, n: number) {
  const people = demoPeople();
  const cold: number[] = [];
  const warm: number[] = [];
  const rawOpen: number[] = [];
  const seed: number[] = [];
  const rawCopy: number[] = [];
  const first: StartRun[] = [];
  const firstRestart: StartRun[] = [];
  const regions = buildRegions();
  const departments = buildDepartments();
  const catalog = buildDemoCatalog();
  // The sets the seed ingests (公积金中心's deposits come through its front database in `tongban start` only).
  const recordSets = buildDemoRecords({ people }).filter(
    (s) =>
      !(
        s.departmentKey === DEMO_FRONT_RESOURCE.departmentKey &&
        s.resourceName === DEMO_FRONT_RESOURCE.resourceName
      ),
  );
  const recordCount = people === 0 ? 0 : recordSets.reduce((sum, s) => sum + s.count, 0);

  for (let i = 0; i < n; i++) {
    progress(`run ${i + 1}/${n} (${engine})`);
    // The first start as a user makes it, then the restart on the data it left (must not seed again).
    {
      const p = await place(engine);
      const env = { ...p.env, TONGBAN_DEMO_PASSWORD: 'Bench-pass-2026', TONGBAN_DEMO_PEOPLE: String(people) };
      const run = await startCli(env);
      if (!run.seeded) throw new Error('tongban start on a fresh database did not seed the demo city');
      first.push(run);
      progress(`first start ${(run.healthyMs / 1000).toFixed(1)} s ${JSON.stringify(run.steps)}`);
      const again = await startCli(env);
      if (again.seeded) throw new Error('tongban start seeded the demo city again on a restart');
      firstRestart.push(again);
      await p.drop();
    }
    if (firstOnly()) continue;
    // Raw engine: open a brand-new database and answer one query.
    {
      const p = await place(engine);
      const [db, ms] = await timed(async () => {
        const db = await p.open();
        await db.query('SELECT 1');
        return db;
      });
      rawOpen.push(ms);
      await db.close();
      await p.drop();
    }
    // Tongban: cold start on an empty database, then a warm restart on the data it made.
    {
      const p = await place(engine);
      const env = {
        ...p.env,
        TONGBAN_DEMO: '1',
        TONGBAN_DEMO_PASSWORD: 'Bench-pass-2026',
        TONGBAN_DEMO_PEOPLE: String(people),
      };
      cold.push(await coldStart(env));
      warm.push(await coldStart(env));
      await p.drop();
    }
    // Seed alone, in process, against COPY of the same rows into the same tables.
    {
      const p = await place(engine);
      const db = await p.open();
      await migrate(db);
      const services = buildServices(db, { sessionTtlHours: 8 });
      seed.push(
        (await timed(() => seedDemoCity(services, SYSTEM_ACTOR, { password: 'Bench-pass-2026', people })))[1],
      );
      await db.close();
      await p.drop();

      const p2 = await place(engine);
      const raw = await p2.open();
      await migrate(raw);
      await raw.exec('CREATE TABLE raw_record (resource text NOT NULL, data jsonb NOT NULL)');
      const [, ms] = await timed(async () => {
        const ordered = [...regions].sort((a, b) => a.code.length - b.code.length);
        await raw.copyIn('COPY region (code, name, level, parent_code) FROM STDIN WITH (FORMAT csv)', [
          csv(ordered.map((r) => [r.code, r.name, r.level, r.parentCode])),
        ]);
        const deptIds = new Map(departments.map((d) => [d.key, randomUUID()]));
        await raw.copyIn(
          'COPY department (id, key, name, short_name, uscc, region_code) FROM STDIN WITH (FORMAT csv)',
          [csv(departments.map((d) => [deptIds.get(d.key)!, d.key, d.name, d.shortName, d.uscc, '320700']))],
        );
        // The same catalog rows, without segmentation, validation, codes, events or audit.
        const resources = catalog.map((r, i) => ({
          id: randomUUID(),
          code: `${r.classCode}/${String(i + 1).padStart(6, '0')}`,
          r,
        }));
        await raw.copyIn(
          `COPY catalog_resource (id, code, class_code, department_id, status, current_version, published_version,
             name, summary, category, format_category, sharing_type, open_type, update_cycle, item_count, search)
           FROM STDIN WITH (FORMAT csv)`,
          [
            csv(
              resources.map(({ id, code, r }) => [
                id,
                code,
                r.classCode,
                deptIds.get(r.departmentKey)!,
                'published',
                '1',
                '1',
                r.name,
                r.summary,
                'department',
                r.formatCategory,
                r.sharingType,
                r.openType,
                r.updateCycle,
                String(r.items.length),
                '',
              ]),
            ),
          ],
        );
        await raw.copyIn(
          'COPY catalog_version (resource_id, version, status, fields, items) FROM STDIN WITH (FORMAT csv)',
          [
            csv(
              resources.map(({ id, r }) => {
                const { items, departmentKey: _k, lastDataChangeAt: _l, ...fields } = r;
                return [id, '1', 'published', JSON.stringify(fields), JSON.stringify(items)];
              }),
            ),
          ],
        );
        // The same records, without validation, keys, hashes, change log, subscriptions or audit.
        if (people > 0)
          for (const set of recordSets)
            await raw.copyIn(
              'COPY raw_record (resource, data) FROM STDIN WITH (FORMAT csv)',
              csvChunks(set.resourceName, set.rows()),
            );
      });
      rawCopy.push(ms);
      await raw.close();
      await p2.drop();
    }
  }
  const seconds = (ms: number) => Math.round(ms / 100) / 10;
  const firstStart = {
    first_start_s: seconds(median(first.map((r) => r.healthyMs))),
    first_start_runs_s: first.map((r) => seconds(r.healthyMs)),
    // Seconds from spawn at which each step was printed, per run: where the first start spends its time.
    first_start_steps_s: first.map((r) => r.steps),
    first_start_built_web: first.map((r) => r.builtWeb),
    restart_after_first_s: seconds(median(firstRestart.map((r) => r.healthyMs))),
  };
  if (firstOnly()) return { bench: 'startup', engine, n, people, ...firstStart };
  const coldS = summary(cold);
  const seedS = summary(seed);
  return {
    bench: 'startup',
    engine,
    n,
    unit: 'ms',
    ...firstStart,
    coldStartToHealthy: coldS,
    warmStartToHealthy: summary(warm),
    rawEngineOpen: summary(rawOpen),
    seed: seedS,
    rawCopySameRows: summary(rawCopy),
    ratios: {
      coldStartOverRawOpen: Math.round((coldS.median / summary(rawOpen).median) * 100) / 100,
      seedOverRawCopy: Math.round((seedS.median / summary(rawCopy).median) * 100) / 100,
    },
    people,
    rows: {
      regions: regions.length,
      departments: departments.length,
      resources: catalog.length,
      items: catalog.reduce((n, r) => n + r.items.length, 0),
      records: recordCount,
    },
    notes:
      'first_start_s = `tongban start` as a user runs it (web app built when stale, demo front database) on a fresh data directory, spawn → first 200 from /api/health, median in seconds; restart_after_first_s = the same command again on that data (no seeding); cold start = process spawn → migrate → demo city (TONGBAN_DEMO=1, same people) → first 200 from /api/health; seed = regions, departments, argon2id-hashed demo users, the catalog through the services (jieba segmentation, codes, versions, events, audit), the records through the validated ingest path, and the demo sharing; raw = COPY of the same regions, departments, catalog rows and records (jsonb in one plain table)',
  };
}
