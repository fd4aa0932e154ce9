import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/lib/net.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = `${ROOT}bin/tongban.mjs`;

/** Runs the tongban command to completion. */
export function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Resolves when the output from position `from` on matches. */
  waitFor: (re: RegExp, timeoutMs?: number, from?: number) => Promise<void>;
  exited: Promise<number | null>;
}

/** Starts `tongban serve` and waits until /api/health answers. */
export async function startServerProcess(
  env: Record<string, string>,
  args = ['serve'],
  /** How long the start (migrations, demo seed) may take: generous, the test machine is shared. */
  startTimeoutMs = 60_000,
): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env, PORT: String(port), HOST: '127.0.0.1' },
    cwd: ROOT,
  });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (re: RegExp, timeoutMs = 60_000, from = 0) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (re.test(out.slice(from))) {
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`timed out waiting for ${re}; output:\n${out}`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  const url = `http://127.0.0.1:${port}`;
  // A server that never came up is not left running behind the failed test.
  await waitFor(/Tongban is listening/, startTimeoutMs).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
  return { child, url, output: () => out, waitFor, exited };
}
