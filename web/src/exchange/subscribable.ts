import { getResource, searchResources, type SharingType } from '../api/catalog';
import { getExchangeResource, listExchangeResources } from '../api/exchange';

/** Formats whose resources hold records (the server's RECORD_FORMATS). */
const RECORD_FORMATS: ReadonlySet<string> = new Set(['database', 'spreadsheet', 'service_api']);

export interface SubscribableResource {
  id: string;
  code: string;
  name: string;
  departmentName: string;
  /** A catalog sharing type (the exchange lists it as plain text). */
  sharingType: SharingType | (string & {});
  /** Records held; known only where the exchange lists the resource. */
  recordsHeld: number | null;
}

const SEARCH_LIMIT = 20;

/**
 * Resources a department may subscribe to. The exchange lists only resources within the caller's read reach (its
 * own departments for a steward), so a steward subscribing to another department's resource searches the
 * published catalog instead.
 */
export async function searchSubscribable(
  q: string,
  cityWide: boolean,
  signal: AbortSignal,
): Promise<SubscribableResource[]> {
  if (cityWide) {
    const page = await listExchangeResources({ q: q || undefined, limit: SEARCH_LIMIT }, signal);
    return page.items.map(({ id, code, name, departmentName, sharingType, recordsHeld }) => ({
      id,
      code,
      name,
      departmentName,
      sharingType,
      recordsHeld,
    }));
  }
  const result = await searchResources(
    { q: q || undefined, status: 'published', limit: 50, offset: 0 },
    signal,
  );
  return result.items
    .filter(({ formatCategory }) => RECORD_FORMATS.has(formatCategory))
    .slice(0, SEARCH_LIMIT)
    .map(({ id, code, name, departmentName, sharingType }) => ({
      id,
      code,
      name,
      departmentName,
      sharingType,
      recordsHeld: null,
    }));
}

/** The item names of a resource, from the exchange where the caller may read it, else from the catalog. */
export async function itemNamesOf(id: string, cityWide: boolean, signal: AbortSignal): Promise<string[]> {
  const resource = cityWide ? await getExchangeResource(id, signal) : await getResource(id, signal);
  return resource.items.map(({ name }) => name);
}
