import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf, guard, principalOf } from '../../core/guard.ts';
import { AppError } from '../../core/errors.ts';
import { IdParams, Page } from '../../core/schema.ts';
import { can, canSeeCase, caseStepAction, scopeOf, type Principal } from '../identity/index.ts';
import type { Who } from './notifications.ts';
import {
  CaseDetail,
  CaseInboxQuery,
  CaseMineQuery,
  CaseNotificationList,
  CaseNotificationQuery,
  CaseNotificationsRead,
  CaseOpenInput,
  CaseSummary,
  CaseTransitionInput,
  IdempotencyHeaders,
} from './schema.ts';
import { Type } from 'typebox';

const TAGS = ['cases'];

/** 办件: the window's intake, the staff inbox and case page with its steps, the applicant's own cases and notices. */
export const caseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { cases, audit } = app.services;

  /**
   * The case, when the caller may see it: staff of its department (or city-wide readers) and its applicant. Anyone
   * else gets 404, and the probe is audited (outcome denied) as a read of the case.
   */
  async function visible(req: FastifyRequest, id: string) {
    const principal = principalOf(req);
    const row = await cases.reads.row(id);
    const codes = can(principal, 'case.self') ? await cases.reads.subjectCodes(principal.id) : [];
    if (!canSeeCase(principal, row, codes)) {
      req.refusalAudited = true;
      await audit.record(actorOf(req), {
        action: 'case.read',
        objectType: 'case',
        objectId: id,
        departmentId: row.department_id,
        outcome: 'denied',
      });
      throw new AppError('CASE_NOT_FOUND', { id });
    }
    return { principal, row };
  }

  /** Whose notifications the account reads: its cases' as applicant, its departments' as staff. */
  async function who(req: FastifyRequest): Promise<Who> {
    const principal: Principal = principalOf(req);
    const applicant = can(principal, 'case.self');
    const scope = scopeOf(principal, 'case.read');
    if (!applicant && scope.kind === 'none') await guard(req, 'case.self');
    return {
      userId: principal.id,
      applicant,
      codes: applicant ? await cases.reads.subjectCodes(principal.id) : [],
      departmentIds: scope.kind === 'all' ? null : scope.kind === 'departments' ? scope.ids : [],
    };
  }

  app.post(
    '/cases',
    {
      schema: {
        operationId: 'openCase',
        tags: TAGS,
        summary:
          '收件: window staff open a case for an applicant with the service item’s snapshot (idempotent with Idempotency-Key)',
        headers: IdempotencyHeaders,
        body: CaseOpenInput,
        response: { 200: CaseDetail, 201: CaseDetail },
      },
    },
    async (req, reply) => {
      const principal = await guard(req, 'case.open', {
        departmentId: req.body.item.departmentId,
        objectType: 'case',
      });
      const { id, replayed } = await cases.intake.open(actorOf(req), req.body, {
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
      });
      reply.code(replayed ? 200 : 201);
      return cases.reads.detail(await cases.reads.row(id), principal);
    },
  );

  app.get(
    '/cases/inbox',
    {
      schema: {
        operationId: 'listCaseInbox',
        tags: TAGS,
        summary:
          'The staff inbox: cases of the departments the caller handles (city-wide for the operator and the auditor), soonest deadline first',
        querystring: CaseInboxQuery,
        response: { 200: Page(CaseSummary) },
      },
    },
    async (req) => {
      await guard(req, 'case.read');
      const scope = scopeOf(principalOf(req), 'case.read');
      return cases.reads.inbox(scope.kind === 'departments' ? scope.ids : null, req.query);
    },
  );

  app.get(
    '/cases/mine',
    {
      schema: {
        operationId: 'listMyCases',
        tags: TAGS,
        summary: '我的办件: the cases the account applied for or whose applicant it speaks for, newest first',
        querystring: CaseMineQuery,
        response: { 200: Page(CaseSummary) },
      },
    },
    async (req) => {
      const principal = await guard(req, 'case.self');
      return cases.reads.mine(principal.id, req.query.limit ?? 50, req.query.offset ?? 0);
    },
  );

  app.get(
    '/cases/notifications',
    {
      schema: {
        operationId: 'listCaseNotifications',
        tags: TAGS,
        summary:
          'Case notifications of the signed-in account: each step of its own cases, and for staff their departments’ SLA warnings and overdue cases',
        querystring: CaseNotificationQuery,
        response: { 200: CaseNotificationList },
      },
    },
    async (req) => cases.notifications.list(await who(req), req.query.unread ?? false, req.query.limit ?? 50),
  );

  app.post(
    '/cases/notifications/read',
    {
      schema: {
        operationId: 'markCaseNotificationsRead',
        tags: TAGS,
        summary: 'Mark the account’s case notifications read (those listed, or all)',
        body: CaseNotificationsRead,
        response: { 200: Type.Object({ marked: Type.Integer() }) },
      },
    },
    async (req) => ({ marked: await cases.notifications.markRead(await who(req), req.body.ids ?? null) }),
  );

  app.get(
    '/cases/:id',
    {
      schema: {
        operationId: 'getCase',
        tags: TAGS,
        summary:
          'The case page: applicant, item, deadlines with the stopped-clock periods, the event log and the steps the caller may take',
        params: IdParams,
        response: { 200: CaseDetail },
      },
    },
    async (req) => {
      const { principal, row } = await visible(req, req.params.id);
      return cases.reads.detail(row, principal);
    },
  );

  app.post(
    '/cases/:id/transitions',
    {
      schema: {
        operationId: 'transitionCase',
        tags: TAGS,
        summary:
          'Take a step: 受理, 不予受理, 审查, 补正 (with the list of what is missing), 补正材料已提交, 挂起, 恢复, 延期, 准予 (issues the result license), 不予许可, 办结',
        params: IdParams,
        body: CaseTransitionInput,
        response: { 200: CaseDetail },
      },
    },
    async (req) => {
      const { row } = await visible(req, req.params.id);
      const principal = await guard(req, caseStepAction(req.body.action), {
        departmentId: row.department_id,
        objectType: 'case',
        objectId: row.id,
      });
      const next = await cases.workflow.step(actorOf(req), row.id, req.body);
      return cases.reads.detail(next, principal);
    },
  );
};
