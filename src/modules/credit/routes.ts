import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../core/errors.ts';
import { actorOf, guard, guardScope, principalOf } from '../../core/guard.ts';
import { can, scopeOf, type Action } from '../identity/index.ts';
import type { CaseRow } from './repo.ts';
import {
  CodeParams,
  CreditAccount,
  CreditAccountInput,
  CreditCase,
  CreditCaseDecision,
  CreditCaseInput,
  CreditCasePage,
  CreditCaseQuery,
  CreditListEntry,
  CreditListEntryInput,
  CreditListPage,
  CreditListQuery,
  CreditListRemoval,
  CreditProfile,
  CreditRecord,
  CreditRecordBatch,
  CreditRecordPage,
  CreditRecordQuery,
  CreditSubmitResult,
  IdParams,
  MyCredit,
  PublicCreditProfile,
  PublicCreditQuery,
  PublicCreditSearch,
} from './schema.ts';

const TAGS = ['credit'];

/**
 * 社会信用 under /api/credit (staff, and a citizen's or company's own under /api/credit/me) and
 * /api/public/credit (anyone, no sign-in): routes only authorize and call the services in `CreditService`.
 */
export const creditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { credit } = app.services;

  /** The department a steward acts for: the one named, or the only one the action reaches. */
  async function actingDepartment(req: FastifyRequest, action: Action, named: string | undefined) {
    const principal = principalOf(req);
    const scope = scopeOf(principal, action);
    const departmentId =
      named ?? (scope.kind === 'departments' && scope.ids.length === 1 ? scope.ids[0] : undefined);
    await guard(req, action, {
      departmentId: departmentId ?? null,
      objectType: 'department',
      ...(departmentId ? { objectId: departmentId } : {}),
    });
    return app.services.org.get(departmentId!);
  }

  /** The case, readable by the caller, or a 404 with a denied entry (another department's case). */
  async function readableCase(req: FastifyRequest, id: string): Promise<CaseRow> {
    const principal = await guard(req, 'credit.case.read');
    const row = await credit.cases.find(id);
    if (can(principal, 'credit.case.read', { departmentId: row.department_id })) return row;
    await app.services.audit.record(actorOf(req), {
      action: 'credit.case.read',
      objectType: 'credit_case',
      objectId: row.id,
      departmentId: row.department_id,
      outcome: 'denied',
    });
    throw new AppError('CREDIT_CASE_NOT_FOUND', { id });
  }

  // ---- 双公示 records ----------------------------------------------------------------------------------

  app.get(
    '/credit/records',
    {
      schema: {
        operationId: 'listCreditRecords',
        tags: TAGS,
        summary:
          '双公示 records, newest first, a keyset page at a time (q: a name fragment or an exact code)',
        querystring: CreditRecordQuery,
        response: { 200: CreditRecordPage },
      },
    },
    async (req) => {
      await guard(req, 'credit.read');
      return credit.records.list(actorOf(req), req.query);
    },
  );

  app.post(
    '/credit/records',
    {
      schema: {
        operationId: 'submitCreditRecords',
        tags: TAGS,
        summary:
          'Publish 行政处罚 and 行政许可 decisions (the department’s steward): all or nothing; the same authority’s same 文书号 updates its record',
        body: CreditRecordBatch,
        response: { 200: CreditSubmitResult },
      },
    },
    async (req) => {
      const dept = await actingDepartment(req, 'credit.publish', req.body.departmentId);
      return credit.records.submit(actorOf(req), dept, req.body.records);
    },
  );

  app.get(
    '/credit/records/:id',
    {
      schema: {
        operationId: 'getCreditRecord',
        tags: TAGS,
        summary: 'One 双公示 record, with where it stands in public view (audited)',
        params: IdParams,
        response: { 200: CreditRecord },
      },
    },
    async (req) => {
      await guard(req, 'credit.read');
      const row = await credit.records.find(req.params.id);
      return credit.records.detail(actorOf(req), row);
    },
  );

  // ---- red and black lists -------------------------------------------------------------------------------

  app.get(
    '/credit/lists',
    {
      schema: {
        operationId: 'listCreditListEntries',
        tags: TAGS,
        summary: 'Red and black list entries (红名单 / 黑名单), newest first',
        querystring: CreditListQuery,
        response: { 200: CreditListPage },
      },
    },
    async (req) => {
      await guard(req, 'credit.read');
      return credit.lists.list(req.query);
    },
  );

  app.post(
    '/credit/lists',
    {
      schema: {
        operationId: 'addCreditListEntry',
        tags: TAGS,
        summary: 'List a subject (认定): the listing department’s steward; audited',
        body: CreditListEntryInput,
        response: { 201: CreditListEntry },
      },
    },
    async (req, reply) => {
      const dept = await actingDepartment(req, 'credit.list.edit', req.body.departmentId);
      reply.status(201);
      return credit.lists.add(actorOf(req), dept.id, req.body);
    },
  );

  app.post(
    '/credit/lists/:id/remove',
    {
      schema: {
        operationId: 'removeCreditListEntry',
        tags: TAGS,
        summary:
          'Remove a subject from a list (移出), with the reason: the listing department’s steward; audited',
        params: IdParams,
        body: CreditListRemoval,
        response: { 200: CreditListEntry },
      },
    },
    async (req) => {
      principalOf(req);
      const entry = await credit.lists.find(req.params.id);
      await guard(req, 'credit.list.edit', {
        departmentId: entry.department_id,
        objectType: 'credit_list_entry',
        objectId: entry.id,
      });
      return credit.lists.remove(actorOf(req), entry, req.body.reason, req.body.removedOn);
    },
  );

  // ---- profiles ------------------------------------------------------------------------------------------

  app.get(
    '/credit/profiles/:code',
    {
      schema: {
        operationId: 'getCreditProfile',
        tags: TAGS,
        summary:
          '信用档案 of a legal person (统一社会信用代码) or a person (身份证号): records, lists, cases and the computed score (audited)',
        params: CodeParams,
        response: { 200: CreditProfile },
      },
    },
    async (req) => {
      const principal = await guard(req, 'credit.read');
      const cases = scopeOf(principal, 'credit.case.read');
      return credit.profiles.profile(
        actorOf(req),
        req.params.code,
        cases.kind === 'all' ? null : cases.kind === 'departments' ? cases.ids : [],
      );
    },
  );

  // ---- objections and repair (the department's side) -----------------------------------------------------

  app.get(
    '/credit/cases',
    {
      schema: {
        operationId: 'listCreditCases',
        tags: TAGS,
        summary:
          'Objections and repair applications of the caller’s departments (all for the operator and auditor)',
        querystring: CreditCaseQuery,
        response: { 200: CreditCasePage },
      },
    },
    async (req) => {
      const scope = await guardScope(req, 'credit.case.read');
      return credit.cases.list({ departmentIds: scope.kind === 'departments' ? scope.ids : null }, req.query);
    },
  );

  app.get(
    '/credit/cases/:id',
    {
      schema: {
        operationId: 'getCreditCase',
        tags: TAGS,
        summary: 'One objection or repair application with its history',
        params: IdParams,
        response: { 200: CreditCase },
      },
    },
    async (req) => {
      const row = await readableCase(req, req.params.id);
      return (await credit.cases.views([row]))[0]!;
    },
  );

  app.post(
    '/credit/cases/:id/decision',
    {
      schema: {
        operationId: 'decideCreditCase',
        tags: TAGS,
        summary:
          'The record’s department acts on a case: accept, reject, uphold (objection: withdraw or correct the record) or repair (end its public display)',
        params: IdParams,
        body: CreditCaseDecision,
        response: { 200: CreditCase },
      },
    },
    async (req) => {
      const row = await readableCase(req, req.params.id);
      await guard(req, 'credit.case.handle', {
        departmentId: row.department_id,
        objectType: 'credit_case',
        objectId: row.id,
      });
      return credit.cases.decide(actorOf(req), row.id, req.body);
    },
  );

  // ---- the subject's own ---------------------------------------------------------------------------------

  app.get(
    '/credit/me',
    {
      schema: {
        operationId: 'getMyCredit',
        tags: TAGS,
        summary:
          'My credit: the profile of every subject the account speaks for (its own 身份证号, its company)',
        response: { 200: MyCredit },
      },
    },
    async (req) => {
      const principal = await guard(req, 'credit.self');
      return credit.profiles.mine(actorOf(req), principal.id);
    },
  );

  app.post(
    '/credit/me/cases',
    {
      schema: {
        operationId: 'fileCreditCase',
        tags: TAGS,
        summary: 'File an objection (异议) or a repair application (信用修复) about one’s own record',
        body: CreditCaseInput,
        response: { 201: CreditCase },
      },
    },
    async (req, reply) => {
      const principal = await guard(req, 'credit.self');
      const subjects = await credit.profiles.subjectsOf(principal.id);
      if (!subjects.length) throw new AppError('CREDIT_NO_SUBJECT');
      reply.status(201);
      return credit.cases.file(
        actorOf(req),
        {
          userId: principal.kind === 'user' ? principal.id : null,
          name: principal.name,
          subjectCodes: subjects.map((s) => s.code),
        },
        req.body,
      );
    },
  );

  app.post(
    '/credit/accounts',
    {
      schema: {
        operationId: 'bindCreditAccount',
        tags: TAGS,
        summary:
          'Bind an account to the credit subject it speaks for, after identity verification (the operator); audited',
        body: CreditAccountInput,
        response: { 200: Type.Array(CreditAccount) },
      },
    },
    async (req) => {
      await guard(req, 'credit.account', {
        departmentId: null,
        objectType: 'user',
        objectId: req.body.userId,
      });
      return credit.profiles.bind(actorOf(req), req.body.userId, req.body.subjectCode, req.body.subjectName);
    },
  );

  // ---- public (no sign-in) -------------------------------------------------------------------------------

  app.get(
    '/public/credit/search',
    {
      schema: {
        operationId: 'searchCreditPublic',
        tags: TAGS,
        summary:
          '信用查询 without signing in: subjects with records in their publicity period (a person only by the exact 身份证号, masked)',
        querystring: PublicCreditQuery,
        response: { 200: PublicCreditSearch },
      },
    },
    async (req) => credit.profiles.publicSearch(actorOf(req), req.query.q, req.query.limit ?? 20),
  );

  app.get(
    '/public/credit/subjects/:code',
    {
      schema: {
        operationId: 'getCreditPublicProfile',
        tags: TAGS,
        summary:
          'A subject’s public credit page: 双公示 records in their publicity period and lists in force',
        params: CodeParams,
        response: { 200: PublicCreditProfile },
      },
    },
    async (req) => credit.profiles.publicProfile(actorOf(req), req.params.code),
  );
};
