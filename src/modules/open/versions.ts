/**
 * 版本与变更: what CKAN lacks — a dataset's versions (the exchange batches that changed it), what changed between
 * two moments, and the change feed in Atom. All of it is read from the exchange's change log through its service
 * (`versions`, `diff`, `historyStart`); nothing is copied. Sensitive (敏感) items are no part of a dataset's data
 * here either: a diff asks the exchange for the open items alone, so a change to a sensitive item alone is no
 * difference and its values never leave the database.
 */
import { AppError } from '../../core/errors.ts';
import type { ExchangeService, ResourceVersion } from '../exchange/index.ts';
import { atomFeed, type AtomEntry } from './atom.ts';
import type { Dataset, OpenDatasets } from './datasets.ts';
import { earliestDate, momentInWindow, type HistoryWindow } from './moment.ts';
import { QUERY_TIMEOUT_MS } from './records.ts';
import type { OpenUsage } from './usage.ts';
import type {
  DiffQueryT,
  OpenDiffT,
  OpenVersionT,
  OpenVersionsT,
  VersionsQueryT,
} from './versions-schema.ts';

/** Versions a feed carries: the newest, as feed readers poll. */
export const FEED_ENTRIES = 50;
const CST_MS = 8 * 3_600_000;

/** An instant as the city reads it: 2026-01-31 08:00 (UTC+8). */
function cityTime(at: Date): string {
  return new Date(at.getTime() + CST_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** A JSON value's identity: a missing item is null, objects compare by their (jsonb-normalized) text. */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function pick(data: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of names) out[n] = data[n] ?? null;
  return out;
}

/** A version's links: the data as of it (query API) and what it changed (diff). */
export function versionLinks(base: string, name: string, at: Date): { query: string; diff: string } {
  const api = `${base}/open/api/datasets/${name}`;
  return {
    query: `${api}/query?${new URLSearchParams({ asOf: at.toISOString() }).toString()}`,
    // Just before the version to the version: the log's times are milliseconds.
    diff: `${api}/diff?${new URLSearchParams({
      from: new Date(at.getTime() - 1).toISOString(),
      to: at.toISOString(),
    }).toString()}`,
  };
}

export class OpenVersions {
  constructor(
    private readonly datasets: OpenDatasets,
    private readonly exchange: ExchangeService,
    private readonly usage: OpenUsage,
  ) {}

  /** The history that can be asked for, now: from the exchange's retained window to this moment. */
  window(now: Date = new Date()): HistoryWindow {
    return { earliest: this.exchange.historyStart(now), now };
  }

  /** `asOf` (or another field) as a moment inside the history, or a 400 naming the field. */
  moment(text: string, field = 'asOf'): Date {
    return momentInWindow(text, field, this.window());
  }

  async #dataset(name: string): Promise<Dataset> {
    const ds = await this.datasets.byName(name);
    if (!ds) throw new AppError('OPEN_DATASET_NOT_FOUND', { name });
    return ds;
  }

  #version(ds: Dataset, base: string, v: ResourceVersion, w: HistoryWindow): OpenVersionT {
    return {
      id: v.batchId,
      at: v.at.toISOString(),
      inserted: v.inserted,
      updated: v.updated,
      deleted: v.deleted,
      // Its diff starts a millisecond before it: that moment must be inside the history too.
      available: v.at.getTime() - 1 >= w.earliest.getTime(),
      links: versionLinks(base, ds.name, v.at),
    };
  }

  /** A dataset's versions, newest first (both open types: the counts reveal no record). */
  async list(name: string, query: VersionsQueryT, base: string): Promise<OpenVersionsT> {
    const ds = await this.#dataset(name);
    const limit = query.limit ?? 20;
    const page = await this.exchange.versions(ds.resource.id, { beforeSeq: query.before ?? null, limit });
    const w = this.window();
    return {
      total: page.total,
      items: page.items.map((v) => this.#version(ds, base, v, w)),
      nextCursor: page.items.length === limit ? page.items.at(-1)!.lastSeq : null,
      earliest: w.earliest.toISOString(),
      earliestDate: earliestDate(w.earliest),
      feed: `${base}/open/api/datasets/${ds.name}/changes.atom`,
    };
  }

  /**
   * What differs between `from` and `to` (default now): records added, changed (the changed items' values
   * before and after) and removed, keyset-paged. 有条件开放 data is not public: 403 as for a query.
   */
  async diff(name: string, query: DiffQueryT): Promise<OpenDiffT> {
    const ds = await this.#dataset(name);
    if (ds.openType !== 'open') throw new AppError('OPEN_DATASET_CONDITIONAL', { name: ds.name });
    const w = this.window();
    const from = momentInWindow(query.from, 'from', w);
    const to = query.to === undefined ? w.now : momentInWindow(query.to, 'to', w);
    if (from.getTime() >= to.getTime())
      throw new AppError('OPEN_DIFF_RANGE', {
        field: 'from',
        from: from.toISOString(),
        to: to.toISOString(),
        fields: [{ field: 'from', message: 'must be before to' }],
      });
    const open = ds.columns.filter((c) => !c.sensitive);
    const names = open.map((c) => c.name);
    const keyNames = open.filter((c) => c.item.isKey).map((c) => c.name);
    const limit = query.limit ?? 100;
    const rows = await this.exchange.diff(
      ds.resource.id,
      { from, to },
      names,
      { afterSeq: query.after ?? 0, limit },
      QUERY_TIMEOUT_MS,
    );
    // A diff is a read of the data: counted with the API calls.
    this.usage.count(ds.resource.id, 'api');
    const items = rows.map((r): OpenDiffT['items'][number] => {
      const either = (r.after ?? r.before)!;
      const key = pick(either, keyNames);
      if (!r.before) return { kind: 'added', key, before: null, after: pick(r.after!, names) };
      if (!r.after) return { kind: 'removed', key, before: pick(r.before, names), after: null };
      const changed = names.filter((n) => !same(r.before![n], r.after![n]));
      return { kind: 'changed', key, before: pick(r.before, changed), after: pick(r.after, changed) };
    });
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      items,
      nextCursor: rows.length === limit ? rows.at(-1)!.seq : null,
    };
  }

  /** The Atom feed of a dataset's newest versions, each linking to what it changed and to the data as of it. */
  async feed(name: string, base: string): Promise<string> {
    const ds = await this.#dataset(name);
    const { items } = await this.exchange.versions(ds.resource.id, { limit: FEED_ENTRIES });
    const w = this.window();
    const page = `${base}/open/datasets/${ds.name}`;
    const self = `${base}/open/api/datasets/${ds.name}/changes.atom`;
    const entries = items.map((v): AtomEntry => {
      const version = this.#version(ds, base, v, w);
      const counts = `新增 ${v.inserted} 条 · 更新 ${v.updated} 条 · 删除 ${v.deleted} 条`;
      return {
        id: `urn:uuid:${v.batchId}`,
        title: `${cityTime(v.at)} ${counts}`,
        updated: v.at,
        summary:
          `${ds.resource.name}于 ${cityTime(v.at)}（UTC+8）更新：${counts}。` +
          ` Inserted ${v.inserted}, updated ${v.updated}, deleted ${v.deleted}.`,
        links: version.available
          ? [
              { rel: 'alternate', type: 'application/json', href: version.links.diff, title: '本次变更' },
              { rel: 'related', type: 'application/json', href: version.links.query, title: '此版本的数据' },
            ]
          : // Beyond the history kept the data cannot be rebuilt: the dataset's page stands in.
            [{ rel: 'alternate', type: 'text/html', href: page, title: ds.resource.name }],
      };
    });
    return atomFeed({
      id: self,
      title: `${ds.resource.name} · 数据变更`,
      subtitle: `${ds.organization.title}发布的开放数据集的版本：每批更新的新增、更新、删除条数`,
      updated: items[0]?.at ?? new Date(ds.modifiedAt),
      author: ds.organization.title,
      links: [
        { rel: 'self', type: 'application/atom+xml', href: self },
        { rel: 'alternate', type: 'text/html', href: page },
      ],
      entries,
    });
  }
}
