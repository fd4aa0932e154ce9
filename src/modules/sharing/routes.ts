import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, guard, principalOf } from '../../core/guard.ts';
import { AppError } from '../../core/errors.ts';
import { IdParams, Uuid } from '../../core/schema.ts';
import { canReadAgreement } from '../identity/index.ts';
import { grantRoutes } from './grant-routes.ts';
import { requestRoutes } from './request-routes.ts';
import { fieldValue, hidden, ownDepartments, reachOf, readUpload, sendFile } from './route-support.ts';
import {
  AccessRequest,
  Agreement,
  AgreementCoverage,
  AgreementQuery,
  Grant,
  RevokeBody,
  SharingPolicy,
  SharingPolicyPatch,
} from './schema.ts';
import { usageRoutes } from './usage-routes.ts';

const TAGS = ['sharing'];

/**
 * The sharing site's API under /api/sharing: agreements, the operator's settings and a resource's sharing terms
 * here; requests, grants and usage in their own files.
 */
export const sharingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { sharing } = app.services;

  // ---- agreements ---------------------------------------------------------------------------------

  app.get(
    '/sharing/agreements',
    {
      schema: {
        operationId: 'listSharingAgreements',
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
      return sharing.agreements.list(ids, req.query.state);
    },
  );

  app.get(
    '/sharing/agreements/coverage',
    {
      schema: {
        operationId: 'getSharingAgreementCoverage',
        tags: TAGS,
        summary: 'Every department with the end of its agreement in force (or its last lapsed one)',
        response: { 200: Type.Array(AgreementCoverage) },
      },
    },
    async (req) => {
      await guard(req, 'sharing.agreement');
      return sharing.agreements.coverage();
    },
  );

  app.post(
    '/sharing/agreements',
    {
      schema: {
        operationId: 'createSharingAgreement',
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
      return sharing.agreements.create(actorOf(req), input, { name: part.filename, content });
    },
  );

  app.get(
    '/sharing/agreements/:id/file',
    {
      schema: {
        operationId: 'getSharingAgreementFile',
        tags: TAGS,
        summary: 'The signed agreement (PDF)',
        params: IdParams,
        produces: ['application/pdf'],
        response: { 200: Type.Unknown() },
      },
    },
    async (req, reply) => {
      const file = await sharing.agreements.file(req.params.id);
      // Another department's agreement does not exist for the caller (its existence is not disclosed).
      if (!canReadAgreement(principalOf(req), file))
        await hidden(
          req,
          { type: 'sharing_agreement', id: req.params.id, departmentId: file.departmentId },
          'SHARING_AGREEMENT_NOT_FOUND',
        );
      return sendFile(reply, file.fileName, file.content);
    },
  );

  app.post(
    '/sharing/agreements/:id/revoke',
    {
      schema: {
        operationId: 'revokeSharingAgreement',
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
      return sharing.agreements.revoke(actorOf(req), req.params.id, req.body.reason);
    },
  );

  // ---- the operator's settings --------------------------------------------------------------------

  app.get(
    '/sharing/policy',
    {
      schema: {
        operationId: 'getSharingPolicy',
        tags: TAGS,
        summary: 'The operator’s sharing settings',
        response: { 200: SharingPolicy },
      },
    },
    async (req) => {
      await guard(req, 'sharing.read');
      return sharing.settings.get();
    },
  );

  app.patch(
    '/sharing/policy',
    {
      schema: {
        operationId: 'updateSharingPolicy',
        tags: TAGS,
        summary:
          'Change the response deadline, the second approval of sensitive items, the query page limit, the verifications per key and minute',
        body: SharingPolicyPatch,
        response: { 200: SharingPolicy },
      },
    },
    async (req) => {
      await guard(req, 'sharing.policy');
      return sharing.settings.update(actorOf(req), req.body);
    },
  );

  // ---- a resource's terms -------------------------------------------------------------------------

  app.get(
    '/sharing/resources/:id',
    {
      schema: {
        operationId: 'getSharingResourceAccess',
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
      return sharing.grants.resourceAccess(req.params.id, ownDepartments(principal, 'sharing.request'));
    },
  );

  await app.register(requestRoutes);
  await app.register(grantRoutes);
  await app.register(usageRoutes);
};

/** The multipart fields of an agreement, checked against AgreementInput's rules (multipart bypasses route schemas). */
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
