import type { Db, Queryable } from '../../db/index.ts';
import { sm3 } from '../../lib/crypto.ts';
import { chinaDayEnd, chinaDayStart } from '../../lib/time.ts';
import { AppError } from '../../core/errors.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import type { Resource } from '../catalog/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { OrgService } from '../org/index.ts';
import { MAX_FILE_BYTES } from './agreements.ts';
import { servedType } from './files.ts';
import { grantRepo } from './grant-repo.ts';
import { presentAttachment, type SharingPresenter } from './presenters.ts';
import type { ListFilter, RequestRow } from './repo.ts';
import { requestRepo } from './request-repo.ts';
import { approvalScope, checkItems, checkPeriod } from './request-rules.ts';
import type { SharingResources } from './resources.ts';
import type { SharingSettings } from './settings.ts';
import type { AccessRequestT, ApproveBodyT, RequestInputT, RequestQueryT, SharingPolicyT } from './schema.ts';

/**
 * 申请与审批: a consumer's request → the provider's approval → (sensitive items, when the operator's policy says so)
 * the operator's second review → the grant. Every step is audited.
 */
export class RequestService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly identity: IdentityService,
    private readonly resources: SharingResources,
    private readonly settings: SharingSettings,
    private readonly present: SharingPresenter,
    /** Called after a grant may have been created, so remembered grants are read again. */
    private readonly changed: () => void,
  ) {}

  /**
   * Files a request. 有条件共享 waits for the provider (and the operator, for sensitive items when the policy says
   * so); 无条件共享 is approved at once; 不予共享 cannot be requested.
   */
  async create(
    actor: Actor,
    consumerId: string,
    input: RequestInputT,
    options: { filedAt?: Date } = {},
  ): Promise<AccessRequestT> {
    const resource = await this.resources.get(input.resourceId);
    if (resource.sharingType === 'none')
      throw new AppError('SHARING_NOT_REQUESTABLE', {
        resourceId: resource.id,
        legalBasis: resource.sharingCondition,
      });
    await this.org.get(consumerId);
    checkItems(resource, input.items, input.unmaskedItems ?? []);
    checkPeriod(input.periodFrom, input.periodTo);
    if (input.apiKeyId) await this.checkApiKey(input.apiKeyId, consumerId);
    const policy = await this.settings.get();
    const filedAt = options.filedAt ?? new Date();
    const id = await this.db.transaction(async (tx) => {
      if (await requestRepo.openRequestExists(tx, resource.id, consumerId))
        throw new AppError('SHARING_REQUEST_DUPLICATE', { resourceId: resource.id });
      const id = await requestRepo.insertRequest(tx, {
        resourceId: resource.id,
        providerId: resource.departmentId,
        consumerId,
        apiKeyId: input.apiKeyId ?? null,
        items: input.items,
        unmaskedItems: input.unmaskedItems ?? [],
        purpose: input.purpose.trim(),
        legalBasis: input.legalBasis,
        usageModes: input.usageModes,
        periodFrom: input.periodFrom,
        periodTo: input.periodTo,
        expectedDailyVolume: input.expectedDailyVolume ?? null,
        status: 'pending',
        createdAt: filedAt,
        dueAt: new Date(filedAt.getTime() + policy.responseHours * 3600 * 1000),
        createdBy: actor.name,
      });
      await this.audit.record(
        actor,
        {
          action: 'sharing.request.create',
          objectType: 'sharing_request',
          objectId: id,
          departmentId: consumerId,
          outcome: 'success',
          details: {
            resourceId: resource.id,
            code: resource.code,
            items: input.items,
            purpose: input.purpose,
          },
        },
        tx,
      );
      // 无条件共享: nothing to decide, the grant follows at once.
      if (resource.sharingType === 'unconditional')
        await this.decide(tx, actor, resource, id, {}, 'first', policy);
      return id;
    });
    this.changed();
    return this.get(id);
  }

  async get(id: string): Promise<AccessRequestT> {
    return (await this.present.requests([await this.row(id)]))[0]!;
  }

  /** The row, for routes to authorize against before acting. */
  async row(id: string): Promise<RequestRow> {
    const row = await requestRepo.request(this.db, id);
    if (!row) throw new AppError('SHARING_REQUEST_NOT_FOUND', { id });
    return row;
  }

  async list(f: ListFilter, query: RequestQueryT, limit: number, offset: number) {
    const { total, rows } = await requestRepo.requests(
      this.db,
      { ...f, status: query.status, overdueAt: query.overdue ? new Date() : undefined },
      limit,
      offset,
    );
    return { total, items: await this.present.requests(rows) };
  }

  /**
   * A decision to approve. On a pending request it is the provider's (narrowing items, clear items, period, with
   * quota and rate); when the operator's policy asks for a second approval of sensitive items the request then
   * waits in second_review, where the operator's approval (which may narrow further) creates the grant.
   */
  async approve(actor: Actor, id: string, body: ApproveBodyT): Promise<AccessRequestT> {
    const resource = await this.resources.get((await this.row(id)).resource_id);
    await this.db.transaction(async (tx) => {
      const current = await this.open(tx, id);
      const stage = current.status === 'pending' ? 'first' : 'second';
      await this.decide(tx, actor, resource, id, body, stage, await this.settings.get(tx));
    });
    this.changed();
    return this.get(id);
  }

  private async decide(
    tx: Queryable,
    actor: Actor,
    resource: Resource,
    id: string,
    body: ApproveBodyT,
    stage: 'first' | 'second',
    policy: SharingPolicyT,
  ): Promise<void> {
    const r = (await requestRepo.request(tx, id))!;
    const scope = approvalScope(r, body, stage);
    const sensitive = new Set(resource.items.filter((i) => i.sensitive && !i.isKey).map((i) => i.name));
    const needsSecond =
      stage === 'first' &&
      resource.sharingType === 'conditional' &&
      policy.secondApprovalSensitive &&
      scope.items.some((i) => sensitive.has(i));
    const grantId = needsSecond
      ? null
      : await grantRepo.insertGrant(tx, {
          resourceId: resource.id,
          providerId: r.provider_department_id,
          consumerId: r.consumer_department_id,
          apiKeyId: r.api_key_id,
          requestId: r.id,
          source: resource.sharingType === 'unconditional' ? 'self_service' : 'approval',
          items: scope.items,
          unmaskedItems: scope.unmasked,
          purpose: r.purpose,
          usageModes: r.usage_modes,
          validFrom: new Date(Math.max(Date.now(), chinaDayStart(r.period_from).getTime())),
          validTo: chinaDayEnd(scope.periodTo),
          dailyQuota: scope.dailyQuota,
          ratePerMinute: scope.ratePerMinute,
          expectedDailyVolume: r.expected_daily_volume,
          createdBy: actor.name,
        });
    await requestRepo.decideRequest(tx, id, {
      status: needsSecond ? 'second_review' : 'approved',
      stage,
      by: actor.name,
      approvedItems: scope.items,
      approvedUnmasked: scope.unmasked,
      approvedTo: scope.periodTo,
      dailyQuota: scope.dailyQuota,
      ratePerMinute: scope.ratePerMinute,
      reason: body.comment || null,
      grantId,
    });
    await this.audit.record(
      actor,
      {
        action: needsSecond ? 'sharing.request.approve_first' : 'sharing.request.approve',
        objectType: 'sharing_request',
        objectId: id,
        departmentId: r.provider_department_id,
        outcome: 'success',
        details: {
          resourceId: resource.id,
          items: scope.items,
          unmasked: scope.unmasked,
          periodTo: scope.periodTo,
          grantId,
          stage,
        },
      },
      tx,
    );
  }

  async reject(actor: Actor, id: string, reason: string): Promise<AccessRequestT> {
    await this.db.transaction(async (tx) => {
      const r = await this.open(tx, id);
      await requestRepo.decideRequest(tx, id, {
        status: 'rejected',
        stage: r.status === 'pending' ? 'first' : 'second',
        by: actor.name,
        reason,
      });
      await this.audit.record(
        actor,
        {
          action: 'sharing.request.reject',
          objectType: 'sharing_request',
          objectId: id,
          departmentId: r.provider_department_id,
          outcome: 'success',
          details: { resourceId: r.resource_id, reason },
        },
        tx,
      );
    });
    return this.get(id);
  }

  async withdraw(actor: Actor, id: string): Promise<AccessRequestT> {
    await this.db.transaction(async (tx) => {
      const r = await this.open(tx, id);
      await requestRepo.withdrawRequest(tx, id);
      await this.audit.record(
        actor,
        {
          action: 'sharing.request.withdraw',
          objectType: 'sharing_request',
          objectId: id,
          departmentId: r.consumer_department_id,
          outcome: 'success',
        },
        tx,
      );
    });
    return this.get(id);
  }

  /** The request locked for a decision, which only an open one (pending, second review) takes. */
  private async open(tx: Queryable, id: string): Promise<RequestRow> {
    const r = await requestRepo.request(tx, id, true);
    if (!r || (r.status !== 'pending' && r.status !== 'second_review'))
      throw new AppError('SHARING_REQUEST_STATE', { id, status: r?.status });
    return r;
  }

  /**
   * A supporting document. Its type is recorded as what its bytes are (PDF, PNG, JPEG, GIF, WebP) or
   * application/octet-stream, never as the uploader declared it.
   */
  async addAttachment(
    actor: Actor,
    requestId: string,
    file: { name: string; contentType: string; content: Buffer },
  ): Promise<AccessRequestT['attachments'][number]> {
    if (file.content.length === 0 || file.content.length > MAX_FILE_BYTES)
      throw new AppError('REQUEST_TOO_LARGE', { maxBytes: MAX_FILE_BYTES });
    const r = await this.row(requestId);
    const contentType = servedType(file.content);
    const id = await this.db.transaction(async (tx) => {
      const id = await requestRepo.insertAttachment(tx, {
        requestId,
        fileName: file.name,
        contentType,
        fileSm3: sm3(file.content),
        content: file.content,
      });
      await this.audit.record(
        actor,
        {
          action: 'sharing.request.attach',
          objectType: 'sharing_request',
          objectId: requestId,
          departmentId: r.consumer_department_id,
          outcome: 'success',
          details: {
            attachmentId: id,
            fileName: file.name,
            size: file.content.length,
            contentType,
            declaredType: file.contentType,
          },
        },
        tx,
      );
      return id;
    });
    const rows = await requestRepo.attachments(this.db, [requestId]);
    return presentAttachment(rows.find((a) => a.id === id)!);
  }

  /** An attachment's bytes, with the type they are served as (recognised again: older rows kept the declared one). */
  async attachment(requestId: string, id: string) {
    const a = await requestRepo.attachmentContent(this.db, requestId, id);
    if (!a) throw new AppError('SHARING_ATTACHMENT_NOT_FOUND', { id });
    const content = Buffer.from(a.content);
    return { fileName: a.file_name, contentType: servedType(content), content };
  }

  private async checkApiKey(apiKeyId: string, consumerId: string): Promise<void> {
    const key = await this.identity.getApiKey(apiKeyId).catch(() => null);
    if (!key || key.departmentId !== consumerId)
      throw new AppError('REQUEST_VALIDATION_FAILED', {
        fields: [
          {
            field: 'apiKeyId',
            code: 'NOT_OWN_KEY',
            message: {
              zh: 'API 密钥须属于申请部门',
              en: 'The API key must belong to the requesting department',
            },
          },
        ],
      });
  }
}
