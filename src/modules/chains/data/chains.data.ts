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
};
