import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskValue } from '../../src/lib/mask.ts';
import { makeIdCard } from '../../src/lib/validators/index.ts';
import type { UsageMode } from '../../src/modules/sharing/schema.ts';
import { chinaToday } from '../../src/lib/time.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { catalogFixture } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { ndjson, personRow, publishResource } from '../support/exchange.ts';
import { buildDepartment, buildUser, testActor } from '../support/factories.ts';
import { buildAgreement, buildGrant, daysFromToday } from '../support/sharing.ts';

type Row = Record<string, unknown>;
interface AuditRow {
  entry_id: string;
  action: string;
  outcome: string;
  department_id: string | null;
  object_id: string | null;
  details: Record<string, unknown>;
}

const GHOST = '00000000-0000-4000-8000-000000000000';
/** The rate limit counts per clock minute: start a short sequence of calls well inside one. */
async function sameMinute() {
  const into = Date.now() % 60_000;
  if (into > 50_000) await new Promise((r) => setTimeout(r, 60_500 - into));
}
const purposeHeader = (purpose: string) => ({ 'x-purpose': encodeURIComponent(purpose) });

describe.each(ENGINES)('sharing data access on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof catalogFixture>>;
  /** The 有条件共享 person resource of 市民政局 that holds the records. */
  let P: string;
  /** Another published resource nobody holds a grant on. */
  let other: string;
  /** 公安局's system key (not bound to any grant). */
  let gaKey: string;
  const people: Row[] = Array.from({ length: 20 }, (_, i) => personRow(101 + i));
  const alice = people[0]!;
  const idOf = (r: Row) => r.身份证号 as string;

  /** A department of its own (for checks that depend on every grant a department holds), with a steward and a key. */
  async function department(name: string, short: string, opts: { agreement?: boolean } = {}) {
    const id = (await buildDepartment(t.services, { name, shortName: short })).id;
    if (opts.agreement !== false) await buildAgreement(t.services, id);
    const username = `${short}_steward`;
    await buildUser(t.services, {
      username,
      departmentId: id,
      roles: [{ role: 'dept_steward', departmentId: id }],
    });
    const key = await apiKey(id, `${name}业务系统`);
    return { id, steward: await t.login(username), key: key.secret, keyId: key.id };
  }

  async function apiKey(departmentId: string, name: string) {
    const res = await t.call(f.admin, {
      method: 'POST',
      url: '/api/api-keys',
      payload: { name, departmentId },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<{ apiKey: { id: string }; secret: string }>();
    return { id: body.apiKey.id, secret: body.secret };
  }

  /** A grant to 公安局 on P through the real request → approval path, under a purpose of its own. */
  function grantGa(
    purpose: string,
    items: string[],
    extra: {
      unmaskedItems?: string[];
      usageModes?: UsageMode[];
      dailyQuota?: number;
      ratePerMinute?: number;
      apiKeyId?: string;
      consumer?: string;
    } = {},
  ) {
    return buildGrant(t.services, {
      resourceId: P,
      consumerDepartmentId: extra.consumer ?? f.ga,
      agreement: false,
      purpose,
      items,
      ...extra,
    });
  }

  const lookup = (
    token: string,
    purpose: string | null,
    key: string,
    query = '',
    resourceId = P,
  ): Promise<LightMyRequestResponse> =>
    t.call(token, {
      method: 'GET',
      url: `/api/data/${resourceId}/records/${encodeURIComponent(key)}${query}`,
      headers: purpose === null ? {} : purposeHeader(purpose),
    });
  const query = (token: string, purpose: string | null, body: Row, resourceId = P) =>
    t.call(token, {
      method: 'POST',
      url: `/api/data/${resourceId}/query`,
      headers: purpose === null ? {} : purposeHeader(purpose),
      payload: body,
    });
  const verify = (token: string, purpose: string, fields: Row) =>
    t.call(token, {
      method: 'POST',
      url: `/api/data/${P}/verify`,
      headers: purposeHeader(purpose),
      payload: { fields },
    });
  const refusal = (res: LightMyRequestResponse) => [res.statusCode, res.json().error?.code];

  // A data access as its entry used to read in the audit log, rebuilt from its access row (migration 0011); a
  // refusal by the policy layer (`data.use`) is still an audit entry of its own.
  const DATA_ENTRIES = `
    SELECT id::text AS entry_id, at, action, outcome, consumer_department_id::text AS department_id,
           resource_id AS object_id,
           details
             || jsonb_strip_nulls(jsonb_build_object('code', code, 'apiKeyId', api_key_id,
                                                     'providerDepartmentId', provider_department_id))
             || jsonb_build_object('purpose', purpose, 'grantId', grant_id, 'keyDigests', to_jsonb(key_digests),
                                   'keyCount', key_count, 'items', to_jsonb(items), 'records', records)
             || CASE WHEN outcome = 'denied' THEN '{}'::jsonb
                     ELSE jsonb_build_object('maskedItems', to_jsonb(masked_items)) END AS details
      FROM sharing_access_log
    UNION ALL
    SELECT id::text, at, action, outcome, department_id::text, object_id, details FROM audit_log
     WHERE action LIKE 'data.%' AND action <> 'data.batch'`;
  const dataEntries = async () =>
    (await t.services.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${DATA_ENTRIES}) e`)).rows[0]!
      .n;
  const lastDataEntry = async () =>
    (
      await t.services.db.query<AuditRow>(
        `SELECT entry_id, action, outcome, department_id, object_id, details FROM (${DATA_ENTRIES}) e
          ORDER BY at DESC, entry_id::numeric DESC LIMIT 1`,
      )
    ).rows[0]!;
  /** Runs one call and proves it wrote exactly one data-access audit entry, which it returns. */
  async function audited(call: () => Promise<LightMyRequestResponse>) {
    const before = await dataEntries();
    const res = await call();
    expect(await dataEntries(), `audit entries after ${res.statusCode} ${res.body}`).toBe(before + 1);
    return { res, entry: await lastDataEntry() };
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await catalogFixture(t);
    P = (await publishResource(t, f.admin, f.mz)).id;
    other = (await publishResource(t, f.admin, f.mz, { name: '婚姻登记信息' })).id;
    const pushed = await t.call(f.stewardMz, {
      method: 'POST',
      url: `/api/exchange/resources/${P}/records`,
      headers: { 'content-type': 'application/x-ndjson' },
      payload: ndjson(people),
    });
    expect(pushed.statusCode, pushed.body).toBe(200);
    await buildAgreement(t.services, f.ga);
    gaKey = (await apiKey(f.ga, '公安局人口核验系统')).secret;
  });
  afterAll(() => t.close());

  it('refuses a department without a security agreement (SHARING_NO_AGREEMENT)', async () => {
    const zj = await department('市住房和城乡建设局', 'zj', { agreement: false });
    const res = await lookup(zj.key, '住房保障资格审核', idOf(alice));
    expect(refusal(res)).toEqual([403, 'SHARING_NO_AGREEMENT']);
    expect(res.body).not.toContain(alice.姓名 as string);
  });

  it('refuses a department with an agreement but no grant (SHARING_NO_GRANT)', async () => {
    const res = await lookup(gaKey, '住房公积金提取审核', idOf(alice), '', other);
    expect(refusal(res)).toEqual([403, 'SHARING_NO_GRANT']);
  });

  it('refuses a grant past its period (SHARING_GRANT_EXPIRED)', async () => {
    const { grant } = await grantGa('过期授权核验', ['姓名']);
    expect((await lookup(gaKey, '过期授权核验', idOf(alice))).statusCode).toBe(200);
    // A request cannot end in the past, so move the grant's period back in time.
    await t.services.db.query(
      `UPDATE sharing_grant SET valid_from = now() - interval '3 days', valid_to = now() - interval '1 day'
        WHERE id = $1`,
      [grant.id],
    );
    expect(refusal(await lookup(gaKey, '过期授权核验', idOf(alice)))).toEqual([403, 'SHARING_GRANT_EXPIRED']);
    const shown = await t.call(f.stewardGa, { method: 'GET', url: `/api/sharing/grants/${grant.id}` });
    expect(shown.json().state).toBe('expired');
  });

  it('suspends the grants of a department whose agreement lapsed', async () => {
    const rs = await department('市人力资源和社会保障局', 'rs', { agreement: false });
    const { grant } = await grantGa('社保待遇资格认证', ['姓名'], { consumer: rs.id });
    await buildAgreement(t.services, rs.id, { from: -400, to: -10 });
    expect(refusal(await lookup(rs.key, '社保待遇资格认证', idOf(alice)))).toEqual([
      403,
      'SHARING_NO_AGREEMENT',
    ]);
    const mine = await t.call(rs.steward, { method: 'GET', url: '/api/sharing/grants' });
    expect(mine.json().items).toEqual([expect.objectContaining({ id: grant.id, state: 'suspended' })]);
    const given = await t.call(f.stewardMz, {
      method: 'GET',
      url: '/api/sharing/grants?box=given&state=suspended',
    });
    expect(given.json().items.map((g: { id: string }) => g.id)).toEqual([grant.id]);
    // A new agreement restores it.
    await buildAgreement(t.services, rs.id);
    expect((await lookup(rs.key, '社保待遇资格认证', idOf(alice))).statusCode).toBe(200);
  });

  it('refuses the next call once the provider revokes the grant (SHARING_GRANT_REVOKED)', async () => {
    const { grant } = await grantGa('户籍迁移审核', ['性别']);
    expect((await lookup(gaKey, '户籍迁移审核', idOf(alice))).statusCode).toBe(200);
    // The consumer cannot revoke it; the provider's steward can.
    const byConsumer = await t.call(f.stewardGa, {
      method: 'POST',
      url: `/api/sharing/grants/${grant.id}/revoke`,
      payload: { reason: '不再需要' },
    });
    expect(byConsumer.statusCode).toBe(403);
    const revoked = await t.call(f.stewardMz, {
      method: 'POST',
      url: `/api/sharing/grants/${grant.id}/revoke`,
      payload: { reason: '超范围使用' },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ state: 'revoked', revokeReason: '超范围使用' });
    expect(refusal(await lookup(gaKey, '户籍迁移审核', idOf(alice)))).toEqual([403, 'SHARING_GRANT_REVOKED']);
    // A department on neither side does not learn the grant exists.
    const zj = await t.login('zj_steward');
    expect((await t.call(zj, { method: 'GET', url: `/api/sharing/grants/${grant.id}` })).statusCode).toBe(
      404,
    );
    const foreign = await t.call(zj, {
      method: 'POST',
      url: `/api/sharing/grants/${grant.id}/revoke`,
      payload: { reason: '试探' },
    });
    expect(refusal(foreign)).toEqual([404, 'SHARING_GRANT_NOT_FOUND']);
    // Revoking twice is refused (and leaves no second audit entry claiming it happened).
    const again = await t.call(f.stewardMz, {
      method: 'POST',
      url: `/api/sharing/grants/${grant.id}/revoke`,
      payload: { reason: '重复撤销' },
    });
    expect(refusal(again)).toEqual([409, 'SHARING_GRANT_ALREADY_REVOKED']);
  });

  it('stops the next call when another process revokes the grant, the key or the agreement (changes this process did not make)', async () => {
    // Grants and keys are remembered between calls; every call confirms them in the transaction that writes its
    // audit entry. Changing the rows with SQL stands for another server process doing it.
    const d = await department('市审计复核局', 'sjfh');
    const { grant } = await grantGa('审计复核', ['性别'], { consumer: d.id });
    const ok = await lookup(d.key, '审计复核', idOf(alice));
    expect(ok.statusCode, ok.body).toBe(200);
    await t.services.db.query(`UPDATE sharing_grant SET revoked_at = now() WHERE id = $1`, [grant.id]);
    const { res: revoked, entry } = await audited(() => lookup(d.key, '审计复核', idOf(alice)));
    expect(refusal(revoked)).toEqual([403, 'SHARING_GRANT_REVOKED']);
    expect(revoked.body).not.toContain('性别');
    expect([entry.outcome, entry.details.code]).toEqual(['denied', 'SHARING_GRANT_REVOKED']);

    await grantGa('审计复核二', ['性别'], { consumer: d.id });
    expect((await lookup(d.key, '审计复核二', idOf(alice))).statusCode).toBe(200);
    await t.services.db.query(`UPDATE sharing_agreement SET revoked_at = now() WHERE department_id = $1`, [
      d.id,
    ]);
    expect(refusal(await lookup(d.key, '审计复核二', idOf(alice)))).toEqual([403, 'SHARING_NO_AGREEMENT']);

    await buildAgreement(t.services, d.id);
    expect((await lookup(d.key, '审计复核二', idOf(alice))).statusCode).toBe(200);
    await t.services.db.query(`UPDATE api_key SET revoked_at = now() WHERE id = $1`, [d.keyId]);
    expect(refusal(await lookup(d.key, '审计复核二', idOf(alice)))).toEqual([401, 'AUTH_API_KEY_REVOKED']);
  });

  it('exports every record for a bulk grant, granted items only and masked, under one audit entry', async () => {
    await grantGa('年度人口统计抽取', ['姓名', '性别'], { usageModes: ['bulk'] });
    const exported = await audited(() =>
      t.call(gaKey, {
        method: 'GET',
        url: `/api/data/${P}/export`,
        headers: purposeHeader('年度人口统计抽取'),
      }),
    );
    expect(exported.res.statusCode, exported.res.body).toBe(200);
    expect(exported.res.headers['content-type']).toContain('application/x-ndjson');
    const lines = exported.res.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { key: string[]; data: Row });
    expect(lines).toHaveLength(people.length);
    const byId = new Map(people.map((p) => [idOf(p), p]));
    for (const line of lines) {
      expect(Object.keys(line.data).sort()).toEqual(['姓名', '性别', '身份证号'].sort());
      const person = byId.get(line.key[0]!)!;
      expect(line.data.姓名).toBe(maskValue('person_name', person.姓名));
    }
    expect(exported.res.body).not.toContain(alice.手机号码 as string);
    expect([exported.entry.outcome, exported.entry.details.records]).toEqual(['success', people.length]);
    // A grant without the bulk mode cannot export.
    await grantGa('户籍信息查询（非批量）', ['性别'], { usageModes: ['query'] });
    const refused = await t.call(gaKey, {
      method: 'GET',
      url: `/api/data/${P}/export`,
      headers: purposeHeader('户籍信息查询（非批量）'),
    });
    expect(refusal(refused)).toEqual([403, 'SHARING_MODE_NOT_GRANTED']);
  });

  it('requires a purpose (SHARING_PURPOSE_REQUIRED)', async () => {
    await grantGa('治安户口核查', ['性别']);
    expect(refusal(await lookup(gaKey, null, idOf(alice)))).toEqual([400, 'SHARING_PURPOSE_REQUIRED']);
    expect(refusal(await lookup(gaKey, '   ', idOf(alice)))).toEqual([400, 'SHARING_PURPOSE_REQUIRED']);
  });

  it('refuses a purpose that was not granted (SHARING_PURPOSE_MISMATCH)', async () => {
    await grantGa('出入境证件审核', ['性别']);
    expect((await lookup(gaKey, '出入境证件审核', idOf(alice))).statusCode).toBe(200);
    expect(refusal(await lookup(gaKey, '商业营销', idOf(alice)))).toEqual([403, 'SHARING_PURPOSE_MISMATCH']);
  });

  it('refuses a usage mode the grant does not include (SHARING_MODE_NOT_GRANTED)', async () => {
    await grantGa('身份核验', ['姓名'], { usageModes: ['verify'], unmaskedItems: ['姓名'] });
    expect(refusal(await lookup(gaKey, '身份核验', idOf(alice)))).toEqual([403, 'SHARING_MODE_NOT_GRANTED']);
    expect(refusal(await query(gaKey, '身份核验', { where: { 身份证号: idOf(alice) } }))).toEqual([
      403,
      'SHARING_MODE_NOT_GRANTED',
    ]);
    const ok = await verify(gaKey, '身份核验', { 身份证号: idOf(alice), 姓名: alice.姓名 });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('never returns items outside the grant', async () => {
    const purpose = '低保资格审核';
    await grantGa(purpose, ['姓名', '出生日期']);
    const res = await lookup(gaKey, purpose, idOf(alice));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    // The key item and the granted items, nothing else.
    expect(Object.keys(body.record.data).sort()).toEqual(['出生日期', '姓名', '身份证号'].sort());
    expect(body.record.key).toEqual([idOf(alice)]);
    expect(body.maskedItems).toEqual(['姓名']);

    // Asking for an item outside the grant is refused, and the refusal carries no record values.
    const outside = await lookup(
      gaKey,
      purpose,
      idOf(alice),
      `?items=${encodeURIComponent('姓名,手机号码')}`,
    );
    expect(refusal(outside)).toEqual([403, 'SHARING_ITEM_NOT_GRANTED']);
    expect(outside.json().error.details.items).toEqual(['手机号码']);
    for (const value of [alice.姓名, maskValue('person_name', alice.姓名), alice.出生日期, alice.手机号码])
      expect(outside.body).not.toContain(value as string);

    // Asking for fewer items returns fewer (and the key).
    const fewer = await lookup(gaKey, purpose, idOf(alice), `?items=${encodeURIComponent('出生日期')}`);
    expect(Object.keys(fewer.json().record.data).sort()).toEqual(['出生日期', '身份证号'].sort());

    // Filtering on an item outside the grant is refused; so is filtering on a masked one.
    const where = await query(gaKey, purpose, { where: { 手机号码: alice.手机号码 } });
    expect(refusal(where)).toEqual([403, 'SHARING_ITEM_NOT_GRANTED']);
    expect(where.body).not.toContain(alice.姓名 as string);
    const onMasked = await query(gaKey, purpose, { where: { 姓名: alice.姓名 } });
    expect(refusal(onMasked)).toEqual([403, 'SHARING_ITEM_NOT_GRANTED']);
    const askedOutside = await query(gaKey, purpose, { items: ['性别'] });
    expect(refusal(askedOutside)).toEqual([403, 'SHARING_ITEM_NOT_GRANTED']);

    // A query returns only the granted items of every record.
    const found = await query(gaKey, purpose, { where: { 出生日期: alice.出生日期 }, limit: 100 });
    expect(found.statusCode, found.body).toBe(200);
    const records = found.json().records as { data: Row }[];
    expect(records.length).toBe(people.filter((p) => p.出生日期 === alice.出生日期).length);
    for (const r of records)
      expect(Object.keys(r.data).sort()).toEqual(['出生日期', '姓名', '身份证号'].sort());
    expect(found.body).not.toContain(alice.手机号码 as string);
    expect(found.body).not.toContain('单位信用代码');
  });

  it('delivers only granted items by subscription, and stops when the grant is revoked', async () => {
    const gjj = await department('市住房公积金管理中心', 'gjj');
    const { grant } = await grantGa('公积金缴存核对', ['姓名', '性别'], {
      consumer: gjj.id,
      usageModes: ['subscription'],
    });
    // Subscribing to items beyond the grant is refused.
    const beyond = await t.call(gjj.steward, {
      method: 'POST',
      url: '/api/exchange/subscriptions',
      payload: { resourceId: P, consumerDepartmentId: gjj.id, mode: 'pull', items: ['姓名', '手机号码'] },
    });
    expect(refusal(beyond)).toEqual([403, 'SHARING_ITEM_NOT_GRANTED']);
    const created = await t.call(gjj.steward, {
      method: 'POST',
      url: '/api/exchange/subscriptions',
      payload: { resourceId: P, consumerDepartmentId: gjj.id, mode: 'pull' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const sub = created.json().subscription as { id: string };
    const page = await t.call(gjj.key, {
      method: 'GET',
      url: `/api/exchange/subscriptions/${sub.id}/changes`,
    });
    expect(page.statusCode, page.body).toBe(200);
    const changes = page.json().changes as { data: Row }[];
    expect(changes).toHaveLength(people.length);
    const byId = new Map(people.map((p) => [idOf(p), p]));
    for (const c of changes) {
      expect(Object.keys(c.data).sort()).toEqual(['姓名', '性别', '身份证号'].sort());
      const person = byId.get(c.data.身份证号 as string)!;
      expect(c.data.姓名).toBe(maskValue('person_name', person.姓名));
      expect(c.data.性别).toBe(person.性别);
    }
    expect(page.body).not.toContain(alice.手机号码 as string);
    expect(page.body).not.toContain(alice.出生日期 as string);

    await t.services.sharing.grants.revoke(testActor, grant.id, '停止共享');
    const after = await t.call(gjj.key, {
      method: 'GET',
      url: `/api/exchange/subscriptions/${sub.id}/changes`,
    });
    expect(refusal(after)).toEqual([403, 'SHARING_GRANT_REVOKED']);
    expect(after.body).not.toContain(alice.姓名 as string);
    const trace = await t.services.db.query<{ outcome: string; code: string }>(
      `SELECT outcome, details->>'code' AS code FROM audit_log
        WHERE action = 'exchange.pull' AND object_id = $1 ORDER BY id DESC LIMIT 1`,
      [sub.id],
    );
    expect(trace.rows[0]).toEqual({ outcome: 'denied', code: 'SHARING_GRANT_REVOKED' });
  });

  it('masks exactly per the masking policy, and shows in clear only what was granted in clear', async () => {
    await grantGa('最低生活保障复核', ['身份证号', '姓名', '手机号码', '出生日期']);
    const masked = await lookup(gaKey, '最低生活保障复核', idOf(alice));
    expect(masked.statusCode, masked.body).toBe(200);
    expect(masked.json().record.data).toEqual({
      身份证号: alice.身份证号,
      姓名: maskValue('person_name', alice.姓名),
      手机号码: maskValue('mobile', alice.手机号码),
      出生日期: alice.出生日期,
    });
    expect(masked.json().record.data.姓名).toBe('张*');
    expect(masked.json().record.data.手机号码).toMatch(/^139\*{4}\d{4}$/);
    expect(masked.json().maskedItems.sort()).toEqual(['姓名', '手机号码'].sort());

    const { grant } = await grantGa('婚姻登记身份确认', ['姓名', '手机号码'], { unmaskedItems: ['姓名'] });
    expect(grant).toMatchObject({ unmaskedItems: ['姓名'], maskedItems: ['手机号码'] });
    const clear = await lookup(gaKey, '婚姻登记身份确认', idOf(alice));
    expect(clear.json().record.data).toEqual({
      身份证号: alice.身份证号,
      姓名: alice.姓名,
      手机号码: maskValue('mobile', alice.手机号码),
    });
    expect(clear.json().maskedItems).toEqual(['手机号码']);
  });

  it('enforces the daily quota (SHARING_QUOTA_EXCEEDED), also under concurrent calls', async () => {
    await grantGa('门诊医保结算', ['性别'], { dailyQuota: 3 });
    for (let i = 0; i < 3; i++)
      expect((await lookup(gaKey, '门诊医保结算', idOf(people[i]!))).statusCode).toBe(200);
    const fourth = await lookup(gaKey, '门诊医保结算', idOf(people[3]!));
    expect(refusal(fourth)).toEqual([429, 'SHARING_QUOTA_EXCEEDED']);
    expect(fourth.body).not.toContain('"record"');

    const { grant } = await grantGa('住院医保结算', ['性别'], { dailyQuota: 3 });
    const burst = await Promise.all(people.slice(0, 6).map((p) => lookup(gaKey, '住院医保结算', idOf(p))));
    const codes = burst.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 200, 200, 429, 429, 429]);
    for (const r of burst.filter((x) => x.statusCode === 429))
      expect(r.json().error.code).toBe('SHARING_QUOTA_EXCEEDED');
    const shown = await t.call(f.stewardGa, { method: 'GET', url: `/api/sharing/grants/${grant.id}` });
    expect(shown.json().callsToday).toBe(3);
  });

  it('enforces the rate limit per minute (SHARING_RATE_LIMITED)', async () => {
    await grantGa('道路交通事故处理', ['性别'], { ratePerMinute: 2 });
    await sameMinute();
    expect((await lookup(gaKey, '道路交通事故处理', idOf(alice))).statusCode).toBe(200);
    expect((await lookup(gaKey, '道路交通事故处理', idOf(alice))).statusCode).toBe(200);
    expect(refusal(await lookup(gaKey, '道路交通事故处理', idOf(alice)))).toEqual([
      429,
      'SHARING_RATE_LIMITED',
    ]);
  });

  it('binds a grant to one API key; another key of the same department is refused', async () => {
    const sys = await department('市医疗保障局', 'yb');
    const b = await apiKey(sys.id, '医保局另一系统');
    const { grant } = await grantGa('医保参保登记', ['姓名', '出生日期'], {
      consumer: sys.id,
      apiKeyId: sys.keyId,
      usageModes: ['query', 'verify'],
    });
    expect(grant.apiKeyId).toBe(sys.keyId);
    expect((await lookup(sys.key, '医保参保登记', idOf(alice))).statusCode).toBe(200);
    expect(refusal(await lookup(b.secret, '医保参保登记', idOf(alice)))).toEqual([403, 'SHARING_NO_GRANT']);

    // Each key's OpenAPI document shows exactly what it may use.
    const doc = await t.call(sys.key, { method: 'GET', url: '/api/data/openapi.json' });
    expect(doc.statusCode, doc.body).toBe(200);
    const api = doc.json();
    expect(Object.keys(api.paths).sort()).toEqual(
      [`/api/data/${P}/records/{key}`, `/api/data/${P}/query`, `/api/data/${P}/verify`].sort(),
    );
    expect(doc.body).not.toContain(other);
    const schemas = api.components.schemas as Record<string, { properties?: Record<string, Row> }>;
    const recordSchemas = Object.entries(schemas).filter(([name]) => name.endsWith('Record'));
    expect(recordSchemas).toHaveLength(1);
    const props = recordSchemas[0]![1].properties!;
    expect(Object.keys(props).sort()).toEqual(['出生日期', '姓名', '身份证号'].sort());
    expect(props.出生日期).toMatchObject({ type: 'string', format: 'date' });
    expect(props.姓名).toMatchObject({ type: 'string' });
    expect(props.姓名!.format).toBeUndefined();
    expect(props.身份证号).toMatchObject({ type: 'string' });
    const purposeParam = api.paths[`/api/data/${P}/query`].post.parameters[0];
    expect(purposeParam.schema.enum).toEqual([encodeURIComponent('医保参保登记')]);
    const other_ = await t.call(b.secret, { method: 'GET', url: '/api/data/openapi.json' });
    expect(other_.json().paths).toEqual({});
    const catalog = await t.call(sys.key, { method: 'GET', url: '/api/data/resources' });
    expect(catalog.json()).toEqual([
      expect.objectContaining({ grantId: grant.id, resourceId: P, usageModes: ['query', 'verify'] }),
    ]);
  });

  it('verifies: match or no match, and nothing else', async () => {
    const purpose = '持证人身份核验';
    await grantGa(purpose, ['姓名', '手机号码'], { usageModes: ['verify'], unmaskedItems: ['姓名'] });
    const right = await verify(gaKey, purpose, { 身份证号: idOf(alice), 姓名: alice.姓名 });
    expect(right.statusCode, right.body).toBe(200);
    expect(Object.keys(right.json()).sort()).toEqual(
      ['checkedAt', 'current', 'grantId', 'match', 'resourceId'].sort(),
    );
    expect(right.json()).toMatchObject({ resourceId: P, match: true, current: true });
    const wrong = await verify(gaKey, purpose, { 身份证号: idOf(alice), 姓名: '李四' });
    expect(wrong.json()).toMatchObject({ match: false, current: false });
    const unknownId = makeIdCard({ regionCode: '320706', birthDate: '1990-05-17', sequence: 321 });
    const unknown = await verify(gaKey, purpose, { 身份证号: unknownId, 姓名: alice.姓名 });
    expect(unknown.json()).toMatchObject({ match: false, current: false });
    expect(unknown.body).not.toContain(alice.姓名 as string);
    const notGranted = await verify(gaKey, purpose, { 身份证号: idOf(alice), 出生日期: alice.出生日期 });
    expect(refusal(notGranted)).toEqual([403, 'SHARING_ITEM_NOT_GRANTED']);
    // A masked item cannot be compared: match / no match would confirm guesses of what the mask hides.
    const masked = await verify(gaKey, purpose, { 身份证号: idOf(alice), 手机号码: alice.手机号码 });
    expect(refusal(masked)).toEqual([403, 'SHARING_VERIFY_ITEM_NOT_CLEAR']);
    expect(masked.json().error.details.items).toEqual(['手机号码']);
    expect(masked.body).not.toContain(alice.手机号码 as string);
    const noKey = await verify(gaKey, purpose, { 姓名: alice.姓名 });
    expect(refusal(noKey)).toEqual([400, 'SHARING_KEY_INVALID']);
  });

  it('answers a malformed key with 400 and an unknown record with 404', async () => {
    const purpose = '居住证办理';
    await grantGa(purpose, ['性别']);
    const id = idOf(alice);
    const badChecksum = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect(refusal(await lookup(gaKey, purpose, badChecksum))).toEqual([400, 'SHARING_KEY_INVALID']);
    const unknownId = makeIdCard({ regionCode: '320706', birthDate: '1991-02-03', sequence: 77 });
    const missing = await lookup(gaKey, purpose, unknownId);
    expect(refusal(missing)).toEqual([404, 'SHARING_RECORD_NOT_FOUND']);
    // A lower-case check character is the same ID.
    const withX = people.map(idOf).find((x) => x.endsWith('X'))!;
    const lower = await lookup(gaKey, purpose, withX.toLowerCase());
    expect(lower.statusCode, lower.body).toBe(200);
    expect(lower.json().record.key).toEqual([withX]);
  });

  it('pages a bulk grant’s query by cursor over every record exactly once, with the limit capped by the policy', async () => {
    const purpose = '人口统计分析';
    await grantGa(purpose, ['性别'], { usageModes: ['query', 'bulk'] });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await query(gaKey, purpose, { limit: 7, ...(cursor ? { cursor } : {}) });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{ records: { key: string[]; data: Row }[]; nextCursor: string | null }>();
      expect(body.records.length).toBeLessThanOrEqual(7);
      for (const r of body.records) {
        expect(Object.keys(r.data).sort()).toEqual(['性别', '身份证号'].sort());
        seen.push(r.key[0]!);
      }
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(people.length);
    expect(new Set(seen).size).toBe(people.length);
    expect([...seen].sort()).toEqual(people.map(idOf).sort());

    const filtered = await query(gaKey, purpose, { where: { 性别: '1' } });
    expect(filtered.json().records.length).toBe(people.filter((p) => p.性别 === '1').length);
    expect(refusal(await query(gaKey, purpose, { cursor: '%%%' }))).toEqual([400, 'SHARING_CURSOR_INVALID']);

    const patched = await t.call(f.admin, {
      method: 'PATCH',
      url: '/api/sharing/policy',
      payload: { maxQueryLimit: 5 },
    });
    expect(patched.json().maxQueryLimit).toBe(5);
    try {
      const capped = await query(gaKey, purpose, { limit: 100 });
      expect(capped.statusCode, capped.body).toBe(200);
      expect(capped.json().records).toHaveLength(5);
      expect(capped.json().nextCursor).not.toBeNull();
    } finally {
      await t.call(f.admin, { method: 'PATCH', url: '/api/sharing/policy', payload: { maxQueryLimit: 500 } });
    }
  });

  it('keeps a query without the bulk mode a search: an equality, few matches, no key ranges, rows on the quota', async () => {
    const purpose = '户籍人员查找';
    const { grant } = await grantGa(purpose, ['性别', '出生日期', '姓名'], {
      usageModes: ['query'],
      dailyQuota: 30,
    });
    const id = idOf(alice);
    // Unfiltered, or filtered with nothing that selects: refused, and nothing of a record in the answer.
    for (const where of [
      undefined,
      { 性别: { ne: '1' } },
      { 出生日期: null },
      { 出生日期: { gte: '1900-01-01' } },
    ]) {
      const res = await audited(() => query(gaKey, purpose, where ? { where } : {}));
      expect(refusal(res.res), JSON.stringify(where)).toEqual([400, 'SHARING_QUERY_FILTER_REQUIRED']);
      expect(res.res.body).not.toContain(id);
      expect(res.entry).toMatchObject({
        outcome: 'denied',
        details: expect.objectContaining({ code: 'SHARING_QUERY_FILTER_REQUIRED' }),
      });
    }
    // Ranges, prefixes and inequalities on the key walk the ID numbers: refused, even with a selective filter.
    for (const cond of [{ gt: id.slice(0, 10) }, { lte: id }, { prefix: '320706' }, { ne: id }])
      expect(refusal(await query(gaKey, purpose, { where: { 性别: '1', 身份证号: cond } }))).toEqual([
        400,
        'SHARING_QUERY_KEY_RANGE',
      ]);
    // An equality on the key (or a list of keys) is a lookup: allowed.
    const byKey = await query(gaKey, purpose, { where: { 身份证号: { in: [id, idOf(people[1]!)] } } });
    expect(byKey.statusCode, byKey.body).toBe(200);
    expect(byKey.json().records).toHaveLength(2);
    // A filter matching more than the policy's page maximum is refused whatever the cursor: narrow it.
    await t.call(f.admin, { method: 'PATCH', url: '/api/sharing/policy', payload: { maxQueryLimit: 15 } });
    try {
      const broad = await query(gaKey, purpose, { where: { 出生日期: alice.出生日期 } });
      expect(refusal(broad)).toEqual([400, 'SHARING_QUERY_NOT_SELECTIVE']);
      expect(broad.json().error.details.maxRecords).toBe(15);
      const shifted = await query(gaKey, purpose, {
        where: { 出生日期: alice.出生日期 },
        cursor: Buffer.from(JSON.stringify([idOf(people[18]!)])).toString('base64url'),
      });
      expect(refusal(shifted)).toEqual([400, 'SHARING_QUERY_NOT_SELECTIVE']);
      const narrow = await query(gaKey, purpose, {
        where: { 出生日期: alice.出生日期, 性别: '1' },
        limit: 4,
      });
      expect(narrow.statusCode, narrow.body).toBe(200);
      expect(narrow.json().records).toHaveLength(4);
      expect(narrow.json().nextCursor).not.toBeNull();
    } finally {
      await t.call(f.admin, { method: 'PATCH', url: '/api/sharing/policy', payload: { maxQueryLimit: 500 } });
    }
    // Every record returned counts against the daily quota (30): 2 + 4 used, a page of 10 men fits, 20 more do not.
    const shown = await t.call(f.stewardGa, { method: 'GET', url: `/api/sharing/grants/${grant.id}` });
    expect(shown.json()).toMatchObject({ callsToday: 2, quotaUsedToday: 6 });
    const men = await query(gaKey, purpose, { where: { 性别: '1' } });
    expect(men.json().records).toHaveLength(10);
    const all = await audited(() => query(gaKey, purpose, { where: { 出生日期: alice.出生日期 } }));
    expect(refusal(all.res)).toEqual([429, 'SHARING_QUOTA_EXCEEDED']);
    expect(all.res.body).not.toContain(id);
    expect(all.entry.details).toMatchObject({ code: 'SHARING_QUOTA_EXCEEDED', records: 0 });
    // A single lookup still fits.
    expect((await lookup(gaKey, purpose, id)).statusCode).toBe(200);
    const after = await t.call(f.stewardGa, { method: 'GET', url: `/api/sharing/grants/${grant.id}` });
    expect(after.json()).toMatchObject({ callsToday: 4, quotaUsedToday: 17 });
  });

  it('writes exactly one audit entry per data access, whatever its outcome', async () => {
    const au = await department('市市场监督管理局', 'sj', { agreement: false });
    const id = idOf(alice);
    const purpose = '食品经营许可审查';

    const noAgreement = await audited(() => lookup(au.key, purpose, id));
    expect(refusal(noAgreement.res)).toEqual([403, 'SHARING_NO_AGREEMENT']);
    expect(noAgreement.entry).toMatchObject({
      action: 'data.lookup',
      outcome: 'denied',
      department_id: au.id,
      object_id: P,
      details: expect.objectContaining({ code: 'SHARING_NO_AGREEMENT', purpose }),
    });
    await buildAgreement(t.services, au.id);
    const noGrant = await audited(() => lookup(au.key, purpose, id));
    expect(noGrant.entry.details).toMatchObject({ code: 'SHARING_NO_GRANT', grantId: null });

    const { grant } = await grantGa(purpose, ['姓名', '出生日期'], {
      consumer: au.id,
      dailyQuota: 5,
      usageModes: ['query', 'verify'],
    });
    await grantGa('仅核验', ['姓名'], { consumer: au.id, usageModes: ['verify'] });
    const revoked = await grantGa('已撤销用途', ['姓名'], { consumer: au.id });
    await t.services.sharing.grants.revoke(testActor, revoked.grant.id, '撤销');
    const expired = await grantGa('已过期用途', ['姓名'], { consumer: au.id });
    await t.services.db.query(
      `UPDATE sharing_grant SET valid_from = now() - interval '3 days', valid_to = now() - interval '1 day'
        WHERE id = $1`,
      [expired.grant.id],
    );
    await grantGa('限速用途', ['姓名'], { consumer: au.id, ratePerMinute: 1 });

    const ok = await audited(() => lookup(au.key, purpose, id));
    expect(ok.res.statusCode, ok.res.body).toBe(200);
    expect(ok.entry).toMatchObject({ action: 'data.lookup', outcome: 'success', object_id: P });
    expect(ok.entry.details).toMatchObject({
      purpose,
      grantId: grant.id,
      items: ['身份证号', '姓名', '出生日期'],
      maskedItems: ['姓名'],
      keyCount: 1,
      records: 1,
    });
    // The key only as its digest (the log can never be deleted from): found by the citizen's own number.
    expect(ok.entry.details.keyDigests).toEqual([t.services.audit.subjectDigest(id)]);
    expect(JSON.stringify(ok.entry.details)).not.toContain(id);
    // The audit entry names what was disclosed, not the values.
    expect(JSON.stringify(ok.entry.details)).not.toContain(alice.姓名 as string);

    const denials: [() => Promise<LightMyRequestResponse>, number, string, string][] = [
      [() => lookup(au.key, null, id), 400, 'SHARING_PURPOSE_REQUIRED', 'denied'],
      [() => lookup(au.key, '其他用途', id), 403, 'SHARING_PURPOSE_MISMATCH', 'denied'],
      [() => lookup(au.key, '已撤销用途', id), 403, 'SHARING_GRANT_REVOKED', 'denied'],
      [() => lookup(au.key, '已过期用途', id), 403, 'SHARING_GRANT_EXPIRED', 'denied'],
      [() => lookup(au.key, '仅核验', id), 403, 'SHARING_MODE_NOT_GRANTED', 'denied'],
      [
        () => lookup(au.key, purpose, id, '?items=%E6%89%8B%E6%9C%BA%E5%8F%B7%E7%A0%81'),
        403,
        'SHARING_ITEM_NOT_GRANTED',
        'denied',
      ],
      [
        () => lookup(au.key, purpose, id.slice(0, 17) + (id[17] === '0' ? '1' : '0')),
        400,
        'SHARING_KEY_INVALID',
        'failure',
      ],
      [
        () =>
          lookup(au.key, purpose, makeIdCard({ regionCode: '320706', birthDate: '1992-03-04', sequence: 5 })),
        404,
        'SHARING_RECORD_NOT_FOUND',
        'failure',
      ],
      [() => lookup(au.key, purpose, id, '', GHOST), 404, 'CATALOG_RESOURCE_NOT_FOUND', 'failure'],
      [() => lookup(f.admin, purpose, id), 403, 'FORBIDDEN', 'denied'],
      [() => lookup(au.key, '限速用途', id), 200, '', 'success'],
      [() => lookup(au.key, '限速用途', id), 429, 'SHARING_RATE_LIMITED', 'denied'],
    ];
    await sameMinute();
    for (const [call, status, code, outcome] of denials) {
      const { res, entry } = await audited(call);
      expect(res.statusCode, `${code}: ${res.body}`).toBe(status);
      if (code) expect(res.json().error.code).toBe(code);
      expect(entry.outcome, code).toBe(outcome);
      if (code === 'FORBIDDEN') {
        // The operator is no data consumer: the policy layer refuses it (and audits that) before any grant check.
        expect(entry.action).toBe('data.use');
        continue;
      }
      if (code) expect(entry.details.code).toBe(code);
      expect(entry.department_id).toBe(au.id);
      expect(Object.keys(entry.details)).toContain('purpose');
    }

    const q = await audited(() => query(au.key, purpose, { where: { 身份证号: id } }));
    expect(q.res.statusCode, q.res.body).toBe(200);
    const found = q.res.json().records.length as number;
    expect(q.entry).toMatchObject({ action: 'data.query', outcome: 'success' });
    expect(q.entry.details).toMatchObject({
      purpose,
      items: ['身份证号', '姓名', '出生日期'],
      maskedItems: ['姓名'],
      keyCount: found,
      records: found,
    });
    expect(q.entry.details.keyDigests).toHaveLength(found);
    const v = await audited(() => verify(au.key, purpose, { 身份证号: id, 出生日期: alice.出生日期 }));
    expect(v.res.json().match).toBe(true);
    expect(v.entry).toMatchObject({ action: 'data.verify', outcome: 'success' });
    expect(v.entry.details).toMatchObject({
      purpose,
      items: ['身份证号', '出生日期'],
      maskedItems: [],
      keyCount: 1,
    });
    // Quota used so far under the grant: lookup, bad key, unknown record, query (one record), verify = 5.
    const quota = await audited(() => lookup(au.key, purpose, id));
    expect(refusal(quota.res)).toEqual([429, 'SHARING_QUOTA_EXCEEDED']);
    expect(quota.entry).toMatchObject({
      outcome: 'denied',
      details: expect.objectContaining({ code: 'SHARING_QUOTA_EXCEEDED', purpose }),
    });
    // A denied call never lists what would have been returned as disclosed.
    expect(quota.entry.details.records).toBe(0);
    expect(quota.entry.details.maskedItems).toBeUndefined();

    expect((await t.services.audit.verify()).ok).toBe(true);

    // The provider sees every call on its data: counted per grant, and listed one by one.
    const usage = await t.call(f.stewardMz, { method: 'GET', url: `/api/sharing/usage?grantId=${grant.id}` });
    expect(usage.statusCode, usage.body).toBe(200);
    expect(usage.json().byGrant).toEqual([
      expect.objectContaining({
        grantId: grant.id,
        consumerDepartmentName: '市市场监督管理局',
        calls: 5,
        records: 1 + found,
        denied: 2,
      }),
    ]);
    const today = usage.json().byDay.find((d: { day: string }) => d.day === chinaToday());
    expect(today).toMatchObject({ calls: 5, denied: 2 });
    const log = await t.call(f.stewardMz, {
      method: 'GET',
      url: `/api/sharing/access-log?grantId=${grant.id}&limit=500`,
    });
    expect(log.statusCode, log.body).toBe(200);
    const entries = log.json().items as {
      grantId: string;
      outcome: string;
      purpose: string;
      code: string | null;
    }[];
    // lookup, item not granted, bad key, unknown record, query, verify, quota.
    expect(entries).toHaveLength(7);
    expect(entries.every((e) => e.grantId === grant.id && e.purpose === purpose)).toBe(true);
    expect(entries.filter((e) => e.outcome === 'success')).toHaveLength(3);
    const all = await t.call(f.stewardMz, { method: 'GET', url: '/api/sharing/access-log?limit=500' });
    const codes = (all.json().items as { code: string | null }[]).map((e) => e.code);
    expect(codes).toEqual(
      expect.arrayContaining(['SHARING_NO_AGREEMENT', 'SHARING_NO_GRANT', 'SHARING_GRANT_REVOKED']),
    );

    // The consumer's steward sees its own calls, and none on the provider side.
    const consumerSide = await t.call(au.steward, {
      method: 'GET',
      url: '/api/sharing/access-log?side=consumer&limit=500',
    });
    expect(consumerSide.statusCode).toBe(200);
    expect(consumerSide.json().items.length).toBeGreaterThanOrEqual(16);
    expect(
      (consumerSide.json().items as { consumerDepartmentName: string }[]).every(
        (e) => e.consumerDepartmentName === '市市场监督管理局',
      ),
    ).toBe(true);
    const providerSide = await t.call(au.steward, { method: 'GET', url: '/api/sharing/access-log' });
    expect(providerSide.json()).toMatchObject({ items: [], nextCursor: null });
    const providerUsage = await t.call(au.steward, { method: 'GET', url: '/api/sharing/usage' });
    expect(providerUsage.json().byGrant).toEqual([]);
    const consumerUsage = await t.call(au.steward, {
      method: 'GET',
      url: '/api/sharing/usage?side=consumer',
    });
    expect(consumerUsage.json().byGrant.map((g: { grantId: string }) => g.grantId)).toContain(grant.id);
    // Nor may it read the provider's usage by naming the provider.
    const named = await t.call(au.steward, { method: 'GET', url: `/api/sharing/usage?departmentId=${f.mz}` });
    expect(named.statusCode).toBe(403);

    // An unrelated department sees nothing of it.
    const zj = await t.login('zj_steward');
    const unrelated = await t.call(zj, { method: 'GET', url: '/api/sharing/access-log?limit=500' });
    expect(unrelated.json()).toMatchObject({ items: [], nextCursor: null });
    const unrelatedConsumer = await t.call(zj, {
      method: 'GET',
      url: '/api/sharing/access-log?side=consumer&limit=500',
    });
    expect(
      (unrelatedConsumer.json().items as { consumerDepartmentName: string }[]).some(
        (e) => e.consumerDepartmentName === '市市场监督管理局',
      ),
    ).toBe(false);
    const unrelatedUsage = await t.call(zj, { method: 'GET', url: `/api/sharing/usage?grantId=${grant.id}` });
    expect(unrelatedUsage.json().byGrant).toEqual([]);
  });

  it('flags an unusual volume for the provider, who acknowledges it', async () => {
    // Requested over HTTP to state an expected daily volume.
    const requested = await t.call(f.consumer, {
      method: 'POST',
      url: '/api/sharing/requests',
      payload: {
        resourceId: P,
        items: ['性别'],
        purpose: '流动人口登记',
        legalBasis: '《居住证暂行条例》第九条',
        usageModes: ['query'],
        periodFrom: daysFromToday(0),
        periodTo: daysFromToday(90),
        expectedDailyVolume: 5,
      },
    });
    expect(requested.statusCode, requested.body).toBe(201);
    const approved = await t.call(f.stewardMz, {
      method: 'POST',
      url: `/api/sharing/requests/${requested.json().id}/approve`,
      payload: {},
    });
    expect(approved.json().status).toBe('approved');
    const grantId = approved.json().grantId as string;
    // Calls past max(200, 3 × max(baseline, expected)) raise a flag.
    for (let done = 0; done < 201;) {
      const batch = Math.min(50, 201 - done);
      const results = await Promise.all(
        Array.from({ length: batch }, (_, i) =>
          lookup(gaKey, '流动人口登记', idOf(people[(done + i) % 20]!)),
        ),
      );
      expect(results.every((r) => r.statusCode === 200)).toBe(true);
      done += batch;
    }
    const usage = await t.call(f.stewardMz, { method: 'GET', url: '/api/sharing/usage' });
    const flag = (
      usage.json().flags as { id: string; grantId: string; calls: number; acknowledgedAt: string | null }[]
    ).find((x) => x.grantId === grantId);
    expect(flag).toMatchObject({ calls: 201, acknowledgedAt: null, day: chinaToday() });
    // Only the provider (or the operator) acknowledges it.
    const byConsumer = await t.call(f.stewardGa, {
      method: 'POST',
      url: `/api/sharing/usage/flags/${flag!.id}/acknowledge`,
    });
    expect(byConsumer.statusCode).toBe(403);
    const ack = await t.call(f.stewardMz, {
      method: 'POST',
      url: `/api/sharing/usage/flags/${flag!.id}/acknowledge`,
    });
    expect(ack.statusCode, ack.body).toBe(204);
    const after = await t.call(f.stewardMz, { method: 'GET', url: '/api/sharing/usage' });
    expect(
      (after.json().flags as { id: string; acknowledgedAt: string | null }[]).find((x) => x.id === flag!.id)!
        .acknowledgedAt,
    ).not.toBeNull();
    expect((await t.services.audit.verify()).ok).toBe(true);
  });
});
