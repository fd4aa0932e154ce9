import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { ENGINES } from '../support/db.ts';
import { buildUser } from '../support/factories.ts';
import { retentionConfig } from '../../src/server/config.ts';
import { runRetention, type RetentionServices } from '../../src/server/maintenance.ts';

const DAY = 86_400_000;
const config = { intervalMinutes: 60, sessionDays: 30, loginAttemptDays: 30, accessLogDays: 400 };

describe.each(ENGINES)('retention on %s', (engine) => {
  let t: TestApp;
  let userId: string;
  beforeAll(async () => {
    t = await createTestApp(engine);
    userId = (await buildUser(t.services, { username: 'clerk' })).id;
  });
  afterAll(() => t.close());

  const q = (sql: string, params: unknown[] = []) => t.testDb.db.query(sql, params);
  const count = async (sql: string) => (await t.testDb.db.query<{ n: number }>(sql)).rows[0]!.n;
  // Each test runs as if the last run were long ago.
  beforeEach(() => q(`UPDATE maintenance_lease SET last_run_at = '-infinity', lease_until = '-infinity'`));

  /** Sessions, sign-in attempts and throttle rows, each in an old and a fresh version. */
  async function seed(now: Date) {
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    await q('DELETE FROM session');
    await q('DELETE FROM login_attempt');
    await q('DELETE FROM login_throttle');
    const session = (tag: string, expires: Date, revoked: Date | null) =>
      q(
        `INSERT INTO session (token_hash, csrf_token, user_id, expires_at, revoked_at, ip)
         VALUES ($1, 'x', $2, $3, $4, '10.0.0.1')`,
        [`hash-${tag}`, userId, expires, revoked],
      );
    await session('expired-long-ago', ago(31), null);
    await session('revoked-long-ago', ago(-1), ago(40));
    await session('expired-yesterday', ago(1), null);
    await session('live', ago(-1), null);
    for (const [name, at] of [
      ['old', ago(31)],
      ['fresh', ago(2)],
    ] as const)
      await q(`INSERT INTO login_attempt (username, ip, success, at) VALUES ($1, '10.0.0.1', false, $2)`, [
        name,
        at,
      ]);
    for (const [key, next] of [
      ['quiet', ago(1)],
      ['waiting', ago(-1)],
    ] as const)
      await q(
        `INSERT INTO login_throttle (scope, key, failures, next_at, last_at) VALUES ('account', $1, 6, $2, $2)`,
        [key, next],
      );
  }

  const services = (extra: Partial<RetentionServices> = {}): RetentionServices => ({
    db: t.testDb.db,
    audit: t.services.audit,
    identity: t.services.identity,
    ...extra,
  });

  it('removes what outlived its window, keeps the rest, and audits the counts once', async () => {
    const now = new Date();
    await seed(now);
    const counts = await runRetention(services(), config, { now });
    expect(counts).toEqual({
      'identity.sessions': 2,
      'identity.loginAttempts': 1,
      'identity.loginThrottles': 1,
    });
    const { rows } = await q('SELECT token_hash FROM session ORDER BY token_hash');
    expect(rows.map((r) => r.token_hash)).toEqual(['hash-expired-yesterday', 'hash-live']);
    expect((await q('SELECT username FROM login_attempt')).rows.map((r) => r.username)).toEqual(['fresh']);
    expect((await q('SELECT key FROM login_throttle')).rows.map((r) => r.key)).toEqual(['waiting']);
    const log = await t.services.audit.search({ action: 'retention.run' }, { limit: 10 });
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({
      actorKind: 'system',
      outcome: 'success',
      details: {
        removed: counts,
        keep: { sessionDays: 30, loginAttemptDays: 30, accessLogDays: 400 },
      },
    });
  });

  it('runs once per interval city-wide, and a run that removed nothing writes no audit entry', async () => {
    const now = new Date();
    await seed(now);
    const before = (await t.services.audit.search({ action: 'retention.run' }, { limit: 10 })).items.length;
    expect(await runRetention(services(), config, { now })).not.toBeNull();
    // Within the interval another process (another holder) skips.
    expect(
      await runRetention(services(), config, { now: new Date(now.getTime() + 59 * 60_000), holder: 'other' }),
    ).toBeNull();
    // After it, the next run finds nothing old and leaves no entry.
    const later = await runRetention(services(), config, {
      now: new Date(now.getTime() + 61 * 60_000),
      holder: 'other',
    });
    expect(later).toEqual({
      'identity.sessions': 0,
      'identity.loginAttempts': 0,
      'identity.loginThrottles': 0,
    });
    const after = (await t.services.audit.search({ action: 'retention.run' }, { limit: 10 })).items.length;
    expect(after).toBe(before + 1);
  });

  it('concurrent runs: exactly one works, under the lease', async () => {
    const now = new Date();
    await seed(now);
    const results = await Promise.all(
      ['a', 'b', 'c', 'd'].map((holder) => runRetention(services(), config, { now, holder })),
    );
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await count('SELECT count(*)::int AS n FROM session')).toBe(2);
  });

  it('a failed run frees the lease and keeps the last run time, so the next one retries', async () => {
    const now = new Date();
    await seed(now);
    const failing = services({
      exchangeRetention: {
        purgeExpired: () => Promise.reject(new Error('exchange retention failed')),
      },
    });
    await expect(runRetention(failing, config, { now })).rejects.toThrow('exchange retention failed');
    const { rows } = await q(
      `SELECT lease_until < $1 AS free, last_run_at < $1 AS before FROM maintenance_lease WHERE name = 'retention'`,
      [now],
    );
    expect(rows[0]).toEqual({ free: true, before: true });
    expect(await runRetention(services(), config, { now })).not.toBeNull();
  });

  it("calls the exchange's retention when the services have it, and audits its counts too", async () => {
    const now = new Date();
    await seed(now);
    const asked: Date[] = [];
    const counts = await runRetention(
      services({
        exchangeRetention: {
          purgeExpired: (at: Date) => {
            asked.push(at);
            return Promise.resolve({ batches: 3, deliveries: { webhook: 5 } });
          },
        },
      }),
      config,
      { now },
    );
    expect(asked).toEqual([now]);
    expect(counts).toMatchObject({ 'exchange.batches': 3, 'exchange.deliveries.webhook': 5 });
    const log = await t.services.audit.search({ action: 'retention.run' }, { limit: 1 });
    expect(log.items[0]!.details).toMatchObject({
      removed: { 'exchange.batches': 3, 'exchange.deliveries.webhook': 5 },
    });
  });

  it('windows come from the environment; nonsense is refused at start', () => {
    expect(retentionConfig({})).toEqual({
      intervalMinutes: 60,
      sessionDays: 30,
      loginAttemptDays: 30,
      accessLogDays: 400,
    });
    expect(
      retentionConfig({
        RETENTION_INTERVAL_MINUTES: '15',
        RETENTION_SESSION_DAYS: '7',
        RETENTION_LOGIN_ATTEMPT_DAYS: '90',
        ACCESS_LOG_RETENTION_DAYS: '180',
      }),
    ).toEqual({ intervalMinutes: 15, sessionDays: 7, loginAttemptDays: 90, accessLogDays: 180 });
    expect(() => retentionConfig({ ACCESS_LOG_RETENTION_DAYS: 'forever' })).toThrow(
      /ACCESS_LOG_RETENTION_DAYS/,
    );
    expect(() => retentionConfig({ RETENTION_SESSION_DAYS: '-1' })).toThrow(/RETENTION_SESSION_DAYS/);
    expect(() => retentionConfig({ RETENTION_INTERVAL_MINUTES: 'soon' })).toThrow(
      /RETENTION_INTERVAL_MINUTES/,
    );
  });
});
