import { sqlList } from '../../common/sql/sql-list';
import { LeadStage, PIPELINE } from '../pipeline/pipeline.model';

// The stages are declared with the rest of the pipeline (src/modules/pipeline/pipeline.model.ts).
export { LeadStage } from '../pipeline/pipeline.model';
export const STAGE_ORDER: readonly LeadStage[] = PIPELINE.order;
export const STAGE_LABELS: Readonly<Record<LeadStage, string>> = PIPELINE.labels;

export enum LeadStatus {
  Active = 'active',
  OnHold = 'on_hold',
  Lost = 'lost',
}

export const STATUS_LABELS: Record<LeadStatus, string> = {
  [LeadStatus.Active]: '推进中',
  [LeadStatus.OnHold]: '暂缓',
  [LeadStatus.Lost]: '终止',
};

export enum LeadSource {
  Platform = 'platform',
  IndustryChain = 'industry_chain',
  Network = 'network',
  BusinessReferral = 'business_referral',
  Targeted = 'targeted',
  Expo = 'expo',
}

export const SOURCE_LABELS: Record<LeadSource, string> = {
  [LeadSource.Platform]: '平台招商',
  [LeadSource.IndustryChain]: '产业链招商',
  [LeadSource.Network]: '人脉招商',
  [LeadSource.BusinessReferral]: '以商招商',
  [LeadSource.Targeted]: '定点定向招商',
  [LeadSource.Expo]: '招商推介会/展会',
};

export enum LostReason {
  ChoseOtherLocation = 'chose_other_location',
  Funding = 'funding',
  Land = 'land',
  Policy = 'policy',
  Environmental = 'environmental',
  Market = 'market',
  NoResponse = 'no_response',
  Other = 'other',
}

export const LOST_REASON_LABELS: Record<LostReason, string> = {
  [LostReason.ChoseOtherLocation]: '落户他地',
  [LostReason.Funding]: '资金问题',
  [LostReason.Land]: '用地问题',
  [LostReason.Policy]: '政策原因',
  [LostReason.Environmental]: '环保/能耗',
  [LostReason.Market]: '市场变化',
  [LostReason.NoResponse]: '企业无回应',
  [LostReason.Other]: '其他',
};

export enum KeyProjectLevel {
  None = 'none',
  District = 'district',
  City = 'city',
  Province = 'province',
}

export const KEY_PROJECT_LABELS: Record<KeyProjectLevel, string> = {
  [KeyProjectLevel.None]: '非重点',
  [KeyProjectLevel.District]: '区级重点',
  [KeyProjectLevel.City]: '市级重点',
  [KeyProjectLevel.Province]: '省级重点',
};

/** 首引人的类别: a user of the bureau, or an outside person or organisation. */
export enum ReferrerKind {
  User = 'user',
  Person = 'person',
  Organisation = 'organisation',
}

export const REFERRER_KIND_LABELS: Record<ReferrerKind, string> = {
  [ReferrerKind.User]: '本局人员',
  [ReferrerKind.Person]: '外部个人',
  [ReferrerKind.Organisation]: '外部机构',
};

/**
 * 投资类型: a new project (新引进), or a capital increase (增资) of a local enterprise, linked to it (enterpriseId) and
 * carrying only the increase in its amounts, so the enterprise's earlier projects are never counted again (不重复统计).
 */
export enum InvestmentKind {
  New = 'new',
  Increase = 'increase',
}

export const INVESTMENT_KIND_LABELS: Record<InvestmentKind, string> = {
  [InvestmentKind.New]: '新引进',
  [InvestmentKind.Increase]: '增资扩产',
};

export const STAGE_SQL_LIST = sqlList(STAGE_ORDER);
export const STATUS_SQL_LIST = sqlList(Object.values(LeadStatus));
export const SOURCE_SQL_LIST = sqlList(Object.values(LeadSource));
export const LOST_REASON_SQL_LIST = sqlList(Object.values(LostReason));
export const KEY_LEVEL_SQL_LIST = sqlList(Object.values(KeyProjectLevel));
export const INVESTMENT_KIND_SQL_LIST = sqlList(Object.values(InvestmentKind));
