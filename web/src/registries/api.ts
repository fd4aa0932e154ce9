import { api, call, type QueryOf, type Schemas } from '../api/client';

/**
 * 人口基础库 / 法人基础库: overviews, golden records, the match API and the steward's queues, merges, rules and
 * source order. Every type is the server's own (`components['schemas']`).
 */

export type Segment = 'population' | 'legal-person';
export const SEGMENTS: readonly Segment[] = ['population', 'legal-person'];
export const isSegment = (value: string | undefined): value is Segment =>
  value === 'population' || value === 'legal-person';

export type Overview = Schemas['RegistryOverview'];
export type GoldenRecord = Schemas['GoldenRecord'];
export type GoldenRecordDetail = Schemas['GoldenRecordDetail'];
export type GoldenPage = Schemas['GoldenRecordPage'];
export type LinkedRecord = Schemas['RegistryLinkedRecord'];
export type HistoryEntry = Schemas['RegistryHistoryEntry'];
export type Provenance = Schemas['RegistryProvenance'];
export type Conflict = Schemas['RegistryConflict'];
export type Review = Schemas['RegistryReview'];
export type Rule = Schemas['RegistryRule'];
export type RuleKind = Rule['rule'];
export type Source = Schemas['RegistrySource'];
export type Why = Schemas['RegistryWhy'];
export type LinkKind = LinkedRecord['link'];
export type PersonMatchFields = Schemas['PersonMatchInput']['fields'];
export type LegalPersonMatchFields = Schemas['LegalPersonMatchInput']['fields'];
export type Decision = Schemas['PersonMatchResult']['candidates'][number]['decision'];
export type GoldenQuery = QueryOf<'/api/registries/{registry}/records'>;

/** One match candidate, whichever registry it came from (the id under one name). */
export interface MatchCandidate {
  id: string;
  score: number;
  decision: Decision;
  why: Why;
  record: GoldenRecord;
}

export const listRegistries = (signal?: AbortSignal) => call(api.GET('/api/registries', { signal }), signal);

export const getRegistry = (registry: Segment, signal?: AbortSignal) =>
  call(api.GET('/api/registries/{registry}', { params: { path: { registry } }, signal }), signal);

export const listGoldenRecords = (registry: Segment, query: GoldenQuery, signal?: AbortSignal) =>
  call(
    api.GET('/api/registries/{registry}/records', { params: { path: { registry }, query }, signal }),
    signal,
  );

export const getGoldenRecord = (registry: Segment, id: string, signal?: AbortSignal) =>
  call(
    api.GET('/api/registries/{registry}/records/{id}', { params: { path: { registry, id } }, signal }),
    signal,
  );

export async function matchRecords(
  registry: Segment,
  fields: Record<string, string>,
  limit = 5,
): Promise<MatchCandidate[]> {
  if (registry === 'population') {
    const body: Schemas['PersonMatchInput'] = { fields: fields as PersonMatchFields, limit };
    const { candidates } = await call(api.POST('/api/registries/population/match', { body }));
    return candidates.map(({ personId, ...c }) => ({ id: personId, ...c }));
  }
  const body: Schemas['LegalPersonMatchInput'] = { fields: fields as LegalPersonMatchFields, limit };
  const { candidates } = await call(api.POST('/api/registries/legal-person/match', { body }));
  return candidates.map(({ organizationId, ...c }) => ({ id: organizationId, ...c }));
}

export const listConflicts = (
  registry: Segment,
  query: QueryOf<'/api/registries/{registry}/conflicts'>,
  signal?: AbortSignal,
) =>
  call(
    api.GET('/api/registries/{registry}/conflicts', { params: { path: { registry }, query }, signal }),
    signal,
  );

export const decideConflict = (registry: Segment, id: string, body: { value: string } | { dismiss: true }) =>
  call(
    api.POST('/api/registries/{registry}/conflicts/{id}/decision', {
      params: { path: { registry, id } },
      body,
    }),
  );

export const listReviews = (
  registry: Segment,
  query: QueryOf<'/api/registries/{registry}/reviews'>,
  signal?: AbortSignal,
) =>
  call(
    api.GET('/api/registries/{registry}/reviews', { params: { path: { registry }, query }, signal }),
    signal,
  );

export const decideReview = (registry: Segment, id: string, decision: 'link' | 'apart') =>
  call(
    api.POST('/api/registries/{registry}/reviews/{id}/decision', {
      params: { path: { registry, id } },
      body: { decision },
    }),
  );

export const mergeRecords = (registry: Segment, body: Schemas['RegistryMergeInput']) =>
  call(api.POST('/api/registries/{registry}/merge', { params: { path: { registry } }, body }));

export const unmergeRecords = (registry: Segment, eventId: string, reason: string) =>
  call(
    api.POST('/api/registries/{registry}/unmerge', {
      params: { path: { registry } },
      body: { eventId, reason },
    }),
  );

export const setRules = (registry: Segment, rules: Rule[]) =>
  call(api.PUT('/api/registries/{registry}/rules', { params: { path: { registry } }, body: { rules } }));

export const rankSources = (registry: Segment, order: string[]) =>
  call(
    api.PUT('/api/registries/{registry}/sources/order', { params: { path: { registry } }, body: { order } }),
  );

export const syncRegistry = (registry: Segment) =>
  call(api.POST('/api/registries/{registry}/sync', { params: { path: { registry } } }));
