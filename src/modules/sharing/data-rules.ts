import { maskRecord } from '../../lib/mask.ts';
import { AppError } from '../../core/errors.ts';
import type { Resource } from '../catalog/index.ts';
import type { RecordFilter } from '../exchange/index.ts';
import { maskedOf } from './presenters.ts';
import type { AccessGrantRow } from './repo.ts';
import type { FilterConditionT } from './schema.ts';

// Operators that select by equality; any other on a key item walks a range of keys (ID numbers) and is refused.
const EQUALITY = new Set<RecordFilter['op']>(['eq', 'in']);

/**
 * The items a call returns: the key items always (they identify the record, are never masked, and are in
 * `record.key` anyway, as in subscriptions and the consumer's OpenAPI schema), plus those asked for (default all
 * granted), each within the grant.
 */
export function returnedItems(
  resource: Resource,
  grant: AccessGrantRow,
  asked: readonly string[] | undefined,
): string[] {
  const keys = resource.items.filter((i) => i.isKey).map((i) => i.name);
  const granted = new Set([...grant.items, ...keys]);
  const outside = (asked ?? []).filter((i) => !granted.has(i));
  // The names come from the caller; the error repeats nothing else.
  if (outside.length) throw new AppError('SHARING_ITEM_NOT_GRANTED', { items: outside });
  const wanted = asked ? new Set([...keys, ...asked]) : granted;
  return resource.items.map((i) => i.name).filter((n) => wanted.has(n));
}

/** A record projected to `items` and masked as the grant says. */
export function shape(
  resource: Resource,
  grant: AccessGrantRow,
  items: string[],
  data: Record<string, unknown>,
) {
  const projected: Record<string, unknown> = {};
  for (const name of items) if (Object.hasOwn(data, name)) projected[name] = data[name];
  return maskRecord(projected, resource.items, new Set(grant.unmasked_items));
}

/**
 * A query's filters, within the grant: only granted items, never masked ones (filtering on a masked item would
 * reveal it one guess at a time), key items by equality only. Without the bulk mode a query must also select by
 * equality on at least one item it can read in clear — a search for records, not a way to walk the resource.
 */
export function queryFilters(
  resource: Resource,
  grant: AccessGrantRow,
  where: Record<string, FilterConditionT>,
): RecordFilter[] {
  const keys = new Set(resource.items.filter((i) => i.isKey).map((i) => i.name));
  const granted = new Set([...grant.items, ...keys]);
  const outside = Object.keys(where).filter((i) => !granted.has(i));
  if (outside.length) throw new AppError('SHARING_ITEM_NOT_GRANTED', { items: outside });
  const masked = new Set(maskedOf(resource, grant.items, grant.unmasked_items));
  const onMasked = Object.keys(where).filter((i) => masked.has(i));
  if (onMasked.length) throw new AppError('SHARING_ITEM_NOT_GRANTED', { items: onMasked, reason: 'masked' });
  const out: RecordFilter[] = [];
  for (const [item, cond] of Object.entries(where)) {
    if (cond === null || typeof cond !== 'object') out.push({ item, op: 'eq', value: cond });
    else
      for (const [op, value] of Object.entries(cond))
        if (value !== undefined) out.push({ item, op: op as RecordFilter['op'], value });
  }
  const ranges = [...new Set(out.filter((f) => keys.has(f.item) && !EQUALITY.has(f.op)).map((f) => f.item))];
  if (ranges.length) throw new AppError('SHARING_QUERY_KEY_RANGE', { items: ranges });
  if (!grant.usage_modes.includes('bulk') && !out.some(selects))
    throw new AppError('SHARING_QUERY_FILTER_REQUIRED', {
      fields: [
        {
          field: 'where',
          code: 'EQUALITY_REQUIRED',
          message: {
            zh: '请至少对一个已授权的明文信息项给出等值（或 in）条件',
            en: 'Give an equality (or in) condition on at least one granted item in clear',
          },
        },
      ],
    });
  return out;
}

/** An equality that narrows: to a value (not to null, which matches every record lacking the item). */
function selects(f: RecordFilter): boolean {
  if (f.op === 'eq') return f.value !== null;
  if (f.op === 'in') return Array.isArray(f.value) && f.value.length > 0 && f.value.every((v) => v !== null);
  return false;
}

/**
 * The fields a verification may compare: key items, and granted items the consumer reads in clear. A masked item
 * is refused: answering match / no match on it would confirm guesses of the value the mask hides.
 */
export function checkVerifyFields(resource: Resource, grant: AccessGrantRow, fields: string[]): void {
  const keys = new Set(resource.items.filter((i) => i.isKey).map((i) => i.name));
  returnedItems(
    resource,
    grant,
    fields.filter((f) => !keys.has(f)),
  );
  const masked = maskedOf(resource, fields, grant.unmasked_items);
  if (masked.length) throw new AppError('SHARING_VERIFY_ITEM_NOT_CLEAR', { items: masked });
}

/** The key items' values from a URL segment: "v" for one key item, "v1|v2" or a JSON array for several. */
export function keyParts(resource: Resource, segment: string): Record<string, unknown> {
  const keyItems = resource.items
    .filter((i) => i.isKey)
    .sort((a, b) => a.position - b.position)
    .map((i) => i.name);
  let parts: unknown[];
  if (segment.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(segment);
      parts = Array.isArray(parsed) ? parsed : [segment];
    } catch {
      parts = [segment];
    }
  } else parts = keyItems.length > 1 ? segment.split('|') : [segment];
  if (parts.length !== keyItems.length)
    throw new AppError('SHARING_KEY_INVALID', { expected: keyItems, got: parts.length });
  return Object.fromEntries(keyItems.map((name, i) => [name, parts[i]]));
}

/** Equality for verification: text compared trimmed and case-insensitively (an ID's X), numbers by value. */
export function sameValue(held: unknown, sent: unknown): boolean {
  if (held === undefined || held === null) return sent === null || sent === undefined || sent === '';
  if (typeof held === 'number') return Number(sent) === held;
  if (typeof held === 'boolean') return String(sent).toLowerCase() === String(held);
  return (
    String(held).trim().toUpperCase() ===
    String(sent ?? '')
      .trim()
      .toUpperCase()
  );
}
