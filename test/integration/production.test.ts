import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_ADMIN_HINT } from '../../src/server/main.ts';
import { createPostgresDatabase, ENGINES } from '../support/db.ts';
import { runCli, startServerProcess, type ServerProcess } from '../support/process.ts';

const ADMIN_PASSWORD = 'Platform-ops-2026';

async function stop(server: ServerProcess) {
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
}

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

describe.each(ENGINES)('production start (tongban serve) on %s', (engine) => {
  let env: Record<string, string>;
  const cleanups: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    // A data directory in both cases: PGlite's files, or (PostgreSQL) only the generated sealing key.
    const dir = mkdtempSync(path.join(tmpdir(), 'tongban-prod-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    env = { DATA_DIR: dir, TONGBAN_DEMO: '', TONGBAN_DEMO_PASSWORD: '' };
    if (engine === 'postgres') {
      const db = await createPostgresDatabase();
      cleanups.push(db.drop);
      env.DATABASE_URL = db.url;
    }
  });
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('creates no demo data, mounts no demo route, prints no password; `user add` makes the first admin', async () => {
    const first = await startServerProcess(env, ['serve'], 180_000);
    try {
      const out = first.output();
      expect(out).toContain(FIRST_ADMIN_HINT);
      expect(out).not.toContain('demo');
      expect(out).not.toMatch(/password|Tb-[A-Za-z0-9]/i);

      const receiver = await fetch(`${first.url}/api/demo/receiver`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"changes":[]}',
      });
      expect(receiver.status).toBe(404);
      expect(((await json(receiver)).error as { code: string }).code).toBe('ROUTE_NOT_FOUND');
      // Nobody can sign in: there is no user, demo or other.
      const login = await fetch(`${first.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
      });
      expect(login.status).toBe(401);
    } finally {
      await stop(first);
    }

    const add = await runCli(
      [
        'user',
        'add',
        'admin',
        '--name',
        '平台管理员',
        '--role',
        'platform_admin',
        '--password',
        ADMIN_PASSWORD,
      ],
      env,
    );
    expect(add.code, add.stderr).toBe(0);
    expect(add.stderr).toMatch(/created admin \(/);
    // A role that needs a department is refused on an empty city, with the reason.
    const steward = await runCli(['user', 'add', 'li', '--name', '李', '--role', 'dept_steward'], env);
    expect(steward.code).toBe(1);
    expect(steward.stderr).toContain('needs a department');

    const second = await startServerProcess(env, ['serve'], 180_000);
    try {
      expect(second.output()).not.toContain(FIRST_ADMIN_HINT);
      const login = await fetch(`${second.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
      });
      expect(login.status).toBe(200);
      const token = (await json(login)).token as string;
      const auth = { authorization: `Bearer ${token}` };
      const users = await json(await fetch(`${second.url}/api/users`, { headers: auth }));
      expect((users.items as { username: string }[]).map((u) => u.username)).toEqual(['admin']);
      const departments = await json(await fetch(`${second.url}/api/departments`, { headers: auth }));
      expect(departments.items).toEqual([]);
      const catalog = await json(await fetch(`${second.url}/api/catalog/resources`, { headers: auth }));
      expect(catalog.items).toEqual([]);
    } finally {
      await stop(second);
    }
  }, 600_000); // two starts and two CLI runs: slow on a shared machine, never stuck
});
