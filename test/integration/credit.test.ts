import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdCard, makeUscc } from '../../src/lib/validators/index.ts';
import { chinaToday } from '../../src/lib/time.ts';
import { addDays, addMonths } from '../../src/modules/credit/rules.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { ENGINES } from '../support/db.ts';
import { buildDepartment, buildUser, testActor } from '../support/factories.ts';

const company = makeUscc({
  registrationAuthority: '9',
  orgType: '1',
  regionCode: '320706',
  orgCodeBody8: '70381234',
});
const otherCompany = makeUscc({
  registrationAuthority: '9',
  orgType: '1',
  regionCode: '320706',
  orgCodeBody8: '70385678',
});
const person = makeIdCard({ regionCode: '320706', birthDate: '1985-05-01', sequence: 12 });
const otherPerson = makeIdCard({ regionCode: '320706', birthDate: '1979-11-20', sequence: 31 });
const today = chinaToday();

function penalty(over: Record<string, unknown> = {}) {
  return {
    kind: 'penalty',
    subjectName: '连云港市海州区示范食品有限公司',
    subjectCategory: 'legal',
    subjectCode: company,
    legalRepresentative: '王建国',
    decisionNo: `连市监处罚〔${today.slice(0, 4)}〕1号`,
    decisionDate: addDays(today, -10),
    violationType: '销售不符合食品安全标准的食品',
    violationFacts: '当事人销售标签不符合规定的预包装食品。',
    basis: '《中华人民共和国食品安全法》第一百二十五条',
    penaltyKinds: ['warning', 'fine'],
    fineAmount: 2,
    ...over,
  };
}

function license(over: Record<string, unknown> = {}) {
  return {
    kind: 'license',
    subjectName: '连云港市海州区示范食品有限公司',
    subjectCategory: 'legal',
    subjectCode: company,
    legalRepresentative: '王建国',
    decisionNo: `JY132070600${today.slice(0, 4)}01`,
    decisionDate: addDays(today, -30),
    docName: '食品经营许可决定书',
    licenseCategory: 'general',
    certificateName: '食品经营许可证',
    licenseNo: 'JY13207060000001',
    licenseContent: '预包装食品（含冷藏冷冻食品）销售',
    validFrom: addDays(today, -30),
    validTo: addDays(addMonths(today, 60), -31),
    ...over,
  };
}

describe.each(ENGINES)('social credit on %s', (engine) => {
  let t: TestApp;
  let deptA: { id: string; uscc: string };
  let deptB: { id: string; uscc: string };
  let stewardA: string;
  let stewardB: string;
  let auditor: string;
  let consumer: string;
  let admin: string;
  let citizen: string;
  let citizenId: string;
  let companyUser: string;
  let companyUserId: string;
  const ids = { general: '', serious: '', license: '', minor: '', personFine: '' };

  const post = (token: string | null, url: string, payload: unknown) =>
    t.call(token, { method: 'POST', url, payload: payload as Record<string, unknown> });
  const get = (token: string | null, url: string) => t.call(token, { method: 'GET', url });
  const count = async (table: string) =>
    (await t.services.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

  beforeAll(async () => {
    t = await createTestApp(engine);
    deptA = await buildDepartment(t.services);
    deptB = await buildDepartment(t.services);
    const user = async (
      role: 'dept_steward' | 'dept_consumer' | 'auditor' | 'platform_admin' | 'citizen',
      departmentId: string | null,
    ) => {
      const u = await buildUser(t.services, { departmentId, roles: [{ role, departmentId }] });
      return { token: await t.login(u.username), id: u.id };
    };
    stewardA = (await user('dept_steward', deptA.id)).token;
    stewardB = (await user('dept_steward', deptB.id)).token;
    auditor = (await user('auditor', null)).token;
    consumer = (await user('dept_consumer', deptB.id)).token;
    admin = (await user('platform_admin', null)).token;
    const c = await user('citizen', null);
    citizen = c.token;
    citizenId = c.id;
    const cu = await user('citizen', null);
    companyUser = cu.token;
    companyUserId = cu.id;
  });
  afterAll(() => t.close());

  it('publishes a batch of 双公示 records, all computed: severity, repair day and publicity end', async () => {
    const res = await post(stewardA, '/api/credit/records', {
      records: [
        penalty(),
        penalty({
          decisionNo: 'serious-1',
          penaltyKinds: ['fine', 'revoke_license'],
          fineAmount: 25,
          licenseAffected: '食品经营许可证 JY13207060000009',
        }),
        license(),
        penalty({
          decisionNo: 'person-1',
          subjectName: '李小明',
          subjectCategory: 'person',
          subjectCode: person,
          legalRepresentative: undefined,
          penaltyKinds: ['warning'],
          fineAmount: undefined,
        }),
        penalty({
          decisionNo: 'person-2',
          subjectName: '李小明',
          subjectCategory: 'person',
          subjectCode: person,
          legalRepresentative: undefined,
          penaltyKinds: ['fine'],
          fineAmount: 0.5,
        }),
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ created: number; updated: number; ids: string[] }>();
    expect(body).toMatchObject({ created: 5, updated: 0 });
    [ids.general, ids.serious, ids.license, ids.minor, ids.personFine] = body.ids as [
      string,
      string,
      string,
      string,
      string,
    ];

    const general = (await get(stewardA, `/api/credit/records/${ids.general}`)).json();
    expect(general).toMatchObject({
      severity: 'general',
      publicity: 'public',
      repairFrom: addMonths(addDays(today, -10), 3),
      publicityUntil: addDays(addMonths(addDays(today, -10), 12), -1),
      authorityCode: deptA.uscc,
      fineAmount: 2,
    });
    const serious = (await get(stewardA, `/api/credit/records/${ids.serious}`)).json();
    expect(serious).toMatchObject({
      severity: 'serious',
      publicityUntil: addDays(addMonths(addDays(today, -10), 36), -1),
    });
    // A warning alone is not publicized; a person's number is only ever shown masked, even to its publisher.
    const minor = (await get(stewardA, `/api/credit/records/${ids.minor}`)).json();
    expect(minor).toMatchObject({ severity: 'minor', publicity: 'not_publicized', publicityUntil: null });
    expect(minor.subjectCode).toBe(`${person.slice(0, 6)}********${person.slice(-4)}`);
    expect(JSON.stringify(await (await get(auditor, '/api/credit/records?limit=50')).json())).not.toContain(
      person,
    );
    // The license is shown while in force.
    expect((await get(consumer, `/api/credit/records/${ids.license}`)).json()).toMatchObject({
      kind: 'license',
      publicity: 'public',
      publicityUntil: license().validTo,
    });
  });

  it('names the row and field of a bad credit code, and a batch with one bad row stores nothing', async () => {
    const before = await count('credit_record');
    const res = await post(stewardA, '/api/credit/records', {
      records: [
        penalty({ decisionNo: 'bad-batch-1' }),
        penalty({
          decisionNo: 'bad-batch-2',
          subjectCode: company.slice(0, 17) + (company[17] === '0' ? '1' : '0'),
        }),
        penalty({ decisionNo: 'bad-batch-3', subjectCategory: 'person', subjectCode: '320706198505011235' }),
      ],
    });
    expect(res.statusCode).toBe(400);
    const err = res.json<{
      error: { code: string; details: { fields: { field: string; code: string }[]; rows: number[] } };
    }>().error;
    expect(err.code).toBe('REQUEST_VALIDATION_FAILED');
    expect(err.details.rows).toEqual([2, 3]);
    expect(err.details.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'records[1].subjectCode', code: 'CHECKSUM' }),
        expect.objectContaining({ field: 'records[2].subjectCode' }),
      ]),
    );
    expect(await count('credit_record')).toBe(before);

    // Kind-specific rules name their field too: a fine without an amount, a publicity end beyond the maximum.
    const rules = await post(stewardA, '/api/credit/records', {
      records: [
        penalty({ decisionNo: 'r-1', fineAmount: undefined }),
        penalty({ decisionNo: 'r-2', publicityUntil: addMonths(today, 30) }),
        penalty({ decisionNo: 'r-2' }),
      ],
    });
    expect(rules.statusCode).toBe(400);
    const fields = rules
      .json()
      .error.details.fields.map((f: { field: string; code: string }) => `${f.field}:${f.code}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        'records[0].fineAmount:REQUIRED',
        'records[1].publicityUntil:OUT_OF_RANGE',
        'records[2].decisionNo:DUPLICATE',
      ]),
    );
    expect(await count('credit_record')).toBe(before);
  });

  it('resubmitting the same 文书号 of the same authority updates the record instead of adding one', async () => {
    const before = await count('credit_record');
    const res = await post(stewardA, '/api/credit/records', { records: [penalty({ fineAmount: 3 })] });
    expect(res.json()).toMatchObject({ created: 0, updated: 1, ids: [ids.general] });
    expect(await count('credit_record')).toBe(before);
    expect((await get(stewardA, `/api/credit/records/${ids.general}`)).json().fineAmount).toBe(3);
    // Another department cannot overwrite it by naming the same authority.
    const clash = await post(stewardB, '/api/credit/records', {
      records: [penalty({ authorityCode: deptA.uscc, authorityName: '测试局' })],
    });
    expect(clash.statusCode).toBe(400);
    expect(clash.json().error.details.fields[0]).toMatchObject({
      field: 'records[0].decisionNo',
      code: 'TAKEN',
    });
    // Only stewards publish: the consumer and the auditor are refused.
    expect(
      (await post(consumer, '/api/credit/records', { records: [penalty({ decisionNo: 'x' })] })).statusCode,
    ).toBe(403);
    expect(
      (await post(auditor, '/api/credit/records', { records: [penalty({ decisionNo: 'x' })] })).statusCode,
    ).toBe(403);
  });

  it('hides a record from the public API once its publicity period ends, computed from the date', async () => {
    const old = addMonths(today, -13);
    const res = await post(stewardA, '/api/credit/records', {
      records: [
        penalty({
          decisionNo: 'old-1',
          decisionDate: old,
          subjectCode: otherCompany,
          subjectName: '连云港旧事物流有限公司',
        }),
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const oldId = res.json().ids[0];
    expect((await get(stewardA, `/api/credit/records/${oldId}`)).json().publicity).toBe('ended');
    const search = await get(null, `/api/public/credit/search?q=${encodeURIComponent('旧事物流')}`);
    expect(search.statusCode).toBe(200);
    expect(search.json().items).toEqual([]);
    expect((await get(null, `/api/public/credit/subjects/${otherCompany}`)).statusCode).toBe(404);

    // The public sees the company's records in their period only, with public fields.
    const found = (await get(null, `/api/public/credit/search?q=${encodeURIComponent('示范食品')}`)).json();
    expect(found.items).toEqual([
      expect.objectContaining({ subjectCode: company, penalties: 2, licenses: 1, blackLists: 0 }),
    ]);
    const profile = (await get(null, `/api/public/credit/subjects/${company}`)).json();
    expect(profile.penalties).toHaveLength(2);
    expect(profile.penalties[0]).not.toHaveProperty('departmentId');
    expect(profile.penalties[0]).not.toHaveProperty('severity');
  });

  it('finds a person only by the exact number, masked, and never by name', async () => {
    // A wildcard is only itself: '%%' cannot list every subject.
    expect((await get(null, `/api/public/credit/search?q=${encodeURIComponent('%%')}`)).json().items).toEqual(
      [],
    );
    expect(
      (await get(null, `/api/public/credit/search?q=${encodeURIComponent('示范_品')}`)).json().items,
    ).toEqual([]);
    expect(
      (await get(null, `/api/public/credit/search?q=${encodeURIComponent('李小明')}`)).json().items,
    ).toEqual([]);
    const byId = (await get(null, `/api/public/credit/search?q=${person}`)).json();
    expect(byId.items).toEqual([
      expect.objectContaining({
        subjectName: '李**',
        subjectCode: `${person.slice(0, 6)}********${person.slice(-4)}`,
        penalties: 1,
      }),
    ]);
    const profile = await get(null, `/api/public/credit/subjects/${person}`);
    expect(profile.body).not.toContain(person);
    expect(profile.body).not.toContain('李小明');
    // Every public search is audited with the caller's address.
    const audited = await t.services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'credit.public_search'`,
    );
    expect(audited.rows[0]!.n).toBeGreaterThanOrEqual(3);
  });

  it('a citizen sees only its own records and files an objection; another department cannot handle it', async () => {
    // Before binding the account speaks for nobody.
    expect((await get(citizen, '/api/credit/me')).json()).toEqual({ subjects: [] });
    expect(
      (
        await post(citizen, '/api/credit/me/cases', {
          recordId: ids.minor,
          kind: 'objection',
          reason: '不是我',
        })
      ).json().error.code,
    ).toBe('CREDIT_NO_SUBJECT');
    // Only the operator binds accounts.
    expect(
      (
        await post(stewardA, '/api/credit/accounts', {
          userId: citizenId,
          subjectCode: person,
          subjectName: '李小明',
        })
      ).statusCode,
    ).toBe(403);
    const bound = await post(admin, '/api/credit/accounts', {
      userId: citizenId,
      subjectCode: person,
      subjectName: '李小明',
    });
    expect(bound.statusCode, bound.body).toBe(200);
    expect(bound.body).not.toContain(person);

    const mine = (await get(citizen, '/api/credit/me')).json();
    expect(mine.subjects).toHaveLength(1);
    const records = mine.subjects[0].records as { id: string; subjectCode: string }[];
    expect(records.map((r) => r.id).sort()).toEqual([ids.minor, ids.personFine].sort());
    expect(JSON.stringify(mine)).not.toContain(person);

    // Nothing of anyone else: the staff reads are closed to a citizen, and a filing about another's record is a 404.
    expect((await get(citizen, `/api/credit/records/${ids.general}`)).statusCode).toBe(403);
    expect((await get(citizen, `/api/credit/profiles/${otherPerson}`)).statusCode).toBe(403);
    expect((await get(citizen, '/api/credit/records')).statusCode).toBe(403);
    const foreign = await post(citizen, '/api/credit/me/cases', {
      recordId: ids.general,
      kind: 'objection',
      reason: '异议',
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('CREDIT_RECORD_NOT_FOUND');

    const filed = await post(citizen, '/api/credit/me/cases', {
      recordId: ids.personFine,
      kind: 'objection',
      reason: '处罚当日本人不在连云港，身份证件曾遗失。',
      attachment: '报失证明.pdf',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const c = filed.json();
    expect(c).toMatchObject({ status: 'submitted', departmentId: deptA.id, overdue: false });
    expect(c.acceptDue > today).toBe(true);
    // One open objection per record.
    expect(
      (
        await post(citizen, '/api/credit/me/cases', {
          recordId: ids.personFine,
          kind: 'objection',
          reason: '再次',
        })
      ).statusCode,
    ).toBe(409);

    // Another department's steward: a 404 with a denied entry; the auditor reads but cannot act.
    const b = await post(stewardB, `/api/credit/cases/${c.id}/decision`, { action: 'accept', note: '受理' });
    expect(b.statusCode).toBe(404);
    expect(b.json().error.code).toBe('CREDIT_CASE_NOT_FOUND');
    const denied = await t.services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'credit.case.read' AND outcome = 'denied' AND object_id = $1`,
      [c.id],
    );
    expect(denied.rows[0]!.n).toBe(1);
    expect((await get(stewardB, '/api/credit/cases')).json().items).toEqual([]);
    expect((await get(auditor, `/api/credit/cases/${c.id}`)).statusCode).toBe(200);
    expect(
      (await post(auditor, `/api/credit/cases/${c.id}/decision`, { action: 'accept', note: '受理' }))
        .statusCode,
    ).toBe(403);

    // The publishing department accepts, then upholds: the record is withdrawn and leaves public view.
    const accepted = await post(stewardA, `/api/credit/cases/${c.id}/decision`, {
      action: 'accept',
      note: '已受理，核查中',
    });
    expect(accepted.json()).toMatchObject({ status: 'accepted', acceptedOn: today });
    expect(
      (await post(stewardA, `/api/credit/cases/${c.id}/decision`, { action: 'repair', note: 'x' })).json()
        .error.code,
    ).toBe('CREDIT_CASE_STATE');
    const upheld = await post(stewardA, `/api/credit/cases/${c.id}/decision`, {
      action: 'uphold',
      note: '经核查，身份证件被冒用，撤销该条公示',
      resolution: 'withdraw',
    });
    expect(upheld.statusCode, upheld.body).toBe(200);
    expect(upheld.json()).toMatchObject({ status: 'upheld', resolution: 'withdraw' });
    expect(upheld.json().history.map((h: { action: string }) => h.action)).toEqual([
      'file',
      'accept',
      'uphold',
    ]);
    expect((await get(stewardA, `/api/credit/records/${ids.personFine}`)).json().publicity).toBe('withdrawn');
    expect((await get(null, `/api/public/credit/search?q=${person}`)).json().items).toEqual([]);
    const steps = await t.services.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE action LIKE 'credit.case.%' AND outcome = 'success' ORDER BY id`,
    );
    expect(steps.rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['credit.case.file', 'credit.case.accept', 'credit.case.uphold']),
    );
  });

  it('a company user repairs its credit after the minimum period; the score follows', async () => {
    const decided = addMonths(today, -4);
    const res = await post(stewardA, '/api/credit/records', {
      records: [penalty({ decisionNo: 'repairable-1', decisionDate: decided, fineAmount: 12 })],
    });
    const repairable = res.json().ids[0];
    await post(admin, '/api/credit/accounts', {
      userId: companyUserId,
      subjectCode: company,
      subjectName: '示范食品',
    });
    const before = (await get(stewardA, `/api/credit/profiles/${company}`)).json();
    expect(before.counts).toMatchObject({ penaltiesPublic: 3, licensesInForce: 1 });
    // 100 − 8 × 2 (general) − 20 (serious) − 4 (40 万元 of fines: 3 + 25 + 12) = 60
    expect(before.score).toMatchObject({ score: 60, level: 'C' });
    expect(before.score.components).toEqual(
      expect.arrayContaining([
        { code: 'penalty_general', count: 2, points: -16 },
        { code: 'penalty_serious', count: 1, points: -20 },
        { code: 'fines', count: 4, points: -4 },
      ]),
    );

    // Too early for the recent one (3 months not yet passed).
    const early = await post(companyUser, '/api/credit/me/cases', {
      recordId: ids.general,
      kind: 'repair',
      reason: '已整改',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('CREDIT_REPAIR_TOO_EARLY');
    const filed = await post(companyUser, '/api/credit/me/cases', {
      recordId: repairable,
      kind: 'repair',
      reason: '已履行行政处罚决定，缴清罚款，完成整改并作出信用承诺。',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const id = filed.json().id;
    await post(stewardA, `/api/credit/cases/${id}/decision`, { action: 'accept', note: '受理' });
    const repaired = await post(stewardA, `/api/credit/cases/${id}/decision`, {
      action: 'repair',
      note: '同意修复',
    });
    expect(repaired.json()).toMatchObject({ status: 'repaired' });
    expect((await get(stewardA, `/api/credit/records/${repairable}`)).json()).toMatchObject({
      publicity: 'repaired',
      repairedOn: today,
    });
    const after = (await get(stewardA, `/api/credit/profiles/${company}`)).json();
    expect(after.score).toMatchObject({ score: 70, level: 'C' });
    expect((await get(null, `/api/public/credit/subjects/${company}`)).json().penalties).toHaveLength(2);

    // An upheld objection may correct the record instead of withdrawing it; the correction needs its fields.
    const objection = await post(companyUser, '/api/credit/me/cases', {
      recordId: ids.serious,
      kind: 'objection',
      reason: '罚款金额公示有误，决定书载明为 20 万元。',
    });
    expect(objection.statusCode, objection.body).toBe(201);
    const oid = objection.json().id;
    await post(stewardA, `/api/credit/cases/${oid}/decision`, { action: 'accept', note: '受理' });
    const incomplete = await post(stewardA, `/api/credit/cases/${oid}/decision`, {
      action: 'uphold',
      note: '更正',
      resolution: 'correct',
    });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error.details.fields[0].field).toBe('corrections');
    const corrected = await post(stewardA, `/api/credit/cases/${oid}/decision`, {
      action: 'uphold',
      note: '经核查录入有误，已更正罚款金额',
      resolution: 'correct',
      corrections: { fineAmount: 20 },
    });
    expect(corrected.json()).toMatchObject({ status: 'upheld', resolution: 'correct' });
    const record = (await get(stewardA, `/api/credit/records/${ids.serious}`)).json();
    expect(record).toMatchObject({ fineAmount: 20, publicity: 'public' });
    expect(record.correctedAt).not.toBeNull();
  });

  it('red and black lists: the listing steward adds and removes, audited; others cannot', async () => {
    const add = await post(stewardA, '/api/credit/lists', {
      listKind: 'black',
      listName: '严重违法失信名单',
      subjectName: '连云港市海州区示范食品有限公司',
      subjectCategory: 'legal',
      subjectCode: company,
      basis: '《市场监督管理严重违法失信名单管理办法》第九条',
      listedOn: today,
      validUntil: addMonths(today, 36),
    });
    expect(add.statusCode, add.body).toBe(201);
    const entry = add.json();
    expect(entry).toMatchObject({ status: 'in_force', departmentId: deptA.id });
    const bad = await post(stewardA, '/api/credit/lists', {
      listKind: 'red',
      listName: '守信激励对象',
      subjectName: '某人',
      subjectCategory: 'person',
      subjectCode: '320706198505011230',
      basis: '依据',
      listedOn: today,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('subjectCode');

    const profile = (await get(consumer, `/api/credit/profiles/${company}`)).json();
    expect(profile.counts.blackInForce).toBe(1);
    // The company's cases are 部门 A's to follow: another department's staff sees its records, not its objections.
    expect(profile.cases).toEqual([]);
    expect((await get(stewardA, `/api/credit/profiles/${company}`)).json().cases.length).toBeGreaterThan(0);
    expect((await get(auditor, `/api/credit/profiles/${company}`)).json().cases.length).toBeGreaterThan(0);
    expect(profile.score.components).toEqual(
      expect.arrayContaining([{ code: 'black_list', count: 1, points: -40 }]),
    );
    expect((await get(null, `/api/public/credit/subjects/${company}`)).json().lists).toEqual([
      expect.objectContaining({ listKind: 'black', listName: '严重违法失信名单' }),
    ]);

    expect(
      (await post(stewardB, `/api/credit/lists/${entry.id}/remove`, { reason: '越权' })).statusCode,
    ).toBe(403);
    const removed = await post(stewardA, `/api/credit/lists/${entry.id}/remove`, {
      reason: '信用修复完成，移出名单',
    });
    expect(removed.json()).toMatchObject({ status: 'removed', removedOn: today });
    expect(
      (await post(stewardA, `/api/credit/lists/${entry.id}/remove`, { reason: '再次' })).statusCode,
    ).toBe(409);
    const listed = (await get(auditor, '/api/credit/lists?listKind=black&status=removed')).json();
    expect(listed.items.map((e: { id: string }) => e.id)).toContain(entry.id);
    const audited = await t.services.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE object_id = $1 AND outcome = 'success' ORDER BY id`,
      [entry.id],
    );
    expect(audited.rows.map((r) => r.action)).toEqual(['credit.list.add', 'credit.list.remove']);
  });

  it('flags an objection past its working-day deadline', async () => {
    const filed = await t.services.credit.cases.file(
      { ...testActor, name: '李小明' },
      { userId: citizenId, name: '李小明', subjectCodes: [person] },
      { recordId: ids.minor, kind: 'objection', reason: '警告记录有误' },
      addDays(today, -20),
    );
    expect(filed.overdue).toBe(true);
    const overdue = (await get(stewardA, '/api/credit/cases?overdue=true')).json();
    expect(overdue.items.map((c: { id: string }) => c.id)).toEqual([filed.id]);
    const open = (await get(admin, '/api/credit/cases?open=true')).json();
    expect(open.items.map((c: { id: string }) => c.id)).toContain(filed.id);
  });
});
