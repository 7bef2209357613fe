import { IssueStatus } from './enterprise-issue.enums';

/** Where an issue may go from each status: open → in_progress → resolved, or open → resolved at once; resolved is final. */
export const ISSUE_TRANSITIONS: Readonly<Record<IssueStatus, readonly IssueStatus[]>> = {
  [IssueStatus.Open]: [IssueStatus.InProgress, IssueStatus.Resolved],
  [IssueStatus.InProgress]: [IssueStatus.Resolved],
  [IssueStatus.Resolved]: [],
};

/** What must be known to enter a status. */
export const ISSUE_GATES: Readonly<Record<IssueStatus, ReadonlyArray<'resolution'>>> = {
  [IssueStatus.Open]: [],
  [IssueStatus.InProgress]: [],
  [IssueStatus.Resolved]: ['resolution'],
};

export function canMoveIssue(from: IssueStatus, to: IssueStatus): boolean {
  return ISSUE_TRANSITIONS[from].includes(to);
}

/** The gate fields still missing to enter `to`, given the issue's values after the write. */
export function missingForIssueStatus(to: IssueStatus, values: { resolution: string | null }): string[] {
  return ISSUE_GATES[to].filter((field) => !values[field]?.trim());
}

/** Overdue: not resolved and past its due time. */
export function isIssueOverdue(issue: { status: IssueStatus; dueAt: Date }, now: Date): boolean {
  return issue.status !== IssueStatus.Resolved && issue.dueAt.getTime() < now.getTime();
}
