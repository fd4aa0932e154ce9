// What a request carries about its caller, as every module's routes read it. The hook that fills it in (reading the
// cookie or bearer token, the CSRF check) is part of the HTTP assembly: src/server/auth.ts.
import type { Authentication } from '../modules/identity/index.ts';

export const SESSION_COOKIE = 'tb_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    /** null: no credentials presented; otherwise who they identify, or why they are refused. */
    auth: Authentication | null;
    authVia: 'bearer' | 'cookie' | null;
    /** A refusal of this request is already in the audit log (guard, CSRF): the net below skips it. */
    refusalAudited: boolean;
  }
}
