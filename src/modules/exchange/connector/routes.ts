import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, guard, principalOf } from '../../../core/guard.ts';
import { IdParams } from '../../../core/schema.ts';
import type { Resource } from '../../catalog/index.ts';
import {
  Connector,
  ConnectorInput,
  ConnectorRun,
  ConnectorRunPage,
  ConnectorTestInput,
  ConnectorTestResult,
  RunsQuery,
} from './schema.ts';

const TAGS = ['exchange'];

/** Pull connectors (前置库对接), one per resource: the department's steward or the platform operator. */
export const connectorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { connectors, exchange } = app.services;

  /** The resource (401 before 404, so ids cannot be probed anonymously), after the policy allows the caller. */
  async function authorize(req: FastifyRequest, id: string): Promise<Resource> {
    principalOf(req);
    const resource = await exchange.recordResource(id);
    await guard(req, 'exchange.connector', {
      departmentId: resource.departmentId,
      objectType: 'catalog_resource',
      objectId: id,
    });
    return resource;
  }

  app.get(
    '/exchange/resources/:id/connector',
    {
      schema: {
        operationId: 'getConnector',
        tags: TAGS,
        summary:
          'The resource’s pull connector: settings (never the password), schedule, state and high-water mark',
        params: IdParams,
        response: { 200: Connector },
      },
    },
    async (req) => {
      await authorize(req, req.params.id);
      return connectors.get(req.params.id);
    },
  );

  app.put(
    '/exchange/resources/:id/connector',
    {
      schema: {
        operationId: 'saveConnector',
        tags: TAGS,
        summary:
          'Create or replace the resource’s pull connector (前置库); it runs at once, then on its schedule',
        description:
          'The source is a table or a SELECT query of the department’s PostgreSQL or MySQL/MariaDB database, read ' +
          'in pages past the high-water mark of `incrementalColumn`. Columns map to items by `columnMap`, else by ' +
          'name. The password is stored SM4-encrypted and never returned; omit it to keep the stored one (not ' +
          'allowed when kind, host, port or username change). Rows breaking the catalog’s rules are quarantined. ' +
          '409 EXCHANGE_CONNECTOR_BUSY while a run holds the connector.',
        params: IdParams,
        body: ConnectorInput,
        response: { 200: Connector, 201: Connector },
      },
    },
    async (req, reply) => {
      await authorize(req, req.params.id);
      const { connector, created } = await connectors.save(actorOf(req), req.params.id, req.body);
      return reply.status(created ? 201 : 200).send(connector);
    },
  );

  app.delete(
    '/exchange/resources/:id/connector',
    {
      schema: {
        operationId: 'deleteConnector',
        tags: TAGS,
        summary: 'Remove the resource’s pull connector and its run history (records already taken in stay)',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await authorize(req, req.params.id);
      await connectors.remove(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/exchange/resources/:id/connector/test',
    {
      schema: {
        operationId: 'testConnector',
        tags: TAGS,
        summary: 'Test connection: connect, list the source’s columns and how they map to items',
        description:
          'Tests the settings in the body; omitted ones (send `{}` for all) come from the stored connector. The ' +
          'stored password is used only for the stored kind, host, port and username. Failure: 502 ' +
          'EXCHANGE_CONNECTOR_FAILED with the driver’s message in details.reason.',
        params: IdParams,
        body: ConnectorTestInput,
        response: { 200: ConnectorTestResult },
      },
    },
    async (req) => {
      await authorize(req, req.params.id);
      return connectors.test(actorOf(req), req.params.id, req.body);
    },
  );

  app.post(
    '/exchange/resources/:id/connector/run',
    {
      schema: {
        operationId: 'runConnector',
        tags: TAGS,
        summary:
          'Run the connector now and wait for it; returns the run (outcome ok or failed, with the error)',
        params: IdParams,
        response: { 200: ConnectorRun },
      },
    },
    async (req) => {
      await authorize(req, req.params.id);
      return connectors.runNow(actorOf(req), req.params.id);
    },
  );

  app.get(
    '/exchange/resources/:id/connector/runs',
    {
      schema: {
        operationId: 'listConnectorRuns',
        tags: TAGS,
        summary: 'The connector’s runs, newest first: rows read, batches, high-water before and after, error',
        params: IdParams,
        querystring: RunsQuery,
        response: { 200: ConnectorRunPage },
      },
    },
    async (req) => {
      await authorize(req, req.params.id);
      return connectors.runs(req.params.id, req.query.limit ?? 20, req.query.offset ?? 0);
    },
  );
};
