import { declaredEnum } from '../../common/model/declared-enum';
import { sqlList } from '../../common/sql/sql-list';

/**
 * 履约监管 declared once (DESIGN §8): who owes a clause, its kinds with their Chinese labels, units and the
 * reported figure each is checked against, the clause statuses, and the figures of a report. The entities'
 * CHECK lists, the DTOs' validation and enums, the calculators and the console (GET /meta/obligations)
 * derive from these lists.
 */

/** 义务方: the investor (企业) or the government (政府). */
export const CLAUSE_PARTIES = [
  { key: 'investor', label: '企业承诺' },
  { key: 'government', label: '政府承诺' },
] as const;
export type ClauseParty = (typeof CLAUSE_PARTIES)[number]['key'];
export const ClauseParty = declaredEnum(CLAUSE_PARTIES.map((p) => p.key));

/** A reported figure (年度/季度填报); `stock` figures are "to date" (the latest counts), `flow` figures are per period (they add up). */
export const ACTUAL_FIGURES = [
  { key: 'investmentArrived', column: 'investment_arrived', label: '累计到位投资', unit: '万元', flow: false },
  { key: 'output', column: 'output', label: '产值', unit: '万元', flow: true },
  { key: 'tax', column: 'tax', label: '税收', unit: '万元', flow: true },
  { key: 'jobs', column: 'jobs', label: '就业人数', unit: '人', flow: false },
  { key: 'energy', column: 'energy', label: '综合能耗', unit: '吨标煤', flow: true },
  { key: 'rdExpense', column: 'rd_expense', label: '研发投入', unit: '万元', flow: true },
  { key: 'builtFloorArea', column: 'built_floor_area', label: '累计建成面积', unit: '平方米', flow: false },
] as const;
export type ActualFigure = (typeof ACTUAL_FIGURES)[number]['key'];
export type ActualFigures = Record<ActualFigure, number | null>;

/**
 * How a clause kind is checked: `figure` against reported actuals (a reported figure, or a ratio of two; per 亩
 * divides by the agreement's land area), `milestone` by a date of the lead (开工, 投产), `manual` by the
 * status people record (with evidence).
 */
export type ClauseCheck =
  | { by: 'figure'; figure: ActualFigure; per?: ActualFigure | 'landAreaMu'; percent?: boolean; direction: 'atLeast' | 'atMost' }
  | { by: 'milestone'; leadDate: 'constructionStartedAt' | 'operatingAt' }
  | { by: 'manual' };

export interface ClauseKindDeclaration {
  readonly key: string;
  readonly label: string;
  /** The party that owes it; null: either (the clause names its party). */
  readonly party: ClauseParty | null;
  /** The unit a threshold is given in; null: the kind takes no threshold. */
  readonly unit: string | null;
  readonly check: ClauseCheck;
}

/** 条款类型 (DESIGN §8), each with the party that owes it, its unit and what it is checked against. */
export const CLAUSE_KINDS = [
  {
    key: 'investment_arrived',
    label: '到位投资',
    party: 'investor',
    unit: '万元',
    check: { by: 'figure', figure: 'investmentArrived', direction: 'atLeast' },
  },
  {
    key: 'construction_start',
    label: '开工',
    party: 'investor',
    unit: null,
    check: { by: 'milestone', leadDate: 'constructionStartedAt' },
  },
  { key: 'completion', label: '竣工', party: 'investor', unit: null, check: { by: 'manual' } },
  { key: 'operation', label: '投产', party: 'investor', unit: null, check: { by: 'milestone', leadDate: 'operatingAt' } },
  { key: 'full_production', label: '达产', party: 'investor', unit: null, check: { by: 'manual' } },
  {
    key: 'annual_output',
    label: '年产值',
    party: 'investor',
    unit: '万元',
    check: { by: 'figure', figure: 'output', direction: 'atLeast' },
  },
  { key: 'annual_tax', label: '年税收', party: 'investor', unit: '万元', check: { by: 'figure', figure: 'tax', direction: 'atLeast' } },
  {
    key: 'tax_per_mu',
    label: '亩均税收',
    party: 'investor',
    unit: '万元/亩',
    check: { by: 'figure', figure: 'tax', per: 'landAreaMu', direction: 'atLeast' },
  },
  {
    key: 'investment_intensity',
    label: '投资强度',
    party: 'investor',
    unit: '万元/亩',
    check: { by: 'figure', figure: 'investmentArrived', per: 'landAreaMu', direction: 'atLeast' },
  },
  { key: 'jobs', label: '就业', party: 'investor', unit: '人', check: { by: 'figure', figure: 'jobs', direction: 'atLeast' } },
  {
    key: 'energy_per_output',
    label: '单位能耗',
    party: 'investor',
    unit: '吨标煤/万元',
    check: { by: 'figure', figure: 'energy', per: 'output', direction: 'atMost' },
  },
  {
    key: 'rd_share',
    label: '研发投入占比',
    party: 'investor',
    unit: '%',
    check: { by: 'figure', figure: 'rdExpense', per: 'output', percent: true, direction: 'atLeast' },
  },
  { key: 'land_delivery', label: '交地', party: 'government', unit: null, check: { by: 'manual' } },
  { key: 'utilities', label: '水电气通达', party: 'government', unit: null, check: { by: 'manual' } },
  { key: 'approvals', label: '审批办结', party: 'government', unit: null, check: { by: 'manual' } },
  { key: 'incentive_payment', label: '奖补兑现', party: 'government', unit: '万元', check: { by: 'manual' } },
  { key: 'other', label: '其他', party: null, unit: null, check: { by: 'manual' } },
] as const satisfies readonly ClauseKindDeclaration[];

export type ClauseKind = (typeof CLAUSE_KINDS)[number]['key'];
export const ClauseKind = declaredEnum(CLAUSE_KINDS.map((k) => k.key));

export function clauseKind(kind: ClauseKind): ClauseKindDeclaration {
  const found = CLAUSE_KINDS.find((k) => k.key === kind);
  if (!found) throw new Error(`Unknown clause kind "${kind}"`);
  return found;
}

/** 履约状态; `waived` (豁免) needs a leader and a reason. */
export const CLAUSE_STATUSES = [
  { key: 'pending', label: '待履约' },
  { key: 'met', label: '已履约' },
  { key: 'partly_met', label: '部分履约' },
  { key: 'missed', label: '未履约' },
  { key: 'waived', label: '已豁免' },
] as const;
export type ClauseStatus = (typeof CLAUSE_STATUSES)[number]['key'];
export const ClauseStatus = declaredEnum(CLAUSE_STATUSES.map((s) => s.key));

/** 协议类型: the investment agreement (one per lead) and supplementary agreements. */
export const AGREEMENT_KINDS = [
  { key: 'main', label: '投资协议' },
  { key: 'supplementary', label: '补充协议' },
] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number]['key'];
export const AgreementKind = declaredEnum(AGREEMENT_KINDS.map((k) => k.key));

const labels = <K extends string>(list: ReadonlyArray<{ key: K; label: string }>) =>
  Object.fromEntries(list.map((item) => [item.key, item.label])) as Record<K, string>;

export const CLAUSE_PARTY_LABELS = labels(CLAUSE_PARTIES);
export const CLAUSE_KIND_LABELS = labels(CLAUSE_KINDS);
export const CLAUSE_STATUS_LABELS = labels(CLAUSE_STATUSES);
export const AGREEMENT_KIND_LABELS = labels(AGREEMENT_KINDS);

export const CLAUSE_PARTY_SQL_LIST = sqlList(CLAUSE_PARTIES.map((p) => p.key));
export const CLAUSE_KIND_SQL_LIST = sqlList(CLAUSE_KINDS.map((k) => k.key));
export const CLAUSE_STATUS_SQL_LIST = sqlList(CLAUSE_STATUSES.map((s) => s.key));
export const AGREEMENT_KIND_SQL_LIST = sqlList(AGREEMENT_KINDS.map((k) => k.key));

/** The stages at which a lead has signed (an agreement and its clauses may be recorded). */
export const SIGNED_STAGES = ['signed', 'building', 'operating'] as const;

/** Everything above for the console (GET /meta/obligations). */
export function obligationsMeta() {
  return {
    parties: CLAUSE_PARTIES.map(({ key, label }) => ({ key, label })),
    kinds: CLAUSE_KINDS.map((k) => ({ key: k.key, label: k.label, party: k.party, unit: k.unit, check: k.check.by })),
    statuses: CLAUSE_STATUSES.map(({ key, label }) => ({ key, label })),
    agreementKinds: AGREEMENT_KINDS.map(({ key, label }) => ({ key, label })),
    figures: ACTUAL_FIGURES.map((f) => ({ key: f.key, label: f.label, unit: f.unit, flow: f.flow })),
  };
}
