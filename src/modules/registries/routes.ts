/**
 * The registries' staff API under /api/registries: overview, golden records (人口基础库's persons, 法人基础库's
 * organizations), the match API, and the steward's rules, sources, queues, merge and un-merge. Routes only
 * authorize and call the services in `RegistryService`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../core/errors.ts';
import { actorOf, guard, principalOf } from '../../core/guard.ts';
import { can } from '../identity/index.ts';
import type { RegistryKind } from './kinds.ts';
import {
  Conflict,
  ConflictDecision,
  ConflictQuery,
  EntityParams,
  GoldenListQuery,
  GoldenPage,
  GoldenRecordDetail,
  LegalPersonMatchInput,
  LegalPersonMatchResult,
  MergeInput,
  Overview,
  PersonMatchInput,
  PersonMatchResult,
  PersonParams,
  RankInput,
  RegistryIdParams,
  RegistryParams,
  Review,
  ReviewDecision,
  ReviewQuery,
  RulesInput,
  SEGMENTS,
  Source,
  SourceInput,
  SyncResult,
  UnmergeInput,
  type Segment,
} from './schema.ts';

const TAGS = ['registries'];

export const registryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { registries } = app.services;

  /** Authorizes a read of a registry; whether the caller sees personal fields in clear (its steward, the operator). */
  async function reader(req: FastifyRequest, kind: RegistryKind): Promise<boolean> {
    const departmentId = await registries.reads.departmentOf(kind);
    const principal = await guard(req, 'registry.read', {
      departmentId,
      objectType: 'registry',
      objectId: kind,
    });
    return can(principal, 'registry.steward', { departmentId });
  }

  async function steward(req: FastifyRequest, kind: RegistryKind): Promise<void> {
    const departmentId = await registries.reads.departmentOf(kind);
    await guard(req, 'registry.steward', { departmentId, objectType: 'registry', objectId: kind });
  }

  const kindOf = (segment: Segment): RegistryKind => SEGMENTS[segment];
  // A steward's decision changes golden records: they go out through the registry's resource at once.
  const publish = (req: FastifyRequest, kind: RegistryKind) =>
    registries.publisher.publish(actorOf(req), kind);
  type ListQuery = { limit?: number; after?: string; q?: string; conflicts?: boolean };
  const page = async (req: FastifyRequest, kind: RegistryKind, q: ListQuery) => {
    const clear = await reader(req, kind);
    return registries.reads.page(
      actorOf(req),
      kind,
      { limit: q.limit ?? 50, after: q.after ?? null, q: q.q ?? null, conflicts: q.conflicts ?? false },
      clear,
    );
  };
  const detail = async (req: FastifyRequest, kind: RegistryKind, id: string) =>
    registries.reads.detail(actorOf(req), kind, id, await reader(req, kind));

  app.get(
    '/registries',
    {
      schema: {
        operationId: 'listRegistries',
        tags: TAGS,
        summary: 'The base registries the caller may read, with their counts and quality',
        response: { 200: Type.Object({ items: Type.Array(Overview) }) },
      },
    },
    async (req) => {
      const principal = principalOf(req);
      const items = [];
      for (const kind of await registries.reads.list()) {
        const departmentId = await registries.reads.departmentOf(kind);
        if (!can(principal, 'registry.read', { departmentId })) continue;
        items.push(
          await registries.reads.overview(kind, can(principal, 'registry.steward', { departmentId })),
        );
      }
      if (!items.length) await guard(req, 'registry.read');
      return { items };
    },
  );

  app.get(
    '/registries/:registry',
    {
      schema: {
        operationId: 'getRegistry',
        tags: TAGS,
        summary: 'One registry: counts, field completeness, the matching model, rules and sources',
        params: RegistryParams,
        response: { 200: Overview },
      },
    },
    async (req) => {
      const kind = kindOf(req.params.registry);
      const departmentId = await registries.reads.departmentOf(kind);
      const principal = await guard(req, 'registry.read', {
        departmentId,
        objectType: 'registry',
        objectId: kind,
      });
      return registries.reads.overview(kind, can(principal, 'registry.steward', { departmentId }));
    },
  );

  app.get(
    '/registries/:registry/records',
    {
      schema: {
        operationId: 'listGoldenRecords',
        tags: TAGS,
        summary:
          'Golden records by page (keyset: pass `next` as `after`), masked unless the caller is the registry’s steward',
        params: RegistryParams,
        querystring: GoldenListQuery,
        response: { 200: GoldenPage },
      },
    },
    async (req) => page(req, kindOf(req.params.registry), req.query),
  );

  app.get(
    '/registries/:registry/records/:id',
    {
      schema: {
        operationId: 'getGoldenRecord',
        tags: TAGS,
        summary:
          'One golden record with provenance per field, its linked source records, open conflicts and reviews, and history',
        params: EntityParams,
        response: { 200: GoldenRecordDetail },
      },
    },
    async (req) => detail(req, kindOf(req.params.registry), req.params.id),
  );

  // The population registry's names for the same reads, as its consumers know them.
  app.get(
    '/registries/population/persons',
    {
      schema: {
        operationId: 'listPersons',
        tags: TAGS,
        summary: '人口基础库: persons by page (keyset: pass `next` as `after`)',
        querystring: GoldenListQuery,
        response: { 200: GoldenPage },
      },
    },
    async (req) => page(req, 'population', req.query),
  );

  app.get(
    '/registries/population/persons/:personId',
    {
      schema: {
        operationId: 'getPerson',
        tags: TAGS,
        summary:
          '人口基础库: one person (身份证号, 姓名, 性别, 出生日期, 住址 …) with provenance and linked source records',
        params: PersonParams,
        response: { 200: GoldenRecordDetail },
      },
    },
    async (req) => detail(req, 'population', req.params.personId),
  );

  app.post(
    '/registries/population/match',
    {
      schema: {
        operationId: 'matchPerson',
        tags: TAGS,
        summary:
          '人口基础库: the persons a set of fields may be, best first, each with its decision and explanation',
        body: PersonMatchInput,
        response: { 200: PersonMatchResult },
      },
    },
    async (req) => {
      const clear = await reader(req, 'population');
      const found = await registries.reads.match(
        actorOf(req),
        'population',
        req.body.fields,
        req.body.limit ?? 5,
        clear,
      );
      return { candidates: found.map(({ id, ...c }) => ({ personId: id, ...c })) };
    },
  );

  app.post(
    '/registries/legal-person/match',
    {
      schema: {
        operationId: 'matchLegalPerson',
        tags: TAGS,
        summary:
          '法人基础库: the organizations a credit code, legacy organization code or name may be, best first',
        body: LegalPersonMatchInput,
        response: { 200: LegalPersonMatchResult },
      },
    },
    async (req) => {
      const clear = await reader(req, 'legal_person');
      const found = await registries.reads.match(
        actorOf(req),
        'legal_person',
        req.body.fields,
        req.body.limit ?? 5,
        clear,
      );
      return { candidates: found.map(({ id, ...c }) => ({ organizationId: id, ...c })) };
    },
  );

  app.get(
    '/registries/:registry/conflicts',
    {
      schema: {
        operationId: 'listRegistryConflicts',
        tags: TAGS,
        summary:
          'The conflict queue: fields whose sources disagree beyond their rule (the registry’s steward)',
        params: RegistryParams,
        querystring: ConflictQuery,
        response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(Conflict) }) },
      },
    },
    async (req) => {
      const kind = kindOf(req.params.registry);
      await steward(req, kind);
      return registries.reads.conflicts(
        kind,
        req.query.status ?? 'open',
        req.query.limit ?? 50,
        req.query.offset ?? 0,
      );
    },
  );

  app.post(
    '/registries/:registry/conflicts/:id/decision',
    {
      schema: {
        operationId: 'decideRegistryConflict',
        tags: TAGS,
        summary:
          'Resolve a conflict with one of the offered values (it holds while a source offers it), or dismiss it',
        params: RegistryIdParams,
        body: ConflictDecision,
        response: { 200: GoldenRecordDetail },
      },
    },
    async (req) => {
      const kind = kindOf(req.params.registry);
      await steward(req, kind);
      if (!req.body.dismiss && req.body.value === undefined)
        throw new AppError('REGISTRY_CONFLICT_VALUE', { field: null, offered: [] });
      const entityId = await registries.stewardship.decideConflict(actorOf(req), req.params.id, {
        value: req.body.value ?? null,
        dismiss: req.body.dismiss ?? false,
      });
      await publish(req, kind);
      return registries.reads.detail(actorOf(req), kind, entityId, true);
    },
  );

  app.get(
    '/registries/:registry/reviews',
    {
      schema: {
        operationId: 'listRegistryReviews',
        tags: TAGS,
        summary:
          'The review queue: records the matcher scored between its thresholds (the registry’s steward)',
        params: RegistryParams,
        querystring: ReviewQuery,
        response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(Review) }) },
      },
    },
    async (req) => {
      const kind = kindOf(req.params.registry);
      await steward(req, kind);
      return registries.reads.reviews(
        kind,
        req.query.status ?? 'open',
        req.query.limit ?? 50,
        req.query.offset ?? 0,
      );
    },
  );

  app.post(
    '/registries/:registry/reviews/:id/decision',
    {
      schema: {
        operationId: 'decideRegistryReview',
        tags: TAGS,
        summary:
          'Link the record to the candidate, or keep them apart (the record is then pinned where it is)',
        params: RegistryIdParams,
        body: ReviewDecision,
        response: { 200: GoldenRecordDetail },
      },
    },
    async (req) => {
      const kind = kindOf(req.params.registry);
      await steward(req, kind);
      const entityId = await registries.stewardship.decideReview(
        actorOf(req),
        req.params.id,
        req.body.decision,
      );
      await publish(req, kind);
      return registries.reads.detail(actorOf(req), kind, entityId, true);
    },
  );

  app.post(
    '/registries/:registry/merge',
    {
      schema: {
        operationId: 'mergeGoldenRecords',
        tags: TAGS,
        summary: 'Merge one golden record into another; the merged id redirects to the surviving one',
        params: RegistryParams,
        body: MergeInput,
        response: { 200: Type.Object({ eventId: Type.String(), record: GoldenRecordDetail }) },
      },
    },
    async (req) => {
      const kind = kindOf(req.params.registry);
      await steward(req, kind);
      const { eventId } = await registries.stewardship.merge(
        actorOf(req),
        kind,
        req.body.from,
        req.body.into,
        req.body.reason,
      );
      await publish(req, kind);
      return { eventId, record: await registries.reads.detail(actorOf(req), kind, req.body.into, true) };
    },
  );

  app.post(
    '/registries/:registry/unmerge',
    {
      schema: {
        operationId: 'unmergeGoldenRecords',
        tags: TAGS,
        summary:
          'Undo a merge from its history entry: the records go back as they were and both golden records recompute',
        params: RegistryParams,
        body: UnmergeInput,
        response: { 200: GoldenRecordDetail },
      },
    },
    async (req) => {
      const kind = kindOf(req.params.registry);
      await steward(req, kind);
      const { restored } = await registries.stewardship.unmerge(
        actorOf(req),
        kind,
        req.body.eventId,
        req.body.reason,
      );
      await publish(req, kind);
      return registries.reads.detail(actorOf(req), kind, restored, true);
    },
  );

  app.put(
    '/registries/:registry/rules',
    {
      schema: {
        operationId: 'setRegistryRules',
        tags: TAGS,
        summary: 'Set survivorship rules per field; every golden record is recomputed',
        params: RegistryParams,
        body: RulesInput,
        response: { 200: Overview },
      },
    },
    async (req) => {
      const kind = kindOf(req.params.registry);
      await steward(req, kind);
      await registries.stewardship.setRules(actorOf(req), kind, req.body.rules);
      await publish(req, kind);
      return registries.reads.overview(kind, true);
    },
  );

  app.put(
    '/registries/:registry/sources/order',
    {
      schema: {
        operationId: 'rankRegistrySources',
        tags: TAGS,
        summary:
          'Rank the sources for the source-priority rule (trusted first); every golden record is recomputed',
        params: RegistryParams,
        body: RankInput,
        response: { 200: Overview },
      },
    },
    async (req) => {
      const kind = kindOf(req.params.registry);
      await steward(req, kind);
      await registries.stewardship.rankSources(actorOf(req), kind, req.body.order);
      await publish(req, kind);
      return registries.reads.overview(kind, true);
    },
  );

  app.post(
    '/registries/:registry/sources',
    {
      schema: {
        operationId: 'attachRegistrySource',
        tags: TAGS,
        summary:
          'Make a resource a source: the registry’s department subscribes to it and its items map onto the fields',
        params: RegistryParams,
        body: SourceInput,
        response: { 201: Source },
      },
    },
    async (req, reply) => {
      const kind = kindOf(req.params.registry);
      await steward(req, kind);
      const s = await registries.sources.attach(actorOf(req), kind, req.body);
      reply.code(201);
      return (await registries.reads.overview(kind, true)).sources.find((x) => x.id === s.id)!;
    },
  );

  app.post(
    '/registries/:registry/sync',
    {
      schema: {
        operationId: 'syncRegistry',
        tags: TAGS,
        summary:
          'Sync now: read the sources’ change logs past their applied seq, then publish changed golden records',
        params: RegistryParams,
        response: { 200: SyncResult },
      },
    },
    async (req) => {
      const kind = kindOf(req.params.registry);
      await steward(req, kind);
      return registries.syncNow(actorOf(req), kind);
    },
  );
};
