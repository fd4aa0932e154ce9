import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { SESSION_COOKIE } from '../../core/auth.ts';
import { AppError } from '../../core/errors.ts';
import { actorOf } from '../../core/guard.ts';
import { Text, Timestamp } from '../../core/schema.ts';
import { CODE_TTL_MINUTES } from './registration.ts';
import { LoginResponse } from './schema.ts';

const Contact = Text(64);

const RegisterBody = Type.Object(
  {
    contact: Type.String({
      ...Contact,
      description:
        'An email address or a mainland China mobile number (+86 optional): the account’s username',
    }),
    displayName: Text(60),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

const RegisterResponse = Type.Object(
  {
    contact: Type.String({ description: 'The contact as it is stored and signed in with' }),
    expiresAt: Timestamp,
  },
  { $id: 'RegistrationPending' },
);

const VerifyBody = Type.Object(
  { contact: Contact, code: Type.String({ pattern: '^[0-9]{6}$', description: 'The 6-digit code' }) },
  { additionalProperties: false },
);

/**
 * 开发者注册 (no sign-in needed): ask for a code, then verify it; the verified account is signed in as by
 * /api/auth/login (cookie and bearer token).
 */
export const registrationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { identity } = app.services;

  app.post(
    '/auth/register',
    {
      schema: {
        operationId: 'registerDeveloper',
        tags: ['auth'],
        summary: `Register as an open data developer: a 6-digit code, valid ${CODE_TTL_MINUTES} minutes, goes to the contact`,
        security: [],
        body: RegisterBody,
        response: { 202: RegisterResponse },
      },
    },
    async (req, reply) => {
      const pending = await identity.registration.request(actorOf(req), req.body).catch((err: unknown) => {
        const wait = err instanceof AppError ? err.details?.retryAfterSeconds : undefined;
        if (typeof wait === 'number') reply.header('retry-after', String(wait));
        throw err;
      });
      return reply.status(202).send({ contact: pending.contact, expiresAt: pending.expiresAt.toISOString() });
    },
  );

  app.post(
    '/auth/register/verify',
    {
      schema: {
        operationId: 'verifyDeveloperRegistration',
        tags: ['auth'],
        summary: 'Verify the code: the developer account is created and signed in',
        security: [],
        body: VerifyBody,
        response: { 201: LoginResponse },
      },
    },
    async (req, reply) => {
      const session = await identity.registration.verify(
        actorOf(req),
        req.body,
        req.headers['user-agent'] ?? null,
      );
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: app.config.cookieSecure,
        expires: session.expiresAt,
      });
      const user = await identity.getUser(session.userId);
      return reply.status(201).send({
        token: session.token,
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt.toISOString(),
        user: {
          id: user.id,
          username: user.username,
          displayName: user.displayName,
          kind: 'user' as const,
          department: null,
          roles: user.roles,
        },
      });
    },
  );
};
