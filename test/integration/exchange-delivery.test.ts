import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { deliveryRepo } from '../../src/modules/exchange/delivery/repo.ts';
import { signWebhook, verifyWebhook } from '../../src/modules/exchange/delivery/signature.ts';
import { DeliveryWorker, type DeliveryWorkerOptions } from '../../src/modules/exchange/delivery/worker.ts';
import type { SubscriptionInputT } from '../../src/modules/exchange/schema.ts';
import { buildServices, type Services } from '../../src/server/context.ts';
import { buildItem, buildResourceInput } from '../support/catalog.ts';
import { createTestDb, ENGINES, type TestDb } from '../support/db.ts';
import { buildGrant } from '../support/sharing.ts';
import { buildDepartment, testActor } from '../support/factories.ts';
import { startReceiver, type Received } from '../support/webhook-receiver.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fast retries, so a test walks through several attempts in well under a second. */
const FAST: DeliveryWorkerOptions = {
  workerId: 'test-worker',
  batchSize: 4,
  backoffBaseMs: 20,
  backoffMaxMs: 80,
  timeoutMs: 2000,
  leaseSeconds: 5,
  concurrency: 4,
};

/** Every change seq a receiver got, in arrival order. */
const seqs = (received: Received[]) => received.flatMap((r) => r.payload.changes.map((c) => c.seq));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe.each(ENGINES)('webhook delivery on %s', (engine) => {
  let testDb: TestDb;
  let db: Db;
  let s: Services;
  let provider: string;
  let worker: DeliveryWorker;

  beforeAll(async () => {
    testDb = await createTestDb(engine);
    db = testDb.db;
    // The receivers of these tests listen on loopback, which only an operator's allow-list opens to webhooks.
    s = buildServices(db, { sessionTtlHours: 8, webhookAllowHosts: ['127.0.0.1'] });
    provider = (await buildDepartment(s, { name: '市民政局', shortName: '民政局' })).id;
    worker = new DeliveryWorker(db, s.audit, s.exchange, FAST);
  });
  afterAll(() => testDb.drop());

  /** A published record resource of its own (so one test's ingest wakes no other test's subscriptions). */
  async function publishResource(
    sharingType: 'unconditional' | 'conditional' = 'unconditional',
  ): Promise<string> {
    const r = await s.catalog.create(
      testActor,
      buildResourceInput(provider, {
        name: '社会组织登记信息',
        sharingType,
        sharingCondition: sharingType === 'conditional' ? '用于社会组织年检核查' : null,
        items: [
          buildItem({ name: '编号', isKey: true }),
          buildItem({ name: '名称' }),
          buildItem({ name: '地址', required: false }),
        ],
      }),
    );
    for (const action of ['submit', 'approve', 'publish'] as const)
      await s.catalog.transition(testActor, r.id, action, null);
    return r.id;
  }

  /** A webhook subscription from a consumer department of its own; returns its id and signing secret. */
  async function subscribe(resourceId: string, url: string, extra: Partial<SubscriptionInputT> = {}) {
    const consumer = (await buildDepartment(s)).id;
    await buildGrant(s, { resourceId, consumerDepartmentId: consumer, items: ['编号', '名称', '地址'] });
    const { subscription, secret } = await s.exchange.subscribe(testActor, {
      resourceId,
      consumerDepartmentId: consumer,
      mode: 'webhook',
      webhookUrl: url,
      ...extra,
    });
    return { id: subscription.id, secret: secret!, consumer };
  }

  /** Upserts records n…m (names carry a round tag so a later round updates them). */
  async function ingest(resourceId: string, from: number, to: number, tag = 'a') {
    const rows = range(from, to).map((n, i) => ({
      row: i + 1,
      values: { 编号: `R${String(n).padStart(4, '0')}`, 名称: `组织${n}-${tag}`, 地址: `海州区${n}号` },
    }));
    return s.exchange.ingest(testActor, resourceId, rows, { source: 'push' });
  }

  const sub = (id: string) => s.exchange.subscriptionRow(id);

  /** Ticks until `done` holds (retries need their backoff to pass between ticks). */
  async function tickUntil(done: () => boolean | Promise<boolean>, w = worker, timeoutMs = 15_000) {
    const until = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > until) throw new Error('timed out waiting for delivery');
      if ((await w.tick()) === 0) await sleep(15);
    }
  }

  const caughtUp = async (id: string) => {
    const row = await sub(id);
    return row.acked_seq === row.last_seq;
  };

  async function deliveries(subscriptionId: string) {
    const { rows } = await db.query<{
      id: string;
      from_seq: string;
      to_seq: string;
      outcome: string;
      status_code: number | null;
      error: string | null;
      attempt: number;
      worker: string;
    }>(`SELECT * FROM exchange_delivery WHERE subscription_id = $1 ORDER BY at, attempt`, [subscriptionId]);
    return rows;
  }

  async function auditCount(action: string, objectId: string) {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND object_id = $2`,
      [action, objectId],
    );
    return rows[0]!.n;
  }

  it('delivers every change in order, in signed batches that verifyWebhook accepts', async () => {
    const receiver = await startReceiver();
    try {
      const resourceId = await publishResource();
      const { id, secret, consumer } = await subscribe(resourceId, `${receiver.url}/hook`);
      await ingest(resourceId, 1, 6);
      await ingest(resourceId, 3, 4, 'b'); // two updates
      await s.exchange.ingest(testActor, resourceId, [{ row: 1, values: { 编号: 'R0006', _delete: true } }], {
        source: 'push',
      });
      const last = Number((await sub(id)).last_seq);
      expect(last).toBe(9);

      await tickUntil(() => caughtUp(id));

      // 9 changes in batches of at most 4: 1–4, 5–8, 9, each the next after the previous one.
      expect(receiver.received.map((r) => [r.payload.fromSeq, r.payload.toSeq])).toEqual([
        [1, 4],
        [5, 8],
        [9, 9],
      ]);
      expect(seqs(receiver.received)).toEqual(range(1, 9));
      const first = receiver.received[0]!;
      expect(first.path).toBe('/hook');
      expect(first.contentType).toBe('application/json');
      expect(first.subscriptionId).toBe(id);
      expect(first.payload).toMatchObject({ subscriptionId: id, resourceId, fromSeq: 1, toSeq: 4 });
      expect(first.payload.resourceCode).toMatch(/^\d+\/\d{6}$/);
      expect(first.payload.changes[0]).toMatchObject({
        seq: 1,
        op: 'insert',
        key: ['R0001'],
        data: { 编号: 'R0001', 名称: '组织1-a', 地址: '海州区1号' },
      });
      expect(receiver.received[1]!.payload.changes.map((c) => c.op)).toEqual([
        'insert',
        'insert',
        'update',
        'update',
      ]);
      expect(receiver.received[2]!.payload.changes[0]).toMatchObject({
        seq: 9,
        op: 'delete',
        key: ['R0006'],
        data: null,
      });
      expect(receiver.received.map((r) => r.payload.lastSeq)).toEqual([9, 9, 9]);

      for (const r of receiver.received) {
        expect(r.signature).toMatch(/^v1=[0-9a-f]{64}$/);
        expect(verifyWebhook({ secret, timestamp: r.timestamp, signature: r.signature, body: r.body })).toBe(
          true,
        );
        // Any other secret, body or a stale timestamp fails.
        expect(
          verifyWebhook({
            secret: `${secret}x`,
            timestamp: r.timestamp,
            signature: r.signature,
            body: r.body,
          }),
        ).toBe(false);
        expect(
          verifyWebhook({
            secret,
            timestamp: r.timestamp,
            signature: r.signature,
            body: r.body.replace('R0', 'R9'),
          }),
        ).toBe(false);
        expect(
          verifyWebhook({
            secret,
            timestamp: r.timestamp,
            signature: r.signature,
            body: r.body,
            now: (Number(r.timestamp) + 301) * 1000,
          }),
        ).toBe(false);
      }
      const ts = String(Math.floor(Date.now() / 1000));
      expect(
        verifyWebhook({
          secret,
          timestamp: ts,
          signature: `v1=00, ${signWebhook(secret, ts, '{}')}`,
          body: '{}',
        }),
      ).toBe(true);
      expect(
        verifyWebhook({ secret, timestamp: 'soon', signature: signWebhook(secret, ts, '{}'), body: '{}' }),
      ).toBe(false);

      // The log: one delivered row per POST, its id the X-Tongban-Delivery header; one audit entry per batch.
      const log = await deliveries(id);
      expect(
        log.map((d) => [d.id, d.outcome, Number(d.from_seq), Number(d.to_seq), d.status_code, d.worker]),
      ).toEqual(
        receiver.received.map((r) => [
          r.deliveryId,
          'delivered',
          r.payload.fromSeq,
          r.payload.toSeq,
          200,
          'test-worker',
        ]),
      );
      expect(await auditCount('exchange.deliver', id)).toBe(3);
      const { rows: audit } = await db.query<{
        department_id: string;
        object_type: string;
        details: { toSeq: number };
      }>(
        `SELECT department_id, object_type, details FROM audit_log WHERE action = 'exchange.deliver' AND object_id = $1
          ORDER BY id`,
        [id],
      );
      expect(audit.map((a) => [a.department_id, a.object_type, a.details.toSeq])).toEqual([
        [consumer, 'exchange_subscription', 4],
        [consumer, 'exchange_subscription', 8],
        [consumer, 'exchange_subscription', 9],
      ]);
      const row = await sub(id);
      expect(row).toMatchObject({ acked_seq: '9', attempts: 0, last_error: null, status: 'active' });
      expect(row.last_delivered_at).toBeInstanceOf(Date);

      // Caught up: nothing more is sent.
      await worker.tick();
      expect(receiver.received).toHaveLength(3);
    } finally {
      await receiver.close();
    }
  });

  it('a receiver that is down for a while gets every change in order from the first unacknowledged seq', async () => {
    const receiver = await startReceiver();
    try {
      const resourceId = await publishResource();
      const { id } = await subscribe(resourceId, `${receiver.url}/in`, { maxAttempts: 50 });
      await ingest(resourceId, 1, 5);
      await tickUntil(() => caughtUp(id));
      expect(seqs(receiver.received)).toEqual(range(1, 5));

      // Down: connection refused. Changes keep coming while the worker retries.
      await receiver.close();
      await ingest(resourceId, 6, 9);
      await tickUntil(async () => (await sub(id)).attempts >= 3);
      await ingest(resourceId, 10, 14);
      await tickUntil(async () => (await sub(id)).attempts >= 5);
      const down = await sub(id);
      expect(down).toMatchObject({ acked_seq: '5', status: 'active' });
      expect(down.last_error).toMatch(/ECONNREFUSED/);
      expect(down.next_attempt_at.getTime()).toBeGreaterThan(Date.now() - 1000);
      const failed = (await deliveries(id)).filter((d) => d.outcome === 'failed');
      expect(failed.length).toBeGreaterThanOrEqual(5);
      expect(failed.map((d) => d.attempt).slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
      for (const d of failed) {
        expect(Number(d.from_seq)).toBe(6);
        // The first try may still find the pooled keep-alive connection the receiver has just cut.
        expect(d.error).toMatch(d === failed[0] ? /ECONNREFUSED|ECONNRESET/ : /ECONNREFUSED/);
        expect(d.status_code).toBeNull();
      }
      // Failed tries are in the delivery log, not the audit log.
      expect(await auditCount('exchange.deliver', id)).toBe(2);

      // Back: everything from seq 6 on arrives, in order, nothing skipped.
      await receiver.reopen();
      await tickUntil(() => caughtUp(id));
      const after = receiver.received.slice(2);
      expect(after[0]!.payload.fromSeq).toBe(6);
      expect(seqs(after)).toEqual(range(6, 14));
      expect(seqs(receiver.received)).toEqual(range(1, 14));
      expect(await sub(id)).toMatchObject({ acked_seq: '14', attempts: 0, last_error: null });
    } finally {
      await receiver.close();
    }
  });

  it('a receiver answering 500 gets the same batch again until it answers 2xx', async () => {
    let answers = [500, 503];
    const receiver = await startReceiver({ respond: () => answers.shift() ?? 200 });
    try {
      const resourceId = await publishResource();
      const { id } = await subscribe(resourceId, `${receiver.url}/flaky`);
      await ingest(resourceId, 1, 3);
      await tickUntil(() => caughtUp(id));
      expect(receiver.received.map((r) => [r.status, r.payload.fromSeq, r.payload.toSeq])).toEqual([
        [500, 1, 3],
        [503, 1, 3],
        [200, 1, 3],
      ]);
      // Each try is a new POST: a new delivery id, and the body re-signed.
      expect(new Set(receiver.received.map((r) => r.deliveryId)).size).toBe(3);
      const log = await deliveries(id);
      expect(log.map((d) => [d.outcome, d.status_code, d.attempt, d.error])).toEqual([
        ['failed', 500, 1, 'HTTP 500 Internal Server Error'],
        ['failed', 503, 2, 'HTTP 503 Service Unavailable'],
        ['delivered', 200, 3, null],
      ]);
      expect(await sub(id)).toMatchObject({ acked_seq: '3', attempts: 0 });

      // A redirect is not followed: it is a failure, and the Location is never asked.
      answers = [302];
      await ingest(resourceId, 4, 4);
      await tickUntil(() => caughtUp(id));
      expect(receiver.received.slice(3).map((r) => [r.path, r.status])).toEqual([
        ['/flaky', 302],
        ['/flaky', 200],
      ]);
      expect((await deliveries(id))[3]!.error).toMatch(/^HTTP 302: redirects are not followed/);
    } finally {
      await receiver.close();
    }
  });

  it('a receiver that does not answer in time is a failure, retried', async () => {
    let hang = true;
    const receiver = await startReceiver({ respond: () => (hang ? ((hang = false), 'hang') : 200) });
    const impatient = new DeliveryWorker(db, s.audit, s.exchange, {
      ...FAST,
      workerId: 'impatient',
      timeoutMs: 300,
    });
    try {
      const resourceId = await publishResource();
      const { id } = await subscribe(resourceId, `${receiver.url}/slow`);
      await ingest(resourceId, 1, 2);
      await tickUntil(() => caughtUp(id), impatient);
      const log = await deliveries(id);
      expect(log.map((d) => d.outcome)).toEqual(['failed', 'delivered']);
      expect(log[0]!.error).toMatch(/timeout|aborted/i);
      expect(receiver.received.map((r) => r.payload.fromSeq)).toEqual([1, 1]);
    } finally {
      await receiver.close();
    }
  });

  it('dead-letters a batch after max_attempts, stops, and resumes from acked_seq on redeliver', async () => {
    let up = false;
    const receiver = await startReceiver({ respond: () => (up ? 200 : 500) });
    try {
      const resourceId = await publishResource();
      const { id, consumer } = await subscribe(resourceId, `${receiver.url}/dead`, { maxAttempts: 3 });
      await ingest(resourceId, 1, 6);
      await tickUntil(async () => (await sub(id)).status === 'dead');
      expect(receiver.received.map((r) => [r.payload.fromSeq, r.payload.toSeq])).toEqual([
        [1, 4],
        [1, 4],
        [1, 4],
      ]);
      expect(await sub(id)).toMatchObject({ status: 'dead', attempts: 3, acked_seq: '0' });
      const { rows: letters } = await db.query<{
        id: string;
        from_seq: string;
        to_seq: string;
        attempts: number;
        last_error: string;
        resource_id: string;
      }>(`SELECT * FROM exchange_dead_letter WHERE subscription_id = $1`, [id]);
      expect(
        letters.map((l) => [Number(l.from_seq), Number(l.to_seq), l.attempts, l.last_error, l.resource_id]),
      ).toEqual([[1, 4, 3, 'HTTP 500 Internal Server Error', resourceId]]);
      expect(await auditCount('exchange.dead_letter', id)).toBe(1);
      const { rows: audit } = await db.query<{ department_id: string; outcome: string }>(
        `SELECT department_id, outcome FROM audit_log WHERE action = 'exchange.dead_letter' AND object_id = $1`,
        [id],
      );
      expect(audit).toEqual([{ department_id: consumer, outcome: 'failure' }]);
      // Listed for the console's dead-letter view.
      expect((await s.exchange.deadLetters([id], true)).map((d) => [d.id, d.fromSeq, d.toSeq])).toEqual([
        [letters[0]!.id, 1, 4],
      ]);

      // Dead: no more POSTs, even when more changes come and the backoff has long passed.
      await ingest(resourceId, 7, 8);
      await sleep(150);
      await worker.tick();
      expect(receiver.received).toHaveLength(3);

      // Redeliver: active again, resumes from acked_seq (0) and catches up, in order.
      up = true;
      await s.exchange.redeliver(testActor, letters[0]!.id);
      await tickUntil(() => caughtUp(id));
      expect(seqs(receiver.received.slice(3))).toEqual(range(1, 8));
      expect(await sub(id)).toMatchObject({ status: 'active', attempts: 0, acked_seq: '8' });
      expect((await s.exchange.deadLetters([id], true)).length).toBe(0);
    } finally {
      await receiver.close();
    }
  });

  it('sends a subscription to some items only those items and the key', async () => {
    const receiver = await startReceiver();
    try {
      const resourceId = await publishResource();
      const { id } = await subscribe(resourceId, `${receiver.url}/subset`, { items: ['地址'] });
      await ingest(resourceId, 1, 2);
      await tickUntil(() => caughtUp(id));
      expect(receiver.received.flatMap((r) => r.payload.changes.map((c) => c.data))).toEqual([
        { 编号: 'R0001', 地址: '海州区1号' },
        { 编号: 'R0002', 地址: '海州区2号' },
      ]);
    } finally {
      await receiver.close();
    }
  });

  it('pauses a subscription whose grant was revoked, with the reason, and resumes under a new grant', async () => {
    const receiver = await startReceiver();
    try {
      const resourceId = await publishResource('conditional');
      const { id, consumer } = await subscribe(resourceId, `${receiver.url}/revoked`);
      await ingest(resourceId, 1, 2);
      await tickUntil(() => caughtUp(id));
      const [grant] = (await s.sharing.grants.list({ consumerIds: [consumer], resourceId }, 10, 0)).items;
      await s.sharing.grants.revoke(testActor, grant!.id, '停止共享');
      await ingest(resourceId, 3, 4);
      await worker.tick();
      const paused = await s.exchange.subscription(id);
      expect(paused.status).toBe('paused');
      expect(paused.lastError).toContain('SHARING_GRANT_REVOKED');
      expect(seqs(receiver.received)).toEqual(range(1, 2));
      // Under a new grant, once the steward resumes it, delivery goes on from where it stopped.
      await buildGrant(s, {
        resourceId,
        consumerDepartmentId: consumer,
        items: ['编号', '名称', '地址'],
        agreement: false,
      });
      await s.exchange.patchSubscription(testActor, id, { status: 'active' });
      await tickUntil(() => caughtUp(id));
      expect(seqs(receiver.received)).toEqual(range(1, 4));
    } finally {
      await receiver.close();
    }
  });

  it('sends a paused subscription nothing until it is active again', async () => {
    const receiver = await startReceiver();
    try {
      const resourceId = await publishResource();
      const { id } = await subscribe(resourceId, `${receiver.url}/paused`);
      await s.exchange.patchSubscription(testActor, id, { status: 'paused' });
      await ingest(resourceId, 1, 3);
      await worker.tick();
      expect(receiver.received).toHaveLength(0);

      await s.exchange.patchSubscription(testActor, id, { status: 'active' });
      await tickUntil(() => caughtUp(id));
      expect(seqs(receiver.received)).toEqual(range(1, 3));
    } finally {
      await receiver.close();
    }
  });

  it('leaves a leased subscription to its holder until the lease expires; a lost lease acknowledges nothing', async () => {
    const receiver = await startReceiver();
    try {
      const resourceId = await publishResource();
      const { id } = await subscribe(resourceId, `${receiver.url}/lease`);
      await ingest(resourceId, 1, 3);
      // Another worker claims it and dies before answering (its process was killed mid-batch).
      const [claimed] = await deliveryRepo.claim(db, 'ghost', 1, 10);
      expect(claimed).toMatchObject({ id, acked_seq: '0', last_seq: '3' });
      await worker.tick();
      expect(receiver.received).toHaveLength(0);

      await sleep(1100);
      await tickUntil(() => caughtUp(id));
      expect(seqs(receiver.received)).toEqual(range(1, 3));
      // The ghost comes back: its lease is gone, so it can neither acknowledge nor fail the subscription.
      expect(await db.transaction((tx) => deliveryRepo.delivered(tx, id, 'ghost', 0, 3))).toBe(false);
      expect(await db.transaction((tx) => deliveryRepo.failed(tx, id, 'ghost', 'late', 10))).toBeUndefined();
      expect(await sub(id)).toMatchObject({ acked_seq: '3', attempts: 0 });
    } finally {
      await receiver.close();
    }
  });

  it('started, wakes on an ingest commit at once, and stop() waits for the POST in flight', async () => {
    let release: (() => void) | undefined;
    const receiver = await startReceiver({
      respond: (_r, _req, res) => {
        // Answer the second POST late, to see stop() wait for it.
        if (receiver.received.length === 2) {
          release = () => res.writeHead(200).end('ok');
          return 'hang';
        }
        return 200;
      },
    });
    // Polling so rarely that only the commit can wake it within the test.
    const live = new DeliveryWorker(db, s.audit, s.exchange, { ...FAST, workerId: 'live', pollMs: 60_000 });
    try {
      const resourceId = await publishResource();
      const { id } = await subscribe(resourceId, `${receiver.url}/live`);
      live.start();
      await sleep(100); // the start-up look has passed
      const t0 = Date.now();
      await ingest(resourceId, 1, 4);
      while (receiver.received.length < 1 && Date.now() - t0 < 5000) await sleep(5);
      expect(receiver.received).toHaveLength(1);
      expect(Date.now() - t0).toBeLessThan(2000);

      await ingest(resourceId, 5, 6);
      while (receiver.received.length < 2 && Date.now() - t0 < 5000) await sleep(5);
      expect(release).toBeDefined();
      let stopped = false;
      const stopping = live.stop().then(() => (stopped = true));
      await sleep(100);
      expect(stopped).toBe(false);
      release!();
      await stopping;
      expect(await sub(id)).toMatchObject({ acked_seq: '6' });
      expect(seqs(receiver.received)).toEqual(range(1, 6));
    } finally {
      await live.stop();
      await receiver.close();
    }
  });
});
