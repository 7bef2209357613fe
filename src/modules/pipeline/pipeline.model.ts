import { declaredEnum } from '../../common/model/declared-enum';
import type { Lead } from '../leads/lead.entity';
import { buildPipeline, StageDeclaration } from './pipeline-model.builder';

/**
 * The pipeline, stage by stage in its order. Everything else is derived from this
 * list (pipeline-model.builder.ts): the stage enum and its CHECK list, the gates, the follow-up
 * cadence, the 红黄预警 query and its thresholds' variables, the import's stage names and dates, the
 * date-order check and GET /meta/pipeline. Adding a stage: an entry here, a migration for the CHECK
 * constraint, and its stall thresholds in the production configuration.
 */
export const PIPELINE_STAGES = [
  {
    key: 'lead',
    label: '线索',
    aliases: ['意向', '意向项目', '在库', '储备', '储备项目'],
    gates: [
      { field: 'companyName', label: '企业名称' },
      { field: 'industryCode', label: '产业类别' },
      { field: 'source', label: '招商方式' },
    ],
    cadenceDays: 14,
    stall: {
      since: { instant: ['lastFollowUpAt', 'createdAt'] },
      yellow: { env: 'STALL_LEAD_YELLOW', default: 'P30D' },
      red: { env: 'STALL_LEAD_RED', default: 'P60D' },
      reason: '超期未跟进',
    },
  },
  {
    key: 'negotiating',
    label: '洽谈',
    aliases: ['洽谈中', '在谈', '商谈', '谈判', '洽谈项目'],
    gates: [{ field: 'ownerId', label: '招商负责人' }],
    cadenceDays: 7,
    stall: {
      since: { instant: ['stageEnteredAt'] },
      yellow: { env: 'STALL_NEGOTIATING_YELLOW', default: 'P60D' },
      red: { env: 'STALL_NEGOTIATING_RED', default: 'P90D' },
      reason: '洽谈长期无进展',
    },
  },
  {
    key: 'signed',
    label: '签约',
    aliases: ['已签约', '签约项目', '签约未开工'],
    gates: [
      { field: 'signedAt', label: '签约日期', input: 'date' },
      { field: 'contractInvestment', label: '合同投资额', input: 'money' },
      { field: 'agreedStartDate', label: '约定开工日期', input: 'date' },
      { field: 'agreedOperatingDate', label: '约定投产日期', input: 'date', notBefore: 'agreedStartDate' },
      { field: 'commissionerId', label: '护商专员' },
    ],
    assessment: true,
    enteredOn: 'signedAt',
    cadenceDays: 14,
    stall: {
      since: { deadline: 'agreedStartDate' },
      yellow: { env: 'STALL_SIGNED_YELLOW', default: 'P0D' },
      red: { env: 'STALL_SIGNED_RED', default: 'P90D' },
      reason: '签约未开工',
    },
  },
  {
    key: 'building',
    label: '开工建设',
    aliases: ['开工', '建设', '在建', '已开工', '开工在建', '建设中'],
    gates: [{ field: 'constructionStartedAt', label: '实际开工日期', input: 'date' }],
    enteredOn: 'constructionStartedAt',
    cadenceDays: 30,
    stall: {
      since: { deadline: 'agreedOperatingDate' },
      yellow: { env: 'STALL_BUILDING_YELLOW', default: 'P0D' },
      red: { env: 'STALL_BUILDING_RED', default: 'P180D' },
      reason: '开工未投产',
    },
  },
  {
    key: 'operating',
    label: '运营投产',
    aliases: ['投产', '运营', '投产运营', '已投产', '运营中', '投产达效'],
    gates: [
      { field: 'operatingAt', label: '实际投产日期', input: 'date' },
      { field: 'actualInvestment', label: '实际到位投资', input: 'money' },
    ],
    enteredOn: 'operatingAt',
    cadenceDays: 90,
  },
] as const satisfies readonly StageDeclaration<Extract<keyof Lead, string>>[];

export const PIPELINE = buildPipeline(PIPELINE_STAGES);

export type LeadStage = (typeof PIPELINE_STAGES)[number]['key'];
/** `LeadStage.Signed` and the like, as the string enum it replaces. */
export const LeadStage = declaredEnum(PIPELINE.order);

/** The gate fields a transition's body may carry. */
export type GateInputField = Extract<(typeof PIPELINE_STAGES)[number]['gates'][number], { input: string }>['field'];
export const GATE_INPUT_FIELDS = PIPELINE.gateInputs.map((input) => input.field) as readonly GateInputField[];
