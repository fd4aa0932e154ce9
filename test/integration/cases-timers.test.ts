import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/db/index.ts';
import { migrate } from '../../src/db/migrate.ts';
import {
  CaseService,
  CaseTimerWorker,
  type CaseNotificationSender,
  type OutgoingNotification,
} from '../../src/modules/cases/index.ts';
import { buildServices, type Services } from '../../src/server/context.ts';
import { itemSnapshot, personCode } from '../support/cases.ts';
import { createPostgresDatabase, ENGINES } from '../support/db.ts';
import { buildDepartment, testActor } from '../support/factories.ts';

const at = (day: string, hour = 8) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);

/** A sender that records, and fails its first call. */
function recordingSender(): CaseNotificationSender & { sent: OutgoingNotification[]; calls: number } {
  const s = {
    name: 'test',
    external: true,
    sent: [] as OutgoingNotification[],
    calls: 0,
    async send(n: OutgoingNotification) {
      s.calls++;
      if (s.calls === 1) throw new Error('gateway down');
      s.sent.push(n);
    },
  };
  return s;
}

describe.each(ENGINES)('case timers on %s', (engine) => {
  let dir: string | undefined;
  let url: string | undefined;
  let drop: (() => Promise<void>) | undefined;
  const secretKey = Buffer.alloc(32, 7);

  /** A process: its own database handle (a restart opens the same database again) and services. */
  async function boot(sender?: CaseNotificationSender): Promise<{ db: Db; s: Services; cases: CaseService }> {
    const db = await openDb({ databaseUrl: url, dataDir: dir ?? 'memory://' });
    await migrate(db);
    const s = buildServices(db, { sessionTtlHours: 8, secretKey });
    const cases = sender ? new CaseService(db, s.audit, s.org, s.identity, s.licenses, { sender }) : s.cases;
    return { db, s, cases };
  }

  beforeAll(async () => {
    if (engine === 'postgres') ({ url, drop } = await createPostgresDatabase());
    else dir = mkdtempSync(path.join(os.tmpdir(), 'tongban-cases-'));
  });
  afterAll(async () => {
    await drop?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('fires a due timer once, after a restart, when the first worker died holding it', async () => {
    const first = await boot();
    const dept = await buildDepartment(first.s);
    const { id } = await first.cases.intake.open(
      testActor,
      {
        item: itemSnapshot(dept.id, { promisedDays: 3, legalDays: 10 }),
        applicant: { kind: 'person', code: personCode(101), name: '吴一' },
      },
      { at: at('2026-03-02') },
    );
    await first.cases.workflow.step(testActor, id, { action: 'accept' }, { at: at('2026-03-02', 9) });
    const timers = (
      await first.db.query<{ kind: string; due_at: Date }>(
        `SELECT kind, due_at FROM service_case_timer WHERE case_id = $1 AND status = 'pending' ORDER BY due_at`,
        [id],
      )
    ).rows;
    // Accepted Mon 2 Mar, 3 working days promised (3, 4, 5 Mar): the warning from the start of Tue 3 Mar (2 working
    // days left), the promised deadline passes at the end of 5 Mar, the legal one (10) at the end of 16 Mar.
    expect(timers.map((t) => [t.kind, t.due_at.toISOString()])).toEqual([
      ['sla_warning', at('2026-03-03', 0).toISOString()],
      ['promised_overdue', at('2026-03-06', 0).toISOString()],
      ['legal_overdue', at('2026-03-17', 0).toISOString()],
    ]);
    // The first process leases the due warning and dies before firing it.
    const now = at('2026-03-04', 10);
    const claimed = await first.cases.timers.claim('dead-worker', now, 60, 10);
    expect(claimed.map((t) => t.kind)).toEqual(['sla_warning']);
    await first.db.close();

    const second = await boot();
    const worker = new CaseTimerWorker(second.cases.timers, { workerId: 'second' });
    // While the dead worker's lease runs, nobody fires it.
    expect(await worker.runOnce(now)).toBe(0);
    // After it: fired once.
    const later = new Date(now.getTime() + 61_000);
    expect(await worker.runOnce(later)).toBe(1);
    expect(await worker.runOnce(later)).toBe(0);
    const row = (
      await second.db.query<{ warned_at: Date | null }>(`SELECT warned_at FROM service_case WHERE id = $1`, [
        id,
      ])
    ).rows[0]!;
    expect(row.warned_at?.toISOString()).toBe(later.toISOString());
    const events = (
      await second.db.query<{ action: string }>(
        `SELECT action FROM service_case_event WHERE case_id = $1 ORDER BY id`,
        [id],
      )
    ).rows.map((r) => r.action);
    expect(events).toEqual(['open', 'accept', 'sla_warning']);
    // Past the promised and the legal deadlines: each fires once; the inbox and the staff's notices say so.
    expect(await worker.runOnce(at('2026-03-20'))).toBe(2);
    expect(await worker.runOnce(at('2026-03-21'))).toBe(0);
    const staff = (
      await second.db.query<{ kind: string }>(
        `SELECT kind FROM service_case_notification WHERE case_id = $1 AND audience = 'staff' ORDER BY id`,
        [id],
      )
    ).rows.map((r) => r.kind);
    expect(staff).toEqual(['sla_warning', 'promised_overdue', 'legal_overdue']);
    const audits = (
      await second.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log WHERE object_id = $1 AND action IN ('case.sla_warning', 'case.promised_overdue', 'case.legal_overdue')`,
        [id],
      )
    ).rows[0]!.n;
    expect(audits).toBe(3);
    await second.db.close();
  }, 240_000);

  it('drops a deadline timer a step made stale, and hands notifications to an external sender with retries', async () => {
    const sender = recordingSender();
    const p = await boot(sender);
    const dept = await buildDepartment(p.s);
    const { id } = await p.cases.intake.open(
      testActor,
      {
        item: itemSnapshot(dept.id, { promisedDays: 3, legalDays: 10 }),
        applicant: { kind: 'person', code: personCode(102), name: '郑二' },
      },
      { at: at('2026-03-02') },
    );
    await p.cases.workflow.step(testActor, id, { action: 'accept' }, { at: at('2026-03-02', 9) });
    // Suspended before the warning: the clock stops, the deadline timers are cancelled.
    await p.cases.workflow.step(
      testActor,
      id,
      { action: 'suspend', reason: '公示' },
      { at: at('2026-03-02', 10) },
    );
    const worker = new CaseTimerWorker(p.cases.timers, { workerId: 'w' });
    const now = at('2026-03-30');
    await worker.runOnce(now);
    const marks = (
      await p.db.query<{ warned_at: Date | null; promised_overdue_at: Date | null }>(
        `SELECT warned_at, promised_overdue_at FROM service_case WHERE id = $1`,
        [id],
      )
    ).rows[0]!;
    expect(marks).toEqual({ warned_at: null, promised_overdue_at: null });
    // Three applicant notifications (收件, 受理, 挂起); the first send failed and waits for its retry.
    expect(sender.sent.map((n) => n.kind).sort()).toEqual(['accept', 'suspend']);
    await worker.runOnce(new Date(now.getTime() + 10_000));
    expect(sender.sent.map((n) => n.kind).sort()).toEqual(['accept', 'open', 'suspend']);
    expect(sender.sent[0]!.applicant.code).toBe(personCode(102));
    await worker.runOnce(new Date(now.getTime() + 20_000));
    expect(sender.sent).toHaveLength(3);
    await p.db.close();
  }, 240_000);
});
