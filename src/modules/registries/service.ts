/**
 * The base registries (人口基础库, 法人基础库), wired: `sources` (setting a registry up), `sync` (the exchange
 * subscriptions and linking), `publisher` (golden changes out through the registry's own resource), `stewardship`
 * (rules, conflicts, reviews, merge and un-merge) and `reads`.
 */
import type { Actor } from '../audit/index.ts';
import type { RegistryKind } from './kinds.ts';
import { RegistryPublisher } from './publish.ts';
import { RegistryReads } from './reads.ts';
import { RegistrySources } from './sources.ts';
import { RegistryStewardship } from './stewardship.ts';
import { RegistrySync, type RegistryDeps, type SyncOutcome } from './sync.ts';

export class RegistryService {
  readonly sources: RegistrySources;
  readonly sync: RegistrySync;
  readonly publisher: RegistryPublisher;
  readonly stewardship: RegistryStewardship;
  readonly reads: RegistryReads;
  #sourceResources = new Set<string>();

  constructor(readonly deps: RegistryDeps) {
    this.sources = new RegistrySources(deps);
    this.sync = new RegistrySync(deps);
    this.publisher = new RegistryPublisher(deps.db, deps.catalog, deps.exchange);
    this.stewardship = new RegistryStewardship(deps.db, deps.audit);
    this.reads = new RegistryReads(deps.db, deps.audit, deps.org);
  }

  /** Whether a resource feeds a registry (known after the first sync in this process). */
  isSource(resourceId: string): boolean {
    return this.#sourceResources.has(resourceId);
  }

  /** Reads every source's new changes into the registry, then publishes the golden records that changed. */
  async syncNow(actor: Actor, kind: RegistryKind): Promise<{ sources: SyncOutcome[]; published: number }> {
    for (const s of await this.sources.list(kind)) this.#sourceResources.add(s.resource_id);
    const sources = await this.sync.syncRegistry(actor, kind);
    const published = await this.publisher.publish(actor, kind);
    return { sources, published };
  }

  async syncAll(actor: Actor): Promise<void> {
    for (const kind of await this.reads.list()) await this.syncNow(actor, kind);
  }
}
