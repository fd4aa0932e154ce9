/** The open data portal's quality score (数据质量评分): one dataset's criteria and the departments' ranking. */
import { Type, type Static } from 'typebox';
import { Timestamp } from '../../core/schema.ts';

const Localized = Type.Object(
  { zh: Type.String(), en: Type.String() },
  { $id: 'OpenLocalizedText', description: 'The same text in Chinese and English' },
);

export const QualityCriterionId = Type.Union(
  [
    Type.Literal('license'),
    Type.Literal('description'),
    Type.Literal('items'),
    Type.Literal('updateCycle'),
    Type.Literal('formats'),
    Type.Literal('downloads'),
    Type.Literal('timeliness'),
    Type.Literal('contact'),
    Type.Literal('theme'),
  ],
  { $id: 'OpenQualityCriterionId' },
);
export type QualityCriterionIdT = Static<typeof QualityCriterionId>;

export const QualityStatus = Type.Union(
  [Type.Literal('passed'), Type.Literal('partial'), Type.Literal('failed')],
  { $id: 'OpenQualityStatus' },
);
export type QualityStatusT = Static<typeof QualityStatus>;

export const QualityCriterion = Type.Object(
  {
    id: QualityCriterionId,
    label: Localized,
    weight: Type.Integer({ minimum: 1, maximum: 100, description: 'The most points the criterion gives' }),
    status: QualityStatus,
    points: Type.Integer({ minimum: 0, maximum: 100 }),
    reason: Localized,
    improve: Type.Union([Localized, Type.Null()], {
      description: 'What the department can do to earn the missing points; null when nothing is missing',
    }),
  },
  { $id: 'OpenQualityCriterion' },
);
export type QualityCriterionT = Static<typeof QualityCriterion>;

export const DatasetQuality = Type.Object(
  {
    score: Type.Integer({ minimum: 0, maximum: 100, description: 'The criteria’s points added up' }),
    criteria: Type.Array(QualityCriterion),
  },
  { $id: 'OpenDatasetQuality' },
);
export type DatasetQualityT = Static<typeof DatasetQuality>;

export const QualityRanking = Type.Object(
  {
    computedAt: Timestamp,
    criteria: Type.Array(Type.Object({ id: QualityCriterionId, label: Localized, weight: Type.Integer() }), {
      description: 'What the score is made of, heaviest first',
    }),
    departments: Type.Array(
      Type.Object({
        rank: Type.Integer({ minimum: 1, description: 'Equal scores share a rank' }),
        organization: Type.Object({ name: Type.String(), title: Type.String() }),
        score: Type.Number({ minimum: 0, maximum: 100, description: 'Average of its datasets, one decimal' }),
        datasets: Type.Integer({ description: 'Its open datasets' }),
        items: Type.Array(
          Type.Object({
            name: Type.String(),
            title: Type.String(),
            score: Type.Integer({ minimum: 0, maximum: 100 }),
          }),
          { description: 'Its datasets, best first' },
        ),
      }),
      { description: 'Best average first' },
    ),
  },
  { $id: 'OpenQualityRanking' },
);
export type QualityRankingT = Static<typeof QualityRanking>;
