/** Rows → API objects: names of departments (asked of org) and datasets (the portal's view), authors masked. */
import type { OrgService } from '../../org/index.ts';
import type { OpenDatasets } from '../datasets.ts';
import type { QueueRow } from './moderation-repo.ts';
import type { RatingRow } from './rating-repo.ts';
import type { ReportRow } from './report-repo.ts';
import type { RequestRow } from './request-repo.ts';
import type {
  OpenModerationItemT,
  OpenRatingSummaryT,
  OpenRatingT,
  OpenReportT,
  OpenRequestT,
  OpenShowcaseT,
} from './schema.ts';
import type { ShowcaseRow } from './showcase-repo.ts';
import { maskName } from './support.ts';

const iso = (t: string | Date) => new Date(t).toISOString();
const isoOrNull = (t: string | Date | null) => (t === null ? null : iso(t));

export function ratingSummary(total: { count: number; stars: number } | undefined): OpenRatingSummaryT {
  if (!total || total.count <= 0) return { average: null, count: 0 };
  return { average: Math.round((total.stars / total.count) * 100) / 100, count: total.count };
}

export class FeedbackPresenter {
  constructor(
    private readonly org: OrgService,
    private readonly datasets: OpenDatasets,
  ) {}

  async #departments(ids: (string | null)[]) {
    const map = await this.org.getMany(ids.filter((id): id is string => !!id));
    return (id: string | null) => {
      if (!id) return null;
      return { id, name: map.get(id)?.name ?? '' };
    };
  }

  /** A dataset by its resource id, or its name, as `{ name, title }` (a retired one keeps its id as its name). */
  async #datasets() {
    const list = await this.datasets.list();
    const byId = new Map(list.map((d) => [d.resource.id, d]));
    const byName = new Map(list.map((d) => [d.name, d]));
    return {
      ofResource: (id: string) => {
        const d = byId.get(id);
        return d ? { name: d.name, title: d.resource.name } : { name: id, title: '' };
      },
      ofName: (name: string) => {
        const d = byName.get(name);
        return d ? { name: d.name, title: d.resource.name } : { name, title: '' };
      },
    };
  }

  async requests(rows: RequestRow[]): Promise<OpenRequestT[]> {
    const dept = await this.#departments(rows.map((r) => r.department_id));
    const ds = await this.#datasets();
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      description: r.description,
      purpose: r.purpose,
      author: maskName(r.author_name),
      department: dept(r.department_id),
      status: r.status,
      answer: r.answer,
      plannedDate: r.planned_date,
      dataset: r.dataset_name ? ds.ofName(r.dataset_name) : null,
      answeredAt: isoOrNull(r.answered_at),
      votes: r.votes,
      createdAt: iso(r.created_at),
    }));
  }

  async reports(rows: ReportRow[]): Promise<OpenReportT[]> {
    const dept = await this.#departments(rows.map((r) => r.department_id));
    const ds = await this.#datasets();
    return rows.map((r) => ({
      id: r.id,
      dataset: ds.ofResource(r.resource_id),
      department: dept(r.department_id) ?? { id: r.department_id, name: '' },
      author: maskName(r.author_name),
      recordKey: r.record_key,
      item: r.item,
      description: r.description,
      status: r.status,
      reply: r.reply,
      repliedAt: isoOrNull(r.replied_at),
      createdAt: iso(r.created_at),
    }));
  }

  rating(r: RatingRow): OpenRatingT {
    return {
      id: r.id,
      author: maskName(r.author_name),
      stars: r.stars,
      comment: r.comment,
      updatedAt: iso(r.updated_at),
    };
  }

  async showcases(rows: ShowcaseRow[]): Promise<OpenShowcaseT[]> {
    const ds = await this.#datasets();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      description: r.description,
      url: r.url,
      author: maskName(r.author_name),
      datasets: r.resource_ids.map((id) => ds.ofResource(id)),
      status: r.status,
      decisionReason: r.decision_reason,
      createdAt: iso(r.created_at),
    }));
  }

  /** The operator's view: the author's display name as the account has it. */
  async queue(rows: QueueRow[]): Promise<OpenModerationItemT[]> {
    const dept = await this.#departments(rows.map((r) => r.department_id));
    const ds = await this.#datasets();
    return rows.map((r) => ({
      kind: r.kind,
      id: r.id,
      title: r.title,
      text: r.text,
      author: r.author_name,
      status: r.status,
      dataset: r.resource_id ? ds.ofResource(r.resource_id) : null,
      department: dept(r.department_id),
      url: r.url,
      flags: r.flags,
      hiddenAt: isoOrNull(r.hidden_at),
      hiddenReason: r.hidden_reason,
      createdAt: iso(r.created_at),
    }));
  }
}
