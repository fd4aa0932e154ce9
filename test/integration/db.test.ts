import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, ENGINES, type TestDb } from '../support/db.ts';

describe.each(ENGINES)('database adapter on %s', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(engine, { migrate: false });
    await t.db.exec(
      'CREATE TABLE item (id bigint PRIMARY KEY, name text NOT NULL, price numeric, day date, at timestamptz)',
    );
  });
  afterAll(() => t.drop());

  it('returns the same JavaScript types on both engines', async () => {
    const { rows } = await t.db.query(
      `SELECT 9007199254740993::bigint AS big, 1.10::numeric AS num, DATE '2018-11-23' AS day,
              TIMESTAMPTZ '2018-11-23T02:00:00Z' AS at, '{"a":1}'::jsonb AS doc, 3::int AS n, true AS ok`,
    );
    expect(rows[0]).toEqual({
      big: '9007199254740993',
      num: '1.10',
      day: '2018-11-23',
      at: new Date('2018-11-23T02:00:00Z'),
      doc: { a: 1 },
      n: 3,
      ok: true,
    });
  });

  it('rolls a failed transaction back whole', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query(`INSERT INTO item (id, name) VALUES (1, 'kept?')`);
        await tx.query(`INSERT INTO item (id, name) VALUES (1, 'duplicate')`);
      }),
    ).rejects.toThrow();
    expect((await t.db.query('SELECT * FROM item')).rows).toEqual([]);
  });

  it('streams COPY from an async source, inside a transaction or on its own', async () => {
    async function* rows(from: number, count: number) {
      for (let i = from; i < from + count; i += 1000) {
        let chunk = '';
        for (let j = i; j < Math.min(i + 1000, from + count); j++)
          chunk += `${j},名称${j},${j}.5,2018-11-23,\n`;
        yield chunk;
      }
    }
    const n = await t.db.copyIn(
      'COPY item (id, name, price, day, at) FROM STDIN WITH (FORMAT csv)',
      rows(1, 20_000),
    );
    expect(n).toBe(20_000);
    await expect(
      t.db.transaction(async (tx) => {
        await t.db.copyIn(
          'COPY item (id, name, price, day, at) FROM STDIN WITH (FORMAT csv)',
          rows(20_001, 100),
          tx,
        );
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const { rows: count } = await t.db.query<{ n: number; s: string }>(
      'SELECT count(*)::int AS n, sum(price) AS s FROM item',
    );
    expect(count[0]!.n).toBe(20_000);
    expect(Number(count[0]!.s)).toBe((20_000 * 20_001) / 2 + 20_000 * 0.5);
  });

  it('a bad row fails the whole COPY', async () => {
    await expect(
      t.db.copyIn('COPY item (id, name) FROM STDIN WITH (FORMAT csv)', ['900001,ok\n', 'not-a-number,bad\n']),
    ).rejects.toThrow();
    expect((await t.db.query('SELECT 1 FROM item WHERE id = 900001')).rows).toEqual([]);
  });
});
