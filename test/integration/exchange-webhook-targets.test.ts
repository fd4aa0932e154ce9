import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { LookupAddress } from 'node:dns';
import { SecretBox } from '../../src/lib/secretbox.ts';
import { DeliveryWorker } from '../../src/modules/exchange/delivery/worker.ts';
import { ExchangeService } from '../../src/modules/exchange/service.ts';
import { isInternalAddress } from '../../src/modules/exchange/webhook-target.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { catalogFixture } from '../support/catalog.ts';
import { ENGINES } from '../support/db.ts';
import { personRow, publishResource } from '../support/exchange.ts';
import { testActor } from '../support/factories.ts';
import { startReceiver } from '../support/webhook-receiver.ts';

const FAST = { pollMs: 60_000, backoffBaseMs: 10, backoffMaxMs: 20, timeoutMs: 2000, leaseSeconds: 10 };

describe('internal addresses', () => {
  it('tells internal from public addresses', () => {
    for (const a of [
      '127.0.0.1',
      '127.8.9.10',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '255.255.255.255',
      '224.0.0.1',
      '::',
      '::1',
      'fd00::1',
      'fc12:3456::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'not-an-address',
    ])
      expect([a, isInternalAddress(a)]).toEqual([a, true]);
    for (const a of ['8.8.8.8', '203.0.113.10', '172.32.0.1', '2001:4860:4860::8888'])
      expect([a, isInternalAddress(a)]).toEqual([a, false]);
  });
});

describe.each(ENGINES)('webhook targets on %s', (engine) => {
  let t: TestApp;
  let f: Awaited<ReturnType<typeof catalogFixture>>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    f = await catalogFixture(t);
  });
  afterAll(() => t.close());

  const openResource = () =>
    publishResource(t, f.admin, f.mz, { sharingType: 'unconditional', sharingCondition: null });
  const subscribe = (resourceId: string, webhookUrl: string) =>
    t.call(f.stewardGa, {
      method: 'POST',
      url: '/api/exchange/subscriptions',
      payload: { resourceId, consumerDepartmentId: f.ga, mode: 'webhook', webhookUrl },
    });

  /** An exchange of its own over the same database, with its own resolver, allow-list and signing key. */
  function exchangeWith(options: ConstructorParameters<typeof ExchangeService>[5]) {
    const s = t.services;
    return new ExchangeService(s.db, s.audit, s.org, s.catalog, new SecretBox(randomBytes(32)), options);
  }

  /** Stops a subscription left failing, so a later test's worker does not pick it up. */
  const park = (id: string) =>
    t.services.db.query(`UPDATE exchange_subscription SET status = 'paused' WHERE id = $1`, [id]);

  async function subscriptionRow(id: string) {
    const { rows } = await t.services.db.query<{
      last_error: string | null;
      acked_seq: string;
      attempts: number;
    }>(`SELECT last_error, acked_seq, attempts FROM exchange_subscription WHERE id = $1`, [id]);
    return rows[0]!;
  }

  it('refuses internal targets at create and update, and audits nothing as created', async () => {
    const { id } = await openResource();
    for (const url of [
      'http://127.0.0.1:8080/api/demo/receiver',
      'http://localhost:9000/hook',
      'http://10.0.0.5/hook',
      'http://192.168.1.20/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://0.0.0.0:8080/',
      'http://[::1]:8080/',
      'http://[fd00::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'ftp://203.0.113.10/hook',
      'http://user:pass@203.0.113.10/hook',
    ]) {
      const res = await subscribe(id, url);
      expect([url, res.statusCode, res.json().error?.code]).toEqual([
        url,
        400,
        'EXCHANGE_WEBHOOK_TARGET_REFUSED',
      ]);
    }
    const { rows } = await t.services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM exchange_subscription WHERE resource_id = $1`,
      [id],
    );
    expect(rows[0]!.n).toBe(0);

    // A public address is accepted; changing it to an internal one is refused and changes nothing.
    const ok = await subscribe(id, 'http://203.0.113.10/hook');
    expect(ok.statusCode, ok.body).toBe(201);
    const subId = ok.json().subscription.id as string;
    const patch = await t.call(f.stewardGa, {
      method: 'PATCH',
      url: `/api/exchange/subscriptions/${subId}`,
      payload: { webhookUrl: 'http://172.16.5.5/admin' },
    });
    expect([patch.statusCode, patch.json().error.code]).toEqual([400, 'EXCHANGE_WEBHOOK_TARGET_REFUSED']);
    const after = await t.call(f.stewardGa, { method: 'GET', url: `/api/exchange/subscriptions/${subId}` });
    expect(after.json().webhookUrl).toBe('http://203.0.113.10/hook');
  });

  it('lets the operator allow-list an internal host and port, and only that one', async () => {
    const receiver = await startReceiver();
    try {
      const { id } = await openResource();
      const exchange = exchangeWith({ webhookAllowHosts: [`127.0.0.1:${receiver.port}`] });
      const refused = await exchange
        .subscribe(testActor, {
          resourceId: id,
          consumerDepartmentId: f.ga,
          mode: 'webhook',
          webhookUrl: `http://127.0.0.1:${receiver.port + 1}/hook`,
        })
        .catch((err: { code?: string }) => err.code);
      expect(refused).toBe('EXCHANGE_WEBHOOK_TARGET_REFUSED');
      const { subscription } = await exchange.subscribe(testActor, {
        resourceId: id,
        consumerDepartmentId: f.ga,
        mode: 'webhook',
        webhookUrl: `http://127.0.0.1:${receiver.port}/hook`,
      });
      await exchange.ingest(testActor, id, [{ row: 1, values: personRow() }], { source: 'push' });
      const worker = new DeliveryWorker(t.services.db, t.services.audit, exchange, FAST);
      await worker.tick();
      expect(receiver.received.length).toBe(1);
      expect(await subscriptionRow(subscription.id)).toMatchObject({ acked_seq: '1', last_error: null });
    } finally {
      await receiver.close();
    }
  });

  it('checks the resolved address again at delivery (DNS rebinding) and never connects to an internal one', async () => {
    const receiver = await startReceiver();
    try {
      const { id } = await openResource();
      let answer = '203.0.113.10';
      const resolve = async (host: string): Promise<LookupAddress[]> => {
        if (host !== 'receiver.example') throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
        return [{ address: answer, family: 4 }];
      };
      const exchange = exchangeWith({ resolve });
      // At creation the name points to a public address.
      const { subscription } = await exchange.subscribe(testActor, {
        resourceId: id,
        consumerDepartmentId: f.ga,
        mode: 'webhook',
        webhookUrl: `http://receiver.example:${receiver.port}/hook`,
      });
      // Then it is re-pointed at loopback, where the receiver listens.
      answer = '127.0.0.1';
      await exchange.ingest(testActor, id, [{ row: 1, values: personRow() }], { source: 'push' });
      const worker = new DeliveryWorker(t.services.db, t.services.audit, exchange, FAST);
      await worker.tick();
      expect(receiver.received).toEqual([]);
      expect(await subscriptionRow(subscription.id)).toMatchObject({
        acked_seq: '0',
        attempts: 1,
        last_error: 'target refused: INTERNAL_ADDRESS (receiver.example)',
      });
      // A name that does not resolve is refused at creation.
      const unknown = await exchange
        .subscribe(testActor, {
          resourceId: (await openResource()).id,
          consumerDepartmentId: f.ga,
          mode: 'webhook',
          webhookUrl: 'http://nowhere.example/hook',
        })
        .catch((err: { code?: string; details?: unknown }) => [err.code, err.details]);
      expect(unknown).toEqual([
        'EXCHANGE_WEBHOOK_TARGET_REFUSED',
        { field: 'webhookUrl', host: 'nowhere.example', reason: 'UNRESOLVED' },
      ]);
      await park(subscription.id);
    } finally {
      await receiver.close();
    }
  });

  it('records a failed delivery by status code and reason only, never the receiver’s body or Location', async () => {
    let status = 500;
    const receiver = await startReceiver({ respond: () => status });
    try {
      const { id } = await openResource();
      const exchange = exchangeWith({ webhookAllowHosts: ['127.0.0.1'] });
      const { subscription } = await exchange.subscribe(testActor, {
        resourceId: id,
        consumerDepartmentId: f.ga,
        mode: 'webhook',
        webhookUrl: `http://127.0.0.1:${receiver.port}/hook`,
      });
      await exchange.ingest(testActor, id, [{ row: 1, values: personRow() }], { source: 'push' });
      const worker = new DeliveryWorker(t.services.db, t.services.audit, exchange, FAST);
      await worker.tick();
      expect((await subscriptionRow(subscription.id)).last_error).toBe('HTTP 500 Internal Server Error');
      status = 302;
      await new Promise((r) => setTimeout(r, 30));
      await worker.tick();
      const row = await subscriptionRow(subscription.id);
      expect(row.last_error).toBe('HTTP 302: redirects are not followed');
      // The receiver answered "receiver says 500" and a Location of its own: neither is kept anywhere.
      const { rows } = await t.services.db.query<{ error: string }>(
        `SELECT error FROM exchange_delivery WHERE subscription_id = $1`,
        [subscription.id],
      );
      expect(rows.length).toBe(2);
      for (const r of rows) expect(r.error).not.toMatch(/receiver says|elsewhere/);
      const seen = await t.call(f.stewardGa, {
        method: 'GET',
        url: `/api/exchange/subscriptions/${subscription.id}`,
      });
      expect(seen.json().lastError).toBe('HTTP 302: redirects are not followed');
      await park(subscription.id);
    } finally {
      await receiver.close();
    }
  });
});
