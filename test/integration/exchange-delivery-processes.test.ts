import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { verifyWebhook } from '../../src/modules/exchange/delivery/signature.ts';
import { buildServices, type Services } from '../../src/server/context.ts';
import { buildItem, buildResourceInput } from '../support/catalog.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { buildAgreement, buildGrant } from '../support/sharing.ts';
import { buildDepartment, testActor } from '../support/factories.ts';
import { ROOT } from '../support/process.ts';
import { startReceiver, type Received, type Receiver } from '../support/webhook-receiver.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SCRIPT = `${ROOT}test/support/delivery-worker.ts`;

interface WorkerProcess {
  id: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Two (or more) OS processes, each running a DeliveryWorker against the same PostgreSQL database, share the
 * webhook work through row leases: every change arrives, in order, and no batch is sent twice; a worker killed in
 * the middle of a batch loses nothing, its batch is sent again whole by the other once the lease expires.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'webhook delivery by two worker processes on postgres',
  () => {
    const secretKeyHex = randomBytes(32).toString('hex');
    let testDb: TestDb;
    let db: Db;
    let s: Services;
    let receiver: Receiver;
    const resources: string[] = [];
    const secrets = new Map<string, string>();
    const children: WorkerProcess[] = [];

    function startWorker(id: string, env: Record<string, string>): Promise<WorkerProcess> {
      const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: testDb.url!,
          TONGBAN_SECRET_KEY: secretKeyHex,
          WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
          WORKER_ID: id,
          POLL_MS: '100',
          BATCH_SIZE: '40',
          CONCURRENCY: '3',
          BACKOFF_BASE_MS: '50',
          BACKOFF_MAX_MS: '200',
          ...env,
        },
      });
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const w: WorkerProcess = { id, child, output: () => out, exited };
      children.push(w);
      return new Promise((resolve, reject) => {
        const timer = setInterval(() => {
          if (out.includes(`delivery worker ${id} started`)) {
            clearInterval(timer);
            resolve(w);
          } else if (child.exitCode !== null) {
            clearInterval(timer);
            reject(new Error(`worker ${id} exited: ${out}`));
          }
        }, 20);
      });
    }

    async function stopWorker(w: WorkerProcess) {
      if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
      await w.exited;
    }

    beforeAll(async () => {
      testDb = await createTestDb('postgres');
      db = testDb.db;
      s = buildServices(db, {
        sessionTtlHours: 8,
        secretKey: Buffer.from(secretKeyHex, 'hex'),
        webhookAllowHosts: ['127.0.0.1'],
      });
      receiver = await startReceiver();
      const provider = (await buildDepartment(s, { name: '市市场监督管理局', shortName: '市场监管局' })).id;
      for (let i = 0; i < 4; i++) {
        const r = await s.catalog.create(
          testActor,
          buildResourceInput(provider, {
            name: `市场主体登记信息${i + 1}`,
            sharingType: 'unconditional',
            sharingCondition: null,
            items: [buildItem({ name: '编号', isKey: true }), buildItem({ name: '名称' })],
          }),
        );
        for (const action of ['submit', 'approve', 'publish'] as const)
          await s.catalog.transition(testActor, r.id, action, null);
        resources.push(r.id);
      }
      // 5 consumer departments × 4 resources = 20 subscriptions.
      for (let c = 0; c < 5; c++) {
        const consumer = (await buildDepartment(s)).id;
        await buildAgreement(s, consumer);
        for (const resourceId of resources) {
          const items = (await s.catalog.publishedResources([resourceId]))[0]!.items.map((i) => i.name);
          await buildGrant(s, { resourceId, consumerDepartmentId: consumer, items, agreement: false });
          const { subscription, secret } = await s.exchange.subscribe(testActor, {
            resourceId,
            consumerDepartmentId: consumer,
            mode: 'webhook',
            webhookUrl: `${receiver.url}/hook`,
          });
          secrets.set(subscription.id, secret!);
        }
      }
    });

    afterAll(async () => {
      for (const w of children)
        if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
      await Promise.all(children.map((w) => w.exited));
      await receiver?.close();
      await testDb?.drop();
    });

    /** One round: `count` records per resource, new keys from `from` on, or updates of them (another tag). */
    async function ingestRound(from: number, count: number, tag: string) {
      for (const resourceId of resources) {
        const rows = Array.from({ length: count }, (_, i) => ({
          row: i + 1,
          values: { 编号: `K${from + i}`, 名称: `主体${from + i}-${tag}` },
        }));
        await s.exchange.ingest(testActor, resourceId, rows, { source: 'push' });
      }
    }

    async function heads(): Promise<Map<string, { acked: number; last: number }>> {
      const { rows } = await db.query<{ id: string; acked_seq: string; last_seq: string }>(
        `SELECT s.id, s.acked_seq, st.last_seq FROM exchange_subscription s
         JOIN exchange_stream st ON st.resource_id = s.resource_id`,
      );
      return new Map(rows.map((r) => [r.id, { acked: Number(r.acked_seq), last: Number(r.last_seq) }]));
    }

    async function waitCaughtUp(timeoutMs: number, workers: WorkerProcess[]) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const behind = [...(await heads()).values()].filter((h) => h.acked < h.last).length;
        if (behind === 0) return;
        if (Date.now() > until)
          throw new Error(
            `${behind} subscriptions still behind; ${workers.map((w) => w.output()).join('\n')}`,
          );
        await sleep(100);
      }
    }

    /** Arrivals per subscription, in arrival order. */
    function bySubscription(received: Received[]) {
      const map = new Map<string, Received[]>();
      for (const r of received) map.set(r.subscriptionId, [...(map.get(r.subscriptionId) ?? []), r]);
      return map;
    }

    /** Each batch is signed and holds the contiguous changes fromSeq…toSeq. */
    function checkBatch(r: Received) {
      expect(verifyWebhook({ secret: secrets.get(r.subscriptionId)!, ...r })).toBe(true);
      expect(r.payload.changes.map((c) => c.seq)).toEqual(
        Array.from({ length: r.payload.toSeq - r.payload.fromSeq + 1 }, (_, i) => r.payload.fromSeq + i),
      );
    }

    it('share the work: every change arrives in order, and no batch is sent twice', async () => {
      const a = await startWorker('worker-a', {});
      const b = await startWorker('worker-b', {});
      // 4 resources × (5 rounds of 100 inserts + 5 rounds of 100 updates) = 4,000 changes, while both deliver.
      for (let round = 0; round < 10; round++) await ingestRound((round % 5) * 100, 100, `r${round}`);
      await waitCaughtUp(120_000, [a, b]);
      await Promise.all([stopWorker(a), stopWorker(b)]);

      const state = await heads();
      expect(state.size).toBe(20);
      const arrivals = bySubscription(receiver.received);
      expect(arrivals.size).toBe(20);
      for (const [id, list] of arrivals) {
        let next = 1;
        for (const r of list) {
          checkBatch(r);
          // In order and exactly once: each batch starts right after the one before.
          expect(r.payload.fromSeq).toBe(next);
          next = r.payload.toSeq + 1;
        }
        expect(next - 1).toBe(1000);
        expect(state.get(id)).toEqual({ acked: 1000, last: 1000 });
      }
      const batches = receiver.received.map(
        (r) => `${r.subscriptionId}:${r.payload.fromSeq}-${r.payload.toSeq}`,
      );
      expect(new Set(batches).size).toBe(batches.length);

      // The delivery log agrees with what the receiver saw, and both workers did part of it.
      const { rows } = await db.query<{ worker: string; outcome: string; n: number }>(
        `SELECT worker, outcome, count(*)::int AS n FROM exchange_delivery GROUP BY worker, outcome ORDER BY worker`,
      );
      expect(rows.map((r) => r.outcome)).toEqual(['delivered', 'delivered']);
      expect(rows.map((r) => r.worker)).toEqual(['worker-a', 'worker-b']);
      expect(rows.reduce((n, r) => n + r.n, 0)).toBe(receiver.received.length);
      for (const r of rows) expect(r.n).toBeGreaterThan(5);
      const { rows: audited } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'exchange.deliver'`,
      );
      expect(audited[0]!.n).toBe(receiver.received.length);
    }, 180_000);

    it('a worker killed in the middle of a batch loses nothing: the other sends that batch again, whole', async () => {
      const start = await heads();
      receiver.received.length = 0;
      // The POST timeout is the window in which the holder is still mid-batch: long enough that a loaded machine
      // reads the lease before the holder gives up on its own, short enough that the takeover comes soon.
      const c = await startWorker('worker-c', { LEASE_SECONDS: '8', TIMEOUT_MS: '6000' });
      const d = await startWorker('worker-d', { LEASE_SECONDS: '8', TIMEOUT_MS: '6000' });

      // The next POST is left unanswered; its sender is killed while it waits.
      let victim: Received | undefined;
      receiver.respond = (r) => {
        if (victim) return 200;
        victim = r;
        return 'hang';
      };
      // Watched while the round is still being written: the other resources' ingest must not eat the window.
      const round = ingestRound(1000, 60, 'k1');
      while (!victim) await sleep(5);
      const { rows } = await db.query<{ lease_owner: string }>(
        `SELECT lease_owner FROM exchange_subscription WHERE id = $1`,
        [victim.subscriptionId],
      );
      const holder = rows[0]!.lease_owner;
      const [killed, survivor] = holder === 'worker-c' ? [c, d] : [d, c];
      expect(killed.id).toBe(holder);
      killed.child.kill('SIGKILL');
      await killed.exited;
      const killedAt = Date.now();
      await round;

      await ingestRound(1060, 60, 'k2');
      await waitCaughtUp(60_000, [survivor]);
      await stopWorker(survivor);

      const end = await heads();
      const arrivals = bySubscription(receiver.received);
      for (const [id, h] of end) {
        const list = arrivals.get(id) ?? [];
        const begin = start.get(id)!.last;
        expect(h.acked).toBe(h.last);
        // At least once, in order: nothing is skipped, and a batch seen again is re-sent whole, from where it began.
        let seen = begin;
        const starts = new Set<number>();
        for (const r of list) {
          checkBatch(r);
          expect(r.payload.fromSeq).toBeLessThanOrEqual(seen + 1);
          if (r.payload.fromSeq <= seen) expect(starts.has(r.payload.fromSeq)).toBe(true);
          starts.add(r.payload.fromSeq);
          seen = Math.max(seen, r.payload.toSeq);
        }
        expect(seen).toBe(h.last);
      }
      // The victim's batch came again from the survivor, after the dead worker's lease ran out.
      const again = arrivals
        .get(victim.subscriptionId)!
        .filter((r) => r !== victim && r.payload.fromSeq === victim!.payload.fromSeq);
      expect(again.length).toBeGreaterThanOrEqual(1);
      const { rows: log } = await db.query<{ worker: string; at: Date }>(
        `SELECT worker, at FROM exchange_delivery WHERE subscription_id = $1 AND from_seq = $2 AND outcome = 'delivered'`,
        [victim.subscriptionId, victim.payload.fromSeq],
      );
      expect(log.map((l) => l.worker)).toEqual([survivor.id]);
      expect(log[0]!.at.getTime()).toBeGreaterThanOrEqual(killedAt);
    }, 120_000);
  },
);
