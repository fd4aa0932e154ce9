import type { FastifyInstance, FastifyRequest } from 'fastify';
import { safeEqual } from '../lib/crypto.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../core/auth.ts';
import { AppError } from '../core/errors.ts';
import { actorOf } from '../core/guard.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// Routes that audit every refusal themselves.
const SELF_AUDITED = /^\/api\/(sharing|data|auth\/login)(\/|\?|$)/;
const DATA_CALL =
  /^\/api\/data\/[0-9a-f-]{36}\/(records\/|query$|query\?|verify$|verify\?|export$|export\?)/i;

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
  app.decorateRequest('refusalAudited', false);
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
        // A forged cross-site write is an attack on a signed-in user: it leaves a trace like any refusal.
        req.refusalAudited = true;
        await app.services.audit.record(actorOf(req), {
          action: 'auth.csrf',
          objectType: 'session',
          objectId: req.auth.sessionId,
          departmentId: req.auth.principal.departmentId,
          outcome: 'denied',
          details: { method: req.method, path: req.url.split('?')[0], tokenSent: typeof sent === 'string' },
        });
        throw new AppError('AUTH_CSRF_FAILED');
      }
    }
  });

  // The net under refused writes: a 403 that no guard wrote down (a service's own refusal, e.g. subscribing to a
  // 不予共享 resource) leaves a denied entry with its code. Reads audit their refusals where they are decided (an
  // exchange pull outside a grant is an `exchange.pull` denial), as do sign-in, and the sharing site and data
  // service, which write one entry per refused call themselves.
  app.addHook('onError', async (req, _reply, err) => {
    if (req.refusalAudited || !(err instanceof AppError) || err.status !== 403) return;
    if (req.method === 'GET' || SELF_AUDITED.test(req.url)) return;
    req.refusalAudited = true;
    await app.services.audit.record(actorOf(req), {
      action: 'request.denied',
      outcome: 'denied',
      departmentId: req.auth?.ok ? req.auth.principal.departmentId : null,
      details: { code: err.code, method: req.method, path: req.url.split('?')[0] },
    });
  });
}
