import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf, guard } from '../../core/guard.ts';
import { IdParams } from '../../core/schema.ts';
import {
  CreateDepartmentBody,
  Department,
  DepartmentPage,
  DepartmentQuery,
  Region,
  RegionQuery,
  UpdateDepartmentBody,
} from './schema.ts';

export const orgRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { org } = app.services;

  app.get(
    '/regions',
    {
      schema: {
        operationId: 'listRegions',
        tags: ['org'],
        summary: 'Administrative regions (行政区划): city, districts, towns, villages',
        querystring: RegionQuery,
        response: { 200: Type.Object({ items: Type.Array(Region) }) },
      },
    },
    async (req) => {
      await guard(req, 'region.read');
      return { items: await org.regions(req.query.level, req.query.parent) };
    },
  );

  app.get(
    '/departments',
    {
      schema: {
        operationId: 'listDepartments',
        tags: ['org'],
        summary: 'Departments (部门), searchable by name, short name or credit code',
        querystring: DepartmentQuery,
        response: { 200: DepartmentPage },
      },
    },
    async (req) => {
      await guard(req, 'department.read');
      return org.search(req.query.q, req.query.limit ?? 50, req.query.offset ?? 0);
    },
  );

  app.get(
    '/departments/:id',
    {
      schema: {
        operationId: 'getDepartment',
        tags: ['org'],
        summary: 'One department',
        params: IdParams,
        response: { 200: Department },
      },
    },
    async (req) => {
      await guard(req, 'department.read');
      return org.get(req.params.id);
    },
  );

  app.post(
    '/departments',
    {
      schema: {
        operationId: 'createDepartment',
        tags: ['org'],
        summary: 'Create a department',
        body: CreateDepartmentBody,
        response: { 201: Department },
      },
    },
    async (req, reply) => {
      await guard(req, 'department.create', { departmentId: null, objectType: 'department' });
      return reply.status(201).send(await org.create(actorOf(req), req.body));
    },
  );

  app.patch(
    '/departments/:id',
    {
      schema: {
        operationId: 'updateDepartment',
        tags: ['org'],
        summary: 'Change a department',
        params: IdParams,
        body: UpdateDepartmentBody,
        response: { 200: Department },
      },
    },
    async (req) => {
      await guard(req, 'department.update', {
        departmentId: req.params.id,
        objectType: 'department',
        objectId: req.params.id,
      });
      return org.update(actorOf(req), req.params.id, req.body);
    },
  );
};
