import { describe, expect, it } from '@jest/globals';
import { IssueStatus } from './enterprise-issue.enums';
import { canMoveIssue, isIssueOverdue, missingForIssueStatus } from './issue-status.machine';

describe('issue status machine', () => {
  const allowed: Array<[IssueStatus, IssueStatus]> = [
    [IssueStatus.Open, IssueStatus.InProgress],
    [IssueStatus.Open, IssueStatus.Resolved],
    [IssueStatus.InProgress, IssueStatus.Resolved],
  ];
  const statuses = Object.values(IssueStatus);
  const refused = statuses
    .flatMap((from) => statuses.map((to): [IssueStatus, IssueStatus] => [from, to]))
    .filter(([from, to]) => !allowed.some(([f, t]) => f === from && t === to));

  it.each(allowed)('allows %s → %s', (from, to) => {
    expect(canMoveIssue(from, to)).toBe(true);
  });

  it.each(refused)('refuses %s → %s', (from, to) => {
    expect(canMoveIssue(from, to)).toBe(false);
  });

  it('refuses every move out of resolved, the final status', () => {
    expect(refused.filter(([from]) => from === IssueStatus.Resolved)).toHaveLength(3);
  });

  it('needs a non-blank resolution to resolve and nothing for the other statuses', () => {
    expect(missingForIssueStatus(IssueStatus.Resolved, { resolution: null })).toEqual(['resolution']);
    expect(missingForIssueStatus(IssueStatus.Resolved, { resolution: '   ' })).toEqual(['resolution']);
    expect(missingForIssueStatus(IssueStatus.Resolved, { resolution: '已协调供电公司增容' })).toEqual([]);
    expect(missingForIssueStatus(IssueStatus.InProgress, { resolution: null })).toEqual([]);
  });
});

describe('isIssueOverdue', () => {
  const now = new Date('2026-05-01T08:00:00Z');

  it('is overdue when unresolved and past its due time', () => {
    expect(isIssueOverdue({ status: IssueStatus.Open, dueAt: new Date('2026-05-01T07:59:59Z') }, now)).toBe(true);
    expect(isIssueOverdue({ status: IssueStatus.InProgress, dueAt: new Date('2026-04-01T00:00:00Z') }, now)).toBe(true);
  });

  it('is not overdue when due now or later, or once resolved', () => {
    expect(isIssueOverdue({ status: IssueStatus.Open, dueAt: now }, now)).toBe(false);
    expect(isIssueOverdue({ status: IssueStatus.Open, dueAt: new Date('2026-06-01T00:00:00Z') }, now)).toBe(false);
    expect(isIssueOverdue({ status: IssueStatus.Resolved, dueAt: new Date('2026-04-01T00:00:00Z') }, now)).toBe(false);
  });
});
