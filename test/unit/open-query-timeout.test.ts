import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.ts';
import type { Item } from '../../src/modules/catalog/index.ts';
import type { ExchangeService } from '../../src/modules/exchange/index.ts';
import { columnsOf, type Dataset } from '../../src/modules/open/datasets.ts';
import { OpenRecords } from '../../src/modules/open/records.ts';
import { buildItem } from '../support/catalog.ts';

const items = [
  buildItem({ name: '编号', isKey: true }),
  buildItem({ name: '金额', dataType: 'N', length: 12 }),
] as unknown as Item[];
const dataset = {
  name: 'r211001-000001',
  openType: 'open',
  resource: { id: '00000000-0000-4000-8000-000000000001', items },
  columns: columnsOf(items),
} as unknown as Dataset;

/** An exchange whose every read fails as PostgreSQL fails it. */
const failing = (error: Error & { code?: string }) =>
  ({
    queryCurrent: () => Promise.reject(error),
    queryAsOf: () => Promise.reject(error),
  }) as unknown as ExchangeService;

describe('open data queries that run out of time', () => {
  it('answer 503 OPEN_QUERY_TIMEOUT, as queries and as CKAN’s datastore_search, instead of a 500', async () => {
    const canceled = Object.assign(new Error('canceling statement due to statement timeout'), {
      code: '57014',
    });
    const records = new OpenRecords(failing(canceled));
    for (const run of [
      () => records.query(dataset, { $select: 'count(*)' }),
      () => records.datastoreSearch(dataset, { limit: 100, offset: 0, includeTotal: true }),
    ]) {
      const err = await run().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'OPEN_QUERY_TIMEOUT', status: 503 });
      expect((err as AppError).details).toMatchObject({ dataset: dataset.name, timeoutMs: 10_000 });
    }
  });

  it('let any other database failure through as it is', async () => {
    const broken = Object.assign(new Error('connection terminated'), { code: '57P01' });
    const err = await new OpenRecords(failing(broken)).query(dataset, {}).catch((e: unknown) => e);
    expect(err).toBe(broken);
  });
});
