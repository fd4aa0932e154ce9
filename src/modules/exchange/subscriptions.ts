/**
 * Subscriptions and pull: a consumer department subscribes to a resource's changes, pulls them (or has them
 * posted by the delivery worker) and acknowledges them; dead letters wait here for a redeliver.
 */
import { randomToken } from '../../lib/crypto.ts';
import { AppError } from '../../core/errors.ts';
import type { Actor } from '../audit/index.ts';
import type { ExchangeCore, RecordView } from './core.ts';
import { presentDeadLetter, presentDelivery, presentSubscription } from './presenters.ts';
import type { ReadService } from './reads.ts';
import type { ChangesPageT, SubscriptionInputT, SubscriptionPatchT, SubscriptionT } from './schema.ts';
import { deliveryRepo } from './delivery/repo.ts';
import { subscriptionRepo, type SubscriptionRow } from './subscription-repo.ts';
import type { WebhookTargets } from './webhook-target.ts';

export class SubscriptionService {
  constructor(
    private readonly core: ExchangeCore,
    private readonly reads: ReadService,
    readonly targets: WebhookTargets,
  ) {}

  get #db() {
    return this.core.deps.db;
  }

  async row(id: string): Promise<SubscriptionRow> {
    const s = await subscriptionRepo.subscription(this.#db, id);
    if (!s) throw new AppError('EXCHANGE_SUBSCRIPTION_NOT_FOUND', { id });
    return s;
  }

  /** The webhook signing key of a subscription (for the delivery worker and the demo receiver only). */
  secret(s: SubscriptionRow): string | null {
    return s.secret_enc ? this.core.deps.secrets.open(s.secret_enc) : null;
  }

  async list(f: {
    consumerIds: string[] | null;
    providerIds: string[] | null;
    resourceId?: string | undefined;
  }): Promise<SubscriptionT[]> {
    return this.#present(await subscriptionRepo.subscriptions(this.#db, f));
  }

  async get(id: string): Promise<SubscriptionT> {
    return (await this.#present([await this.row(id)]))[0]!;
  }

  async #present(rows: SubscriptionRow[]): Promise<SubscriptionT[]> {
    const resources = await this.core.resourcesById(rows.map((r) => r.resource_id));
    const depts = await this.core.deps.org.getMany(rows.map((r) => r.consumer_department_id));
    return rows.map((s) =>
      presentSubscription(s, resources.get(s.resource_id), depts.get(s.consumer_department_id)?.name ?? ''),
    );
  }

  /**
   * Subscribes a consumer department. 无条件共享 resources are self-service; 有条件共享 ones need a grant in force
   * with the subscription mode (see subscriptionView); 不予共享 ones cannot be subscribed to. A webhook must point
   * at an address the platform may reach (webhook-target.ts).
   */
  async subscribe(
    actor: Actor,
    input: SubscriptionInputT,
  ): Promise<{ subscription: SubscriptionT; secret: string | null }> {
    const resource = await this.core.recordResource(input.resourceId);
    await this.core.deps.org.get(input.consumerDepartmentId);
    if (resource.sharingType === 'none')
      throw new AppError('EXCHANGE_SHARING_NONE', {
        resourceId: resource.id,
        legalBasis: resource.sharingCondition,
      });
    const names = new Set(resource.items.map((i) => i.name));
    const unknown = (input.items ?? []).filter((i) => !names.has(i));
    if (unknown.length)
      throw new AppError('REQUEST_VALIDATION_FAILED', {
        fields: unknown.map((name) => ({
          field: 'items',
          code: 'UNKNOWN_ITEM',
          message: { zh: `目录中没有信息项「${name}」`, en: `The catalog has no item "${name}"` },
        })),
      });
    // 有条件共享: only within a grant that includes the subscription mode (the operator included).
    const view = await this.core.subscriptionView(resource, input.consumerDepartmentId, input.items ?? null);
    if (resource.sharingType === 'conditional' && input.items) {
      const allowed = new Set(view.items);
      const outside = input.items.filter(
        (i) => !allowed.has(i) && !resource.items.some((x) => x.isKey && x.name === i),
      );
      if (outside.length) throw new AppError('SHARING_ITEM_NOT_GRANTED', { items: outside });
    }
    if (input.mode === 'webhook' && !input.webhookUrl)
      throw new AppError('REQUEST_VALIDATION_FAILED', {
        fields: [
          {
            field: 'webhookUrl',
            code: 'REQUIRED',
            message: { zh: '推送订阅需要接收地址', en: 'A webhook subscription needs a URL' },
          },
        ],
      });
    if (input.mode === 'webhook') await this.targets.check(input.webhookUrl!);
    const secret = input.mode === 'webhook' ? randomToken(32) : null;
    const id = await this.#db.transaction(async (tx) => {
      if (await subscriptionRepo.subscriptionExists(tx, resource.id, input.consumerDepartmentId))
        throw new AppError('EXCHANGE_SUBSCRIPTION_EXISTS', { resourceId: resource.id });
      const lastSeq = input.from === 'latest' ? await this.core.lastSeq(resource.id, tx) : 0;
      const id = await subscriptionRepo.insertSubscription(tx, {
        resourceId: resource.id,
        consumerDepartmentId: input.consumerDepartmentId,
        items: input.items ?? null,
        mode: input.mode,
        webhookUrl: input.mode === 'webhook' ? input.webhookUrl! : null,
        secretEnc: secret && this.core.deps.secrets.seal(secret),
        maxAttempts: input.maxAttempts ?? 16,
        ackedSeq: lastSeq,
        createdBy: actor.name,
      });
      await this.core.deps.audit.record(
        actor,
        {
          action: 'exchange.subscribe',
          objectType: 'exchange_subscription',
          objectId: id,
          departmentId: input.consumerDepartmentId,
          outcome: 'success',
          details: {
            resourceId: resource.id,
            code: resource.code,
            mode: input.mode,
            items: input.items ?? null,
          },
        },
        tx,
      );
      return id;
    });
    return { subscription: await this.get(id), secret };
  }

  async patch(actor: Actor, id: string, patch: SubscriptionPatchT): Promise<SubscriptionT> {
    const s = await this.row(id);
    if (patch.webhookUrl !== undefined) await this.targets.check(patch.webhookUrl);
    await this.#db.transaction(async (tx) => {
      await subscriptionRepo.patchSubscription(tx, id, patch);
      await this.core.deps.audit.record(
        actor,
        {
          action: 'exchange.subscription.update',
          objectType: 'exchange_subscription',
          objectId: id,
          departmentId: s.consumer_department_id,
          outcome: 'success',
          details: { ...patch },
        },
        tx,
      );
    });
    return this.get(id);
  }

  async unsubscribe(actor: Actor, id: string): Promise<void> {
    const s = await this.row(id);
    await this.#db.transaction(async (tx) => {
      await subscriptionRepo.deleteSubscription(tx, id);
      await this.core.deps.audit.record(
        actor,
        {
          action: 'exchange.unsubscribe',
          objectType: 'exchange_subscription',
          objectId: id,
          departmentId: s.consumer_department_id,
          outcome: 'success',
          details: { resourceId: s.resource_id },
        },
        tx,
      );
    });
  }

  /** A pull read: the changes after the cursor, logged as a delivery and audited. */
  async pull(actor: Actor, id: string, after: number | undefined, limit: number): Promise<ChangesPageT> {
    const s = await this.row(id);
    const resource = await this.core.recordResource(s.resource_id);
    const from = after ?? Number(s.acked_seq);
    if (from > Number(s.last_seq))
      throw new AppError('EXCHANGE_CURSOR_INVALID', { after: from, lastSeq: Number(s.last_seq) });
    const started = Date.now();
    let view: RecordView;
    try {
      view = await this.core.subscriptionView(resource, s.consumer_department_id, s.items);
    } catch (err) {
      // A pull outside the consumer's grant is a refused data access: it leaves its trace like any other.
      if (err instanceof AppError)
        await this.core.deps.audit.record(actor, {
          action: 'exchange.pull',
          objectType: 'exchange_subscription',
          objectId: s.id,
          departmentId: s.consumer_department_id,
          outcome: 'denied',
          details: { resourceId: s.resource_id, code: err.code },
        });
      throw err;
    }
    const page = await this.reads.changes(resource, from, limit, view);
    await this.#db.transaction(async (tx) => {
      if (page.changes.length)
        await deliveryRepo.insertDelivery(tx, {
          subscriptionId: s.id,
          resourceId: s.resource_id,
          consumerDepartmentId: s.consumer_department_id,
          mode: 'pull',
          fromSeq: page.changes[0]!.seq,
          toSeq: page.nextCursor,
          changes: page.changes.length,
          bytes: Buffer.byteLength(JSON.stringify(page.changes)),
          attempt: 1,
          outcome: 'delivered',
          statusCode: 200,
          error: null,
          worker: null,
          durationMs: Date.now() - started,
        });
      await this.core.deps.audit.record(
        actor,
        {
          action: 'exchange.pull',
          objectType: 'exchange_subscription',
          objectId: s.id,
          departmentId: s.consumer_department_id,
          outcome: 'success',
          details: {
            resourceId: s.resource_id,
            after: from,
            changes: page.changes.length,
            next: page.nextCursor,
          },
        },
        tx,
      );
    });
    return page;
  }

  async ack(actor: Actor, id: string, cursor: number): Promise<SubscriptionT> {
    const s = await this.row(id);
    if (cursor > Number(s.last_seq))
      throw new AppError('EXCHANGE_CURSOR_INVALID', { cursor, lastSeq: Number(s.last_seq) });
    await this.#db.transaction(async (tx) => {
      await subscriptionRepo.ack(tx, id, cursor);
      await this.core.deps.audit.record(
        actor,
        {
          action: 'exchange.ack',
          objectType: 'exchange_subscription',
          objectId: id,
          departmentId: s.consumer_department_id,
          outcome: 'success',
          details: { cursor },
        },
        tx,
      );
    });
    return this.get(id);
  }

  async deliveries(id: string, limit: number) {
    return (await subscriptionRepo.deliveries(this.#db, id, limit)).map(presentDelivery);
  }

  async deadLetters(subscriptionIds: string[] | null, open: boolean) {
    const rows = await subscriptionRepo.deadLetters(this.#db, subscriptionIds, open);
    const resources = await this.core.resourcesById(rows.map((r) => r.resource_id));
    const depts = await this.core.deps.org.getMany(rows.map((r) => r.consumer_department_id));
    return rows.map((d) =>
      presentDeadLetter(
        d,
        resources.get(d.resource_id)?.name ?? '',
        depts.get(d.consumer_department_id)?.name ?? '',
      ),
    );
  }

  /** The subscription an open dead letter belongs to (what the caller's rights are checked against). */
  async deadLetterSubscription(id: string): Promise<SubscriptionRow> {
    const d = await subscriptionRepo.deadLetter(this.#db, id);
    if (!d || d.redelivered_at) throw new AppError('EXCHANGE_DEAD_LETTER_NOT_FOUND', { id });
    return this.row(d.subscription_id);
  }

  async redeliver(actor: Actor, id: string): Promise<void> {
    await this.#db.transaction(async (tx) => {
      const d = await subscriptionRepo.deadLetter(tx, id);
      if (!d || d.redelivered_at) throw new AppError('EXCHANGE_DEAD_LETTER_NOT_FOUND', { id });
      await subscriptionRepo.redeliver(tx, id, d.subscription_id, actor.name);
      await this.core.deps.audit.record(
        actor,
        {
          action: 'exchange.redeliver',
          objectType: 'exchange_subscription',
          objectId: d.subscription_id,
          outcome: 'success',
          details: { deadLetterId: id },
        },
        tx,
      );
    });
    this.core.committed('', 0);
  }
}
