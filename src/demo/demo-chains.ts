import { DataSource } from 'typeorm';
import { ChainEnterprise, ChainEnterpriseNode, ChainNode, ChainTarget } from '../modules/chains/chain.entity';
import { VisitKind } from '../modules/chains/chain.model';

interface DemoEnterprise {
  name: string;
  nodes: string[];
  chainLeader?: boolean;
  output: number;
  employees: number;
}

interface DemoVisit {
  enterprise: string;
  author: string /* username */;
  kind: VisitKind;
  visitedOn: string;
  summary: string;
  nextStep?: string;
}

interface DemoTarget {
  node: string;
  name: string;
  city: string;
  reason: string;
  tipSource: string;
}

/** Which team works which chain (链长制), by the demo teams' names. */
const CHAIN_TEAMS: Record<string, string> = {
  IT01: '产业链招商一组（新一代信息技术）',
  EM04: '产业链招商二组（装备制造与特色产业）',
};

/** Demo leads that sit on a node, by company name. */
const LEAD_NODES: Record<string, string> = {
  淄博晶芯微电子有限公司: 'IT01-M1',
  淄博智牵机器人科技有限公司: 'EM04-D2',
  南京精传动力科技有限公司: 'EM04-U1',
  上海擎臂机器人有限公司: 'EM04-M1',
};

const ENTERPRISES: DemoEnterprise[] = [
  { name: '淄博丰雁电子元件有限公司', nodes: ['IT01-M2', 'IT01-D1'], chainLeader: true, output: 46000, employees: 520 },
  { name: '淄博辰光光电科技有限公司', nodes: ['IT01-M2'], output: 21000, employees: 180 },
  { name: '山东大亚机电有限公司', nodes: ['EM04-D1'], chainLeader: true, output: 38000, employees: 410 },
];

/** 安商 visits to the local enterprises. */
const VISITS: DemoVisit[] = [
  {
    enterprise: '淄博丰雁电子元件有限公司',
    author: 'sunli',
    kind: 'onsite',
    visitedOn: '2026-09-18',
    summary: '走访生产车间, 企业反映二期厂房用电增容需求',
    nextStep: '协调供电公司现场踏勘',
  },
  {
    enterprise: '淄博丰雁电子元件有限公司',
    author: 'zhangjianguo',
    kind: 'forum',
    visitedOn: '2026-11-06',
    summary: '政企座谈: 企业计划增资扩产滤波器封装线, 约需新增用地 30 亩',
    nextStep: '由产业链招商一组跟进增资项目',
  },
];

const TARGETS: DemoTarget[] = [
  {
    node: 'IT01-U1',
    name: '苏州晶衬半导体材料有限公司',
    city: '苏州',
    reason: '压电晶圆产能外溢, 可补本地滤波器衬底缺口',
    tipSource: '深圳电子展',
  },
  {
    node: 'IT01-U2',
    name: '成都芯滤微系统有限公司',
    city: '成都',
    reason: '体声波滤波器设计团队, 寻求量产基地',
    tipSource: '丰雁电子元件推荐',
  },
  { node: 'IT01-D2', name: '东莞讯联通信设备有限公司', city: '东莞', reason: '基站射频整机厂, 与本地模组配套', tipSource: '商会推介' },
  { node: 'EM04-U2', name: '常州伺控电机有限公司', city: '常州', reason: '交流伺服电机, 配套本地机器人本体', tipSource: '智牵机器人推荐' },
];

/** The demo chains: teams for two chains, local enterprises with their 安商 visits, targets, and demo leads tagged with their nodes. */
export async function seedDemoChains(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const nodes = new Map((await manager.find(ChainNode)).map((n) => [n.code, n.id]));
    const nodeId = (code: string) => {
      const id = nodes.get(code);
      if (!id) throw new Error(`demo chains name an unknown node ${code}`);
      return id;
    };
    for (const [industryCode, teamName] of Object.entries(CHAIN_TEAMS))
      await manager.query(`UPDATE industry_chains SET team_id = (SELECT id FROM teams WHERE name = $2) WHERE industry_code = $1`, [
        industryCode,
        teamName,
      ]);
    for (const [companyName, code] of Object.entries(LEAD_NODES))
      await manager.query(`UPDATE leads SET chain_node_id = $2 WHERE company_name = $1 AND deleted_at IS NULL`, [
        companyName,
        nodeId(code),
      ]);
    for (const demo of ENTERPRISES) {
      const saved = await manager.save(ChainEnterprise, {
        name: demo.name,
        chainLeader: demo.chainLeader ?? false,
        output: demo.output,
        employees: demo.employees,
      });
      await manager.insert(
        ChainEnterpriseNode,
        demo.nodes.map((code) => ({ enterpriseId: saved.id, nodeId: nodeId(code) })),
      );
    }
    for (const visit of VISITS)
      await manager.query(
        `INSERT INTO chain_enterprise_visits (enterprise_id, kind, visited_on, summary, next_step, author_id)
         SELECT e.id, $2, $3, $4, $5, u.id FROM chain_enterprises e, users u WHERE e.name = $1 AND u.username = $6`,
        [visit.enterprise, visit.kind, visit.visitedOn, visit.summary, visit.nextStep ?? null, visit.author],
      );
    await manager.insert(
      ChainTarget,
      TARGETS.map(({ node, ...target }) => ({ ...target, nodeId: nodeId(node) })),
    );
  });
}
