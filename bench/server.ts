// The server under test as a child process (`tongban serve`), so its memory is its own, and the HTTP client
// pieces the exchange benchmarks share: sign-in, JSON calls, and a streamed NDJSON push with backpressure.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { freePort } from '../src/lib/net.ts';
import { freshPostgres, progress, ROOT, type EngineName } from './lib.ts';

export const DEMO_PASSWORD = 'Bench-pass-2026';

export interface ServerUnderTest {
  engine: EngineName;
  url: string;
  pid: number;
  /** postgres: the scratch database (kept until `drop`); pglite: undefined. */
  databaseUrl: string | undefined;
  /** Spawn → first 200 from /api/health (migrations and the demo city included). */
  startMs: number;
  /** SIGTERM and wait (the server finishes in-flight requests and closes its database). */
  stop: () => Promise<void>;
  /** Removes the database (scratch PostgreSQL database or the PGlite data directory); call after stop. */
  drop: () => Promise<void>;
  /** Stops this process and starts a new one on the same database (no seed: it is not empty any more). */
  restart: () => Promise<ServerUnderTest>;
}

/** Starts `node bin/tongban.mjs serve` on a fresh database; it seeds the demo city before it listens. */
export async function startServer(
  engine: EngineName,
  opts: { cpuProfDir?: string | undefined; env?: Record<string, string> } = {},
): Promise<ServerUnderTest> {
  let databaseUrl: string | undefined;
  let drop: () => Promise<void>;
  const env: Record<string, string> = {
    TONGBAN_DEMO: '1',
    TONGBAN_DEMO_PASSWORD: DEMO_PASSWORD,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    ...opts.env,
  };
  if (engine === 'postgres') {
    const db = await freshPostgres();
    databaseUrl = db.url;
    env.DATABASE_URL = db.url;
    // A data dir for the generated secret key only.
    const dir = mkdtempSync(path.join(tmpdir(), 'tongban-bench-'));
    env.DATA_DIR = dir;
    drop = async () => {
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    };
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), 'tongban-bench-'));
    env.DATA_DIR = dir;
    drop = async () => rmSync(dir, { recursive: true, force: true });
  }
  const nodeArgs = opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : [];
  return launch(engine, env, nodeArgs, databaseUrl, drop);
}

async function launch(
  engine: EngineName,
  env: Record<string, string>,
  nodeArgs: string[],
  databaseUrl: string | undefined,
  drop: () => Promise<void>,
): Promise<ServerUnderTest> {
  const port = await freePort();
  env.PORT = String(port);
  const t0 = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, `${ROOT}bin/tongban.mjs`, 'serve'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const forward = (d: Buffer) => {
    const text = d.toString();
    tail = (tail + text).slice(-20_000);
    for (const line of text.split('\n')) if (line.trim()) progress(`  [server] ${line}`);
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${tail}`);
      if (performance.now() - t0 > 15 * 60_000)
        throw new Error('server did not become healthy in 15 minutes');
      try {
        const res = await fetch(`${url}/api/health`);
        await res.arrayBuffer();
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    await stop();
    await drop();
    throw err;
  }
  const startMs = performance.now() - t0;
  const restart = async () => {
    await stop();
    return launch(engine, env, nodeArgs, databaseUrl, drop);
  };
  return { engine, url, pid: child.pid!, databaseUrl, startMs, stop, drop, restart };
}

// ---- Memory of the server process ----------------------------------------------------------------------

/** VmRSS and VmHWM (peak RSS) of a process, in MiB, from /proc. */
export function procMemory(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: round1(kb('VmRSS') / 1024), hwmMb: round1(kb('VmHWM') / 1024) };
}

/** Polls a process's RSS every `everyMs` and keeps the largest value seen in each named phase. */
export class RssSampler {
  readonly byPhase: Record<string, number> = {};
  #phase: string | null = null;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pid: number,
    private readonly everyMs = 200,
  ) {}

  /** Starts (or switches to) a phase and samples at once. */
  phase(name: string): void {
    this.#phase = name;
    this.byPhase[name] ??= 0;
    this.sample();
    this.#timer ??= setInterval(() => this.sample(), this.everyMs);
  }

  /** Samples once more and stops attributing samples to the current phase. */
  end(): void {
    this.sample();
    this.#phase = null;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  sample(): void {
    if (this.#phase === null) return;
    try {
      const { rssMb } = procMemory(this.pid);
      this.byPhase[this.#phase] = Math.max(this.byPhase[this.#phase] ?? 0, rssMb);
    } catch {
      // the process is gone
    }
  }
}

/** Cores and load averages (1, 5, 15 min): numbers taken on a busy machine are not comparable. */
export function machine(): { cpus: number; loadAvg: number[] } {
  return { cpus: cpus().length, loadAvg: loadavg().map((x) => Math.round(x * 100) / 100) };
}

// ---- CPU time, from /proc (USER_HZ = 100 on Linux) ------------------------------------------------------

const TICK_SECONDS = 0.01;

/** User + system CPU seconds a process has used so far. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at ") "; utime and stime are 14 and 15.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_SECONDS;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds used by every process named `postgres` on this machine (backends, WAL writer, checkpointer …):
 * the PostgreSQL side of a phase, measured as a difference. Processes that exit in between are missed.
 */
export function postgresCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/comm`, 'utf8').trim() !== 'postgres') continue;
      out.set(Number(name), cpuSeconds(Number(name)));
    } catch {
      // gone
    }
  }
  return out;
}

export function postgresCpuSince(before: Map<number, number>): number {
  let total = 0;
  for (const [pid, s] of postgresCpu()) total += s - (before.get(pid) ?? 0);
  return round1(total);
}

// ---- HTTP client ---------------------------------------------------------------------------------------

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${body.slice(0, 2000)}`);
  }
}

export class Api {
  constructor(
    readonly base: string,
    readonly token: string,
  ) {}

  static async login(base: string, username: string, password: string): Promise<Api> {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const text = await res.text();
    if (res.status !== 200) throw new HttpError(res.status, text, `login ${username}`);
    return new Api(base, (JSON.parse(text) as { token: string }).token);
  }

  async json<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status < 200 || res.status > 299) throw new HttpError(res.status, text, `${method} ${path}`);
    return (text ? JSON.parse(text) : null) as T;
  }
}

/** The push API's answer (the fields the benchmarks check). */
export interface IngestResult {
  batchId: string;
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  quarantined: number;
  rejectedTotal: number;
  rejected: unknown[];
  firstSeq: number | null;
  lastSeq: number | null;
  bytes: number;
  durationMs: number;
}

export interface PushOutcome {
  result: IngestResult;
  /** Request start → last byte written (ms, performance.now clock). */
  startedAt: number;
  sentAt: number;
  /** Response fully read. */
  answeredAt: number;
  bytes: number;
}

/**
 * POSTs an NDJSON body to /api/exchange/resources/:id/records: a string, or a stream piped with backpressure
 * (chunked transfer), so a large body is never held in memory. Resolves when the response has been read.
 */
export function pushBody(
  api: Api,
  resourceId: string,
  query: string,
  body: Readable | string,
  agent?: http.Agent,
): Promise<PushOutcome> {
  const url = new URL(`${api.base}/api/exchange/resources/${resourceId}/records?${query}`);
  return new Promise<PushOutcome>((resolve, reject) => {
    const startedAt = performance.now();
    let sentAt = 0;
    let bytes = 0;
    let answered = false;
    const req = http.request(
      {
        method: 'POST',
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        // A connection of its own unless one is given: a kept-alive socket may have been closed by the server
        // while the bench generated rows for minutes, and writing into it fails with EPIPE.
        agent: agent ?? false,
        headers: {
          authorization: `Bearer ${api.token}`,
          'content-type': 'application/x-ndjson',
          ...(typeof body === 'string' ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
        },
      },
      (res) => {
        answered = true;
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          if (res.statusCode !== 200) {
            reject(new HttpError(res.statusCode ?? 0, text, `push ${query}`));
            return;
          }
          resolve({
            result: JSON.parse(text) as IngestResult,
            startedAt,
            sentAt: sentAt || performance.now(),
            answeredAt: performance.now(),
            bytes,
          });
        });
      },
    );
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    if (typeof body === 'string') {
      bytes = Buffer.byteLength(body);
      req.end(body, () => (sentAt = performance.now()));
      return;
    }
    body.on('data', (chunk: Buffer) => (bytes += chunk.length));
    body.on('error', (err) => {
      req.destroy(err);
      reject(err);
    });
    body.on('end', () => (sentAt = performance.now()));
    body.pipe(req);
  });
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** The admin's view of the demo population resource (公安局 人口基本信息). */
export interface ResourceDetail {
  id: string;
  name: string;
  departmentId: string;
  departmentName: string;
  recordsHeld: number;
  lastSeq: number;
  items: { name: string; dataType: string; length: number | null; required: boolean; isKey: boolean }[];
}

export async function populationResource(api: Api): Promise<ResourceDetail> {
  const page = await api.json<{ items: { id: string; name: string; departmentName: string }[] }>(
    'GET',
    `/api/exchange/resources?q=${encodeURIComponent('人口基本信息')}&limit=50`,
  );
  const hit = page.items.find((r) => r.name === '人口基本信息' && r.departmentName.includes('公安'));
  if (!hit) throw new Error(`no 公安局 人口基本信息 among ${JSON.stringify(page.items.map((r) => r.name))}`);
  return api.json<ResourceDetail>('GET', `/api/exchange/resources/${hit.id}`);
}
