/**
 * Word lists of the demo records: residents' names (the same lists and weights as city/people.ts, which keeps
 * them private), enterprise trade names and industries, streets, and the code lists of the standard columns
 * (民族 GB/T 3304, 文化程度 GB/T 4658, 家庭关系 GB/T 4761, 号牌种类 GA 24.7 …).
 */

// Surnames with rough national frequencies (percent), as in city/people.ts.
// prettier-ignore
export const SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['王', 7.2], ['李', 7.2], ['张', 6.8], ['刘', 5.4], ['陈', 4.5], ['杨', 3.1], ['赵', 2.3], ['黄', 2.2],
  ['周', 2.1], ['吴', 2.1], ['徐', 1.7], ['孙', 1.5], ['胡', 1.3], ['朱', 1.3], ['高', 1.2], ['林', 1.2],
  ['何', 1.2], ['郭', 1.2], ['马', 1.1], ['罗', 0.9], ['梁', 0.8], ['宋', 0.8], ['郑', 0.8], ['谢', 0.7],
  ['韩', 0.7], ['唐', 0.7], ['冯', 0.6], ['于', 0.6], ['董', 0.6], ['萧', 0.6], ['程', 0.6], ['曹', 0.6],
  ['袁', 0.5], ['邓', 0.5], ['许', 0.5], ['傅', 0.5], ['沈', 0.5], ['曾', 0.5], ['彭', 0.5], ['吕', 0.5],
  ['苏', 0.4], ['卢', 0.4], ['蒋', 0.4], ['蔡', 0.4], ['贾', 0.4], ['丁', 0.4], ['魏', 0.4], ['薛', 0.4],
  ['叶', 0.4], ['阎', 0.4], ['余', 0.4], ['潘', 0.4], ['杜', 0.4], ['戴', 0.3], ['夏', 0.3], ['钟', 0.3],
  ['汪', 0.3], ['田', 0.3], ['任', 0.3], ['姜', 0.3], ['范', 0.3], ['方', 0.3], ['石', 0.3], ['姚', 0.3],
  ['谭', 0.3], ['廖', 0.3], ['邹', 0.3], ['熊', 0.3], ['金', 0.3], ['陆', 0.3], ['郝', 0.3], ['孔', 0.3],
  ['白', 0.3], ['崔', 0.3], ['康', 0.3], ['毛', 0.3], ['邱', 0.3], ['秦', 0.3], ['江', 0.3], ['史', 0.3],
  ['顾', 0.3], ['侯', 0.3], ['邵', 0.3], ['孟', 0.3], ['龙', 0.2], ['万', 0.2], ['段', 0.2], ['钱', 0.2],
  ['汤', 0.2], ['尹', 0.2], ['葛', 0.2], ['卞', 0.1], ['仲', 0.1], ['惠', 0.1], ['欧阳', 0.05], ['诸葛', 0.02],
];

// Mobile number segments of the three carriers (as city/people.ts uses), all of the form 1[3-9]x.
// prettier-ignore
export const MOBILE_PREFIXES: readonly string[] = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '153',
  '155', '156', '157', '158', '159', '166', '173', '175', '176', '177', '178', '180', '181', '182', '183',
  '184', '185', '186', '187', '188', '189', '191', '193', '195', '196', '197', '198', '199',
];

export const GIVEN_MALE: readonly string[] = [
  ...'伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林洋峰建国志文亮海东晨博昊轩睿哲',
];
export const GIVEN_FEMALE: readonly string[] = [
  ...'芳娜敏静丽艳娟霞秀玲桂英梅兰琳雪婷倩颖洁慧燕莉萍红琴晶云蓉欣怡雯佳悦彤涵萱诗雨梦瑶思',
];
export const GIVEN_ANY: readonly string[] = [...'子文嘉一晓新春永玉金立晨小天海安家德国思雨'];

/** Characters enterprise trade names (字号) are made of, two at a time. */
export const TRADE_CHARS: readonly string[] = [
  ...new Set([
    ...'恒鑫盛华泰宏达祥瑞丰源润泽博远嘉诚兴隆永晟安康明德创新天成万通汇信中联东方海纳云帆锦程锐昌宇星辰',
    ...'越卓瀚欣荣辉耀腾飞凯旋优佳合众和美益民利发顺昊启航景宸弘毅伟业众邦正道鼎力金石建峰晶港湾苍梧朐阳',
  ]),
];

export interface Industry {
  /** GB/T 4754-2017 class: section letter + 4 digits. */
  code: string;
  /** The word in the company name. */
  word: string;
  scope: string;
  /** Share of the city's enterprises (relative). */
  weight: number;
  /** Typical registered capital range, 万元. */
  capital: readonly [number, number];
}

export const INDUSTRIES: readonly Industry[] = [
  {
    code: 'C2710',
    word: '医药',
    scope: '化学原料药、化学药品制剂的研发、生产和销售',
    weight: 3,
    capital: [500, 20000],
  },
  {
    code: 'C2614',
    word: '化工',
    scope: '有机化学原料的生产和销售（危险化学品除外）',
    weight: 3,
    capital: [300, 10000],
  },
  {
    code: 'C3311',
    word: '机械',
    scope: '金属结构件、机械设备的制造、加工和销售',
    weight: 5,
    capital: [100, 3000],
  },
  {
    code: 'C3091',
    word: '新材料',
    scope: '石墨及碳素制品、硅材料的研发、生产和销售',
    weight: 3,
    capital: [200, 8000],
  },
  { code: 'C3039', word: '水晶', scope: '水晶制品、工艺品的加工和销售', weight: 3, capital: [10, 500] },
  {
    code: 'C1361',
    word: '食品',
    scope: '水产品冷冻加工、预包装食品生产和销售',
    weight: 3,
    capital: [50, 2000],
  },
  { code: 'C1512', word: '酒业', scope: '白酒生产和销售', weight: 1, capital: [100, 5000] },
  {
    code: 'E4790',
    word: '建设工程',
    scope: '房屋建筑工程、市政公用工程施工',
    weight: 6,
    capital: [500, 10000],
  },
  { code: 'E4852', word: '港务工程', scope: '港口及航运设施工程建筑', weight: 1, capital: [1000, 20000] },
  { code: 'F5123', word: '农产品', scope: '果品、蔬菜、水产品批发', weight: 5, capital: [10, 500] },
  { code: 'F5211', word: '商贸', scope: '日用百货、五金交电、服装鞋帽零售', weight: 10, capital: [10, 300] },
  {
    code: 'G5430',
    word: '物流',
    scope: '道路普通货物运输，仓储服务（不含危险品）',
    weight: 6,
    capital: [100, 2000],
  },
  { code: 'G5532', word: '海运', scope: '沿海货物运输，船舶代理', weight: 2, capital: [500, 10000] },
  { code: 'H6110', word: '酒店管理', scope: '住宿服务，餐饮服务，会议服务', weight: 3, capital: [50, 1000] },
  { code: 'H6210', word: '餐饮管理', scope: '餐饮服务，食品销售', weight: 6, capital: [10, 200] },
  {
    code: 'I6510',
    word: '信息技术',
    scope: '计算机软件开发，信息系统集成服务，技术咨询',
    weight: 6,
    capital: [50, 2000],
  },
  { code: 'K7010', word: '置业', scope: '房地产开发经营，物业管理', weight: 3, capital: [1000, 30000] },
  { code: 'L7281', word: '会展服务', scope: '会议及展览服务，企业形象策划', weight: 2, capital: [10, 300] },
  {
    code: 'M7320',
    word: '科技',
    scope: '工程和技术研究和试验发展，技术服务',
    weight: 4,
    capital: [100, 3000],
  },
  { code: 'A0412', word: '水产养殖', scope: '海水养殖，水产苗种生产和销售', weight: 3, capital: [50, 1000] },
  {
    code: 'A0112',
    word: '农业发展',
    scope: '粮食、蔬菜种植和销售，农业技术推广服务',
    weight: 4,
    capital: [50, 1000],
  },
  { code: 'O8011', word: '家政服务', scope: '家政服务，保洁服务，养老服务', weight: 3, capital: [10, 100] },
  {
    code: 'R8710',
    word: '文化传媒',
    scope: '文艺创作，广告设计、制作、代理和发布',
    weight: 3,
    capital: [10, 500],
  },
  {
    code: 'N7722',
    word: '环保科技',
    scope: '污水处理及再生利用，环保技术咨询服务',
    weight: 2,
    capital: [100, 3000],
  },
];

/** 企业类型, with the form word the name ends in and the relative share. */
export const ENTERPRISE_TYPES: ReadonlyArray<readonly [type: string, suffix: string, weight: number]> = [
  ['有限责任公司（自然人投资或控股）', '有限公司', 55],
  ['有限责任公司（自然人独资）', '有限公司', 25],
  ['股份有限公司（非上市、自然人投资或控股）', '股份有限公司', 6],
  ['有限责任公司（国有独资）', '有限责任公司', 3],
  ['个人独资企业', '经营部', 8],
  ['有限责任公司（外商投资企业与内资合资）', '有限公司', 3],
];

export const STREETS: readonly string[] = [
  '朝阳路',
  '解放路',
  '通灌路',
  '海连路',
  '郁州路',
  '苍梧路',
  '凌州路',
  '新浦路',
  '人民路',
  '建设路',
  '幸福路',
  '振兴路',
  '港城大道',
  '花果山大道',
  '黄河路',
  '长江路',
  '珠江路',
  '中山路',
  '云台路',
  '东方大道',
  '陇海路',
  '瀛洲路',
  '圣湖路',
  '海宁路',
];

/** 民族 (GB/T 3304) with the city's rough shares. */
export const ETHNICITIES: ReadonlyArray<readonly [string, number]> = [
  ['01', 986],
  ['03', 6],
  ['02', 1],
  ['08', 1],
  ['11', 2],
  ['05', 1],
  ['15', 1],
  ['06', 1],
  ['04', 1],
];

/** 文化程度 (GB/T 4658): 10 研究生 … 80 小学, 90 其他. */
export const EDUCATION_CODES = ['10', '20', '30', '40', '60', '70', '80', '90'] as const;

/** 血型 codes: 1 A, 2 B, 3 O, 4 AB, 9 不明. */
export const BLOOD_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['1', 28],
  ['2', 29],
  ['3', 33],
  ['4', 8],
  ['9', 2],
];

export const OCCUPATIONS: readonly string[] = [
  '企业职员',
  '专业技术人员',
  '生产制造人员',
  '商业、服务业人员',
  '办事人员',
  '工程技术人员',
  '运输设备操作人员',
  '个体经营者',
];

export const FREE_OCCUPATIONS: ReadonlyArray<readonly [string, number]> = [
  ['农林牧渔业生产人员', 30],
  ['个体经营者', 15],
  ['自由职业者', 10],
  ['无业', 10],
  ['离退休人员', 0],
];

export const MOVE_REASONS: readonly string[] = [
  '工作调动',
  '购房落户',
  '投靠亲属',
  '大中专院校毕业分配',
  '人才引进',
];

export const COLOURS: readonly string[] = ['白', '黑', '银', '灰', '红', '蓝', '棕', '绿'];

export interface CarModel {
  brand: string;
  wmi: string;
  model: string;
  /** Displacement in mL; 0 for battery electric. */
  displacement: number;
  fuel: string;
  seats: number;
  /** kg */
  mass: number;
}

export const CAR_MODELS: readonly CarModel[] = [
  { brand: '大众', wmi: 'LSV', model: 'SVW7152BPV', displacement: 1498, fuel: '汽油', seats: 5, mass: 1720 },
  { brand: '大众', wmi: 'LFV', model: 'FV7141BBDBG', displacement: 1395, fuel: '汽油', seats: 5, mass: 1685 },
  { brand: '丰田', wmi: 'LVG', model: 'GTM7200GBM', displacement: 1987, fuel: '汽油', seats: 5, mass: 1840 },
  { brand: '本田', wmi: 'LHG', model: 'HG7150BAC6', displacement: 1498, fuel: '汽油', seats: 5, mass: 1730 },
  { brand: '日产', wmi: 'LGB', model: 'DFL7163VBL', displacement: 1598, fuel: '汽油', seats: 5, mass: 1650 },
  { brand: '别克', wmi: 'LSG', model: 'SGM7152DBX', displacement: 1490, fuel: '汽油', seats: 5, mass: 1700 },
  { brand: '吉利', wmi: 'L6T', model: 'MR7153A05', displacement: 1477, fuel: '汽油', seats: 5, mass: 1690 },
  { brand: '长安', wmi: 'LS5', model: 'SC7151FAA6', displacement: 1494, fuel: '汽油', seats: 5, mass: 1660 },
  { brand: '哈弗', wmi: 'LGW', model: 'CC6464RM0A', displacement: 1497, fuel: '汽油', seats: 5, mass: 2025 },
  { brand: '比亚迪', wmi: 'LC0', model: 'BYD7005BEV', displacement: 0, fuel: '纯电动', seats: 5, mass: 2090 },
  {
    brand: '比亚迪',
    wmi: 'LGX',
    model: 'BYD7152WT6HEVC',
    displacement: 1498,
    fuel: '插电式混合动力',
    seats: 5,
    mass: 2080,
  },
  { brand: '五菱', wmi: 'LZW', model: 'GXA7001BEVA1', displacement: 0, fuel: '纯电动', seats: 4, mass: 1060 },
  {
    brand: '特斯拉',
    wmi: 'LRW',
    model: 'TSL7000BEVAR0',
    displacement: 0,
    fuel: '纯电动',
    seats: 5,
    mass: 2137,
  },
];

export const TRUCK_MODELS: readonly CarModel[] = [
  {
    brand: '解放',
    wmi: 'LFW',
    model: 'CA1250P66K2L6T1E6',
    displacement: 8600,
    fuel: '柴油',
    seats: 2,
    mass: 25000,
  },
  { brand: '东风', wmi: 'LGA', model: 'DFH1180EX8', displacement: 6700, fuel: '柴油', seats: 2, mass: 18000 },
  {
    brand: '江淮',
    wmi: 'LJ1',
    model: 'HFC1043P92K1C2V',
    displacement: 2700,
    fuel: '柴油',
    seats: 3,
    mass: 4495,
  },
  { brand: '宇通', wmi: 'LZY', model: 'ZK6115BEVG', displacement: 0, fuel: '纯电动', seats: 45, mass: 18000 },
];

/** 婚前婚姻状况 (GB/T 2261.2): 10 未婚, 40 离婚, 30 丧偶. */
export const PRIOR_MARITAL: ReadonlyArray<readonly [string, number]> = [
  ['10', 90],
  ['40', 8],
  ['30', 2],
];
