/**
 * The demo city's case history (办件): a year of cases of the given service items, opened and moved through the
 * real case service with backdated steps — most accepted, reviewed and granted within their promised period, some
 * rejected at intake, some sent back for corrections (at intake and during review), suspended, extended, refused,
 * decided late, and those received lately still open (a few of them already past their deadline, which the timer
 * loop marks). Deterministic: the same items, count and `now` give the same cases (only ids, numbers and the
 * licenses' signatures differ).
 */
import { AppError } from '../core/errors.ts';
import { Random } from '../lib/random.ts';
import { chinaDayStart, chinaToday, DAY_MS } from '../lib/time.ts';
import { makeIdCard, makeUscc } from '../lib/validators/index.ts';
import { addWorkdays, isWorkday } from '../lib/workdays.ts';
import type { Actor } from '../modules/audit/index.ts';
import type { CaseItemSnapshotT, CaseTransitionInputT } from '../modules/cases/index.ts';
import type { ServiceItemT } from '../modules/services/index.ts';
import type { Services } from '../server/context.ts';
import { DEMO_CITIZEN_ID, DEMO_CITIZEN_NAME } from './credit.ts';

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '朱',
  '马',
  '胡',
  '郭',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '强',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '建华',
];
const COMPANIES = [
  '海州区宏达商贸有限公司',
  '连云港市新浦餐饮管理有限公司',
  '赣榆区海韵水产有限公司',
  '东海县晶都建材有限公司',
];
const DISTRICTS = ['320703', '320706', '320707', '320722', '320723', '320724'];
const MISSING = [
  '身份证复印件',
  '营业执照副本',
  '经营场所使用证明',
  '法定代表人授权委托书',
  '场所平面图',
  '健康证明',
];
const REFUSALS = ['经现场核查，经营场所不符合许可条件', '申请人不具备法定资格', '申请材料存在虚假内容'];
const SUSPENSIONS = ['等待现场核查', '需征求相关部门意见', '进入公示期'];

export interface DemoCaseSummary {
  opened: number;
  byState: Record<string, number>;
  licenses: number;
}

/**
 * Opens `options.count` cases of `items` received over the year before `options.now`, each taken as far as its
 * story reaches by then.
 */
export async function seedDemoCases(
  services: Services,
  actor: Actor,
  items: CaseItemSnapshotT[],
  options: { count: number; now: Date; seed?: string },
): Promise<DemoCaseSummary> {
  const { cases, licenses } = services;
  const rnd = new Random(options.seed ?? 'tongban-demo-cases');
  const now = options.now;
  const summary: DemoCaseSummary = { opened: 0, byState: {}, licenses: 0 };
  if (!items.length) return summary;
  const holderKinds = new Map<string, '111' | '001'>();
  const typeFields = new Map<
    string,
    { name: string; dataType: string; required: boolean; tag: string | null }[]
  >();
  for (const code of new Set(items.map((i) => i.resultLicenseTypeCode).filter((c): c is string => !!c))) {
    const type = await licenses.types.row(code);
    holderKinds.set(code, type.holder_kind);
    typeFields.set(code, type.fields);
  }
  const today = chinaToday(now);
  const representative = () => ({
    name: rnd.pick(SURNAMES) + rnd.pick(GIVEN),
    code: makeIdCard({
      regionCode: rnd.pick(DISTRICTS),
      birthDate: `19${rnd.int(60, 95)}-0${rnd.int(1, 9)}-1${rnd.int(0, 9)}`,
      sequence: rnd.int(1, 999),
    }),
  });
  const at = (day: string) => new Date(chinaDayStart(day).getTime() + rnd.int(9 * 60, 17 * 60) * 60_000);

  for (let i = 0; i < options.count; i++) {
    const item = items[i % items.length]!;
    // Received on a working day within the last year, earliest first so the numbers run in time order.
    let day = chinaToday(
      new Date(now.getTime() - Math.floor(((options.count - i) / options.count) * 365) * DAY_MS),
    );
    while (!isWorkday(day)) day = chinaToday(new Date(chinaDayStart(day).getTime() + DAY_MS));
    if (day > today) continue;
    let when = at(day);
    if (when > now) when = new Date(now.getTime() - 60_000);
    const licenseKind = item.resultLicenseTypeCode ? holderKinds.get(item.resultLicenseTypeCode) : undefined;
    const person = licenseKind ? licenseKind === '111' : rnd.chance(0.7);
    const applicant = person
      ? {
          kind: 'person' as const,
          code: makeIdCard({
            regionCode: rnd.pick(DISTRICTS),
            birthDate: `${rnd.int(1955, 2002)}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`,
            sequence: rnd.int(1, 999),
          }),
          name: rnd.pick(SURNAMES) + rnd.pick(GIVEN),
        }
      : {
          kind: 'legal_person' as const,
          code: makeUscc({
            registrationAuthority: '9',
            orgType: '1',
            regionCode: rnd.pick(DISTRICTS),
            orgCodeBody8: `MA${String(rnd.int(0, 999999)).padStart(6, '0')}`,
          }),
          name: rnd.pick(COMPANIES),
        };
    const { id } = await cases.intake.open(actor, { item, applicant }, { at: when });
    summary.opened++;
    let state = 'received';
    /** The next step `workdays` working days later; false when that lies beyond now (the story stops there). */
    const step = async (workdays: number, input: CaseTransitionInputT): Promise<boolean> => {
      const nextDay = addWorkdays(chinaToday(when), workdays);
      let next = workdays === 0 ? new Date(when.getTime() + rnd.int(10, 120) * 60_000) : at(nextDay);
      if (next <= when) next = new Date(when.getTime() + 60_000);
      if (next > now) return false;
      const row = await cases.workflow.step(actor, id, input, { at: next });
      when = next;
      state = row.state;
      if (row.license_id && input.action === 'grant') summary.licenses++;
      return true;
    };

    const story = async () => {
      if (rnd.chance(0.05))
        return void (await step(rnd.int(0, 1), {
          action: 'reject_intake',
          reason: '申请事项不属于本机关职权范围',
        }));
      if (rnd.chance(0.1)) {
        if (!(await step(0, { action: 'request_corrections', missing: rnd.sample(MISSING, rnd.int(1, 3)) })))
          return;
        if (!(await step(rnd.int(1, 6), { action: 'resubmit' }))) return;
      }
      if (!(await step(rnd.int(0, 1), { action: 'accept' }))) return;
      if (!(await step(rnd.int(0, 1), { action: 'start_review' }))) return;
      if (rnd.chance(0.15)) {
        if (
          !(await step(rnd.int(0, 2), {
            action: 'request_corrections',
            missing: rnd.sample(MISSING, rnd.int(1, 2)),
          }))
        )
          return;
        if (!(await step(rnd.int(1, 5), { action: 'resubmit' }))) return;
      }
      if (rnd.chance(0.05)) {
        if (!(await step(rnd.int(0, 1), { action: 'suspend', reason: rnd.pick(SUSPENSIONS) }))) return;
        if (!(await step(rnd.int(3, 10), { action: 'resume' }))) return;
      }
      // Most are decided well within the promised period; about one in ten runs late.
      const late = rnd.chance(0.1);
      const span = late ? item.promisedDays + rnd.int(1, 4) : rnd.int(0, Math.max(0, item.promisedDays - 2));
      if (!late && rnd.chance(0.05)) {
        // After corrections or a suspension the promised day may have passed: then it can no longer be extended.
        const extended = await step(0, {
          action: 'extend',
          days: rnd.int(3, 10),
          reason: '需组织专家评审',
        }).catch((err: unknown) => {
          if (err instanceof AppError && err.code === 'CASE_EXTENSION_TOO_LATE') return true;
          throw err;
        });
        if (!extended) return;
      }
      const granted = rnd.chance(0.85);
      const decision: CaseTransitionInputT = granted
        ? {
            action: 'grant',
            ...licenseData(item, typeFields, chinaToday(when), person ? null : representative()),
          }
        : { action: 'refuse', reason: rnd.pick(REFUSALS) };
      if (!(await step(span, decision))) return;
      await step(rnd.int(0, 2), { action: 'close', reason: granted ? '结果已送达' : '不予许可决定书已送达' });
    };
    await story();
    summary.byState[state] = (summary.byState[state] ?? 0) + 1;
  }
  return summary;
}

/** The result license's fields a window would type in (the holder's name and ID number are filled in for it). */
function licenseData(
  item: CaseItemSnapshotT,
  typeFields: Map<string, { name: string; dataType: string; required: boolean; tag: string | null }[]>,
  day: string,
  /** A company's legal representative (a person's own name and number the case engine fills in). */
  representative: { name: string; code: string } | null,
): Pick<CaseTransitionInputT, 'license'> {
  const fields = item.resultLicenseTypeCode ? typeFields.get(item.resultLicenseTypeCode) : undefined;
  if (!fields) return {};
  const data: Record<string, string | number | boolean> = {};
  for (const f of fields) {
    if (!f.required) continue;
    if (f.tag === 'person_name' || f.tag === 'id_card') {
      if (representative) data[f.name] = f.tag === 'id_card' ? representative.code : representative.name;
      continue;
    }
    data[f.name] =
      f.tag === 'address'
        ? '连云港市海州区朝阳东路 1 号'
        : f.tag === 'mobile'
          ? '13800000000'
          : f.dataType === 'D'
            ? day
            : f.dataType === 'N'
              ? 1
              : f.dataType === 'L'
                ? true
                : `${item.itemName}（演示）`;
  }
  return { license: { data } };
}

/** The well-known items the demo's history and the demo citizen's own application use first. */
const FEATURED_ITEMS = ['结婚登记', '企业设立登记', '不动产登记', '出生医学证明'];

/** A published service item as the case engine snapshots it (items of 即办, with no period, are left out). */
function snapshotOf(item: ServiceItemT): CaseItemSnapshotT | null {
  if (item.legalDays < 1 || item.promisedDays < 1) return null;
  return {
    itemId: item.id,
    itemCode: item.code,
    itemName: item.name,
    departmentId: item.departmentId,
    legalDays: item.legalDays,
    promisedDays: item.promisedDays,
    resultLicenseTypeCode: item.resultLicense?.code ?? null,
  };
}

/**
 * The demo city's cases: `count` cases of a year over the well-known items and a spread of 行政许可 and 公共服务
 * items of the published catalogue, and the demo citizen's own application, accepted and under review, so that
 * her 我的办件 shows one in progress.
 */
export async function seedDemoServiceCases(
  services: Services,
  actor: Actor,
  options: { count: number; now?: Date },
): Promise<DemoCaseSummary> {
  const reads = services.serviceItems.reads;
  const picked = new Map<string, CaseItemSnapshotT>();
  const add = (items: ServiceItemT[]) => {
    for (const item of items) {
      const snapshot = snapshotOf(item);
      if (snapshot && !picked.has(item.id)) picked.set(item.id, snapshot);
    }
  };
  for (const q of FEATURED_ITEMS) add((await reads.search({ q, limit: 2 })).items);
  const featured = [...picked.values()];
  add((await reads.search({ kind: '01', limit: 40 })).items);
  add((await reads.search({ kind: '20', limit: 20 })).items);
  const now = options.now ?? new Date();
  const summary = await seedDemoCases(services, actor, [...picked.values()], { count: options.count, now });
  const mine = featured[0];
  if (mine && options.count > 0) {
    let day = chinaToday(new Date(now.getTime() - 3 * DAY_MS));
    while (!isWorkday(day)) day = chinaToday(new Date(chinaDayStart(day).getTime() - DAY_MS));
    const at = new Date(chinaDayStart(day).getTime() + 10 * 3_600_000);
    const { id } = await services.cases.intake.open(
      actor,
      { item: mine, applicant: { kind: 'person', code: DEMO_CITIZEN_ID, name: DEMO_CITIZEN_NAME } },
      { at },
    );
    await services.cases.workflow.step(
      actor,
      id,
      { action: 'accept' },
      { at: new Date(at.getTime() + 3_600_000) },
    );
    await services.cases.workflow.step(
      actor,
      id,
      { action: 'start_review' },
      { at: new Date(at.getTime() + 2 * 3_600_000) },
    );
    summary.opened++;
    summary.byState.reviewing = (summary.byState.reviewing ?? 0) + 1;
  }
  return summary;
}
