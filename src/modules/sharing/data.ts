import type { Db } from '../../db/index.ts';
import { AppError } from '../../core/errors.ts';
import type { ExchangeService } from '../exchange/index.ts';
import { checkVerifyFields, keyParts, queryFilters, returnedItems, sameValue, shape } from './data-rules.ts';
import type { AccessGate, Caller } from './gate.ts';
import { grantRepo } from './grant-repo.ts';
import { grantState, maskedOf } from './presenters.ts';
import type { SharingResources } from './resources.ts';
import type { SharingSettings } from './settings.ts';
import type {
  DataCatalogEntryT,
  DataLookupResultT,
  DataQueryBodyT,
  DataQueryResultT,
  UsageMode,
  VerifyBodyT,
  VerifyResultT,
} from './schema.ts';

// Records per page of a bulk export.
const EXPORT_PAGE = 1_000;
// An access entry lists at most this many keys (a query page can touch more; the count is always kept).
const MAX_LOGGED_KEYS = 100;
// Status values that mean a matched record is no longer in force (人口状态, 登记状态, 证照状态 …).
const NOT_CURRENT = /注销|吊销|撤销|死亡|迁出|失效|作废|废止|终止|停业|歇业|过期/;

/**
 * 数据服务: what consumer systems call within their grants — lookup by key, filtered query, verification, bulk
 * export — each through the access gate, projected to the granted items and masked per grant.
 */
export class DataService {
  constructor(
    private readonly db: Db,
    private readonly gate: AccessGate,
    private readonly resources: SharingResources,
    private readonly settings: SharingSettings,
    private readonly exchange: ExchangeService,
  ) {}

  /** GET /api/data/{resource}/records/{key}: one record, granted items only, masked as granted. */
  async lookup(
    caller: Caller,
    resourceId: string,
    keySegment: string,
    purpose: string | null,
    items?: string[],
  ): Promise<DataLookupResultT> {
    const call = { action: 'data.lookup', mode: 'query', resourceId, caller, purpose } as const;
    return this.gate.access(call, async (resource, grant) => {
      const returned = returnedItems(resource, grant, items);
      const checked = this.exchange.canonicalKey(resource, keyParts(resource, keySegment));
      if (!checked.ok)
        throw new AppError('SHARING_KEY_INVALID', {
          fields: checked.errors.map((e) => ({ field: e.field, code: e.code, message: e.message })),
        });
      const key = checked.key;
      const row = await this.exchange.recordByKey(resource.id, key);
      if (!row) throw new AppError('SHARING_RECORD_NOT_FOUND', { keys: [key] });
      const masked = maskedOf(resource, returned, grant.unmasked_items);
      return {
        result: {
          resourceId: resource.id,
          record: {
            key: JSON.parse(row.record_key) as unknown[],
            data: shape(resource, grant, returned, row.data),
            updatedAt: row.updated_at.toISOString(),
          },
          maskedItems: masked,
          grantId: grant.id,
        },
        details: { keys: [key], keyCount: 1, items: returned, maskedItems: masked, records: 1 },
        records: 1,
      };
    });
  }

  /**
   * POST /api/data/{resource}/query: filtered, keyset-paged, filters only on granted items in clear. Without the
   * bulk mode the filter must select by equality and match at most one page of the policy's maximum (a search, not
   * an extract); every record returned counts against the daily quota.
   */
  async query(
    caller: Caller,
    resourceId: string,
    body: DataQueryBodyT,
    purpose: string | null,
  ): Promise<DataQueryResultT> {
    const policy = await this.settings.current();
    const call = { action: 'data.query', mode: 'query', resourceId, caller, purpose } as const;
    return this.gate.access(call, async (resource, grant) => {
      const returned = returnedItems(resource, grant, body.items);
      const limit = Math.min(body.limit ?? 100, policy.maxQueryLimit);
      const filters = queryFilters(resource, grant, body.where ?? {});
      let after: string | null = null;
      if (body.cursor) {
        try {
          after = Buffer.from(body.cursor, 'base64url').toString('utf8');
          JSON.parse(after);
        } catch {
          throw new AppError('SHARING_CURSOR_INVALID');
        }
      }
      if (!grant.usage_modes.includes('bulk')) {
        // Measured on the filter alone: a cursor is a position among the keys, so it cannot narrow a search.
        const matching = await this.exchange.findRecords(
          resource.id,
          filters,
          null,
          policy.maxQueryLimit + 1,
        );
        if (matching.length > policy.maxQueryLimit)
          throw new AppError('SHARING_QUERY_NOT_SELECTIVE', { maxRecords: policy.maxQueryLimit });
      }
      const rows = await this.exchange.findRecords(resource.id, filters, after, limit);
      const masked = maskedOf(resource, returned, grant.unmasked_items);
      const keys = rows.map((r) => r.record_key);
      return {
        result: {
          resourceId: resource.id,
          records: rows.map((r) => ({
            key: JSON.parse(r.record_key) as unknown[],
            data: shape(resource, grant, returned, r.data),
            updatedAt: r.updated_at.toISOString(),
          })),
          nextCursor:
            rows.length === limit
              ? Buffer.from(rows[rows.length - 1]!.record_key).toString('base64url')
              : null,
          maskedItems: masked,
          grantId: grant.id,
        },
        details: {
          keys: keys.slice(0, MAX_LOGGED_KEYS),
          keyCount: keys.length,
          items: returned,
          maskedItems: masked,
          records: rows.length,
          filter: Object.keys(body.where ?? {}),
        },
        records: rows.length,
      };
    });
  }

  /**
   * POST /api/data/{resource}/verify (核验): does a record with this key exist whose given fields all equal the
   * values sent, and is it in force? Nothing else about the record is returned. Only key items and items granted in
   * clear may be compared, and each API key (or user) may verify at most the policy's number per minute.
   */
  async verify(
    caller: Caller,
    resourceId: string,
    body: VerifyBodyT,
    purpose: string | null,
  ): Promise<VerifyResultT> {
    const { verifyPerMinute } = await this.settings.current();
    const call = {
      action: 'data.verify',
      mode: 'verify',
      resourceId,
      caller,
      purpose,
      verifyPerMinute,
    } as const;
    return this.gate.access(call, async (resource, grant) => {
      const keyItems = resource.items.filter((i) => i.isKey).map((i) => i.name);
      const missingKey = keyItems.filter((k) => body.fields[k] === undefined || body.fields[k] === null);
      if (missingKey.length)
        throw new AppError('SHARING_KEY_INVALID', {
          fields: missingKey.map((field) => ({
            field,
            code: 'REQUIRED',
            message: `核验须提供主键“${field}”`,
          })),
        });
      const fields = Object.keys(body.fields);
      checkVerifyFields(resource, grant, fields);
      const checked = this.exchange.canonicalKey(resource, body.fields);
      const key = checked.ok ? checked.key : null;
      const row = key ? await this.exchange.recordByKey(resource.id, key) : undefined;
      let match = false;
      let current = false;
      if (row) {
        match = fields.every((f) => keyItems.includes(f) || sameValue(row.data[f], body.fields[f]));
        if (match) {
          const status = resource.items.find(
            (i) => /状态$/.test(i.name) && typeof row.data[i.name] === 'string',
          );
          current = !status || !NOT_CURRENT.test(String(row.data[status.name]));
        }
      }
      return {
        result: {
          resourceId: resource.id,
          match,
          current: match && current,
          checkedAt: new Date().toISOString(),
          grantId: grant.id,
        },
        details: {
          keys: key ? [key] : [],
          keyCount: key ? 1 : 0,
          items: fields,
          maskedItems: [],
          records: 0,
          match,
        },
        records: 0,
      };
    });
  }

  /**
   * GET /api/data/{resource}/export (批量): every held record as NDJSON, granted items only, masked as granted, for a
   * grant with the bulk mode. The call's audit entry (with the number of records held) commits before the first
   * line is sent; the lines are then read page by page in key order. It counts one against the daily quota: the
   * bulk mode is the provider's consent to whole-set extracts.
   */
  async export(
    caller: Caller,
    resourceId: string,
    purpose: string | null,
    items?: string[],
  ): Promise<AsyncGenerator<string>> {
    const call = { action: 'data.export', mode: 'bulk', resourceId, caller, purpose } as const;
    return this.gate.access(call, async (resource, grant) => {
      const returned = returnedItems(resource, grant, items);
      const masked = maskedOf(resource, returned, grant.unmasked_items);
      const held = (await this.exchange.resource(resource.id)).recordsHeld;
      const exchange = this.exchange;
      const lines = async function* () {
        let after: string | null = null;
        for (;;) {
          const rows = await exchange.findRecords(resource.id, [], after, EXPORT_PAGE);
          for (const r of rows)
            yield `${JSON.stringify({ key: JSON.parse(r.record_key) as unknown[], data: shape(resource, grant, returned, r.data) })}\n`;
          if (rows.length < EXPORT_PAGE) return;
          after = rows[rows.length - 1]!.record_key;
        }
      };
      return {
        result: lines(),
        details: { keys: [], keyCount: held, items: returned, maskedItems: masked, records: held },
        records: held,
        quotaUnits: 1,
      };
    });
  }

  /** What the caller may use now through the data service. */
  async catalog(caller: Caller): Promise<DataCatalogEntryT[]> {
    const { rows } = await grantRepo.grants(
      this.db,
      { consumerIds: [caller.consumerDepartmentId] },
      10_000,
      0,
    );
    const live = rows.filter(
      (g) => grantState(g) === 'active' && (g.api_key_id === null || g.api_key_id === caller.apiKeyId),
    );
    const out: DataCatalogEntryT[] = [];
    for (const g of live) {
      const resource = await this.resources.get(g.resource_id).catch(() => null);
      if (!resource) continue;
      const granted = new Set(g.items);
      const masked = new Set(maskedOf(resource, g.items, g.unmasked_items));
      out.push({
        grantId: g.id,
        resourceId: resource.id,
        resourceCode: resource.code,
        resourceName: resource.name,
        providerDepartmentName: resource.departmentName,
        purpose: g.purpose,
        usageModes: g.usage_modes as UsageMode[],
        items: resource.items
          .filter((i) => granted.has(i.name) || i.isKey)
          .map((i) => ({ name: i.name, dataType: i.dataType, isKey: i.isKey, masked: masked.has(i.name) })),
        validTo: g.valid_to.toISOString(),
        dailyQuota: g.daily_quota,
      });
    }
    return out;
  }
}
