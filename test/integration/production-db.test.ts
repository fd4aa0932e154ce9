import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/db/index.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createPostgresDatabase, ENGINES } from '../support/db.ts';

/**
 * The database settings a production server runs with: on PostgreSQL every pooled connection carries
 * statement_timeout and idle_in_transaction_session_timeout, bulk transactions lift the first with SET LOCAL
 * (and give the connection back without it), and the pool never opens more than PG_POOL_MAX connections.
 */
describe.each(ENGINES)('database settings on %s', (engine) => {
  let url: string | undefined;
  let drop: () => Promise<void> = async () => undefined;
  const opened: Db[] = [];
  const open = async (settings: {
    pgPoolMax?: number;
    pgStatementTimeoutMs?: number;
    pgIdleInTransactionTimeoutMs?: number;
    pgBulkStatementTimeoutMs?: number;
  }) => {
    const db = await openDb({ databaseUrl: url, dataDir: 'memory://', ...settings });
    opened.push(db);
    return db;
  };
  const show = async (q: Pick<Db, 'query'>, name: string) =>
    (await q.query<Record<string, string>>(`SHOW ${name}`)).rows[0]![name];

  beforeAll(async () => {
    if (engine === 'postgres') ({ url, drop } = await createPostgresDatabase());
  });
  afterAll(async () => {
    for (const db of opened) await db.close();
    await drop();
  });

  it('bulk transactions run and commit; migrations run with no statement limit', async () => {
    const db = await open({ pgStatementTimeoutMs: 150, pgBulkStatementTimeoutMs: 7_000 });
    await migrate(db);
    await db.transaction(
      async (tx) => {
        await tx.exec('CREATE TABLE bulk_probe (n int)');
        await tx.query('INSERT INTO bulk_probe SELECT generate_series(1, 1000)');
      },
      { bulk: true },
    );
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bulk_probe')).rows[0]!.n).toBe(
      1000,
    );
    if (engine === 'postgres') {
      // Inside: the bulk limit; the same connection afterwards: the pool's limit again.
      const inside = await db.transaction((tx) => show(tx, 'statement_timeout'), { bulk: true });
      expect(inside).toBe('7s');
    }
  });

  it.runIf(engine === 'postgres')('every pooled connection has the configured limits', async () => {
    const db = await open({
      pgPoolMax: 3,
      pgStatementTimeoutMs: 4_321,
      pgIdleInTransactionTimeoutMs: 9_876,
    });
    // Several connections at once: each one answers with the settings, not only the first.
    const seen = await Promise.all(
      Array.from({ length: 6 }, () =>
        db.transaction(async (tx) => ({
          statement: await show(tx, 'statement_timeout'),
          idle: await show(tx, 'idle_in_transaction_session_timeout'),
          pid: (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)')).rows[0]!
            .pid,
        })),
      ),
    );
    for (const s of seen) expect(s).toMatchObject({ statement: '4321ms', idle: '9876ms' });
    expect(await show(db, 'statement_timeout')).toBe('4321ms');
    // PG_POOL_MAX: six concurrent transactions shared at most three connections.
    expect(new Set(seen.map((s) => s.pid)).size).toBeLessThanOrEqual(3);
  });

  it.runIf(engine === 'postgres')(
    'a statement past the limit is cancelled; a bulk transaction is not',
    async () => {
      const db = await open({ pgPoolMax: 1, pgStatementTimeoutMs: 100, pgBulkStatementTimeoutMs: 60_000 });
      await expect(db.query('SELECT pg_sleep(3)')).rejects.toMatchObject({ code: '57014' });
      await db.transaction((tx) => tx.query('SELECT pg_sleep(0.3)'), { bulk: true });
      // The one connection went back to the pool with the ordinary limit.
      expect(await show(db, 'statement_timeout')).toBe('100ms');
    },
  );

  it.runIf(engine === 'postgres')('a transaction left idle is ended by the server', async () => {
    const db = await open({ pgPoolMax: 1, pgIdleInTransactionTimeoutMs: 200 });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('SELECT 1');
        // A stalled caller: the transaction sits idle past the limit.
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        await tx.query('SELECT 1');
      }),
    ).rejects.toThrow();
    // The pool recovers with a new connection.
    expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).toBe(1);
  });
});
