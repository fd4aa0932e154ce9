import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdCard } from '../../src/lib/validators/index.ts';
import { verifyWebhook } from '../../src/modules/exchange/index.ts';
import { OpenWebhookWorker } from '../../src/modules/open/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { buildItem } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { ndjson } from '../support/exchange.ts';
import { datasetName as name, openFixture, type OpenFixture } from '../support/open.ts';
import { startReceiver, type Receiver } from '../support/webhook-receiver.ts';

const PASSWORD = 'Dev-passw0rd!';
const row = (i: number, 名称 = `服务点${i}`) => ({
  编号: `F${i}`,
  名称,
  负责人身份证号: makeIdCard({ regionCode: '320706', birthDate: '1980-01-01', sequence: 100 + i }),
});

interface Webhook {
  id: string;
  dataset: string;
  url: string;
  delivered: number;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  secret?: string;
}
interface Payload {
  webhookId: string;
  dataset: string;
  resourceId: string;
  version: { id: string; at: string; inserted: number; updated: number; deleted: number; lastSeq: number };
  links: { diff: string; query: string; versions: string; feed: string };
}

describe.each(ENGINES)('open data change webhooks on %s', (engine) => {
  let t: TestApp;
  let f: OpenFixture;
  let ds: string;
  let receiver: Receiver;
  let worker: OpenWebhookWorker;
  let developer: string;
  let other: string;
  let hook: Webhook;
  const codes = new Map<string, string>();
  let ip = 0;

  async function register(contact: string): Promise<string> {
    const remoteAddress = `10.8.0.${++ip}`;
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { contact, displayName: '开发者', password: PASSWORD },
      remoteAddress,
    });
    expect(r.statusCode, r.body).toBe(202);
    const stored = r.json<{ contact: string }>().contact;
    const v = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register/verify',
      payload: { contact, code: codes.get(stored) },
      remoteAddress,
    });
    expect(v.statusCode, v.body).toBe(201);
    return v.json<{ token: string }>().token;
  }

  const push = async (rows: Record<string, unknown>[]) => {
    const res = await t.call(f.stewardMz, {
      method: 'POST',
      url: `/api/exchange/resources/${f.open$.id}/records?onError=reject`,
      headers: { 'content-type': 'application/x-ndjson' },
      payload: ndjson(rows),
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const follow = (token: string | null, payload: Record<string, unknown>) =>
    t.call(token, { method: 'POST', url: '/api/open/developer/webhooks', payload });
  const payloads = () => receiver.received.map((r) => JSON.parse(r.body) as Payload);

  beforeAll(async () => {
    t = await createTestApp(engine);
    t.services.identity.registration.deliver = (contact, _kind, code) => void codes.set(contact, code);
    f = await openFixture(
      t,
      [
        buildItem({ name: '编号', isKey: true, length: 10 }),
        buildItem({ name: '名称', length: 50 }),
        buildItem({ name: '负责人身份证号', length: 18, semanticTag: 'id_card', sensitive: true }),
      ],
      [row(1), row(2)],
    );
    ds = name(f.open$.code);
    receiver = await startReceiver();
    // The receiver listens on loopback, which the SSRF guard refuses unless the operator allows it.
    t.services.exchange.webhookTargets.allow(`127.0.0.1:${receiver.port}`);
    developer = await register('hook-dev@example.com');
    other = await register('13900000042');
    // Driven round by round (runOnce), not on a timer; retries due at once.
    worker = new OpenWebhookWorker(t.services.db, t.services.audit, t.services.openWebhooks, {
      publicUrl: 'http://127.0.0.1:8080',
      backoffBaseMs: 0,
      idleMs: 0,
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await receiver?.close();
    await t?.close();
  });

  it('registers a webhook once (again: the same one, no secret), and refuses what it must', async () => {
    const created = await follow(developer, { dataset: ds, url: `${receiver.url}/hook` });
    expect(created.statusCode, created.body).toBe(201);
    hook = created.json<Webhook>();
    expect(hook).toMatchObject({ dataset: ds, url: `${receiver.url}/hook`, delivered: 0, attempts: 0 });
    expect(hook.secret).toMatch(/^\S{32,}$/);
    const again = await follow(developer, { dataset: ds, url: `${receiver.url}/hook` });
    expect(again.statusCode).toBe(200);
    expect(again.json<Webhook>().id).toBe(hook.id);
    expect(again.json<Webhook>().secret).toBeUndefined();
    const list = await t.call(developer, { method: 'GET', url: '/api/open/developer/webhooks' });
    expect(list.json<{ items: Webhook[] }>().items.map((w) => w.id)).toEqual([hook.id]);
    // Another developer's list does not have it.
    const theirs = await t.call(other, { method: 'GET', url: '/api/open/developer/webhooks' });
    expect(theirs.json<{ items: Webhook[] }>().items).toEqual([]);

    // Internal addresses (SSRF), another scheme, an unknown dataset, no developer.
    for (const url of ['http://169.254.169.254/latest', 'http://10.1.2.3/hook', 'http://[::1]:8080/x']) {
      const refused = await follow(developer, { dataset: ds, url });
      expect(refused.statusCode, url).toBe(400);
      expect(refused.json().error).toMatchObject({
        code: 'EXCHANGE_WEBHOOK_TARGET_REFUSED',
        details: { field: 'url', reason: 'INTERNAL_ADDRESS' },
      });
    }
    const ftp = await follow(developer, { dataset: ds, url: 'ftp://example.com/x' });
    expect(ftp.statusCode).toBe(400);
    expect(JSON.stringify(ftp.json().error.details)).toContain('url');
    const unknown = await follow(developer, { dataset: 'r000000-000000', url: `${receiver.url}/x` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('OPEN_DATASET_NOT_FOUND');
    expect((await follow(null, { dataset: ds, url: `${receiver.url}/x` })).statusCode).toBe(401);
    expect((await follow(f.stewardMz, { dataset: ds, url: `${receiver.url}/x` })).statusCode).toBe(403);
    // Nothing was sent for the versions before the webhook.
    expect(await worker.runOnce()).toBe(0);
    expect(receiver.received).toEqual([]);
  });

  it('POSTs each new version, signed, in order, and again after a failure until a 2xx', async () => {
    await push([row(3)]);
    await push([row(1, '服务点1（迁址）'), { 编号: 'F2', _delete: true }]);
    receiver.respond = () => 500;
    expect(await worker.runOnce()).toBe(0);
    expect(receiver.received.map((r) => r.status)).toEqual([500]);
    const failing = (await t.call(developer, { method: 'GET', url: '/api/open/developer/webhooks' })).json<{
      items: Webhook[];
    }>().items[0]!;
    expect(failing).toMatchObject({ attempts: 1, lastStatus: 500, delivered: 0 });
    expect(failing.lastError).toContain('500');

    receiver.respond = () => 200;
    expect(await worker.runOnce()).toBe(2);
    const sent = payloads();
    // The first version twice (the failed try, then its delivery), then the second: at least once, in order.
    expect(sent.map((p) => p.version.id)).toEqual([
      sent[0]!.version.id,
      sent[0]!.version.id,
      sent[2]!.version.id,
    ]);
    const versions = (await t.call(null, { method: 'GET', url: `/open/api/datasets/${ds}/versions` })).json<{
      items: { id: string; at: string }[];
    }>().items;
    expect([sent[1]!.version.id, sent[2]!.version.id]).toEqual([versions[1]!.id, versions[0]!.id]);
    expect(sent.slice(1).map((p) => [p.version.inserted, p.version.updated, p.version.deleted])).toEqual([
      [1, 0, 0],
      [0, 1, 1],
    ]);
    expect(sent[2]).toMatchObject({
      webhookId: hook.id,
      dataset: ds,
      resourceId: f.open$.id,
      links: {
        versions: `http://127.0.0.1:8080/open/api/datasets/${ds}/versions`,
        feed: `http://127.0.0.1:8080/open/api/datasets/${ds}/changes.atom`,
      },
    });
    expect(sent[2]!.links.diff).toContain(`/open/api/datasets/${ds}/diff?from=`);
    for (const r of receiver.received) {
      expect(r.subscriptionId).toBe(hook.id);
      expect(
        verifyWebhook({ secret: hook.secret!, timestamp: r.timestamp, signature: r.signature, body: r.body }),
      ).toBe(true);
      expect(
        verifyWebhook({ secret: 'wrong', timestamp: r.timestamp, signature: r.signature, body: r.body }),
      ).toBe(false);
      // A version carries counts and links, never a record.
      for (const value of ['服务点1（迁址）', '服务点3', row(3).负责人身份证号])
        expect(r.body).not.toContain(value);
    }
    // Each POST its own delivery id; nothing more to send.
    expect(new Set(receiver.received.map((r) => r.deliveryId)).size).toBe(3);
    expect(await worker.runOnce()).toBe(0);
    const state = (await t.call(developer, { method: 'GET', url: '/api/open/developer/webhooks' })).json<{
      items: Webhook[];
    }>().items[0]!;
    expect(state).toMatchObject({ attempts: 0, delivered: 2, lastStatus: 200, lastError: null });
    const { rows } = await t.services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'open.webhook.deliver' AND object_id = $1`,
      [hook.id],
    );
    expect(rows[0]!.n).toBe(2);
  });

  it('lets only its developer delete it: another answers 404 (audited as denied), a second delete 404', async () => {
    const del = (token: string) =>
      t.call(token, { method: 'DELETE', url: `/api/open/developer/webhooks/${hook.id}` });
    const foreign = await del(other);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('OPEN_WEBHOOK_NOT_FOUND');
    const { rows } = await t.services.db.query<{ outcome: string }>(
      `SELECT outcome FROM audit_log WHERE action = 'open.webhook.delete' AND object_id = $1 ORDER BY id`,
      [hook.id],
    );
    expect(rows.map((r) => r.outcome)).toEqual(['denied']);
    expect((await del(developer)).statusCode).toBe(204);
    expect((await del(developer)).statusCode).toBe(404);
    // Gone: a new version is sent to no one.
    const before = receiver.received.length;
    await push([row(4)]);
    expect(await worker.runOnce()).toBe(0);
    expect(receiver.received).toHaveLength(before);
  });
});
