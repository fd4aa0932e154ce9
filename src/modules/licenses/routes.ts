import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { Type } from 'typebox';
import { AppError } from '../../core/errors.ts';
import { actorOf, guard, principalOf } from '../../core/guard.ts';
import { Limit } from '../../core/schema.ts';
import { can, scopeOf } from '../identity/index.ts';
import type { LicenseRow } from './repo.ts';
import { seesClear } from './reads.ts';
import {
  LicenseDetail,
  LicenseIdParams,
  LicenseIssueInput,
  LicensePage,
  LicenseQuery,
  LicenseReissueInput,
  LicenseType,
  LicenseTypeCodeParams,
  LicenseTypeInput,
  LicenseUse,
  LicenseUseInput,
  LicenseUseResult,
  PublicLicense,
  QrCode,
  StatusChangeBody,
} from './schema.ts';

const TAGS = ['licenses'];

/**
 * Where a license's QR code points: the web's public verification page. The identifier goes in the query: in the
 * path its dotted last part would read as a file extension, which the server answers as a missing file, not the app.
 */
export function verifyUrl(publicUrl: string, licenseId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/verify/licenses?id=${encodeURIComponent(licenseId)}`;
}

/**
 * The e-license library under /api/registries (staff) and /api/public/licenses (anyone, no sign-in): routes only
 * authorize and call the services in `LicenseService`.
 */
export const licenseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { licenses } = app.services;
  const urlOf = (id: string) => verifyUrl(app.config.publicUrl, id);

  /** The license, readable by the caller, or a 404 (a denied entry when it exists but is not theirs). */
  async function readable(req: FastifyRequest, licenseId: string): Promise<LicenseRow> {
    const principal = await guard(req, 'license.read');
    const row = await licenses.reads.find(licenseId);
    if (can(principal, 'license.read', { departmentId: row.department_id })) return row;
    await app.services.audit.record(actorOf(req), {
      action: 'license.read',
      objectType: 'license',
      objectId: row.id,
      departmentId: row.department_id,
      outcome: 'denied',
    });
    throw new AppError('LICENSE_NOT_FOUND', { licenseId });
  }

  // ---- types ----------------------------------------------------------------------------------------

  app.get(
    '/registries/license-types',
    {
      schema: {
        operationId: 'listLicenseTypes',
        tags: TAGS,
        summary: 'License types (证照类型), with the count of licenses issued',
        response: { 200: Type.Array(LicenseType) },
      },
    },
    async (req) => {
      await guard(req, 'license.type.read');
      return licenses.types.list();
    },
  );

  app.get(
    '/registries/license-types/:code',
    {
      schema: {
        operationId: 'getLicenseType',
        tags: TAGS,
        summary: 'One license type',
        params: LicenseTypeCodeParams,
        response: { 200: LicenseType },
      },
    },
    async (req) => {
      await guard(req, 'license.type.read');
      return licenses.types.get(req.params.code);
    },
  );

  app.post(
    '/registries/license-types',
    {
      schema: {
        operationId: 'createLicenseType',
        tags: TAGS,
        summary: 'Define a license type issued by a department (its steward, or the operator)',
        body: LicenseTypeInput,
        response: { 201: LicenseType },
      },
    },
    async (req, reply) => {
      await guard(req, 'license.type.edit', {
        departmentId: req.body.departmentId,
        objectType: 'license_type',
        objectId: req.body.code,
      });
      reply.status(201);
      return licenses.types.create(actorOf(req), req.body);
    },
  );

  // ---- licenses ---------------------------------------------------------------------------------------

  app.get(
    '/registries/licenses',
    {
      schema: {
        operationId: 'listLicenses',
        tags: TAGS,
        summary:
          'Licenses, newest first, a keyset page at a time (holder: exact 身份证号 or 统一社会信用代码)',
        querystring: LicenseQuery,
        response: { 200: LicensePage },
      },
    },
    async (req) => {
      const principal = await guard(req, 'license.read');
      return licenses.reads.list(actorOf(req), principal, req.query);
    },
  );

  app.post(
    '/registries/licenses',
    {
      schema: {
        operationId: 'issueLicense',
        tags: TAGS,
        summary: 'Issue a license (颁发): the type’s issuing department’s steward; sealed with its SM2 key',
        body: LicenseIssueInput,
        response: { 201: LicenseDetail },
      },
    },
    async (req, reply) => {
      principalOf(req);
      const type = await licenses.types.row(req.body.typeCode).catch((err: unknown) => {
        if (err instanceof AppError && err.code === 'LICENSE_TYPE_NOT_FOUND')
          throw new AppError('REQUEST_VALIDATION_FAILED', {
            fields: [
              {
                field: 'typeCode',
                code: 'UNKNOWN',
                message: { zh: '证照类型不存在', en: 'No license type with this code' },
              },
            ],
          });
        throw err;
      });
      const principal = await guard(req, 'license.issue', {
        departmentId: type.department_id,
        objectType: 'license_type',
        objectId: type.code,
      });
      const id = await licenses.issuer.issue(actorOf(req), type, req.body);
      const row = await licenses.reads.find(id);
      reply.status(201);
      return { ...(await licenses.reads.view(row, seesClear(principal, row))), verifyUrl: urlOf(id) };
    },
  );

  app.get(
    '/registries/licenses/:licenseId',
    {
      schema: {
        operationId: 'getLicense',
        tags: TAGS,
        summary:
          'One license: fields, status history, seal (holder in clear for the issuing department only)',
        params: LicenseIdParams,
        response: { 200: LicenseDetail },
      },
    },
    async (req) => {
      const row = await readable(req, req.params.licenseId);
      const view = await licenses.reads.detail(actorOf(req), row, seesClear(principalOf(req), row));
      return { ...view, verifyUrl: urlOf(row.id) };
    },
  );

  app.get(
    '/registries/licenses/:licenseId/qr',
    {
      schema: {
        operationId: 'getLicenseQrCode',
        tags: TAGS,
        summary: 'The QR code (SVG) of the public verification page of a license',
        params: LicenseIdParams,
        response: { 200: QrCode },
      },
    },
    async (req) => {
      const row = await readable(req, req.params.licenseId);
      const url = urlOf(row.id);
      const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
      return { url, svg };
    },
  );

  app.post(
    '/registries/licenses/:licenseId/versions',
    {
      schema: {
        operationId: 'reissueLicense',
        tags: TAGS,
        summary:
          'Re-issue a license (换发): a new version with a new identifier and signature; the old version is revoked',
        params: LicenseIdParams,
        body: LicenseReissueInput,
        response: { 201: LicenseDetail },
      },
    },
    async (req, reply) => {
      principalOf(req);
      const old = await licenses.reads.find(req.params.licenseId);
      const principal = await guard(req, 'license.issue', {
        departmentId: old.department_id,
        objectType: 'license',
        objectId: old.id,
      });
      const type = await licenses.types.row(old.type_code);
      const { reason, ...input } = req.body;
      const id = await licenses.issuer.reissue(
        actorOf(req),
        type,
        old,
        { ...input, typeCode: type.code },
        reason,
      );
      const row = await licenses.reads.find(id);
      reply.status(201);
      return { ...(await licenses.reads.view(row, seesClear(principal, row))), verifyUrl: urlOf(id) };
    },
  );

  for (const action of ['suspend', 'revoke', 'restore'] as const) {
    app.post(
      `/registries/licenses/:licenseId/${action}`,
      {
        schema: {
          operationId: `${action}License`,
          tags: TAGS,
          summary: {
            suspend: 'Suspend a valid license (暂停), with a reason',
            revoke: 'Revoke a license (撤销), with a reason; final',
            restore: 'Restore a suspended license (恢复), with a reason',
          }[action],
          params: LicenseIdParams,
          body: StatusChangeBody,
          response: { 200: LicenseDetail },
        },
      },
      async (req) => {
        principalOf(req);
        const found = await licenses.reads.find(req.params.licenseId);
        const principal = await guard(req, 'license.status', {
          departmentId: found.department_id,
          objectType: 'license',
          objectId: found.id,
        });
        await licenses.issuer.changeStatus(actorOf(req), found.id, action, req.body.reason);
        const row = await licenses.reads.find(found.id);
        return { ...(await licenses.reads.view(row, seesClear(principal, row))), verifyUrl: urlOf(row.id) };
      },
    );
  }

  // ---- uses (用证) --------------------------------------------------------------------------------------

  app.post(
    '/registries/licenses/:licenseId/uses',
    {
      schema: {
        operationId: 'useLicense',
        tags: TAGS,
        summary:
          'Use a license for a department (用证), with a stated reason: recorded, audited, answered in clear',
        params: LicenseIdParams,
        body: LicenseUseInput,
        response: { 201: LicenseUseResult },
      },
    },
    async (req, reply) => {
      const principal = await guard(req, 'license.use');
      const row = await licenses.reads.find(req.params.licenseId);
      const scope = scopeOf(principal, 'license.use');
      const own = scope.kind === 'departments' ? scope.ids : [];
      const departmentId =
        req.body.departmentId ??
        (principal.departmentId && own.includes(principal.departmentId) ? principal.departmentId : own[0]);
      await guard(req, 'license.use', {
        departmentId: departmentId ?? null,
        objectType: 'license',
        objectId: row.id,
      });
      const use = await licenses.uses.record(actorOf(req), row, departmentId!, req.body.reason);
      reply.status(201);
      return { use, license: { ...(await licenses.reads.view(row, true)), verifyUrl: urlOf(row.id) } };
    },
  );

  app.get(
    '/registries/licenses/:licenseId/uses',
    {
      schema: {
        operationId: 'listLicenseUses',
        tags: TAGS,
        summary: 'Who used this license, newest first',
        params: LicenseIdParams,
        querystring: Type.Object({ limit: Type.Optional(Limit(500, 100)) }, { additionalProperties: false }),
        response: { 200: Type.Array(LicenseUse) },
      },
    },
    async (req) => {
      const row = await readable(req, req.params.licenseId);
      return licenses.reads.uses(row.id, req.query.limit ?? 100);
    },
  );

  // ---- public verification ------------------------------------------------------------------------------

  app.get(
    '/public/licenses/:licenseId',
    {
      schema: {
        operationId: 'verifyLicensePublic',
        tags: TAGS,
        summary:
          'Verify a license without signing in: status, masked holder, the signed payload, signature and seal key',
        params: LicenseIdParams,
        response: { 200: PublicLicense },
      },
    },
    async (req) => licenses.reads.verify(actorOf(req), req.params.licenseId),
  );
};
