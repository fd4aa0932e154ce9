/**
 * How the registry fills itself: it is a consumer of a catalog resource holding indicator observations (统计局's
 * 主要经济指标数据 in the demo). It subscribes through the exchange (pull), reads the change log past the seq it
 * has applied, applies each page in one transaction that also moves its own applied seq, then acknowledges the page
 * to the exchange. Runs on demand ("sync now") and from the background loop (loop.ts).
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../../db/index.ts';
import { AppError } from '../../core/errors.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { ExchangeService } from '../exchange/index.ts';
import type { OrgService } from '../org/index.ts';
import { INDICATOR_NAMES_EN, unitCode } from './indicators.ts';
import { parseSourcePeriod } from './period.ts';
import { economyRepo, type IndicatorUpsert, type ObservationChange, type SourceRow } from './repo.ts';

/** The source resource's items the registry reads (the key first). */
export const SOURCE_ITEMS = {
  indicator: '指标代码',
  period: '统计期',
  region: '行政区划代码',
  freq: '频度',
  name: '指标名称',
  value: '观测值',
  unit: '计量单位',
  status: '观测状态',
  department: '报送部门',
} as const;
const REQUIRED_ITEMS = [SOURCE_ITEMS.indicator, SOURCE_ITEMS.period, SOURCE_ITEMS.region, SOURCE_ITEMS.value];

const PAGE = 2000;
const LEASE_SECONDS = 120;

export interface EconomyDeps {
  db: Db;
  audit: AuditService;
  org: OrgService;
  catalog: CatalogService;
  exchange: ExchangeService;
}

export interface SyncOutcome {
  resourceId: string;
  /** Changes applied by this run. */
  applied: number;
  /** Changes the registry could not read (a bad period, a value that is not a number…), skipped. */
  skipped: number;
  appliedSeq: number;
  /** False when another process held the source's lease (it is syncing right now). */
  ran: boolean;
}

/** One change read into the registry's terms, or the reason it cannot be. */
export function readChange(c: {
  seq: number;
  op: 'insert' | 'update' | 'delete';
  key: unknown[];
  data: Record<string, unknown> | null;
  at: string;
}): { change: ObservationChange; indicator: IndicatorUpsert | null } | { reason: string } {
  const d = c.data ?? {};
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
  // The key items come in the catalog's order: 指标代码, 统计期, 行政区划代码.
  const [indicator, periodText, region] =
    c.op === 'delete' || !c.data
      ? c.key.map(text)
      : [text(d[SOURCE_ITEMS.indicator]), text(d[SOURCE_ITEMS.period]), text(d[SOURCE_ITEMS.region])];
  if (!indicator || !/^[A-Za-z0-9_@$-]+$/.test(indicator)) return { reason: 'indicator' };
  if (!region || !/^[0-9]{6,12}$/.test(region)) return { reason: 'region' };
  const period = parseSourcePeriod(periodText ?? '');
  if (!period) return { reason: 'period' };
  const base = {
    seq: c.seq,
    indicator,
    freq: period.freq,
    region,
    period: period.id,
    periodStart: period.start,
    periodEnd: period.end,
    at: c.at,
  };
  if (c.op === 'delete')
    return { change: { ...base, op: 'delete', value: null, status: null }, indicator: null };
  const declared = text(d[SOURCE_ITEMS.freq]);
  if (declared && declared !== period.freq) return { reason: 'frequency' };
  const raw = d[SOURCE_ITEMS.value];
  const value =
    typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(value)) return { reason: 'value' };
  const status = text(d[SOURCE_ITEMS.status]) || 'A';
  if (!/^[A-Za-z0-9_@$-]+$/.test(status)) return { reason: 'status' };
  const unit = text(d[SOURCE_ITEMS.unit]);
  return {
    change: { ...base, op: c.op, value, status },
    indicator: {
      code: indicator,
      nameZh: text(d[SOURCE_ITEMS.name]) || indicator,
      nameEn: INDICATOR_NAMES_EN[indicator] ?? indicator,
      unit,
      unitCode: unitCode(unit),
      department: text(d[SOURCE_ITEMS.department]),
    },
  };
}

export class EconomySync {
  readonly #holder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

  constructor(private readonly deps: EconomyDeps) {}

  async sources(): Promise<SourceRow[]> {
    return economyRepo.sources(this.deps.db);
  }

  /**
   * Makes a resource a source of the registry: the registry's department subscribes to it (pull, from the
   * beginning; an existing subscription of that department is reused) and the next sync reads it.
   */
  async attach(actor: Actor, input: { resourceId: string; departmentId: string }): Promise<SourceRow> {
    const { db, exchange, catalog, org, audit } = this.deps;
    await org.get(input.departmentId);
    if (await economyRepo.source(db, input.resourceId))
      throw new AppError('ECONOMY_SOURCE_EXISTS', { resourceId: input.resourceId });
    const [resource] = await catalog.publishedResources([input.resourceId]).catch(() => []);
    if (!resource) throw new AppError('EXCHANGE_RESOURCE_NOT_FOUND', { resourceId: input.resourceId });
    const names = new Set(resource.items.map((i) => i.name));
    const missing = REQUIRED_ITEMS.filter((n) => !names.has(n));
    if (missing.length) throw new AppError('ECONOMY_SOURCE_UNSUITABLE', { resourceId: resource.id, missing });
    const existing = await exchange.subscriptions({
      consumerIds: [input.departmentId],
      providerIds: null,
      resourceId: resource.id,
    });
    const subscription =
      existing[0] ??
      (
        await exchange.subscribe(actor, {
          resourceId: resource.id,
          consumerDepartmentId: input.departmentId,
          mode: 'pull',
          from: 'beginning',
        })
      ).subscription;
    await db.transaction(async (tx) => {
      await economyRepo.insertSource(tx, {
        resourceId: resource.id,
        subscriptionId: subscription.id,
        departmentId: input.departmentId,
      });
      await audit.record(
        actor,
        {
          action: 'economy.source.attach',
          objectType: 'exchange_subscription',
          objectId: subscription.id,
          departmentId: input.departmentId,
          outcome: 'success',
          details: { resourceId: resource.id, code: resource.code },
        },
        tx,
      );
    });
    return (await economyRepo.source(db, resource.id))!;
  }

  /** Syncs every source; a source that fails keeps its error in its status and does not stop the others. */
  async syncAll(actor: Actor): Promise<SyncOutcome[]> {
    const out: SyncOutcome[] = [];
    for (const source of await economyRepo.sources(this.deps.db)) {
      try {
        out.push(await this.sync(actor, source));
      } catch {
        out.push({
          resourceId: source.resource_id,
          applied: 0,
          skipped: 0,
          appliedSeq: Number(source.applied_seq),
          ran: true,
        });
      }
    }
    return out;
  }

  /**
   * One source: nothing is pulled when the change log has nothing past the applied seq (so an idle loop leaves no
   * pull in the log); otherwise page after page until caught up. An `economy.sync` audit entry records a run that
   * applied something, and every run a person asked for.
   */
  async sync(actor: Actor, source: SourceRow): Promise<SyncOutcome> {
    const { db, exchange, audit } = this.deps;
    const applied0 = await economyRepo.claim(db, source.resource_id, this.#holder, LEASE_SECONDS);
    if (applied0 === null)
      return {
        resourceId: source.resource_id,
        applied: 0,
        skipped: 0,
        appliedSeq: Number(source.applied_seq),
        ran: false,
      };
    let appliedSeq = applied0;
    let applied = 0;
    let skipped = 0;
    const reasons: Record<string, number> = {};
    try {
      const sub = await exchange.subscription(source.subscription_id);
      let lastSeq = sub.lastSeq;
      while (appliedSeq < lastSeq) {
        const page = await exchange.pull(actor, source.subscription_id, appliedSeq, PAGE);
        lastSeq = page.lastSeq;
        if (!page.changes.length) break;
        const changes: ObservationChange[] = [];
        const indicators = new Map<string, IndicatorUpsert>();
        for (const c of page.changes) {
          const read = readChange(c);
          if ('reason' in read) {
            skipped++;
            reasons[read.reason] = (reasons[read.reason] ?? 0) + 1;
            continue;
          }
          changes.push(read.change);
          if (read.indicator) indicators.set(read.indicator.code, read.indicator);
        }
        await db.transaction((tx) =>
          economyRepo.apply(tx, source.resource_id, changes, [...indicators.values()], page.nextCursor),
        );
        await exchange.ack(actor, source.subscription_id, page.nextCursor);
        appliedSeq = page.nextCursor;
        applied += changes.length;
      }
      await economyRepo.release(db, source.resource_id, this.#holder, {
        changes: applied,
        skipped,
        error: null,
      });
      // A person's "sync now" is recorded even when it found nothing; the loop's idle runs are not.
      if (applied || skipped || actor.kind !== 'system')
        await audit.record(actor, {
          action: 'economy.sync',
          objectType: 'exchange_subscription',
          objectId: source.subscription_id,
          departmentId: source.department_id,
          outcome: 'success',
          details: { resourceId: source.resource_id, applied, skipped, reasons, appliedSeq },
        });
      return { resourceId: source.resource_id, applied, skipped, appliedSeq, ran: true };
    } catch (err) {
      const message = err instanceof AppError ? err.code : err instanceof Error ? err.message : String(err);
      await economyRepo.release(db, source.resource_id, this.#holder, {
        changes: applied,
        skipped,
        error: message.slice(0, 500),
      });
      throw err;
    }
  }
}
