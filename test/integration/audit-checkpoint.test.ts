import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SM2_DEFAULT_USER_ID } from '../../src/lib/sm2.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { ENGINES } from '../support/db.ts';
import { buildUser } from '../support/factories.ts';

const load = { id: null, name: 'load', kind: 'system' as const, ip: null, requestId: null };

/** `openssl pkeyutl -verify` of a payload and DER signature against a PEM public key: its exit code and output. */
function openssl(dir: string, pem: string, payload: Buffer, signature: Buffer) {
  writeFileSync(path.join(dir, 'pub.pem'), pem);
  writeFileSync(path.join(dir, 'payload'), payload);
  writeFileSync(path.join(dir, 'sig.der'), signature);
  // OpenSSL 3.0 needs -rawin to hash the input itself, and the signer's id named (GM/T 0009's default).
  const run = spawnSync(
    'openssl',
    [
      'pkeyutl',
      '-verify',
      '-digest',
      'sm3',
      '-rawin',
      '-pubin',
      '-inkey',
      'pub.pem',
      '-in',
      'payload',
      '-sigfile',
      'sig.der',
      '-pkeyopt',
      `distid:${SM2_DEFAULT_USER_ID}`,
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

describe.each(ENGINES)('audit checkpoints on %s', (engine) => {
  let t: TestApp;
  let auditor: string;
  let dir: string;
  beforeAll(async () => {
    t = await createTestApp(engine);
    await buildUser(t.services, { username: 'aud', roles: [{ role: 'auditor', departmentId: null }] });
    auditor = await t.login('aud');
    dir = mkdtempSync(path.join(os.tmpdir(), 'tongban-cp-'));
  });
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  const get = (url: string) => t.call(auditor, { method: 'GET', url });
  const verify = async (full = false) => (await get(`/api/audit/verify${full ? '?full=true' : ''}`)).json();
  const write = (n: number, tag: string) =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        t.services.audit.record(load, { action: 'test.write', outcome: 'success', details: { tag, i } }),
      ),
    );
  const asAttacker = (sql: string, params: unknown[] = []) =>
    t.testDb.db.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
      await tx.query(sql, params);
      await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    });

  it('signs the heads of every chain, verifiable with OpenSSL and the published key', async () => {
    expect(execFileSync('openssl', ['version'], { encoding: 'utf8' })).toMatch(/^OpenSSL 3\./);
    await write(6, 'first');
    const made = await t.services.audit.checkpoint();
    expect(made).not.toBeNull();
    expect(made!.trusted).toBe(true);
    // Nothing moved: no second checkpoint.
    expect(await t.services.audit.checkpoint()).toBeNull();

    const list = (await get('/api/audit/checkpoints')).json();
    expect(list.items[0]).toMatchObject({ id: made!.id, trusted: true });
    const heads = (
      await t.testDb.db.query<{ shard: number; seq: string; hash: string }>(
        'SELECT shard, seq, hash FROM audit_chain_head ORDER BY shard',
      )
    ).rows;
    expect(list.items[0].heads).toEqual(heads);

    const pem = (await t.call(null, { method: 'GET', url: '/api/audit/checkpoints/public-key' })).body;
    const payload = await get(`/api/audit/checkpoints/${made!.id}/payload`);
    expect(payload.headers['content-type']).toMatch(/^text\/plain/);
    expect(payload.body).toBe(made!.payload);
    const sig = await get(`/api/audit/checkpoints/${made!.id}/signature`);
    expect(sig.headers['content-type']).toBe('application/octet-stream');
    const ok = openssl(dir, pem, payload.rawPayload, sig.rawPayload);
    expect(ok, ok.out).toMatchObject({ status: 0 });
    expect(ok.out).toMatch(/Signature Verified Successfully/);

    // One changed head, and the signature no longer holds.
    const forged = Buffer.from(payload.body.replace(/seq (\d+)/, (_, n: string) => `seq ${Number(n) + 1}`));
    const bad = openssl(dir, pem, forged, sig.rawPayload);
    expect(bad.status).not.toBe(0);
    expect(bad.out).toMatch(/Verification Failure/i);
  });

  it('verify starts from the last good checkpoint, or walks everything with full', async () => {
    await write(5, 'second');
    const quick = await verify();
    const cp = (await get('/api/audit/checkpoints?limit=1')).json().items[0];
    expect(quick).toMatchObject({ ok: true, full: false, checkpointId: cp.id, checkpointsChecked: 1 });
    const total = (await t.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))
      .rows[0]!.n;
    expect(quick.checked).toBeLessThan(total);
    const full = await verify(true);
    expect(full).toMatchObject({ ok: true, full: true, checkpointId: null, checked: total });
  });

  it('detects a forged checkpoint', async () => {
    const [last] = (await get('/api/audit/checkpoints?limit=1')).json().items;
    await t.testDb.db.query(
      'INSERT INTO audit_checkpoint (at, payload, signature, public_key) VALUES (now(), $1, $2, $3)',
      [
        // One hex digit of a head's hash changed (to another digit, whatever it was).
        last.payload.replace(/hash ([0-9a-f])/, (_: string, d: string) => `hash ${d === 'f' ? '0' : 'f'}`),
        last.signature,
        last.publicKey,
      ],
    );
    const report = await verify();
    expect(report).toMatchObject({ ok: false });
    expect(report.reason).toMatch(/signature does not verify/);
    const listed = (await get('/api/audit/checkpoints?limit=1')).json().items[0];
    expect(listed.trusted).toBe(false);
    await t.testDb.db.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_checkpoint DISABLE TRIGGER audit_checkpoint_no_update');
      await tx.query('DELETE FROM audit_checkpoint WHERE id = (SELECT max(id) FROM audit_checkpoint)');
      await tx.query('ALTER TABLE audit_checkpoint ENABLE TRIGGER audit_checkpoint_no_update');
    });
    expect((await verify()).ok).toBe(true);
  });

  it('detects tail truncation below a checkpoint, even with the head row rewound', async () => {
    // The busiest chain, checkpointed; then its newest entries deleted and its head row set back to match.
    await write(4, 'third');
    const cp = await t.services.audit.checkpoint();
    expect(cp).not.toBeNull();
    const head = cp!.heads.reduce((a, b) => (BigInt(b.seq) > BigInt(a.seq) ? b : a));
    expect(BigInt(head.seq)).toBeGreaterThan(3n);
    const cut = BigInt(head.seq) - 2n; // keep entries up to here
    const kept = (
      await t.testDb.db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE shard = $1 AND seq = $2', [
        head.shard,
        String(cut),
      ])
    ).rows[0]!;
    const removed = (
      await t.testDb.db.query('SELECT * FROM audit_log WHERE shard = $1 AND seq > $2', [
        head.shard,
        String(cut),
      ])
    ).rows as Record<string, unknown>[];
    expect(removed).toHaveLength(2);
    await asAttacker('DELETE FROM audit_log WHERE shard = $1 AND seq > $2', [head.shard, String(cut)]);
    await t.testDb.db.query('UPDATE audit_chain_head SET seq = $2, hash = $3 WHERE shard = $1', [
      head.shard,
      String(cut),
      kept.hash,
    ]);
    try {
      const quick = await verify();
      expect(quick).toMatchObject({ ok: false, brokenShard: head.shard, brokenSeq: head.seq });
      expect(quick.reason).toMatch(/signed in checkpoint .* is missing/);
      const full = await verify(true);
      expect(full).toMatchObject({ ok: false, brokenShard: head.shard });
      expect(full.reason).toMatch(/ends at .* below the head .* signed in checkpoint/);
    } finally {
      for (const r of removed) {
        const cols = Object.keys(r);
        await asAttacker(
          `INSERT INTO audit_log (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
          cols.map((c) => (c === 'details' ? JSON.stringify(r[c]) : r[c])),
        );
      }
      await t.testDb.db.query('UPDATE audit_chain_head SET seq = $2, hash = $3 WHERE shard = $1', [
        head.shard,
        head.seq,
        head.hash,
      ]);
    }
    expect((await verify()).ok).toBe(true);
  });

  it('detects a tail cut after the last checkpoint through the head row', async () => {
    await t.services.audit.checkpoint();
    await write(3, 'fourth');
    const { rows } = await t.testDb.db.query<{ id: string; shard: number; seq: string }>(
      'SELECT id, shard, seq FROM audit_log ORDER BY id DESC LIMIT 1',
    );
    const newest = rows[0]!;
    await asAttacker('DELETE FROM audit_log WHERE id = $1', [newest.id]);
    const report = await verify();
    expect(report).toMatchObject({ ok: false, brokenShard: newest.shard });
    expect(report.reason).toMatch(/head row says/);
  });

  it('partitions: a month ahead exists, and a write outside every month lands in the default partition', async () => {
    const parts = (
      await t.testDb.db.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'audit_log'::regclass ORDER BY 1`,
      )
    ).rows.map((r) => r.name);
    const month = (offset: number) => {
      const d = new Date(Date.now() + 8 * 3600_000);
      const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1));
      return `audit_log_p${m.getUTCFullYear()}${String(m.getUTCMonth() + 1).padStart(2, '0')}`;
    };
    expect(parts).toEqual(expect.arrayContaining(['audit_log_default', month(0), month(1), month(2)]));
    expect(await t.services.audit.ensurePartitions()).toEqual([]);
    expect(await t.services.audit.ensurePartitions(3)).toEqual([month(3)]);
    // The triggers hold on every partition, the new one included.
    await expect(t.testDb.db.query(`DELETE FROM ${month(0)}`)).rejects.toThrow(/append-only/);
  });
});
