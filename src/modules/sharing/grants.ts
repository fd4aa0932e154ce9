import type { Db } from '../../db/index.ts';
import { AppError } from '../../core/errors.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import { grantRepo } from './grant-repo.ts';
import { grantState, type SharingPresenter } from './presenters.ts';
import { chinaDaysFromNow, chinaToday } from '../../lib/time.ts';
import { type AccessGrantRow, type ListFilter } from './repo.ts';
import type { RequestService } from './requests.ts';
import type { SharingResources } from './resources.ts';
import type { AccessRequestT, GrantT, SelfServiceInputT } from './schema.ts';

/** 授权: grants as they are listed and revoked, and 无条件共享's self-service that issues one at once. */
export class GrantService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly resources: SharingResources,
    private readonly requests: RequestService,
    private readonly present: SharingPresenter,
    /** Called after a revocation, so remembered grants are read again. */
    private readonly changed: () => void,
  ) {}

  async get(id: string): Promise<GrantT> {
    return (await this.present.grants([await this.row(id)]))[0]!;
  }

  /** The row, for routes to authorize against before acting. */
  async row(id: string): Promise<AccessGrantRow> {
    const row = await grantRepo.grant(this.db, id);
    if (!row) throw new AppError('SHARING_GRANT_NOT_FOUND', { id });
    return row;
  }

  async list(f: ListFilter, limit: number, offset: number, state?: GrantT['state']) {
    if (state) {
      // States depend on the clock and the agreements: filter after reading (grant lists are short).
      const { rows } = await grantRepo.grants(this.db, f, 10_000, 0);
      const kept = rows.filter((g) => grantState(g) === state);
      return { total: kept.length, items: await this.present.grants(kept.slice(offset, offset + limit)) };
    }
    const { total, rows } = await grantRepo.grants(this.db, f, limit, offset);
    return { total, items: await this.present.grants(rows) };
  }

  async revoke(actor: Actor, id: string, reason: string): Promise<GrantT> {
    const g = await this.row(id);
    if (g.revoked_at)
      throw new AppError('SHARING_GRANT_ALREADY_REVOKED', { id, revokedAt: g.revoked_at.toISOString() });
    await this.db.transaction(async (tx) => {
      await grantRepo.revokeGrant(tx, id, actor.name, reason);
      await this.audit.record(
        actor,
        {
          action: 'sharing.grant.revoke',
          objectType: 'sharing_grant',
          objectId: id,
          departmentId: g.provider_department_id,
          outcome: 'success',
          details: { resourceId: g.resource_id, consumerDepartmentId: g.consumer_department_id, reason },
        },
        tx,
      );
    });
    this.changed();
    return this.get(id);
  }

  /** 无条件共享: the consumer confirms its purpose and holds a grant at once (still recorded as an approved request). */
  async selfService(actor: Actor, consumerId: string, input: SelfServiceInputT): Promise<GrantT> {
    const resource = await this.resources.get(input.resourceId);
    if (resource.sharingType === 'none')
      throw new AppError('SHARING_NOT_REQUESTABLE', {
        resourceId: resource.id,
        legalBasis: resource.sharingCondition,
      });
    if (resource.sharingType !== 'unconditional')
      throw new AppError('SHARING_SELF_SERVICE_ONLY_UNCONDITIONAL', {
        resourceId: resource.id,
        sharingType: resource.sharingType,
      });
    const request = await this.requests.create(actor, consumerId, {
      resourceId: input.resourceId,
      apiKeyId: input.apiKeyId ?? null,
      items: input.items ?? resource.items.map((i) => i.name),
      purpose: input.purpose,
      legalBasis: '无条件共享（自助获取）',
      usageModes: input.usageModes,
      periodFrom: chinaToday(),
      periodTo: input.periodTo ?? chinaDaysFromNow(365),
    });
    return this.get(request.grantId!);
  }

  /** What the portal shows on a resource: whether and how it can be requested, and the caller's grants. */
  async resourceAccess(id: string, departmentIds: string[]) {
    const resource = await this.resources.get(id);
    const grants = departmentIds.length
      ? await this.list({ consumerIds: departmentIds, resourceId: id }, 100, 0)
      : { items: [] as GrantT[] };
    const requests = departmentIds.length
      ? await this.requests.list({ consumerIds: departmentIds, resourceId: id }, { box: 'mine' }, 100, 0)
      : { items: [] as AccessRequestT[] };
    return {
      resourceId: resource.id,
      sharingType: resource.sharingType,
      sharingCondition: resource.sharingCondition,
      requestable: resource.sharingType !== 'none',
      selfService: resource.sharingType === 'unconditional',
      items: resource.items.map((i) => ({
        name: i.name,
        dataType: i.dataType,
        isKey: i.isKey,
        sensitive: i.sensitive,
      })),
      grants: grants.items,
      requests: requests.items.filter((r) => r.status === 'pending' || r.status === 'second_review'),
    };
  }
}
