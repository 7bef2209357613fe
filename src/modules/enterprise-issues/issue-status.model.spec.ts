import { describe, expect, it } from '@jest/globals';
import { ISSUE_STATUS_LABELS, ISSUE_STATUS_SQL_LIST, ISSUE_STATUSES, IssueStatus } from './enterprise-issue.enums';
import { ISSUE_GATES, ISSUE_TRANSITIONS, isFinalIssueStatus, issueStatusMeta } from './issue-status.machine';

describe('issue statuses declared once', () => {
  it('derives the enum, labels, CHECK list, moves and gates from ISSUE_STATUSES', () => {
    expect(IssueStatus).toEqual({ Open: 'open', InProgress: 'in_progress', Resolved: 'resolved' });
    expect(ISSUE_STATUS_LABELS).toEqual({ open: '待处理', in_progress: '处理中', resolved: '已解决' });
    expect(ISSUE_STATUS_SQL_LIST).toBe(`'open', 'in_progress', 'resolved'`);
    expect(ISSUE_TRANSITIONS).toEqual({ open: ['in_progress', 'resolved'], in_progress: ['resolved'], resolved: [] });
    expect(ISSUE_GATES).toEqual({ open: [], in_progress: [], resolved: ['resolution'] });
    expect(ISSUE_STATUSES.filter((s) => isFinalIssueStatus(s.key)).map((s) => s.key)).toEqual(['resolved']);
  });

  it('answers the statuses for the console with labels, moves and which are final', () => {
    expect(issueStatusMeta()).toEqual([
      { key: 'open', label: '待处理', to: ['in_progress', 'resolved'], gates: [], final: false },
      { key: 'in_progress', label: '处理中', to: ['resolved'], gates: [], final: false },
      { key: 'resolved', label: '已解决', to: [], gates: ['resolution'], final: true },
    ]);
  });
});
