import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../src/db/migrate.ts';
import { entryHash, GENESIS_HASH } from '../../src/modules/audit/chain.ts';
import { AuditService, SYSTEM_ACTOR } from '../../src/modules/audit/service.ts';
import { createTestDb, ENGINES, type TestDb } from '../support/db.ts';

/** Entries as the single chain wrote them before 0007, in three months (two of them long past). */
const OLD_TIMES = ['2025-11-03T02:00:00.000Z', '2025-11-20T16:30:00.000Z', '2026-01-31T17:00:00.000Z'];

describe.each(ENGINES)('migration 0007 moves the audit log on %s', (engine) => {
  let t: TestDb;
  const hashes: string[] = [];
  beforeAll(async () => {
    t = await createTestDb(engine, { migrate: false });
    await migrate(
      t.db,
      loadMigrations().filter((m) => m.version <= 6),
    );
    let prev = GENESIS_HASH;
    for (const [i, iso] of [...OLD_TIMES, new Date().toISOString()].entries()) {
      const fields = {
        id: String(i + 1),
        at: new Date(iso),
        actorId: null,
        actorName: 'seed',
        actorKind: 'system',
        action: 'demo.seed',
        objectType: null,
        objectId: null,
        departmentId: null,
        ip: null,
        requestId: null,
        outcome: 'success',
        details: { i, keys: ['kept as it was'] },
      };
      const hash = entryHash(prev, fields);
      await t.db.query(
        `INSERT INTO audit_log (id, at, actor_name, actor_kind, action, outcome, details, prev_hash, hash)
         VALUES ($1, $2, 'seed', 'system', 'demo.seed', 'success', $3, $4, $5)`,
        [fields.id, fields.at, JSON.stringify(fields.details), prev, hash],
      );
      hashes.push(hash);
      prev = hash;
    }
    await migrate(t.db);
  });
  afterAll(() => t.drop());

  it('keeps every id, time and hash, as shard 0 with seq = id', async () => {
    const { rows } = await t.db.query<{ id: string; at: Date; shard: number; seq: string; hash: string }>(
      'SELECT id, at, shard, seq, hash FROM audit_log ORDER BY id',
    );
    expect(rows.map((r) => r.id)).toEqual(['1', '2', '3', '4']);
    expect(rows.map((r) => r.hash)).toEqual(hashes);
    expect(rows.map((r) => r.at.toISOString()).slice(0, 3)).toEqual(OLD_TIMES);
    expect(rows.every((r) => r.shard === 0 && r.seq === r.id)).toBe(true);
    const head = await t.db.query('SELECT seq, hash FROM audit_chain_head WHERE shard = 0');
    expect(head.rows[0]).toEqual({ seq: '4', hash: hashes[3] });
  });

  it('puts the old months in partitions of their own (China Standard Time months)', async () => {
    const where = await t.db.query<{ id: string; part: string }>(
      'SELECT id, tableoid::regclass::text AS part FROM audit_log ORDER BY id',
    );
    // 2026-01-31T17:00Z is already February in Beijing.
    expect(where.rows.slice(0, 3).map((r) => r.part)).toEqual([
      'audit_log_p202511',
      'audit_log_p202511',
      'audit_log_p202602',
    ]);
    const gap = await t.db.query(`SELECT to_regclass('audit_log_p202512') IS NOT NULL AS made`);
    expect(gap.rows[0]).toEqual({ made: true });
  });

  it('verifies as before and goes on from there', async () => {
    const audit = new AuditService(t.db, { secretKey: Buffer.alloc(32, 1) });
    expect(await audit.verify({ full: true })).toMatchObject({ ok: true, checked: 4 });
    await audit.record(SYSTEM_ACTOR, { action: 'demo.seed', outcome: 'success' });
    const { rows } = await t.db.query<{ id: string }>('SELECT max(id) AS id FROM audit_log');
    expect(rows[0]!.id).toBe('5');
    expect(await audit.verify({ full: true })).toMatchObject({ ok: true, checked: 5 });
    await expect(t.db.query('DELETE FROM audit_log WHERE id = 1')).rejects.toThrow(/append-only/);
  });
});
