import { declaredEnum } from '../../common/model/declared-enum';
import { sqlList } from '../../common/sql/sql-list';

/** 诉求类别: the kinds of issue an enterprise raises. */
export enum IssueCategory {
  Approval = 'approval',
  Land = 'land',
  Utilities = 'utilities',
  Financing = 'financing',
  Talent = 'talent',
  Policy = 'policy',
  Other = 'other',
}

export const ISSUE_CATEGORY_LABELS: Readonly<Record<IssueCategory, string>> = {
  [IssueCategory.Approval]: '审批手续',
  [IssueCategory.Land]: '用地',
  [IssueCategory.Utilities]: '水电气暖',
  [IssueCategory.Financing]: '融资',
  [IssueCategory.Talent]: '人才',
  [IssueCategory.Policy]: '政策兑现',
  [IssueCategory.Other]: '其他',
};

/** What an issue's status declares: its label, where it may go (none: final), and what must be known to enter it. */
export interface IssueStatusDeclaration {
  readonly key: string;
  readonly label: string;
  readonly to: readonly string[];
  readonly gates: ReadonlyArray<'resolution'>;
}

/**
 * The enterprise issue's statuses, the one declaration the status enum, labels, CHECK
 * list and the machine (issue-status.machine.ts) derive from: open → in_progress → resolved, or
 * open → resolved at once; resolved is final.
 */
export const ISSUE_STATUSES = [
  { key: 'open', label: '待处理', to: ['in_progress', 'resolved'], gates: [] },
  { key: 'in_progress', label: '处理中', to: ['resolved'], gates: [] },
  { key: 'resolved', label: '已解决', to: [], gates: ['resolution'] },
] as const satisfies readonly IssueStatusDeclaration[];

export type IssueStatus = (typeof ISSUE_STATUSES)[number]['key'];
export const IssueStatus = declaredEnum(ISSUE_STATUSES.map((s) => s.key));

export const ISSUE_STATUS_LABELS: Readonly<Record<IssueStatus, string>> = Object.fromEntries(
  ISSUE_STATUSES.map((s) => [s.key, s.label]),
) as Record<IssueStatus, string>;

export const ISSUE_CATEGORY_SQL_LIST = sqlList(Object.values(IssueCategory));
export const ISSUE_STATUS_SQL_LIST = sqlList(ISSUE_STATUSES.map((s) => s.key));
