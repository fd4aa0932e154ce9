/**
 * The macro-economy registry (宏观经济基础库), wired: `sync` (the exchange subscription and its application),
 * `sdmx` (the public SDMX REST face), `reads` (the staff API's reads and status).
 */
import type { Actor } from '../audit/index.ts';
import { RegistryReads } from './registry.ts';
import { SdmxService } from './sdmx.ts';
import { EconomySync, type EconomyDeps, type SyncOutcome } from './sync.ts';

export class EconomyService {
  readonly sync: EconomySync;
  readonly sdmx: SdmxService;
  readonly reads: RegistryReads;
  #sources = new Set<string>();

  constructor(readonly deps: EconomyDeps) {
    this.sync = new EconomySync(deps);
    this.sdmx = new SdmxService(deps);
    this.reads = new RegistryReads(deps, this.sdmx);
  }

  /** Whether a resource feeds the registry (known after the first sync or attach in this process). */
  isSource(resourceId: string): boolean {
    return this.#sources.has(resourceId);
  }

  async attach(actor: Actor, input: { resourceId: string; departmentId: string }) {
    const source = await this.sync.attach(actor, input);
    this.#sources.add(source.resource_id);
    return source;
  }

  async syncNow(actor: Actor): Promise<SyncOutcome[]> {
    const out = await this.sync.syncAll(actor);
    for (const o of out) this.#sources.add(o.resourceId);
    return out;
  }

  /** The departments whose steward may run the registry's sync: those that subscribe for it. */
  async departments(): Promise<string[]> {
    return [...new Set((await this.sync.sources()).map((s) => s.department_id))];
  }
}
