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

export enum IssueStatus {
  Open = 'open',
  InProgress = 'in_progress',
  Resolved = 'resolved',
}

export const ISSUE_STATUS_LABELS: Readonly<Record<IssueStatus, string>> = {
  [IssueStatus.Open]: '待处理',
  [IssueStatus.InProgress]: '处理中',
  [IssueStatus.Resolved]: '已解决',
};

export const ISSUE_CATEGORY_SQL_LIST = sqlList(Object.values(IssueCategory));
export const ISSUE_STATUS_SQL_LIST = sqlList(Object.values(IssueStatus));
