// ingest: person records through the push API (HTTP, NDJSON, streamed) against a plain COPY of the same rows into
// the same engine, in the same run; then the unchanged snapshot and a snapshot with 1% of rows changed.
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDb, type Db, type Queryable } from '../src/db/index.ts';
import { migrate } from '../src/db/migrate.ts';
import { DEMO_RECORDS_SEED, personRow } from '../src/demo/records/index.ts';
import type { Item } from '../src/modules/catalog/schema.ts';
import { readRecords } from '../src/modules/exchange/parse.ts';
import { BatchWriter } from '../src/modules/exchange/ingest-batch.ts';
import { emptyResult } from '../src/modules/exchange/ingest.ts';
import type { SourceRow } from '../src/modules/exchange/types.ts';
import { compileRecordSchema, type RecordSchema } from '../src/modules/exchange/validate.ts';
import { adminUrl, freshPostgres, progress, type EngineName } from './lib.ts';
import {
  Api,
  cpuSeconds,
  DEMO_PASSWORD,
  populationResource,
  postgresCpu,
  postgresCpuSince,
  machine,
  procMemory,
  pushBody,
  round1,
  RssSampler,
  startServer,
  type IngestResult,
  type ServerUnderTest,
} from './server.ts';

/** Person indexes start here, far from the ~20,000 the demo seed loads (personRow(i) is unique for every i). */
const FIRST_PERSON = 10_000_000;
/** Every 100th row changes in the "1%" snapshot. */
const CHANGE_EVERY = 100;

const rate = (rows: number, ms: number) => Math.round(rows / (ms / 1000));
const sec = (ms: number) => Math.round(ms) / 1000;

// ---- The rows, generated once per size into files (the generator is far slower than COPY) ---------------

interface DataFiles {
  dir: string;
  ndjson: string;
  changed: string;
  copy: string;
  rows: number;
  changedRows: number;
  ndjsonBytes: number;
  copyBytes: number;
  /** personRow + JSON.stringify alone, rows/s (the cost of producing the NDJSON body): wall and CPU time. */
  generateRowsPerSec: number;
  generateCpuRowsPerSec: number;
  generateSeconds: number;
  cached: boolean;
}

/** COPY text format: backslash, tab, newline and carriage return escaped; null as \N. */
function copyText(v: unknown): string {
  if (v === undefined || v === null) return '\\N';
  const s = typeof v === 'boolean' ? (v ? 't' : 'f') : String(v);
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!)
    : s;
}

/** The "1%" change: a new current address (a move), which every subscriber of the register cares about. */
function changeRow(row: Record<string, unknown>): void {
  row['现住址'] = `${String(row['现住址'] ?? row['户籍地址'] ?? '')}（变更）`;
}

/**
 * Writes N rows three ways: the NDJSON body, the same body with every 100th row changed, and the COPY text of
 * the unchanged rows (one column per item, in item order). Reused by later runs of the same size.
 */
function dataFiles(itemNames: string[], n: number): DataFiles {
  const dir = path.join(
    tmpdir(),
    'tongban-bench-data',
    `person-s${DEMO_RECORDS_SEED}-from${FIRST_PERSON}-n${n}`,
  );
  const metaPath = path.join(dir, 'meta.json');
  const files = {
    dir,
    ndjson: path.join(dir, 'rows.ndjson'),
    changed: path.join(dir, 'changed-1pct.ndjson'),
    copy: path.join(dir, 'rows.copy'),
  };
  if (existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as DataFiles & { itemNames: string[] };
    if (meta.itemNames.join('|') === itemNames.join('|')) {
      progress(`rows: reusing ${dir} (generated earlier at ${meta.generateRowsPerSec} rows/s)`);
      return { ...meta, ...files, cached: true };
    }
  }
  mkdirSync(dir, { recursive: true });
  progress(`rows: generating ${n.toLocaleString()} person records into ${dir} …`);
  const out = {
    ndjson: openSync(`${files.ndjson}.tmp`, 'w'),
    changed: openSync(`${files.changed}.tmp`, 'w'),
    copy: openSync(`${files.copy}.tmp`, 'w'),
  };
  const bufs = { ndjson: [] as string[], changed: [] as string[], copy: [] as string[] };
  let pendingChars = 0;
  let ndjsonBytes = 0;
  let copyBytes = 0;
  const flush = () => {
    for (const k of ['ndjson', 'changed', 'copy'] as const) {
      const b = Buffer.from(bufs[k].join(''), 'utf8');
      if (k === 'ndjson') ndjsonBytes += b.length;
      if (k === 'copy') copyBytes += b.length;
      writeSync(out[k], b);
      bufs[k] = [];
    }
    pendingChars = 0;
  };
  let generateMs = 0;
  let generateCpuMs = 0;
  let changedRows = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const g0 = performance.now();
    const c0 = process.cpuUsage();
    const row = personRow(FIRST_PERSON + i);
    const line = `${JSON.stringify(row)}\n`;
    const c1 = process.cpuUsage(c0);
    generateMs += performance.now() - g0;
    generateCpuMs += (c1.user + c1.system) / 1000;
    bufs.ndjson.push(line);
    bufs.copy.push(`${itemNames.map((name) => copyText(row[name])).join('\t')}\n`);
    if (i % CHANGE_EVERY === 0) {
      changeRow(row);
      bufs.changed.push(`${JSON.stringify(row)}\n`);
      changedRows++;
    } else bufs.changed.push(line);
    pendingChars += line.length;
    if (pendingChars > 1 << 20) flush();
    if ((i + 1) % 200_000 === 0)
      progress(
        `  ${(i + 1).toLocaleString()} rows (${rate(i + 1, performance.now() - t0)} rows/s with the writing)`,
      );
  }
  flush();
  for (const fd of Object.values(out)) closeSync(fd);
  for (const k of ['ndjson', 'changed', 'copy'] as const) renameSync(`${files[k]}.tmp`, files[k]);
  const meta = {
    rows: n,
    changedRows,
    ndjsonBytes,
    copyBytes,
    generateRowsPerSec: rate(n, generateMs),
    generateCpuRowsPerSec: rate(n, generateCpuMs),
    generateSeconds: sec(generateMs),
    itemNames,
  };
  writeFileSync(metaPath, JSON.stringify(meta));
  return { ...meta, ...files, cached: false };
}

// ---- The push phases against the server child ------------------------------------------------------------

interface PhaseReport {
  rows: number;
  seconds: number;
  rowsPerSec: number;
  mbPerSec: number;
  serverDurationMs: number;
  counts: { received: number; inserted: number; updated: number; unchanged: number; deleted: number };
  cpuSeconds: { server: number; postgres?: number; client: number };
  peakRssMb: number;
}

function expectCounts(phase: string, r: IngestResult, want: Partial<IngestResult>): void {
  const wrong = Object.entries(want).filter(([k, v]) => r[k as keyof IngestResult] !== v);
  if (wrong.length || r.rejectedTotal !== 0)
    throw new Error(
      `${phase}: expected ${JSON.stringify(want)}, the server answered ${JSON.stringify({ ...r, rejected: r.rejected.slice(0, 5) })}`,
    );
}

/**
 * BENCH_ANALYZE=1: ANALYZE the server's database before each phase (PostgreSQL only; the server's PGlite is in its
 * process), as autovacuum would on a server where it is on and had time to run. Off by default: the server as it is.
 */
const ANALYZE = process.env.BENCH_ANALYZE === '1';

async function analyze(url: string | undefined): Promise<void> {
  if (!ANALYZE || !url) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

/** The PostgreSQL settings that shape these numbers. */
async function postgresSettings(): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string; unit: string | null }>(
      `SELECT name, setting, unit FROM pg_settings WHERE name IN ('server_version', 'autovacuum', 'shared_buffers',
         'work_mem', 'maintenance_work_mem', 'max_wal_size', 'synchronous_commit', 'fsync', 'wal_level')`,
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.unit ? `${r.setting} × ${r.unit}` : r.setting]));
  } finally {
    await client.end();
  }
}

async function checkpoint(engine: EngineName): Promise<void> {
  if (engine !== 'postgres') return;
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}

async function pushPhase(
  server: ServerUnderTest,
  sampler: RssSampler,
  api: Api,
  resourceId: string,
  name: string,
  query: string,
  file: string,
  rows: number,
  want: Partial<IngestResult>,
): Promise<PhaseReport> {
  await analyze(server.databaseUrl);
  await checkpoint(server.engine);
  progress(`${name}: POST ${rows.toLocaleString()} rows (${query}) …`);
  sampler.phase(name);
  const cpu0 = cpuSeconds(server.pid);
  const pg0 = server.engine === 'postgres' ? postgresCpu() : undefined;
  const client0 = process.cpuUsage();
  const out = await pushBody(api, resourceId, query, createReadStream(file, { highWaterMark: 256 * 1024 }));
  const clientCpu = process.cpuUsage(client0);
  sampler.end();
  const ms = out.answeredAt - out.startedAt;
  expectCounts(name, out.result, { received: rows, ...want });
  const r = out.result;
  const report: PhaseReport = {
    rows,
    seconds: sec(ms),
    rowsPerSec: rate(rows, ms),
    mbPerSec: round1(out.bytes / 1048576 / (ms / 1000)),
    serverDurationMs: r.durationMs,
    counts: {
      received: r.received,
      inserted: r.inserted,
      updated: r.updated,
      unchanged: r.unchanged,
      deleted: r.deleted,
    },
    cpuSeconds: {
      server: round1(cpuSeconds(server.pid) - cpu0),
      ...(pg0 ? { postgres: postgresCpuSince(pg0) } : {}),
      client: round1((clientCpu.user + clientCpu.system) / 1e6),
    },
    peakRssMb: sampler.byPhase[name] ?? 0,
  };
  progress(
    `${name}: ${report.rowsPerSec.toLocaleString()} rows/s, ${report.seconds} s, ${JSON.stringify(report.counts)}`,
  );
  return report;
}

// ---- The baseline: a plain COPY of the same rows ---------------------------------------------------------

const SQL_TYPE: Record<string, (length: number | null) => string> = {
  C: (n) => (n ? `varchar(${n})` : 'text'),
  M: () => 'text',
  N: () => 'numeric',
  Y: () => 'numeric(18,2)',
  I: () => 'integer',
  B: () => 'double precision',
  F: () => 'double precision',
  D: () => 'date',
  T: () => 'timestamptz',
  L: () => 'boolean',
  G: () => 'text',
};

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

function tableSql(table: string, items: Item[], withKey: boolean): string {
  const cols = items.map((i) => `${ident(i.name)} ${SQL_TYPE[i.dataType]?.(i.length) ?? 'text'}`);
  const key = items.filter((i) => i.isKey).map((i) => ident(i.name));
  return `CREATE TABLE ${table} (${cols.join(', ')}${withKey ? `, PRIMARY KEY (${key.join(', ')})` : ''})`;
}

interface CopyReport {
  seconds: number;
  rowsPerSec: number;
  mbPerSec: number;
  cpuSeconds: { bench: number; postgres?: number };
}

/** Pieces of a file of lines, each ending at a line end (for PGlite's /dev/blob, which takes a whole blob). */
async function* linePieces(file: string, pieceBytes: number): AsyncGenerator<Buffer> {
  let carry: Buffer = Buffer.alloc(0);
  let parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 4 << 20 }) as AsyncIterable<Buffer>) {
    parts.push(chunk);
    size += chunk.length;
    if (size >= pieceBytes) {
      const all = Buffer.concat([carry, ...parts]);
      const cut = all.lastIndexOf(10) + 1;
      yield all.subarray(0, cut);
      carry = Buffer.from(all.subarray(cut));
      parts = [];
      size = 0;
    }
  }
  const rest = Buffer.concat([carry, ...parts]);
  if (rest.length) yield rest;
}

async function copyBaseline(
  engine: EngineName,
  target: { url?: string; pglite?: PGlite },
  items: Item[],
  files: DataFiles,
  withKey: boolean,
): Promise<CopyReport> {
  const table = withKey ? 'bench_copy_person_key' : 'bench_copy_person';
  const columns = items.map((i) => ident(i.name)).join(', ');
  const ddl = tableSql(table, items, withKey);
  progress(
    `COPY ${files.rows.toLocaleString()} rows into a plain table${withKey ? ' with a primary key' : ''} (${engine}) …`,
  );
  await checkpoint(engine);
  const client0 = process.cpuUsage();
  const pg0 = engine === 'postgres' ? postgresCpu() : undefined;
  let ms: number;
  let pgCpu: number | undefined;
  if (engine === 'postgres') {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      await client.query(ddl);
      const t0 = performance.now();
      const sink = client.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`));
      await pipeline(createReadStream(files.copy, { highWaterMark: 256 * 1024 }), sink);
      ms = performance.now() - t0;
      // Before the connection closes: its backend's CPU is counted only while the process exists.
      pgCpu = postgresCpuSince(pg0!);
      if (sink.rowCount !== files.rows)
        throw new Error(`COPY stored ${sink.rowCount} rows, expected ${files.rows}`);
    } finally {
      await client.end();
    }
  } else {
    const db = target.pglite!;
    await db.exec(ddl);
    const t0 = performance.now();
    let stored = 0;
    await db.transaction(async (tx) => {
      for await (const piece of linePieces(files.copy, 32 << 20)) {
        const res = await tx.query(`COPY ${table} (${columns}) FROM '/dev/blob'`, [], {
          blob: new Blob([piece as Uint8Array<ArrayBuffer>]),
        });
        stored += res.affectedRows ?? 0;
      }
    });
    ms = performance.now() - t0;
    if (stored !== files.rows) throw new Error(`COPY stored ${stored} rows, expected ${files.rows}`);
  }
  const cpu = process.cpuUsage(client0);
  const report: CopyReport = {
    seconds: sec(ms),
    rowsPerSec: rate(files.rows, ms),
    mbPerSec: round1(files.copyBytes / 1048576 / (ms / 1000)),
    cpuSeconds: {
      bench: round1((cpu.user + cpu.system) / 1e6),
      ...(pgCpu !== undefined ? { postgres: pgCpu } : {}),
    },
  };
  progress(
    `COPY${withKey ? ' (with key)' : ''}: ${report.rowsPerSec.toLocaleString()} rows/s, ${report.seconds} s`,
  );
  return report;
}

// ---- Where the time goes: the hub's pipeline in process, stage by stage ----------------------------------

interface StageTimes {
  /** Reading the body file. */
  readFile: number;
  /** readRecords: UTF-8 decoding, line splitting, JSON.parse. */
  parse: number;
  /** schema.check: types, tags, canonical JSON, key and content hash. */
  validate: number;
  /** Building the staging lines and waiting for COPY into the staging table (what parse and validate do not hide). */
  stage: number;
  /** The set-based statements: classify, log the changes, move the pointers (and a snapshot's deletions). */
  apply: number;
  commit: number;
}

/**
 * The push route's work without HTTP, on a fresh database of the same engine, through the hub's own BatchWriter
 * (the code the route runs): read the body (from the file), parse (readRecords), validate (schema.check), stage
 * (COPY into the staging table, overlapped with the next rows' parsing on PostgreSQL), apply (the set-based
 * statements), commit — timed stage by stage.
 */
async function hubStages(
  db: Db,
  items: Item[],
  file: string,
  rows: number,
  resourceId: string,
  mode: 'upsert' | 'snapshot',
  baseSeq: number,
) {
  const schema = compileRecordSchema(items);
  const zero = (): StageTimes => ({ readFile: 0, parse: 0, validate: 0, stage: 0, apply: 0, commit: 0 });
  // Wall and CPU time (this process: for PGlite that includes the database) per stage, in ms.
  const wall = zero();
  const cpu = zero();
  const clock = (): [number, number] => {
    const c = process.cpuUsage();
    return [performance.now(), (c.user + c.system) / 1000];
  };
  const add = (stage: keyof StageTimes, from: [number, number], to: [number, number]) => {
    wall[stage] += to[0] - from[0];
    cpu[stage] += to[1] - from[1];
  };
  const timedSchema: RecordSchema = {
    ...schema,
    check: (values, row, opts) => {
      const a = clock();
      const checked = schema.check(values, row, opts);
      add('validate', a, clock());
      return checked;
    },
  };
  async function* body(): AsyncGenerator<Buffer> {
    const it = (createReadStream(file, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>)[
      Symbol.asyncIterator
    ]();
    try {
      for (;;) {
        const a = clock();
        const next = await it.next();
        add('readFile', a, clock());
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await it.return?.();
    }
  }
  // readRecords' own time (parse) is its next() minus the file reads inside it.
  async function* parsed(): AsyncGenerator<SourceRow> {
    const it = readRecords(body(), 'ndjson', 'utf-8')[Symbol.asyncIterator]();
    for (;;) {
      const read0 = wall.readFile;
      const readCpu0 = cpu.readFile;
      const a = clock();
      const next = await it.next();
      const b = clock();
      wall.parse += b[0] - a[0] - (wall.readFile - read0);
      cpu.parse += b[1] - a[1] - (cpu.readFile - readCpu0);
      if (next.done || next.value.row > rows) return;
      if (next.value.error) throw new Error(`row ${next.value.row}: ${next.value.error.message}`);
      yield next.value;
    }
  }
  const result = emptyResult(randomUUID(), resourceId, { source: 'push', mode, onError: 'reject' });
  const pg0 = db.engine === 'postgres' ? postgresCpu() : undefined;
  const start = clock();
  let loopEnd = start;
  await db.transaction(
    async (tx: Queryable) => {
      const writer = new BatchWriter(db, tx, timedSchema, result, {
        resourceId,
        batchId: result.batchId,
        at: new Date(),
        mode,
        onError: 'reject',
        dryRun: false,
        baseSeq,
        recordsHeld: baseSeq,
      });
      const a = clock();
      await writer.consume(parsed());
      const b = clock();
      // Staging is what consuming took beyond reading, parsing and validating.
      wall.stage += b[0] - a[0] - wall.readFile - wall.parse - wall.validate;
      cpu.stage += b[1] - a[1] - cpu.readFile - cpu.parse - cpu.validate;
      await writer.finish();
      if (writer.failed)
        throw new Error(`in-process ${mode}: rows rejected ${JSON.stringify(result.rejected)}`);
      loopEnd = clock();
      add('apply', b, loopEnd);
    },
    { bulk: true },
  );
  const end = clock();
  add('commit', loopEnd, end);
  return {
    wall,
    cpu,
    totalMs: end[0] - start[0],
    cpuMs: end[1] - start[1],
    counts: {
      inserted: result.inserted,
      updated: result.updated,
      unchanged: result.unchanged,
      deleted: result.deleted,
    },
    postgresCpuSeconds: pg0 ? postgresCpuSince(pg0) : undefined,
  };
}

function stageReport(r: Awaited<ReturnType<typeof hubStages>>, rows: number, serverMs: number) {
  const per = (t: StageTimes) =>
    Object.fromEntries(Object.entries(t).map(([k, v]) => [k, round1((v * 1000) / rows)]));
  const secs = (t: StageTimes) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, sec(v)]));
  const pct = (ms: number) => Math.round((ms / r.totalMs) * 1000) / 10;
  return {
    inProcessSeconds: sec(r.totalMs),
    inProcessRowsPerSec: rate(rows, r.totalMs),
    serverSeconds: sec(serverMs),
    serverOverInProcess: Math.round((serverMs / r.totalMs) * 100) / 100,
    counts: r.counts,
    wallSeconds: secs(r.wall),
    cpuSeconds: {
      ...secs(r.cpu),
      total: sec(r.cpuMs),
      ...(r.postgresCpuSeconds !== undefined ? { postgres: r.postgresCpuSeconds } : {}),
    },
    cpuMicrosPerRow: per(r.cpu),
    wallMicrosPerRow: per(r.wall),
    wallSharePct: Object.fromEntries(Object.entries(r.wall).map(([k, v]) => [k, pct(v)])),
  };
}

// ---- The benchmark ---------------------------------------------------------------------------------------

/**
 * ingest: N person records (default 1,000,000) pushed to the server child through POST …/records as streamed
 * NDJSON, next to a plain COPY of the same rows into the same engine; the unchanged snapshot; a 1% snapshot; the
 * server's RSS; and the hub's pipeline stage by stage in process.
 */
export async function ingest(engine: EngineName, n: number, options: { scale: number } = { scale: 1 }) {
  if (!Number.isInteger(n) || n < 1) throw new Error('--n must be a positive integer');
  const scale = options.scale;
  if (!Number.isInteger(scale) || scale < 1) throw new Error('--scale must be a positive integer');
  const machineAtStart = machine();
  // BENCH_BREAKDOWN_ROWS: rows of the in-process stage breakdown (default N, at most 1,000,000).
  const breakdownRows = Math.min(n, Number(process.env.BENCH_BREAKDOWN_ROWS ?? 1_000_000));
  // One push carries the whole N (about 870 bytes a row): the body caps are raised to fit it, as an operator who
  // accepts such loads would.
  const cap = String(Math.max(1024 ** 3, n * Math.max(scale, 1) * 1200));
  const seeded = await startServer(engine, {
    cpuProfDir: process.env.BENCH_CPU_PROF,
    env: { PUSH_MAX_BYTES: cap, PUSH_MAX_COMPRESSED_BYTES: cap },
  });
  progress(`server up in ${sec(seeded.startMs)} s (migrations + demo city), pid ${seeded.pid}`);
  const seedPeakMb = procMemory(seeded.pid).hwmMb;
  // The ingest runs in a process started on the seeded database, so its memory is the ingest's, not what the
  // demo city's seed left behind (seedPeakMb).
  const server = await seeded.restart();
  progress(`restarted on the seeded database in ${sec(server.startMs)} s, pid ${server.pid}`);
  const sampler = new RssSampler(server.pid);
  let stopped = false;
  let items: Item[];
  let files: DataFiles;
  const phases: Record<string, PhaseReport> = {};
  let cleared = 0;
  let memory: { afterStartMb: number; hwmAfterStartMb: number; peakMb: number };
  try {
    const api = await Api.login(server.url, 'admin', DEMO_PASSWORD);
    const resource = await populationResource(api);
    const catalog = await api.json<{ items: Item[] }>('GET', `/api/catalog/resources/${resource.id}`);
    items = [...catalog.items].sort((a, b) => a.position - b.position);
    const start = procMemory(server.pid);
    files = dataFiles(
      items.map((i) => i.name),
      n,
    );

    // A clean first load: the demo seed's records are removed by an empty snapshot, so the resource holds exactly
    // the N rows afterwards and the unchanged snapshot really is unchanged.
    if (resource.recordsHeld > 0) {
      progress(`clearing the ${resource.recordsHeld.toLocaleString()} demo records (empty snapshot) …`);
      sampler.phase('clearDemoRecords');
      const out = await pushBody(api, resource.id, 'mode=snapshot&onError=reject', '');
      sampler.end();
      expectCounts('clear', out.result, { deleted: resource.recordsHeld, inserted: 0 });
      cleared = out.result.deleted;
    }

    phases.firstLoad = await pushPhase(
      server,
      sampler,
      api,
      resource.id,
      'firstLoad',
      'mode=upsert&onError=reject',
      files.ndjson,
      n,
      {
        inserted: n,
        updated: 0,
        unchanged: 0,
        deleted: 0,
      },
    );
    phases.snapshotUnchanged = await pushPhase(
      server,
      sampler,
      api,
      resource.id,
      'snapshotUnchanged',
      'mode=snapshot&onError=reject',
      files.ndjson,
      n,
      { inserted: 0, updated: 0, unchanged: n, deleted: 0 },
    );
    phases.snapshot1pct = await pushPhase(
      server,
      sampler,
      api,
      resource.id,
      'snapshot1pct',
      'mode=snapshot&onError=reject',
      files.changed,
      n,
      {
        inserted: 0,
        updated: files.changedRows,
        unchanged: n - files.changedRows,
        deleted: 0,
      },
    );
    if (scale > 1) {
      // The same work at K×N rows: first load and unchanged snapshot, on the same server, after an empty snapshot.
      const big = dataFiles(
        items.map((i) => i.name),
        n * scale,
      );
      progress(`scaled: clearing the ${n.toLocaleString()} rows (empty snapshot) …`);
      const out = await pushBody(api, resource.id, 'mode=snapshot&onError=reject', '');
      expectCounts('clear', out.result, { deleted: n, inserted: 0 });
      phases.firstLoadScaled = await pushPhase(
        server,
        sampler,
        api,
        resource.id,
        'firstLoadScaled',
        'mode=upsert&onError=reject',
        big.ndjson,
        n * scale,
        { inserted: n * scale, updated: 0, unchanged: 0, deleted: 0 },
      );
      phases.snapshotUnchangedScaled = await pushPhase(
        server,
        sampler,
        api,
        resource.id,
        'snapshotUnchangedScaled',
        'mode=snapshot&onError=reject',
        big.ndjson,
        n * scale,
        { inserted: 0, updated: 0, unchanged: n * scale, deleted: 0 },
      );
    }
    const end = procMemory(server.pid);
    memory = { afterStartMb: start.rssMb, hwmAfterStartMb: start.hwmMb, peakMb: end.hwmMb };
    sampler.stop();
    await server.stop();
    stopped = true;
  } finally {
    sampler.stop();
    if (!stopped) await server.stop();
    await server.drop();
  }

  // Baseline and stage breakdown on a fresh database of the same engine (the server's is gone: no contention).
  const scratch = engine === 'postgres' ? await freshPostgres() : undefined;
  const pgliteDir = engine === 'pglite' ? mkdtempSync(path.join(tmpdir(), 'tongban-bench-copy-')) : undefined;
  let copy: CopyReport;
  let copyWithKey: CopyReport;
  let breakdown: Record<string, unknown>;
  try {
    const pglite = pgliteDir ? await PGlite.create(path.join(pgliteDir, 'pg')) : undefined;
    try {
      copy = await copyBaseline(engine, { url: scratch?.url, pglite }, items, files, false);
      copyWithKey = await copyBaseline(engine, { url: scratch?.url, pglite }, items, files, true);
    } finally {
      await pglite?.close();
    }
    if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });

    const hubDir = engine === 'pglite' ? mkdtempSync(path.join(tmpdir(), 'tongban-bench-hub-')) : undefined;
    const db = await openDb({ databaseUrl: scratch?.url, dataDir: hubDir ?? '' });
    try {
      await migrate(db);
      const resourceId = randomUUID();
      await checkpoint(engine);
      progress(`stages in process: first load of ${breakdownRows.toLocaleString()} rows …`);
      const first = await hubStages(db, items, files.ndjson, breakdownRows, resourceId, 'upsert', 0);
      if (first.counts.inserted !== breakdownRows)
        throw new Error(`in-process first load inserted ${first.counts.inserted}`);
      if (ANALYZE) await db.exec('ANALYZE');
      await checkpoint(engine);
      progress(`stages in process: unchanged snapshot …`);
      const snap = await hubStages(
        db,
        items,
        files.ndjson,
        breakdownRows,
        resourceId,
        'snapshot',
        breakdownRows,
      );
      if (snap.counts.unchanged !== breakdownRows)
        throw new Error(`in-process snapshot: ${JSON.stringify(snap.counts)}`);
      // The server's time for the same number of rows (scaled when the breakdown used fewer rows than N).
      const scale = breakdownRows / n;
      breakdown = {
        rows: breakdownRows,
        firstLoad: stageReport(first, breakdownRows, phases.firstLoad!.serverDurationMs * scale),
        snapshotUnchanged: stageReport(
          snap,
          breakdownRows,
          phases.snapshotUnchanged!.serverDurationMs * scale,
        ),
      };
    } finally {
      await db.close();
      if (hubDir) rmSync(hubDir, { recursive: true, force: true });
    }
  } finally {
    await scratch?.drop();
  }

  const first = phases.firstLoad!;
  const ingestPeakMb = Math.max(...Object.keys(phases).map((p) => sampler.byPhase[p] ?? 0));
  const r2 = (x: number) => Math.round(x * 100) / 100;
  // The raw engine's figure: COPY of the same rows into a keyed, typed table.
  const keyed = copyWithKey.rowsPerSec;
  const ratio = r2(first.rowsPerSec / keyed);
  const snapshotUnchangedRatio = r2(phases.snapshotUnchanged!.rowsPerSec / keyed);
  const snapshot1pctRatio = r2(phases.snapshot1pct!.rowsPerSec / keyed);
  const scaledFirst = phases.firstLoadScaled;
  const scaledSnapshot = phases.snapshotUnchangedScaled;
  const sizeRatio =
    scaledFirst && scaledSnapshot
      ? r2(
          Math.min(
            scaledFirst.rowsPerSec / first.rowsPerSec,
            scaledSnapshot.rowsPerSec / phases.snapshotUnchanged!.rowsPerSec,
          ),
        )
      : null;
  return {
    bench: 'ingest',
    engine,
    n,
    ingest: { rowsPerSec: first.rowsPerSec, seconds: first.seconds },
    copy: { rowsPerSec: keyed, seconds: copyWithKey.seconds },
    ratio,
    ratioVsPlainCopy: r2(first.rowsPerSec / copy.rowsPerSec),
    snapshot_unchanged_ratio: snapshotUnchangedRatio,
    snapshot_1pct_ratio: snapshot1pctRatio,
    [`rows_per_s_${scale}x_vs_1x`]: sizeRatio,
    ...(scale === 3 && n === 1_000_000 ? { rows_per_s_3m_vs_1m: sizeRatio } : {}),
    // The server's largest resident set while it ingested (sampled every 200 ms in the push phases); the demo
    // city's seed at start is reported apart (serverPeakRssBeforeIngestMb).
    peak_rss_mb: ingestPeakMb,
    targets: {
      ratio: { atLeast: 0.5, met: ratio >= 0.5 },
      snapshot_unchanged_ratio: { atLeast: 1.0, met: snapshotUnchangedRatio >= 1.0 },
      snapshot_1pct_ratio: { atLeast: 0.8, met: snapshot1pctRatio >= 0.8 },
      rows_per_s_scaled: { atLeast: 0.8, met: sizeRatio === null ? null : sizeRatio >= 0.8 },
      peak_rss_mb: { atMost: 400, met: ingestPeakMb <= 400 },
    },
    scaled: scaledFirst
      ? { rows: n * scale, firstLoad: scaledFirst, snapshotUnchanged: scaledSnapshot }
      : null,
    firstLoad: first,
    snapshotUnchanged: phases.snapshotUnchanged,
    snapshot1pct: phases.snapshot1pct,
    copyDetail: { plain: copy, withPrimaryKey: copyWithKey },
    serverStartSeconds: sec(seeded.startMs),
    serverRestartSeconds: sec(server.startMs),
    serverPeakRssDuringSeedMb: seedPeakMb,
    serverPeakRssMb: memory.peakMb,
    serverRssAfterStartMb: memory.afterStartMb,
    serverPeakRssBeforeIngestMb: memory.hwmAfterStartMb,
    rssByPhase: sampler.byPhase,
    clearedDemoRecords: cleared,
    body: {
      ndjsonBytes: files.ndjsonBytes,
      bytesPerRow: Math.round(files.ndjsonBytes / n),
      copyBytes: files.copyBytes,
      changedRows: files.changedRows,
    },
    client: {
      generateRowsPerSec: files.generateRowsPerSec,
      generateCpuRowsPerSec: files.generateCpuRowsPerSec,
      generateSeconds: files.generateSeconds,
      generatedThisRun: !files.cached,
      dataDir: files.dir,
    },
    breakdown,
    analyzeBetweenPhases: ANALYZE,
    ...(engine === 'postgres' ? { postgres: await postgresSettings() } : {}),
    machine: {
      cpus: machineAtStart.cpus,
      loadAvgAtStart: machineAtStart.loadAvg,
      loadAvgAtEnd: machine().loadAvg,
    },
    notes: [
      `rows: personRow(i) for i = ${FIRST_PERSON} … ${FIRST_PERSON + n - 1} (seed ${DEMO_RECORDS_SEED}), projected onto the catalog's ${items.length} items; every 100th row of the 1% snapshot has a new 现住址.`,
      'The rows are generated once per size into files (NDJSON, 1%-changed NDJSON, COPY text; reused by later runs) and both the push and the COPY stream from those files, so nothing holds a body in memory and neither side is bounded by the generator: personRow + JSON.stringify (client.generateRowsPerSec) is far slower than COPY and would take one of the two cores from the server.',
      'first load: the demo seed’s records of 人口基本信息 are first removed with an empty snapshot (clearedDemoRecords), then N new keys are pushed with mode=upsert, so the resource holds exactly the N rows and the unchanged snapshot is all unchanged.',
      'ingest = client wall time of POST …/records (file stream → chunked HTTP → response), including validation, change capture, batch row, audit and commit; serverDurationMs is the service’s own measure.',
      `copy = COPY … FROM STDIN (text format, typed columns, one per item) of the same rows from a file into a fresh plain table of the same engine, ${engine === 'pglite' ? 'in the benchmark process (a separate PGlite in a temp dir, COPY FROM /dev/blob in 32 MiB pieces in one transaction) — PGlite has no server, so unlike the hub it pays no HTTP' : 'through node-postgres + pg-copy-streams, the driver the server uses'}; ratio = ingest rows/s ÷ COPY rows/s (no index); ratioVsCopyWithKey uses a table with a primary key on the key item.`,
      'ratio (and the snapshot ratios) = the phase’s rows/s ÷ COPY into a keyed, typed table (copyDetail.withPrimaryKey); ratioVsPlainCopy uses the table without an index.',
      'The hub stages the checked rows with COPY (a temp table: key, content hash, JSON text), then classifies them with one join against the held keys and writes each new or changed record once, as jsonb, into the change log; exchange_record holds key → hash and seq of the latest change.',
      `scaled (--scale ${scale}): after an empty snapshot, a first load and an unchanged snapshot of ${scale}×N rows on the same server; rows_per_s_${scale}x_vs_1x = the lower of the two rows/s ratios (scaled ÷ N).`,
      'breakdown: the push route’s stages in process on a fresh database of the same engine, through the hub’s own BatchWriter (file read, readRecords, schema.check, staging COPY, the set-based apply, commit), one transaction; wall and CPU time per stage and µs per row (this process’s CPU — for PGlite the database runs in it too; cpuSeconds.postgres is the PostgreSQL side); stage = consuming beyond read, parse and validate (PostgreSQL overlaps it with parsing); serverOverInProcess = the server’s durationMs ÷ the in-process wall time.',
      'The server seeds the demo city, then is restarted on the same database, and the ingest runs in the restarted process: peak_rss_mb = the largest VmRSS polled every 200 ms during the push phases (rssByPhase), serverPeakRssMb = its VmHWM at the end; serverPeakRssDuringSeedMb = the seeding process’s VmHWM.',
      'PostgreSQL: CHECKPOINT before each timed phase; cpuSeconds.postgres sums all postgres processes on the machine.',
      'analyzeBetweenPhases (BENCH_ANALYZE=1, PostgreSQL): ANALYZE before each phase, as autovacuum would given time; without it (and always on PGlite, which has no autovacuum) the planner has no statistics for the freshly loaded partition.',
    ],
  };
}
