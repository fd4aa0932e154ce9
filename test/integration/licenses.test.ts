import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sm2 } from 'sm-crypto-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdCard, makeUscc, mod3736CheckChar } from '../../src/lib/validators/index.ts';
import { SM2_DEFAULT_USER_ID } from '../../src/lib/sm2.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { ENGINES } from '../support/db.ts';
import { buildDepartment, buildUser } from '../support/factories.ts';

const MINISTRY = makeUscc({
  registrationAuthority: '1',
  orgType: '1',
  regionCode: '100000',
  orgCodeBody8: '00000457',
});
const TYPE_CODE = `${MINISTRY}101`;
const holderId = (seq: number) =>
  makeIdCard({ regionCode: '320706', birthDate: '1990-03-15', sequence: seq });
const spouseId = makeIdCard({ regionCode: '320706', birthDate: '1992-07-01', sequence: 24 });

function openssl(dir: string, pem: string, payload: Buffer, signature: Buffer) {
  writeFileSync(path.join(dir, 'pub.pem'), pem);
  writeFileSync(path.join(dir, 'payload'), payload);
  writeFileSync(path.join(dir, 'sig.der'), signature);
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
    ].concat(['-sigfile', 'sig.der', '-pkeyopt', `distid:${SM2_DEFAULT_USER_ID}`]),
    { cwd: dir, encoding: 'utf8' },
  );
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

/** The 65-byte point at the end of an SM2 SubjectPublicKeyInfo, as sm-crypto-v2 takes it. */
function pointOf(pem: string): string {
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return der.subarray(der.length - 65).toString('hex');
}

describe.each(ENGINES)('e-license library on %s', (engine) => {
  let t: TestApp;
  let dir: string;
  let issuerDept: { id: string; uscc: string };
  let otherDept: { id: string };
  let steward: string;
  let otherSteward: string;
  let auditor: string;
  let consumer: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    issuerDept = await buildDepartment(t.services);
    otherDept = await buildDepartment(t.services);
    const user = async (role: 'dept_steward' | 'dept_consumer' | 'auditor', departmentId: string | null) => {
      const u = await buildUser(t.services, { departmentId, roles: [{ role, departmentId }] });
      return t.login(u.username);
    };
    steward = await user('dept_steward', issuerDept.id);
    otherSteward = await user('dept_steward', otherDept.id);
    auditor = await user('auditor', null);
    consumer = await user('dept_consumer', otherDept.id);
    dir = mkdtempSync(path.join(os.tmpdir(), 'tongban-lic-'));
    const res = await t.call(steward, {
      method: 'POST',
      url: '/api/registries/license-types',
      payload: {
        code: TYPE_CODE,
        name: '测试结婚证',
        ministryName: '民政部',
        departmentId: issuerDept.id,
        holderKind: '111',
        validityYears: 1,
        fields: [
          { name: '登记日期', dataType: 'D', required: true, tag: null },
          { name: '配偶姓名', dataType: 'C', required: true, tag: 'person_name' },
          { name: '配偶身份证号', dataType: 'C', required: true, tag: 'id_card' },
          { name: '备注', dataType: 'C', required: false, tag: null },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
  });
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  let numbered = 0;
  const issue = (token: string, over: Record<string, unknown> = {}) =>
    t.call(token, {
      method: 'POST',
      url: '/api/registries/licenses',
      payload: {
        typeCode: TYPE_CODE,
        number: `测结字第${++numbered}号`,
        holder: { code: holderId(11), name: '张三丰' },
        issuedOn: today(),
        data: { 登记日期: today(), 配偶姓名: '李四娘', 配偶身份证号: spouseId },
        ...over,
      },
    });
  const pub = (id: string) =>
    t.call(null, { method: 'GET', url: `/api/public/licenses/${encodeURIComponent(id)}` });
  const auditOf = async (objectId: string) =>
    (
      await t.testDb.db.query<{ action: string; outcome: string; actor_kind: string }>(
        `SELECT action, outcome, actor_kind FROM audit_log WHERE object_id = $1 ORDER BY id`,
        [objectId],
      )
    ).rows;

  it('issues, verifies with OpenSSL and sm-crypto-v2, revokes, and the public answer says revoked', async () => {
    const res = await issue(steward);
    expect(res.statusCode, res.body).toBe(201);
    const lic = res.json();
    expect(lic.licenseId).toMatch(
      new RegExp(`^1\\.2\\.156\\.3005\\.2\\.${TYPE_CODE}\\.${issuerDept.uscc}\\.\\d{8}\\.001\\.[0-9A-Z]$`),
    );
    expect(mod3736CheckChar(lic.licenseId.slice(0, -1))).toBe(lic.licenseId.at(-1));
    expect(lic.status).toBe('valid');
    expect(lic.clear).toBe(true);
    expect(lic.holderCode).toBe(holderId(11));
    expect(lic.seal).toMatchObject({ verified: true, contentIntact: true });
    expect(lic.verifyUrl).toBe(`http://127.0.0.1:8080/verify/licenses?id=${lic.licenseId}`);

    const answer = await pub(lic.licenseId);
    expect(answer.statusCode, answer.body).toBe(200);
    const p = answer.json();
    expect(p).toMatchObject({ licenseId: lic.licenseId, status: 'valid', userId: '1234567812345678' });
    expect(p.holder).toEqual({ kind: '111', code: '320706********' + holderId(11).slice(-4), name: '张**' });
    const payload = Buffer.from(p.payload, 'base64');
    const signature = Buffer.from(p.signature, 'base64');
    // No personal data in clear in what anyone can read.
    for (const secret of [holderId(11), spouseId, '张三丰', '李四娘'])
      expect(payload.toString('utf8')).not.toContain(secret);
    const signed = JSON.parse(payload.toString('utf8'));
    expect(signed).toMatchObject({ licenseId: lic.licenseId, typeCode: TYPE_CODE, version: 1 });
    expect(signed.data['配偶姓名']).toBe('李**');

    const ok = openssl(dir, p.publicKeyPem, payload, signature);
    expect(ok.out).toContain('Signature Verified Successfully');
    expect(ok.status).toBe(0);
    expect(
      sm2.doVerifySignature(payload, signature.toString('hex'), pointOf(p.publicKeyPem), {
        der: true,
        hash: true,
      }),
    ).toBe(true);
    const tampered = Buffer.from(payload.toString('utf8').replace('"version":1', '"version":2'));
    expect(openssl(dir, p.publicKeyPem, tampered, signature).status).not.toBe(0);
    expect(
      sm2.doVerifySignature(tampered, signature.toString('hex'), pointOf(p.publicKeyPem), {
        der: true,
        hash: true,
      }),
    ).toBe(false);

    // Another department's steward may not revoke it; the issuer's may.
    const refused = await t.call(otherSteward, {
      method: 'POST',
      url: `/api/registries/licenses/${lic.licenseId}/revoke`,
      payload: { reason: '试图越权' },
    });
    expect(refused.statusCode).toBe(403);
    const revoked = await t.call(steward, {
      method: 'POST',
      url: `/api/registries/licenses/${lic.licenseId}/revoke`,
      payload: { reason: '登记有误，依法撤销' },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json().history.map((e: { action: string }) => e.action)).toEqual(['issue', 'revoke']);
    expect(revoked.json().statusReason).toBe('登记有误，依法撤销');
    const after = (await pub(lic.licenseId)).json();
    expect(after.status).toBe('revoked');
    // The status changed; what was signed did not.
    expect(after.payload).toBe(p.payload);
    expect(after.signature).toBe(p.signature);
    const restore = await t.call(steward, {
      method: 'POST',
      url: `/api/registries/licenses/${lic.licenseId}/restore`,
      payload: { reason: '撤销是终局的' },
    });
    expect(restore.statusCode).toBe(409);
    expect(restore.json().error.code).toBe('LICENSE_STATUS_CONFLICT');

    const entries = await auditOf(lic.licenseId);
    expect(entries).toEqual(
      expect.arrayContaining([
        { action: 'license.issue', outcome: 'success', actor_kind: 'user' },
        { action: 'license.verify', outcome: 'success', actor_kind: 'anonymous' },
        { action: 'license.status', outcome: 'denied', actor_kind: 'user' },
        { action: 'license.revoke', outcome: 'success', actor_kind: 'user' },
      ]),
    );
  });

  it('suspends and restores, and reads a license past its validity as expired', async () => {
    const lic = (await issue(steward)).json();
    const act = (a: string) =>
      t.call(steward, {
        method: 'POST',
        url: `/api/registries/licenses/${lic.licenseId}/${a}`,
        payload: { reason: `${a} 原因` },
      });
    expect((await act('suspend')).json().status).toBe('suspended');
    expect((await pub(lic.licenseId)).json().status).toBe('suspended');
    expect((await act('suspend')).statusCode).toBe(409);
    expect((await act('restore')).json().status).toBe('valid');

    const old = await issue(steward, { issuedOn: '2020-01-01' });
    expect(old.statusCode, old.body).toBe(201);
    expect(old.json()).toMatchObject({
      validFrom: '2020-01-01',
      validUntil: '2020-12-31',
      status: 'expired',
    });
    expect((await pub(old.json().licenseId)).json().status).toBe('expired');
    const expired = await t.call(auditor, { method: 'GET', url: '/api/registries/licenses?status=expired' });
    expect(expired.json().items.map((i: { licenseId: string }) => i.licenseId)).toContain(
      old.json().licenseId,
    );
    const valid = await t.call(auditor, { method: 'GET', url: '/api/registries/licenses?status=valid' });
    expect(valid.json().items.map((i: { licenseId: string }) => i.licenseId)).not.toContain(
      old.json().licenseId,
    );
  });

  it('re-issues a license as a new version with a new signature, the old one revoked and its payload unchanged', async () => {
    const first = (await issue(steward)).json();
    const before = (await pub(first.licenseId)).json();
    const body = {
      reason: '登记信息更正',
      number: '测结字第更正号',
      holder: { code: holderId(11), name: '张三丰' },
      issuedOn: today(),
      data: { 登记日期: today(), 配偶姓名: '李四娘', 配偶身份证号: spouseId, 备注: '更正' },
    };
    const url = `/api/registries/licenses/${first.licenseId}/versions`;
    expect((await t.call(otherSteward, { method: 'POST', url, payload: body })).statusCode).toBe(403);
    const other = await t.call(steward, {
      method: 'POST',
      url,
      payload: { ...body, holder: { code: holderId(33), name: '王五' } },
    });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.details.fields[0].field).toBe('holder.code');
    const res = await t.call(steward, { method: 'POST', url, payload: body });
    expect(res.statusCode, res.body).toBe(201);
    const second = res.json();
    expect(second.version).toBe(2);
    expect(second.licenseId.slice(0, -6)).toBe(first.licenseId.slice(0, -6));
    expect(second.licenseId).toMatch(/\.002\.[0-9A-Z]$/);
    expect(second.seal.verified).toBe(true);
    const old = (await pub(first.licenseId)).json();
    expect(old.status).toBe('revoked');
    expect(old.payload).toBe(before.payload);
    const now = (await pub(second.licenseId)).json();
    expect(now.status).toBe('valid');
    expect(now.signature).not.toBe(before.signature);
    expect(JSON.parse(Buffer.from(now.payload, 'base64').toString('utf8'))).toMatchObject({
      version: 2,
      number: '测结字第更正号',
    });
    expect((await t.call(steward, { method: 'POST', url, payload: body })).statusCode).toBe(409);
  });

  it('answers malformed and unknown identifiers with 404 codes', async () => {
    const lic = (await issue(steward)).json();
    const wrongCheck = lic.licenseId.slice(0, -1) + (lic.licenseId.at(-1) === '0' ? '1' : '0');
    const cases: [string, string, string?][] = [
      ['not-a-license', 'LICENSE_ID_MALFORMED', 'length'],
      [wrongCheck, 'LICENSE_ID_MALFORMED', 'checksum'],
      [lic.licenseId.toLowerCase(), 'LICENSE_ID_MALFORMED', 'charset'],
    ];
    const unknownBody = lic.licenseId.replace(/\.\d{8}\./, '.99999999.').slice(0, -1);
    cases.push([unknownBody + mod3736CheckChar(unknownBody), 'LICENSE_NOT_FOUND']);
    for (const [id, code, reason] of cases) {
      const res = await pub(id);
      expect(res.statusCode, id).toBe(404);
      expect(res.json().error.code).toBe(code);
      if (reason) expect(res.json().error.details.reason).toBe(reason);
      const staff = await t.call(auditor, {
        method: 'GET',
        url: `/api/registries/licenses/${encodeURIComponent(id)}`,
      });
      expect(staff.statusCode).toBe(404);
    }
    const misses = await t.testDb.db.query(
      `SELECT 1 FROM audit_log WHERE action = 'license.verify' AND outcome = 'failure'`,
    );
    expect(misses.rows.length).toBeGreaterThanOrEqual(cases.length);
  });

  it('refuses bad issue input with 400 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [
        {
          holder: {
            code: holderId(11).slice(0, 17) + (holderId(11).endsWith('1') ? '2' : '1'),
            name: '张三',
          },
        },
        'holder.code',
      ],
      [{ typeCode: `${MINISTRY}999` }, 'typeCode'],
      [{ issuedOn: '2999-01-01' }, 'issuedOn'],
      [{ data: { 登记日期: '2024-02-30', 配偶姓名: '李四', 配偶身份证号: spouseId } }, 'data.登记日期'],
      [{ data: { 配偶姓名: '李四', 配偶身份证号: spouseId } }, 'data.登记日期'],
      [
        { data: { 登记日期: '2024-02-01', 配偶姓名: '李四', 配偶身份证号: spouseId, 颜色: '红' } },
        'data.颜色',
      ],
      [{ data: { 登记日期: '2024-02-01', 配偶姓名: 7, 配偶身份证号: spouseId } }, 'data.配偶姓名'],
      [
        { data: { 登记日期: '2024-02-01', 配偶姓名: '李四', 配偶身份证号: '320706199207010000' } },
        'data.配偶身份证号',
      ],
    ];
    for (const [over, field] of cases) {
      const res = await issue(steward, over);
      expect(res.statusCode, JSON.stringify(over)).toBe(400);
      expect(res.json().error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const before = await t.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM license');
    expect((await issue(otherSteward)).statusCode).toBe(403);
    expect((await issue(auditor)).statusCode).toBe(403);
    const after = await t.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM license');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('lets the auditor read everything masked and change nothing; hides licenses from other departments', async () => {
    const lic = (await issue(steward)).json();
    const seen = await t.call(auditor, { method: 'GET', url: `/api/registries/licenses/${lic.licenseId}` });
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ clear: false, holderName: '张**' });
    expect(seen.json().holderCode).not.toBe(holderId(11));
    expect(seen.json().data['配偶身份证号']).not.toBe(spouseId);
    const write = await t.call(auditor, {
      method: 'POST',
      url: `/api/registries/licenses/${lic.licenseId}/suspend`,
      payload: { reason: '审计员不能' },
    });
    expect(write.statusCode).toBe(403);
    const other = await t.call(otherSteward, {
      method: 'GET',
      url: `/api/registries/licenses/${lic.licenseId}`,
    });
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('LICENSE_NOT_FOUND');
    expect(await auditOf(lic.licenseId)).toEqual(
      expect.arrayContaining([
        { action: 'license.read', outcome: 'success', actor_kind: 'user' },
        { action: 'license.read', outcome: 'denied', actor_kind: 'user' },
      ]),
    );
    const list = await t.call(otherSteward, { method: 'GET', url: '/api/registries/licenses' });
    expect(list.json().items).toEqual([]);
  });

  it('records a department’s use with its reason and lists it on the license', async () => {
    const lic = (await issue(steward)).json();
    const noReason = await t.call(consumer, {
      method: 'POST',
      url: `/api/registries/licenses/${lic.licenseId}/uses`,
      payload: {},
    });
    expect(noReason.statusCode).toBe(400);
    const used = await t.call(consumer, {
      method: 'POST',
      url: `/api/registries/licenses/${lic.licenseId}/uses`,
      payload: { reason: '办理公积金贷款，核验婚姻状况' },
    });
    expect(used.statusCode, used.body).toBe(201);
    expect(used.json().use).toMatchObject({
      departmentId: otherDept.id,
      reason: '办理公积金贷款，核验婚姻状况',
    });
    expect(used.json().license.holderCode).toBe(holderId(11));
    expect(
      (
        await t.call(steward, {
          method: 'POST',
          url: `/api/registries/licenses/${lic.licenseId}/uses`,
          payload: { reason: 'x' },
        })
      ).statusCode,
    ).toBe(403);
    const uses = await t.call(steward, {
      method: 'GET',
      url: `/api/registries/licenses/${lic.licenseId}/uses`,
    });
    expect(uses.json()).toHaveLength(1);
    expect(uses.json()[0].reason).toBe('办理公积金贷款，核验婚姻状况');
    expect(await auditOf(lic.licenseId)).toEqual(
      expect.arrayContaining([{ action: 'license.use', outcome: 'success', actor_kind: 'user' }]),
    );
  });

  it('pages by holder, serves the QR code and lists the types', async () => {
    const holder = holderId(33);
    for (let i = 0; i < 3; i++)
      expect((await issue(steward, { holder: { code: holder, name: '王五' } })).statusCode).toBe(201);
    const first = (
      await t.call(steward, { method: 'GET', url: `/api/registries/licenses?holder=${holder}&limit=2` })
    ).json();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = (
      await t.call(steward, {
        method: 'GET',
        url: `/api/registries/licenses?holder=${holder}&limit=2&after=${first.nextCursor}`,
      })
    ).json();
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items].map((i: { licenseId: string }) => i.licenseId);
    expect(new Set(ids).size).toBe(3);
    const qr = await t.call(steward, { method: 'GET', url: `/api/registries/licenses/${ids[0]}/qr` });
    expect(qr.json().svg).toMatch(/^<svg/);
    expect(qr.json().url).toContain(`/verify/licenses?id=${ids[0]}`);
    const types = (await t.call(consumer, { method: 'GET', url: '/api/registries/license-types' })).json();
    expect(types.find((x: { code: string }) => x.code === TYPE_CODE).licenses).toBeGreaterThanOrEqual(3);
    const dup = await t.call(steward, {
      method: 'POST',
      url: '/api/registries/license-types',
      payload: {
        code: TYPE_CODE,
        name: '另一个',
        ministryName: '民政部',
        departmentId: issuerDept.id,
        holderKind: '111',
        validityYears: null,
        fields: [{ name: 'a', dataType: 'C', required: false, tag: null }],
      },
    });
    expect(dup.statusCode).toBe(409);
    const otherType = await t.call(otherSteward, {
      method: 'POST',
      url: '/api/registries/license-types',
      payload: {
        code: `${MINISTRY}102`,
        name: '越权类型',
        ministryName: '民政部',
        departmentId: issuerDept.id,
        holderKind: '111',
        validityYears: null,
        fields: [{ name: 'a', dataType: 'C', required: false, tag: null }],
      },
    });
    expect(otherType.statusCode).toBe(403);
  });
});
