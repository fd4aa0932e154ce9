import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';

/**
 * Makes something once per test run, whichever test file asks first, and answers every later call — in any of
 * vitest's worker processes — with what it made (a JSON value). The others wait on a lock directory in the run's
 * directory (test/support/ci-services.ts). A failure is answered to everyone.
 */
export async function oncePerRun<T>(key: string, make: (runDir: string) => Promise<T>): Promise<T> {
  const runDir = inject('e2eRunDir');
  const ready = path.join(runDir, `${key}.ready.json`);
  const failed = path.join(runDir, `${key}.failed`);
  let mine = false;
  try {
    mkdirSync(path.join(runDir, `${key}.lock`));
    mine = true;
  } catch {
    // Another file holds the lock: it is making it, or has made it.
  }
  if (mine) {
    try {
      writeFileSync(ready, JSON.stringify(await make(runDir)));
    } catch (err) {
      writeFileSync(failed, (err as Error).stack ?? String(err));
      throw err;
    }
  }
  const deadline = Date.now() + 600_000;
  while (!existsSync(ready)) {
    if (existsSync(failed)) throw new Error(`making ${key} failed:\n${readFileSync(failed, 'utf8')}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${key}`);
    await sleep(200);
  }
  return JSON.parse(readFileSync(ready, 'utf8')) as T;
}
