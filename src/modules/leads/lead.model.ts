import { Role } from '../users/role.enum';
import { PIPELINE } from '../pipeline/pipeline.model';
import {
  INVESTMENT_KIND_LABELS,
  InvestmentKind,
  KEY_PROJECT_LABELS,
  KeyProjectLevel,
  LeadSource,
  LeadStage,
  LeadStatus,
  LOST_REASON_LABELS,
  REFERRER_KIND_LABELS,
  ReferrerKind,
  SOURCE_LABELS,
  STAGE_LABELS,
  STAGE_ORDER,
  STATUS_LABELS,
} from './lead.enums';

/**
 * The lead, declared once. Everything that lists a lead's fields is derived from this table: the entity's
 * extra columns and the raw-SQL select list, the create and patch DTOs (class-validator and OpenAPI
 * decorators), the response mapper and the page serialiser's schema, what PATCH may change, the
 * spreadsheet columns with their parsing, export and import, and GET /meta.
 */

/** How a value is stored, checked, written to a sheet and read back from one. */
export type LeadFieldKind =
  | 'text' // a one-line string (`max` characters)
  | 'multilineText'
  | 'money' // 万元: non-negative, two decimals
  | 'decimal' // non-negative, two decimals
  | 'integer' // non-negative whole number
  | 'date' // YYYY-MM-DD
  | 'instant' // timestamptz
  | 'enum'
  | 'uuid'
  | 'creditCode'
  | 'contacts';

export type LeadFieldUnit = '万元' | '亩' | '人';

/** A column of the lead spreadsheet that is not the field itself (a name shown beside a code, a person's account). */
export interface CompanionColumn {
  key: string;
  header: string;
  width: number;
  /** Other headers a ledger gives the column (matched like the header, units stripped). */
  aliases?: readonly HeaderAlias[];
}

/** Another header of a column: its text, and what the import says when it matches it (how the values are read). */
export type HeaderAlias = string | { header: string; note: string };

export interface LeadFieldSpec {
  /** The property (API, entity). */
  key: string;
  /** The database column. */
  column: string;
  kind: LeadFieldKind;
  /** 中文 label: console forms, /meta, error texts. */
  label: string;
  unit?: LeadFieldUnit;
  /** Whether the column may hold null (a PATCH may then clear it). */
  nullable: boolean;
  /** Text: at most this many characters; numbers: at most this value. */
  max?: number;
  /** Text: at least this many characters. */
  min?: number;
  /** Enum fields: value → 中文 label, and extra spellings a spreadsheet may use. */
  choices?: Readonly<Record<string, string>>;
  aliases?: Readonly<Record<string, string>>;
  /** The value a create (and an import) gives the field when it is not sent. */
  default?: string | number | readonly unknown[] | null;
  /** POST /leads: 'required' must be sent, 'optional' may be. Absent: not accepted on create. */
  create?: 'required' | 'optional';
  /** Whether PATCH /leads/:id may change it. */
  patch?: boolean;
  /** Roles that may set it (create and patch); absent: every role that may edit the lead. */
  setBy?: readonly Role[];
  /** Extra OpenAPI description and example. */
  description?: string;
  example?: string;
  /** In the API's answer (GET /leads, GET /leads/:id); system columns like deletedBy are not. */
  listed: boolean;
  /** The answer's field holding the enum value's 中文 label (e.g. sourceLabel). */
  labelKey?: string;
  /** Part of the `q` search text (LEAD_SEARCH_TEXT_SQL). */
  searched?: boolean;
  /**
   * The spreadsheet: the column header (the unit in brackets is added), its width, whether the import
   * reads it, and the columns written after it that are not the field (names for codes, accounts).
   */
  sheet?: {
    header: string;
    width: number;
    imported: boolean;
    key?: string;
    companions?: readonly CompanionColumn[];
    /** Other headers bureau ledgers give the column (计划投资 for 计划投资额); a unit in brackets is stripped and understood. */
    aliases?: readonly HeaderAlias[];
  };
}

/** The pipeline's stages in order with their labels: the one place the model and /meta read them from (the pipeline's stage model becomes their source). */
export function leadStages(): Array<{ value: LeadStage; label: string }> {
  return STAGE_ORDER.map((value) => ({ value, label: STAGE_LABELS[value] }));
}

const WAN_YUAN_MAX = 999_999_999_999;

/** The lead's stored fields, in the order the spreadsheet writes them. */
export const LEAD_FIELDS: LeadFieldSpec[] = [
  { key: 'id', column: 'id', kind: 'uuid', label: 'ID', nullable: false, listed: true },
  {
    key: 'code',
    column: 'code',
    kind: 'text',
    label: '项目编号',
    nullable: false,
    listed: true,
    example: 'ZS-2026-0001',
    sheet: { header: '项目编号', width: 16, imported: false },
  },
  {
    key: 'name',
    column: 'name',
    kind: 'text',
    label: '项目名称',
    nullable: false,
    min: 1,
    max: 200,
    create: 'required',
    patch: true,
    example: '晶芯微电子射频滤波器项目',
    listed: true,
    searched: true,
    sheet: { header: '项目名称', width: 30, imported: true, aliases: ['项目', '项目名'] },
  },
  {
    key: 'codeName',
    column: 'code_name',
    kind: 'text',
    label: '项目代号',
    nullable: true,
    max: 100,
    create: 'optional',
    patch: true,
    description: 'shown instead of the name in exports and digests',
    listed: true,
    searched: true,
    sheet: { header: '项目代号', width: 16, imported: true },
  },
  {
    key: 'companyName',
    column: 'company_name',
    kind: 'text',
    label: '企业名称',
    nullable: false,
    min: 1,
    max: 200,
    create: 'required',
    patch: true,
    example: '淄博晶芯微电子有限公司',
    listed: true,
    searched: true,
    sheet: { header: '企业名称', width: 30, imported: true, aliases: ['企业', '公司名称', '投资主体', '投资方', '签约企业'] },
  },
  {
    key: 'creditCode',
    column: 'credit_code',
    kind: 'creditCode',
    label: '统一社会信用代码',
    nullable: true,
    create: 'optional',
    patch: true,
    example: '91350100M000100Y43',
    listed: true,
    searched: true,
    sheet: { header: '统一社会信用代码', width: 22, imported: true, aliases: ['信用代码', '社会信用代码', '统一社会信用代码证'] },
  },
  {
    key: 'industryCode',
    column: 'industry_code',
    kind: 'text',
    label: '产业类别',
    nullable: false,
    max: 32,
    create: 'required',
    patch: true,
    description: 'catalog code, see GET /industries',
    example: 'IT01',
    listed: true,
    sheet: {
      header: '产业类别代码',
      width: 12,
      imported: true,
      companions: [{ key: 'industryName', header: '产业类别', width: 18, aliases: ['所属产业', '产业', '行业', '所属行业', '产业分类'] }],
      aliases: ['产业代码', '行业代码'],
    },
  },
  {
    key: 'source',
    column: 'source',
    kind: 'enum',
    label: '招商方式',
    nullable: false,
    choices: SOURCE_LABELS,
    create: 'required',
    patch: true,
    listed: true,
    labelKey: 'sourceLabel',
    aliases: {
      平台: LeadSource.Platform,
      平台招引: LeadSource.Platform,
      产业链: LeadSource.IndustryChain,
      链式招商: LeadSource.IndustryChain,
      人脉: LeadSource.Network,
      以商: LeadSource.BusinessReferral,
      以商引商: LeadSource.BusinessReferral,
      定点招商: LeadSource.Targeted,
      定向招商: LeadSource.Targeted,
      展会: LeadSource.Expo,
      展会招商: LeadSource.Expo,
      推介会: LeadSource.Expo,
      招商推介会: LeadSource.Expo,
    },
    sheet: { header: '招商方式', width: 16, imported: true, aliases: ['招商模式', '来源方式', '引进方式'] },
  },
  {
    key: 'sourceCity',
    column: 'source_city',
    kind: 'text',
    label: '来源地',
    nullable: true,
    max: 64,
    create: 'optional',
    patch: true,
    example: '上海',
    listed: true,
    sheet: { header: '来源地', width: 14, imported: true, aliases: ['来源城市', '企业来源地', '客商来源地'] },
  },
  {
    key: 'plannedInvestment',
    column: 'planned_investment',
    kind: 'money',
    unit: '万元',
    label: '计划投资额',
    nullable: true,
    max: WAN_YUAN_MAX,
    create: 'optional',
    patch: true,
    listed: true,
    sheet: {
      header: '计划投资额',
      width: 16,
      imported: true,
      aliases: ['计划投资', '投资额', '计划总投资', '总投资', '投资总额', '计划投资总额'],
    },
  },
  {
    key: 'contractInvestment',
    column: 'contract_investment',
    kind: 'money',
    unit: '万元',
    label: '合同投资额',
    nullable: true,
    max: WAN_YUAN_MAX,
    patch: true,
    listed: true,
    sheet: { header: '合同投资额', width: 16, imported: true, aliases: ['合同投资', '签约投资额', '协议投资额', '合同额'] },
  },
  {
    key: 'actualInvestment',
    column: 'actual_investment',
    kind: 'money',
    unit: '万元',
    label: '实际到位投资',
    nullable: true,
    max: WAN_YUAN_MAX,
    patch: true,
    listed: true,
    sheet: {
      header: '实际到位投资',
      width: 18,
      imported: true,
      aliases: ['到位投资', '实际投资', '到位资金', '实际到位', '到位', '实际到位资金'],
    },
  },
  {
    key: 'signedAt',
    column: 'signed_at',
    kind: 'date',
    label: '签约日期',
    nullable: true,
    listed: true,
    sheet: { header: '签约日期', width: 12, imported: true, aliases: ['签约时间'] },
  },
  {
    key: 'agreedStartDate',
    column: 'agreed_start_date',
    kind: 'date',
    label: '约定开工日期',
    nullable: true,
    patch: true,
    listed: true,
    sheet: { header: '约定开工日期', width: 12, imported: true, aliases: ['约定开工', '约定开工时间'] },
  },
  {
    key: 'agreedOperatingDate',
    column: 'agreed_operating_date',
    kind: 'date',
    label: '约定投产日期',
    nullable: true,
    patch: true,
    listed: true,
    sheet: { header: '约定投产日期', width: 12, imported: true, aliases: ['约定投产', '约定投产时间'] },
  },
  {
    key: 'constructionStartedAt',
    column: 'construction_started_at',
    kind: 'date',
    label: '实际开工日期',
    nullable: true,
    listed: true,
    sheet: { header: '实际开工日期', width: 12, imported: true, aliases: ['开工日期', '开工时间', '实际开工'] },
  },
  {
    key: 'operatingAt',
    column: 'operating_at',
    kind: 'date',
    label: '实际投产日期',
    nullable: true,
    listed: true,
    sheet: { header: '实际投产日期', width: 12, imported: true, aliases: ['投产日期', '投产时间', '实际投产'] },
  },
  {
    key: 'expectedAnnualOutput',
    column: 'expected_annual_output',
    kind: 'money',
    unit: '万元',
    label: '预计年产值',
    nullable: true,
    max: WAN_YUAN_MAX,
    create: 'optional',
    patch: true,
    listed: true,
    sheet: { header: '预计年产值', width: 16, imported: true, aliases: ['年产值', '预计产值', '达产后年产值'] },
  },
  {
    key: 'expectedAnnualTax',
    column: 'expected_annual_tax',
    kind: 'money',
    unit: '万元',
    label: '预计年税收',
    nullable: true,
    max: WAN_YUAN_MAX,
    create: 'optional',
    patch: true,
    listed: true,
    sheet: { header: '预计年税收', width: 16, imported: true, aliases: ['年税收', '预计税收', '预计年纳税', '达产后年税收'] },
  },
  {
    key: 'expectedJobs',
    column: 'expected_jobs',
    kind: 'integer',
    unit: '人',
    label: '预计就业',
    nullable: true,
    max: 10_000_000,
    create: 'optional',
    patch: true,
    listed: true,
    sheet: { header: '预计就业', width: 12, imported: true, aliases: ['就业人数', '预计就业人数', '新增就业'] },
  },
  {
    key: 'landAreaMu',
    column: 'land_area_mu',
    kind: 'decimal',
    unit: '亩',
    label: '用地面积',
    nullable: true,
    max: 9_999_999_999,
    create: 'optional',
    patch: true,
    listed: true,
    sheet: { header: '用地面积', width: 12, imported: true, aliases: ['用地', '占地面积', '用地规模', '土地面积'] },
  },
  {
    key: 'zoneCode',
    column: 'zone_code',
    kind: 'text',
    label: '落地区域',
    nullable: true,
    max: 32,
    create: 'optional',
    patch: true,
    description: 'zone or park code, see GET /zones',
    listed: true,
    sheet: {
      header: '落地区域代码',
      width: 12,
      imported: true,
      companions: [{ key: 'zoneName', header: '落地区域', width: 18, aliases: ['落地园区', '所在区域', '落户区域', '拟落地区域', '园区'] }],
      aliases: ['区域代码', '园区代码'],
    },
  },
  {
    key: 'keyProjectLevel',
    column: 'key_project_level',
    kind: 'enum',
    label: '重点项目级别',
    nullable: false,
    choices: KEY_PROJECT_LABELS,
    default: KeyProjectLevel.None,
    create: 'optional',
    patch: true,
    listed: true,
    labelKey: 'keyProjectLabel',
    aliases: {
      否: KeyProjectLevel.None,
      无: KeyProjectLevel.None,
      非重点: KeyProjectLevel.None,
      // 是否重点项目 says only yes or no: a yes is the lowest key level, which the report says (the header's note)
      是: KeyProjectLevel.District,
      重点: KeyProjectLevel.District,
      区重点: KeyProjectLevel.District,
      市重点: KeyProjectLevel.City,
      省重点: KeyProjectLevel.Province,
      区级: KeyProjectLevel.District,
      市级: KeyProjectLevel.City,
      省级: KeyProjectLevel.Province,
    },
    sheet: {
      header: '重点项目级别',
      width: 12,
      imported: true,
      aliases: ['重点项目', { header: '是否重点项目', note: '「是」记为区级重点项目, 「否」记为非重点' }],
    },
  },
  {
    key: 'stage',
    column: 'stage',
    kind: 'enum',
    label: '阶段',
    nullable: false,
    choices: Object.fromEntries(leadStages().map((s) => [s.value, s.label])),
    default: LeadStage.Lead,
    listed: true,
    labelKey: 'stageLabel',
    aliases: PIPELINE.aliases,
    sheet: { header: '阶段', width: 10, imported: true, aliases: ['项目阶段', '进展阶段'] },
  },
  {
    key: 'status',
    column: 'status',
    kind: 'enum',
    label: '状态',
    nullable: false,
    choices: STATUS_LABELS,
    default: LeadStatus.Active,
    listed: true,
    labelKey: 'statusLabel',
    aliases: { 正常: LeadStatus.Active, 在谈: LeadStatus.Active, 流失: LeadStatus.Lost, 已终止: LeadStatus.Lost },
    sheet: { header: '状态', width: 8, imported: true, aliases: ['项目状态'] },
  },
  {
    key: 'lostReason',
    column: 'lost_reason',
    kind: 'enum',
    label: '终止原因',
    nullable: true,
    choices: LOST_REASON_LABELS,
    listed: true,
    sheet: { header: '终止原因', width: 12, imported: true, aliases: ['流失原因'] },
  },
  {
    key: 'lostTo',
    column: 'lost_to',
    kind: 'text',
    label: '落户去向',
    nullable: true,
    max: 100,
    listed: true,
    sheet: { header: '流失去向', width: 12, imported: true, aliases: ['落户去向'] },
  },
  {
    key: 'statusNote',
    column: 'status_note',
    kind: 'multilineText',
    label: '状态说明',
    nullable: true,
    max: 2000,
    listed: true,
    sheet: { header: '状态说明', width: 24, imported: true },
  },
  {
    key: 'ownerId',
    column: 'owner_id',
    kind: 'uuid',
    label: '招商负责人',
    nullable: false,
    create: 'optional',
    patch: true,
    description: 'defaults to the caller',
    listed: true,
    sheet: {
      header: '负责人账号',
      key: 'ownerUsername',
      width: 14,
      imported: true,
      companions: [{ key: 'ownerName', header: '负责人', width: 12, aliases: ['招商负责人', '项目负责人', '责任人', '招商人员'] }],
      aliases: ['负责人用户名'],
    },
  },
  {
    key: 'commissionerId',
    column: 'commissioner_id',
    kind: 'uuid',
    label: '护商专员',
    nullable: true,
    listed: true,
    sheet: {
      header: '护商专员账号',
      key: 'commissionerUsername',
      width: 14,
      imported: true,
      companions: [{ key: 'commissionerName', header: '护商专员', width: 12, aliases: ['服务专员', '包保专员'] }],
      aliases: ['护商专员用户名'],
    },
  },
  {
    key: 'teamId',
    column: 'team_id',
    kind: 'uuid',
    label: '团队',
    nullable: true,
    create: 'optional',
    patch: true,
    description: 'defaults to the owner’s team',
    listed: true,
    sheet: { header: '团队', key: 'teamName', width: 14, imported: true, aliases: ['招商团队', '所属团队', '责任团队'] },
  },
  {
    key: 'nextFollowUpAt',
    column: 'next_follow_up_at',
    kind: 'instant',
    label: '下次跟进',
    nullable: true,
    create: 'optional',
    description: 'ISO timestamp',
    listed: true,
    sheet: { header: '下次跟进', width: 17, imported: true },
  },
  {
    key: 'lastFollowUpAt',
    column: 'last_follow_up_at',
    kind: 'instant',
    label: '最近跟进',
    nullable: true,
    listed: true,
    sheet: { header: '最近跟进', width: 17, imported: true },
  },
  {
    key: 'contacts',
    column: 'contacts',
    kind: 'contacts',
    label: '联系人',
    nullable: false,
    default: [],
    create: 'optional',
    patch: true,
    listed: true,
    sheet: { header: '联系人', width: 40, imported: true, aliases: ['企业联系人', '联系方式'] },
  },
  {
    key: 'remarks',
    column: 'remarks',
    kind: 'multilineText',
    label: '备注',
    nullable: true,
    max: 2000,
    create: 'optional',
    patch: true,
    listed: true,
    sheet: { header: '备注', width: 30, imported: true, aliases: ['说明', '备注说明', '情况说明'] },
  },
  {
    key: 'referrerKind',
    column: 'referrer_kind',
    kind: 'enum',
    label: '首引人类别',
    nullable: true,
    choices: REFERRER_KIND_LABELS,
    create: 'optional',
    patch: true,
    description: 'who brought the project (首引人): a user of the bureau, or an outside person or organisation; locked at signing',
    listed: true,
    aliases: {
      本局: ReferrerKind.User,
      局内: ReferrerKind.User,
      个人: ReferrerKind.Person,
      机构: ReferrerKind.Organisation,
      单位: ReferrerKind.Organisation,
    },
    sheet: { header: '首引人类别', width: 12, imported: true },
  },
  {
    key: 'referrerUserId',
    column: 'referrer_user_id',
    kind: 'uuid',
    label: '首引人(本局人员)',
    nullable: true,
    create: 'optional',
    patch: true,
    description: 'the user who brought the project, when referrerKind is user (their name is then the referrer name)',
    listed: true,
    // a ledger names a user referrer by account (usernames are unique, display names are not)
    sheet: { header: '首引人账号', key: 'referrerUsername', width: 14, imported: true, aliases: ['首引人用户名'] },
  },
  {
    key: 'referrerName',
    column: 'referrer_name',
    kind: 'text',
    label: '首引人',
    nullable: true,
    max: 100,
    create: 'optional',
    patch: true,
    description: 'the referrer’s name (a user’s display name is filled in for a user referrer)',
    example: '淄博市浙江商会',
    listed: true,
    sheet: { header: '首引人', width: 16, imported: true, aliases: ['首引人姓名', '引荐人', '项目引荐人'] },
  },
  {
    key: 'referrerContact',
    column: 'referrer_contact',
    kind: 'text',
    label: '首引人联系方式',
    nullable: true,
    max: 100,
    create: 'optional',
    patch: true,
    example: '0533-1234567',
    listed: true,
    sheet: { header: '首引人联系方式', width: 16, imported: true, aliases: ['引荐人联系方式'] },
  },
  {
    key: 'referrerConfirmedAt',
    column: 'referrer_confirmed_at',
    kind: 'instant',
    label: '首引人确认时间',
    nullable: true,
    description: 'set by the move to 签约, which locks the referrer; only a leader corrects it then (PUT /leads/:id/referrer)',
    listed: true,
  },
  {
    key: 'chainNodeId',
    column: 'chain_node_id',
    kind: 'uuid',
    label: '产业链环节',
    nullable: true,
    description: 'the industry-chain node (GET /chains/:industryCode) the project fills; set when a chain target becomes the lead',
    listed: true,
  },
  {
    key: 'enterpriseId',
    column: 'enterprise_id',
    kind: 'uuid',
    label: '关联本地企业',
    nullable: true,
    description:
      'the local enterprise (本地企业, GET /chains/:industryCode) the project belongs to: set for a 增资 lead (POST /chains/enterprises/:id/expansion), and when a project reaches 运营投产 and joins the local enterprises',
    listed: true,
  },
  {
    key: 'investmentKind',
    column: 'investment_kind',
    kind: 'enum',
    label: '投资类型',
    nullable: false,
    choices: INVESTMENT_KIND_LABELS,
    default: InvestmentKind.New,
    description:
      'new: a project new to the district; increase (增资): a local enterprise’s capital increase, whose amounts are the increase only (不重复统计), created by POST /chains/enterprises/:id/expansion',
    listed: true,
    labelKey: 'investmentKindLabel',
  },
  { key: 'stageEnteredAt', column: 'stage_entered_at', kind: 'instant', label: '进入阶段时间', nullable: false, listed: true },
  { key: 'version', column: 'version', kind: 'integer', label: '版本', nullable: false, listed: true },
  { key: 'createdBy', column: 'created_by', kind: 'uuid', label: '创建人', nullable: true, listed: false },
  { key: 'createdAt', column: 'created_at', kind: 'instant', label: '创建时间', nullable: false, listed: true },
  { key: 'updatedAt', column: 'updated_at', kind: 'instant', label: '更新时间', nullable: false, listed: true },
  { key: 'deletedAt', column: 'deleted_at', kind: 'instant', label: '删除时间', nullable: true, listed: false },
  { key: 'deletedBy', column: 'deleted_by', kind: 'uuid', label: '删除人', nullable: true, listed: false },
];

/**
 * Adds a field to the model. Call it before anything derived from the model is loaded (the DTOs, the
 * entity, the spreadsheet columns): a test fixture uses it to show that one entry is all a field needs.
 */
export function declareLeadField(field: LeadFieldSpec, after?: string): void {
  if (LEAD_FIELDS.some((f) => f.key === field.key)) throw new Error(`lead field ${field.key} is declared twice`);
  const index = after === undefined ? -1 : LEAD_FIELDS.findIndex((f) => f.key === after);
  if (index === -1) LEAD_FIELDS.push(field);
  else LEAD_FIELDS.splice(index + 1, 0, field);
}

export const leadField = (key: string): LeadFieldSpec | undefined => LEAD_FIELDS.find((f) => f.key === key);

/** The header a spreadsheet column carries: the label and the unit in brackets, as the ledgers write it. */
export function sheetHeader(field: LeadFieldSpec): string {
  const header = field.sheet?.header ?? field.label;
  return field.unit ? `${header}(${field.unit})` : header;
}

/** Who may set the field: absent `setBy` means whoever may edit the lead. */
export function maySet(field: LeadFieldSpec, roles: readonly Role[]): boolean {
  return !field.setBy || field.setBy.some((role) => roles.includes(role));
}
