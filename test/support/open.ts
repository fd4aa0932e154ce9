import type { ResourceInput } from '../../src/modules/catalog/schema.ts';
import type { TestApp } from './app.ts';
import { catalogFixture } from './catalog.ts';
import { ndjson, publishResource } from './exchange.ts';

export type OpenFixture = Awaited<ReturnType<typeof catalogFixture>> & {
  /** 无条件开放, published by 民政局. */
  open$: { id: string; code: string };
  /** 有条件开放, published by 公安局. */
  conditional$: { id: string; code: string };
  /** 不予开放, published by 民政局: must never appear. */
  closed$: { id: string; code: string };
};

/** A dataset's CKAN name from its resource code, as the portal derives it. */
export const datasetName = (code: string) => `r${code.replace('/', '-')}`;

/**
 * The open data portal's three kinds of resource over the same items and rows, published through the real review
 * flow and loaded through the push API (all-or-nothing): one of each open type.
 */
export async function openFixture(
  t: TestApp,
  items: ResourceInput['items'],
  rows: Record<string, unknown>[],
): Promise<OpenFixture> {
  const f = await catalogFixture(t);
  const base = { sharingType: 'unconditional' as const, sharingCondition: null, items, classCode: '211001' };
  const open$ = await publishResource(t, f.admin, f.mz, {
    ...base,
    name: '便民服务点信息',
    openType: 'open',
  });
  const conditional$ = await publishResource(t, f.admin, f.ga, {
    ...base,
    name: '便民服务点考核信息',
    openType: 'conditional',
    openCondition: '仅限经批准的研究用途',
  });
  const closed$ = await publishResource(t, f.admin, f.mz, {
    ...base,
    name: '内部服务点信息',
    openType: 'closed',
  });
  for (const [token, r] of [
    [f.stewardMz, open$],
    [f.stewardGa, conditional$],
    [f.stewardMz, closed$],
  ] as const) {
    const res = await t.call(token, {
      method: 'POST',
      url: `/api/exchange/resources/${r.id}/records?onError=reject`,
      headers: { 'content-type': 'application/x-ndjson' },
      payload: ndjson(rows),
    });
    if (res.statusCode >= 300) throw new Error(res.body);
    const inserted = (res.json() as { inserted: number }).inserted;
    if (inserted !== rows.length) throw new Error(`${inserted} of ${rows.length} rows inserted`);
  }
  t.services.open.datasets.invalidate();
  return { ...f, open$, conditional$, closed$ };
}
