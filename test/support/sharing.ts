import type { UsageMode } from '../../src/modules/sharing/schema.ts';
import { chinaToday } from '../../src/lib/time.ts';
import type { Services } from '../../src/server/context.ts';
import { testActor } from './factories.ts';

/** A minimal well-formed PDF, as a signed agreement scan would be. */
export const TINY_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n' +
    'trailer<</Root 1 0 R>>\n%%EOF\n',
);

const DAY_MS = 86_400_000;
export const daysFromToday = (n: number) => chinaToday(new Date(Date.now() + n * DAY_MS));

/** Files a security agreement for a department, in force from `from` to `to` days from today. */
export async function buildAgreement(
  s: Services,
  departmentId: string,
  overrides: Partial<{ from: number; to: number; title: string }> = {},
) {
  return s.sharing.agreements.create(
    testActor,
    {
      departmentId,
      title: overrides.title ?? '政务信息资源共享安全保密协议',
      parties: '甲方：市大数据管理局；乙方：使用单位',
      signedOn: daysFromToday(overrides.from ?? -30),
      validFrom: daysFromToday(overrides.from ?? -30),
      validTo: daysFromToday(overrides.to ?? 365),
    },
    { name: 'agreement.pdf', content: TINY_PDF },
  );
}

/**
 * A grant through the real request → approval path (the operator's second review too when the policy asks for it),
 * with an agreement in force for the consumer unless `agreement: false`.
 */
export async function buildGrant(
  s: Services,
  input: {
    resourceId: string;
    consumerDepartmentId: string;
    items: string[];
    unmaskedItems?: string[];
    usageModes?: UsageMode[];
    purpose?: string;
    apiKeyId?: string | null;
    dailyQuota?: number | null;
    ratePerMinute?: number | null;
    periodTo?: string;
    agreement?: boolean;
  },
) {
  if (input.agreement !== false) await buildAgreement(s, input.consumerDepartmentId);
  const request = await s.sharing.requests.create(testActor, input.consumerDepartmentId, {
    resourceId: input.resourceId,
    apiKeyId: input.apiKeyId ?? null,
    items: input.items,
    unmaskedItems: input.unmaskedItems ?? [],
    purpose: input.purpose ?? '住房公积金提取审核',
    legalBasis: '《住房公积金管理条例》第二十四条',
    usageModes: input.usageModes ?? ['query', 'verify', 'subscription'],
    periodFrom: daysFromToday(0),
    periodTo: input.periodTo ?? daysFromToday(365),
  });
  let decided = request;
  const body = {
    unmaskedItems: input.unmaskedItems ?? [],
    dailyQuota: input.dailyQuota ?? null,
    ratePerMinute: input.ratePerMinute ?? null,
  };
  if (decided.status === 'pending') decided = await s.sharing.requests.approve(testActor, request.id, body);
  if (decided.status === 'second_review')
    decided = await s.sharing.requests.approve(testActor, request.id, body);
  if (!decided.grantId) throw new Error(`request ${request.id} ended ${decided.status} without a grant`);
  return { request: decided, grant: await s.sharing.grants.get(decided.grantId) };
}
