import type { FastifyRequest } from 'fastify';
import type { Actor } from '../modules/audit/index.ts';
import { can, scopeOf, type Action, type Principal, type Scope } from '../modules/identity/index.ts';
import { AppError } from './errors.ts';

/** The audit actor for this request: the signed-in principal, or anonymous, with address and request id. */
export function actorOf(req: FastifyRequest): Actor {
  const p = req.auth?.ok ? req.auth.principal : null;
  return {
    id: p?.id ?? null,
    name: p?.name ?? null,
    kind: p?.kind ?? 'anonymous',
    ip: req.ip,
    requestId: String(req.id),
  };
}

/** The caller, or a 401 that says why there is none (no credentials, expired session, revoked key). */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.auth) throw new AppError('AUTH_REQUIRED');
  if (!req.auth.ok) throw new AppError(req.auth.code);
  return req.auth.principal;
}

/**
 * Authorizes `action` through the policy layer. A refusal is written to the audit log (outcome
 * 'denied') before the 403, so probing another department's objects leaves a trace.
 */
export async function guard(
  req: FastifyRequest,
  action: Action,
  target?: { departmentId: string | null; objectType?: string; objectId?: string },
): Promise<Principal> {
  const principal = principalOf(req);
  if (can(principal, action, target)) return principal;
  req.refusalAudited = true;
  await req.server.services.audit.record(actorOf(req), {
    action,
    objectType: target?.objectType ?? null,
    objectId: target?.objectId ?? null,
    departmentId: target?.departmentId ?? null,
    outcome: 'denied',
  });
  throw new AppError('FORBIDDEN', { action });
}

/** The principal's reach for a list action; refuses (and audits) when it reaches nothing. */
export async function guardScope(req: FastifyRequest, action: Action): Promise<Scope> {
  await guard(req, action);
  return scopeOf(principalOf(req), action);
}
