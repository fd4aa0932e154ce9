/**
 * Ratings: 1–5 stars and an optional comment, one per account and dataset (a new one replaces it). Each change
 * moves the dataset's running count and sum of stars in its own transaction, so a page of cards reads one row per
 * dataset, never every rating. A hidden rating counts in no average (moderation.ts takes it out and puts it back).
 */
import { AppError } from '../../../core/errors.ts';
import type { Db, Queryable } from '../../../db/index.ts';
import type { Actor, AuditService } from '../../audit/index.ts';
import type { OpenDatasets } from '../datasets.ts';
import { ratingSummary, type FeedbackPresenter } from './presenters.ts';
import { ratingRepo } from './rating-repo.ts';
import type { OpenRatingInputT, OpenRatingSummaryT, OpenRatingT } from './schema.ts';
import { throttle, type Submitter } from './support.ts';

/** Rated comments a dataset's page lists. */
const COMMENTS_SHOWN = 20;

/** The read side of the totals, which the portal's search and dataset pages use for their cards. */
export class RatingTotals {
  constructor(private readonly db: Db) {}

  async of(resourceIds: string[], q: Queryable = this.db): Promise<Map<string, OpenRatingSummaryT>> {
    const rows = await ratingRepo.totals(q, resourceIds);
    const out = new Map<string, OpenRatingSummaryT>();
    for (const id of resourceIds) out.set(id, ratingSummary(undefined));
    for (const r of rows) out.set(r.resource_id, ratingSummary(r));
    return out;
  }
}

export class OpenRatings {
  readonly totals: RatingTotals;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly datasets: OpenDatasets,
    private readonly present: FeedbackPresenter,
  ) {
    this.totals = new RatingTotals(db);
  }

  async rate(
    actor: Actor,
    who: Submitter,
    datasetName: string,
    input: OpenRatingInputT,
  ): Promise<{ rating: OpenRatingT; summary: OpenRatingSummaryT }> {
    const ds = await this.datasets.byName(datasetName);
    if (!ds) throw new AppError('OPEN_DATASET_NOT_FOUND', { name: datasetName });
    const resourceId = ds.resource.id;
    const comment = input.comment?.trim() || null;
    return this.db.transaction(async (tx) => {
      const current = await ratingRepo.mine(tx, resourceId, who.userId);
      // The same stars and words again: nothing changes, and nothing is counted against the limit.
      if (current && current.stars === input.stars && current.comment === comment)
        return {
          rating: this.present.rating(current),
          summary: (await this.totals.of([resourceId], tx)).get(resourceId)!,
        };
      await throttle(tx, who.userId);
      let row = await ratingRepo.insertNew(tx, {
        resource_id: resourceId,
        user_id: who.userId,
        author_name: who.name,
        stars: input.stars,
        comment,
      });
      let before: number | null = null;
      if (row) {
        await ratingRepo.addToTotal(tx, resourceId, 1, input.stars);
      } else {
        // Locked, so two changes by the same account move the totals by what each really replaced.
        const old = (await ratingRepo.mine(tx, resourceId, who.userId, true))!;
        before = old.stars;
        row = await ratingRepo.replace(tx, old.id, input.stars, comment);
        if (!old.hidden_at) await ratingRepo.addToTotal(tx, resourceId, 0, input.stars - old.stars);
      }
      await this.audit.record(
        actor,
        {
          action: 'open.rating.set',
          objectType: 'open_rating',
          objectId: row.id,
          departmentId: ds.resource.departmentId,
          outcome: 'success',
          details: { dataset: ds.name, stars: input.stars, before },
        },
        tx,
      );
      return {
        rating: this.present.rating(row),
        summary: (await this.totals.of([resourceId], tx)).get(resourceId)!,
      };
    });
  }

  async comments(resourceId: string): Promise<OpenRatingT[]> {
    return (await ratingRepo.recentComments(this.db, resourceId, COMMENTS_SHOWN)).map((r) =>
      this.present.rating(r),
    );
  }
}
