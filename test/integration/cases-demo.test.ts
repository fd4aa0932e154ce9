import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCases } from '../../src/demo/cases.ts';
import { CaseTimerWorker } from '../../src/modules/cases/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { buildLicenseType, itemSnapshot } from '../support/cases.ts';
import { ENGINES } from '../support/db.ts';
import { buildDepartment, testActor } from '../support/factories.ts';

describe.each(ENGINES)('demo case history on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  it('builds a year of cases through the case service, with outcomes, corrections and overdue ones', async () => {
    const market = await buildDepartment(t.services, { name: '市场监督管理局（演示）' });
    const civil = await buildDepartment(t.services, { name: '民政局（演示）' });
    const licenseType = await buildLicenseType(t.services, market.id);
    const items = [
      itemSnapshot(market.id, {
        itemId: 'demo-1',
        itemName: '食品经营许可',
        legalDays: 20,
        promisedDays: 5,
        resultLicenseTypeCode: licenseType,
      }),
      itemSnapshot(civil.id, {
        itemId: 'demo-2',
        itemCode: '11320700MB0000001X0002000',
        itemName: '社会团体成立登记',
        legalDays: 30,
        promisedDays: 10,
      }),
    ];
    const now = new Date();
    const summary = await seedDemoCases(t.services, testActor, items, { count: 60, now });
    expect(summary.opened).toBe(60);
    expect(summary.licenses).toBeGreaterThan(0);
    const states = Object.keys(summary.byState);
    expect(states).toContain('closed');
    expect(states.length).toBeGreaterThanOrEqual(3);
    const db = t.testDb.db;
    const n = async (sql: string) => (await db.query<{ n: number }>(sql)).rows[0]!.n;
    expect(await n(`SELECT count(*)::int AS n FROM service_case`)).toBe(60);
    expect(
      await n(`SELECT count(*)::int AS n FROM service_case_event WHERE action = 'request_corrections'`),
    ).toBeGreaterThan(0);
    expect(await n(`SELECT count(*)::int AS n FROM service_case WHERE outcome = 'refused'`)).toBeGreaterThan(
      0,
    );
    expect(await n(`SELECT count(*)::int AS n FROM license`)).toBe(summary.licenses);
    // Received over the year, none in the future.
    const span = (
      await db.query<{ first: Date; last: Date }>(
        `SELECT min(received_at) AS first, max(received_at) AS last FROM service_case`,
      )
    ).rows[0]!;
    expect(now.getTime() - span.first.getTime()).toBeGreaterThan(300 * 86_400_000);
    expect(span.last.getTime()).toBeLessThanOrEqual(now.getTime());
    // Late decisions are recorded as such; the timer loop marks the open ones past their deadline.
    const late = await n(
      `SELECT count(*)::int AS n FROM service_case WHERE decided_at IS NOT NULL AND decided_at >= promised_due_at`,
    );
    expect(late).toBeGreaterThan(0);
    await new CaseTimerWorker(t.services.cases.timers).runOnce(now);
    expect(
      await n(
        `SELECT count(*)::int AS n FROM service_case_timer WHERE status = 'pending' AND due_at <= now()`,
      ),
    ).toBe(0);
  }, 240_000);
});
