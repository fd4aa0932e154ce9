/**
 * Information items (信息项) of the demo catalog, written as compact token strings and expanded here.
 *
 * A token is `[flags]名称[:类型[长度]]`, tokens separated by spaces. Flags:
 * - `*` part of the record key (always required),
 * - `!` required,
 * - `?` present in only some resources (each resource draws whether it keeps the item),
 * - `~` sensitive even where the name does not say so.
 * The data type, length, semantic tag, sensitivity and a short description are inferred from the name the way a
 * steward fills the template (…日期 is a date, …金额 money, …身份证号 an 18-character ID number), so the
 * vocabularies below stay readable; `:M`, `:I`, `:C17` override the guess where the name misleads.
 */
import type { Random } from '../../lib/random.ts';
import type { DataType, ItemInput, SemanticTag } from '../../modules/catalog/index.ts';

interface Traits {
  dataType: DataType;
  length: number | null;
  semanticTag: SemanticTag | null;
  sensitive: boolean;
  description: string | null;
}

const C = (length: number, extra: Partial<Traits> = {}): Partial<Traits> => ({
  dataType: 'C',
  length,
  ...extra,
});

/** Items whose coding is fixed by a national standard: their description names it. */
const KNOWN: Record<string, Partial<Traits>> = {
  身份证号: { description: '18位公民身份号码' },
  统一社会信用代码: { description: '18位，GB 32100' },
  组织机构代码: { description: 'GB 11714' },
  性别: C(1, { description: 'GB/T 2261.1：1男，2女' }),
  民族: C(2, { description: 'GB/T 3304代码' }),
  国籍: C(3, { description: 'GB/T 2659三字母代码' }),
  文化程度: C(2, { description: 'GB/T 4658代码' }),
  学历: C(2, { description: 'GB/T 4658代码' }),
  最高学历: C(2, { description: 'GB/T 4658代码' }),
  婚姻状况: C(2, { description: 'GB/T 2261.2代码' }),
  婚前婚姻状况: C(2, { description: 'GB/T 2261.2代码' }),
  与户主关系: C(2, { description: 'GB/T 4761代码' }),
  血型: C(1, { description: 'ABO血型代码', sensitive: true }),
  行政区划代码: C(12, { description: 'GB/T 2260，乡镇级及以下延长至12位' }),
  户籍地行政区划代码: C(6, { description: 'GB/T 2260' }),
  所在行政区划代码: C(12, { description: 'GB/T 2260' }),
  号牌种类: C(2, { description: 'GA 24.7代码' }),
  号牌号码: C(15),
  车辆识别代号: C(17, { description: 'VIN，GB 16735' }),
  车辆类型: C(3, { description: 'GA 24.4代码' }),
  使用性质: C(1, { description: 'GA 24.3代码' }),
  准驾车型: C(10, { description: 'A1、B2、C1等' }),
  行业代码: C(5, { description: 'GB/T 4754' }),
  国民经济行业: C(5, { description: 'GB/T 4754' }),
  币种: C(3, { description: 'GB/T 12406' }),
  证件类型: C(3, { description: 'GB/T 36904证件类型代码' }),
  持证主体代码类型: C(3, { description: '111身份证号，001统一社会信用代码' }),
  行政相对人类别: C(2, { description: '法人及非法人组织、自然人、个体工商户' }),
  统计期: C(6, { description: 'YYYYMM或YYYYQn' }),
  统计年度: C(4, { description: 'YYYY' }),
  经度: { description: 'CGCS2000坐标系' },
  纬度: { description: 'CGCS2000坐标系' },
  险种类型: C(3, { description: '110养老，210失业，310医疗，410工伤，510生育' }),
  坐标系统: C(30, { description: '如CGCS2000' }),
  比例尺: C(20, { description: '如1:2000' }),
  许可类别: C(10, { description: '普通、特许、认可、核准、登记、其他' }),
  处罚类别: C(20, { description: '警告、罚款、没收违法所得等' }),
  空气质量指数: { description: 'AQI，HJ 633' },
  地类编码: C(4, { description: 'GB/T 21010' }),
  不动产单元号: C(28, { description: 'GB/T 37346，28位' }),
  宗地代码: C(19, { description: 'GB/T 26235，19位' }),
  事项编码: C(40, { description: '政务服务事项实施编码' }),
  项目代码: C(24, { description: '投资项目在线审批监管平台赋码' }),
  全国学籍号: C(19, { description: 'G+身份证号' }),
  社会保障卡号: C(9, { sensitive: true }),
  主体类别: C(2, { description: '法人及非法人组织、自然人' }),
  评价等级: C(10, { description: '非常满意、满意、基本满意、不满意、非常不满意' }),
  纳税信用等级: C(1, { description: 'A、B、M、C、D' }),
  电子监管号: C(16, { description: '土地市场动态监测与监管系统编号' }),
  事项类型: C(2, { description: '01行政许可…20公共服务' }),
};

// Roles whose holder is a named person but whose name the public registers show (企业信用公示, 双公示).
const PUBLIC_PERSON_ROLES = new Set([
  '法定代表人',
  '负责人',
  '主要负责人',
  '联系人',
  '经办人',
  '领衔人',
  '投资人',
  '经营者',
  '检查人员',
  '审核人员',
  '录入人员',
  '婚姻登记员',
  '登簿人',
  '批示领导',
  '责任领导',
  '河长',
  '项目负责人',
  '承办律师',
  '签约医生',
  '举办者',
  '场所负责人',
  '清算组负责人',
  '完成人',
  '提出人',
]);

const PARTY_PREFIX =
  /^(男方|女方|父亲|母亲|配偶|监护人|申请人|当事人|户主|持证人|所有人|经营者|逝者|受种者|借款人|卖方|买方|权利人|义务人|抵押人|被执行人)/;
const PERSONAL_ADDRESS = /^(户籍|现住|现居住|居住|家庭|通讯|联系|被征收房屋)|^住址$/;
const ORG_CONTACT = /^(单位|办公|服务|值班|咨询|举报|投诉|受理)/;
const HEALTH =
  /(诊断|病史|过敏|疾病|症状|用药|手术|残疾|体检|孕|接种|病种|病名|传染病|精神障碍|伤残|病情|健康状况|慢特病|死因|史$|高危因素|献血量)/;
const PERSONAL_ACCOUNT =
  /(银行账号|银行卡号|社会保障卡号|社保卡号|个人账号|护照号码|驾驶证号|专用账户账号|准考证号|受种者|宗教类别)/;

// Order matters: the first rule whose pattern matches the name decides the base traits.
const RULES: ReadonlyArray<readonly [RegExp, (name: string) => Partial<Traits>]> = [
  [/身份证号码?$|身份号码$/, () => C(18, { semanticTag: 'id_card', sensitive: true })],
  [/统一社会信用代码$/, () => C(18, { semanticTag: 'uscc' })],
  [/组织机构代码$/, () => C(10, { semanticTag: 'org_code' })],
  [/区划代码$/, () => C(12, { semanticTag: 'region_code' })],
  [/(手机号码?|移动电话)$/, () => C(11, { semanticTag: 'mobile', sensitive: true })],
  [/(电子邮箱|邮箱)$/, (n) => C(100, { semanticTag: 'email', sensitive: !ORG_CONTACT.test(n) })],
  [/(电话|电话号码)$/, (n) => C(20, { semanticTag: 'phone', sensitive: !ORG_CONTACT.test(n) })],
  [/证件号码$/, () => C(30, { sensitive: true })],
  [/(姓名|户主|监护人|赡养人)$/, () => C(50, { semanticTag: 'person_name', sensitive: true })],
  [/./, (n) => (PUBLIC_PERSON_ROLES.has(n) ? C(50, { semanticTag: 'person_name' }) : {})],
  [
    /(地址|住址|住所|经营场所|坐落|出生地|居住地|建设地址|设置地点|安装地点|案发地址|发生地址)$/,
    (n) => C(200, { semanticTag: 'address', sensitive: PERSONAL_ADDRESS.test(n) }),
  ],
  [
    /(日期|有效期自|有效期至|有效期起|有效期止|截止期|预产期|期限自|期限至|期限起|期限止|期止)$/,
    () => ({ dataType: 'D', length: null, semanticTag: 'date' }),
  ],
  [/时间$/, () => ({ dataType: 'T', length: null })],
  [/(年月|月份)$/, () => C(6, { description: 'YYYYMM' })],
  [/(年度|年份)$/, () => C(4, { description: 'YYYY' })],
  [/学年$/, () => C(9, { description: '如2018-2019' })],
  [/^是否/, () => ({ dataType: 'L', length: null })],
  [/(照片|相片|附件|图件|影像|扫描件|图片|证照文件|文件内容)$/, () => ({ dataType: 'G', length: null })],
  [/(经度|纬度)$/, () => ({ dataType: 'B', length: null })],
  [
    /(说明|内容|描述|情况|事实|意见|备注|简介|范围|依据|原因|要求|结论|摘要|诉求|正文|进展|问题|措施|概要|线路|地址范围|史)$/,
    () => ({ dataType: 'M', length: null }),
  ],
  [/（亿元）$/, () => ({ dataType: 'Y', length: 18, description: '单位：亿元' })],
  [/（万元）$/, () => ({ dataType: 'Y', length: 16, description: '单位：万元' })],
  [
    /(（元）|金额|资本|资金|费用|工资|收入|投资|基数|余额|价格|单价|均价|总价|税额|缴存额|补贴|标准|保费|养老金|罚款|津贴|贴息|支出|限额|价款|成交价|地价|租金|税款|报酬)$/,
    () => ({ dataType: 'Y', length: 16, description: '单位：元' }),
  ],
  [/(率|比例|增速|增幅|涨跌幅|占比|比重)$/, () => ({ dataType: 'N', length: 6, description: '单位：%' })],
  [
    /(浓度|温度|湿度|水位|流量|风速|降水量|气压|能见度|噪声|指数|氨氮|总磷|溶解氧|速度|风向)$/,
    () => ({ dataType: 'F', length: null }),
  ],
  [/(评分|得分|分值|成绩)$/, () => ({ dataType: 'N', length: 5 })],
  [
    /(面积|长度|重量|容量|库容|里程|排放量|用量|消费量|产量|用电量|总量|载质量|吨位|功率|取水量|负荷|规模|储量|数量（吨）|库存量|身高|体重|排量)$/,
    () => ({ dataType: 'N', length: 14 }),
  ],
  [/(年龄|年限|期限（月）)$/, () => ({ dataType: 'I', length: null })],
  [/(?<![指系分])数$/, () => ({ dataType: 'I', length: null })],
  [/(代码|编码)$/, () => C(32)],
  [/(编号|证号|字号|文号|号码|档案号|识别号|账号|房间号|档号|流水号|批号|追溯码|号)$/, () => C(50)],
  [/名称$/, () => C(200)],
  [
    /(类型|类别|种类|状态|等级|级别|方式|性质|结果|程度|用途|来源|标志|分类|职务|职级|职称|专业|渠道|学段|学科|车型|颜色|品牌|型号|坝型|期限|层次)$/,
    () => C(50),
  ],
  [/(机关|单位|机构|部门|医院|学校|银行|企业|公司|场所|馆|站|所)$/, () => C(200)],
];

function inferTraits(name: string): Traits {
  const traits: Traits = {
    dataType: 'C',
    length: 100,
    semanticTag: null,
    sensitive: false,
    description: null,
  };
  for (const [pattern, make] of RULES) {
    if (!pattern.test(name)) continue;
    const found = make(name);
    if (Object.keys(found).length === 0) continue;
    Object.assign(traits, found);
    break;
  }
  // 男方民族, 母亲身份证号…: a party prefix before a standard column keeps the column's coding.
  const standard = KNOWN[name] ?? KNOWN[name.replace(PARTY_PREFIX, '')];
  Object.assign(traits, standard ?? {});
  if (HEALTH.test(name) || PERSONAL_ACCOUNT.test(name)) traits.sensitive = true;
  return traits;
}

const TYPE_OVERRIDE = /^([CNYDTLMGBIF])(\d+)?$/;
const FIXED_LENGTH: ReadonlySet<DataType> = new Set(['C', 'N', 'Y']);

/** One token, parsed but not yet drawn: optional tokens are decided per resource. */
export interface ItemToken {
  name: string;
  key: boolean;
  required: boolean;
  optional: boolean;
  sensitive: boolean;
  override: { dataType: DataType; length: number | null } | null;
}

export function parseToken(token: string): ItemToken {
  const flags = /^[*!?~]*/.exec(token)?.[0] ?? '';
  const [rawName = '', typeText] = token.slice(flags.length).split(':');
  const match = typeText === undefined ? null : TYPE_OVERRIDE.exec(typeText);
  if (typeText !== undefined && !match) throw new Error(`demo catalog: bad item type in "${token}"`);
  let override: ItemToken['override'] = null;
  if (match) {
    const dataType = match[1] as DataType;
    const length = match[2] === undefined ? null : Number(match[2]);
    override = { dataType, length: FIXED_LENGTH.has(dataType) ? (length ?? 100) : null };
  }
  return {
    name: rawName,
    key: flags.includes('*'),
    required: flags.includes('*') || flags.includes('!'),
    optional: flags.includes('?'),
    sensitive: flags.includes('~'),
    override,
  };
}

export function tokens(text: string): string[] {
  return text.split(/\s+/).filter((t) => t.length > 0);
}

// Items nobody marks required but that are usually filled: the first few after the key.
const NEVER_REQUIRED = /(备注|照片|相片|附件|电子邮箱|曾用名|经度|纬度|图片)$/;

/**
 * Expands an item string into information items. Names already present are skipped (the first wins), so an
 * archetype and the data set's own extras can mention the same column.
 */
export function buildItems(text: string, rng: Random, keepOptional = 0.6): ItemInput[] {
  const items: ItemInput[] = [];
  const seen = new Set<string>();
  for (const token of tokens(text)) {
    const t = parseToken(token);
    if (seen.has(t.name)) continue;
    if (t.optional && !rng.chance(keepOptional)) continue;
    seen.add(t.name);
    const traits = inferTraits(t.name);
    if (t.override) {
      traits.dataType = t.override.dataType;
      traits.length = t.override.length;
      if (t.override.dataType === 'D') traits.semanticTag = 'date';
      else if (traits.semanticTag === 'date') traits.semanticTag = null;
    }
    if (!FIXED_LENGTH.has(traits.dataType)) traits.length = null;
    const required =
      t.required || (!t.optional && !NEVER_REQUIRED.test(t.name) && (items.length < 4 || rng.chance(0.35)));
    items.push({
      name: t.name,
      dataType: traits.dataType,
      length: traits.length,
      required,
      description: traits.description,
      semanticTag: traits.semanticTag,
      isKey: t.key,
      sensitive: traits.sensitive || t.sensitive,
    });
  }
  return items;
}

/**
 * Columns many real catalogs append (provenance and bookkeeping). The generator adds them to reach the city's
 * published item total; they are never keys and never required.
 */
export const TAIL_ITEMS: readonly string[] = [
  '备注',
  '数据来源单位',
  '数据更新时间',
  '录入人员',
  '录入时间',
  '审核人员',
  '审核日期',
  '所属区县',
  '数据状态',
  '归档日期',
];

export function tailItem(name: string): ItemInput {
  const traits = inferTraits(name);
  return {
    name,
    dataType: traits.dataType,
    length: FIXED_LENGTH.has(traits.dataType) ? traits.length : null,
    required: false,
    description: traits.description,
    semanticTag: traits.semanticTag,
    isKey: false,
    sensitive: traits.sensitive,
  };
}
