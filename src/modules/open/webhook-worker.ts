/**
 * Delivering developers' webhooks: each new version of a followed dataset is POSTed, one version per POST, in
 * version order, at least once.
 *
 * Claiming. Every server process runs a worker; a worker leases due webhooks in one statement (webhook-repo.ts
 * `claim`, FOR UPDATE SKIP LOCKED), so a webhook is in one worker's hands at a time, and only the lease holder
 * moves it on (every later UPDATE has `AND lease_owner = <me>`).
 *
 * Sending. The holder asks the exchange for the first version after the webhook's acked_seq
 * (`exchange.versions({ afterSeq })`) and POSTs `{ webhookId, dataset, title, resourceId, version, links }` with
 * the exchange's own headers and signature (X-Tongban-Subscription: the webhook's id, X-Tongban-Delivery: a fresh
 * uuid per POST, X-Tongban-Timestamp, X-Tongban-Signature `v1=` HMAC-SM3 of `timestamp + "." + body` under the
 * webhook's secret) through the exchange's `postWebhook`: the target is checked again inside the connection's DNS
 * lookup (no internal address unless allowed), redirects are not followed, the receiver's body is never kept.
 *
 * Outcomes. 2xx: acked_seq = the version's last seq, and one `open.webhook.deliver` audit entry, in one
 * transaction; the next version, if any, is due at once. Anything else: attempts + 1 and the same version again
 * after a backoff (backoffBaseMs × 2^(attempts−1), at most backoffMaxMs, ±20%). A receiver's lost answer or a
 * worker dying mid-POST sends the version again (the lease expires); a receiver drops a `version.id` it has seen.
 * Nothing to send: the webhook is looked at again after idleMs, or at once when a batch commits in this process.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../../db/index.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import {
  DELIVERY_HEADER,
  postWebhook,
  SIGNATURE_HEADER,
  signWebhook,
  SUBSCRIPTION_HEADER,
  TIMESTAMP_HEADER,
} from '../exchange/index.ts';
import { versionLinks } from './versions.ts';
import { webhookRepo, type WebhookRow } from './webhook-repo.ts';
import type { OpenWebhooks } from './webhooks.ts';

export interface WebhookWorkerOptions {
  /** The portal's public address, for the links a POST carries (PUBLIC_URL). */
  publicUrl: string;
  workerId?: string | undefined;
  /** How often to look for due webhooks (default 1 s). */
  pollMs?: number | undefined;
  /** How long a webhook with nothing new rests before it is looked at again, unless woken (default 5 s). */
  idleMs?: number | undefined;
  /** Lease on a claimed webhook (default 30 s); must be well above timeoutMs. */
  leaseSeconds?: number | undefined;
  /** POST timeout (default 10 s). */
  timeoutMs?: number | undefined;
  /** First retry delay (default 1 s); doubles per failed attempt. */
  backoffBaseMs?: number | undefined;
  /** Longest retry delay (default 10 min). */
  backoffMaxMs?: number | undefined;
  /** Webhooks delivered at once (default 8). */
  concurrency?: number | undefined;
  onError?: ((err: unknown) => void) | undefined;
}

const MAX_ERROR = 500;

export class OpenWebhookWorker {
  readonly id: string;
  readonly #base: string;
  readonly #pollMs: number;
  readonly #idleMs: number;
  readonly #leaseSeconds: number;
  readonly #timeoutMs: number;
  readonly #backoffBaseMs: number;
  readonly #backoffMaxMs: number;
  readonly #concurrency: number;
  readonly #onError: (err: unknown) => void;
  readonly #actor: Actor = {
    id: null,
    name: 'open-webhook-delivery',
    kind: 'system',
    ip: null,
    requestId: null,
  };
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopping = false;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly webhooks: OpenWebhooks,
    options: WebhookWorkerOptions,
  ) {
    this.id = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.#base = options.publicUrl.replace(/\/+$/, '');
    this.#pollMs = options.pollMs ?? 1000;
    this.#idleMs = options.idleMs ?? 5000;
    this.#leaseSeconds = options.leaseSeconds ?? 30;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#backoffBaseMs = options.backoffBaseMs ?? 1000;
    this.#backoffMaxMs = options.backoffMaxMs ?? 10 * 60_000;
    this.#concurrency = options.concurrency ?? 8;
    this.#onError =
      options.onError ??
      ((err) =>
        process.emitWarning(`open webhooks (${this.id}): ${err instanceof Error ? err.message : err}`));
    if (this.#timeoutMs >= this.#leaseSeconds * 1000)
      throw new Error('OpenWebhookWorker: timeoutMs must be well below leaseSeconds');
  }

  start(): void {
    if (this.#timer) return;
    this.#stopping = false;
    this.#unsubscribe = this.webhooks.exchange.onCommitted(({ resourceId }) => {
      void webhookRepo.wake(this.db, resourceId).then(
        () => this.kick(),
        (err: unknown) => this.#onError(err),
      );
    });
    this.#timer = setInterval(() => this.kick(), this.#pollMs);
    this.#timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    await this.#running;
  }

  /** Runs a round now (or right after the one running). */
  kick(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        try {
          await this.runOnce();
        } catch (err) {
          this.#onError(err);
        }
      } while (this.#again && !this.#stopping);
    })().finally(() => (this.#running = undefined));
  }

  /** One round: claims due webhooks and delivers to each; answers how many versions were delivered. */
  async runOnce(): Promise<number> {
    let delivered = 0;
    for (;;) {
      if (this.#stopping) return delivered;
      const claimed = await webhookRepo.claim(this.db, this.id, this.#leaseSeconds, this.#concurrency);
      if (!claimed.length) return delivered;
      const results = await Promise.all(claimed.map((w) => this.#deliver(w)));
      const sent = results.filter(Boolean).length;
      delivered += sent;
      // Only a round that delivered may have more due at once (the next version); otherwise all rest now.
      if (!sent) return delivered;
    }
  }

  async #deliver(w: WebhookRow): Promise<boolean> {
    try {
      const ds = await this.webhooks.datasets.byResourceId(w.resource_id);
      const version = ds
        ? (await this.webhooks.exchange.versions(w.resource_id, { afterSeq: Number(w.acked_seq), limit: 1 }))
            .items[0]
        : undefined;
      // A dataset no longer open sends nothing until it is again; one with nothing new rests.
      if (!ds || !version) {
        await webhookRepo.idle(this.db, w.id, this.id, this.#idleMs);
        return false;
      }
      const body = JSON.stringify({
        webhookId: w.id,
        dataset: ds.name,
        title: ds.resource.name,
        resourceId: ds.resource.id,
        version: {
          id: version.batchId,
          at: version.at.toISOString(),
          inserted: version.inserted,
          updated: version.updated,
          deleted: version.deleted,
          firstSeq: version.firstSeq,
          lastSeq: version.lastSeq,
        },
        links: {
          ...versionLinks(this.#base, ds.name, version.at),
          versions: `${this.#base}/open/api/datasets/${ds.name}/versions`,
          feed: `${this.#base}/open/api/datasets/${ds.name}/changes.atom`,
        },
      });
      const timestamp = Math.floor(Date.now() / 1000);
      const deliveryId = randomUUID();
      const outcome = await postWebhook(
        this.webhooks.exchange.webhookTargets,
        w.url,
        {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Tongban-Open-Webhook/1',
          [SUBSCRIPTION_HEADER]: w.id,
          [DELIVERY_HEADER]: deliveryId,
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(this.webhooks.secretOf(w), timestamp, body),
        },
        body,
        this.#timeoutMs,
      );
      if (outcome.error === null) {
        await this.db.transaction(async (tx) => {
          if (!(await webhookRepo.delivered(tx, w.id, this.id, version.lastSeq, outcome.statusCode ?? 200)))
            return; // The lease was lost meanwhile: whoever holds it now sends the version again.
          await this.audit.record(
            this.#actor,
            {
              action: 'open.webhook.deliver',
              objectType: 'open_webhook',
              objectId: w.id,
              departmentId: ds.resource.departmentId,
              outcome: 'success',
              details: { deliveryId, dataset: ds.name, versionId: version.batchId, lastSeq: version.lastSeq },
            },
            tx,
          );
        });
        return true;
      }
      const delay = Math.min(this.#backoffMaxMs, this.#backoffBaseMs * 2 ** w.attempts);
      const jittered = Math.round(delay * (0.8 + Math.random() * 0.4));
      await webhookRepo.failed(
        this.db,
        w.id,
        this.id,
        outcome.statusCode,
        outcome.error.slice(0, MAX_ERROR),
        jittered,
      );
      return false;
    } catch (err) {
      this.#onError(err);
      // Let the lease run out rather than retry at once against a failing database.
      return false;
    }
  }
}
