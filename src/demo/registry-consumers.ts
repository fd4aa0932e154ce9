/**
 * The registries as providers: departments of the demo city that take 市信息中心's golden records under sharing
 * grants, each for a purpose of its own, through the sharing site's real request → approval (→ the operator's second
 * review for sensitive items) → grant path. 人社局 looks people up and verifies them through the data service
 * (`/api/data/…`), 公积金中心 subscribes to the population registry's changes (a pull subscription of its system),
 * and 商务局 looks legal persons up. Nothing here waits for data: the registries publish their golden records when
 * the server's sync loop has linked the sources, and the grants and the subscription read whatever is there then.
 */
import type { Actor } from '../modules/audit/index.ts';
import type { UsageMode } from '../modules/sharing/index.ts';
import type { Services } from '../server/context.ts';
import { chinaToday } from '../lib/time.ts';
import { DEMO_REGISTRY_DEPARTMENT } from './registries.ts';
import { requestGrant } from './sharing.ts';

interface RegistryConsumerSpec {
  consumer: string;
  /** 人口基础信息 or 法人基础信息, published by 市信息中心. */
  resource: string;
  items: string[];
  /** Sensitive items asked for in clear; the others are masked. */
  unmasked: string[];
  modes: UsageMode[];
  purpose: string;
  legalBasis: string;
  dailyQuota: number | null;
  expected: number | null;
  /** Also a pull subscription of the consumer's system (needs the subscription mode). */
  subscribe?: boolean;
}

export const DEMO_REGISTRY_CONSUMERS: readonly RegistryConsumerSpec[] = [
  {
    consumer: 'rsj',
    resource: '人口基础信息',
    items: ['身份证号', '姓名', '性别', '出生日期', '人口状态', '工作单位'],
    // The number in clear, to find the person it is handling; the name only masked (verification compares it).
    unmasked: ['身份证号'],
    modes: ['query', 'verify'],
    purpose: '就业失业登记及社会保险待遇领取资格核验',
    legalBasis:
      '《社会保险经办条例》：社会保险经办机构通过信息比对等方式核验社会保险待遇享受资格；' +
      '《优化营商环境条例》第三十五条：可以通过共享获取的信息，不得要求重复提供',
    dailyQuota: 5000,
    expected: 300,
  },
  {
    consumer: 'gjj',
    resource: '人口基础信息',
    items: ['身份证号', '姓名', '手机号码', '人口状态', '工作单位'],
    unmasked: ['身份证号', '姓名'],
    modes: ['subscription'],
    purpose: '住房公积金缴存职工基础信息变更同步（姓名、联系方式、人口状态）',
    legalBasis:
      '《住房公积金管理条例》第二十四条：职工死亡或者被宣告死亡的，职工的继承人、受遗赠人可以提取职工住房公积金账户内的存储余额',
    dailyQuota: null,
    expected: null,
    subscribe: true,
  },
  {
    consumer: 'swj',
    resource: '法人基础信息',
    items: ['统一社会信用代码', '名称', '主体类型', '法定代表人', '住所', '成立日期', '登记状态', '登记机关'],
    unmasked: [],
    modes: ['query', 'verify'],
    purpose: '对外贸易经营者备案及外商投资信息报告中核验市场主体登记信息',
    legalBasis: '《优化营商环境条例》第三十五条：可以通过共享获取的信息，不得要求企业和群众重复提供',
    dailyQuota: 2000,
    expected: 50,
  },
];

export interface DemoRegistryConsumersReport {
  requests: number;
  grants: number;
  subscriptions: number;
}

/**
 * Files and decides the requests of DEMO_REGISTRY_CONSUMERS. Idempotent: a department that has ever asked for the
 * resource is left alone.
 */
export async function seedDemoRegistryConsumers(
  services: Services,
  actor: Actor,
  departmentIds: Map<string, string>,
): Promise<DemoRegistryConsumersReport> {
  const report: DemoRegistryConsumersReport = { requests: 0, grants: 0, subscriptions: 0 };
  const keeper = departmentIds.get(DEMO_REGISTRY_DEPARTMENT);
  if (!keeper) return report;
  const published = await services.catalog.publishedResources();
  const operator: Actor = { ...actor, name: 'admin' };
  const steward = (key: string): Actor => ({ ...actor, name: `${key}_steward` });
  for (const spec of DEMO_REGISTRY_CONSUMERS) {
    const resource = published.find((r) => r.departmentId === keeper && r.name === spec.resource);
    const consumerId = departmentIds.get(spec.consumer);
    if (!resource || !consumerId) continue;
    const asked = await services.sharing.requests.list(
      { consumerIds: [consumerId], resourceId: resource.id },
      {},
      1,
      0,
    );
    if (asked.total > 0) continue;
    // Only the items the published resource has; in clear only those that are masked otherwise.
    const items = spec.items.filter((i) => resource.items.some((x) => x.name === i));
    const unmasked = spec.unmasked.filter((i) =>
      resource.items.some((x) => x.name === i && x.sensitive && !x.isKey && items.includes(i)),
    );
    const decided = await requestGrant(
      services,
      { departmentId: consumerId, actor: steward(spec.consumer) },
      {
        resourceId: resource.id,
        items,
        unmaskedItems: unmasked,
        purpose: spec.purpose,
        legalBasis: spec.legalBasis,
        usageModes: spec.modes,
        periodFrom: chinaToday(new Date()),
        periodTo: chinaToday(new Date(Date.now() + 2 * 365 * 86_400_000)),
        expectedDailyVolume: spec.expected,
      },
      {
        provider: steward(DEMO_REGISTRY_DEPARTMENT),
        operator,
        body: { unmaskedItems: unmasked, dailyQuota: spec.dailyQuota },
      },
    );
    report.requests++;
    if (!decided.grantId) continue;
    report.grants++;
    if (!spec.subscribe) continue;
    await services.exchange.subscribe(steward(spec.consumer), {
      resourceId: resource.id,
      consumerDepartmentId: consumerId,
      mode: 'pull',
      webhookUrl: null,
      from: 'beginning',
    });
    report.subscriptions++;
  }
  return report;
}
