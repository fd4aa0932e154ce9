import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { guard } from '../../core/guard.ts';
import {
  AuditPage,
  AuditQuery,
  ChainReport,
  CheckpointPage,
  CheckpointParams,
  CheckpointQuery,
  Checkpoint,
  VerifyQuery,
} from './schema.ts';

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { audit } = app.services;

  app.get(
    '/audit',
    {
      schema: {
        operationId: 'listAuditEntries',
        tags: ['audit'],
        summary: 'Search the audit log, newest first (keyset paging: pass nextCursor as before)',
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
    },
    async (req) => {
      await guard(req, 'audit.read');
      const { limit = 50, before, ...filter } = req.query;
      return audit.search(filter, { limit, before });
    },
  );

  app.get(
    '/audit/actions',
    {
      schema: {
        operationId: 'listAuditActions',
        tags: ['audit'],
        summary: 'Actions that occur in the log (for filters)',
        response: { 200: Type.Object({ items: Type.Array(Type.String()) }) },
      },
    },
    async (req) => {
      await guard(req, 'audit.read');
      return { items: await audit.actions() };
    },
  );

  app.get(
    '/audit/verify',
    {
      schema: {
        operationId: 'verifyAuditChain',
        tags: ['audit'],
        summary:
          'Check every hash chain from the last good signed checkpoint (or from the start with full=true) and ' +
          'report the first broken link',
        querystring: VerifyQuery,
        response: { 200: ChainReport },
      },
    },
    async (req) => {
      await guard(req, 'audit.read');
      return audit.verify({ full: req.query.full ?? false });
    },
  );

  app.get(
    '/audit/checkpoints',
    {
      schema: {
        operationId: 'listAuditCheckpoints',
        tags: ['audit'],
        summary: 'Signed checkpoints of the chains’ heads, newest first',
        querystring: CheckpointQuery,
        response: { 200: CheckpointPage },
      },
    },
    async (req) => {
      await guard(req, 'audit.read');
      return audit.checkpoints({ limit: req.query.limit ?? 50, before: req.query.before });
    },
  );

  app.get(
    '/audit/checkpoints/public-key',
    {
      schema: {
        operationId: 'getAuditCheckpointPublicKey',
        tags: ['audit'],
        summary: 'The SM2 public key checkpoints are signed with (PEM SubjectPublicKeyInfo; public)',
        produces: ['application/x-pem-file'],
        response: { 200: Type.String() },
      },
    },
    async (_req, reply) => reply.type('application/x-pem-file').send(audit.publicKeyPem()),
  );

  app.get(
    '/audit/checkpoints/:id',
    {
      schema: {
        operationId: 'getAuditCheckpoint',
        tags: ['audit'],
        summary: 'One signed checkpoint',
        params: CheckpointParams,
        response: { 200: Checkpoint },
      },
    },
    async (req) => {
      await guard(req, 'audit.read');
      return audit.getCheckpoint(req.params.id);
    },
  );

  app.get(
    '/audit/checkpoints/:id/payload',
    {
      schema: {
        operationId: 'getAuditCheckpointPayload',
        tags: ['audit'],
        summary: 'The exact bytes a checkpoint signed (for openssl pkeyutl -verify -in)',
        params: CheckpointParams,
        produces: ['text/plain'],
        response: { 200: Type.String() },
      },
    },
    async (req, reply) => {
      await guard(req, 'audit.read');
      const c = await audit.getCheckpoint(req.params.id);
      return reply.type('text/plain; charset=utf-8').send(c.payload);
    },
  );

  app.get(
    '/audit/checkpoints/:id/signature',
    {
      schema: {
        operationId: 'getAuditCheckpointSignature',
        tags: ['audit'],
        summary: 'A checkpoint’s signature, DER (for openssl pkeyutl -verify -sigfile)',
        params: CheckpointParams,
        produces: ['application/octet-stream'],
        response: { 200: Type.Unknown({ description: 'DER signature' }) },
      },
    },
    async (req, reply) => {
      await guard(req, 'audit.read');
      const c = await audit.getCheckpoint(req.params.id);
      return reply.type('application/octet-stream').send(Buffer.from(c.signature, 'base64'));
    },
  );
};
