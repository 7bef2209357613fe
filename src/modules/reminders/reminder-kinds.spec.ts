import { describe, expect, it } from '@jest/globals';
import { notificationText } from './notification-text';
import { Recipient, Relation, relationOf, REMINDER_KINDS, ReminderFacts, reminderStillApplies } from './reminder-kinds';
import { ReminderKind } from './reminder.entity';

const at = new Date('2026-03-02T01:30:00Z');

/** A dedupe-key subject per kind: a new kind without one does not compile. */
const SUBJECTS: { [K in ReminderKind]: Parameters<(typeof REMINDER_KINDS)[K]['dedupeKey']>[0] } = {
  [ReminderKind.FollowUpDue]: { leadId: 'L', at },
  [ReminderKind.FollowUpOverdue]: { leadId: 'L', at },
  [ReminderKind.StageStalled]: { leadId: 'L', stage: 'signed', level: 'red', reference: at },
  [ReminderKind.IssueDue]: { issueId: 'I', at },
  [ReminderKind.IssueOverdue]: { issueId: 'I', at },
  [ReminderKind.DailyDigest]: { userId: 'U', date: '2026-03-02' },
  [ReminderKind.Assigned]: { assignmentId: 'A' },
};

const facts: ReminderFacts = {
  level: 'red',
  data: { stage: 'signed' },
  anchor: at.getTime(),
  lead: {
    code: 'ZS-2026-0001',
    title: '新能源电池项目',
    stage: 'signed',
    status: 'active',
    deleted_at: null,
    owner_id: 'o',
    commissioner_id: 'c',
    team_id: 't',
    next_follow_up_at: at,
    last_follow_up_at: null,
  },
  issue: { title: '厂房用电增容', status: 'open', due_at: at, handler_id: 'h' },
};

describe('REMINDER_KINDS', () => {
  it('has a complete entry for every kind: label, tone, dedupe key, check, recipients and Chinese text', () => {
    for (const kind of Object.values(ReminderKind)) {
      const spec = REMINDER_KINDS[kind];
      expect({
        kind,
        label: /^\p{Script=Han}+$/u.test(spec.label),
        tone: ['primary', 'success', 'warning', 'danger', 'info'].includes(spec.tone),
      }).toEqual({ kind, label: true, tone: true });
      expect(typeof spec.stillApplies(facts)).toBe('boolean');
      expect(spec.recipients(facts).length).toBeGreaterThan(0);
      for (const recipient of spec.recipients(facts)) expect(Object.values(Recipient)).toContain(recipient);
      const text = notificationText(
        {
          kind,
          leadCode: 'ZS-2026-0001',
          leadTitle: '新能源电池项目',
          dueAt: at,
          level: 'red',
          issueTitle: '厂房用电增容',
          stageLabel: '签约',
          reason: '签约未开工',
        },
        'Asia/Shanghai',
      );
      expect({ kind, title: /\p{Script=Han}/u.test(text.title), body: /\p{Script=Han}/u.test(text.body) }).toEqual({
        kind,
        title: true,
        body: true,
      });
      expect(text.body).toContain(kind === ReminderKind.DailyDigest ? '今日待跟进项目' : '2026/03/02 09:30');
    }
  });

  it('gives every kind its own dedupe keys, distinct from every other kind’s', () => {
    const keys = Object.values(ReminderKind).map((kind) =>
      (REMINDER_KINDS[kind].dedupeKey as (subject: unknown) => string)(SUBJECTS[kind]),
    );
    expect(new Set(keys).size).toBe(keys.length);
    const prefixes = keys.map((key) => key.split('-')[0]);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it('keeps the labels distinct, as the console shows them side by side', () => {
    const labels = Object.values(ReminderKind).map((kind) => REMINDER_KINDS[kind].label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('escalates a red stall to the leaders too, a yellow one to owner and commissioner only', () => {
    expect(REMINDER_KINDS[ReminderKind.StageStalled].recipients({ ...facts, level: 'yellow' })).toEqual([
      Recipient.Owner,
      Recipient.Commissioner,
    ]);
    expect(REMINDER_KINDS[ReminderKind.StageStalled].recipients(facts)).toContain(Recipient.Leaders);
  });

  it('skips a follow-up escalation once a follow-up was logged at or after the planned time', () => {
    const spec = REMINDER_KINDS[ReminderKind.FollowUpOverdue];
    expect(spec.stillApplies(facts)).toBe(true);
    expect(spec.stillApplies({ ...facts, lead: { ...facts.lead!, last_follow_up_at: at } })).toBe(false);
    expect(spec.stillApplies({ ...facts, lead: { ...facts.lead!, next_follow_up_at: new Date(at.getTime() + 1) } })).toBe(false);
  });
});

describe('relationOf and the worded texts', () => {
  it('addresses the reader by their part in the lead first, else by the route that reached them', () => {
    expect(relationOf('o', Recipient.TeamLeader, facts)).toBe(Relation.Owner);
    expect(relationOf('c', Recipient.Leaders, facts)).toBe(Relation.Commissioner);
    expect(relationOf('h', Recipient.Leaders, facts)).toBe(Relation.IssueHandler);
    expect(relationOf('x', Recipient.TeamLeader, facts)).toBe(Relation.TeamLeader);
    expect(relationOf('x', Recipient.Leaders, facts)).toBe(Relation.Leader);
  });

  it('asks the owner to follow up and an overseer to urge the owner, for every kind that escalates', () => {
    const text = (kind: ReminderKind, relation: Relation) =>
      notificationText(
        { kind, leadCode: 'ZS-2026-0001', leadTitle: '项目', dueAt: at, issueTitle: '诉求', stageLabel: '签约', relation },
        'UTC',
      );
    for (const kind of [ReminderKind.FollowUpOverdue, ReminderKind.StageStalled, ReminderKind.IssueOverdue]) {
      expect({ kind, own: text(kind, Relation.Owner).body.includes('督促') }).toEqual({ kind, own: false });
      expect({ kind, overseer: text(kind, Relation.Leader).body.includes('督促') }).toEqual({ kind, overseer: true });
    }
    expect(text(ReminderKind.FollowUpOverdue, Relation.Owner).title).not.toContain('督办');
  });

  it('never applies to a deleted or lost lead, whatever the kind says', () => {
    expect(reminderStillApplies(ReminderKind.DailyDigest, facts, false)).toBe(true);
    expect(reminderStillApplies(ReminderKind.Assigned, { ...facts, lead: { ...facts.lead!, status: 'lost' } }, true)).toBe(false);
    expect(reminderStillApplies(ReminderKind.Assigned, { ...facts, lead: null }, true)).toBe(false);
  });
});
