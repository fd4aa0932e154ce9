/**
 * The base registries (人口基础库, 法人基础库): golden records merged from the departments' source records through
 * the exchange, with entity resolution (matching/), survivorship, provenance and stewardship.
 */
export { RegistryService } from './service.ts';
export { RegistrySyncLoop } from './loop.ts';
export { registryRoutes } from './routes.ts';
export { REGISTRIES, REGISTRY_KINDS, type RegistryKind } from './kinds.ts';
export { PUBLISHED_ITEMS } from './publish.ts';
export type { Projection } from './repo.ts';
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
export { GoldenRecordDetail } from './schema.ts';
