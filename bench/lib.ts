import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createScratchDatabase } from '../src/db/scratch.ts';
import { freePort } from '../src/lib/net.ts';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export type EngineName = 'pglite' | 'postgres';

/** Progress for people, on stderr; stdout is reserved for the JSON result. */
export const progress = (line: string) => process.stderr.write(`${line}\n`);

export function summary(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    n: s.length,
    min: round(s[0]!),
    median: round(at(0.5)),
    p95: round(at(0.95)),
    max: round(s.at(-1)!),
  };
}

export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const result = await fn();
  return [result, performance.now() - t0];
}

/** The PostgreSQL server benchmarks use: BENCH_DATABASE_URL, else the local test server. */
export const adminUrl = () => process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh PostgreSQL database for one run, dropped by the returned function. */
export const freshPostgres = () => createScratchDatabase(adminUrl(), 'tongban_bench');

/** Starts `tongban serve` (the demo when env has TONGBAN_DEMO=1) and resolves with the time until /api/health answered 200, then stops it. */
export async function coldStart(env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [`${ROOT}bin/tongban.mjs`, 'serve'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited early:\n${stderr}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (res.status === 200) return performance.now() - t0;
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
