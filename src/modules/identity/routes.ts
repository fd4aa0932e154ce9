import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SESSION_COOKIE } from '../../core/auth.ts';
import { actorOf, guard, guardScope, principalOf } from '../../core/guard.ts';
import { AppError } from '../../core/errors.ts';
import { IdParams } from '../../core/schema.ts';
import { registrationRoutes } from './registration-routes.ts';
import { ROLE_SCOPE, ROLES, type Action, type Principal, type RoleGrant } from './policy.ts';
import {
  ApiKey,
  ApiKeyQuery,
  CreateApiKeyBody,
  CreatedApiKey,
  CreateUserBody,
  LoginBody,
  LoginResponse,
  MeResponse,
  PasswordBody,
  RoleInfo,
  SetRolesBody,
  UpdateUserBody,
  User,
  UserPage,
  UserQuery,
  type RoleGrantInput,
} from './schema.ts';

const grants = (roles: RoleGrantInput[] | undefined): RoleGrant[] | undefined =>
  roles?.map((r) => ({ role: r.role, departmentId: r.departmentId ?? null }));

export const identityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { identity, org } = app.services;
  await app.register(registrationRoutes);

  /** Loads the user (401 before 404, so ids cannot be probed anonymously) and authorizes `action` on it. */
  async function guardedUser(req: FastifyRequest, action: Action, id: string) {
    principalOf(req);
    const user = await identity.getUser(id);
    await guard(req, action, { departmentId: user.departmentId, objectType: 'user', objectId: user.id });
    return user;
  }

  async function guardedKey(req: FastifyRequest, action: Action, id: string) {
    principalOf(req);
    const key = await identity.getApiKey(id);
    await guard(req, action, { departmentId: key.departmentId, objectType: 'apikey', objectId: key.id });
    return key;
  }

  async function me(p: Pick<Principal, 'kind' | 'id'>) {
    if (p.kind === 'user') {
      const u = await identity.getUser(p.id);
      const dept = u.departmentId ? await org.get(u.departmentId) : null;
      return {
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        kind: 'user' as const,
        department: dept && { id: dept.id, name: dept.name, shortName: dept.shortName },
        roles: u.roles,
      };
    }
    const key = await identity.getApiKey(p.id);
    const dept = await org.get(key.departmentId);
    return {
      id: key.id,
      username: key.name,
      displayName: key.name,
      kind: 'apikey' as const,
      department: { id: dept.id, name: dept.name, shortName: dept.shortName },
      roles: [{ role: key.role, departmentId: dept.id, departmentName: dept.name }],
    };
  }

  app.post(
    '/auth/login',
    {
      schema: {
        operationId: 'login',
        tags: ['auth'],
        summary: 'Sign in; sets the session cookie and returns a bearer token',
        security: [],
        body: LoginBody,
        response: { 200: LoginResponse },
      },
    },
    async (req, reply) => {
      const result = await identity
        .login(actorOf(req), req.body.username, req.body.password, req.headers['user-agent'] ?? null)
        .catch((err: unknown) => {
          // A throttled sign-in says when the next attempt will be checked (RFC 9110 §10.2.3).
          const wait = err instanceof AppError ? err.details?.retryAfterSeconds : undefined;
          if (typeof wait === 'number') reply.header('retry-after', String(wait));
          throw err;
        });
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: app.config.cookieSecure,
        expires: result.expiresAt,
      });
      return {
        token: result.token,
        csrfToken: result.csrfToken,
        expiresAt: result.expiresAt.toISOString(),
        user: await me({ kind: 'user', id: result.user.id }),
      };
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        operationId: 'logout',
        tags: ['auth'],
        summary: 'End the current session',
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      principalOf(req);
      if (req.auth?.ok && req.auth.sessionId) await identity.logout(actorOf(req), req.auth.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      schema: {
        operationId: 'getSession',
        tags: ['auth'],
        summary: 'Who is calling, with roles and the CSRF token for the web',
        response: { 200: MeResponse },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return { user: await me(p), csrfToken: req.auth?.ok ? req.auth.csrfToken : null };
    },
  );

  app.get(
    '/roles',
    {
      schema: {
        operationId: 'listRoles',
        tags: ['users'],
        summary: 'The roles and whether each is scoped to a department',
        response: { 200: Type.Object({ items: Type.Array(RoleInfo) }) },
      },
    },
    async (req) => {
      principalOf(req);
      return { items: ROLES.map((role) => ({ role, scoped: ROLE_SCOPE[role] === 'department' })) };
    },
  );

  app.get(
    '/users',
    {
      schema: {
        operationId: 'listUsers',
        tags: ['users'],
        summary: 'Users the caller may see (a steward: its own department)',
        querystring: UserQuery,
        response: { 200: UserPage },
      },
    },
    async (req) => {
      const scope = await guardScope(req, 'user.read');
      const { limit = 50, offset = 0, ...filter } = req.query;
      return identity.searchUsers(scope, filter, limit, offset);
    },
  );

  app.get(
    '/users/:id',
    {
      schema: {
        operationId: 'getUser',
        tags: ['users'],
        summary: 'One user',
        params: IdParams,
        response: { 200: User },
      },
    },
    async (req) => {
      const user = await guardedUser(req, 'user.read', req.params.id);
      return user;
    },
  );

  app.post(
    '/users',
    {
      schema: {
        operationId: 'createUser',
        tags: ['users'],
        summary: 'Create a user',
        body: CreateUserBody,
        response: { 201: User },
      },
    },
    async (req, reply) => {
      await guard(req, 'user.create', { departmentId: req.body.departmentId ?? null, objectType: 'user' });
      const user = await identity.createUser(actorOf(req), { ...req.body, roles: grants(req.body.roles) });
      return reply.status(201).send(user);
    },
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        operationId: 'updateUser',
        tags: ['users'],
        summary: 'Change display name, department or status',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: User },
      },
    },
    async (req) => {
      const user = await guardedUser(req, 'user.update', req.params.id);
      return identity.updateUser(actorOf(req), user.id, req.body);
    },
  );

  app.put(
    '/users/:id/roles',
    {
      schema: {
        operationId: 'setUserRoles',
        tags: ['users'],
        summary: "Replace a user's roles",
        params: IdParams,
        body: SetRolesBody,
        response: { 200: User },
      },
    },
    async (req) => {
      const user = await guardedUser(req, 'user.roles', req.params.id);
      return identity.setRoles(actorOf(req), user.id, grants(req.body.roles) ?? []);
    },
  );

  app.post(
    '/users/:id/password',
    {
      schema: {
        operationId: 'setUserPassword',
        tags: ['users'],
        summary: "Set a user's password (ends the user's sessions)",
        params: IdParams,
        body: PasswordBody,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const user = await guardedUser(req, 'user.password', req.params.id);
      await identity.resetPassword(actorOf(req), user.id, req.body.password);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api-keys',
    {
      schema: {
        operationId: 'listApiKeys',
        tags: ['api-keys'],
        summary: 'API keys the caller may see (prefix only, never the secret)',
        querystring: ApiKeyQuery,
        response: { 200: Type.Object({ items: Type.Array(ApiKey) }) },
      },
    },
    async (req) => {
      const scope = await guardScope(req, 'apikey.read');
      return { items: await identity.listApiKeys(scope, req.query.departmentId) };
    },
  );

  app.post(
    '/api-keys',
    {
      schema: {
        operationId: 'createApiKey',
        tags: ['api-keys'],
        summary: 'Issue an API key for a department system; the secret is returned once',
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKey },
      },
    },
    async (req, reply) => {
      await guard(req, 'apikey.create', { departmentId: req.body.departmentId, objectType: 'apikey' });
      return reply.status(201).send(await identity.createApiKey(actorOf(req), req.body));
    },
  );

  app.post(
    '/api-keys/:id/revoke',
    {
      schema: {
        operationId: 'revokeApiKey',
        tags: ['api-keys'],
        summary: 'Revoke an API key; it stops working on the next request',
        params: IdParams,
        response: { 200: ApiKey },
      },
    },
    async (req) => {
      const key = await guardedKey(req, 'apikey.revoke', req.params.id);
      return identity.revokeApiKey(actorOf(req), key.id);
    },
  );
};
