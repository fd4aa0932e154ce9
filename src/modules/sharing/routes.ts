import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { MultipartFile } from '@fastify/multipart';
import { Type } from 'typebox';
import { actorOf, guard, principalOf } from '../../server/guard.ts';
import { AppError } from '../../server/errors.ts';
import { IdParams, Page, Uuid } from '../../server/schema.ts';
import { can, scopeOf, type Action, type Principal } from '../identity/policy.ts';
import type { ListFilter } from './repo.ts';
import {
  AccessEntry,
  AccessLogQuery,
  AccessRequest,
  Agreement,
  AgreementCoverage,
  AgreementQuery,
  ApproveBody,
  Attachment,
  Grant,
  GrantQuery,
  RejectBody,
  RequestInput,
  RequestQuery,
  RevokeBody,
  SelfServiceInput,
  SharingPolicy,
  SharingPolicyPatch,
  UsageQuery,
  UsageReport,
} from './schema.ts';

const TAGS = ['sharing'];

/** Departments the principal reaches for `action`: null for the whole city, [] for none. */
export function reachOf(principal: Principal, action: Action): string[] | null {
  const scope = scopeOf(principal, action);
  return scope.kind === 'all' ? null : scope.kind === 'departments' ? scope.ids : [];
}

/** The caller's own department(s) for "mine" lists: the operator's is its own department, not the city. */
function ownDepartments(principal: Principal, action: Action): string[] {
  const reach = reachOf(principal, action);
  if (reach) return reach;
  return principal.departmentId ? [principal.departmentId] : [];
}

/** The consumer department a request is filed for: the one named, or the caller's own. */
function consumerOf(principal: Principal, named: string | undefined): string {
  const id = named ?? principal.departmentId ?? ownDepartments(principal, 'sharing.request')[0];
  if (!id) throw new AppError('FORBIDDEN', { action: 'sharing.request' });
  return id;
}

async function readUpload(req: FastifyRequest): Promise<{ part: MultipartFile; content: Buffer }> {
  if (!req.isMultipart())
    throw new AppError('REQUEST_UNSUPPORTED_MEDIA_TYPE', { expected: 'multipart/form-data' });
  const part = await req.file();
  if (!part)
    throw new AppError('REQUEST_VALIDATION_FAILED', {
      fields: [{ field: 'file', code: 'REQUIRED', message: 'file' }],
    });
  return { part, content: await part.toBuffer() };
}

function fieldValue(part: MultipartFile, name: string): string | undefined {
  const f = part.fields[name];
  const one = Array.isArray(f) ? f[0] : f;
  return one && 'value' in one && typeof one.value === 'string' ? one.value : undefined;
}

function sendFile(reply: FastifyReply, name: string, type: string, content: Buffer) {
  return reply
    .type(type)
    .header(
      'content-disposition',
      `attachment; filename="file"; filename*=UTF-8''${encodeURIComponent(name)}`,
    )
    .send(content);
}

export const sharingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { sharing } = app.services;

  /**
   * For an object the caller's departments have no part in: the probe is audited (outcome denied) and answered as
   * not found, so guessing ids neither succeeds nor learns that the object exists.
   */
  async function notVisible(
    req: FastifyRequest,
    object: { type: string; id: string; departmentId: string },
    code: 'SHARING_REQUEST_NOT_FOUND' | 'SHARING_GRANT_NOT_FOUND' | 'SHARING_AGREEMENT_NOT_FOUND',
  ): Promise<never> {
    await app.services.audit.record(actorOf(req), {
      action: 'sharing.read',
      objectType: object.type,
      objectId: object.id,
      departmentId: object.departmentId,
      outcome: 'denied',
    });
    throw new AppError(code, { id: object.id });
  }

  /** A request the caller may see (consumer or provider side, or city-wide readers); others get 404. */
  async function visibleRequest(req: FastifyRequest, id: string) {
    const principal = principalOf(req);
    const row = await sharing.requestRow(id);
    const sees =
      can(principal, 'sharing.usage', { departmentId: row.consumer_department_id }) ||
      can(principal, 'sharing.usage', { departmentId: row.provider_department_id }) ||
      can(principal, 'sharing.approve', { departmentId: row.provider_department_id }) ||
      can(principal, 'sharing.request', { departmentId: row.consumer_department_id });
    if (!sees)
      await notVisible(
        req,
        { type: 'sharing_request', id, departmentId: row.consumer_department_id },
        'SHARING_REQUEST_NOT_FOUND',
      );
    return row;
  }

  async function visibleGrant(req: FastifyRequest, id: string) {
    const principal = principalOf(req);
    const row = await sharing.grantRow(id);
    const sees =
      can(principal, 'sharing.usage', { departmentId: row.consumer_department_id }) ||
      can(principal, 'sharing.usage', { departmentId: row.provider_department_id }) ||
      can(principal, 'sharing.revoke', { departmentId: row.provider_department_id });
    if (!sees)
      await notVisible(
        req,
        { type: 'sharing_grant', id, departmentId: row.consumer_department_id },
        'SHARING_GRANT_NOT_FOUND',
      );
    return row;
  }

  // ---- agreements ---------------------------------------------------------------------------------

  app.get(
    '/sharing/agreements',
    {
      schema: {
        tags: TAGS,
        summary: 'Security agreements (安全保密协议): the operator sees all, a department its own',
        querystring: AgreementQuery,
        response: { 200: Type.Array(Agreement) },
      },
    },
    async (req) => {
      const principal = await guard(req, 'sharing.agreement.read');
      let ids = reachOf(principal, 'sharing.agreement.read');
      if (req.query.departmentId)
        ids = ids ? ids.filter((d) => d === req.query.departmentId) : [req.query.departmentId];
      return sharing.agreements(ids, req.query.state);
    },
  );

  app.get(
    '/sharing/agreements/coverage',
    {
      schema: {
        tags: TAGS,
        summary: 'Every department with the end of its agreement in force (or its last lapsed one)',
        response: { 200: Type.Array(AgreementCoverage) },
      },
    },
    async (req) => {
      await guard(req, 'sharing.agreement');
      return sharing.coverage();
    },
  );

  app.post(
    '/sharing/agreements',
    {
      schema: {
        tags: TAGS,
        summary:
          'Record a signed agreement: multipart fields departmentId, title, parties, signedOn, validFrom, validTo, then file (PDF)',
        consumes: ['multipart/form-data'],
        response: { 201: Agreement },
      },
    },
    async (req, reply) => {
      await guard(req, 'sharing.agreement');
      const { part, content } = await readUpload(req);
      const input = {
        departmentId: fieldValue(part, 'departmentId') ?? '',
        title: (fieldValue(part, 'title') ?? '').trim(),
        parties: (fieldValue(part, 'parties') ?? '').trim(),
        signedOn: fieldValue(part, 'signedOn') ?? '',
        validFrom: fieldValue(part, 'validFrom') ?? '',
        validTo: fieldValue(part, 'validTo') ?? '',
      };
      const fields = agreementFieldErrors(input);
      if (fields.length) throw new AppError('REQUEST_VALIDATION_FAILED', { fields });
      reply.code(201);
      return sharing.createAgreement(actorOf(req), input, { name: part.filename, content });
    },
  );

  app.get(
    '/sharing/agreements/:id/file',
    {
      schema: {
        tags: TAGS,
        summary: 'The signed agreement (PDF)',
        params: IdParams,
        produces: ['application/pdf'],
        response: { 200: Type.Unknown() },
      },
    },
    async (req, reply) => {
      const file = await sharing.agreementFile(req.params.id);
      // Another department's agreement does not exist for the caller (its existence is not disclosed).
      if (!can(principalOf(req), 'sharing.agreement.read', { departmentId: file.departmentId }))
        await notVisible(
          req,
          { type: 'sharing_agreement', id: req.params.id, departmentId: file.departmentId },
          'SHARING_AGREEMENT_NOT_FOUND',
        );
      return sendFile(reply, file.fileName, 'application/pdf', file.content);
    },
  );

  app.post(
    '/sharing/agreements/:id/revoke',
    {
      schema: {
        tags: TAGS,
        summary: 'Revoke an agreement; the department’s grants are suspended unless another is in force',
        params: IdParams,
        body: RevokeBody,
        response: { 200: Agreement },
      },
    },
    async (req) => {
      await guard(req, 'sharing.agreement', {
        departmentId: null,
        objectType: 'sharing_agreement',
        objectId: req.params.id,
      });
      return sharing.revokeAgreement(actorOf(req), req.params.id, req.body.reason);
    },
  );

  // ---- policy -------------------------------------------------------------------------------------

  app.get(
    '/sharing/policy',
    { schema: { tags: TAGS, summary: 'The operator’s sharing settings', response: { 200: SharingPolicy } } },
    async (req) => {
      await guard(req, 'sharing.read');
      return sharing.policy();
    },
  );

  app.patch(
    '/sharing/policy',
    {
      schema: {
        tags: TAGS,
        summary: 'Change the response deadline, the second approval of sensitive items, the query page limit',
        body: SharingPolicyPatch,
        response: { 200: SharingPolicy },
      },
    },
    async (req) => {
      await guard(req, 'sharing.policy');
      return sharing.updatePolicy(actorOf(req), req.body);
    },
  );

  // ---- resources and requests ---------------------------------------------------------------------

  app.get(
    '/sharing/resources/:id',
    {
      schema: {
        tags: TAGS,
        summary:
          'How a resource can be obtained (无条件 self-service, 有条件 request, 不予共享 with its legal basis) and the caller’s grants and open requests on it',
        params: IdParams,
        response: {
          200: Type.Object({
            resourceId: Uuid,
            sharingType: Type.String(),
            sharingCondition: Type.Union([Type.String(), Type.Null()]),
            requestable: Type.Boolean(),
            selfService: Type.Boolean(),
            items: Type.Array(
              Type.Object({
                name: Type.String(),
                dataType: Type.String(),
                isKey: Type.Boolean(),
                sensitive: Type.Boolean(),
              }),
            ),
            grants: Type.Array(Grant),
            requests: Type.Array(AccessRequest),
          }),
        },
      },
    },
    async (req) => {
      const principal = await guard(req, 'sharing.read');
      return sharing.resourceAccess(req.params.id, ownDepartments(principal, 'sharing.request'));
    },
  );

  app.post(
    '/sharing/self-service',
    {
      schema: {
        tags: TAGS,
        summary: '无条件共享: confirm the purpose and hold a grant at once',
        body: SelfServiceInput,
        response: { 201: Grant },
      },
    },
    async (req, reply) => {
      const principal = principalOf(req);
      const consumer = consumerOf(principal, req.body.consumerDepartmentId);
      await guard(req, 'sharing.request', {
        departmentId: consumer,
        objectType: 'resource',
        objectId: req.body.resourceId,
      });
      reply.code(201);
      return sharing.selfService(actorOf(req), consumer, req.body);
    },
  );

  app.get(
    '/sharing/requests',
    {
      schema: {
        tags: TAGS,
        summary:
          'Requests: mine (my departments’), inbox (to my departments as provider; the operator’s includes second reviews), all',
        querystring: RequestQuery,
        response: { 200: Page(AccessRequest) },
      },
    },
    async (req) => {
      const principal = await guard(req, 'sharing.read');
      const box = req.query.box ?? 'mine';
      let f: ListFilter;
      if (box === 'mine') f = { consumerIds: ownDepartments(principal, 'sharing.request') };
      else if (box === 'inbox') {
        const reach = reachOf(principal, 'sharing.approve');
        if (reach && !reach.length) throw new AppError('FORBIDDEN', { action: 'sharing.approve' });
        f = { providerIds: reach };
      } else {
        await guard(req, 'audit.read');
        f = {};
      }
      return sharing.requests(
        { ...f, resourceId: req.query.resourceId },
        req.query,
        req.query.limit ?? 50,
        req.query.offset ?? 0,
      );
    },
  );

  app.post(
    '/sharing/requests',
    {
      schema: {
        tags: TAGS,
        summary:
          'Request access to a resource (有条件共享 waits for the provider; 无条件共享 is granted at once)',
        body: RequestInput,
        response: { 201: AccessRequest },
      },
    },
    async (req, reply) => {
      const principal = principalOf(req);
      const consumer = consumerOf(principal, req.body.consumerDepartmentId);
      await guard(req, 'sharing.request', {
        departmentId: consumer,
        objectType: 'resource',
        objectId: req.body.resourceId,
      });
      reply.code(201);
      return sharing.createRequest(actorOf(req), consumer, req.body);
    },
  );

  app.get(
    '/sharing/requests/:id',
    { schema: { tags: TAGS, summary: 'One request', params: IdParams, response: { 200: AccessRequest } } },
    async (req) => {
      await guard(req, 'sharing.read');
      await visibleRequest(req, req.params.id);
      return sharing.request(req.params.id);
    },
  );

  app.post(
    '/sharing/requests/:id/approve',
    {
      schema: {
        tags: TAGS,
        summary:
          'Approve (the provider’s steward; then the operator for a second review), possibly for fewer items or a shorter period',
        params: IdParams,
        body: ApproveBody,
        response: { 200: AccessRequest },
      },
    },
    async (req) => {
      const row = await visibleRequest(req, req.params.id);
      await guard(req, row.status === 'second_review' ? 'sharing.review' : 'sharing.approve', {
        departmentId: row.provider_department_id,
        objectType: 'sharing_request',
        objectId: row.id,
      });
      return sharing.approve(actorOf(req), row.id, req.body);
    },
  );

  app.post(
    '/sharing/requests/:id/reject',
    {
      schema: {
        tags: TAGS,
        summary: 'Reject with a reason',
        params: IdParams,
        body: RejectBody,
        response: { 200: AccessRequest },
      },
    },
    async (req) => {
      const row = await visibleRequest(req, req.params.id);
      await guard(req, row.status === 'second_review' ? 'sharing.review' : 'sharing.approve', {
        departmentId: row.provider_department_id,
        objectType: 'sharing_request',
        objectId: row.id,
      });
      return sharing.reject(actorOf(req), row.id, req.body.reason);
    },
  );

  app.post(
    '/sharing/requests/:id/withdraw',
    {
      schema: {
        tags: TAGS,
        summary: 'Withdraw an open request',
        params: IdParams,
        response: { 200: AccessRequest },
      },
    },
    async (req) => {
      const row = await visibleRequest(req, req.params.id);
      await guard(req, 'sharing.request', {
        departmentId: row.consumer_department_id,
        objectType: 'sharing_request',
        objectId: row.id,
      });
      return sharing.withdraw(actorOf(req), row.id);
    },
  );

  app.post(
    '/sharing/requests/:id/attachments',
    {
      schema: {
        tags: TAGS,
        summary: 'Attach a supporting document to a request (multipart field "file", ≤ 10 MB)',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 201: Attachment },
      },
    },
    async (req, reply) => {
      const row = await visibleRequest(req, req.params.id);
      await guard(req, 'sharing.request', {
        departmentId: row.consumer_department_id,
        objectType: 'sharing_request',
        objectId: row.id,
      });
      const { part, content } = await readUpload(req);
      reply.code(201);
      return sharing.addAttachment(actorOf(req), row.id, {
        name: part.filename,
        contentType: part.mimetype,
        content,
      });
    },
  );

  app.get(
    '/sharing/requests/:id/attachments/:attachmentId',
    {
      schema: {
        tags: TAGS,
        summary: 'Download an attachment',
        params: Type.Object({ id: Uuid, attachmentId: Uuid }, { additionalProperties: false }),
        response: { 200: Type.Unknown() },
      },
    },
    async (req, reply) => {
      await guard(req, 'sharing.read');
      await visibleRequest(req, req.params.id);
      const a = await sharing.attachment(req.params.id, req.params.attachmentId);
      return sendFile(reply, a.fileName, a.contentType, a.content);
    },
  );

  // ---- grants -------------------------------------------------------------------------------------

  app.get(
    '/sharing/grants',
    {
      schema: {
        tags: TAGS,
        summary:
          'Grants: mine (held by my departments), given (on my departments’ resources), all (operator, auditor)',
        querystring: GrantQuery,
        response: { 200: Page(Grant) },
      },
    },
    async (req) => {
      const principal = await guard(req, 'sharing.read');
      const box = req.query.box ?? 'mine';
      let f: ListFilter;
      if (box === 'mine') f = { consumerIds: ownDepartments(principal, 'sharing.request') };
      else if (box === 'given') f = { providerIds: ownDepartments(principal, 'sharing.usage') };
      else {
        await guard(req, 'audit.read');
        f = {};
      }
      return sharing.grants(
        { ...f, resourceId: req.query.resourceId },
        req.query.limit ?? 50,
        req.query.offset ?? 0,
        req.query.state,
      );
    },
  );

  app.get(
    '/sharing/grants/:id',
    { schema: { tags: TAGS, summary: 'One grant', params: IdParams, response: { 200: Grant } } },
    async (req) => {
      await guard(req, 'sharing.read');
      await visibleGrant(req, req.params.id);
      return sharing.grant(req.params.id);
    },
  );

  app.post(
    '/sharing/grants/:id/revoke',
    {
      schema: {
        tags: TAGS,
        summary: 'Revoke a grant: the next call under it is refused (SHARING_GRANT_REVOKED)',
        params: IdParams,
        body: RevokeBody,
        response: { 200: Grant },
      },
    },
    async (req) => {
      const row = await visibleGrant(req, req.params.id);
      await guard(req, 'sharing.revoke', {
        departmentId: row.provider_department_id,
        objectType: 'sharing_grant',
        objectId: row.id,
      });
      return sharing.revokeGrant(actorOf(req), row.id, req.body.reason);
    },
  );

  // ---- usage --------------------------------------------------------------------------------------

  /** The side filter of a usage view: the caller's departments, or one of them, or (city-wide readers) any. */
  function usageSide(
    principal: Principal,
    side: 'provider' | 'consumer',
    departmentId: string | undefined,
  ): ListFilter {
    const reach = reachOf(principal, 'sharing.usage');
    let ids = reach;
    if (departmentId) {
      if (reach && !reach.includes(departmentId))
        throw new AppError('FORBIDDEN', { action: 'sharing.usage' });
      ids = [departmentId];
    }
    return side === 'provider' ? { providerIds: ids } : { consumerIds: ids };
  }

  app.get(
    '/sharing/usage',
    {
      schema: {
        tags: TAGS,
        summary:
          'Calls per day and per grant, and unusual-volume flags: provider side (who used my data) or consumer side',
        querystring: UsageQuery,
        response: { 200: UsageReport },
      },
    },
    async (req) => {
      const principal = await guard(req, 'sharing.usage');
      return sharing.usage(
        usageSide(principal, req.query.side ?? 'provider', req.query.departmentId),
        req.query,
      );
    },
  );

  app.post(
    '/sharing/usage/flags/:id/acknowledge',
    {
      schema: {
        tags: TAGS,
        summary: 'Mark an unusual-volume flag as looked at',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const grant = await sharing.flagGrant(req.params.id);
      await guard(req, 'sharing.revoke', {
        departmentId: grant.provider_department_id,
        objectType: 'sharing_usage_flag',
        objectId: req.params.id,
      });
      await sharing.acknowledgeFlag(actorOf(req), req.params.id);
      reply.code(204);
      return null;
    },
  );

  app.get(
    '/sharing/access-log',
    {
      schema: {
        tags: TAGS,
        summary:
          'Each data access from the audit log: who, which system, purpose, keys, items, masking, outcome',
        querystring: AccessLogQuery,
        response: { 200: Page(AccessEntry) },
      },
    },
    async (req) => {
      const principal = await guard(req, 'sharing.usage');
      const reach = reachOf(principal, 'sharing.usage');
      const side = req.query.side ?? 'provider';
      return sharing.accessLog(
        side === 'provider' ? { providerIds: reach } : { consumerIds: reach },
        req.query,
      );
    },
  );
};

/** The multipart fields of an agreement, checked against AgreementInput's rules (AgreementInput; multipart bypasses route schemas). */
function agreementFieldErrors(input: Record<string, string>) {
  const errors: { field: string; code: string; message: { zh: string; en: string } }[] = [];
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (!/^[0-9a-f-]{36}$/i.test(input.departmentId ?? ''))
    errors.push({
      field: 'departmentId',
      code: 'REQUIRED',
      message: { zh: '请选择签约部门', en: 'Choose the department' },
    });
  for (const [field, max] of [
    ['title', 200],
    ['parties', 500],
  ] as const) {
    const v = input[field] ?? '';
    if (!v || v.length > max)
      errors.push({
        field,
        code: 'REQUIRED',
        message: {
          zh: `请填写${field === 'title' ? '协议名称' : '签约各方'}（不超过 ${max} 字）`,
          en: `${field} is required (at most ${max} characters)`,
        },
      });
  }
  for (const field of ['signedOn', 'validFrom', 'validTo'] as const) {
    const v = input[field] ?? '';
    if (!day.test(v) || Number.isNaN(Date.parse(v)))
      errors.push({
        field,
        code: 'FORMAT',
        message: { zh: '日期格式应为 YYYY-MM-DD', en: 'Dates are YYYY-MM-DD' },
      });
  }
  return errors;
}
