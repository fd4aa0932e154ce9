import type { Actor } from '../modules/audit/index.ts';
import type { SourceRow } from '../modules/exchange/index.ts';
import type { Services } from '../server/context.ts';
import { DEMO_FRONT_RESOURCE } from './frontdb.ts';
import { buildDemoRecords, type DemoRecordsOptions } from './records/index.ts';

export interface DemoExchangeReport {
  /** Record sets loaded by this run, with the rows each brought. */
  loaded: { resource: string; records: number }[];
  subscriptions: number;
}

/** Which department consumes what in the demo, and how. */
export const DEMO_SUBSCRIPTIONS = [
  // 公积金中心 pulls the population register to check depositors' identities (pull, by its own system).
  { consumer: 'gjj', provider: 'gaj', resource: '人口基本信息', mode: 'pull' as const },
  // 不动产登记中心 receives enterprise registrations as they change (webhook to its receiving system).
  { consumer: 'bdc', provider: 'scjgj', resource: null, mode: 'webhook' as const },
];

function* sourceRows(rows: Iterable<Record<string, unknown>>): Generator<SourceRow> {
  let row = 0;
  for (const values of rows) yield { row: ++row, values };
}

/**
 * Loads the demo city's records through the real ingest path (validated, change-captured, logged and audited like
 * any department's push) and creates the demo subscriptions. Idempotent: a resource that already holds records is
 * left alone, an existing subscription is kept.
 */
export async function seedDemoExchange(
  services: Services,
  actor: Actor,
  departmentIds: Map<string, string>,
  options: DemoRecordsOptions & {
    /** Base URL of the demo receiver (`…/api/demo/receiver`) the webhook subscription posts to. */
    webhookBase?: string | undefined;
    onProgress?: (step: string, done: number, total: number) => void;
  } = {},
): Promise<DemoExchangeReport> {
  const progress = options.onProgress ?? (() => undefined);
  const published = await services.catalog.publishedResources();
  const find = (departmentKey: string, name: string | null, hint?: string) =>
    published.find(
      (r) =>
        r.departmentId === departmentIds.get(departmentKey) &&
        (name ? r.name === name : hint ? r.name.includes(hint) : true),
    );

  // 公积金中心's deposits arrive through its front database and pull connector (see frontdb.ts), not here.
  const sets = buildDemoRecords(options).filter(
    (s) =>
      !(
        s.departmentKey === DEMO_FRONT_RESOURCE.departmentKey &&
        s.resourceName === DEMO_FRONT_RESOURCE.resourceName
      ),
  );
  const loaded: DemoExchangeReport['loaded'] = [];
  for (const [i, set] of sets.entries()) {
    const resource = find(set.departmentKey, set.resourceName);
    if (!resource)
      throw new Error(`demo records: no published resource ${set.departmentKey}/${set.resourceName}`);
    const state = await services.exchange.resource(resource.id);
    if (state.recordsHeld === 0) {
      const result = await services.exchange.ingest(actor, resource.id, sourceRows(set.rows()), {
        source: 'seed',
        // The resource holds nothing yet: an upsert is the whole set, without a snapshot's deletion pass.
        mode: 'upsert',
      });
      loaded.push({ resource: resource.name, records: result.inserted });
    }
    progress('records', i + 1, sets.length);
  }

  let subscriptions = 0;
  const enterpriseSet = sets.find((s) => s.departmentKey === 'scjgj');
  for (const spec of DEMO_SUBSCRIPTIONS) {
    const resource = find(spec.provider, spec.resource ?? enterpriseSet?.resourceName ?? null);
    const consumerId = departmentIds.get(spec.consumer);
    if (!resource || !consumerId) continue;
    const existing = await services.exchange.subscriptions({
      consumerIds: [consumerId],
      providerIds: null,
      resourceId: resource.id,
    });
    if (existing.length) continue;
    if (spec.mode === 'webhook' && !options.webhookBase) continue;
    // The demo receiver is this server itself, on loopback: allowed here as an operator would allow-list it.
    if (spec.mode === 'webhook') services.exchange.webhookTargets.allow(new URL(options.webhookBase!).host);
    await services.exchange.subscribe(actor, {
      resourceId: resource.id,
      consumerDepartmentId: consumerId,
      mode: spec.mode,
      webhookUrl: spec.mode === 'webhook' ? `${options.webhookBase}` : null,
      from: 'beginning',
    });
    subscriptions++;
  }
  return { loaded, subscriptions };
}
