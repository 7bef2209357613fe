import { declaredEnum } from '../../common/model/declared-enum';
import { sqlList } from '../../common/sql/sql-list';
import { LeadStage, STAGE_ORDER } from '../leads/lead.enums';
import { Role } from '../users/role.enum';

/**
 * 产业链招商 declared once (DESIGN §10): the segments of a chain, a target company's statuses, the marks of
 * the gap view with the rule that gives them, the stage from which a project counts, and who may do what.
 * The entity's CHECK lists, the DTOs (validation and OpenAPI) and the answers derive from these lists.
 */

/** 环节: where a node sits on its chain, upstream to downstream. */
export const CHAIN_SEGMENTS = [
  { key: 'upstream', label: '上游' },
  { key: 'midstream', label: '中游' },
  { key: 'downstream', label: '下游' },
] as const;
export type ChainSegment = (typeof CHAIN_SEGMENTS)[number]['key'];
export const ChainSegment = declaredEnum(CHAIN_SEGMENTS.map((s) => s.key));

const SEGMENT_ORDER = new Map<string, number>(CHAIN_SEGMENTS.map((s, i) => [s.key, i]));
/** The order nodes are shown and exported in: upstream to downstream, then `sortOrder`, then code. */
export function compareNodes(
  a: { segment: ChainSegment; sortOrder: number; code: string },
  b: { segment: ChainSegment; sortOrder: number; code: string },
): number {
  return SEGMENT_ORDER.get(a.segment)! - SEGMENT_ORDER.get(b.segment)! || a.sortOrder - b.sortOrder || a.code.localeCompare(b.code);
}

/** 目标企业状态: open until it is turned into a lead (POST /chains/targets/:id/lead), which alone sets converted. */
export const TARGET_STATUSES = [
  { key: 'open', label: '待转化' },
  { key: 'converted', label: '已转线索' },
] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number]['key'];
export const TargetStatus = declaredEnum(TARGET_STATUSES.map((s) => s.key));

/** The gap view's marks: gap (补链: nothing there), weak (强链: exactly one), strong (two or more). */
export const CHAIN_MARKS = [
  { key: 'gap', label: '缺链', below: 1 },
  { key: 'weak', label: '弱链', below: 2 },
  { key: 'strong', label: '强链', below: Number.POSITIVE_INFINITY },
] as const;
export type ChainMark = (typeof CHAIN_MARKS)[number]['key'];

/** The mark of a node holding this many local enterprises plus counting projects. */
export function chainMark(holders: number): ChainMark {
  return CHAIN_MARKS.find((m) => holders < m.below)!.key;
}

/** A node with its mark now, as another module reads it (the 事前评估's industry-fit suggestion). */
export interface MarkedNode {
  id: string;
  name: string;
  mark: ChainMark;
}

/**
 * A project counts towards filling a node from 洽谈 on (a company in talks, with an owner); a bare 线索 is a
 * tip, not yet a project. A lost or deleted lead never counts.
 */
export const COUNTING_FROM: LeadStage = LeadStage.Negotiating;
export const COUNTING_STAGES: readonly LeadStage[] = STAGE_ORDER.slice(STAGE_ORDER.indexOf(COUNTING_FROM));

/** 走访方式 of a 安商 visit to a local enterprise (POST /chains/enterprises/:id/visits). */
export const VISIT_KINDS = [
  { key: 'onsite', label: '上门走访' },
  { key: 'call', label: '电话回访' },
  { key: 'forum', label: '政企座谈' },
  { key: 'online', label: '线上沟通' },
  { key: 'other', label: '其他' },
] as const;
export type VisitKind = (typeof VISIT_KINDS)[number]['key'];
export const VisitKind = declaredEnum(VISIT_KINDS.map((k) => k.key));

/**
 * Who may read chains (not team-scoped reference data; the projects shown are those the caller may see),
 * edit nodes and local enterprises and assign a chain's team (leaders, admins), add and edit target
 * companies (promoters find the tips; a promoter edits only the targets they added), and turn a target
 * into a lead (like POST /leads: promoters into their own team).
 */
export const CHAIN_READERS: readonly Role[] = [Role.Promoter, Role.Commissioner, Role.Leader, Role.Admin];
export const CHAIN_EDITORS: readonly Role[] = [Role.Leader, Role.Admin];
export const TARGET_WRITERS: readonly Role[] = [Role.Promoter, Role.Leader, Role.Admin];
/**
 * 安商: visits are logged by the people who make them, promoters (their former projects), commissioners (护商, their
 * daily work) and leaders (走访企业); an admin keeps the system and logs none. Every chain reader reads them.
 */
export const VISIT_WRITERS: readonly Role[] = [Role.Promoter, Role.Commissioner, Role.Leader];
/** 增资: the enterprise's new lead is created like POST /leads (its creators; a promoter only into their own team). */
export const EXPANSION_WRITERS: readonly Role[] = TARGET_WRITERS;

const labels = <K extends string>(list: ReadonlyArray<{ key: K; label: string }>) =>
  Object.fromEntries(list.map((item) => [item.key, item.label])) as Record<K, string>;

export const SEGMENT_LABELS = labels(CHAIN_SEGMENTS);
export const TARGET_STATUS_LABELS = labels(TARGET_STATUSES);
export const MARK_LABELS = labels(CHAIN_MARKS);
export const VISIT_KIND_LABELS = labels(VISIT_KINDS);

export const SEGMENT_SQL_LIST = sqlList(CHAIN_SEGMENTS.map((s) => s.key));
export const TARGET_STATUS_SQL_LIST = sqlList(TARGET_STATUSES.map((s) => s.key));
export const VISIT_KIND_SQL_LIST = sqlList(VISIT_KINDS.map((k) => k.key));
