import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { createPostgresDatabase } from './db.ts';
import { ROOT, startServerProcess, type ServerProcess } from './process.ts';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const VITE_BIN = path.join(ROOT, 'node_modules/vite/bin/vite.js');

/** Debian's chromium, headless; the flags keep it from reaching for the network it does not have. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A user's browser: Chinese, and asking for reduced motion so that dialogs and drawers are usable at once instead
 * of after an animation that a loaded machine stretches out (clicks during a zoom can land beside the target).
 */
export function newUserContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  return browser.newContext({ locale: 'zh-CN', reducedMotion: 'reduce', ...options });
}

/** Builds the web app once when a test needs it and it is missing. */
export async function ensureWebBuilt(): Promise<void> {
  if (existsSync(path.join(ROOT, 'web/dist/index.html'))) return;
  // In a child process: vitest sets NODE_ENV=test, which would build React and Ant Design in development mode
  // (with their console warnings), not the production build a user gets from `npm start`.
  await execFileAsync(
    process.execPath,
    [VITE_BIN, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
}

/** A real server process for browser tests, on a fresh database of the engine, with the demo city. */
export async function startE2EServer(
  engine: 'pglite' | 'postgres',
  password: string,
): Promise<{ server: ServerProcess; stop: () => Promise<void> }> {
  await ensureWebBuilt();
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  if (engine === 'postgres') {
    const db = await createPostgresDatabase();
    env = { DATABASE_URL: db.url };
    cleanup = db.drop;
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), 'tongban-e2e-'));
    env = { DATA_DIR: dir };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  // A small demo population and open data: the record sets are all there, and the server starts quickly.
  const server = await startServerProcess(
    {
      ...env,
      TONGBAN_DEMO: '1',
      TONGBAN_DEMO_PASSWORD: password,
      TONGBAN_DEMO_PEOPLE: '1000',
      TONGBAN_DEMO_OPEN_RECORDS: '2000',
      LOG_LEVEL: 'warn',
    },
    ['serve'],
    180_000,
  );
  return {
    server,
    stop: async () => {
      server.child.kill('SIGTERM');
      await server.exited;
      await cleanup();
    },
  };
}
