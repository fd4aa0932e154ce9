import type { CatalogService, Resource } from '../catalog/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { OrgService } from '../org/index.ts';
import type { Db } from '../../db/index.ts';
import { chinaToday } from '../../lib/time.ts';
import { requestRepo } from './request-repo.ts';
import {
  type AccessGrantRow,
  type AgreementRow,
  type AttachmentRow,
  type PolicyRow,
  type RequestRow,
} from './repo.ts';
import { usageRepo } from './usage-repo.ts';
import type { AccessRequestT, AgreementT, GrantT, SharingPolicyT, UsageMode } from './schema.ts';

/** Whether a grant can be used now, and if not why. */
export function grantState(
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
export function maskedOf(
  resource: Resource,
  items: readonly string[],
  unmasked: readonly string[],
): string[] {
  const clear = new Set(unmasked);
  const wanted = new Set(items);
  return resource.items
    .filter((i) => wanted.has(i.name) && i.sensitive && !i.isKey && !clear.has(i.name))
    .map((i) => i.name);
}

export function presentPolicy(p: PolicyRow): SharingPolicyT {
  return {
    responseHours: p.response_hours,
    secondApprovalSensitive: p.second_approval_sensitive,
    maxQueryLimit: p.max_query_limit,
    verifyPerMinute: p.verify_per_minute,
    updatedBy: p.updated_by,
    updatedAt: p.updated_at.toISOString(),
  };
}

export function presentAttachment(a: AttachmentRow) {
  return {
    id: a.id,
    fileName: a.file_name,
    contentType: a.content_type,
    fileSize: a.file_size,
    fileSm3: a.file_sm3,
    createdAt: a.created_at.toISOString(),
  };
}

type PartyRow = Pick<
  RequestRow,
  'resource_id' | 'consumer_department_id' | 'provider_department_id' | 'api_key_id'
>;

/**
 * Rows → API objects for agreements, requests and grants. Names (resources, departments, API keys) come from the
 * other modules' services, read once per list.
 */
export class SharingPresenter {
  constructor(
    private readonly db: Db,
    private readonly org: OrgService,
    private readonly identity: IdentityService,
    private readonly catalog: CatalogService,
  ) {}

  async agreements(rows: AgreementRow[]): Promise<AgreementT[]> {
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

  async requests(rows: RequestRow[]): Promise<AccessRequestT[]> {
    const { resources, parties } = await this.context(rows);
    const attachments = await requestRepo.attachments(
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

  async grants(rows: AccessGrantRow[]): Promise<GrantT[]> {
    const { resources, parties } = await this.context(rows);
    const today = await usageRepo.today(
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
        callsToday: today.get(g.id)?.calls ?? 0,
        quotaUsedToday: today.get(g.id)?.quotaUsed ?? 0,
        revokedAt: g.revoked_at?.toISOString() ?? null,
        revokedBy: g.revoked_by,
        revokeReason: g.revoke_reason,
        createdBy: g.created_by,
        createdAt: g.created_at.toISOString(),
      };
    });
  }

  /** What presenting requests or grants needs besides their rows: resources, departments, key names. */
  private async context(rows: PartyRow[]) {
    const resourceIds = [...new Set(rows.map((r) => r.resource_id))];
    const resources = new Map((await this.catalog.publishedResources(resourceIds)).map((r) => [r.id, r]));
    const depts = await this.org.getMany(
      rows.flatMap((r) => [r.consumer_department_id, r.provider_department_id]),
    );
    const keyNames = await this.keyNames(rows.map((r) => r.api_key_id));
    /** The fields a request and a grant present alike: resource, both departments, the bound key. */
    const parties = (r: PartyRow) => {
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

  private async keyNames(ids: (string | null)[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const id of new Set(ids.filter((x): x is string => x !== null))) {
      const key = await this.identity.getApiKey(id).catch(() => null);
      if (key) out.set(id, key.name);
    }
    return out;
  }
}
