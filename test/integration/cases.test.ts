import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../support/app.ts';
import { caseWorld, itemSnapshot, personCode } from '../support/cases.ts';
import { ENGINES } from '../support/db.ts';
import { testActor } from '../support/factories.ts';

// 08:00 China Standard Time on a day.
const at = (day: string, hour = 8) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);

describe.each(ENGINES)('case engine (办件) on %s', (engine) => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof caseWorld>>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    w = await caseWorld(t.services, (u) => t.login(u));
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  const open = (token: string, body: Record<string, unknown>, key?: string) =>
    t.call(token, {
      method: 'POST',
      url: '/api/cases',
      payload: body,
      headers: key ? { 'idempotency-key': key } : {},
    });
  const step = (token: string, id: string, body: Record<string, unknown>) =>
    t.call(token, { method: 'POST', url: `/api/cases/${id}/transitions`, payload: body });
  const get = (token: string, id: string) => t.call(token, { method: 'GET', url: `/api/cases/${id}` });
  const ok = (res: LightMyRequestResponse, status = 200) => {
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  };
  const openFor = async (over: Record<string, unknown> = {}, applicant?: Record<string, unknown>) =>
    ok(
      await open(w.staffA.token, {
        item: itemSnapshot(w.deptA.id, over),
        applicant: applicant ?? {
          kind: 'person',
          code: w.citizen.code,
          name: w.citizen.name,
          userId: w.citizen.id,
        },
      }),
      201,
    );
  const count = async (sql: string, params: unknown[] = []) =>
    (await t.testDb.db.query<{ n: number }>(sql, params)).rows[0]!.n;

  it('opens a case once per Idempotency-Key, and refuses the key for another body', async () => {
    const body = {
      item: itemSnapshot(w.deptA.id),
      applicant: { kind: 'person', code: personCode(77), name: '赵六' },
      note: '窗口收件',
    };
    const first = await open(w.staffA.token, body, 'key-1');
    const c = ok(first, 201);
    expect(c).toMatchObject({ state: 'received', clock: 'not_started', sla: 'none', version: 1 });
    expect(c.number).toMatch(/^BJ\d{8}\d{6}$/);
    expect(c.allowedActions).toEqual(['accept', 'reject_intake', 'request_corrections']);
    const again = ok(await open(w.staffA.token, body, 'key-1'));
    expect(again.id).toBe(c.id);
    const concurrent = await Promise.all([1, 2, 3].map(() => open(w.staffA.token, body, 'key-2')));
    expect(new Set(concurrent.map((r) => r.json().id)).size).toBe(1);
    const changed = await open(w.staffA.token, { ...body, note: '另一件' }, 'key-1');
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error.code).toBe('CASE_IDEMPOTENCY_CONFLICT');
    expect(
      await count(`SELECT count(*)::int AS n FROM service_case WHERE applicant_code = $1`, [personCode(77)]),
    ).toBe(2);
    expect(
      await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'case.open' AND object_id = $1`, [
        c.id,
      ]),
    ).toBe(1);
  });

  it('refuses bad openings naming each field, and staff of another department', async () => {
    const bad = await open(w.staffA.token, {
      item: itemSnapshot(w.deptA.id, {
        legalDays: 5,
        promisedDays: 10,
        resultLicenseTypeCode: '91000000000000000X999',
      }),
      applicant: { kind: 'person', code: '320706199003150000', name: '错号', userId: w.otherCitizen.id },
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad
      .json()
      .error.details.fields.map((f: { field: string }) => f.field)
      .sort();
    expect(fields).toEqual([
      'applicant.code',
      'applicant.userId',
      'item.promisedDays',
      'item.resultLicenseTypeCode',
    ]);
    const other = await open(w.staffB.token, {
      item: itemSnapshot(w.deptA.id),
      applicant: { kind: 'person', code: personCode(5), name: '甲' },
    });
    expect(other.statusCode).toBe(403);
    const citizen = await open(w.citizen.token, {
      item: itemSnapshot(w.deptA.id),
      applicant: { kind: 'person', code: w.citizen.code, name: '王小明' },
    });
    expect(citizen.statusCode).toBe(403);
  });

  it('takes a case through every step by the API and issues its license once on 准予', async () => {
    const c = await openFor({ resultLicenseTypeCode: w.licenseType });
    const s = (body: Record<string, unknown>) => step(w.staffA.token, c.id, body);
    let cur = ok(await s({ action: 'accept', version: 1 }));
    expect(cur).toMatchObject({ state: 'accepted', clock: 'running', sla: 'ok' });
    expect(cur.deadlines.promised.dueOn).toBe(cur.promisedDueOn);
    expect(cur.allowedActions).toEqual(['start_review', 'request_corrections', 'suspend', 'extend']);
    // A stale version is refused.
    expect(ok(await s({ action: 'start_review', version: 1 }), 409).error.code).toBe('CASE_VERSION_CONFLICT');
    cur = ok(await s({ action: 'start_review', version: 2 }));
    expect(cur.state).toBe('reviewing');
    cur = ok(
      await s({
        action: 'request_corrections',
        missing: ['营业执照复印件', '场所平面图'],
        reason: '材料不全',
      }),
    );
    expect(cur).toMatchObject({
      state: 'corrections',
      clock: 'stopped',
      missing: ['营业执照复印件', '场所平面图'],
    });
    expect(cur.deadlines.stops).toHaveLength(1);
    expect(cur.allowedActions).toEqual(['resubmit']);
    cur = ok(await s({ action: 'resubmit' }));
    expect(cur).toMatchObject({ state: 'reviewing', clock: 'running', missing: null });
    expect(cur.deadlines.stops[0].to).not.toBeNull();
    cur = ok(await s({ action: 'suspend', reason: '等待现场核查' }));
    expect(cur).toMatchObject({ state: 'suspended', clock: 'stopped' });
    cur = ok(await s({ action: 'resume' }));
    expect(cur.state).toBe('reviewing');
    const before = cur.deadlines.promised.dueOn;
    cur = ok(await s({ action: 'extend', days: 5, reason: '需专家评审' }));
    expect(cur.deadlines.extensionDays).toBe(5);
    expect(cur.deadlines.promised.dueOn > before).toBe(true);
    expect(cur.allowedActions).not.toContain('extend');
    expect(ok(await s({ action: 'extend', days: 3, reason: '再延' }), 409).error.code).toBe(
      'CASE_EXTENSION_USED',
    );
    // 准予 with a field the type needs; the holder's name and ID number are filled in.
    const missingField = await s({ action: 'grant' });
    expect(missingField.statusCode).toBe(400);
    expect(missingField.json().error.details.fields[0].field).toBe('license.data.经营范围');
    cur = ok(await s({ action: 'grant', license: { data: { 经营范围: '预包装食品销售' } } }));
    expect(cur).toMatchObject({ state: 'decided', outcome: 'granted', clock: 'ended' });
    expect(cur.licenseId).toMatch(/^1\.2\.156\.3005\.2\./);
    const lic = await t.services.licenses.reads.find(cur.licenseId);
    expect(lic).toMatchObject({ holder_code: w.citizen.code, number: cur.number, status: 'valid' });
    expect(ok(await s({ action: 'grant' }), 409).error.code).toBe('CASE_TRANSITION_INVALID');
    cur = ok(await s({ action: 'close', reason: '证照已送达' }));
    expect(cur).toMatchObject({ state: 'closed', allowedActions: [] });
    expect(
      await count(`SELECT count(*)::int AS n FROM license WHERE holder_code = $1`, [w.citizen.code]),
    ).toBe(1);
    expect(cur.events.map((e: { action: string }) => e.action)).toEqual([
      'open',
      'accept',
      'start_review',
      'request_corrections',
      'resubmit',
      'suspend',
      'resume',
      'extend',
      'grant',
      'close',
    ]);
    expect(cur.events[3]).toMatchObject({
      fromState: 'reviewing',
      toState: 'corrections',
      reason: '材料不全',
    });
    const audited = (
      await t.testDb.db.query<{ action: string }>(
        `SELECT action FROM audit_log WHERE object_type = 'case' AND object_id = $1 AND outcome = 'success' ORDER BY id`,
        [c.id],
      )
    ).rows.map((r) => r.action);
    expect(audited).toEqual(cur.events.map((e: { action: string }) => `case.${e.action}`));
  });

  it('rejects at intake and refuses with a reason, and refuses steps their state does not allow', async () => {
    const a = await openFor();
    expect(
      ok(await step(w.staffA.token, a.id, { action: 'reject_intake' }), 400).error.details.fields[0].field,
    ).toBe('reason');
    expect(ok(await step(w.staffA.token, a.id, { action: 'close' }), 409).error.code).toBe(
      'CASE_TRANSITION_INVALID',
    );
    expect(ok(await step(w.staffA.token, a.id, { action: 'grant' }), 409).error.code).toBe(
      'CASE_TRANSITION_INVALID',
    );
    expect(ok(await step(w.staffA.token, a.id, { action: 'suspend', reason: 'x' }), 409).error.code).toBe(
      'CASE_TRANSITION_INVALID',
    );
    expect(
      ok(await step(w.staffA.token, a.id, { action: 'request_corrections' }), 400).error.details.fields[0]
        .field,
    ).toBe('missing');
    const rejected = ok(
      await step(w.staffA.token, a.id, { action: 'reject_intake', reason: '不属于本部门职权' }),
    );
    expect(rejected).toMatchObject({ state: 'rejected_at_intake', allowedActions: [] });
    expect(ok(await step(w.staffA.token, a.id, { action: 'accept' }), 409).error.code).toBe(
      'CASE_TRANSITION_INVALID',
    );

    const b = await openFor();
    ok(await step(w.staffA.token, b.id, { action: 'accept' }));
    ok(await step(w.staffA.token, b.id, { action: 'start_review' }));
    expect(
      ok(await step(w.staffA.token, b.id, { action: 'refuse' }), 400).error.details.fields[0].field,
    ).toBe('reason');
    const refused = ok(await step(w.staffA.token, b.id, { action: 'refuse', reason: '不符合法定条件' }));
    expect(refused).toMatchObject({ state: 'decided', outcome: 'refused', licenseId: null });
  });

  it('hides a case from another department’s staff and from other citizens (404, audited)', async () => {
    const c = await openFor();
    for (const token of [w.staffB.token, w.otherCitizen.token, w.stewardA.token]) {
      const res = await get(token, c.id);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('CASE_NOT_FOUND');
    }
    const decide = await step(w.staffB.token, c.id, { action: 'accept' });
    expect(decide.statusCode).toBe(404);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM audit_log WHERE object_id = $1 AND outcome = 'denied' AND action = 'case.read'`,
        [c.id],
      ),
    ).toBe(4);
    const inboxB = ok(await t.call(w.staffB.token, { method: 'GET', url: '/api/cases/inbox?state=all' }));
    expect(inboxB.items.map((x: { id: string }) => x.id)).not.toContain(c.id);
    // The auditor reads it but takes no step (403).
    expect(ok(await get(w.auditor.token, c.id)).allowedActions).toEqual([]);
    expect((await step(w.auditor.token, c.id, { action: 'accept' })).statusCode).toBe(403);
    expect((await t.call(w.citizen.token, { method: 'GET', url: '/api/cases/inbox' })).statusCode).toBe(403);
  });

  it('shows the applicant its own cases and a notification for every step', async () => {
    const c = await openFor();
    ok(await step(w.staffA.token, c.id, { action: 'accept' }));
    ok(await step(w.staffA.token, c.id, { action: 'request_corrections', missing: ['户口簿'] }));
    const own = ok(await get(w.citizen.token, c.id));
    expect(own).toMatchObject({ state: 'corrections', missing: ['户口簿'], allowedActions: [] });
    const mine = ok(await t.call(w.citizen.token, { method: 'GET', url: '/api/cases/mine' }));
    expect(mine.items.map((x: { id: string }) => x.id)).toContain(c.id);
    const other = ok(await t.call(w.otherCitizen.token, { method: 'GET', url: '/api/cases/mine' }));
    expect(other.items.map((x: { id: string }) => x.id)).not.toContain(c.id);
    const notes = ok(
      await t.call(w.citizen.token, { method: 'GET', url: '/api/cases/notifications?limit=200' }),
    );
    const forCase = notes.items.filter((n: { caseId: string }) => n.caseId === c.id);
    expect(forCase.map((n: { kind: string }) => n.kind)).toEqual(['request_corrections', 'accept', 'open']);
    expect(forCase[0].body).toContain('户口簿');
    expect(notes.unread).toBeGreaterThanOrEqual(3);
    const marked = ok(
      await t.call(w.citizen.token, {
        method: 'POST',
        url: '/api/cases/notifications/read',
        payload: { ids: [forCase[0].id] },
      }),
    );
    expect(marked.marked).toBe(1);
    const otherNotes = ok(
      await t.call(w.otherCitizen.token, { method: 'GET', url: '/api/cases/notifications' }),
    );
    expect(otherNotes.items.filter((n: { caseId: string }) => n.caseId === c.id)).toEqual([]);
    // An applicant without the account given at intake still sees it through the bound ID number.
    const byCode = await openFor(
      {},
      { kind: 'person', code: w.otherCitizen.code, name: w.otherCitizen.name },
    );
    expect(ok(await get(w.otherCitizen.token, byCode.id)).id).toBe(byCode.id);
  });

  it('counts deadlines in working days across 国庆 and stops the clock for 补正 and 挂起', async () => {
    const { cases } = t.services;
    const actor = { ...testActor, name: '窗口' };
    const { id } = await cases.intake.open(
      actor,
      {
        item: itemSnapshot(w.deptA.id, { legalDays: 20, promisedDays: 5 }),
        applicant: { kind: 'person', code: personCode(88), name: '钱七' },
      },
      { at: at('2025-09-26') },
    );
    let row = await cases.workflow.step(actor, id, { action: 'accept' }, { at: at('2025-09-26', 9) });
    // 28 Sep (worked Sunday), 29, 30 Sep, 9, 10 Oct.
    expect(row.promised_due_on).toBe('2025-10-10');
    expect(row.legal_due_on).toBe('2025-10-30');
    await cases.workflow.step(actor, id, { action: 'start_review' }, { at: at('2025-09-26', 10) });
    await cases.workflow.step(
      actor,
      id,
      { action: 'request_corrections', missing: ['身份证复印件'] },
      { at: at('2025-09-29') },
    );
    row = await cases.workflow.step(actor, id, { action: 'resubmit' }, { at: at('2025-10-10') });
    // Stopped (29 Sep, 10 Oct]: 30 Sep, 9 and 10 Oct; so 11 Oct (worked Saturday), 13, 14 Oct.
    expect(row.stopped_workdays).toBe(3);
    expect(row.promised_due_on).toBe('2025-10-14');
    await cases.workflow.step(actor, id, { action: 'suspend', reason: '公示期' }, { at: at('2025-10-13') });
    row = await cases.workflow.step(actor, id, { action: 'resume' }, { at: at('2025-10-15') });
    expect(row.stopped_workdays).toBe(5);
    expect(row.promised_due_on).toBe('2025-10-16');
    const detail = await cases.reads.detail(row, null, at('2025-10-15', 12));
    expect(detail.deadlines.stops.map((s) => [s.kind, s.workdays])).toEqual([
      ['corrections', 3],
      ['suspended', 2],
    ]);
    expect(detail.sla).toBe('warning');
    // The extension must come before the deadline.
    await expect(
      cases.workflow.step(actor, id, { action: 'extend', days: 5, reason: '迟' }, { at: at('2025-10-17') }),
    ).rejects.toMatchObject({ code: 'CASE_EXTENSION_TOO_LATE' });
    const late = await cases.workflow.step(actor, id, { action: 'grant' }, { at: at('2025-10-17') });
    expect(late.outcome).toBe('granted');
    expect((await cases.reads.detail(late, null, at('2025-10-20'))).sla).toBe('overdue');
  });

  it('counts across 春节 and its adjusted Saturdays', async () => {
    const { cases } = t.services;
    const { id } = await cases.intake.open(
      testActor,
      {
        item: itemSnapshot(w.deptA.id, { legalDays: 10, promisedDays: 3 }),
        applicant: { kind: 'person', code: personCode(89), name: '孙八' },
      },
      { at: at('2026-02-12') },
    );
    const row = await cases.workflow.step(testActor, id, { action: 'accept' }, { at: at('2026-02-12', 9) });
    // 13 Feb, 14 Feb (worked Saturday), then 春节 15–23 Feb: 24 Feb.
    expect(row.promised_due_on).toBe('2026-02-24');
    // … 25, 26, 27, 28 (worked Saturday), 2, 3, 4 Mar.
    expect(row.legal_due_on).toBe('2026-03-04');
  });

  it('lists the inbox by state and due, with warning and overdue flags', async () => {
    const { cases } = t.services;
    const long = await cases.intake.open(
      testActor,
      {
        item: itemSnapshot(w.deptA.id, { itemName: '逾期样本' }),
        applicant: { kind: 'person', code: personCode(90), name: '周九' },
      },
      { at: at('2025-06-02') },
    );
    await cases.workflow.step(testActor, long.id, { action: 'accept' }, { at: at('2025-06-02', 9) });
    const inbox = (q: string) => t.call(w.staffA.token, { method: 'GET', url: `/api/cases/inbox?${q}` });
    const overdue = ok(await inbox('due=overdue&state=accepted'));
    expect(overdue.items.map((x: { id: string }) => x.id)).toContain(long.id);
    expect(overdue.items.find((x: { id: string }) => x.id === long.id)).toMatchObject({ sla: 'overdue' });
    expect(ok(await inbox('due=ok')).items.map((x: { id: string }) => x.id)).not.toContain(long.id);
    const stopped = ok(await inbox('due=stopped'));
    for (const x of stopped.items) expect(x.clock).toBe('stopped');
    const byName = ok(await inbox('q=逾期样本&state=all'));
    expect(byName.total).toBe(1);
    const received = ok(await inbox('state=received'));
    for (const x of received.items) expect(x.state).toBe('received');
    const city = ok(
      await t.call(w.auditor.token, { method: 'GET', url: '/api/cases/inbox?state=all&limit=200' }),
    );
    expect(city.total).toBeGreaterThanOrEqual(overdue.total);
  });
});
