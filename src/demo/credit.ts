/**
 * The demo city's social credit (社会信用): a few hundred 双公示 records of the demo enterprises (their real credit
 * codes, names and legal representatives from the enterprise record set) — penalties of 市场监管, 生态环境, 税务,
 * 应急管理, 消防 and 住建, licenses of 市场监管, 生态环境, 住建 and 应急管理 — some of persons, red and black list
 * entries, and objections and repair applications in every state, one of them overdue. The demo citizen (孙悦) is
 * bound to her own 身份证号 and has records of her own, so "my credit" and the objection form have something to show.
 *
 * Everything goes through the credit services (checked, audited). Dates are relative to the day of seeding, as the
 * catalog's update times are, so the publicity periods and deadlines look alive whenever the city is seeded; the
 * content is deterministic. Idempotent: only into an empty credit base.
 */
import { Random } from '../lib/random.ts';
import { chinaToday } from '../lib/time.ts';
import { makeIdCard, validateIdCard, validateUscc } from '../lib/validators/index.ts';
import type { Actor } from '../modules/audit/index.ts';
import type { CreditListEntryInputT, CreditRecordInputT, PenaltyKind } from '../modules/credit/index.ts';
import type { Services } from '../server/context.ts';
import { demoRecordSet, personRow } from './records/index.ts';

type Row = Record<string, unknown>;
const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));

export interface DemoCreditReport {
  records: number;
  lists: number;
  cases: number;
  ms: number;
}

/** The demo citizen's own 身份证号 (孙悦, born 1990-06-18 in 海州区; female: an even sequence). */
export const DEMO_CITIZEN_ID = makeIdCard({ regionCode: '320706', birthDate: '1990-06-18', sequence: 42 });
export const DEMO_CITIZEN_NAME = '孙悦';

interface PenaltyTemplate {
  violationType: string;
  facts: string;
  basis: string;
  kinds: PenaltyKind[];
  /** Fine in 万元: [min, max]. */
  fine?: [number, number];
  confiscated?: [number, number];
  serious?: boolean;
  licenseAffected?: string;
}

interface PenaltyDept {
  key: string;
  prefix: string;
  count: number;
  templates: PenaltyTemplate[];
}

const PENALTY_DEPTS: PenaltyDept[] = [
  {
    key: 'scjgj',
    prefix: '连市监处罚',
    count: 90,
    templates: [
      {
        violationType: '经营标签不符合规定的预包装食品',
        facts: '当事人经营的预包装食品标签未标注生产日期，违反《中华人民共和国食品安全法》第六十七条。',
        basis: '《中华人民共和国食品安全法》第一百二十五条第一款',
        kinds: ['fine', 'confiscation'],
        fine: [0.5, 5],
        confiscated: [0.01, 0.3],
      },
      {
        violationType: '发布虚假广告',
        facts: '当事人在其网店发布含有虚假内容的商品广告，违反《中华人民共和国广告法》第二十八条。',
        basis: '《中华人民共和国广告法》第五十五条第一款',
        kinds: ['fine'],
        fine: [3, 20],
      },
      {
        violationType: '使用未经检定的计量器具',
        facts: '当事人使用的电子计价秤未按规定申请周期检定。',
        basis: '《中华人民共和国计量法实施细则》第四十三条',
        kinds: ['warning', 'fine'],
        fine: [0.05, 0.25],
      },
      {
        violationType: '不明码标价',
        facts: '当事人销售商品未按规定明码标价。',
        basis: '《中华人民共和国价格法》第四十二条',
        kinds: ['warning'],
      },
      {
        violationType: '生产销售不符合安全标准的特种设备',
        facts: '当事人使用未经定期检验的压力容器，经责令改正逾期未改正。',
        basis: '《中华人民共和国特种设备安全法》第八十四条',
        kinds: ['fine', 'suspend_business'],
        fine: [3, 30],
        serious: true,
      },
    ],
  },
  {
    key: 'sthjj',
    prefix: '连环罚',
    count: 55,
    templates: [
      {
        violationType: '超标排放大气污染物',
        facts: '经监测，当事人锅炉废气中氮氧化物排放浓度超过国家排放标准。',
        basis: '《中华人民共和国大气污染防治法》第九十九条第二项',
        kinds: ['fine'],
        fine: [10, 80],
      },
      {
        violationType: '建设项目未依法报批环境影响评价文件擅自开工建设',
        facts: '当事人年产 2 万吨塑料制品项目未依法报批环境影响报告表即开工建设。',
        basis: '《中华人民共和国环境影响评价法》第三十一条第一款',
        kinds: ['fine'],
        fine: [5, 40],
      },
      {
        violationType: '未按规定贮存危险废物',
        facts: '当事人将废机油等危险废物露天堆放，未设置危险废物识别标志。',
        basis: '《中华人民共和国固体废物污染环境防治法》第一百一十二条',
        kinds: ['fine', 'restrict_operation'],
        fine: [10, 100],
        serious: true,
      },
    ],
  },
  {
    key: 'shuiwu',
    prefix: '连税稽罚',
    count: 45,
    templates: [
      {
        violationType: '未按照规定期限办理纳税申报',
        facts: '当事人未按规定期限申报增值税及附加税费，经责令限期改正后已申报。',
        basis: '《中华人民共和国税收征收管理法》第六十二条',
        kinds: ['fine'],
        fine: [0.05, 0.2],
      },
      {
        violationType: '偷税',
        facts: '当事人通过在账簿上多列支出的手段少缴企业所得税。',
        basis: '《中华人民共和国税收征收管理法》第六十三条第一款',
        kinds: ['fine'],
        fine: [5, 60],
      },
      {
        violationType: '虚开增值税专用发票',
        facts: '当事人在没有真实货物交易的情况下为他人开具增值税专用发票。',
        basis: '《中华人民共和国发票管理办法》第三十五条',
        kinds: ['fine', 'confiscation'],
        fine: [20, 50],
        confiscated: [1, 10],
        serious: true,
      },
    ],
  },
  {
    key: 'yjj',
    prefix: '（连）应急罚',
    count: 30,
    templates: [
      {
        violationType: '未按照规定对从业人员进行安全生产教育和培训',
        facts: '当事人未对新上岗的 6 名从业人员进行安全生产教育和培训。',
        basis: '《中华人民共和国安全生产法》第九十七条第三项',
        kinds: ['fine'],
        fine: [1, 8],
      },
      {
        violationType: '未采取措施消除事故隐患',
        facts: '当事人对执法检查发现的重大事故隐患未按期整改。',
        basis: '《中华人民共和国安全生产法》第一百零二条',
        kinds: ['fine', 'suspend_business'],
        fine: [10, 50],
        serious: true,
      },
      {
        violationType: '危险化学品经营单位未取得经营许可证从事经营',
        facts: '当事人安全生产许可证有效期届满未办理延期手续，继续从事危险化学品经营。',
        basis: '《危险化学品安全管理条例》第七十七条第三款',
        kinds: ['fine', 'revoke_license', 'confiscation'],
        fine: [10, 20],
        confiscated: [0.5, 3],
        licenseAffected: '危险化学品经营许可证',
      },
    ],
  },
  {
    key: 'xfzd',
    prefix: '连消行罚决字',
    count: 25,
    templates: [
      {
        violationType: '消防设施、器材未保持完好有效',
        facts: '当事人营业场所室内消火栓无水，火灾自动报警系统处于故障状态。',
        basis: '《中华人民共和国消防法》第六十条第一款第一项',
        kinds: ['fine'],
        fine: [0.5, 5],
      },
      {
        violationType: '占用、堵塞、封闭疏散通道、安全出口',
        facts: '当事人将货物堆放于二层疏散通道，堵塞安全出口。',
        basis: '《中华人民共和国消防法》第六十条第一款第三项',
        kinds: ['warning', 'fine'],
        fine: [0.5, 3],
      },
    ],
  },
  {
    key: 'zjj',
    prefix: '连住建罚',
    count: 20,
    templates: [
      {
        violationType: '未取得施工许可证擅自施工',
        facts: '当事人承建的厂房工程未取得建筑工程施工许可证即开工建设。',
        basis: '《建设工程质量管理条例》第五十七条',
        kinds: ['fine'],
        fine: [5, 30],
      },
      {
        violationType: '施工单位未按照工程建设强制性标准施工',
        facts: '当事人施工的住宅项目混凝土强度不符合设计要求。',
        basis: '《建设工程质量管理条例》第六十四条',
        kinds: ['fine', 'suspend_license'],
        fine: [20, 40],
        licenseAffected: '建筑业企业资质证书',
      },
    ],
  },
];

interface LicenseDept {
  key: string;
  count: number;
  docName: string;
  certificate: string;
  category: NonNullable<CreditRecordInputT['licenseCategory']>;
  content: string[];
  years: number;
  number: (rnd: Random, i: number) => string;
}

const LICENSE_DEPTS: LicenseDept[] = [
  {
    key: 'scjgj',
    count: 40,
    docName: '食品经营许可决定书',
    certificate: '食品经营许可证',
    category: 'general',
    content: ['预包装食品（含冷藏冷冻食品）销售', '散装食品销售', '热食类食品制售', '保健食品销售'],
    years: 5,
    number: (rnd) => `JY13207${String(rnd.int(1000000, 9999999))}`,
  },
  {
    key: 'sthjj',
    count: 20,
    docName: '排污许可证核发决定',
    certificate: '排污许可证',
    category: 'general',
    content: ['大气污染物排放：颗粒物、二氧化硫、氮氧化物', '水污染物排放：化学需氧量、氨氮'],
    years: 5,
    number: (rnd) => `91320700${String(rnd.int(1000000000, 9999999999))}001P`,
  },
  {
    key: 'zjj',
    count: 15,
    docName: '建筑工程施工许可决定书',
    certificate: '建筑工程施工许可证',
    category: 'approval',
    content: ['厂房及配套用房新建工程', '综合楼新建工程', '仓储用房改扩建工程'],
    years: 1,
    number: (rnd) => `320706${String(rnd.int(100000000, 999999999))}0101`,
  },
  {
    key: 'yjj',
    count: 10,
    docName: '安全生产许可决定书',
    certificate: '安全生产许可证',
    category: 'special',
    content: ['危险化学品生产', '非煤矿矿山开采', '烟花爆竹批发'],
    years: 3,
    number: (rnd, i) => `（苏）WH安许证字〔G${String(700 + i).padStart(5, '0')}〕`,
  },
];

const round = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;

function amount(rnd: Random, [min, max]: [number, number]): number {
  return round(min + (max - min) * (rnd.int(0, 1000) / 1000), 2);
}

/** A day `back` days before `today`. */
function daysBefore(today: string, back: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - back);
  return d.toISOString().slice(0, 10);
}

export async function seedDemoCredit(
  services: Services,
  actor: Actor,
  departmentIds: ReadonlyMap<string, string>,
  options: { people?: number | undefined } = {},
): Promise<DemoCreditReport> {
  const started = performance.now();
  const { credit } = services;
  if (options.people === 0 || !(await credit.records.isEmpty()))
    return { records: 0, lists: 0, cases: 0, ms: performance.now() - started };
  const today = chinaToday();
  const year = today.slice(0, 4);
  const rnd = new Random('demo-credit');

  // The enterprises: live ones with a valid credit code (the record sets carry deliberately broken rows).
  const companies: { code: string; name: string; rep: string }[] = [];
  for (const r of demoRecordSet('enterprises', { people: options.people }).rows() as Iterable<Row>) {
    const code = s(r['统一社会信用代码']);
    if (!validateUscc(code).ok || !s(r['企业名称']) || !s(r['法定代表人'])) continue;
    if (!s(r['登记状态']).startsWith('存续')) continue;
    companies.push({ code, name: s(r['企业名称']), rep: s(r['法定代表人']) });
    if (companies.length >= 160) break;
  }
  const people: { code: string; name: string }[] = [];
  for (let i = 0; people.length < 12 && i < 400; i += 17) {
    const r = personRow(i);
    const code = s(r['身份证号']);
    if (validateIdCard(code, { today }).ok && s(r['出生日期']) < '2000-01-01')
      people.push({ code, name: s(r['姓名']) });
  }
  if (!companies.length) return { records: 0, lists: 0, cases: 0, ms: performance.now() - started };

  const byDept = new Map<string, CreditRecordInputT[]>();
  const add = (key: string, rec: CreditRecordInputT) => byDept.set(key, [...(byDept.get(key) ?? []), rec]);

  // Penalties: decided over the last three and a half years, so some are past their publicity and left public view.
  for (const d of PENALTY_DEPTS) {
    const r = rnd.fork(d.key);
    for (let i = 0; i < d.count; i++) {
      const c = companies[r.int(0, companies.length - 1)]!;
      const t = d.templates[r.int(0, d.templates.length - 1)]!;
      const decided = daysBefore(today, r.int(3, 1270));
      add(d.key, {
        kind: 'penalty',
        subjectName: c.name,
        subjectCategory: 'legal',
        subjectCode: c.code,
        legalRepresentative: c.rep,
        decisionNo: `${d.prefix}〔${decided.slice(0, 4)}〕${1000 + i}号`,
        decisionDate: decided,
        violationType: t.violationType,
        violationFacts: t.facts,
        basis: t.basis,
        penaltyKinds: t.kinds,
        ...(t.fine ? { fineAmount: amount(r, t.fine) } : {}),
        ...(t.confiscated ? { confiscatedAmount: amount(r, t.confiscated) } : {}),
        ...(t.licenseAffected
          ? { licenseAffected: `${t.licenseAffected} ${c.code.slice(2, 8)}${String(r.int(1000, 9999))}` }
          : {}),
        ...(t.serious ? { serious: true } : {}),
        penaltyContent: t.kinds.includes('fine') ? '责令改正，并处罚款' : '责令改正',
      });
    }
  }
  // Persons: 城管's fines for 占道经营; the demo citizen's own, from 市场监管 (its steward is a demo user).
  for (const [i, p] of people.entries()) {
    const decided = daysBefore(today, rnd.int(5, 500));
    add('cgj', {
      kind: 'penalty',
      subjectName: p.name,
      subjectCategory: 'person',
      subjectCode: p.code,
      decisionNo: `连城管罚〔${decided.slice(0, 4)}〕${200 + i}号`,
      decisionDate: decided,
      violationType: '擅自占用城市道路从事经营活动',
      violationFacts: '当事人在人行道上摆摊设点经营，经劝阻拒不改正。',
      basis: '《城市市容和环境卫生管理条例》第三十六条',
      penaltyKinds: ['fine'],
      fineAmount: 0.05,
      penaltyContent: '责令改正，并处罚款五百元',
    });
  }
  const ownDecided = daysBefore(today, 130);
  add('scjgj', {
    kind: 'penalty',
    subjectName: DEMO_CITIZEN_NAME,
    subjectCategory: 'person',
    subjectCode: DEMO_CITIZEN_ID,
    decisionNo: `连市监处罚〔${ownDecided.slice(0, 4)}〕900号`,
    decisionDate: ownDecided,
    violationType: '未取得食品经营许可从事食品经营活动',
    violationFacts: '当事人在居民区流动销售自制糕点，未取得食品经营许可。',
    basis: '《中华人民共和国食品安全法》第一百二十二条',
    penaltyKinds: ['fine', 'confiscation'],
    fineAmount: 0.5,
    confiscatedAmount: 0.02,
    penaltyContent: '没收违法所得二百元，并处罚款五千元',
  });
  add('cgj', {
    kind: 'penalty',
    subjectName: DEMO_CITIZEN_NAME,
    subjectCategory: 'person',
    subjectCode: DEMO_CITIZEN_ID,
    decisionNo: `连城管罚〔${year}〕299号`,
    decisionDate: daysBefore(today, 20),
    violationType: '在城市建筑物、设施上擅自张贴宣传品',
    violationFacts: '当事人在公交站台张贴小广告。',
    basis: '《城市市容和环境卫生管理条例》第三十四条',
    penaltyKinds: ['warning'],
    penaltyContent: '警告',
  });

  // Licenses: in force or lapsed, issued over the last six years.
  for (const d of LICENSE_DEPTS) {
    const r = rnd.fork(`license-${d.key}`);
    for (let i = 0; i < d.count; i++) {
      const c = companies[r.int(0, companies.length - 1)]!;
      const from = daysBefore(today, r.int(10, 365 * d.years + 200));
      const to = new Date(`${from}T00:00:00Z`);
      to.setUTCFullYear(to.getUTCFullYear() + d.years);
      to.setUTCDate(to.getUTCDate() - 1);
      add(d.key, {
        kind: 'license',
        subjectName: c.name,
        subjectCategory: 'legal',
        subjectCode: c.code,
        legalRepresentative: c.rep,
        decisionNo: `${d.certificate.slice(0, 2)}许决〔${from.slice(0, 4)}〕${3000 + i}号`,
        decisionDate: from,
        docName: d.docName,
        licenseCategory: d.category,
        certificateName: d.certificate,
        licenseNo: d.number(r, i),
        licenseContent: d.content[r.int(0, d.content.length - 1)]!,
        validFrom: from,
        validTo: to.toISOString().slice(0, 10),
      });
    }
  }

  let records = 0;
  const published = new Map<string, string[]>();
  for (const [key, batch] of byDept) {
    const dept = await services.org.get(departmentIds.get(key)!);
    // Skipping, not failing, should a generated row not pass (the records must stay valid whatever the seed).
    const good = batch.filter((_, i) => credit.records.problems([batch[i]!], dept, today).length === 0);
    const result = await credit.records.submit(actor, dept, good);
    records += result.created;
    published.set(key, result.ids);
  }

  // Lists: 纳税信用 A 级 and 守合同重信用 (red); 严重违法失信, 重大税收违法失信, 安全生产严重失信 (black).
  const entries: { departmentId: string; input: CreditListEntryInputT }[] = [];
  const lr = rnd.fork('lists');
  const list = (
    key: string,
    kind: 'red' | 'black',
    name: string,
    basis: string,
    n: number,
    years: number | null,
  ) => {
    for (let i = 0; i < n; i++) {
      const c = companies[lr.int(0, companies.length - 1)]!;
      const listed = daysBefore(today, lr.int(5, 700));
      const end = new Date(`${listed}T00:00:00Z`);
      end.setUTCFullYear(end.getUTCFullYear() + (years ?? 0));
      const until = years === null ? undefined : end.toISOString().slice(0, 10);
      entries.push({
        departmentId: departmentIds.get(key)!,
        input: {
          listKind: kind,
          listName: name,
          subjectName: c.name,
          subjectCategory: 'legal',
          subjectCode: c.code,
          basis,
          listedOn: listed,
          ...(until ? { validUntil: until } : {}),
        },
      });
    }
  };
  list('shuiwu', 'red', 'A级纳税人', '《纳税缴费信用管理办法》第二十五条：年度评价指标得分 90 分以上', 18, 1);
  list('scjgj', 'red', '守合同重信用企业', '《江苏省“守合同重信用”企业公示管理办法》', 6, 2);
  list('scjgj', 'black', '严重违法失信名单', '《市场监督管理严重违法失信名单管理办法》第九条', 4, 3);
  list('shuiwu', 'black', '重大税收违法失信主体', '《重大税收违法失信主体信息公布管理办法》第六条', 3, 3);
  list('yjj', 'black', '安全生产严重失信主体名单', '《安全生产严重失信主体名单管理办法》第七条', 2, 3);
  await credit.lists.seed(actor, entries);
  // One black-list entry ended early after its repair.
  const removable = await credit.lists.list({ listKind: 'black', status: 'in_force', limit: 1 });
  if (removable.items[0]) {
    const row = await credit.lists.find(removable.items[0].id);
    await credit.lists.remove(actor, row, '主体已纠正失信行为并完成信用修复，提前移出', today);
  }

  // The demo citizen's account speaks for her own number.
  const citizen = await services.identity.findUserByUsername('citizen');
  if (citizen) await credit.profiles.bind(actor, citizen.id, DEMO_CITIZEN_ID, DEMO_CITIZEN_NAME);

  // Objections and repair applications in every state, one overdue at each step.
  let cases = 0;
  const all = await Promise.all(
    [...published.values()].flat().map((id) => credit.records.find(id).catch(() => null)),
  );
  // 市场监管's first (its steward is a demo user, so the demo's inbox has every state), then the others.
  const scjgj = departmentIds.get('scjgj');
  const recordsOf = all
    .filter((r): r is NonNullable<typeof r> => r !== null)
    .sort((a, b) => Number(b.department_id === scjgj) - Number(a.department_id === scjgj));
  const repairable = recordsOf.filter(
    (r) =>
      r.kind === 'penalty' &&
      r.severity === 'general' &&
      r.subject_category === 'legal' &&
      r.repair_from !== null &&
      r.repair_from <= daysBefore(today, 30) &&
      r.publicity_until !== null &&
      r.publicity_until > today,
  );
  const objectable = recordsOf.filter(
    (r) =>
      r.kind === 'penalty' &&
      r.subject_category === 'legal' &&
      r.publicity_until !== null &&
      r.publicity_until > today,
  );
  const who = (r: { subject_name: string; subject_code: string }) => ({
    userId: null,
    name: `${r.subject_name}（经办人）`,
    subjectCodes: [r.subject_code],
  });
  const as = (name: string): Actor => ({ ...actor, name });
  const plan: {
    kind: 'objection' | 'repair';
    pick: (typeof recordsOf)[number] | undefined;
    filedBack: number;
    reason: string;
    steps: {
      back: number;
      action: 'accept' | 'reject' | 'uphold' | 'repair';
      note: string;
      correct?: boolean;
    }[];
  }[] = [
    {
      kind: 'objection',
      pick: objectable[0],
      filedBack: 12,
      reason: '处罚决定书载明的法定代表人有误，请予核实更正。',
      steps: [],
    },
    {
      kind: 'objection',
      pick: objectable[1],
      filedBack: 1,
      reason: '该处罚已经行政复议撤销，附复议决定书。',
      steps: [],
    },
    {
      kind: 'objection',
      pick: objectable[2],
      filedBack: 40,
      reason: '罚款金额公示有误，实际罚款数额以决定书为准。',
      steps: [
        { back: 38, action: 'accept', note: '材料齐全，予以受理' },
        { back: 30, action: 'uphold', note: '经核查公示的罚款金额录入有误，已更正', correct: true },
      ],
    },
    {
      kind: 'objection',
      pick: objectable[3],
      filedBack: 25,
      reason: '认为处罚过重，申请撤销公示。',
      steps: [
        { back: 24, action: 'accept', note: '予以受理' },
        { back: 18, action: 'reject', note: '公示信息与处罚决定书一致，异议不成立' },
      ],
    },
    {
      kind: 'objection',
      pick: objectable[4],
      filedBack: 30,
      reason: '公示的违法事实与实际情况不符。',
      steps: [{ back: 28, action: 'accept', note: '受理，转执法科室核查' }],
    },
    {
      kind: 'repair',
      pick: repairable[0],
      filedBack: 20,
      reason: '已缴清罚款、完成整改，并作出信用承诺，申请提前停止公示。',
      steps: [
        { back: 19, action: 'accept', note: '受理' },
        { back: 15, action: 'repair', note: '符合修复条件，同意提前停止公示' },
      ],
    },
    {
      kind: 'repair',
      pick: repairable[1],
      filedBack: 2,
      reason: '已履行处罚决定并完成整改，附缴款凭证和整改报告。',
      steps: [{ back: 1, action: 'accept', note: '受理，核查整改情况' }],
    },
    {
      kind: 'repair',
      pick: repairable[2],
      filedBack: 9,
      reason: '申请信用修复。',
      steps: [{ back: 8, action: 'reject', note: '未提供罚款缴纳凭证，不予受理' }],
    },
  ];
  for (const p of plan) {
    if (!p.pick) continue;
    const applicant = who(p.pick);
    const filed = await credit.cases.file(
      as(applicant.name),
      applicant,
      { recordId: p.pick.id, kind: p.kind, reason: p.reason },
      daysBefore(today, p.filedBack),
    );
    cases++;
    const dept = [...departmentIds.entries()].find(([, id]) => id === p.pick!.department_id)?.[0] ?? '';
    for (const step of p.steps)
      await credit.cases.decide(
        as(`${dept} 数据管理员`),
        filed.id,
        {
          action: step.action,
          note: step.note,
          ...(step.correct
            ? {
                resolution: 'correct' as const,
                corrections: { fineAmount: round(Number(p.pick.fine_amount ?? 1) * 0.8, 2) },
              }
            : {}),
        },
        daysBefore(today, step.back),
      );
  }
  // The citizen's own objection, just filed.
  const own = recordsOf.find((r) => r.subject_code === DEMO_CITIZEN_ID && r.severity === 'minor');
  if (own) {
    await credit.cases.file(
      as(DEMO_CITIZEN_NAME),
      { userId: citizen?.id ?? null, name: DEMO_CITIZEN_NAME, subjectCodes: [DEMO_CITIZEN_ID] },
      { recordId: own.id, kind: 'objection', reason: '张贴小广告的不是本人，当日本人在外地出差，请核实。' },
      daysBefore(today, 1),
    );
    cases++;
  }
  return { records, lists: entries.length, cases, ms: performance.now() - started };
}
