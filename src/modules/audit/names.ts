import type { NameResolver } from './service.ts';

/** What the name resolver needs of the modules that own the objects an entry names (their services). */
export interface NameSources {
  org: { getMany(ids: string[]): Promise<Map<string, { name: string }>> };
  identity: {
    getUser(id: string): Promise<{ username: string; displayName: string }>;
    getApiKey(id: string): Promise<{ name: string }>;
  };
  catalog: { publishedResources(ids?: string[]): Promise<{ id: string; name: string }[]> };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Names for the viewer: departments, users (display name and username), API keys and catalog resources, asked of
 * their modules for one page at a time. An object gone since, or of another kind, is simply not named.
 */
export function objectNames(s: NameSources): NameResolver {
  return async (refs) => {
    const names = new Map<string, string>();
    const ids = (...types: string[]) => [
      ...new Set(refs.filter((r) => types.includes(r.type) && UUID.test(r.id)).map((r) => r.id)),
    ];
    const one = async <T>(id: string, get: (id: string) => Promise<T>) => get(id).catch(() => undefined);
    const [departments, resources, users, keys] = await Promise.all([
      s.org.getMany(ids('department')),
      s.catalog.publishedResources(ids('catalog_resource', 'resource')).catch(() => []),
      Promise.all(ids('user').map(async (id) => [id, await one(id, (i) => s.identity.getUser(i))] as const)),
      Promise.all(
        ids('apikey').map(async (id) => [id, await one(id, (i) => s.identity.getApiKey(i))] as const),
      ),
    ]);
    for (const [id, d] of departments) names.set(`department:${id}`, d.name);
    for (const r of resources) {
      names.set(`catalog_resource:${r.id}`, r.name);
      names.set(`resource:${r.id}`, r.name);
    }
    for (const [id, u] of users) if (u) names.set(`user:${id}`, `${u.displayName} (${u.username})`);
    for (const [id, k] of keys) if (k) names.set(`apikey:${id}`, k.name);
    return names;
  };
}
