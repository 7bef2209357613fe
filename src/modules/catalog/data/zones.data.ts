/**
 * 落地区域 — the “三区六组团” layout of chapter 5 §3 of the 文昌湖区“十四五”规划, with the
 * industrial parks, bases and carriers (产业园 / 园区 / 基地) that the plan names.
 *
 * Codes are stable and never reused (a retired node keeps its code, a new one takes the next
 * free number):
 * - area (区): `A` + number, in the plan's order — `A1` 北区, `A2` 东区, `A3` 南区;
 * - cluster (组团): area code + `-C` + number, in the order the plan lists them (`A1-C3`);
 * - park placed by the plan in a cluster: cluster code + `-P` + number (`A1-C3-P1`);
 * - park the plan names without placing it in a cluster: area code + `-P` + number (`A1-P2`),
 *   under the area that fits its function best; its description says so.
 */
export type ZoneKind = 'area' | 'cluster' | 'park';

export interface ZoneNode {
  code: string;
  name: string;
  kind: ZoneKind;
  description?: string;
  /** Other names ledgers give it (北区 for 北区—综合服务区): the import reads them like the name. */
  aliases?: readonly string[];
  children?: ZoneNode[];
}

export const ZONE_TREE: ZoneNode[] = [
  {
    code: 'A1',
    name: '北区—综合服务区',
    aliases: ['北区', '综合服务区'],
    kind: 'area',
    description: '包括综合服务组团、科教生活组团、装备制造组团三大组团',
    children: [
      {
        code: 'A1-C1',
        name: '综合服务组团',
        kind: 'cluster',
        description: '位于文昌湖西北片区，重点完善居住、商务办公、商业配套、公共服务等功能，打造宜居宜业宜创的高品质城市服务空间',
      },
      {
        code: 'A1-C2',
        name: '科教生活组团',
        kind: 'cluster',
        description: '强化文教核心功能，合理规划居住社区、产业园区，探索农文旅融合发展新模式',
      },
      {
        code: 'A1-C3',
        name: '装备制造组团',
        kind: 'cluster',
        description: '位于庆淄路以东、杨萌路以南地块，吸引医疗器械、高端装备、智能制造等产业集聚，打造智能制造产业高地',
        children: [
          {
            code: 'A1-C3-P1',
            name: '转型升级产业园',
            kind: 'park',
            description: '装备制造组团重点推进的专业园区；专栏3列为装备制造招商载体',
          },
        ],
      },
      {
        code: 'A1-P1',
        name: '萌水镇智能装备制造产业园',
        kind: 'park',
        description: '专栏3装备制造招商载体；规划未明确所属组团，按装备制造功能暂归北区',
      },
      {
        code: 'A1-P2',
        name: '云仓储产业园',
        kind: 'park',
        description: '专栏2现代服务重点项目（智慧物流、智能仓储）；规划未明确位置，按产业配套功能暂归北区',
      },
      {
        code: 'A1-P3',
        name: '健康食品加工基地',
        kind: 'park',
        description: '专栏3特色产业重点工程（健康食品生产基地、绿色农产品加工）；规划未明确位置，暂归北区',
      },
      {
        code: 'A1-P4',
        name: '坚果加工基地',
        kind: 'park',
        description: '专栏3特色产业重点工程；规划未明确位置，暂归北区',
      },
      {
        code: 'A1-P5',
        name: '文昌湖乡村振兴示范园',
        kind: 'park',
        description: '专栏1文旅融合新业态项目；规划未明确位置，按科教生活组团农文旅融合定位暂归北区',
      },
      {
        code: 'A1-P6',
        name: '文昌农业融合发展创意园',
        kind: 'park',
        description: '专栏4智慧农业建设工程；规划未明确位置，按农文旅融合定位暂归北区',
      },
      {
        code: 'A1-P7',
        name: '智慧农业产业园',
        kind: 'park',
        description: '专栏4智慧农业建设工程，依托文耕农业种植农民专业合作社联合社；规划未明确位置，暂归北区',
      },
    ],
  },
  {
    code: 'A2',
    name: '东区—休闲旅游区',
    aliases: ['东区', '休闲旅游区'],
    kind: 'area',
    description: '发挥山水相依的自然优势，强化滨水休闲旅游功能，打造时尚创意活力区',
    children: [
      {
        code: 'A2-C1',
        name: '休闲旅游组团',
        kind: 'cluster',
        description: '规划建设生态观光、环湖运动、水上娱乐空间，建设文化广场、演出剧场、都市文博馆、创意消费中心等文化空间',
      },
    ],
  },
  {
    code: 'A3',
    name: '南区—科创文旅区',
    aliases: ['南区', '科创文旅区'],
    kind: 'area',
    description: '包括文旅康养组团和研发科创组团',
    children: [
      {
        code: 'A3-C1',
        name: '文旅康养组团',
        kind: 'cluster',
        description: '以齐文化传承创新旅游度假区、健康服务重大项目为依托，突出齐文化旅游体验和健康服务功能',
        children: [
          {
            code: 'A3-C1-P1',
            name: '齐文化传承创新示范区（文昌湖）',
            kind: 'park',
            description: '文旅康养组团的依托项目（第五章称齐文化传承创新旅游度假区），集文化体验、休闲观光、主题娱乐、康养度假于一体',
          },
        ],
      },
      {
        code: 'A3-C2',
        name: '研发科创组团',
        kind: 'cluster',
        description: '依托齐鲁科创大走廊，布局研发中心、技术转移中心、新型研发机构，吸引总部基地和区域性、功能性总部',
        children: [
          {
            code: 'A3-C2-P1',
            name: '山东松柳智能制造产业园',
            kind: 'park',
            description: '研发科创组团载体空间；专栏3列为装备制造招商载体',
          },
          {
            code: 'A3-C2-P2',
            name: '鲁中智能制造产业园',
            kind: 'park',
            description: '研发科创组团载体空间；专栏3列为装备制造招商载体',
          },
          {
            code: 'A3-C2-P3',
            name: '总部商务楼宇',
            kind: 'park',
            description: '研发科创组团载体空间；专栏2“文昌湖科创孵化、总部经济等商务楼宇”，承接总部型企业和商务服务企业',
          },
        ],
      },
      {
        code: 'A3-P1',
        name: '新一代信息技术产业园区',
        kind: 'park',
        description: '专栏2规划建设；规划未明确位置，按科技研发与成果转化功能暂归南区',
      },
      {
        code: 'A3-P2',
        name: '文昌湖科创中心',
        kind: 'park',
        description: '众创空间、孵化器和银行、保险、担保等金融机构集聚载体（第三章、第四章）；规划未明确位置，按创业孵化功能暂归南区',
      },
    ],
  },
];

/** Every zone's other names, alias → code (a name given to two zones would be ambiguous: refused at load). */
export const ZONE_ALIASES: ReadonlyMap<string, string> = (() => {
  const aliases = new Map<string, string>();
  const walk = (nodes: readonly ZoneNode[]) => {
    for (const node of nodes) {
      for (const alias of node.aliases ?? []) {
        if (aliases.has(alias)) throw new Error(`zone alias ${alias} is given twice`);
        aliases.set(alias, node.code);
      }
      walk(node.children ?? []);
    }
  };
  walk(ZONE_TREE);
  return aliases;
})();
