/**
 * Webhook delivery: pushes each webhook subscription's changes to its receiver as signed, ordered batches.
 * The consumer-facing contract is docs/WEBHOOKS.md; these are the rules behind it.
 *
 * Claiming. A worker leases due subscriptions in one statement (delivery/repo.ts `claim`): mode 'webhook', status
 * 'active', the resource's last_seq (exchange_stream) beyond acked_seq, next_attempt_at reached, and no live lease —
 * selected `FOR UPDATE SKIP LOCKED` inside an `UPDATE … RETURNING` that sets lease_owner = the worker's id and
 * lease_until = now() + leaseSeconds. Any number of workers, in any number of processes against one PostgreSQL,
 * share the work: a subscription is leased to at most one of them at a time, so one batch is never sent by two.
 * Only the lease holder may move a subscription on (every later UPDATE has `AND lease_owner = <me>`).
 *
 * Sending. The holder reads up to batchSize changes after acked_seq (ExchangeService.changes: projected to the
 * subscribed items plus the key items, sensitive items masked) and POSTs them as one JSON batch
 * `{ subscriptionId, resourceId, resourceCode, fromSeq, toSeq, lastSeq, changes }` with the headers
 * X-Tongban-Subscription, X-Tongban-Delivery (a fresh uuid per POST, also the exchange_delivery row id),
 * X-Tongban-Timestamp (unix seconds) and X-Tongban-Signature (`v1=` hex HMAC-SM3 of `timestamp + "." + body`,
 * see signature.ts). No transaction is open during the POST. Redirects are not followed (a 3xx is a failure); the
 * POST times out after timeoutMs, which must stay well below the lease so a lease never expires mid-POST. The
 * target is checked again on every POST, inside the connection's DNS lookup (webhook-target.ts: no internal
 * address unless allow-listed), and a failure is recorded as a status code or a short reason, never with the
 * receiver's body (post.ts).
 *
 * Outcomes. 2xx: acked_seq = toSeq, attempts = 0, last_delivered_at = now(), the lease released, an exchange_delivery
 * row (delivered) and one audit entry `exchange.deliver`, all in one transaction; if more is waiting the worker
 * claims again at once. Anything else (non-2xx, timeout, connection error): attempts + 1, next_attempt_at = now() +
 * backoff (backoffBaseMs × 2^(attempts−1), at most backoffMaxMs, ±20% jitter), an exchange_delivery row (failed,
 * with the error), the lease released — no audit entry per failed try. When attempts reaches the subscription's
 * max_attempts, the batch becomes an exchange_dead_letter row (from/to seq, attempts, last error), the subscription
 * goes 'dead' and delivery stops, so order is kept (the consumer can still pull), and one `exchange.dead_letter`
 * audit entry is written. ExchangeService.redeliver reactivates it and delivery resumes from acked_seq.
 *
 * Guarantees. At-least-once, in seq order per subscription. acked_seq only moves after a 2xx, so a batch is sent
 * again (whole, from the same fromSeq, possibly with more changes after it) when the receiver's answer is lost, a
 * worker dies mid-POST (its lease expires, another worker takes over), or a lease is lost; the consumer drops
 * changes whose seq it has already processed. Nothing is ever skipped.
 *
 * Waking. In process, ExchangeService.onCommitted wakes the worker the moment an ingest commits; every pollMs it
 * also looks for work committed by other processes and for retries whose backoff has passed.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../../../db/index.ts';
import type { Actor, AuditService } from '../../audit/index.ts';
import type { Resource } from '../../catalog/index.ts';
import { AppError } from '../../../core/errors.ts';
import type { ExchangeService } from '../service.ts';
import { postWebhook } from './post.ts';
import { deliveryRepo, type ClaimedSubscription } from './repo.ts';
import {
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  SUBSCRIPTION_HEADER,
  TIMESTAMP_HEADER,
  signWebhook,
} from './signature.ts';

export interface DeliveryWorkerOptions {
  /** Names this worker in leases and in exchange_delivery.worker; unique per worker (default host:pid:random). */
  workerId?: string | undefined;
  /** Changes per POST (default 500). */
  batchSize?: number | undefined;
  /** How often to look for work committed elsewhere and for retries that are due (default 400 ms). */
  pollMs?: number | undefined;
  /** Lease on a claimed subscription (default 30 s); must be well above timeoutMs. */
  leaseSeconds?: number | undefined;
  /** POST timeout (default 10 s). */
  timeoutMs?: number | undefined;
  /** First retry delay (default 1 s); doubles per failed attempt. */
  backoffBaseMs?: number | undefined;
  /** Longest retry delay (default 10 min). */
  backoffMaxMs?: number | undefined;
  /** Subscriptions delivered at once by this worker (default 8). */
  concurrency?: number | undefined;
  /** Unexpected errors (database unreachable and the like); failed POSTs are not errors, they are logged rows. */
  onError?: ((err: unknown) => void) | undefined;
}

/** How long a resource's catalog entry is reused between batches. */
const RESOURCE_TTL_MS = 2000;
/** Longest error text kept in last_error / exchange_delivery.error. */
const MAX_ERROR = 500;

interface Attempt {
  deliveryId: string;
  fromSeq: number;
  toSeq: number;
  changes: number;
  bytes: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export class DeliveryWorker {
  readonly id: string;
  readonly #batchSize: number;
  readonly #pollMs: number;
  readonly #leaseSeconds: number;
  readonly #timeoutMs: number;
  readonly #backoffBaseMs: number;
  readonly #backoffMaxMs: number;
  readonly #concurrency: number;
  readonly #onError: (err: unknown) => void;
  readonly #actor: Actor;

  readonly #active = new Map<string, Promise<void>>();
  readonly #resources = new Map<string, { resource: Promise<Resource>; until: number }>();
  #started = false;
  #stopping = false;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #pumping: Promise<void> | undefined;
  #again = false;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly exchange: ExchangeService,
    options: DeliveryWorkerOptions = {},
  ) {
    this.id = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.#batchSize = options.batchSize ?? 500;
    this.#pollMs = options.pollMs ?? 400;
    this.#leaseSeconds = options.leaseSeconds ?? 30;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#backoffBaseMs = options.backoffBaseMs ?? 1000;
    this.#backoffMaxMs = options.backoffMaxMs ?? 10 * 60_000;
    this.#concurrency = options.concurrency ?? 8;
    this.#onError =
      options.onError ??
      ((err) =>
        process.emitWarning(`webhook delivery (${this.id}): ${err instanceof Error ? err.message : err}`));
    if (this.#timeoutMs >= this.#leaseSeconds * 1000)
      throw new Error('DeliveryWorker: timeoutMs must be well below leaseSeconds');
    this.#actor = { id: null, name: 'webhook-delivery', kind: 'system', ip: null, requestId: null };
  }

  /** Starts delivering: at once, whenever a batch commits in this process, and every pollMs. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#unsubscribe = this.exchange.onCommitted(() => this.wake());
    this.#timer = setInterval(() => this.wake(), this.#pollMs);
    this.wake();
  }

  /** Stops claiming, then waits for the POSTs in flight to finish and be recorded. */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#timer);
    this.#unsubscribe?.();
    await this.#pumping;
    await Promise.allSettled([...this.#active.values()]);
  }

  /** Looks for work now (coalesced with a look already under way). */
  wake(): void {
    if (this.#stopping) return;
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = this.#pump().finally(() => (this.#pumping = undefined));
  }

  /**
   * One pass, for tests and tools: claims up to `concurrency` due subscriptions, sends one batch to each and waits
   * for the outcomes. Returns how many subscriptions it claimed (0: nothing is due now).
   */
  async tick(): Promise<number> {
    const claimed = await deliveryRepo.claim(this.db, this.id, this.#leaseSeconds, this.#concurrency);
    await Promise.all(claimed.map((s) => this.#deliver(s)));
    return claimed.length;
  }

  /** Fills the free delivery slots with claimed subscriptions until nothing more is due. */
  async #pump(): Promise<void> {
    try {
      do {
        this.#again = false;
        while (!this.#stopping && this.#active.size < this.#concurrency) {
          const want = this.#concurrency - this.#active.size;
          const claimed = await deliveryRepo.claim(this.db, this.id, this.#leaseSeconds, want);
          for (const s of claimed) this.#launch(s);
          if (claimed.length < want) break;
        }
      } while (this.#again && !this.#stopping);
    } catch (err) {
      this.#onError(err);
    }
  }

  #launch(s: ClaimedSubscription): void {
    const run = this.#deliver(s)
      .catch((err) => this.#onError(err))
      .finally(() => {
        this.#active.delete(s.id);
        // More may be waiting for this subscription, and a slot is free: claim again at once.
        this.wake();
      });
    this.#active.set(s.id, run);
  }

  /** The resource's catalog entry, read at most once per RESOURCE_TTL_MS however many subscriptions need it. */
  #resource(id: string): Promise<Resource> {
    const hit = this.#resources.get(id);
    if (hit && hit.until > Date.now()) return hit.resource;
    const resource = this.exchange.recordResource(id);
    this.#resources.set(id, { resource, until: Date.now() + RESOURCE_TTL_MS });
    // A failure is not kept: the next batch asks again.
    resource.catch(() => this.#resources.delete(id));
    return resource;
  }

  /** Retry delay after the n-th failed attempt in a row. */
  backoffMs(attempt: number): number {
    const base = Math.min(this.#backoffMaxMs, this.#backoffBaseMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  /** Sends one batch of a claimed subscription and records the outcome. */
  async #deliver(s: ClaimedSubscription): Promise<void> {
    const acked = Number(s.acked_seq);
    const started = Date.now();
    const attempt: Attempt = {
      deliveryId: randomUUID(),
      fromSeq: acked + 1,
      toSeq: Math.min(Number(s.last_seq), acked + this.#batchSize),
      changes: 0,
      bytes: 0,
      statusCode: null,
      error: null,
      durationMs: 0,
    };
    let resourceCode = '';
    try {
      const resource = await this.#resource(s.resource_id);
      resourceCode = resource.code;
      const secret = this.exchange.subscriptionSecret(s);
      if (!secret) throw new Error('the subscription has no signing secret');
      let view;
      try {
        view = await this.exchange.subscriptionView(resource, s.consumer_department_id, s.items);
      } catch (err) {
        // The consumer may not receive this resource now (grant revoked, agreement lapsed …): retrying cannot
        // help, so the subscription stops with the reason until its steward resumes it under a grant.
        if (err instanceof AppError) return await this.#refused(s, err);
        throw err;
      }
      const page = await this.exchange.changes(resource, acked, this.#batchSize, view);
      if (!page.changes.length) {
        await deliveryRepo.release(this.db, s.id, this.id);
        return;
      }
      attempt.fromSeq = page.changes[0]!.seq;
      attempt.toSeq = page.changes[page.changes.length - 1]!.seq;
      attempt.changes = page.changes.length;
      const body = JSON.stringify({
        subscriptionId: s.id,
        resourceId: s.resource_id,
        resourceCode,
        fromSeq: attempt.fromSeq,
        toSeq: attempt.toSeq,
        lastSeq: page.lastSeq,
        changes: page.changes,
      });
      attempt.bytes = Buffer.byteLength(body);
      const timestamp = Math.floor(Date.now() / 1000);
      const outcome = await postWebhook(
        this.exchange.webhookTargets,
        s.webhook_url,
        {
          'Content-Type': 'application/json',
          'User-Agent': 'Tongban-Webhook/1',
          [SUBSCRIPTION_HEADER]: s.id,
          [DELIVERY_HEADER]: attempt.deliveryId,
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
        },
        body,
        this.#timeoutMs,
      );
      attempt.statusCode = outcome.statusCode;
      attempt.error = outcome.error;
    } catch (err) {
      attempt.error = err instanceof Error ? err.message : String(err);
    }
    attempt.durationMs = Date.now() - started;
    if (attempt.error === null) await this.#succeeded(s, attempt, resourceCode);
    else await this.#failed(s, { ...attempt, error: clip(attempt.error, MAX_ERROR) });
  }

  async #succeeded(s: ClaimedSubscription, a: Attempt, resourceCode: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const acknowledged = await deliveryRepo.delivered(tx, s.id, this.id, a.fromSeq - 1, a.toSeq);
      await deliveryRepo.insertDelivery(tx, {
        mode: 'webhook',
        id: a.deliveryId,
        subscriptionId: s.id,
        resourceId: s.resource_id,
        consumerDepartmentId: s.consumer_department_id,
        fromSeq: a.fromSeq,
        toSeq: a.toSeq,
        changes: a.changes,
        bytes: a.bytes,
        attempt: s.attempts + 1,
        // The receiver has it, but another worker took the subscription over meanwhile and sends it again.
        outcome: acknowledged ? 'delivered' : 'failed',
        statusCode: a.statusCode,
        error: acknowledged
          ? null
          : 'lease lost before the acknowledgement was recorded; the batch will be sent again',
        worker: this.id,
        durationMs: a.durationMs,
      });
      if (acknowledged)
        await this.audit.record(
          this.#actor,
          {
            action: 'exchange.deliver',
            objectType: 'exchange_subscription',
            objectId: s.id,
            departmentId: s.consumer_department_id,
            outcome: 'success',
            details: {
              resourceId: s.resource_id,
              resourceCode,
              deliveryId: a.deliveryId,
              fromSeq: a.fromSeq,
              toSeq: a.toSeq,
              changes: a.changes,
              bytes: a.bytes,
              statusCode: a.statusCode,
              worker: this.id,
            },
          },
          tx,
        );
    });
  }

  async #refused(s: ClaimedSubscription, err: AppError): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await deliveryRepo.pause(tx, s.id, this.id, `[${err.code}] ${err.message}`))) return;
      await this.audit.record(
        this.#actor,
        {
          action: 'exchange.deliver',
          objectType: 'exchange_subscription',
          objectId: s.id,
          departmentId: s.consumer_department_id,
          outcome: 'denied',
          details: { resourceId: s.resource_id, code: err.code, paused: true },
        },
        tx,
      );
    });
  }

  async #failed(s: ClaimedSubscription, a: Attempt & { error: string }): Promise<void> {
    const attemptNo = s.attempts + 1;
    await this.db.transaction(async (tx) => {
      const state = await deliveryRepo.failed(tx, s.id, this.id, a.error, this.backoffMs(attemptNo));
      await deliveryRepo.insertDelivery(tx, {
        mode: 'webhook',
        id: a.deliveryId,
        subscriptionId: s.id,
        resourceId: s.resource_id,
        consumerDepartmentId: s.consumer_department_id,
        fromSeq: a.fromSeq,
        toSeq: a.toSeq,
        changes: a.changes,
        bytes: a.bytes,
        attempt: attemptNo,
        outcome: 'failed',
        statusCode: a.statusCode,
        error: a.error,
        worker: this.id,
        durationMs: a.durationMs,
      });
      if (!state?.dead) return;
      const deadLetterId = await deliveryRepo.insertDeadLetter(tx, {
        subscriptionId: s.id,
        resourceId: s.resource_id,
        fromSeq: a.fromSeq,
        toSeq: a.toSeq,
        attempts: state.attempts,
        error: a.error,
      });
      await this.audit.record(
        this.#actor,
        {
          action: 'exchange.dead_letter',
          objectType: 'exchange_subscription',
          objectId: s.id,
          departmentId: s.consumer_department_id,
          outcome: 'failure',
          details: {
            resourceId: s.resource_id,
            deadLetterId,
            fromSeq: a.fromSeq,
            toSeq: a.toSeq,
            attempts: state.attempts,
            lastError: a.error,
            worker: this.id,
          },
        },
        tx,
      );
    });
  }
}
