import { ISSUE_STATUSES, IssueStatus } from './enterprise-issue.enums';

type Declared = (typeof ISSUE_STATUSES)[number];
const declared = (status: IssueStatus): Declared => {
  const found = ISSUE_STATUSES.find((s) => s.key === status);
  if (!found) throw new Error(`Unknown issue status "${status}"`);
  return found;
};
for (const s of ISSUE_STATUSES) for (const to of s.to) declared(to); // every move leads to a declared status
const byStatus = <V>(value: (s: Declared) => V) =>
  Object.fromEntries(ISSUE_STATUSES.map((s) => [s.key, value(s)])) as Record<IssueStatus, V>;

/** Where an issue may go from each status (declared in ISSUE_STATUSES). */
export const ISSUE_TRANSITIONS: Readonly<Record<IssueStatus, readonly IssueStatus[]>> = byStatus<readonly IssueStatus[]>((s) => s.to);

/** What must be known to enter a status. */
export const ISSUE_GATES: Readonly<Record<IssueStatus, ReadonlyArray<'resolution'>>> = byStatus<ReadonlyArray<'resolution'>>(
  (s) => s.gates,
);

/** A status nothing leaves. */
export function isFinalIssueStatus(status: IssueStatus): boolean {
  return declared(status).to.length === 0;
}

/** The statuses as the console needs them: label, where each may go, what entering it needs. */
export function issueStatusMeta(): Array<{
  key: IssueStatus;
  label: string;
  to: readonly IssueStatus[];
  gates: ReadonlyArray<'resolution'>;
  final: boolean;
}> {
  return ISSUE_STATUSES.map((s) => ({ key: s.key, label: s.label, to: s.to, gates: s.gates, final: s.to.length === 0 }));
}

export function canMoveIssue(from: IssueStatus, to: IssueStatus): boolean {
  return ISSUE_TRANSITIONS[from].includes(to);
}

/** The gate fields still missing to enter `to`, given the issue's values after the write. */
export function missingForIssueStatus(to: IssueStatus, values: { resolution: string | null }): string[] {
  return ISSUE_GATES[to].filter((field) => !values[field]?.trim());
}

/** Overdue: not in a final status (resolved) and past its due time. */
export function isIssueOverdue(issue: { status: IssueStatus; dueAt: Date }, now: Date): boolean {
  return !isFinalIssueStatus(issue.status) && issue.dueAt.getTime() < now.getTime();
}
