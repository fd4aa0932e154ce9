/**
 * What every exchange use case shares: the resources records may be exchanged for, their compiled validators,
 * the commit events delivery wakes on, and the sharing module's answer for 有条件共享 subscriptions.
 */
import { EventEmitter } from 'node:events';
import type { Db, Queryable } from '../../db/index.ts';
import type { SecretBox } from '../../lib/secretbox.ts';
import { AppError } from '../../core/errors.ts';
import type { Scope } from '../identity/index.ts';
import type { AuditService } from '../audit/index.ts';
import { RECORD_FORMATS, type CatalogService, type Resource } from '../catalog/index.ts';
import type { OrgService } from '../org/index.ts';
import { exchangeRepo } from './repo.ts';
import { compileRecordSchema, type RecordSchema } from './validate.ts';

/** Visible resources: the whole city, or those of some departments. */
export type Reach = Scope;

/** Which items a reader receives and which of the sensitive ones in clear. null items: all. */
export interface RecordView {
  items: string[] | null;
  unmasked: string[];
  grantId?: string;
}

/** The sharing module's answer for subscriptions to 有条件共享 resources; throws its refusal. */
export interface SubscriptionAccess {
  subscriptionScope(
    resource: Resource,
    consumerDepartmentId: string,
    q?: Queryable,
  ): Promise<{ items: string[]; unmasked: string[]; grantId: string }>;
}

/** The modules the exchange's use cases stand on, wired once. */
export interface ExchangeDeps {
  db: Db;
  audit: AuditService;
  org: OrgService;
  catalog: CatalogService;
  secrets: SecretBox;
}

export class ExchangeCore {
  readonly #events = new EventEmitter();
  readonly #schemas = new Map<string, RecordSchema>();
  #access: SubscriptionAccess | null = null;

  constructor(readonly deps: ExchangeDeps) {
    this.#events.setMaxListeners(100);
  }

  setSubscriptionAccess(access: SubscriptionAccess): void {
    this.#access = access;
  }

  /**
   * What a subscription delivers: its items (key items always), masked by the default policy; for a 有条件共享
   * resource only the items the consumer's grant covers, in clear where the grant says so. Throws the sharing
   * refusal (no agreement, no grant, revoked …) when the consumer may not receive anything now.
   */
  async subscriptionView(
    resource: Resource,
    consumerDepartmentId: string,
    items: string[] | null,
    q?: Queryable,
  ): Promise<RecordView> {
    if (resource.sharingType !== 'conditional') return { items, unmasked: [] };
    if (!this.#access) throw new AppError('EXCHANGE_SHARING_CONDITIONAL', { resourceId: resource.id });
    const scope = await this.#access.subscriptionScope(resource, consumerDepartmentId, q);
    const granted = new Set(scope.items);
    return {
      items: (items ?? scope.items).filter((i) => granted.has(i)),
      unmasked: scope.unmasked,
      grantId: scope.grantId,
    };
  }

  onCommitted(listener: (e: { resourceId: string; lastSeq: number }) => void): () => void {
    this.#events.on('committed', listener);
    return () => this.#events.off('committed', listener);
  }

  /** Tells delivery workers in this process that changes (or a redelivery) are waiting. */
  committed(resourceId: string, lastSeq: number): void {
    this.#events.emit('committed', { resourceId, lastSeq });
  }

  /** A published resource whose format holds records, or the error that says why not. */
  async recordResource(resourceId: string): Promise<Resource> {
    const [resource] = await this.deps.catalog.publishedResources([resourceId]).catch(() => []);
    if (!resource || resource.status === 'retired')
      throw new AppError('EXCHANGE_RESOURCE_NOT_FOUND', { resourceId });
    if (!RECORD_FORMATS.includes(resource.formatCategory))
      throw new AppError('EXCHANGE_RESOURCE_NOT_RECORDS', {
        resourceId,
        formatCategory: resource.formatCategory,
      });
    return resource;
  }

  /** The row validator of the resource's published version, compiled once. */
  schemaOf(resource: Resource): RecordSchema {
    const id = `${resource.id}:${resource.publishedVersion}`;
    let schema = this.#schemas.get(id);
    if (!schema) {
      schema = compileRecordSchema(resource.items);
      this.#schemas.set(id, schema);
    }
    return schema;
  }

  /** The resource's change-log head (0 before its first change). */
  lastSeq(resourceId: string, q: Queryable = this.deps.db): Promise<number> {
    return exchangeRepo.lastSeq(q, resourceId);
  }

  /** Published resources by id (missing ones left out), for presenting rows that name them. */
  async resourcesById(ids: string[]): Promise<Map<string, Resource>> {
    const list = await this.deps.catalog.publishedResources([...new Set(ids)]);
    return new Map(list.map((r) => [r.id, r]));
  }
}
