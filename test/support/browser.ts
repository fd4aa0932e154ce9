import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { createPostgresDatabase } from './db.ts';
import { ROOT, startServerProcess, type ServerProcess } from './process.ts';
import { promisify } from 'node:util';
import { oncePerRun } from './once.ts';

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

/** The demo city's settings every browser test's server shares: a small population and open data. */
const DEMO_ENV = {
  TONGBAN_DEMO: '1',
  TONGBAN_DEMO_PEOPLE: '1000',
  TONGBAN_DEMO_OPEN_RECORDS: '2000',
  LOG_LEVEL: 'warn',
};

interface DemoTemplate {
  /** PGlite: the stopped seed server's data directory. PostgreSQL: the seeded database's name. */
  source: string;
  password: string;
}

/**
 * The demo city is seeded once per engine and test run, by whichever browser test asks first (the others wait on
 * a lock directory, across vitest's worker processes); every server then starts from a copy of it. Seeding takes
 * most of a server's start, and thirteen browser test files on two engines would otherwise seed it 26 times.
 */
async function demoTemplate(engine: 'pglite' | 'postgres', password: string): Promise<DemoTemplate> {
  const template = await oncePerRun(`demo-${engine}`, (runDir) => seedDemoTemplate(engine, password, runDir));
  if (template.password !== password)
    throw new Error('every browser test must use the same demo password (the template is seeded once)');
  return template;
}

async function seedDemoTemplate(
  engine: 'pglite' | 'postgres',
  password: string,
  runDir: string,
): Promise<DemoTemplate> {
  let env: Record<string, string>;
  let source: string;
  if (engine === 'postgres') {
    const db = await createPostgresDatabase();
    source = new URL(db.url).pathname.slice(1);
    env = { DATABASE_URL: db.url };
  } else {
    source = path.join(runDir, 'pglite-template');
    env = { DATA_DIR: source };
  }
  const server = await startServerProcess(
    { ...env, ...DEMO_ENV, TONGBAN_DEMO_PASSWORD: password },
    ['serve'],
    300_000,
  );
  server.child.kill('SIGTERM');
  const code = await server.exited;
  if (code !== 0) throw new Error(`the seed server exited with ${code}:\n${server.output()}`);
  return { source, password };
}

/** A copy of the seeded demo database: a new PostgreSQL database from the template, or a copied data directory. */
async function copyTemplate(
  engine: 'pglite' | 'postgres',
  template: DemoTemplate,
): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'tongban-e2e-'));
    cpSync(template.source, dir, { recursive: true });
    return { env: { DATA_DIR: dir }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const db = await createPostgresDatabase({ template: template.source });
  return { env: { DATABASE_URL: db.url }, cleanup: db.drop };
}

/** A real server process for browser tests, on its own copy of the demo city on the engine. */
export async function startE2EServer(
  engine: 'pglite' | 'postgres',
  password: string,
): Promise<{ server: ServerProcess; stop: () => Promise<void> }> {
  await ensureWebBuilt();
  const template = await demoTemplate(engine, password);
  const { env, cleanup } = await copyTemplate(engine, template);
  const server = await startServerProcess(
    { ...env, ...DEMO_ENV, TONGBAN_DEMO_PASSWORD: password },
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
