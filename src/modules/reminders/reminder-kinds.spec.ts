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
  [ReminderKind.ClauseDue]: { clauseId: 'C', dueDate: '2026-03-02' },
  [ReminderKind.ClauseOverdue]: { clauseId: 'C', dueDate: '2026-03-02' },
  [ReminderKind.IdleLandYellow]: { agreementId: 'G', since: '2025-03-02' },
  [ReminderKind.IdleLandRed]: { agreementId: 'G', since: '2025-03-02' },
  [ReminderKind.IdleLandCritical]: { agreementId: 'G', since: '2025-03-02' },
  [ReminderKind.ActualsDue]: { leadId: 'L', period: '2026-Q1' },
  [ReminderKind.ReservationExpiring]: { reservationId: 'R', until: at },
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
    construction_started_at: null,
    operating_at: null,
  },
  issue: { title: '厂房用电增容', status: 'open', due_at: at, handler_id: 'h' },
  clause: {
    title: '2026年底前交付净地',
    kind: 'land_delivery',
    party: 'government',
    status: 'pending',
    due_date: '2026-03-02',
    yearly_from: null,
    responsible_id: 'r',
  },
  reported: false,
  reservation: { until: at, ended_at: null, reserved_by: 'p' },
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
      // the idle-land and report kinds name the project and what is due rather than a time
      const timeless = [ReminderKind.IdleLandYellow, ReminderKind.IdleLandRed, ReminderKind.IdleLandCritical, ReminderKind.ActualsDue];
      expect(text.body).toContain(
        kind === ReminderKind.DailyDigest ? '今日待跟进项目' : timeless.includes(kind) ? 'ZS-2026-0001' : '2026/03/02 09:30',
      );
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
    for (const kind of [
      ReminderKind.FollowUpOverdue,
      ReminderKind.StageStalled,
      ReminderKind.IssueOverdue,
      ReminderKind.ClauseOverdue,
      ReminderKind.IdleLandRed,
    ]) {
      expect({ kind, own: text(kind, Relation.Owner).body.includes('督促') }).toEqual({ kind, own: false });
      expect({ kind, overseer: text(kind, Relation.Leader).body.includes('督促') }).toEqual({ kind, overseer: true });
    }
    expect(text(ReminderKind.FollowUpOverdue, Relation.Owner).title).not.toContain('督办');
  });

  it('sends government clauses to their responsible person and the leaders, investor clauses to the commissioner (escalated to leaders when overdue)', () => {
    expect(REMINDER_KINDS[ReminderKind.ClauseDue].recipients(facts)).toEqual([Recipient.ClauseResponsible, Recipient.Leaders]);
    expect(REMINDER_KINDS[ReminderKind.ClauseOverdue].recipients(facts)).toEqual([Recipient.ClauseResponsible, Recipient.Leaders]);
    const investor = { ...facts, clause: { ...facts.clause!, party: 'investor' } };
    expect(REMINDER_KINDS[ReminderKind.ClauseDue].recipients(investor)).toEqual([Recipient.CommissionerOrOwner]);
    expect(REMINDER_KINDS[ReminderKind.ClauseOverdue].recipients(investor)).toEqual([Recipient.CommissionerOrOwner, Recipient.Leaders]);
    expect(relationOf('r', Recipient.Leaders, facts)).toBe(Relation.Responsible);
  });

  it('skips a clause reminder once the clause is decided or its due date moved, and actuals_due once reported', () => {
    const due = { ...facts, data: { dueDate: '2026-03-02' } };
    expect(REMINDER_KINDS[ReminderKind.ClauseDue].stillApplies(due)).toBe(true);
    expect(REMINDER_KINDS[ReminderKind.ClauseDue].stillApplies({ ...due, clause: { ...facts.clause!, status: 'met' } })).toBe(false);
    expect(REMINDER_KINDS[ReminderKind.ClauseOverdue].stillApplies({ ...due, clause: { ...facts.clause!, due_date: '2026-04-01' } })).toBe(
      false,
    );
    expect(REMINDER_KINDS[ReminderKind.ActualsDue].stillApplies(facts)).toBe(true);
    expect(REMINDER_KINDS[ReminderKind.ActualsDue].stillApplies({ ...facts, reported: true })).toBe(false);
    const start = { ...due, clause: { ...facts.clause!, kind: 'construction_start', party: 'investor' } };
    expect(REMINDER_KINDS[ReminderKind.ClauseOverdue].stillApplies(start)).toBe(true);
    expect(
      REMINDER_KINDS[ReminderKind.ClauseOverdue].stillApplies({
        ...start,
        lead: { ...facts.lead!, construction_started_at: '2026-03-01' },
      }),
    ).toBe(false);
    const notStarted = { ...facts, data: { rule: 'not_started' } };
    expect(REMINDER_KINDS[ReminderKind.IdleLandRed].stillApplies(notStarted)).toBe(true);
    expect(
      REMINDER_KINDS[ReminderKind.IdleLandRed].stillApplies({
        ...notStarted,
        lead: { ...facts.lead!, construction_started_at: '2026-03-01' },
      }),
    ).toBe(false);
  });

  it('keys a yearly check’s reminders by the year, apart from a due date’s, and skips them once the clause is no longer checked that year', () => {
    const due = REMINDER_KINDS[ReminderKind.ClauseDue];
    const overdue = REMINDER_KINDS[ReminderKind.ClauseOverdue];
    expect([due.dedupeKey({ clauseId: 'C', year: 2026 }), due.dedupeKey({ clauseId: 'C', year: 2027 })]).toEqual([
      'cld-C-y2026',
      'cld-C-y2027',
    ]);
    expect(overdue.dedupeKey({ clauseId: 'C', year: 2026 })).toBe('clo-C-y2026');
    expect(due.dedupeKey({ clauseId: 'C', dueDate: '2026-12-31' })).toBe('cld-C-2026-12-31');
    const yearly = {
      ...facts,
      data: { year: 2026, checkDate: '2026-12-31' },
      clause: { ...facts.clause!, due_date: null, yearly_from: 2025 },
    };
    expect(overdue.stillApplies(yearly)).toBe(true);
    expect(overdue.stillApplies({ ...yearly, clause: { ...yearly.clause, yearly_from: 2027 } })).toBe(false);
    expect(overdue.stillApplies({ ...yearly, clause: { ...yearly.clause, yearly_from: null, due_date: '2026-12-31' } })).toBe(false);
    expect(overdue.stillApplies({ ...yearly, clause: { ...yearly.clause, status: 'missed' } })).toBe(false);
    const text = notificationText(
      {
        kind: ReminderKind.ClauseOverdue,
        leadCode: 'ZS-2026-0001',
        leadTitle: '新能源电池项目',
        dueAt: at,
        clauseTitle: '年税收不低于2000万元',
        reason: '（2026 年度考核）',
      },
      'Asia/Shanghai',
    );
    expect(text.body).toContain('「年税收不低于2000万元」（2026 年度考核）已于');
  });

  it('never applies to a deleted or lost lead, whatever the kind says', () => {
    expect(reminderStillApplies(ReminderKind.DailyDigest, facts, false)).toBe(true);
    expect(reminderStillApplies(ReminderKind.Assigned, { ...facts, lead: { ...facts.lead!, status: 'lost' } }, true)).toBe(false);
    expect(reminderStillApplies(ReminderKind.Assigned, { ...facts, lead: null }, true)).toBe(false);
  });
});
