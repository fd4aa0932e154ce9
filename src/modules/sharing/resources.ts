import { AppError } from '../../core/errors.ts';
import type { CatalogService, Resource } from '../catalog/index.ts';

const RESOURCE_CACHE_MS = 5_000;

/** Published resources as the sharing module reads them: through the catalog, remembered for a few seconds. */
export class SharingResources {
  readonly #resources = new Map<string, { at: number; resource: Resource }>();
  readonly #loading = new Map<string, Promise<Resource | undefined>>();

  constructor(private readonly catalog: CatalogService) {}

  /** A published resource, cached for a few seconds (a catalog revision reaches the data service within them). */
  async get(id: string): Promise<Resource> {
    const hit = this.#resources.get(id);
    if (hit && Date.now() - hit.at < RESOURCE_CACHE_MS) return hit.resource;
    // Calls arriving while the catalog is being read (all of them, under load, when the entry expires) share the read.
    let loading = this.#loading.get(id);
    if (!loading) {
      loading = (/^[0-9a-f-]{36}$/i.test(id) ? this.catalog.publishedResources([id]) : Promise.resolve([]))
        .then(([r]) => r)
        .finally(() => this.#loading.delete(id));
      this.#loading.set(id, loading);
    }
    const resource = await loading;
    if (!resource || resource.status === 'retired') throw new AppError('CATALOG_RESOURCE_NOT_FOUND', { id });
    this.#resources.set(id, { at: Date.now(), resource });
    return resource;
  }
}
