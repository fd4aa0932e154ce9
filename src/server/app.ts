import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyServerOptions,
  type RouteOptions,
} from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { auditRoutes } from '../modules/audit/index.ts';
import { benchRoutes, dataRoutes, sharingRoutes } from '../modules/sharing/index.ts';
import { catalogRoutes } from '../modules/catalog/index.ts';
import { connectorRoutes, exchangeRoutes } from '../modules/exchange/index.ts';
import { geoRoutes } from '../modules/geo/index.ts';
import { economyRoutes, sdmxRoutes } from '../modules/economy/index.ts';
import { registryRoutes } from '../modules/registries/index.ts';
import { healthRoutes } from '../modules/health/index.ts';
import { identityRoutes } from '../modules/identity/index.ts';
import { licenseRoutes } from '../modules/licenses/index.ts';
import { caseRoutes } from '../modules/cases/index.ts';
import { creditRoutes } from '../modules/credit/index.ts';
import { dossierRoutes } from '../modules/dossier/index.ts';
import { openRoutes } from '../modules/open/index.ts';
import { orgRoutes } from '../modules/org/index.ts';
import { overviewRoutes } from '../modules/overview/index.ts';
import { serviceRoutes } from '../modules/services/index.ts';
import { registerAuth } from './auth.ts';
import type { Config } from './config.ts';
import type { Services } from './context.ts';
import { AppError, langFrom, type FieldError } from '../core/errors.ts';
import { ErrorBody } from '../core/schema.ts';
import { securityHeaders } from './security.ts';
import { registerOpenApi } from './openapi.ts';
import { fieldErrors, validatorCompiler, validatorFactory } from './validation.ts';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    config: AppConfig;
  }
}

export type AppConfig = Pick<
  Config,
  'cookieSecure' | 'sessionTtlHours' | 'bodyLimitBytes' | 'trustProxy' | 'webDist' | 'publicUrl'
> &
  Partial<Pick<Config, 'benchRoutes' | 'workbookCaps'>>;
export type App = FastifyInstance;

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Maps any thrown error to our AppError; unknown errors become INTERNAL_ERROR (and are logged). */
function toAppError(err: FastifyError): AppError {
  if (err instanceof AppError) return err;
  if (err.validation) {
    return new AppError('REQUEST_VALIDATION_FAILED', {
      fields: fieldErrors(
        err.validation as Parameters<typeof fieldErrors>[0],
        err.validationContext ?? 'body',
      ),
    });
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
      return new AppError('REQUEST_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('REQUEST_UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('REQUEST_INVALID_BODY');
  }
  if (err.statusCode === 400 && err instanceof SyntaxError) return new AppError('REQUEST_INVALID_BODY');
  return new AppError('INTERNAL_ERROR');
}

/**
 * Assembles the HTTP server: plugins, error shape, auth, OpenAPI, module routes and the web app. `extraRoutes`
 * are registered under /api next to the modules' routes: how the demo adds its webhook receiver (only in demo
 * mode; the server itself knows nothing of the demo).
 */
export async function buildApp(
  services: Services,
  config: AppConfig,
  logger: FastifyServerOptions['logger'] = false,
  onRoute?: (route: RouteOptions) => void,
  extraRoutes: readonly FastifyPluginAsync[] = [],
): Promise<App> {
  const app = Fastify({
    logger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false } },
    // Our validator in every plugin scope (see validatorFactory): openapi.ts adds shared schemas.
    schemaController: { compilersFactory: { buildValidator: validatorFactory } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.decorate('services', services);
  app.decorate('config', config);

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const appErr = toAppError(err);
    if (appErr.code === 'INTERNAL_ERROR') req.log.error({ err }, 'unhandled error');
    const lang = langFrom(req.headers['accept-language']);
    let details = appErr.details;
    if (details && Array.isArray(details.fields)) {
      details = {
        ...details,
        fields: (details.fields as FieldError[]).map((f) => ({ ...f, message: f.message[lang] })),
      };
    }
    return reply.status(appErr.status).send({
      error: { code: appErr.code, message: appErr.localized(lang), ...(details ? { details } : {}) },
    });
  });

  // Every route documents its error responses; the body shape is the same everywhere.
  app.addHook('onRoute', (route) => {
    onRoute?.(route);
    if (!route.schema || route.schema.hide) return;
    const response = (route.schema.response ?? {}) as Record<string, unknown>;
    response['4xx'] ??= ErrorBody;
    response['5xx'] ??= ErrorBody;
    route.schema.response = response;
  });

  // First of the plugins, so that every response, a refusal or a 404 included, carries the headers.
  await app.register(fastifyHelmet, securityHeaders(config));
  await app.register(fastifyCookie);
  // Uploads (Excel catalogs) are parsed only where a route asks for a file, one file of at most 20 MB.
  await app.register(fastifyMultipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 10 } });
  const registerSharedSchemas = await registerOpenApi(app);

  registerAuth(app);
  await app.register(healthRoutes, { prefix: '/api' });
  await app.register(identityRoutes, { prefix: '/api' });
  await app.register(orgRoutes, { prefix: '/api' });
  await app.register(auditRoutes, { prefix: '/api' });
  await app.register(overviewRoutes, { prefix: '/api' });
  await app.register(catalogRoutes, { prefix: '/api' });
  await app.register(exchangeRoutes, { prefix: '/api' });
  await app.register(connectorRoutes, { prefix: '/api' });
  await app.register(sharingRoutes, { prefix: '/api' });
  await app.register(dataRoutes, { prefix: '/api' });
  await app.register(economyRoutes, { prefix: '/api' });
  await app.register(registryRoutes, { prefix: '/api' });
  await app.register(dossierRoutes, { prefix: '/api' });
  await app.register(openRoutes);
  await app.register(sdmxRoutes, { prefix: '/api' });
  await app.register(geoRoutes, { prefix: '/api' });
  await app.register(licenseRoutes, { prefix: '/api' });
  await app.register(caseRoutes, { prefix: '/api' });
  await app.register(creditRoutes, { prefix: '/api' });
  await app.register(serviceRoutes, { prefix: '/api' });
  if (config.benchRoutes) await app.register(benchRoutes, { prefix: '/api' });
  for (const routes of extraRoutes) await app.register(routes, { prefix: '/api' });

  // After every route: the $id schemas they use become the OpenAPI document's components.
  registerSharedSchemas();

  const webDist = config.webDist;
  const hasWeb = webDist !== undefined && existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: false });
  }
  app.setNotFoundHandler((req, reply) => {
    // The web app routes on the client: any non-API page request gets index.html.
    if (hasWeb && req.method === 'GET' && !req.url.startsWith('/api/')) {
      const file = req.url.split('?')[0]!;
      if (!path.extname(file) || file.endsWith('.html'))
        return reply.type('text/html').sendFile('index.html');
    }
    const lang = langFrom(req.headers['accept-language']);
    const err = new AppError('ROUTE_NOT_FOUND', { method: req.method, url: req.url.split('?')[0] });
    return reply
      .status(404)
      .send({ error: { code: err.code, message: err.localized(lang), details: err.details } });
  });

  return app;
}
