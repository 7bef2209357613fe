import { ChainSegment } from '../chain.model';

/**
 * Reference chains for branches of the catalog (文昌湖区“十四五”规划 第四章, 专栏2–3): each node with a
 * stable code (`<industry>-<segment letter><n>`), loaded at start-up by chains.seeder.ts. A node's code is
 * never reused; a node edited through the API keeps its edits (the seeder only adds missing nodes).
 */
export interface ChainNodeSeed {
  code: string;
  segment: ChainSegment;
  name: string;
  description: string;
}

export const CHAIN_CATALOG: Record<string, ChainNodeSeed[]> = {
  // 新一代信息技术 · 晶体管与滤波器: substrate → design → wafer → packaging and test → modules → applications
  IT01: [
    { code: 'IT01-U1', segment: 'upstream', name: '衬底与外延材料', description: '碳化硅、氮化镓、压电晶圆等衬底和外延片' },
    { code: 'IT01-U2', segment: 'upstream', name: '芯片设计', description: '射频晶体管、声表面波/体声波滤波器设计' },
    { code: 'IT01-M1', segment: 'midstream', name: '晶圆制造', description: '射频器件与滤波器晶圆流片' },
    { code: 'IT01-M2', segment: 'midstream', name: '封装测试', description: '含高速率TO管帽光电元件等封装（专栏3）' },
    { code: 'IT01-D1', segment: 'downstream', name: '射频模组', description: '射频前端模组、光通信模块' },
    { code: 'IT01-D2', segment: 'downstream', name: '终端应用', description: '通信基站、智能终端、汽车电子' },
  ],
  // 医养健康 · 康复护理: 预防检测 — 诊疗 — 康复 (第四章第二节)
  HC04: [
    { code: 'HC04-U1', segment: 'upstream', name: '康复器械与辅具', description: '康复训练设备、辅助器具、智能康复机器人' },
    { code: 'HC04-U2', segment: 'upstream', name: '健康监测与数字平台', description: '可穿戴监测、远程康复平台' },
    { code: 'HC04-M1', segment: 'midstream', name: '康复医疗机构', description: '康复医院、康复专科、术后及慢病康复' },
    { code: 'HC04-D1', segment: 'downstream', name: '康养护理服务', description: '产后康复护理、社区与居家护理、医养结合机构' },
  ],
  // 装备制造 · 工业机器人 (智能制造): 核心零部件 → 本体制造 → 系统集成 (第四章第三节)
  EM04: [
    { code: 'EM04-U1', segment: 'upstream', name: '减速器', description: 'RV减速器、谐波减速器' },
    { code: 'EM04-U2', segment: 'upstream', name: '伺服电机与控制器', description: '交流伺服电机、驱动器、运动控制器' },
    { code: 'EM04-M1', segment: 'midstream', name: '机器人本体', description: '多关节、平面多关节、直角坐标、并联机器人' },
    { code: 'EM04-D1', segment: 'downstream', name: '系统集成', description: '拣选、装配、焊接、喷涂机器人系统集成' },
    { code: 'EM04-D2', segment: 'downstream', name: 'AGV与智能物流装备', description: 'AGV智能牵引车、智能仓储' },
  ],
  // 新一代信息技术 · 大数据 (第四章第二节: 与齐鲁数谷等数据中心合作, 数据互换、数据交易, 大数据+应用服务)
  IT02: [
    { code: 'IT02-U1', segment: 'upstream', name: '数据中心与算力', description: '数据中心、边缘计算节点、算力调度' },
    { code: 'IT02-U2', segment: 'upstream', name: '数据采集与存储', description: '数据采集、清洗标注、分布式存储' },
    { code: 'IT02-M1', segment: 'midstream', name: '数据交易与流通', description: '数据互换、数据交易、隐私计算' },
    { code: 'IT02-D1', segment: 'downstream', name: '大数据应用服务', description: '政务、文旅、物流等行业大数据应用' },
  ],
  // 新一代信息技术 · 人工智能 (智能感知、模式识别、智能分析、智能控制; 专栏2 人工智能应用创新中心)
  IT03: [
    { code: 'IT03-U1', segment: 'upstream', name: '智能传感与芯片', description: '视觉/声学传感器、AI芯片' },
    { code: 'IT03-M1', segment: 'midstream', name: '算法与平台', description: '模式识别、机器学习平台、智能分析' },
    { code: 'IT03-D1', segment: 'downstream', name: '智能控制与应用示范', description: '智能制造、智慧文旅、智慧医疗应用示范' },
  ],
  // 装备制造 · 汽车零部件 (轻量化、智能化汽车零部件; 高端铸造改造升级)
  EM01: [
    { code: 'EM01-U1', segment: 'upstream', name: '轻量化材料', description: '铝镁合金、高强钢、复合材料' },
    { code: 'EM01-M1', segment: 'midstream', name: '铸造与精密加工', description: '高端铸造、冲压、精密机加工零部件' },
    { code: 'EM01-M2', segment: 'midstream', name: '汽车电子与智能部件', description: '车载传感器、线控与智能座舱部件' },
    { code: 'EM01-D1', segment: 'downstream', name: '整车配套与后市场', description: '主机厂配套、维修与再制造' },
  ],
  // 装备制造 · 表面处理 (依托大亚金属: 新型表面处理材料, 绿色环保全自动智能装备, 环保除尘装备)
  EM02: [
    { code: 'EM02-U1', segment: 'upstream', name: '表面处理材料', description: '涂层、镀层与喷涂粉末等新型表面处理材料' },
    { code: 'EM02-M1', segment: 'midstream', name: '表面处理装备', description: '全自动智能喷涂、抛丸设备, 环保除尘装备' },
    { code: 'EM02-D1', segment: 'downstream', name: '高端装备应用', description: '航空航天、高铁机车、海工制造、军工装备' },
  ],
  // 装备制造 · 智能可穿戴设备 (传感器、存储器、显示屏等关键配套 → 健康穿戴、智能眼镜、智能头盔)
  EM03: [
    { code: 'EM03-U1', segment: 'upstream', name: '关键配套零部件', description: '传感器、存储器、显示屏、电池' },
    { code: 'EM03-M1', segment: 'midstream', name: '整机研发制造', description: '健康穿戴、智能眼镜、智能头盔整机' },
    { code: 'EM03-D1', segment: 'downstream', name: '应用与服务平台', description: '健康管理、运动监测等数据服务' },
  ],
  // 现代服务 · 智慧物流 (大数据物流平台, 智能仓储分拨, 末端配送; 专栏2 云仓储产业园)
  MS01: [
    { code: 'MS01-U1', segment: 'upstream', name: '物流信息平台', description: '大数据物流平台、智慧物流综合管理和服务平台' },
    { code: 'MS01-M1', segment: 'midstream', name: '智能仓储与分拨', description: '自动化立体仓库、云仓储、冷链仓储' },
    { code: 'MS01-D1', segment: 'downstream', name: '末端配送与供应链服务', description: '末端配送网络、第三方物流供应链+物流服务' },
  ],
  // 特色产业 · 休闲健康食品 (坚果类、焙烤类基础; 健康食品加工基地、坚果加工基地、零热量复配糖)
  SP01: [
    { code: 'SP01-U1', segment: 'upstream', name: '原料与配料', description: '坚果原料、绿色农产品、复配糖等配料' },
    { code: 'SP01-M1', segment: 'midstream', name: '食品精深加工', description: '坚果加工、焙烤食品、低热量低脂新型休闲食品' },
    { code: 'SP01-D1', segment: 'downstream', name: '品牌与流通', description: '文昌湖健康食品品牌、电商与冷链流通' },
  ],
  // 文化旅游 · 齐文化旅游度假 (齐文化传承创新示范区: 文化体验、主题娱乐、康养度假; 书院酒店、度假酒店)
  CT01: [
    { code: 'CT01-U1', segment: 'upstream', name: '文化IP与规划设计', description: '齐文化IP开发、景区规划与创意设计' },
    { code: 'CT01-M1', segment: 'midstream', name: '度假区开发运营', description: '主题娱乐、文化体验项目投资与运营' },
    { code: 'CT01-M2', segment: 'midstream', name: '度假酒店', description: '书院酒店、度假酒店、主题文化酒店' },
    { code: 'CT01-D1', segment: 'downstream', name: '文创消费与演艺', description: '文创购物、特色餐饮、民俗演艺' },
  ],
};
