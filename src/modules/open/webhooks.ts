/**
 * 数据变更回调: a registered developer's webhooks. A developer names a dataset and a URL; each new version of the
 * dataset (an exchange batch that changed it) is then POSTed there, signed, by the delivery workers
 * (webhook-worker.ts). The URL is checked by the exchange's SSRF guard (no internal address unless the operator
 * allows it), here and again on every POST. A version carries counts and links, never a record, so both open types
 * may be followed, as their versions are public. Only the developer that registered a webhook sees or deletes it.
 */
import { AppError } from '../../core/errors.ts';
import type { Db } from '../../db/index.ts';
import { randomToken } from '../../lib/crypto.ts';
import type { SecretBox } from '../../lib/secretbox.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import type { ExchangeService } from '../exchange/index.ts';
import { canManageWebhook, type Principal } from '../identity/index.ts';
import type { OpenDatasets } from './datasets.ts';
import { webhookRepo, type WebhookRow } from './webhook-repo.ts';
import type { CreatedWebhookT, OpenWebhookT, WebhookBodyT } from './webhook-schema.ts';

/** Webhooks one developer may hold: enough for any real use, few enough that no account fans out without end. */
export const MAX_WEBHOOKS = 20;

export class OpenWebhooks {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly secrets: SecretBox,
    readonly exchange: ExchangeService,
    readonly datasets: OpenDatasets,
  ) {}

  /** The signing secret of a webhook, for the worker that signs its POSTs. */
  secretOf(row: WebhookRow): string {
    return this.secrets.open(row.secret_enc);
  }

  async #present(rows: WebhookRow[]): Promise<OpenWebhookT[]> {
    const out: OpenWebhookT[] = [];
    for (const r of rows) {
      const ds = await this.datasets.byResourceId(r.resource_id);
      out.push({
        id: r.id,
        // A dataset no longer open keeps its webhook (nothing is sent while it is closed): named by its id.
        dataset: ds?.name ?? r.resource_id,
        datasetTitle: ds?.resource.name ?? '',
        url: r.url,
        createdAt: r.created_at.toISOString(),
        delivered: Number(r.delivered),
        lastDeliveredAt: r.last_delivered_at?.toISOString() ?? null,
        lastStatus: r.last_status,
        lastError: r.last_error,
        attempts: r.attempts,
        nextAttemptAt: r.next_attempt_at.toISOString(),
      });
    }
    return out;
  }

  async list(developerId: string): Promise<OpenWebhookT[]> {
    return this.#present(await webhookRepo.ofDeveloper(this.db, developerId));
  }

  /**
   * Registers a webhook from the dataset's newest version on (only later versions are sent). Registering the same
   * dataset and URL again answers the webhook there is, without its secret (`created: false`).
   */
  async register(
    actor: Actor,
    developerId: string,
    body: WebhookBodyT,
  ): Promise<{ webhook: CreatedWebhookT; created: boolean }> {
    const ds = await this.datasets.byName(body.dataset);
    if (!ds)
      throw new AppError('OPEN_DATASET_NOT_FOUND', {
        name: body.dataset,
        fields: [{ field: 'dataset', message: 'no such open dataset' }],
      });
    await this.exchange.webhookTargets.check(body.url, 'url');
    const newest = (await this.exchange.versions(ds.resource.id, { limit: 1 })).items[0];
    const secret = randomToken(32);
    const result = await this.db.transaction(async (tx) => {
      await webhookRepo.lockDeveloper(tx, developerId);
      const count = await webhookRepo.countOfDeveloper(tx, developerId);
      const inserted = await webhookRepo.insert(tx, {
        developerId,
        resourceId: ds.resource.id,
        url: body.url,
        secretEnc: this.secrets.seal(secret),
        ackedSeq: newest?.lastSeq ?? 0,
      });
      if (!inserted.created) return inserted;
      // Counted under the developer's lock: the limit holds for concurrent registrations too.
      if (count >= MAX_WEBHOOKS) throw new AppError('OPEN_WEBHOOK_LIMIT', { limit: MAX_WEBHOOKS });
      await this.audit.record(
        actor,
        {
          action: 'open.webhook.create',
          objectType: 'open_webhook',
          objectId: inserted.row.id,
          departmentId: ds.resource.departmentId,
          outcome: 'success',
          details: { dataset: ds.name, resourceId: ds.resource.id, host: new URL(body.url).host },
        },
        tx,
      );
      return inserted;
    });
    const [webhook] = await this.#present([result.row]);
    return { webhook: result.created ? { ...webhook!, secret } : webhook!, created: result.created };
  }

  /** Deletes one of the developer's webhooks; someone else's answers 404, as one that does not exist, audited. */
  async remove(actor: Actor, principal: Principal, id: string): Promise<void> {
    const row = await webhookRepo.byId(this.db, id);
    if (!row) throw new AppError('OPEN_WEBHOOK_NOT_FOUND', { id });
    if (!canManageWebhook(principal, row)) {
      await this.audit.record(actor, {
        action: 'open.webhook.delete',
        objectType: 'open_webhook',
        objectId: id,
        outcome: 'denied',
        details: { reason: 'not the developer’s webhook' },
      });
      throw new AppError('OPEN_WEBHOOK_NOT_FOUND', { id });
    }
    await this.db.transaction(async (tx) => {
      if (!(await webhookRepo.remove(tx, id))) throw new AppError('OPEN_WEBHOOK_NOT_FOUND', { id });
      await this.audit.record(
        actor,
        {
          action: 'open.webhook.delete',
          objectType: 'open_webhook',
          objectId: id,
          outcome: 'success',
          details: { resourceId: row.resource_id, host: new URL(row.url).host },
        },
        tx,
      );
    });
  }
}
