// audit: audit entries per second with 1 and with several processes writing at once against one PostgreSQL, each
// process running WRITERS concurrent writers (a server's concurrent requests), one entry per transaction, for `n`
// seconds per phase. Three ways of writing the same rows, in the same run:
//   raw     — a plain INSERT of the row (its hash computed, no chain): what the database alone costs;
//   single  — the algorithm before sharding: one advisory lock for every writer in every process, the newest row
//             read with ORDER BY id DESC LIMIT 1, then the insert (a table shaped like migration 0001's audit_log);
//   sharded — AuditService.record as the server runs it: a free shard's head row locked with SKIP LOCKED, one
//             statement appending the entry and moving the head.
// Child processes are this file run with TONGBAN_AUDIT_BENCH_CHILD set; they report their counts over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openDb, type Db, type Queryable } from '../src/db/index.ts';
import { migrate } from '../src/db/migrate.ts';
import { entryHash, GENESIS_HASH, type ChainedFields } from '../src/modules/audit/chain.ts';
import { AuditService, type Actor, type AuditEvent } from '../src/modules/audit/service.ts';
import { freshPostgres, progress, type EngineName } from './lib.ts';
import { machine } from './server.ts';

const MODES = ['raw', 'single', 'sharded'] as const;
type Mode = (typeof MODES)[number];
const PROCESSES = [1, 4];
const WRITERS = 8;
// A fixed secret so every process digests keys alike, as servers sharing TONGBAN_SECRET_KEY do.
const SECRET = Buffer.alloc(32, 7);
// The lock the audit log took before sharding (the value repo.ts used).
const SINGLE_CHAIN_LOCK = 74_520_181_124;

const TABLES = `
CREATE TABLE bench_audit_single (
  id bigint PRIMARY KEY, at timestamptz NOT NULL, actor_id text, actor_name text, actor_kind text NOT NULL,
  action text NOT NULL, object_type text, object_id text, department_id uuid, ip text, request_id text,
  outcome text NOT NULL, details jsonb NOT NULL DEFAULT '{}', prev_hash text NOT NULL, hash text NOT NULL
);
CREATE INDEX ON bench_audit_single (at);
CREATE INDEX ON bench_audit_single (action, at);
CREATE INDEX ON bench_audit_single ((details->>'providerDepartmentId'), id DESC);
-- The same columns and indexes as today's audit_log, without the chain.
CREATE TABLE bench_audit_raw (LIKE audit_log INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
CREATE SEQUENCE bench_audit_raw_id;
`;

/** A data-access entry like the data service writes, different for every writer and count. */
function entry(w: number, i: number): { actor: Actor; event: AuditEvent } {
  return {
    actor: { id: null, name: `业务系统${w}`, kind: 'apikey', ip: '10.0.0.8', requestId: `r-${w}-${i}` },
    event: {
      action: 'data.lookup',
      objectType: 'resource',
      objectId: '6a3c2b1e-0f1d-4c4e-9a55-5d2f8c0b7e11',
      departmentId: '0b9d6c2a-53f4-4b8e-8f7e-2c1d0a9e8b77',
      outcome: 'success',
      details: {
        purpose: '住房公积金提取审核',
        keys: [`32070619900101${String((w * 100_000 + i) % 10_000).padStart(4, '0')}`],
        keyCount: 1,
        items: ['身份证号', '姓名', '出生日期'],
        maskedItems: ['姓名'],
        records: 1,
      },
    },
  };
}

function fieldsOf(
  id: string,
  at: Date,
  e: { actor: Actor; event: AuditEvent },
  details: unknown,
): ChainedFields {
  return {
    id,
    at,
    actorId: e.actor.id,
    actorName: e.actor.name,
    actorKind: e.actor.kind,
    action: e.event.action,
    objectType: e.event.objectType ?? null,
    objectId: e.event.objectId ?? null,
    departmentId: e.event.departmentId ?? null,
    ip: e.actor.ip,
    requestId: e.actor.requestId,
    outcome: e.event.outcome,
    details,
  };
}

async function insertRow(
  q: Queryable,
  table: string,
  f: ChainedFields,
  prevHash: string,
  hash: string,
  seq?: string,
) {
  // The raw table has audit_log's shard and seq columns: filled with placeholders, no chain behind them.
  const chain = seq === undefined ? ['', ''] : [', shard, seq', ', 0, $16'];
  await q.query(
    `INSERT INTO ${table} (id, at, actor_id, actor_name, actor_kind, action, object_type, object_id, department_id,
       ip, request_id, outcome, details, prev_hash, hash${chain[0]})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15${chain[1]})`,
    [
      f.id,
      f.at,
      f.actorId,
      f.actorName,
      f.actorKind,
      f.action,
      f.objectType,
      f.objectId,
      f.departmentId,
      f.ip,
      f.requestId,
      f.outcome,
      JSON.stringify(f.details),
      prevHash,
      hash,
      ...(seq === undefined ? [] : [seq]),
    ],
    { prepare: true },
  );
}

/** Writes one entry the given way, in a transaction of its own. */
function writer(
  db: Db,
  audit: AuditService,
  mode: Mode,
): (e: { actor: Actor; event: AuditEvent }) => Promise<void> {
  // The same digest step every mode pays, so only the locking and chaining differ.
  const digested = (e: { event: AuditEvent }) => {
    const { keys, ...rest } = e.event.details ?? {};
    return { ...rest, keyDigests: (keys as string[]).map((k) => audit.subjectDigest(k)) };
  };
  if (mode === 'sharded') return (e) => audit.record(e.actor, e.event);
  if (mode === 'raw')
    return (e) =>
      db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: string }>("SELECT nextval('bench_audit_raw_id') AS id", [], {
          prepare: true,
        });
        const f = fieldsOf(rows[0]!.id, new Date(), e, digested(e));
        await insertRow(tx, 'bench_audit_raw', f, GENESIS_HASH, entryHash(GENESIS_HASH, f), rows[0]!.id);
      });
  return (e) =>
    db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [SINGLE_CHAIN_LOCK], { prepare: true });
      const { rows } = await tx.query<{ id: string; hash: string }>(
        'SELECT id, hash FROM bench_audit_single ORDER BY id DESC LIMIT 1',
        [],
        { prepare: true },
      );
      const prev = rows[0]?.hash ?? GENESIS_HASH;
      const f = fieldsOf(String(BigInt(rows[0]?.id ?? '0') + 1n), new Date(), e, digested(e));
      await insertRow(tx, 'bench_audit_single', f, prev, entryHash(prev, f));
    });
}

interface ChildArgs {
  url: string;
  mode: Mode;
  seconds: number;
  index: number;
}

/** In a child: connect, say ready, wait for go, write for the phase's seconds, report the count. */
async function child(): Promise<void> {
  const args = JSON.parse(process.env.TONGBAN_AUDIT_BENCH_CHILD!) as ChildArgs;
  const db = await openDb({ databaseUrl: args.url, dataDir: 'memory://', pgPoolMax: WRITERS + 1 });
  const audit = new AuditService(db, { secretKey: SECRET });
  const write = writer(db, audit, args.mode);
  // Warm the pool and the prepared statements outside the measured time.
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => write(entry(args.index * 100 + w, -1))));
  process.send!({ ready: true });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const deadline = performance.now() + args.seconds * 1000;
  let written = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 0; performance.now() < deadline; i++) {
        await write(entry(args.index * 100 + w, i));
        written += 1;
      }
    }),
  );
  process.send!({ written });
  await db.close();
}

async function phase(url: string, mode: Mode, processes: number, seconds: number) {
  const file = fileURLToPath(import.meta.url);
  const children: ChildProcess[] = [];
  const ready: Promise<unknown>[] = [];
  const done: Promise<number>[] = [];
  for (let index = 0; index < processes; index++) {
    const c = fork(file, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, TONGBAN_AUDIT_BENCH_CHILD: JSON.stringify({ url, mode, seconds, index }) },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    children.push(c);
    const messages: { ready?: boolean; written?: number }[] = [];
    const waiters: ((m: { ready?: boolean; written?: number }) => void)[] = [];
    c.on('message', (m: { ready?: boolean; written?: number }) => {
      const w = waiters.shift();
      if (w) w(m);
      else messages.push(m);
    });
    const next = () =>
      new Promise<{ ready?: boolean; written?: number }>((resolve, reject) => {
        const m = messages.shift();
        if (m) return resolve(m);
        waiters.push(resolve);
        c.once('exit', (code) => code !== 0 && reject(new Error(`bench child exited with ${code}`)));
      });
    const r = next();
    ready.push(r);
    done.push(r.then(() => next()).then((m) => m.written ?? 0));
  }
  await Promise.all(ready);
  const t0 = performance.now();
  for (const c of children) c.send('go');
  const counts = await Promise.all(done);
  const elapsed = (performance.now() - t0) / 1000;
  await Promise.all(
    children.map(
      (c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.once('exit', resolve))),
    ),
  );
  const entries = counts.reduce((a, b) => a + b, 0);
  return {
    mode,
    processes,
    writers: processes * WRITERS,
    entries,
    seconds: round(elapsed),
    perSecond: Math.round(entries / elapsed),
  };
}

const round = (x: number) => Math.round(x * 100) / 100;

/** npm run bench -- audit --engine postgres [--n seconds per phase] */
export async function audit(engine: EngineName, seconds: number): Promise<object> {
  if (engine !== 'postgres')
    throw new Error('the audit bench measures processes sharing one PostgreSQL: --engine postgres');
  const { url, drop } = await freshPostgres();
  try {
    const db = await openDb({ databaseUrl: url, dataDir: 'memory://' });
    await migrate(db);
    await db.exec(TABLES);
    const results: Awaited<ReturnType<typeof phase>>[] = [];
    for (const processes of PROCESSES)
      for (const mode of MODES) {
        progress(`audit: ${mode}, ${processes} process(es) × ${WRITERS} writers, ${seconds} s`);
        const r = await phase(url, mode, processes, seconds);
        progress(`  ${r.perSecond} entries/s`);
        results.push(r);
      }
    // The sharded chains written by every process at once must verify whole.
    const verified = await new AuditService(db, { secretKey: SECRET }).verify({ full: true });
    const shards = await db.query<{ shard: number; n: number }>(
      'SELECT shard, count(*)::int AS n FROM audit_log GROUP BY shard ORDER BY shard',
    );
    await db.close();
    const rate = (mode: Mode, p: number) =>
      results.find((r) => r.mode === mode && r.processes === p)!.perSecond;
    const most = PROCESSES.at(-1)!;
    return {
      bench: 'audit',
      engine,
      secondsPerPhase: seconds,
      writersPerProcess: WRITERS,
      results,
      shardedOverSingle: Object.fromEntries(
        PROCESSES.map((p) => [`${p}p`, round(rate('sharded', p) / rate('single', p))]),
      ),
      shardedOverRaw: Object.fromEntries(
        PROCESSES.map((p) => [`${p}p`, round(rate('sharded', p) / rate('raw', p))]),
      ),
      scaling: {
        single: round(rate('single', most) / rate('single', 1)),
        sharded: round(rate('sharded', most) / rate('sharded', 1)),
      },
      verify: { ok: verified.ok, checked: verified.checked, reason: verified.reason },
      entriesPerShard: Object.fromEntries(shards.rows.map((r) => [r.shard, r.n])),
      machine: machine(),
    };
  } finally {
    await drop();
  }
}

if (process.env.TONGBAN_AUDIT_BENCH_CHILD) await child();
