import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildResourceInput } from '../support/catalog.ts';
import { createPostgresDatabase, ENGINES } from '../support/db.ts';
import { PERSON_ITEMS, personRow } from '../support/exchange.ts';
import { startServerProcess, type ServerProcess } from '../support/process.ts';

const PASSWORD = 'Demo-pass-2026';
const ROWS = 40_000;

async function api(url: string, token: string | null, method: string, route: string, body?: unknown) {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & { [k: string]: never } };
}

/** Streams the batch slowly enough that the server is mid-way through it; resolves when half is written. */
function startSlowPush(url: string, token: string, resourceId: string, key: string) {
  const req = http.request(`${url}/api/exchange/resources/${resourceId}/records`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/x-ndjson',
      'idempotency-key': key,
    },
  });
  req.on('error', () => undefined);
  const halfWritten = (async () => {
    for (let i = 0; i < ROWS / 2; i += 1000) {
      const chunk = Array.from({ length: 1000 }, (_, j) => JSON.stringify(personRow(i + j)) + '\n').join('');
      if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
    }
  })();
  return { req, halfWritten };
}

const fullBody = () => Array.from({ length: ROWS }, (_, i) => JSON.stringify(personRow(i))).join('\n');

describe.each(ENGINES)('a server killed mid-batch on %s', (engine) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('leaves the batch absent, and the retry with the same key applies it exactly once', async () => {
    const env: Record<string, string> = {
      TONGBAN_DEMO: '1',
      TONGBAN_DEMO_PASSWORD: PASSWORD,
      TONGBAN_DEMO_PEOPLE: '200',
      TONGBAN_DEMO_OPEN_RECORDS: '200',
      LOG_LEVEL: 'warn',
    };
    if (engine === 'postgres') {
      const db = await createPostgresDatabase();
      cleanups.push(db.drop);
      env.DATABASE_URL = db.url;
    } else {
      const dir = mkdtempSync(path.join(tmpdir(), 'tongban-kill-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      env.DATA_DIR = dir;
    }
    let server: ServerProcess = await startServerProcess(env, ['serve'], 180_000);
    cleanups.push(() => void server.child.kill('SIGKILL'));
    const login = async () =>
      (await api(server.url, null, 'POST', '/api/auth/login', { username: 'admin', password: PASSWORD })).json
        .token as unknown as string;
    let token = await login();
    const depts = await api(server.url, token, 'GET', '/api/departments?q=' + encodeURIComponent('信息中心'));
    const departmentId = (depts.json.items as unknown as { id: string }[])[0]!.id;
    const created = await api(
      server.url,
      token,
      'POST',
      '/api/catalog/resources',
      buildResourceInput(departmentId, { name: '断电测试人员信息', items: PERSON_ITEMS }),
    );
    expect(created.status).toBe(201);
    const resourceId = created.json.id as unknown as string;
    for (const step of ['submit', 'approve', 'publish'])
      expect(
        (await api(server.url, token, 'POST', `/api/catalog/resources/${resourceId}/${step}`, {})).status,
      ).toBe(200);

    // Half the batch is on the wire and being written when the process dies without any chance to clean up.
    const { halfWritten } = startSlowPush(server.url, token, resourceId, 'kill-test-1');
    await halfWritten;
    await new Promise((r) => setTimeout(r, 500));
    server.child.kill('SIGKILL');
    await server.exited;

    server = await startServerProcess(env, ['serve'], 180_000);
    token = await login();
    const after = await api(server.url, token, 'GET', `/api/exchange/resources/${resourceId}`);
    expect(after.json).toMatchObject({ recordsHeld: 0, lastSeq: 0, batches: 0 });

    const retry = await fetch(`${server.url}/api/exchange/resources/${resourceId}/records`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/x-ndjson',
        'idempotency-key': 'kill-test-1',
      },
      body: fullBody(),
    });
    const applied = (await retry.json()) as Record<string, unknown>;
    expect(retry.status).toBe(200);
    expect(applied).toMatchObject({ inserted: ROWS, firstSeq: 1, lastSeq: ROWS, replayed: false });

    const again = await fetch(`${server.url}/api/exchange/resources/${resourceId}/records`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/x-ndjson',
        'idempotency-key': 'kill-test-1',
      },
      body: fullBody(),
    });
    expect(await again.json()).toMatchObject({
      inserted: ROWS,
      lastSeq: ROWS,
      replayed: true,
      batchId: applied.batchId,
    });
    const final = await api(server.url, token, 'GET', `/api/exchange/resources/${resourceId}`);
    expect(final.json).toMatchObject({ recordsHeld: ROWS, lastSeq: ROWS, batches: 1 });
    server.child.kill('SIGTERM');
    await server.exited;
  }, 300_000);
});
