import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { actorOf, principalOf } from '../../core/guard.ts';
import { AppError, type ErrorCode } from '../../core/errors.ts';
import { scopeOf, type Action, type Principal } from '../identity/index.ts';
import { servedType } from './files.ts';

/** Departments the principal reaches for `action`: null for the whole city, [] for none. */
export function reachOf(principal: Principal, action: Action): string[] | null {
  const scope = scopeOf(principal, action);
  return scope.kind === 'all' ? null : scope.kind === 'departments' ? scope.ids : [];
}

/** The caller's own department(s) for "mine" lists: the operator's is its own department, not the city. */
export function ownDepartments(principal: Principal, action: Action): string[] {
  const reach = reachOf(principal, action);
  if (reach) return reach;
  return principal.departmentId ? [principal.departmentId] : [];
}

/**
 * A refusal of the sharing module: written to the audit log (outcome denied) before the 403, like every refusal of
 * the policy layer, so probing leaves a trace.
 */
export async function refuse(
  req: FastifyRequest,
  action: Action,
  target: { departmentId?: string | null; objectType?: string; objectId?: string; reason?: string } = {},
): Promise<never> {
  await req.server.services.audit.record(actorOf(req), {
    action,
    objectType: target.objectType ?? null,
    objectId: target.objectId ?? null,
    departmentId: target.departmentId ?? null,
    outcome: 'denied',
    ...(target.reason ? { details: { reason: target.reason } } : {}),
  });
  throw new AppError('FORBIDDEN', { action });
}

/**
 * For an object the caller's departments have no part in: the probe is audited (outcome denied) and answered as
 * not found, so guessing ids neither succeeds nor learns that the object exists.
 */
export async function hidden(
  req: FastifyRequest,
  object: { type: string; id: string; departmentId: string },
  code: Extract<
    ErrorCode,
    'SHARING_REQUEST_NOT_FOUND' | 'SHARING_GRANT_NOT_FOUND' | 'SHARING_AGREEMENT_NOT_FOUND'
  >,
): Promise<never> {
  await req.server.services.audit.record(actorOf(req), {
    action: 'sharing.read',
    objectType: object.type,
    objectId: object.id,
    departmentId: object.departmentId,
    outcome: 'denied',
  });
  throw new AppError(code, { id: object.id });
}

/** The consumer department a request is filed for: the one named, or the caller's own (refused, audited, if none). */
export async function consumerOf(req: FastifyRequest, named: string | undefined): Promise<string> {
  const principal = principalOf(req);
  const id = named ?? principal.departmentId ?? ownDepartments(principal, 'sharing.request')[0];
  if (!id) return refuse(req, 'sharing.request', { reason: 'no consumer department' });
  return id;
}

export async function readUpload(req: FastifyRequest): Promise<{ part: MultipartFile; content: Buffer }> {
  if (!req.isMultipart())
    throw new AppError('REQUEST_UNSUPPORTED_MEDIA_TYPE', { expected: 'multipart/form-data' });
  const part = await req.file();
  if (!part)
    throw new AppError('REQUEST_VALIDATION_FAILED', {
      fields: [{ field: 'file', code: 'REQUIRED', message: 'file' }],
    });
  return { part, content: await part.toBuffer() };
}

export function fieldValue(part: MultipartFile, name: string): string | undefined {
  const f = part.fields[name];
  const one = Array.isArray(f) ? f[0] : f;
  return one && 'value' in one && typeof one.value === 'string' ? one.value : undefined;
}

/**
 * Sends a stored file as a download: with its real type when its bytes are on the allow-list (PDF, PNG, JPEG, GIF,
 * WebP), otherwise as application/octet-stream — never with the type its uploader declared (text/html would run
 * in the platform's origin) — and with nosniff so the browser does not guess either.
 */
export function sendFile(reply: FastifyReply, name: string, content: Buffer) {
  return reply
    .type(servedType(content))
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-disposition',
      `attachment; filename="file"; filename*=UTF-8''${encodeURIComponent(name)}`,
    )
    .send(content);
}
