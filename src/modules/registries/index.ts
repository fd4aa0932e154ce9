// The base registries (六大基础数据库). Entity resolution is the first part: the golden-record tables, their
// sources' subscriptions and the routes build on it.
export { compare, FIELD_LEVELS, FIELDS, type Comparison, type Field } from './matching/compare.ts';
export {
  defaultParameters,
  score,
  trainModel,
  type FieldEvidence,
  type ModelParameters,
  type Score,
} from './matching/model.ts';
export { normalizePerson, type NormalizedPerson, type PersonFields } from './matching/normalize.ts';
export {
  blockingKeys,
  DEFAULT_THRESHOLDS,
  Resolver,
  type AddOutcome,
  type Candidate,
  type Decision,
  type Thresholds,
} from './matching/resolver.ts';
export { trainFromRecords } from './matching/training.ts';
