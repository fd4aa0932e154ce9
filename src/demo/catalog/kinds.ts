/**
 * Archetypes of the kinds of data set a department keeps: the items a registration, a licence (as published under
 * “双公示”), an inspection, a statistic… usually has, the formats and update cycles they usually come in, and the
 * sentences a catalog summary uses for them.
 *
 * Placeholders in item strings: {P} the party's identifying items, {PK} the same as the record key, {X} the data
 * set's own extras, {I} its indicators, {S} its subject, {N} the party's name column (企业名称, 机构名称…).
 */
import type { FormatCategory, UpdateCycle } from '../../modules/catalog/index.ts';
import type { KindCode, Party } from './dsl.ts';

type Weighted<T> = ReadonlyArray<readonly [T, number]>;

export interface KindSpec {
  items: string;
  formats: Weighted<FormatCategory>;
  cycles: Weighted<UpdateCycle>;
  /** First sentence: what the data is and who collects it. */
  describe: (s: string, dept: string, its: string, period: string, name: string) => string;
  /** What the data is used for, one chosen per data set. */
  uses: readonly string[];
  /** Raises or lowers the chance of sharing on conditions (and of being closed to the public). */
  sensitivity: number;
  /** Raises the chance of being opened to the public. */
  openness: number;
}

const RECORD: Weighted<FormatCategory> = [
  ['database', 72],
  ['service_api', 12],
  ['spreadsheet', 16],
];
const EVENTS: Weighted<UpdateCycle> = [
  ['daily', 62],
  ['realtime', 12],
  ['weekly', 14],
  ['monthly', 12],
];

export const KINDS: Record<KindCode, KindSpec> = {
  reg: {
    items: '*登记编号 {P} {X} !登记机关 !登记日期 ?登记状态',
    formats: RECORD,
    cycles: EVENTS,
    describe: (s, d, its) => `${d}办理${s.endsWith('登记') ? s : `${s}登记`}时采集的登记信息，包括${its}等。`,
    uses: ['跨部门身份核验和业务协同', '相关审批事项免交证明材料', '“一网通办”表单信息自动填充'],
    sensitivity: 1,
    openness: 0,
  },
  lic: {
    items:
      '*行政许可决定文书号 {P} !行政许可决定文书名称 !许可类别 ?许可证书名称 ?许可编号 !许可内容:M {X} ' +
      '!许可决定日期 !有效期自 ?有效期至 !许可机关 ?许可机关统一社会信用代码 ?当前状态',
    formats: RECORD,
    cycles: EVENTS,
    describe: (s, d, its) =>
      /(证|书)$/.test(s)
        ? `${d}核发${s}形成的许可决定信息，包括${its}等。`
        : `${d}实施${s}行政许可形成的许可决定信息，包括${its}等。`,
    uses: ['审批结果互认和事中事后监管', '“双公示”和社会信用信息归集', '企业开办和项目审批环节免交许可证明'],
    sensitivity: -1,
    openness: 1.8,
  },
  rec: {
    items: '*备案编号 {P} {X} !备案事项 !备案日期 !备案机关 ?备案状态',
    formats: RECORD,
    cycles: EVENTS,
    describe: (s, d, its) => `${d}受理${s}备案形成的备案信息，包括${its}等。`,
    uses: ['行业监管和备案核查', '事中事后监管和部门间信息互认'],
    sensitivity: 0,
    openness: 0.5,
  },
  chk: {
    items:
      '*检查编号 {P} {X} ?检查方式 !检查日期 ?检查人员 !检查结果 ?发现问题:M ?整改要求:M ?整改期限:D !检查机关',
    formats: RECORD,
    cycles: [
      ['daily', 40],
      ['weekly', 30],
      ['monthly', 30],
    ],
    describe: (s, d, its) => `${d}对${s}开展监督检查形成的检查记录，包括${its}等。`,
    uses: ['“双随机、一公开”监管和风险分类管理', '联合执法和监管结果共享'],
    sensitivity: 0,
    openness: 0.6,
  },
  pen: {
    items:
      '*行政处罚决定书文号 {P} !案件名称 ?违法行为类型 !违法事实 !处罚依据 !处罚类别 !处罚内容:M {X} ' +
      '?罚款金额（万元） ?没收违法所得金额（万元） !处罚决定日期 ?公示截止期 !处罚机关 ?处罚机关统一社会信用代码',
    formats: RECORD,
    cycles: EVENTS,
    describe: (s, d, its) => `${d}在${s}领域作出的行政处罚决定信息，包括${its}等，按“双公示”要求归集。`,
    uses: ['信用联合惩戒和“双公示”', '市场主体信用评价和分级分类监管'],
    sensitivity: -1,
    openness: 1.8,
  },
  dir: {
    items: '{PK} {X} ?所属区县 ?数据状态',
    formats: RECORD,
    cycles: [
      ['daily', 30],
      ['weekly', 15],
      ['monthly', 25],
      ['quarterly', 10],
      ['semiannual', 5],
      ['irregular', 20],
    ],
    describe: (_s, d, its, _p, name) => `${d}在管理服务中采集和维护的${name}，包括${its}等。`,
    uses: ['部门间信息核验和业务协同', '精准服务和政策落实', '基础数据库的比对和更新'],
    sensitivity: 0.5,
    openness: 0.4,
  },
  stat: {
    items: '*统计年度 *统计期 *行政区划代码 ?区划名称 {I} ?填报单位 ?填报日期',
    formats: [
      ['spreadsheet', 78],
      ['database', 16],
      ['self_describing', 6],
    ],
    cycles: [
      ['monthly', 30],
      ['quarterly', 30],
      ['semiannual', 10],
      ['annual', 30],
    ],
    describe: (s, d, its, period) => `${d}按${period}汇总的${s}统计数据，包括${its}等指标。`,
    uses: ['统计分析和领导决策', '宏观经济形势研判', '绩效考核和政策评估'],
    sensitivity: -2,
    openness: 2,
  },
  cert: {
    items:
      '*证照编号 !证照名称 !持证主体 !持证主体代码 !持证主体代码类型 {X} !颁发机构 ?颁发机构代码 !颁发日期 ' +
      '!有效期起始日期 ?有效期截止日期 ?证照状态 ?证照文件:G',
    formats: [
      ['database', 70],
      ['service_api', 30],
    ],
    cycles: EVENTS,
    describe: (s, d, its) => `${d}颁发的${s}电子证照信息，包括${its}等。`,
    uses: ['办事环节电子证照调用和在线核验', '免交纸质证照和复印件'],
    sensitivity: 0.5,
    openness: 0,
  },
  sub: {
    items: '{PK} *发放年月 {X} !发放金额 ?发放标准 ?开户银行 ?银行账号 !发放机构',
    formats: RECORD,
    cycles: [
      ['monthly', 70],
      ['quarterly', 15],
      ['semiannual', 5],
      ['annual', 10],
    ],
    describe: (s, d, its) => `${d}经办${s}资金发放形成的明细记录，包括${its}等。`,
    uses: ['待遇资格比对，防止重复享受', '救助对象精准认定', '资金监管和审计'],
    sensitivity: 1.5,
    openness: -1,
  },
  proj: {
    items:
      '*项目代码 !项目名称 !项目单位 ?项目单位统一社会信用代码 {X} ?建设地点 ?总投资（万元） ' +
      '?计划开工日期 ?计划竣工日期 !项目状态',
    formats: RECORD,
    cycles: [
      ['daily', 30],
      ['weekly', 30],
      ['monthly', 40],
    ],
    describe: (s, d, its) => `${d}管理的${s}项目信息，包括${its}等。`,
    uses: ['项目审批协同和全过程监管', '投资项目在线审批监管平台数据比对'],
    sensitivity: 0,
    openness: 0.8,
  },
  fac: {
    items: '*{S}编号 !{S}名称 {X} !地址 经度 纬度 ?管理单位 ?服务电话 ?所属区县',
    formats: [
      ['database', 45],
      ['spreadsheet', 30],
      ['self_describing', 25],
    ],
    cycles: [
      ['monthly', 30],
      ['quarterly', 30],
      ['irregular', 30],
      ['annual', 10],
    ],
    describe: (s, d, its) => `${d}掌握的全市${s}名称、位置和管理信息，包括${its}等。`,
    uses: ['城市运行管理和公共服务地图', '便民服务查询和设施布局分析'],
    sensitivity: -1.5,
    openness: 2,
  },
  mon: {
    items: '*监测点编号 ?监测点名称 *监测时间 {I} ?数据状态',
    formats: [
      ['service_api', 45],
      ['database', 55],
    ],
    cycles: [
      ['realtime', 70],
      ['daily', 30],
    ],
    describe: (s, d, its) => `${d}通过监测设备和监测网点采集的${s}数据，包括${its}等。`,
    uses: ['实时监测预警和城市运行管理', '应急指挥调度和趋势分析'],
    sensitivity: -1,
    openness: 1,
  },
  case: {
    items: '*办件编号 !事项名称 {P} {X} !受理日期 ?承诺办结日期 ?办结日期 !办理状态 ?办理结果',
    formats: RECORD,
    cycles: EVENTS,
    describe: (s, d, its) => `${d}受理和办理${s}事项形成的过程和结果信息，包括${its}等。`,
    uses: ['办件全过程监督和效能考核', '“好差评”和政务服务数据分析', '跨部门联办和结果互认'],
    sensitivity: 1,
    openness: -0.5,
  },
  doc: {
    items: '*文号 !标题 !发文机关 !成文日期 {X} ?主题分类 ?正文:M ?附件:G',
    formats: [['electronic_file', 1]],
    cycles: [
      ['irregular', 80],
      ['annual', 20],
    ],
    describe: (s, d, its) => `${d}制发或汇编的${s}，包括${its}等。`,
    uses: ['政策查询和依法行政', '政务公开和政策解读'],
    sensitivity: -1,
    openness: 1.5,
  },
  img: {
    items: '*图件编号 !图件名称 {X} !比例尺 !坐标系统 !成图日期 !编制单位 !图件:G',
    formats: [['image', 1]],
    cycles: [
      ['irregular', 60],
      ['annual', 40],
    ],
    describe: (s, d, its) => `${d}编制的${s}成果，包括${its}等要素。`,
    uses: ['规划审批和空间分析', '国土空间用途管制和辅助决策'],
    sensitivity: 0,
    openness: 0.5,
  },
  chg: {
    items: '*变更编号 {P} {X} !变更事项 !变更前内容:M !变更后内容:M !变更日期 !登记机关',
    formats: RECORD,
    cycles: EVENTS,
    describe: (s, d, its) => `${d}办理${s}变更形成的变更记录，包括${its}等。`,
    uses: ['主体信息同步更新', '相关许可和资格的联动变更'],
    sensitivity: 0,
    openness: 0,
  },
  cancel: {
    items: '{PK} {X} !注销原因 !注销日期 !核准机关 ?注销文书号',
    formats: RECORD,
    cycles: EVENTS,
    describe: (s, d, its) => `${d}办理${s}注销形成的注销记录，包括${its}等。`,
    uses: ['主体状态同步更新', '注销后相关许可和资格的联动处理'],
    sensitivity: 0,
    openness: 0.3,
  },
  eval: {
    items: '{PK} {X} !评定等级 !评定日期 !评定机构 ?有效期至',
    formats: RECORD,
    cycles: [
      ['annual', 55],
      ['semiannual', 10],
      ['irregular', 35],
    ],
    describe: (s, d, its) => `${d}组织开展${s}评定形成的结果信息，包括${its}等。`,
    uses: ['分级分类监管', '评先评优和信用评价'],
    sensitivity: -0.5,
    openness: 1,
  },
  gen: {
    items: '{X}',
    formats: RECORD,
    cycles: [
      ['daily', 40],
      ['monthly', 30],
      ['irregular', 30],
    ],
    describe: (s, d, its, _p, name) => `${d}在${s}工作中形成的${name}，包括${its}等。`,
    uses: ['部门间业务协同和数据比对', '相关行政审批和公共服务事项办理', '行业监管和统计分析'],
    sensitivity: 0.5,
    openness: 0,
  },
};

/** Identifying items of each party, as plain columns ({P}) or as the record key ({PK}). */
export const PARTY_ITEMS: Record<Party, { plain: string; key: string }> = {
  p: { plain: '!姓名 !身份证号 ?联系电话', key: '*身份证号 !姓名 ?性别 ?出生日期 ?联系电话' },
  o: {
    plain: '!{N} !统一社会信用代码 ?法定代表人',
    key: '*统一社会信用代码 !{N} ?法定代表人 ?住所 ?联系电话',
  },
  b: {
    plain: '!行政相对人名称 !行政相对人类别 ?统一社会信用代码 ?法定代表人 ?证件类型 ?证件号码',
    key: '!行政相对人名称 !行政相对人类别 ?统一社会信用代码 ?法定代表人 ?证件类型 ?证件号码',
  },
  x: { plain: '', key: '' },
};

/** The name column of an organisation, the way its own registers call it. */
export function orgNameColumn(subject: string): string {
  if (/(企业|公司|厂|行)$/.test(subject)) return '企业名称';
  if (/(机构|组织|中心|医院|学校|协会|团体|基金会|院|所|站|馆|社)$/.test(subject)) return '机构名称';
  return '单位名称';
}

/** The period word of a statistic's update cycle, as the summary says it. */
export const PERIOD_WORD: Record<UpdateCycle, string> = {
  realtime: '实时',
  daily: '日',
  weekly: '周',
  monthly: '月度',
  quarterly: '季度',
  semiannual: '半年度',
  annual: '年度',
  irregular: '需要',
};
