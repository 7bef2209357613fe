/**
 * 文昌湖区重点产业招商指导目录 — the target-industry catalog, taken from chapter 4 of the
 * 文昌湖区“十四五”规划 (第四章 强化文旅赋能，全力打造新经济产业体系；专栏1–3).
 *
 * Codes are stable and never reused (a retired branch keeps its code, a new one takes the next
 * free number): a top-level industry is two uppercase letters, a branch is its parent's code plus
 * two digits (`IT` → `IT01`, `IT02` …). Leads store the code, so renaming a node is safe and
 * renumbering is not.
 */
export interface CatalogNode {
  code: string;
  name: string;
  description?: string;
  children?: CatalogNode[];
}

export const INDUSTRY_CATALOG: CatalogNode[] = [
  {
    code: 'CT',
    name: '文化旅游',
    description: '打造文化旅游金字招牌，构建“一核引领、一环联动、多点支撑”的全域、全时段文化旅游格局（第四章第一节）',
    children: [
      {
        code: 'CT01',
        name: '齐文化旅游度假',
        description: '以齐文化传承创新示范区为引领，建成集文化体验、休闲观光、主题娱乐、康养度假于一体的核心区',
      },
      {
        code: 'CT02',
        name: '滨湖休闲旅游',
        description: '联动萌山公园、滨湖沙滩、绿苑花海等生态景观，打造面向省会经济圈的城市滨湖休闲旅游目的地',
      },
      {
        code: 'CT03',
        name: '酒店与民宿',
        description: '引入星级酒店、主题文化酒店和精品民宿，规划建设书院酒店、度假酒店等',
      },
      {
        code: 'CT04',
        name: '特色餐饮与夜间经济',
        description: '规划建设特色美食街区，强化特色化和多样化餐饮体验，促进夜间经济繁荣发展',
      },
      {
        code: 'CT05',
        name: '时尚消费与文化创意',
        description: '建设文昌湖时尚消费体验中心，强化娱乐消费、艺术展览、文创购物、创意商业体验功能',
      },
      {
        code: 'CT06',
        name: '研学旅游',
        description: '建立齐文化、田园体验、水族生物、萌宠动物等主题研学基地，导入高端研学服务机构',
      },
      {
        code: 'CT07',
        name: '乡村旅游',
        description: '开发农业观光采摘、民俗演艺、农事节庆等乡村旅游产品，实施文昌湖乡村振兴示范园、特色民俗等项目',
      },
      {
        code: 'CT08',
        name: '体育赛事与运动休闲',
        description: '承办环湖自行车赛、环湖马拉松、游泳马拉松、龙舟赛、帆船赛等赛事，引入更具影响力的体育赛事',
      },
    ],
  },
  {
    code: 'IT',
    name: '新一代信息技术',
    description: '规划建设新一代信息技术产业园区，打造新一代信息技术产业集群（第四章第二节、专栏2）',
    children: [
      {
        code: 'IT01',
        name: '晶体管与滤波器',
        description: '加强晶体管、滤波器等领域技术攻关和产品开发（含专栏3所列高速率TO管帽光电元件等电子元器件）',
      },
      {
        code: 'IT02',
        name: '大数据',
        description: '加强与齐鲁数谷等数据中心合作，探索数据互换、数据交易等合作模式，发展大数据+应用服务',
      },
      {
        code: 'IT03',
        name: '人工智能',
        description: '链接济南、北京、上海等人工智能创新高地，推动智能感知、模式识别、智能分析、智能控制等技术落地应用',
      },
      {
        code: 'IT04',
        name: '量子通信',
        description: '前瞻布局量子通信技术应用场景，拓展量子信息技术在政务、金融、商业等领域的应用',
      },
      {
        code: 'IT05',
        name: '工业互联网',
        description: '支持企业内部网络改造提升，鼓励发展企业级和行业级工业互联网平台',
      },
    ],
  },
  {
    code: 'HC',
    name: '医养健康',
    description: '打造集预防检测、精准治疗、疗养康复于一体的“医康养”服务高地（第四章第二节、专栏2）',
    children: [
      {
        code: 'HC01',
        name: '综合医院与特色专科',
        description: '引入国内顶尖医疗机构、综合医院、特色专科医院，发展肿瘤医学、康复医学、妇幼保健等特色专科，探索建设医疗综合体',
      },
      {
        code: 'HC02',
        name: '中医医疗',
        description: '发挥齐派医学资源优势，鼓励社会力量设立中医医疗机构，提供疾病预防保养服务',
      },
      {
        code: 'HC03',
        name: '健康体检与健康管理',
        description: '引入国内顶尖体检机构和健康服务管理机构，强化预防检测服务',
      },
      {
        code: 'HC04',
        name: '康复护理',
        description: '开展产后康复护理、术后康复、慢病康复、运动康复等多维度康复护理，构建全过程全周期康复体系',
      },
      {
        code: 'HC05',
        name: '数字医疗',
        description: '鼓励数字医疗等医养健康新业态、新模式发展',
      },
      {
        code: 'HC06',
        name: '氢健康',
        description: '鼓励氢健康等医养健康新业态、新模式发展',
      },
    ],
  },
  {
    code: 'MS',
    name: '现代服务',
    description: '培育发展物流服务、金融服务、高端商务等现代服务业（第四章第二节、专栏2）',
    children: [
      {
        code: 'MS01',
        name: '智慧物流',
        description: '搭建大数据物流平台和智慧物流综合服务平台，建设智能仓储分拨系统，重点实施云仓储产业园等项目',
      },
      {
        code: 'MS02',
        name: '金融服务',
        description: '集聚银行、保险、担保等金融机构，发展知识产权质押贷款、科技保险、产业链融资等科技金融服务',
      },
      {
        code: 'MS03',
        name: '高端商务服务',
        description: '发展法律服务、咨询服务、会展服务，引入人力资源、知识产权等商务服务企业',
      },
      {
        code: 'MS04',
        name: '创业投资与股权投资',
        description: '推进创投集聚区建设，集聚私募股权投资、创业投资与天使投资机构，成立本地基金公司',
      },
      {
        code: 'MS05',
        name: '总部经济',
        description: '吸引龙头企业布局智能制造总部、科技总部、创意总部等总部型企业',
      },
    ],
  },
  {
    code: 'EM',
    name: '装备制造',
    description: '构建装备制造发展优势，依托智能制造产业园引进汽车零部件、智能可穿戴设备、工业机器人等企业（第四章第三节、专栏3）',
    children: [
      {
        code: 'EM01',
        name: '汽车零部件',
        description: '立足本地汽车配件产业基础，发展轻量化、智能化汽车零部件',
      },
      {
        code: 'EM02',
        name: '表面处理',
        description: '面向航空航天、高铁机车、海工制造、军工装备开发新型表面处理材料，研制绿色环保全自动智能装备及环保除尘装备',
      },
      {
        code: 'EM03',
        name: '智能可穿戴设备',
        description: '发展健康穿戴、智能眼镜、智能头盔等产品，布局传感器、存储器、显示屏等关键配套零部件',
      },
      {
        code: 'EM04',
        name: '工业机器人',
        description: '依托AGV智能牵引车等项目，发展拣选、装配、焊接、喷涂机器人系统集成、本体制造及控制器、伺服电机、减速器等核心零部件',
      },
      {
        code: 'EM05',
        name: '海工与船舶装备零部件',
        description: '专栏3：海工装备关键部件、高端海洋装备关键零部件、高性能船舶配件及高端铸造等项目',
      },
      {
        code: 'EM06',
        name: '医疗器械',
        description: '装备制造组团吸引医疗器械、高端装备、智能制造等产业集聚（第五章第三节）',
      },
    ],
  },
  {
    code: 'SP',
    name: '特色产业',
    description: '推动休闲健康食品、高分子润滑新材料等特色产业提质增效（第四章第三节、专栏3）',
    children: [
      {
        code: 'SP01',
        name: '休闲健康食品',
        description: '立足坚果类、焙烤类休闲食品基础，开发低热量、低脂肪新型休闲食品，实施坚果加工基地、零热量复配糖等项目',
      },
      {
        code: 'SP02',
        name: '高分子润滑新材料',
        description: '支持润滑油企业升级智能化生产工艺，建设高端润滑新材料研发中心，推进与中科院联合研究的高端润滑成果落地',
      },
      {
        code: 'SP03',
        name: '绿色农产品精深加工',
        description: '依托果蔬、食用菌等绿色农产品资源建设健康食品生产基地，实施绿色农产品加工项目',
      },
      {
        code: 'SP04',
        name: '药食同源产品',
        description: '结合本地紫花地丁等中草药资源，深入发展产品深加工和药食同源产品',
      },
    ],
  },
];
