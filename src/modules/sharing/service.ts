import type { Db, Queryable } from '../../db/index.ts';
import { sm3 } from '../../lib/crypto.ts';
import { maskRecord } from '../../lib/mask.ts';
import { AppError, type ErrorCode } from '../../server/errors.ts';
import type { Actor, AuditService } from '../audit/service.ts';
import type { CatalogService } from '../catalog/service.ts';
import type { Resource } from '../catalog/schema.ts';
import type { ExchangeService } from '../exchange/service.ts';
import type { RecordFilter } from '../exchange/repo.ts';
import type { IdentityService } from '../identity/service.ts';
import type { OrgService } from '../org/service.ts';
import { AccessLog, type CallGrant } from './access-log.ts';
import {
  chinaToday,
  sharingRepo,
  type AccessGrantRow,
  type AgreementRow,
  type AttachmentRow,
  type ListFilter,
  type PolicyRow,
  type RequestRow,
} from './repo.ts';
import type {
  AccessEntryT,
  AccessLogQueryT,
  AccessRequestT,
  AgreementInputT,
  AgreementT,
  ApproveBodyT,
  DataCatalogEntryT,
  DataLookupResultT,
  DataQueryBodyT,
  DataQueryResultT,
  FilterConditionT,
  GrantT,
  RequestInputT,
  RequestQueryT,
  SelfServiceInputT,
  SharingPolicyPatchT,
  SharingPolicyT,
  UsageMode,
  UsageQueryT,
  UsageReportT,
  VerifyBodyT,
  VerifyResultT,
} from './schema.ts';

const MAX_FILE_BYTES = 10 * 1024 * 1024;
// How long a consumer's grants are remembered between calls (each call still confirms its grant at commit).
const GRANT_CACHE_MS = 5_000;
// Records per page of a bulk export.
const EXPORT_PAGE = 1_000;
const RESOURCE_CACHE_MS = 5_000;
const DAY_MS = 24 * 3600 * 1000;
const CST_OFFSET_MS = 8 * 3600 * 1000;
// An access entry lists at most this many keys (a query page can touch more; the count is always kept).
const MAX_LOGGED_KEYS = 100;
// Status values that mean a matched record is no longer in force (人口状态, 登记状态, 证照状态 …).
const NOT_CURRENT = /注销|吊销|撤销|死亡|迁出|失效|作废|废止|终止|停业|歇业|过期/;

/** Who is calling the data service, for which department, from where. */
export interface Caller {
  actor: Actor;
  consumerDepartmentId: string;
  apiKeyId: string | null;
}

/** A day's start (00:00 China Standard Time) as an instant. */
function dayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - CST_OFFSET_MS);
}
/** The instant a day ends (the next day's start). */
function dayEnd(day: string): Date {
  return new Date(dayStart(day).getTime() + DAY_MS);
}

function grantState(
  g: Pick<AccessGrantRow, 'revoked_at' | 'valid_from' | 'valid_to' | 'agreement_in_force'>,
  now = new Date(),
): GrantT['state'] {
  if (g.revoked_at) return 'revoked';
  if (now < g.valid_from) return 'not_yet';
  if (now >= g.valid_to) return 'expired';
  if (!g.agreement_in_force) return 'suspended';
  return 'active';
}

function agreementState(a: AgreementRow, today: string): AgreementT['state'] {
  if (a.revoked_at) return 'revoked';
  if (a.valid_from > today) return 'not_yet';
  if (a.valid_to < today) return 'expired';
  return 'in_force';
}

/** Items of a resource that reach a reader masked under `unmasked`: sensitive, not key, not granted in clear. */
function maskedOf(resource: Resource, items: readonly string[], unmasked: readonly string[]): string[] {
  const clear = new Set(unmasked);
  const wanted = new Set(items);
  return resource.items
    .filter((i) => wanted.has(i.name) && i.sensitive && !i.isKey && !clear.has(i.name))
    .map((i) => i.name);
}

function itemError(names: string[], code = 'UNKNOWN_ITEM'): AppError {
  return new AppError('SHARING_ITEMS_INVALID', {
    fields: names.map((name) => ({
      field: 'items',
      code,
      message:
        code === 'UNKNOWN_ITEM'
          ? `目录中没有信息项“${name}”`
          : code === 'NOT_SENSITIVE'
            ? `“${name}”不是敏感信息项，无需申请明文`
            : `“${name}”超出申请范围`,
    })),
  });
}

/** The X-Purpose header is percent-encoded UTF-8 (headers are Latin-1); plain ASCII passes as is. */
export function decodePurpose(header: string | undefined): string | null {
  if (header === undefined) return null;
  let text = header;
  try {
    text = decodeURIComponent(header);
  } catch {
    // Not percent-encoded: take it literally.
  }
  text = text.trim();
  return text === '' ? null : text;
}

/**
 * 共享: security agreements, requests and approvals, grants with field-level scope and masking, and the data
 * service that consumer systems call within their grants, every call authorized here and written to the audit log.
 */
export class SharingService {
  readonly #resources = new Map<string, { at: number; resource: Resource }>();
  readonly #loading = new Map<string, Promise<Resource | undefined>>();
  readonly #log: AccessLog;
  readonly #rate = new Map<string, { minute: number; calls: number }>();
  readonly #grantCache = new Map<string, { rows: AccessGrantRow[]; at: number }>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly identity: IdentityService,
    private readonly catalog: CatalogService,
    private readonly exchange: ExchangeService,
  ) {
    this.#log = new AccessLog(db, audit, (tx, grantIds, keyIds) => this.confirm(tx, grantIds, keyIds));
    exchange.setSubscriptionAccess({
      subscriptionScope: (resource, consumerId, q) => this.subscriptionScope(resource, consumerId, q),
    });
  }

  // ---- resources ----------------------------------------------------------------------------------

  /** A published resource, cached for a few seconds (a catalog revision reaches the data service within them). */
  async resource(id: string): Promise<Resource> {
    const hit = this.#resources.get(id);
    if (hit && Date.now() - hit.at < RESOURCE_CACHE_MS) return hit.resource;
    // Calls arriving while the catalog is being read (all of them, under load, when the entry expires) share the read.
    let loading = this.#loading.get(id);
    if (!loading) {
      loading = (/^[0-9a-f-]{36}$/i.test(id) ? this.catalog.publishedResources([id]) : Promise.resolve([]))
        .then(([r]) => r)
        .finally(() => this.#loading.delete(id));
      this.#loading.set(id, loading);
    }
    const resource = await loading;
    if (!resource || resource.status === 'retired') throw new AppError('CATALOG_RESOURCE_NOT_FOUND', { id });
    this.#resources.set(id, { at: Date.now(), resource });
    return resource;
  }

  /** What the portal shows on a resource: whether and how it can be requested, and the caller's grants. */
  async resourceAccess(id: string, departmentIds: string[]) {
    const resource = await this.resource(id);
    const grants = departmentIds.length
      ? await this.grants({ consumerIds: departmentIds, resourceId: id }, 100, 0)
      : { items: [] as GrantT[] };
    const requests = departmentIds.length
      ? await this.requests({ consumerIds: departmentIds, resourceId: id }, { box: 'mine' }, 100, 0)
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

  // ---- agreements ---------------------------------------------------------------------------------

  async createAgreement(
    actor: Actor,
    input: AgreementInputT,
    file: { name: string; content: Buffer },
  ): Promise<AgreementT> {
    if (
      file.content.length === 0 ||
      file.content.length > MAX_FILE_BYTES ||
      !file.content.subarray(0, 5).equals(Buffer.from('%PDF-'))
    )
      throw new AppError('SHARING_AGREEMENT_FILE_INVALID', {
        fileName: file.name,
        size: file.content.length,
      });
    if (input.validTo < input.validFrom)
      throw new AppError('REQUEST_VALIDATION_FAILED', {
        fields: [
          {
            field: 'validTo',
            code: 'BEFORE_START',
            message: { zh: '有效期止不能早于有效期起', en: 'validTo is before validFrom' },
          },
        ],
      });
    await this.org.get(input.departmentId);
    const id = await this.db.transaction(async (tx) => {
      const id = await sharingRepo.insertAgreement(tx, {
        ...input,
        fileName: file.name,
        fileSm3: sm3(file.content),
        content: file.content,
        createdBy: actor.name,
      });
      await this.audit.record(
        actor,
        {
          action: 'sharing.agreement.create',
          objectType: 'sharing_agreement',
          objectId: id,
          departmentId: input.departmentId,
          outcome: 'success',
          details: { title: input.title, validFrom: input.validFrom, validTo: input.validTo },
        },
        tx,
      );
      return id;
    });
    this.forgetGrants();
    return this.agreement(id);
  }

  async agreement(id: string): Promise<AgreementT> {
    const row = await sharingRepo.agreement(this.db, id);
    if (!row) throw new AppError('SHARING_AGREEMENT_NOT_FOUND', { id });
    return (await this.presentAgreements([row]))[0]!;
  }

  async agreements(departmentIds: string[] | null, state?: AgreementT['state']): Promise<AgreementT[]> {
    const all = await this.presentAgreements(await sharingRepo.agreements(this.db, departmentIds));
    return state ? all.filter((a) => a.state === state) : all;
  }

  async agreementFile(id: string) {
    const file = await sharingRepo.agreementFile(this.db, id);
    if (!file) throw new AppError('SHARING_AGREEMENT_NOT_FOUND', { id });
    return {
      fileName: file.file_name,
      content: Buffer.from(file.file_content),
      departmentId: file.department_id,
    };
  }

  async revokeAgreement(actor: Actor, id: string, reason: string): Promise<AgreementT> {
    const a = await this.agreement(id);
    await this.db.transaction(async (tx) => {
      await sharingRepo.revokeAgreement(tx, id, actor.name, reason);
      await this.audit.record(
        actor,
        {
          action: 'sharing.agreement.revoke',
          objectType: 'sharing_agreement',
          objectId: id,
          departmentId: a.departmentId,
          outcome: 'success',
          details: { reason },
        },
        tx,
      );
    });
    this.forgetGrants();
    return this.agreement(id);
  }

  /** Every department with the end of its agreement in force (or of its last lapsed one). */
  async coverage() {
    const rows = new Map(
      (await sharingRepo.coverage(this.db, chinaToday())).map((r) => [r.department_id, r]),
    );
    const { items } = await this.org.search(undefined, 10_000, 0);
    return items.map((d) => ({
      departmentId: d.id,
      departmentName: d.name,
      inForceUntil: rows.get(d.id)?.in_force_until ?? null,
      lastExpiredOn: rows.get(d.id)?.last_expired ?? null,
    }));
  }

  private async presentAgreements(rows: AgreementRow[]): Promise<AgreementT[]> {
    const depts = await this.org.getMany(rows.map((r) => r.department_id));
    const today = chinaToday();
    return rows.map((a) => ({
      id: a.id,
      departmentId: a.department_id,
      departmentName: depts.get(a.department_id)?.name ?? '',
      title: a.title,
      parties: a.parties,
      signedOn: a.signed_on,
      validFrom: a.valid_from,
      validTo: a.valid_to,
      state: agreementState(a, today),
      fileName: a.file_name,
      fileSize: a.file_size,
      fileSm3: a.file_sm3,
      createdBy: a.created_by,
      createdAt: a.created_at.toISOString(),
      revokedAt: a.revoked_at?.toISOString() ?? null,
      revokeReason: a.revoke_reason,
    }));
  }

  // ---- policy -------------------------------------------------------------------------------------

  async policy(q: Queryable = this.db): Promise<SharingPolicyT> {
    return presentPolicy(await sharingRepo.policy(q));
  }

  async updatePolicy(actor: Actor, patch: SharingPolicyPatchT): Promise<SharingPolicyT> {
    await this.db.transaction(async (tx) => {
      await sharingRepo.updatePolicy(tx, patch, actor.name);
      await this.audit.record(
        actor,
        {
          action: 'sharing.policy.update',
          objectType: 'sharing_policy',
          outcome: 'success',
          details: { ...patch },
        },
        tx,
      );
    });
    return this.policy();
  }

  // ---- requests -----------------------------------------------------------------------------------

  /**
   * Files a request. 有条件共享 waits for the provider (and the operator, for sensitive items when the policy says
   * so); 无条件共享 is approved at once; 不予共享 cannot be requested.
   */
  async createRequest(
    actor: Actor,
    consumerId: string,
    input: RequestInputT,
    options: { filedAt?: Date } = {},
  ): Promise<AccessRequestT> {
    const resource = await this.resource(input.resourceId);
    if (resource.sharingType === 'none')
      throw new AppError('SHARING_NOT_REQUESTABLE', {
        resourceId: resource.id,
        legalBasis: resource.sharingCondition,
      });
    await this.org.get(consumerId);
    this.checkItems(resource, input.items, input.unmaskedItems ?? []);
    this.checkPeriod(input.periodFrom, input.periodTo);
    if (input.apiKeyId) await this.checkApiKey(input.apiKeyId, consumerId);
    const policy = await this.policy();
    const id = await this.db.transaction(async (tx) => {
      if (await sharingRepo.openRequestExists(tx, resource.id, consumerId))
        throw new AppError('SHARING_REQUEST_DUPLICATE', { resourceId: resource.id });
      const id = await sharingRepo.insertRequest(tx, {
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
        createdAt: options.filedAt ?? new Date(),
        dueAt: new Date((options.filedAt?.getTime() ?? Date.now()) + policy.responseHours * 3600 * 1000),
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
        await this.approveIn(tx, actor, resource, id, {}, 'first', policy);
      return id;
    });
    this.forgetGrants();
    return this.request(id);
  }

  /** 无条件共享: the consumer confirms its purpose and holds a grant at once (still recorded as an approved request). */
  async selfService(actor: Actor, consumerId: string, input: SelfServiceInputT): Promise<GrantT> {
    const resource = await this.resource(input.resourceId);
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
    const today = chinaToday();
    const request = await this.createRequest(actor, consumerId, {
      resourceId: input.resourceId,
      apiKeyId: input.apiKeyId ?? null,
      items: input.items ?? resource.items.map((i) => i.name),
      purpose: input.purpose,
      legalBasis: '无条件共享（自助获取）',
      usageModes: input.usageModes,
      periodFrom: today,
      periodTo: input.periodTo ?? chinaToday(new Date(Date.now() + 365 * DAY_MS)),
    });
    return this.grant(request.grantId!);
  }

  async request(id: string): Promise<AccessRequestT> {
    const row = await sharingRepo.request(this.db, id);
    if (!row) throw new AppError('SHARING_REQUEST_NOT_FOUND', { id });
    return (await this.presentRequests([row]))[0]!;
  }

  /** The row, for routes to authorize against before acting. */
  async requestRow(id: string): Promise<RequestRow> {
    const row = await sharingRepo.request(this.db, id);
    if (!row) throw new AppError('SHARING_REQUEST_NOT_FOUND', { id });
    return row;
  }

  async requests(f: ListFilter, query: RequestQueryT, limit: number, offset: number) {
    const { total, rows } = await sharingRepo.requests(
      this.db,
      { ...f, status: query.status, overdueAt: query.overdue ? new Date() : undefined },
      limit,
      offset,
    );
    return { total, items: await this.presentRequests(rows) };
  }

  /**
   * A decision to approve. On a pending request it is the provider's (narrowing items, clear items, period, with
   * quota and rate); when the operator's policy asks for a second approval of sensitive items the request then
   * waits in second_review, where the operator's approval (which may narrow further) creates the grant.
   */
  async approve(actor: Actor, id: string, body: ApproveBodyT): Promise<AccessRequestT> {
    const row = await this.requestRow(id);
    const resource = await this.resource(row.resource_id);
    await this.db.transaction(async (tx) => {
      const current = await sharingRepo.request(tx, id, true);
      if (!current || (current.status !== 'pending' && current.status !== 'second_review'))
        throw new AppError('SHARING_REQUEST_STATE', { id, status: current?.status });
      await this.approveIn(
        tx,
        actor,
        resource,
        id,
        body,
        current.status === 'pending' ? 'first' : 'second',
        await this.policy(tx),
      );
    });
    this.forgetGrants();
    return this.request(id);
  }

  private async approveIn(
    tx: Queryable,
    actor: Actor,
    resource: Resource,
    id: string,
    body: ApproveBodyT,
    stage: 'first' | 'second',
    policy: SharingPolicyT,
  ): Promise<void> {
    const r = (await sharingRepo.request(tx, id))!;
    // The second stage narrows what the first approved; the first what was requested.
    const baseItems = stage === 'second' ? (r.approved_items ?? r.items) : r.items;
    const baseUnmasked = stage === 'second' ? (r.approved_unmasked ?? []) : r.unmasked_items;
    const baseTo = stage === 'second' ? (r.approved_to ?? r.period_to) : r.period_to;
    const items = body.items ?? baseItems;
    const outside = items.filter((i) => !baseItems.includes(i));
    if (outside.length) throw itemError(outside, 'NOT_REQUESTED');
    const unmasked = (body.unmaskedItems ?? (stage === 'second' ? baseUnmasked : [])).filter((i) =>
      items.includes(i),
    );
    const notAsked = unmasked.filter((i) => !baseUnmasked.includes(i));
    if (notAsked.length) throw itemError(notAsked, 'NOT_REQUESTED');
    const periodTo = body.periodTo ?? baseTo;
    if (periodTo > baseTo || periodTo < r.period_from)
      throw new AppError('REQUEST_VALIDATION_FAILED', {
        fields: [
          {
            field: 'periodTo',
            code: 'OUT_OF_RANGE',
            message: {
              zh: '批准的期限须在申请期限之内',
              en: 'The approved period must lie within the requested one',
            },
          },
        ],
      });
    const dailyQuota = body.dailyQuota ?? r.daily_quota ?? null;
    // The provider's limits carry over to the operator's second review, which creates the grant.
    const ratePerMinute = body.ratePerMinute ?? r.rate_per_minute ?? null;
    const sensitive = new Set(resource.items.filter((i) => i.sensitive && !i.isKey).map((i) => i.name));
    const needsSecond =
      stage === 'first' &&
      resource.sharingType === 'conditional' &&
      policy.secondApprovalSensitive &&
      items.some((i) => sensitive.has(i));
    let grantId: string | null = null;
    if (!needsSecond) {
      grantId = await sharingRepo.insertGrant(tx, {
        resourceId: resource.id,
        providerId: r.provider_department_id,
        consumerId: r.consumer_department_id,
        apiKeyId: r.api_key_id,
        requestId: r.id,
        source: resource.sharingType === 'unconditional' ? 'self_service' : 'approval',
        items,
        unmaskedItems: unmasked,
        purpose: r.purpose,
        usageModes: r.usage_modes,
        validFrom: new Date(Math.max(Date.now(), dayStart(r.period_from).getTime())),
        validTo: dayEnd(periodTo),
        dailyQuota,
        ratePerMinute,
        expectedDailyVolume: r.expected_daily_volume,
        createdBy: actor.name,
      });
    }
    await sharingRepo.decideRequest(tx, id, {
      status: needsSecond ? 'second_review' : 'approved',
      stage,
      by: actor.name,
      approvedItems: items,
      approvedUnmasked: unmasked,
      approvedTo: periodTo,
      dailyQuota,
      ratePerMinute,
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
        details: { resourceId: resource.id, items, unmasked, periodTo, grantId, stage },
      },
      tx,
    );
  }

  async reject(actor: Actor, id: string, reason: string): Promise<AccessRequestT> {
    await this.db.transaction(async (tx) => {
      const r = await sharingRepo.request(tx, id, true);
      if (!r || (r.status !== 'pending' && r.status !== 'second_review'))
        throw new AppError('SHARING_REQUEST_STATE', { id, status: r?.status });
      await sharingRepo.decideRequest(tx, id, {
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
    return this.request(id);
  }

  async withdraw(actor: Actor, id: string): Promise<AccessRequestT> {
    await this.db.transaction(async (tx) => {
      const r = await sharingRepo.request(tx, id, true);
      if (!r || (r.status !== 'pending' && r.status !== 'second_review'))
        throw new AppError('SHARING_REQUEST_STATE', { id, status: r?.status });
      await sharingRepo.withdrawRequest(tx, id);
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
    return this.request(id);
  }

  async addAttachment(
    actor: Actor,
    requestId: string,
    file: { name: string; contentType: string; content: Buffer },
  ): Promise<AccessRequestT['attachments'][number]> {
    if (file.content.length === 0 || file.content.length > MAX_FILE_BYTES)
      throw new AppError('REQUEST_TOO_LARGE', { maxBytes: MAX_FILE_BYTES });
    const r = await this.requestRow(requestId);
    const id = await this.db.transaction(async (tx) => {
      const id = await sharingRepo.insertAttachment(tx, {
        requestId,
        fileName: file.name,
        contentType: file.contentType,
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
          details: { attachmentId: id, fileName: file.name, size: file.content.length },
        },
        tx,
      );
      return id;
    });
    const rows = await sharingRepo.attachments(this.db, [requestId]);
    return presentAttachment(rows.find((a) => a.id === id)!);
  }

  async attachment(requestId: string, id: string) {
    const a = await sharingRepo.attachmentContent(this.db, requestId, id);
    if (!a) throw new AppError('SHARING_ATTACHMENT_NOT_FOUND', { id });
    return { fileName: a.file_name, contentType: a.content_type, content: Buffer.from(a.content) };
  }

  /** What presenting requests or grants needs besides their rows: resources, departments, key names. */
  private async presentationContext(
    rows: {
      resource_id: string;
      consumer_department_id: string;
      provider_department_id: string;
      api_key_id: string | null;
    }[],
  ) {
    const resourceIds = [...new Set(rows.map((r) => r.resource_id))];
    const resources = new Map((await this.catalog.publishedResources(resourceIds)).map((r) => [r.id, r]));
    const depts = await this.org.getMany(
      rows.flatMap((r) => [r.consumer_department_id, r.provider_department_id]),
    );
    const keyNames = await this.keyNames(rows.map((r) => r.api_key_id));
    /** The fields a request and a grant present alike: resource, both departments, the bound key. */
    const parties = (r: (typeof rows)[number]) => {
      const resource = resources.get(r.resource_id);
      return {
        resourceId: r.resource_id,
        resourceCode: resource?.code ?? '',
        resourceName: resource?.name ?? '',
        providerDepartmentId: r.provider_department_id,
        providerDepartmentName: depts.get(r.provider_department_id)?.name ?? '',
        consumerDepartmentId: r.consumer_department_id,
        consumerDepartmentName: depts.get(r.consumer_department_id)?.name ?? '',
        apiKeyId: r.api_key_id,
        apiKeyName: r.api_key_id ? (keyNames.get(r.api_key_id) ?? null) : null,
      };
    };
    return { resources, parties };
  }

  private async presentRequests(rows: RequestRow[]): Promise<AccessRequestT[]> {
    const { resources, parties } = await this.presentationContext(rows);
    const attachments = await sharingRepo.attachments(
      this.db,
      rows.map((r) => r.id),
    );
    const now = new Date();
    return rows.map((r) => {
      const resource = resources.get(r.resource_id);
      const sensitive = new Set(
        resource?.items.filter((i) => i.sensitive && !i.isKey).map((i) => i.name) ?? [],
      );
      return {
        id: r.id,
        ...parties(r),
        items: r.items,
        unmaskedItems: r.unmasked_items,
        sensitiveItems: r.items.filter((i) => sensitive.has(i)),
        purpose: r.purpose,
        legalBasis: r.legal_basis,
        usageModes: r.usage_modes as UsageMode[],
        periodFrom: r.period_from,
        periodTo: r.period_to,
        expectedDailyVolume: r.expected_daily_volume,
        status: r.status as AccessRequestT['status'],
        approvedItems: r.approved_items,
        approvedUnmasked: r.approved_unmasked,
        approvedTo: r.approved_to,
        dailyQuota: r.daily_quota,
        ratePerMinute: r.rate_per_minute,
        reason: r.reason,
        firstDecidedBy: r.first_decided_by,
        firstDecidedAt: r.first_decided_at?.toISOString() ?? null,
        secondDecidedBy: r.second_decided_by,
        secondDecidedAt: r.second_decided_at?.toISOString() ?? null,
        dueAt: r.due_at.toISOString(),
        overdue: (r.status === 'pending' || r.status === 'second_review') && r.due_at < now,
        grantId: r.grant_id,
        attachments: attachments.filter((a) => a.request_id === r.id).map(presentAttachment),
        createdBy: r.created_by,
        createdAt: r.created_at.toISOString(),
      };
    });
  }

  private checkItems(resource: Resource, items: readonly string[], unmasked: readonly string[]): void {
    const byName = new Map(resource.items.map((i) => [i.name, i]));
    const unknown = [...items, ...unmasked].filter((i) => !byName.has(i));
    if (unknown.length) throw itemError([...new Set(unknown)]);
    const outside = unmasked.filter((i) => !items.includes(i));
    if (outside.length) throw itemError(outside, 'NOT_REQUESTED');
    const plain = unmasked.filter((i) => !byName.get(i)!.sensitive || byName.get(i)!.isKey);
    if (plain.length) throw itemError(plain, 'NOT_SENSITIVE');
  }

  private checkPeriod(from: string, to: string): void {
    const field = to < from ? 'periodTo' : to < chinaToday() ? 'periodTo' : null;
    if (field)
      throw new AppError('REQUEST_VALIDATION_FAILED', {
        fields: [
          {
            field,
            code: 'OUT_OF_RANGE',
            message: {
              zh: '使用期限须从今天或以后结束，且不早于开始日期',
              en: 'The period must end today or later, after it starts',
            },
          },
        ],
      });
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

  private async keyNames(ids: (string | null)[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const id of new Set(ids.filter((x): x is string => x !== null))) {
      const key = await this.identity.getApiKey(id).catch(() => null);
      if (key) out.set(id, key.name);
    }
    return out;
  }

  // ---- grants -------------------------------------------------------------------------------------

  async grant(id: string): Promise<GrantT> {
    const row = await sharingRepo.grant(this.db, id);
    if (!row) throw new AppError('SHARING_GRANT_NOT_FOUND', { id });
    return (await this.presentGrants([row]))[0]!;
  }

  async grantRow(id: string): Promise<AccessGrantRow> {
    const row = await sharingRepo.grant(this.db, id);
    if (!row) throw new AppError('SHARING_GRANT_NOT_FOUND', { id });
    return row;
  }

  async grants(f: ListFilter, limit: number, offset: number, state?: GrantT['state']) {
    if (state) {
      // States depend on the clock and the agreements: filter after presenting (grant lists are short).
      const { rows } = await sharingRepo.grants(this.db, f, 10_000, 0);
      const kept = rows.filter((g) => grantState(g) === state);
      return { total: kept.length, items: await this.presentGrants(kept.slice(offset, offset + limit)) };
    }
    const { total, rows } = await sharingRepo.grants(this.db, f, limit, offset);
    return { total, items: await this.presentGrants(rows) };
  }

  async revokeGrant(actor: Actor, id: string, reason: string): Promise<GrantT> {
    const g = await this.grantRow(id);
    if (g.revoked_at)
      throw new AppError('SHARING_GRANT_ALREADY_REVOKED', { id, revokedAt: g.revoked_at.toISOString() });
    await this.db.transaction(async (tx) => {
      await sharingRepo.revokeGrant(tx, id, actor.name, reason);
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
    this.forgetGrants();
    return this.grant(id);
  }

  private async presentGrants(rows: AccessGrantRow[]): Promise<GrantT[]> {
    const { resources, parties } = await this.presentationContext(rows);
    const calls = await sharingRepo.callsToday(
      this.db,
      rows.map((r) => r.id),
      chinaToday(),
    );
    return rows.map((g) => {
      const resource = resources.get(g.resource_id);
      return {
        id: g.id,
        ...parties(g),
        requestId: g.request_id,
        source: g.source,
        items: g.items,
        unmaskedItems: g.unmasked_items,
        maskedItems: resource ? maskedOf(resource, g.items, g.unmasked_items) : [],
        purpose: g.purpose,
        usageModes: g.usage_modes as UsageMode[],
        validFrom: g.valid_from.toISOString(),
        validTo: g.valid_to.toISOString(),
        dailyQuota: g.daily_quota,
        ratePerMinute: g.rate_per_minute,
        expectedDailyVolume: g.expected_daily_volume,
        state: grantState(g),
        callsToday: calls.get(g.id) ?? 0,
        revokedAt: g.revoked_at?.toISOString() ?? null,
        revokedBy: g.revoked_by,
        revokeReason: g.revoke_reason,
        createdBy: g.created_by,
        createdAt: g.created_at.toISOString(),
      };
    });
  }

  // ---- access decisions ---------------------------------------------------------------------------

  /**
   * The grant a call may use, or the refusal that says why not, checked in this order: agreement in force, any
   * grant at all, purpose stated, purpose granted, grant revoked / out of its period, usage mode, rate.
   */
  private async decide(
    resource: Resource,
    caller: Caller,
    purpose: string | null,
    mode: UsageMode,
  ): Promise<
    { ok: true; grant: AccessGrantRow } | { ok: false; code: ErrorCode; grant: AccessGrantRow | null }
  > {
    const today = chinaToday();
    const all = (await this.accessGrants(resource.id, caller.consumerDepartmentId, today)).filter(
      (g) => g.api_key_id === null || g.api_key_id === caller.apiKeyId,
    );
    const agreement = all.length
      ? all[0]!.agreement_in_force
      : await sharingRepo.agreementInForce(this.db, caller.consumerDepartmentId, today);
    if (!agreement) return { ok: false, code: 'SHARING_NO_AGREEMENT', grant: null };
    if (!all.length) return { ok: false, code: 'SHARING_NO_GRANT', grant: null };
    if (purpose === null) return { ok: false, code: 'SHARING_PURPOSE_REQUIRED', grant: null };
    const forPurpose = all.filter((g) => g.purpose === purpose);
    if (!forPurpose.length) return { ok: false, code: 'SHARING_PURPOSE_MISMATCH', grant: null };
    const now = new Date();
    const live = forPurpose.filter((g) => grantState(g, now) === 'active');
    if (!live.length) {
      const revoked = forPurpose.find((g) => g.revoked_at);
      return revoked
        ? { ok: false, code: 'SHARING_GRANT_REVOKED', grant: revoked }
        : { ok: false, code: 'SHARING_GRANT_EXPIRED', grant: forPurpose[0]! };
    }
    // Verification discloses less than a lookup, so a query grant covers it too.
    const withMode = live.filter(
      (g) => g.usage_modes.includes(mode) || (mode === 'verify' && g.usage_modes.includes('query')),
    );
    if (!withMode.length) return { ok: false, code: 'SHARING_MODE_NOT_GRANTED', grant: live[0]! };
    // A grant bound to the calling key is the more specific one.
    const grant = withMode.find((g) => g.api_key_id !== null) ?? withMode[0]!;
    if (grant.rate_per_minute !== null && !this.takeRate(grant.id, grant.rate_per_minute))
      return { ok: false, code: 'SHARING_RATE_LIMITED', grant };
    return { ok: true, grant };
  }

  /**
   * A consumer's grants on a resource, remembered for GRANT_CACHE_MS. Safe because nothing decided under them is
   * answered before `confirm` has re-read, in the commit's transaction, that the grant is still in force (so a
   * revocation or a lapsed agreement in any process stops the next call); what memory can delay is only a grant
   * issued in another process, seen here within GRANT_CACHE_MS. Writes in this process forget everything at once.
   */
  private async accessGrants(
    resourceId: string,
    consumerId: string,
    today: string,
  ): Promise<AccessGrantRow[]> {
    const key = `${resourceId}:${consumerId}:${today}`;
    const hit = this.#grantCache.get(key);
    if (hit && Date.now() - hit.at < GRANT_CACHE_MS) return hit.rows;
    const rows = await sharingRepo.grantsForAccess(this.db, resourceId, consumerId, today);
    if (this.#grantCache.size > 10_000) this.#grantCache.clear();
    this.#grantCache.set(key, { rows, at: Date.now() });
    return rows;
  }

  /** Forgets remembered grants (after any change to grants or agreements in this process). */
  forgetGrants(): void {
    this.#grantCache.clear();
  }

  /** The refusal for each grant and API key that can no longer be used, read in the commit's transaction. */
  private async confirm(tx: Queryable, grantIds: string[], keyIds: string[]) {
    const grants = new Map<string, ErrorCode>();
    if (grantIds.length) {
      const now = new Date();
      for (const g of await sharingRepo.grantStates(tx, grantIds, chinaToday(now))) {
        const state = grantState(g, now);
        if (state === 'active') continue;
        grants.set(
          g.id,
          state === 'revoked'
            ? 'SHARING_GRANT_REVOKED'
            : state === 'suspended'
              ? 'SHARING_NO_AGREEMENT'
              : 'SHARING_GRANT_EXPIRED',
        );
      }
    }
    const keys = new Map<string, ErrorCode>();
    for (const [id, state] of await this.identity.keyStates(keyIds, tx))
      keys.set(id, state === 'revoked' ? 'AUTH_API_KEY_REVOKED' : 'AUTH_API_KEY_EXPIRED');
    return { grants, keys };
  }

  /** Per-process calls-per-minute window (the daily quota is the city-wide limit; this one smooths bursts). */
  private takeRate(grantId: string, limit: number): boolean {
    const minute = Math.floor(Date.now() / 60_000);
    const w = this.#rate.get(grantId);
    if (!w || w.minute !== minute) {
      this.#rate.set(grantId, { minute, calls: 1 });
      return true;
    }
    if (w.calls >= limit) return false;
    w.calls++;
    return true;
  }

  /**
   * Runs one data-service call: decides the grant, runs `work` within it, and writes exactly one audit entry for
   * the call, whatever its outcome, before anything is returned.
   */
  private async access<T>(
    action: 'data.lookup' | 'data.query' | 'data.verify' | 'data.export',
    mode: UsageMode,
    resourceId: string,
    caller: Caller,
    purpose: string | null,
    work: (
      resource: Resource,
      grant: AccessGrantRow,
    ) => Promise<{ result: T; details: Record<string, unknown>; records: number }>,
  ): Promise<T> {
    const base = {
      action,
      objectType: 'resource',
      objectId: resourceId,
      departmentId: caller.consumerDepartmentId,
    };
    const entryGrant = (g: AccessGrantRow | null): CallGrant | null =>
      g && {
        id: g.id,
        resourceId: g.resource_id,
        dailyQuota: g.daily_quota,
        expectedDailyVolume: g.expected_daily_volume,
      };
    let resource: Resource;
    try {
      resource = await this.resource(resourceId);
    } catch (err) {
      const verdict = await this.#log.write({
        actor: caller.actor,
        event: {
          ...base,
          outcome: 'failure',
          details: { code: 'CATALOG_RESOURCE_NOT_FOUND', purpose, apiKeyId: caller.apiKeyId },
        },
        grant: null,
        records: 0,
        apiKeyId: caller.apiKeyId,
      });
      if (!verdict.ok) throw new AppError(verdict.code, { resourceId });
      throw err;
    }
    const common = {
      purpose,
      apiKeyId: caller.apiKeyId,
      resourceCode: resource.code,
      providerDepartmentId: resource.departmentId,
    };
    const decision = await this.decide(resource, caller, purpose, mode);
    if (!decision.ok) {
      const verdict = await this.#log.write({
        actor: caller.actor,
        event: {
          ...base,
          outcome: 'denied',
          details: { ...common, code: decision.code, grantId: decision.grant?.id ?? null },
        },
        grant: entryGrant(decision.grant),
        records: 0,
        apiKeyId: caller.apiKeyId,
      });
      throw new AppError(verdict.ok ? decision.code : verdict.code, { resourceId });
    }
    const grant = decision.grant;
    let outcome: { result: T; details: Record<string, unknown>; records: number };
    try {
      outcome = await work(resource, grant);
    } catch (err) {
      const code = err instanceof AppError ? err.code : 'INTERNAL_ERROR';
      const denied = code === 'SHARING_ITEM_NOT_GRANTED';
      const verdict = await this.#log.write({
        actor: caller.actor,
        event: {
          ...base,
          outcome: denied ? 'denied' : 'failure',
          details: {
            ...common,
            grantId: grant.id,
            code,
            ...(err instanceof AppError && err.details?.keys ? { keys: err.details.keys } : {}),
          },
        },
        grant: entryGrant(grant),
        records: 0,
        apiKeyId: caller.apiKeyId,
      });
      if (err instanceof AppError && err.details?.keys) delete err.details.keys;
      // Refused at commit (the grant or key was revoked meanwhile): that, not the work's error, is the answer.
      if (!verdict.ok) throw new AppError(verdict.code, { resourceId });
      throw err;
    }
    const verdict = await this.#log.write({
      actor: caller.actor,
      event: { ...base, outcome: 'success', details: { ...common, grantId: grant.id, ...outcome.details } },
      grant: entryGrant(grant),
      records: outcome.records,
      apiKeyId: caller.apiKeyId,
    });
    if (!verdict.ok)
      throw new AppError(
        verdict.code,
        verdict.code === 'SHARING_QUOTA_EXCEEDED' ? { resourceId, quota: grant.daily_quota } : { resourceId },
      );
    return outcome.result;
  }

  /**
   * The items a call returns: the key items always (they identify the record, are never masked, and are in
   * `record.key` anyway, as in subscriptions and the consumer's OpenAPI schema), plus those asked for (default all
   * granted), each within the grant.
   */
  private returnedItems(
    resource: Resource,
    grant: AccessGrantRow,
    asked: readonly string[] | undefined,
  ): string[] {
    const keys = resource.items.filter((i) => i.isKey).map((i) => i.name);
    const granted = new Set([...grant.items, ...keys]);
    const outside = (asked ?? []).filter((i) => !granted.has(i));
    // The names come from the caller; the error repeats nothing else.
    if (outside.length) throw new AppError('SHARING_ITEM_NOT_GRANTED', { items: outside });
    const wanted = asked ? new Set([...keys, ...asked]) : granted;
    return resource.items.map((i) => i.name).filter((n) => wanted.has(n));
  }

  private shape(resource: Resource, grant: AccessGrantRow, items: string[], data: Record<string, unknown>) {
    const projected: Record<string, unknown> = {};
    for (const name of items) if (Object.hasOwn(data, name)) projected[name] = data[name];
    return maskRecord(projected, resource.items, new Set(grant.unmasked_items));
  }

  /** The key items' values from a URL segment: "v" for one key item, "v1|v2" or a JSON array for several. */
  private keyFromPath(resource: Resource, segment: string) {
    const keyItems = resource.items
      .filter((i) => i.isKey)
      .sort((a, b) => a.position - b.position)
      .map((i) => i.name);
    let parts: unknown[];
    if (segment.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(segment);
        parts = Array.isArray(parsed) ? parsed : [segment];
      } catch {
        parts = [segment];
      }
    } else parts = keyItems.length > 1 ? segment.split('|') : [segment];
    if (parts.length !== keyItems.length)
      throw new AppError('SHARING_KEY_INVALID', { expected: keyItems, got: parts.length });
    const values = Object.fromEntries(keyItems.map((name, i) => [name, parts[i]]));
    const checked = this.exchange.canonicalKey(resource, values);
    if (!checked.ok)
      throw new AppError('SHARING_KEY_INVALID', {
        fields: checked.errors.map((e) => ({ field: e.field, code: e.code, message: e.message })),
      });
    return checked.key;
  }

  /** GET /api/data/{resource}/records/{key}: one record, granted items only, masked as granted. */
  async lookup(
    caller: Caller,
    resourceId: string,
    keySegment: string,
    purpose: string | null,
    items?: string[],
  ): Promise<DataLookupResultT> {
    return this.access('data.lookup', 'query', resourceId, caller, purpose, async (resource, grant) => {
      const returned = this.returnedItems(resource, grant, items);
      const key = this.keyFromPath(resource, keySegment);
      const row = await this.exchange.recordByKey(resource.id, key);
      if (!row) throw new AppError('SHARING_RECORD_NOT_FOUND', { keys: [key] });
      const data = this.shape(resource, grant, returned, row.data);
      const masked = maskedOf(resource, returned, grant.unmasked_items);
      return {
        result: {
          resourceId: resource.id,
          record: {
            key: JSON.parse(row.record_key) as unknown[],
            data,
            updatedAt: row.updated_at.toISOString(),
          },
          maskedItems: masked,
          grantId: grant.id,
        },
        details: { keys: [key], keyCount: 1, items: returned, maskedItems: masked, records: 1 },
        records: 1,
      };
    });
  }

  /** POST /api/data/{resource}/query: filtered, keyset-paged; filters only on granted items. */
  async query(
    caller: Caller,
    resourceId: string,
    body: DataQueryBodyT,
    purpose: string | null,
  ): Promise<DataQueryResultT> {
    const policy = await this.policy();
    return this.access('data.query', 'query', resourceId, caller, purpose, async (resource, grant) => {
      const returned = this.returnedItems(resource, grant, body.items);
      const limit = Math.min(body.limit ?? 100, policy.maxQueryLimit);
      const filters = this.filters(resource, grant, body.where ?? {});
      let after: string | null = null;
      if (body.cursor) {
        try {
          after = Buffer.from(body.cursor, 'base64url').toString('utf8');
          JSON.parse(after);
        } catch {
          throw new AppError('SHARING_CURSOR_INVALID');
        }
      }
      const rows = await this.exchange.findRecords(resource.id, filters, after, limit);
      const masked = maskedOf(resource, returned, grant.unmasked_items);
      const keys = rows.map((r) => r.record_key);
      return {
        result: {
          resourceId: resource.id,
          records: rows.map((r) => ({
            key: JSON.parse(r.record_key) as unknown[],
            data: this.shape(resource, grant, returned, r.data),
            updatedAt: r.updated_at.toISOString(),
          })),
          nextCursor:
            rows.length === limit
              ? Buffer.from(rows[rows.length - 1]!.record_key).toString('base64url')
              : null,
          maskedItems: masked,
          grantId: grant.id,
        },
        details: {
          keys: keys.slice(0, MAX_LOGGED_KEYS),
          keyCount: keys.length,
          items: returned,
          maskedItems: masked,
          records: rows.length,
          filter: Object.keys(body.where ?? {}),
        },
        records: rows.length,
      };
    });
  }

  private filters(
    resource: Resource,
    grant: AccessGrantRow,
    where: Record<string, FilterConditionT>,
  ): RecordFilter[] {
    const granted = new Set([...grant.items, ...resource.items.filter((i) => i.isKey).map((i) => i.name)]);
    const outside = Object.keys(where).filter((i) => !granted.has(i));
    if (outside.length) throw new AppError('SHARING_ITEM_NOT_GRANTED', { items: outside });
    // Filtering on a masked item would reveal it one guess at a time.
    const masked = new Set(maskedOf(resource, grant.items, grant.unmasked_items));
    const onMasked = Object.keys(where).filter((i) => masked.has(i));
    if (onMasked.length)
      throw new AppError('SHARING_ITEM_NOT_GRANTED', { items: onMasked, reason: 'masked' });
    const out: RecordFilter[] = [];
    for (const [item, cond] of Object.entries(where)) {
      if (cond === null || typeof cond !== 'object') out.push({ item, op: 'eq', value: cond });
      else
        for (const [op, value] of Object.entries(cond))
          if (value !== undefined) out.push({ item, op: op as RecordFilter['op'], value });
    }
    return out;
  }

  /**
   * POST /api/data/{resource}/verify (核验): does a record with this key exist whose given fields all equal the
   * values sent, and is it in force? Nothing else about the record is returned. Every field compared must be
   * granted; masked items may be compared (the answer is one bit about a value the caller already holds).
   */
  async verify(
    caller: Caller,
    resourceId: string,
    body: VerifyBodyT,
    purpose: string | null,
  ): Promise<VerifyResultT> {
    return this.access('data.verify', 'verify', resourceId, caller, purpose, async (resource, grant) => {
      const keyItems = resource.items.filter((i) => i.isKey).map((i) => i.name);
      const missingKey = keyItems.filter((k) => body.fields[k] === undefined || body.fields[k] === null);
      if (missingKey.length)
        throw new AppError('SHARING_KEY_INVALID', {
          fields: missingKey.map((field) => ({
            field,
            code: 'REQUIRED',
            message: `核验须提供主键“${field}”`,
          })),
        });
      const fields = Object.keys(body.fields);
      this.returnedItems(
        resource,
        grant,
        fields.filter((f) => !keyItems.includes(f)),
      );
      const checked = this.exchange.canonicalKey(resource, body.fields);
      const key = checked.ok ? checked.key : null;
      const row = key ? await this.exchange.recordByKey(resource.id, key) : undefined;
      let match = false;
      let current = false;
      if (row) {
        match = fields.every((f) => keyItems.includes(f) || sameValue(row.data[f], body.fields[f]));
        if (match) {
          const status = resource.items.find(
            (i) => /状态$/.test(i.name) && typeof row.data[i.name] === 'string',
          );
          current = !status || !NOT_CURRENT.test(String(row.data[status.name]));
        }
      }
      return {
        result: {
          resourceId: resource.id,
          match,
          current: match && current,
          checkedAt: new Date().toISOString(),
          grantId: grant.id,
        },
        details: {
          keys: key ? [key] : [],
          keyCount: key ? 1 : 0,
          items: fields,
          maskedItems: [],
          records: 0,
          match,
        },
        records: 0,
      };
    });
  }

  /**
   * GET /api/data/{resource}/export (批量): every held record as NDJSON, granted items only, masked as granted, for a
   * grant with the bulk mode. The call's audit entry (with the number of records held) commits before the first
   * line is sent; the lines are then read page by page in key order.
   */
  async export(
    caller: Caller,
    resourceId: string,
    purpose: string | null,
    items?: string[],
  ): Promise<AsyncGenerator<string>> {
    return this.access('data.export', 'bulk', resourceId, caller, purpose, async (resource, grant) => {
      const returned = this.returnedItems(resource, grant, items);
      const masked = maskedOf(resource, returned, grant.unmasked_items);
      const held = (await this.exchange.resource(resource.id)).recordsHeld;
      const lines = async function* (this: SharingService) {
        let after: string | null = null;
        for (;;) {
          const rows = await this.exchange.findRecords(resource.id, [], after, EXPORT_PAGE);
          for (const r of rows)
            yield `${JSON.stringify({ key: JSON.parse(r.record_key) as unknown[], data: this.shape(resource, grant, returned, r.data) })}\n`;
          if (rows.length < EXPORT_PAGE) return;
          after = rows[rows.length - 1]!.record_key;
        }
      }.call(this);
      return {
        result: lines,
        details: { keys: [], keyCount: held, items: returned, maskedItems: masked, records: held },
        records: held,
      };
    });
  }

  /** What the caller may use now through the data service. */
  async dataCatalog(caller: Caller): Promise<DataCatalogEntryT[]> {
    const { rows } = await sharingRepo.grants(
      this.db,
      { consumerIds: [caller.consumerDepartmentId] },
      10_000,
      0,
    );
    const live = rows.filter(
      (g) => grantState(g) === 'active' && (g.api_key_id === null || g.api_key_id === caller.apiKeyId),
    );
    const out: DataCatalogEntryT[] = [];
    for (const g of live) {
      const resource = await this.resource(g.resource_id).catch(() => null);
      if (!resource) continue;
      const granted = new Set(g.items);
      const masked = new Set(maskedOf(resource, g.items, g.unmasked_items));
      out.push({
        grantId: g.id,
        resourceId: resource.id,
        resourceCode: resource.code,
        resourceName: resource.name,
        providerDepartmentName: resource.departmentName,
        purpose: g.purpose,
        usageModes: g.usage_modes as UsageMode[],
        items: resource.items
          .filter((i) => granted.has(i.name) || i.isKey)
          .map((i) => ({ name: i.name, dataType: i.dataType, isKey: i.isKey, masked: masked.has(i.name) })),
        validTo: g.valid_to.toISOString(),
        dailyQuota: g.daily_quota,
      });
    }
    return out;
  }

  /** For the exchange hub: what a consumer department may receive by subscription (throws the refusal). */
  async subscriptionScope(resource: Resource, consumerId: string, q: Queryable = this.db) {
    const today = chinaToday();
    const all = await sharingRepo.grantsForAccess(q, resource.id, consumerId, today);
    if (!all.length) {
      const agreement = await sharingRepo.agreementInForce(q, consumerId, today);
      throw new AppError(agreement ? 'SHARING_NO_GRANT' : 'SHARING_NO_AGREEMENT', {
        resourceId: resource.id,
      });
    }
    if (!all[0]!.agreement_in_force) throw new AppError('SHARING_NO_AGREEMENT', { resourceId: resource.id });
    const live = all.filter((g) => grantState(g) === 'active');
    if (!live.length)
      throw new AppError(all.some((g) => g.revoked_at) ? 'SHARING_GRANT_REVOKED' : 'SHARING_GRANT_EXPIRED', {
        resourceId: resource.id,
      });
    const withMode = live.filter((g) => g.usage_modes.includes('subscription'));
    if (!withMode.length)
      throw new AppError('SHARING_MODE_NOT_GRANTED', { resourceId: resource.id, mode: 'subscription' });
    // Several grants with the subscription mode: the union of their items, in clear where any grants it.
    return {
      items: [...new Set(withMode.flatMap((g) => g.items))],
      unmasked: [...new Set(withMode.flatMap((g) => g.unmasked_items))],
      grantId: withMode[0]!.id,
    };
  }

  // ---- usage --------------------------------------------------------------------------------------

  async usage(f: ListFilter, query: UsageQueryT): Promise<UsageReportT> {
    const days = query.days ?? 30;
    const to = chinaToday();
    const from = chinaToday(new Date(Date.now() - (days - 1) * DAY_MS));
    const data = await sharingRepo.usage(
      this.db,
      { ...f, resourceId: query.resourceId, grantId: query.grantId },
      from,
      to,
    );
    const resourceIds = [
      ...new Set([...data.byGrant.map((g) => g.resource_id), ...data.flags.map((x) => x.resource_id)]),
    ];
    const resources = new Map((await this.catalog.publishedResources(resourceIds)).map((r) => [r.id, r]));
    const depts = await this.org.getMany([
      ...data.byGrant.flatMap((g) => [g.consumer_department_id, g.provider_department_id]),
      ...data.flags.map((x) => x.consumer_department_id),
    ]);
    const byDay = new Map(data.byDay.map((d) => [d.day, d]));
    const series: UsageReportT['byDay'] = [];
    for (let i = days - 1; i >= 0; i--) {
      const day = chinaToday(new Date(Date.now() - i * DAY_MS));
      const d = byDay.get(day);
      series.push({
        day,
        calls: Number(d?.calls ?? 0),
        records: Number(d?.records ?? 0),
        denied: Number(d?.denied ?? 0),
      });
    }
    const sum = (k: 'calls' | 'records' | 'denied') => series.reduce((n, d) => n + d[k], 0);
    return {
      from,
      to,
      totals: { calls: sum('calls'), records: sum('records'), denied: sum('denied') },
      byDay: series,
      byGrant: data.byGrant.map((g) => ({
        grantId: g.grant_id,
        resourceId: g.resource_id,
        resourceName: resources.get(g.resource_id)?.name ?? '',
        providerDepartmentName: depts.get(g.provider_department_id)?.name ?? '',
        consumerDepartmentName: depts.get(g.consumer_department_id)?.name ?? '',
        purpose: g.purpose,
        calls: Number(g.calls),
        records: Number(g.records),
        denied: Number(g.denied),
      })),
      flags: data.flags.map((x) => ({
        id: x.id,
        grantId: x.grant_id,
        resourceName: resources.get(x.resource_id)?.name ?? '',
        consumerDepartmentName: depts.get(x.consumer_department_id)?.name ?? '',
        day: x.day,
        calls: Number(x.calls),
        baseline: Number(x.baseline),
        acknowledgedAt: x.acknowledged_at?.toISOString() ?? null,
      })),
    };
  }

  async flagGrant(id: string): Promise<AccessGrantRow> {
    const flag = await sharingRepo.flag(this.db, id);
    if (!flag) throw new AppError('SHARING_FLAG_NOT_FOUND', { id });
    return this.grantRow(flag.grant_id);
  }

  async acknowledgeFlag(actor: Actor, id: string): Promise<void> {
    const grant = await this.flagGrant(id);
    await this.db.transaction(async (tx) => {
      await sharingRepo.acknowledgeFlag(tx, id, actor.name);
      await this.audit.record(
        actor,
        {
          action: 'sharing.usage.acknowledge',
          objectType: 'sharing_usage_flag',
          objectId: id,
          departmentId: grant.provider_department_id,
          outcome: 'success',
        },
        tx,
      );
    });
  }

  /**
   * Data accesses from the audit log. Provider side: calls on the departments' resources; consumer side: calls made
   * by the departments. `null` side filter: the whole city.
   */
  async accessLog(
    side: { providerIds?: string[] | null; consumerIds?: string[] | null },
    query: AccessLogQueryT,
  ): Promise<{ total: number; items: AccessEntryT[] }> {
    if (side.providerIds?.length === 0 || side.consumerIds?.length === 0) return { total: 0, items: [] };
    const { total, items } = await this.audit.search(
      {
        actionPrefix: 'data.',
        objectType: 'resource',
        objectIds: query.resourceId ? [query.resourceId] : undefined,
        departmentIds: side.consumerIds ?? undefined,
        // Every call on a resource names its provider, refused ones included (indexed: migration 0006).
        providerDepartmentIds: side.providerIds ?? undefined,
        outcome: query.outcome,
        detail: query.grantId ? { grantId: query.grantId } : undefined,
      },
      query.limit ?? 50,
      query.offset ?? 0,
    );
    const resourceIds = [...new Set(items.map((e) => e.objectId).filter((x): x is string => !!x))];
    const resources = new Map(
      (await this.catalog.publishedResources(resourceIds).catch(() => [])).map((r) => [r.id, r]),
    );
    const depts = await this.org.getMany(items.map((e) => e.departmentId).filter((x): x is string => !!x));
    return {
      total,
      items: items.map((e) => {
        const d = e.details as Record<string, unknown>;
        const arr = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
        return {
          auditId: e.id,
          at: e.at,
          action: e.action,
          outcome: e.outcome,
          code: typeof d.code === 'string' ? d.code : null,
          actorName: e.actorName,
          actorKind: e.actorKind,
          consumerDepartmentName: e.departmentId ? (depts.get(e.departmentId)?.name ?? null) : null,
          resourceId: e.objectId,
          resourceName: e.objectId ? (resources.get(e.objectId)?.name ?? null) : null,
          grantId: typeof d.grantId === 'string' ? d.grantId : null,
          purpose: typeof d.purpose === 'string' ? d.purpose : null,
          keys: arr(d.keys),
          keyCount: typeof d.keyCount === 'number' ? d.keyCount : arr(d.keys).length,
          items: arr(d.items),
          maskedItems: arr(d.maskedItems),
          records: typeof d.records === 'number' ? d.records : 0,
        };
      }),
    };
  }
}

function presentPolicy(p: PolicyRow): SharingPolicyT {
  return {
    responseHours: p.response_hours,
    secondApprovalSensitive: p.second_approval_sensitive,
    maxQueryLimit: p.max_query_limit,
    updatedBy: p.updated_by,
    updatedAt: p.updated_at.toISOString(),
  };
}

function presentAttachment(a: AttachmentRow) {
  return {
    id: a.id,
    fileName: a.file_name,
    contentType: a.content_type,
    fileSize: a.file_size,
    fileSm3: a.file_sm3,
    createdAt: a.created_at.toISOString(),
  };
}

/** Equality for verification: text compared trimmed and case-insensitively (an ID's X), numbers by value. */
function sameValue(held: unknown, sent: unknown): boolean {
  if (held === undefined || held === null) return sent === null || sent === undefined || sent === '';
  if (typeof held === 'number') return Number(sent) === held;
  if (typeof held === 'boolean') return String(sent).toLowerCase() === String(held);
  return (
    String(held).trim().toUpperCase() ===
    String(sent ?? '')
      .trim()
      .toUpperCase()
  );
}
