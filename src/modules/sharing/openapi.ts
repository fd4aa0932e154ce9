import type { Resource } from '../catalog/index.ts';
import type { DataCatalogEntryT } from './schema.ts';

type JsonSchema = Record<string, unknown>;

/** An item's value as the data service returns it: typed by 数据类型, text once masked. */
function itemSchema(dataType: string, masked: boolean, description: string): JsonSchema {
  const base: JsonSchema = { description, nullable: true };
  if (masked) return { ...base, type: 'string', description: `${description}（脱敏）` };
  switch (dataType) {
    case 'N':
    case 'Y':
    case 'B':
    case 'F':
      return { ...base, type: 'number' };
    case 'I':
      return { ...base, type: 'integer' };
    case 'L':
      return { ...base, type: 'boolean' };
    case 'D':
      return { ...base, type: 'string', format: 'date' };
    case 'T':
      return { ...base, type: 'string', format: 'date-time' };
    default:
      return { ...base, type: 'string' };
  }
}

const ERROR = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } },
      required: ['code', 'message'],
    },
  },
};

const ERROR_RESPONSES = {
  '400': {
    description: 'Bad key, filter or missing X-Purpose',
    content: { 'application/json': { schema: ERROR } },
  },
  '403': {
    description: 'Outside the grant: the code says why',
    content: { 'application/json': { schema: ERROR } },
  },
  '404': { description: 'No such record', content: { 'application/json': { schema: ERROR } } },
  '429': {
    description: 'Daily quota or rate limit reached',
    content: { 'application/json': { schema: ERROR } },
  },
};

/**
 * The OpenAPI document one consumer sees: a path per granted resource and usage mode, with record schemas of
 * exactly the granted items (typed from the catalog, masked ones as text) and X-Purpose limited to its purposes.
 */
export function consumerOpenApi(entries: readonly DataCatalogEntryT[], resources: readonly Resource[]) {
  const byId = new Map(resources.map((r) => [r.id, r]));
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, JsonSchema> = { Error: ERROR };
  // One resource may be held under several grants (purposes): merge their modes, purposes and items.
  const merged = new Map<string, { entry: DataCatalogEntryT; purposes: Set<string>; modes: Set<string> }>();
  for (const e of entries) {
    const m = merged.get(e.resourceId);
    if (!m)
      merged.set(e.resourceId, { entry: e, purposes: new Set([e.purpose]), modes: new Set(e.usageModes) });
    else {
      e.usageModes.forEach((x) => m.modes.add(x));
      m.purposes.add(e.purpose);
      const names = new Set(m.entry.items.map((i) => i.name));
      m.entry = { ...m.entry, items: [...m.entry.items, ...e.items.filter((i) => !names.has(i.name))] };
    }
  }
  let n = 0;
  for (const { entry, purposes, modes } of merged.values()) {
    const resource = byId.get(entry.resourceId);
    if (!resource) continue;
    n++;
    const name = `R${n}`;
    const descriptions = new Map(resource.items.map((i) => [i.name, i.description ?? i.name]));
    const keyItems = entry.items.filter((i) => i.isKey);
    schemas[`${name}Record`] = {
      type: 'object',
      description: `${resource.name}（${resource.code}，${entry.providerDepartmentName}）`,
      properties: Object.fromEntries(
        entry.items.map((i) => [
          i.name,
          itemSchema(i.dataType, i.masked, descriptions.get(i.name) ?? i.name),
        ]),
      ),
      additionalProperties: false,
    };
    const purpose = {
      name: 'X-Purpose',
      in: 'header',
      required: true,
      description: '用途, percent-encoded UTF-8 (encodeURIComponent)',
      schema: { type: 'string', enum: [...purposes].map((p) => encodeURIComponent(p)) },
    };
    const record = {
      type: 'object',
      properties: {
        key: { type: 'array', items: {}, description: keyItems.map((k) => k.name).join(' + ') },
        data: { $ref: `#/components/schemas/${name}Record` },
        updatedAt: { type: 'string', format: 'date-time' },
      },
    };
    const base = `/api/data/${resource.id}`;
    const tag = resource.name;
    if (modes.has('query')) {
      paths[`${base}/records/{key}`] = {
        get: {
          tags: [tag],
          operationId: `${name}_lookup`,
          summary: `按${keyItems.map((k) => k.name).join('+')}查询一条${resource.name}`,
          parameters: [
            {
              name: 'key',
              in: 'path',
              required: true,
              description: keyItems.length > 1 ? 'Key values joined with "|"' : keyItems[0]?.name,
              schema: { type: 'string' },
            },
            purpose,
          ],
          responses: {
            '200': {
              description: 'The record',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      resourceId: { type: 'string' },
                      record,
                      maskedItems: { type: 'array', items: { type: 'string' } },
                      grantId: { type: 'string' },
                    },
                  },
                },
              },
            },
            ...ERROR_RESPONSES,
          },
        },
      };
      const filterable = entry.items.filter((i) => !i.masked);
      paths[`${base}/query`] = {
        post: {
          tags: [tag],
          operationId: `${name}_query`,
          summary: `条件查询${resource.name}`,
          parameters: [purpose],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    where: {
                      type: 'object',
                      properties: Object.fromEntries(filterable.map((i) => [i.name, {}])),
                      additionalProperties: false,
                    },
                    items: { type: 'array', items: { type: 'string', enum: entry.items.map((i) => i.name) } },
                    cursor: { type: 'string', nullable: true },
                    limit: { type: 'integer', minimum: 1 },
                  },
                },
              },
            },
          },
          responses: {
            '200': {
              description: 'A page of records',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      records: { type: 'array', items: record },
                      nextCursor: { type: 'string', nullable: true },
                      maskedItems: { type: 'array', items: { type: 'string' } },
                    },
                  },
                },
              },
            },
            ...ERROR_RESPONSES,
          },
        },
      };
    }
    if (modes.has('bulk')) {
      paths[`${base}/export`] = {
        get: {
          tags: [tag],
          operationId: `${name}_export`,
          summary: `批量导出${resource.name}（NDJSON，每行一条 {key, data}）`,
          parameters: [purpose],
          responses: {
            '200': {
              description: 'One record per line',
              content: { 'application/x-ndjson': { schema: record } },
            },
            ...ERROR_RESPONSES,
          },
        },
      };
    }
    if (modes.has('verify') || modes.has('query')) {
      paths[`${base}/verify`] = {
        post: {
          tags: [tag],
          operationId: `${name}_verify`,
          summary: `核验${resource.name}（只回答是否一致）`,
          parameters: [purpose],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['fields'],
                  properties: {
                    fields: {
                      type: 'object',
                      required: keyItems.map((k) => k.name),
                      properties: Object.fromEntries(
                        entry.items.map((i) => [i.name, itemSchema(i.dataType, false, i.name)]),
                      ),
                      additionalProperties: false,
                    },
                  },
                },
              },
            },
          },
          responses: {
            '200': {
              description: 'Match or no match',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      match: { type: 'boolean' },
                      current: { type: 'boolean' },
                      checkedAt: { type: 'string', format: 'date-time' },
                    },
                  },
                },
              },
            },
            ...ERROR_RESPONSES,
          },
        },
      };
    }
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Tongban data service (数据服务接口)',
      version: '1',
      description:
        'The resources and items this caller may use under its grants in force. Authorization: Bearer <API key>.',
    },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } },
      schemas,
    },
    security: [{ apiKey: [] }],
    paths,
  };
}
