/**
 * 公共数据开放 feedback, wired: `requests` (数据需求), `reports` (纠错), `ratings`, `showcases` (应用展示) and the
 * operator's `moderation`, over the portal's datasets.
 */
import { AppError } from '../../../core/errors.ts';
import type { Db } from '../../../db/index.ts';
import type { AuditService } from '../../audit/index.ts';
import type { IdentityService, Principal } from '../../identity/index.ts';
import type { OrgService } from '../../org/index.ts';
import type { OpenService } from '../service.ts';
import { OpenModeration } from './moderation.ts';
import { FeedbackPresenter } from './presenters.ts';
import { OpenRatings } from './ratings.ts';
import { OpenReports } from './reports.ts';
import { OpenRequests } from './requests.ts';
import type { OpenDatasetFeedbackT, OpenInboxQueryT } from './schema.ts';
import { OpenShowcases } from './showcases.ts';
import { submitterOf, type Submitter } from './support.ts';
import type { Scope } from '../../identity/index.ts';

export class OpenFeedbackService {
  readonly requests: OpenRequests;
  readonly reports: OpenReports;
  readonly ratings: OpenRatings;
  readonly showcases: OpenShowcases;
  readonly moderation: OpenModeration;

  constructor(
    db: Db,
    audit: AuditService,
    private readonly org: OrgService,
    private readonly identity: IdentityService,
    private readonly open: OpenService,
  ) {
    const present = new FeedbackPresenter(org, open.datasets);
    this.requests = new OpenRequests(db, audit, org, open.datasets, present);
    this.reports = new OpenReports(db, audit, open.datasets, present);
    this.ratings = new OpenRatings(db, audit, open.datasets, present);
    this.showcases = new OpenShowcases(db, audit, open.datasets, present);
    this.moderation = new OpenModeration(db, audit, present);
  }

  /** The signed-in person behind a submission, by the display name the account has now. */
  async submitter(principal: Principal): Promise<Submitter> {
    if (principal.kind !== 'user') return submitterOf(principal, '');
    return submitterOf(principal, (await this.identity.getUser(principal.id)).displayName);
  }

  /** Everything a dataset's page shows of its feedback: the rating, the latest comments, reports and showcases. */
  async ofDataset(name: string): Promise<OpenDatasetFeedbackT> {
    const ds = await this.open.datasets.byName(name);
    if (!ds) throw new AppError('OPEN_DATASET_NOT_FOUND', { name });
    const id = ds.resource.id;
    const [totals, ratings, reports, showcases] = await Promise.all([
      this.ratings.totals.of([id]),
      this.ratings.comments(id),
      this.reports.ofDataset(id),
      this.showcases.ofDataset(id),
    ]);
    return { rating: totals.get(id)!, ratings, reports, showcases };
  }

  /** The department inbox: what its steward has to answer (or has answered). */
  async inbox(scope: Scope, q: OpenInboxQueryT) {
    const state = q.state ?? 'waiting';
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    if (q.kind === 'request') {
      const r = await this.requests.inbox(scope, state, limit, offset);
      return { total: r.total, requests: r.items, reports: [] };
    }
    const r = await this.reports.inbox(scope, state, limit, offset);
    return { total: r.total, requests: [], reports: r.items };
  }

  /** Every department, for a request's form (a request may be for data no department has opened yet). */
  async departments(): Promise<{ id: string; name: string }[]> {
    const { items } = await this.org.search(undefined, 1000, 0);
    return items.map((d) => ({ id: d.id, name: d.name }));
  }
}
