/**
 * Who is calling the open API and what they may read. A developer's key comes in `Authorization: <key>` (what CKAN
 * clients send, `Bearer` optional) or `X-API-Key`; without one the caller is its client address. Each call is
 * admitted under a daily quota (the key's, or the anonymous one per address) before the route runs — over it, 429
 * with Retry-After until the city's midnight. A 无条件开放 dataset is read by anyone; a 有条件开放 one only with a key
 * whose developer holds an approval in force, and then only the approved items, each such read audited with the
 * developer, the key and the dataset. Anything else keeps answering 403 OPEN_DATASET_CONDITIONAL.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.ts';
import type { AuditService } from '../audit/index.ts';
import type { OpenApplications } from './applications.ts';
import type { Dataset } from './datasets.ts';
import type { KeyRow } from './developer-repo.ts';
import type { OpenKeys } from './keys.ts';
import { clientSubject, keySubject, type OpenMeter } from './meter.ts';

export type OpenCaller = { kind: 'anonymous'; address: string } | { kind: 'key'; key: KeyRow };

/** How a route turns a dataset into what this caller may read of it (or refuses). */
export type DatasetGate = (ds: Dataset) => Promise<Dataset>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on the open API's metered routes (CKAN actions, the query API, downloads). */
    openCaller: OpenCaller | null;
  }
}

/** The open API's routes that are counted and limited: what programs call. The portal's own pages are not. */
const METERED = new Set([
  '/open/api/3/action/:action',
  '/open/api/action/:action',
  '/open/api/datasets/:name/query',
  '/open/api/datasets/:name/download.csv',
  '/open/api/datasets/:name/download.json',
  '/open/api/datasets/:name/download.xlsx',
]);

type Via = 'datastore_search' | 'query' | 'download';

export class OpenAccess {
  constructor(
    private readonly audit: AuditService,
    private readonly keys: OpenKeys,
    private readonly applications: OpenApplications,
    private readonly meter: OpenMeter,
  ) {}

  /** The key a request presents (a wrong one is a 401, never a silent anonymous call), or its address. */
  async identify(req: FastifyRequest): Promise<OpenCaller> {
    const header = req.headers['x-api-key'];
    const auth = req.headers.authorization?.replace(/^Bearer\s+/i, '').trim();
    const secret =
      typeof header === 'string' && header ? header.trim() : auth?.startsWith('tbo_') ? auth : null;
    if (!secret) return { kind: 'anonymous', address: req.ip };
    const key = await this.keys.authenticate(secret);
    if (!key) throw new AppError('OPEN_API_KEY_INVALID');
    return { kind: 'key', key };
  }

  /** Counts the call against the caller's daily quota, or refuses it with the wait until the day ends. */
  async admit(caller: OpenCaller, reply: FastifyReply): Promise<void> {
    const [subject, quota] =
      caller.kind === 'key'
        ? [keySubject(caller.key.id), this.keys.quotaOf(caller.key)]
        : [clientSubject(caller.address), this.keys.quotas.anonymousDaily];
    const admitted = await this.meter.admit(subject, quota);
    if (admitted.ok) return;
    reply.header('retry-after', String(admitted.retryAfterSeconds));
    throw new AppError('OPEN_QUOTA_EXCEEDED', { quota, retryAfterSeconds: admitted.retryAfterSeconds });
  }

  /** The gate a route reads datasets through, for this request. */
  gate(req: FastifyRequest, via: Via): DatasetGate {
    return (ds) => this.view(req, ds, via);
  }

  async view(req: FastifyRequest, ds: Dataset, via: Via): Promise<Dataset> {
    if (ds.openType === 'open') return ds;
    const caller = req.openCaller;
    if (caller?.kind !== 'key') throw new AppError('OPEN_DATASET_CONDITIONAL', { name: ds.name });
    const approval = await this.applications.inForce(caller.key.developer_id, ds.resource.id);
    const actor = {
      id: caller.key.developer_id,
      name: null,
      kind: 'user' as const,
      ip: req.ip,
      requestId: String(req.id),
    };
    const event = {
      action: 'open.conditional.read',
      objectType: 'resource',
      objectId: ds.resource.id,
      departmentId: ds.resource.departmentId,
    };
    const base = { dataset: ds.name, keyId: caller.key.id, keyPrefix: caller.key.prefix, via };
    if (!approval) {
      req.refusalAudited = true;
      await this.audit.record(actor, { ...event, outcome: 'denied', details: base });
      throw new AppError('OPEN_DATASET_CONDITIONAL', { name: ds.name });
    }
    await this.audit.record(actor, {
      ...event,
      outcome: 'success',
      details: { ...base, applicationId: approval.id, items: approval.items },
    });
    // Only the approved items, and never a sensitive one (an application cannot name one; belt and braces).
    return { ...ds, columns: ds.columns.filter((c) => !c.sensitive && approval.items.includes(c.name)) };
  }

  countRows(req: FastifyRequest, rows: number): void {
    if (req.openCaller?.kind === 'key') this.meter.add(keySubject(req.openCaller.key.id), { rows });
  }

  countDownload(req: FastifyRequest): void {
    if (req.openCaller?.kind === 'key') this.meter.add(keySubject(req.openCaller.key.id), { downloads: 1 });
  }
}

/** Installs the caller and the quota on the open API's metered routes of `app`'s scope. */
export function registerOpenAccess(app: FastifyInstance, access: OpenAccess): void {
  app.decorateRequest('openCaller', null);
  app.addHook('onRequest', async (req, reply) => {
    if (!METERED.has(req.routeOptions.url ?? '')) return;
    req.openCaller = await access.identify(req);
    await access.admit(req.openCaller, reply);
  });
}
