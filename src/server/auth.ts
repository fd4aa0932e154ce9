import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Authentication } from '../modules/identity/service.ts';
import { safeEqual } from '../lib/crypto.ts';
import { AppError } from './errors.ts';

export const SESSION_COOKIE = 'tb_session';
export const CSRF_HEADER = 'x-csrf-token';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const DATA_CALL =
  /^\/api\/data\/[0-9a-f-]{36}\/(records\/|query$|query\?|verify$|verify\?|export$|export\?)/i;

declare module 'fastify' {
  interface FastifyRequest {
    /** null: no credentials presented; otherwise who they identify, or why they are refused. */
    auth: Authentication | null;
    authVia: 'bearer' | 'cookie' | null;
  }
}

function credentials(req: FastifyRequest): { token: string; via: 'bearer' | 'cookie' } | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return { token: header.slice(7).trim(), via: 'bearer' };
  const cookie = req.cookies[SESSION_COOKIE];
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

/**
 * Reads the session cookie or bearer token on every API request. Deciding whether the caller may
 * proceed is the route's job (guard); this only establishes who is calling.
 *
 * CSRF: a browser sends the cookie on cross-site requests too, so cookie-authenticated writes must
 * also echo the session's CSRF token in a header that another site cannot read or set. Bearer
 * callers are exempt: a browser never attaches a bearer token on its own.
 */
export function registerAuth(app: FastifyInstance): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('authVia', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const cred = credentials(req);
    if (!cred) return;
    // The data service's record calls may take an API key from memory: each confirms its key (and grant) in the
    // transaction that writes its audit entry, before it answers (src/modules/sharing/access-log.ts).
    req.auth = await app.services.identity.authenticate(cred.token, {
      cachedKeys: cred.via === 'bearer' && DATA_CALL.test(req.url),
    });
    req.authVia = cred.via;
    // Signing in again needs no token: it does not act on the existing session.
    if (req.auth.ok && cred.via === 'cookie' && UNSAFE.has(req.method) && req.url !== '/api/auth/login') {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !req.auth.csrfToken || !safeEqual(sent, req.auth.csrfToken)) {
        throw new AppError('AUTH_CSRF_FAILED');
      }
    }
  });
}
