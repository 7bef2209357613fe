/**
 * Word lists and generators for realistic Chinese data: people, companies and project names are
 * assembled from syllables and words, so that a two-character search hits a realistic share of the
 * leads (a surname or a brand: a few hundred in a million; an industry word: a few percent).
 */

/** mulberry32: a small deterministic PRNG, so that two seedings of the same size give the same data. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    /** Picks by weight from [[value, weight], …] (prepared with `weighted`). */
    weighted: (table) => {
      const r = next() * table.total;
      let lo = 0;
      let hi = table.cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (table.cumulative[mid] > r) hi = mid;
        else lo = mid + 1;
      }
      return table.values[lo];
    },
    /** Log-normal around `median`, `spread` the multiplicative sigma. */
    logNormal: (median, spread) => {
      const u = Math.max(next(), 1e-12);
      const v = next();
      const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
      return median * Math.exp(z * Math.log(spread));
    },
  };
  return rng;
}

export function weighted(pairs) {
  const values = [];
  const cumulative = [];
  let total = 0;
  for (const [value, weight] of pairs) {
    total += weight;
    values.push(value);
    cumulative.push(total);
  }
  return { values, cumulative, total };
}

const split = (s) => Array.from(s.replace(/\s+/g, ''));

// The hundred most common surnames, most frequent first (frequency falls off like a real population).
export const SURNAMES = split(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
);
const SURNAME_TABLE = weighted(SURNAMES.map((s, i) => [s, 1 / (i + 8)]));
const GIVEN = split(
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华建国志海鹏飞宇浩然轩涵欣怡晨雨婷雪琳思远博文嘉俊立新春红玉梅兰东辉斌凯峰晓丹阳慧颖佳瑞德成亮',
);

export function personName(rng) {
  const surname = rng.weighted(SURNAME_TABLE);
  return rng.chance(0.3) ? surname + rng.pick(GIVEN) : surname + rng.pick(GIVEN) + rng.pick(GIVEN);
}

// Company brand syllables: a brand is two of them, so one brand is ~1/2,500 of the companies.
const BRAND = split('晶芯辰光数衡桥智瞳视界量启云织标联驰舱亚泰航材华鑫盛恒瑞博创宏远金鼎德润中科天元海川汇通正信新源安达永康宝利');
const CITIES = weighted([
  ['淄博', 30],
  ['山东', 14],
  ['济南', 10],
  ['青岛', 6],
  ['北京', 7],
  ['上海', 7],
  ['深圳', 6],
  ['苏州', 4],
  ['杭州', 4],
  ['南京', 3],
  ['广州', 3],
  ['天津', 2],
  ['合肥', 2],
  ['潍坊', 3],
  ['烟台', 2],
  ['', 25],
]);
export const SOURCE_CITIES = [
  '淄博',
  '济南',
  '青岛',
  '北京',
  '上海',
  '深圳',
  '苏州',
  '杭州',
  '南京',
  '广州',
  '天津',
  '合肥',
  '潍坊',
  '烟台',
  '香港',
  '台北',
  '首尔',
  '东京',
];
const SOURCE_CITY_TABLE = weighted(SOURCE_CITIES.map((c, i) => [c, 1 / (i + 2)]));
const LEGAL = weighted([
  ['有限公司', 70],
  ['股份有限公司', 15],
  ['集团有限公司', 6],
  ['有限责任公司', 9],
]);

/** Per top-level industry: [company business words, project products, project forms]. */
const BY_INDUSTRY = {
  IT: {
    business: ['微电子', '光电科技', '信息技术', '数据科技', '云计算', '智能科技', '半导体', '通信技术', '软件', '网络科技'],
    product: [
      '射频滤波器',
      '功率晶体管',
      '光电元件',
      '算力中心',
      '大数据平台',
      '人工智能应用',
      '量子通信设备',
      '工业互联网平台',
      '智能传感器',
      '集成电路封装测试',
      '数据中心',
      '5G通信模组',
    ],
  },
  EM: {
    business: ['汽车部件', '智能装备', '精密机械', '表面工程', '机器人', '医疗器械', '船舶配件', '新材料', '电气设备', '模具'],
    product: [
      '汽车零部件',
      '新能源汽车电控',
      '精密轴承',
      '工业机器人',
      '数控机床',
      '表面处理生产线',
      '智能可穿戴设备',
      '医用耗材',
      '船舶装备零部件',
      '轻量化底盘',
    ],
  },
  CT: {
    business: ['文化旅游', '旅游发展', '酒店管理', '文化传媒', '体育产业', '餐饮管理', '研学教育', '农业开发'],
    product: [
      '度假酒店',
      '文旅综合体',
      '研学基地',
      '精品民宿',
      '特色美食街区',
      '滨湖休闲度假区',
      '齐文化体验园',
      '乡村旅游示范区',
      '体育运动公园',
      '时尚消费中心',
    ],
  },
  HC: {
    business: ['医疗投资', '健康产业', '中医药', '养老服务', '医疗科技', '氢能科技', '健康管理'],
    product: ['康养中心', '专科医院', '中医康复中心', '健康体检中心', '数字医疗平台', '养老服务综合体', '氢健康产业园', '康复护理院'],
  },
  MS: {
    business: ['供应链管理', '物流', '投资管理', '商务服务', '金融服务', '股权投资', '企业管理'],
    product: ['智慧物流园', '区域总部', '供应链服务中心', '产业基金', '商务楼宇', '冷链物流中心', '电商产业园', '金融服务中心'],
  },
  SP: {
    business: ['食品', '润滑科技', '农产品', '生物科技', '化工', '食品科技'],
    product: ['休闲食品', '高分子润滑材料', '农产品精深加工', '药食同源产品', '坚果加工', '功能饮品', '预制菜加工', '生物发酵制品'],
  },
};
const GENERIC = { business: ['科技', '实业', '发展', '控股'], product: ['综合产业', '研发中心', '生产基地'] };
const FORMS = weighted([
  ['项目', 30],
  ['扩产项目', 10],
  ['研发生产基地项目', 10],
  ['产业园项目', 8],
  ['总部基地项目', 5],
  ['技术改造项目', 6],
  ['二期项目', 6],
  ['生产线项目', 8],
  ['建设项目', 10],
  ['示范项目', 4],
]);
const UNITS = ['万吨', '万台', '万套', '亿只', '万件', '万平方米'];

export function industryWords(topCode) {
  return BY_INDUSTRY[topCode] ?? GENERIC;
}

export function companyName(rng, topCode) {
  const words = industryWords(topCode);
  return rng.weighted(CITIES) + rng.pick(BRAND) + rng.pick(BRAND) + rng.pick(words.business) + rng.weighted(LEGAL);
}

/**
 * A company name whose brand (字号) is four syllables drawn from `n` (6.25M names): unique per `n`, so a ledger's new
 * rows never meet a seeded company (whose brands have two syllables) or each other by name.
 */
export function uniqueCompanyName(rng, topCode, n) {
  const words = industryWords(topCode);
  let brand = '';
  for (let i = 0, v = n % BRAND.length ** 4; i < 4; i++, v = Math.floor(v / BRAND.length)) brand += BRAND[v % BRAND.length];
  return rng.weighted(CITIES) + brand + rng.pick(words.business) + rng.weighted(LEGAL);
}

export function projectName(rng, topCode) {
  const words = industryWords(topCode);
  const prefix = rng.chance(0.25) ? `年产${rng.int(1, 50) * (rng.chance(0.5) ? 1 : 10)}${rng.pick(UNITS)}` : '';
  return prefix + rng.pick(words.product) + rng.weighted(FORMS);
}

const CODE_NAME = split('星河青松远航启明北辰朝阳凌云鲲鹏天枢磐石');
export function codeName(rng) {
  return rng.pick(CODE_NAME) + rng.pick(CODE_NAME) + '项目';
}

export function sourceCity(rng) {
  return rng.weighted(SOURCE_CITY_TABLE);
}

const TITLES = ['董事长', '总经理', '副总经理', '投资总监', '战略发展部经理', '行政总监', '项目经理', '财务总监'];
export function contacts(rng, seq) {
  const n = rng.chance(0.6) ? 1 : 2;
  const list = [];
  for (let i = 0; i < n; i++) {
    list.push({
      name: personName(rng),
      title: rng.pick(TITLES),
      phone: `1${rng.pick(['38', '39', '50', '58', '86', '37'])}${String((seq * 7 + i * 13) % 1e8).padStart(8, '0')}`,
    });
  }
  return list;
}

export const FOLLOW_UP_SUMMARY = {
  lead: ['电话联系企业，介绍文昌湖区产业政策', '发送招商资料，邀请来区考察', '参加推介会后电话回访企业负责人'],
  negotiating: ['与企业负责人面谈，沟通用地与投资计划', '陪同企业考察意向地块', '就扶持政策与企业进行第二轮洽谈'],
  signed: ['协调项目立项与规划手续', '对接环评与能评办理进度', '跟踪土地挂牌进度'],
  building: ['到项目现场了解建设进度，协调施工用电', '协调解决施工许可问题', '检查工程进度与投资到位情况'],
  operating: ['走访企业了解投产运营情况', '协调企业用工与人才政策', '了解企业增资扩产意向'],
};

export const HOLD_NOTES = ['企业暂缓投资计划', '企业内部决策调整，暂缓推进', '等待上级政策明确'];
export const LOST_NOTES = ['企业选择其他地区落户', '企业资金链紧张，项目终止', '用地指标无法落实', '企业长期无回应'];
export const LOST_TO = ['济南', '潍坊', '青岛', '东营', '滨州', '临沂', '德州', '安徽滁州', '江苏宿迁', '河北沧州'];

/** Team names: 20 promotion teams, numbered in Chinese like the bureau's. */
const NUMBERS = [
  '一',
  '二',
  '三',
  '四',
  '五',
  '六',
  '七',
  '八',
  '九',
  '十',
  '十一',
  '十二',
  '十三',
  '十四',
  '十五',
  '十六',
  '十七',
  '十八',
  '十九',
  '二十',
];
const TEAM_FOCUS = [
  '新一代信息技术',
  '装备制造',
  '文化旅游',
  '医养健康',
  '现代服务',
  '特色产业',
  '驻京招商',
  '驻沪招商',
  '驻深招商',
  '驻济招商',
];
export function teamName(index) {
  const kind = index < 10 ? '产业链招商' : '招商';
  return `${kind}${NUMBERS[index] ?? index + 1}组（${TEAM_FOCUS[index % TEAM_FOCUS.length]}）`;
}
