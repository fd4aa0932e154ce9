import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '../../src/lib/validators/index.ts';
import { personRow } from '../../src/demo/records/index.ts';
import { createPostgresDatabase, ENGINES } from '../support/db.ts';
import { runCli, startServerProcess } from '../support/process.ts';
import { daysFromToday, TINY_PDF } from '../support/sharing.ts';

const PASSWORD = 'Demo-pass-2026';
const USCC = makeUscc({
  registrationAuthority: '1',
  orgType: '1',
  regionCode: '320700',
  orgCodeBody8: 'RE5TART1',
});

async function login(url: string, username = 'admin', password = PASSWORD) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return res;
}

describe('embedded database across restarts', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tongban-data-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('with TONGBAN_DEMO=1 the first start seeds the demo city; SIGTERM lets an in-flight request finish; the data survives', async () => {
    const env = {
      DATA_DIR: dataDir,
      TONGBAN_DEMO: '1',
      TONGBAN_DEMO_PASSWORD: PASSWORD,
      TONGBAN_DEMO_PEOPLE: '300',
      TONGBAN_DEMO_OPEN_RECORDS: '300',
    };
    // Generous: the demo seed runs before the server listens, and the test machine is shared.
    const first = await startServerProcess(env, ['serve'], 180_000);
    expect(first.output()).toContain('creating the demo city');
    expect(first.output()).toMatch(/listening on .*, demo\)/);
    const token = ((await (await login(first.url)).json()) as { token: string }).token;
    // Demo mode mounts the demo consumer's receiver (a production start answers 404: production.test.ts).
    const receiver = await fetch(`${first.url}/api/demo/receiver`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"changes":[]}',
    });
    expect(receiver.status).toBe(401);
    const created = await fetch(`${first.url}/api/departments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: '市重启测试局', shortName: '重启局', uscc: USCC, regionCode: '320700' }),
    });
    expect(created.status).toBe(201);

    // A login takes an argon2 verification: long enough to still be running when SIGTERM arrives.
    const marker = first.output().length;
    const inFlight = login(first.url);
    await first.waitFor(/"url":"\/api\/auth\/login"[^\n]*incoming request/, 30_000, marker);
    first.child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await first.exited).toBe(0);
    expect(first.output().slice(marker)).toContain('SIGTERM');

    const second = await startServerProcess(env, ['serve'], 180_000);
    try {
      expect(second.output()).not.toContain('creating the demo city');
      const again = await login(second.url);
      expect(again.status).toBe(200);
      const t2 = ((await again.json()) as { token: string }).token;
      const found = await fetch(`${second.url}/api/departments?q=${encodeURIComponent('重启测试')}`, {
        headers: { authorization: `Bearer ${t2}` },
      });
      expect(((await found.json()) as { items: { uscc: string }[] }).items.map((d) => d.uscc)).toEqual([
        USCC,
      ]);
      const logins = await fetch(`${second.url}/api/audit?action=auth.login&outcome=success`, {
        headers: { authorization: `Bearer ${t2}` },
      });
      // Three logins: two before the restart (one in flight at SIGTERM) and one after.
      expect(((await logins.json()) as { items: unknown[] }).items).toHaveLength(3);
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
    const verify = await runCli(['audit', 'verify'], env);
    expect(verify.stderr).toMatch(/audit chain intact: \d+ entries/);
    expect(verify.code).toBe(0);
  }, 420_000);
});

describe.each(ENGINES)('tongban CLI on %s', (engine) => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    if (engine === 'postgres') {
      const db = await createPostgresDatabase();
      env = {
        DATABASE_URL: db.url,
        TONGBAN_DEMO_PASSWORD: PASSWORD,
        TONGBAN_DEMO_PEOPLE: '300',
        TONGBAN_DEMO_OPEN_RECORDS: '300',
      };
      cleanup = db.drop;
    } else {
      const dir = mkdtempSync(path.join(tmpdir(), 'tongban-cli-'));
      env = {
        DATA_DIR: dir,
        TONGBAN_DEMO_PASSWORD: PASSWORD,
        TONGBAN_DEMO_PEOPLE: '300',
        TONGBAN_DEMO_OPEN_RECORDS: '300',
      };
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
  });
  afterAll(() => cleanup());

  it('migrate, seed, user add / reset-password, apikey create / revoke, audit verify', async () => {
    const migrate = await runCli(['migrate'], env);
    expect(migrate.code).toBe(0);
    expect(migrate.stderr).toMatch(/schema version \d+/);

    const seed = await runCli(['seed'], env);
    expect(seed.code, seed.stderr).toBe(0);
    expect(seed.stderr).toContain('60 departments');
    const seedAgain = await runCli(['seed'], env);
    expect(seedAgain.stderr).not.toContain('demo users created');

    const add = await runCli(
      [
        'user',
        'add',
        'wang.li',
        '--name',
        '王丽',
        '--department',
        'mzj',
        '--role',
        'dept_steward',
        '--password',
        'Wang-li-pass-1',
      ],
      env,
    );
    expect(add.code, add.stderr).toBe(0);
    const badRole = await runCli(['user', 'add', 'zhao.ke', '--name', '赵可', '--role', 'dept_steward'], env);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('needs a department');
    const weak = await runCli(['user', 'add', 'weak.one', '--name', 'x', '--password', 'short'], env);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('REQUEST_VALIDATION_FAILED');
    expect(weak.stderr).toContain('password');

    const reset = await runCli(['user', 'reset-password', 'wang.li'], env);
    expect(reset.code).toBe(0);
    expect(reset.stderr).toMatch(/password: Tb-/);

    const key = await runCli(['apikey', 'create', '--department', '市民政局', '--name', '婚姻登记系统'], env);
    expect(key.code, key.stderr).toBe(0);
    const secret = key.stdout.trim();
    expect(secret).toMatch(/^tbk_[A-Za-z0-9]{8}_/);
    const prefix = secret.slice(4, 12);
    const revoke = await runCli(['apikey', 'revoke', prefix], env);
    expect(revoke.code, revoke.stderr).toBe(0);
    const missing = await runCli(['apikey', 'revoke', 'zzzzzzzz'], env);
    expect(missing.code).toBe(1);

    const out = path.join(tmpdir(), `tongban-catalog-${engine}-${process.pid}.xlsx`);
    const exported = await runCli(['catalog', 'export', '--out', out, '--department', 'mzj'], env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toMatch(/wrote \d+ resources/);
    const reimport = await runCli(['catalog', 'import', out, '--dry-run'], env);
    expect(reimport.code, reimport.stderr).toBe(0);
    expect(reimport.stderr).toMatch(/not applied: 0 created, 0 revised, \d+ unchanged, 0 errors/);
    rmSync(out, { force: true });

    // 人口基本信息 (公安局) is the first resource of its class: code 101002/000001.
    const rows = path.join(tmpdir(), `tongban-people-${engine}-${process.pid}.ndjson`);
    const people = [
      personRow(1_000_001),
      personRow(1_000_002),
      { ...personRow(1_000_003), 身份证号: '32070619900101001X' },
    ];
    writeFileSync(rows, people.map((r) => JSON.stringify(r)).join('\n'));
    const refused = await runCli(['exchange', 'ingest', '101002/000001', rows], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/第 3 行 \[身份证号\] .*\(ID_CARD\)/);
    expect(refused.stderr).toContain('EXCHANGE_BATCH_REJECTED');
    writeFileSync(
      rows,
      people
        .slice(0, 2)
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const ingested = await runCli(
      ['exchange', 'ingest', '101002/000001', rows, '--idempotency-key', 'cli-1'],
      env,
    );
    expect(ingested.code, ingested.stderr).toBe(0);
    expect(ingested.stderr).toMatch(/applied: 2 received, 2 inserted, 0 updated/);
    rmSync(rows, { force: true });

    // Sharing: 市信访局 has no agreement in the demo; the operator records one from the command line.
    const pdf = path.join(tmpdir(), `tongban-agreement-${engine}-${process.pid}.pdf`);
    writeFileSync(pdf, TINY_PDF);
    const agreement = await runCli(
      [
        'sharing',
        'agreement-add',
        '--department',
        'xfj',
        '--file',
        pdf,
        '--from',
        daysFromToday(-1),
        '--to',
        daysFromToday(700),
      ],
      env,
    );
    expect(agreement.code, agreement.stderr).toBe(0);
    expect(agreement.stderr).toMatch(/recorded agreement .* for 市信访局: .*\(in_force\)/);
    rmSync(pdf, { force: true });
    const grants = await runCli(['sharing', 'grants', '--consumer', 'gjj'], env);
    expect(grants.code, grants.stderr).toBe(0);
    expect(grants.stdout).toMatch(/\tactive\t市住房公积金管理中心\t人口基本信息\t市公安局\t/);
    const overdue = await runCli(['sharing', 'overdue'], env);
    expect(overdue.stdout).toContain('市人力资源和社会保障局 → 市不动产登记中心');

    const verify = await runCli(['audit', 'verify'], env);
    expect(verify.code).toBe(0);
    expect(verify.stderr).toMatch(/audit chain intact/);

    const help = await runCli(['apikey', 'create', '--help'], env);
    expect(help.stdout).toContain('--department');
  }, 300_000); // a dozen processes, each opening the database: slow on a busy machine, never stuck
});
