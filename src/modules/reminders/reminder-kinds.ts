import { CLAUSE_KINDS } from '../obligations/obligation.model';
import { ReminderKind } from './reminder.entity';

/** The lead as delivery reads it (FOR UPDATE of the reminder, then these columns). */
export interface ReminderLead {
  code: string;
  /** 项目代号 when set (confidential projects), else the project name. */
  title: string;
  stage: string;
  status: string;
  deleted_at: Date | null;
  owner_id: string;
  commissioner_id: string | null;
  team_id: string | null;
  next_follow_up_at: Date | null;
  last_follow_up_at: Date | null;
  construction_started_at: string | null;
  operating_at: string | null;
}

export interface ReminderIssue {
  title: string;
  status: string;
  due_at: Date;
  handler_id: string;
}

/** A 履约条款 as delivery reads it (data.clauseId). */
export interface ReminderClause {
  title: string;
  kind: string;
  party: string;
  status: string;
  due_date: string | null;
  yearly_from: number | null;
  responsible_id: string | null;
}

/** What a clause reminder is for: the clause's due date, or one year of its yearly check (the key holds the year). */
export type ClauseCheckSubject = { clauseId: string } & ({ dueDate: string } | { year: number });
const clauseKey = (prefix: string, subject: ClauseCheckSubject) =>
  'year' in subject ? `${prefix}-${subject.clauseId}-y${subject.year}` : `${prefix}-${subject.clauseId}-${subject.dueDate}`;

/** A carrier reservation as delivery reads it (data.reservationId). */
export interface ReminderReservation {
  until: Date;
  ended_at: Date | null;
  reserved_by: string;
}

/** What a kind's checks see at delivery. `anchor`: the follow-up or issue time the reminder was recorded for (data.anchor). */
export interface ReminderFacts {
  level: string | null;
  data: Record<string, unknown>;
  anchor: number | null;
  lead: ReminderLead | null;
  issue: ReminderIssue | null;
  clause: ReminderClause | null;
  /** For actuals_due: whether the period's figures (data.period, or its year) have been reported since. */
  reported: boolean | null;
  /** For reservation_expiring: the reservation as it is now. */
  reservation?: ReminderReservation | null;
}

/** Who receives a reminder; delivery turns each into user ids, and only active users are notified. */
export enum Recipient {
  /** the 护商专员, else the owner */
  CommissionerOrOwner = 'commissioner-or-owner',
  Owner = 'owner',
  Commissioner = 'commissioner',
  TeamLeader = 'team-leader',
  /** every active user with the leader role */
  Leaders = 'leaders',
  IssueHandler = 'issue-handler',
  /** the person answering for a government clause (data.clauseId) */
  ClauseResponsible = 'clause-responsible',
  /** the one person the reminder was recorded for (recipient_id) */
  Addressee = 'addressee',
  /** who reserved the carrier (data.reservationId) */
  Reserver = 'reserver',
}

/**
 * What the person reading a notification is to its subject; the text is worded for them (the owner is
 * not asked to "urge the owner"). A person reached as team leader or leader who owns the lead is its owner.
 */
export enum Relation {
  Owner = 'owner',
  Commissioner = 'commissioner',
  IssueHandler = 'issue-handler',
  Responsible = 'responsible',
  TeamLeader = 'team-leader',
  Leader = 'leader',
  Addressee = 'addressee',
}

/** The relation a recipient route stands for, when the person is not the lead's owner, commissioner or the issue's handler. */
const ROUTE_RELATION: Record<Recipient, Relation> = {
  [Recipient.CommissionerOrOwner]: Relation.Commissioner,
  [Recipient.Owner]: Relation.Owner,
  [Recipient.Commissioner]: Relation.Commissioner,
  [Recipient.TeamLeader]: Relation.TeamLeader,
  [Recipient.Leaders]: Relation.Leader,
  [Recipient.IssueHandler]: Relation.IssueHandler,
  [Recipient.ClauseResponsible]: Relation.Responsible,
  [Recipient.Addressee]: Relation.Addressee,
  [Recipient.Reserver]: Relation.Addressee,
};

/** The reader's relation to the subject: their own part in the lead first, else the route that reached them. */
export function relationOf(
  userId: string,
  via: Recipient,
  facts: Pick<ReminderFacts, 'lead' | 'issue'> & Partial<Pick<ReminderFacts, 'clause'>>,
): Relation {
  if (facts.lead?.owner_id === userId) return Relation.Owner;
  if (facts.lead?.commissioner_id === userId) return Relation.Commissioner;
  if (facts.issue?.handler_id === userId) return Relation.IssueHandler;
  if (facts.clause?.responsible_id === userId) return Relation.Responsible;
  return ROUTE_RELATION[via];
}

/** The reader works the lead or issue themself (rather than overseeing those who do). */
const worksIt = (relation: Relation) =>
  relation === Relation.Owner ||
  relation === Relation.Commissioner ||
  relation === Relation.IssueHandler ||
  relation === Relation.Responsible;
/** "您负责的" / "您分管的" for those who work the lead, nothing for those who oversee it. */
const yours = (relation: Relation) => (relation === Relation.Owner ? '您负责的' : relation === Relation.Commissioner ? '您分管的' : '');

export interface Digest {
  dueToday: number;
  overdue: number;
  issuesOverdue: number;
}

/** What the Chinese text is made of; `project` is 【code title】 or empty, `time` the formatted time the text names. */
export interface TextFacts {
  project: string;
  time: string;
  level: string | null;
  issueTitle: string;
  /** The clause's text (clause_due, clause_overdue). */
  clauseTitle: string;
  stageLabel: string;
  reason: string | null;
  digest: Digest;
  relation: Relation;
}

/** One kind of reminder, declared once. `Subject` is what its dedupe key is made of. */
export interface ReminderKindSpec<Subject> {
  /** The console's label. */
  label: string;
  /** The console's tag colour (Element Plus tag type). */
  tone: 'primary' | 'success' | 'warning' | 'danger' | 'info';
  /** One reminder per key: a new due time or episode makes a new key. */
  dedupeKey(subject: Subject): string;
  /** The same key built in SQL from the subject's columns, for a scan that skips what it recorded before (a test compares the two). */
  dedupeKeySql?(columns: { [K in keyof Subject]: string }): string;
  /** Re-checked at delivery (a job may run late or twice): a reminder whose reason has gone is skipped. A deleted or lost lead's reminders never apply. */
  stillApplies(facts: ReminderFacts): boolean;
  recipients(facts: ReminderFacts): readonly Recipient[];
  /** The time the text names: the reminder's due time, or its anchor (the missed follow-up or due date of an escalation). */
  textTime: 'due' | 'anchor';
  text(facts: TextFacts): { title: string; body: string };
}

/** The lead's date that fulfils each milestone clause kind (开工, 投产), from the clause kinds' declaration. */
const MILESTONE_DATE: Readonly<Record<string, 'construction_started_at' | 'operating_at'>> = Object.fromEntries(
  CLAUSE_KINDS.flatMap((k) =>
    k.check.by === 'milestone' ? [[k.key, k.check.leadDate === 'constructionStartedAt' ? 'construction_started_at' : 'operating_at']] : [],
  ),
);
/**
 * A clause reminder holds while the clause is pending, still due on the day it was recorded for (data.dueDate)
 * or still checked in the year it was recorded for (data.year), and, for a milestone, while the lead has not
 * reached it. (Figure clauses met by reported actuals — for a yearly check, that year's — have their reminders
 * cancelled when the actuals are reported.)
 */
const clausePending = (facts: ReminderFacts) => {
  const { clause, lead, data } = facts;
  if (!clause || clause.status !== 'pending') return false;
  const stillChecked =
    typeof data.year === 'number'
      ? clause.due_date === null && clause.yearly_from !== null && clause.yearly_from <= data.year
      : clause.due_date === data.dueDate;
  if (!stillChecked) return false;
  const milestone = MILESTONE_DATE[clause.kind];
  return !milestone || !lead?.[milestone];
};
/** Government clauses remind the person who answers for them and the leaders; investor clauses the commissioner. */
const isGovernment = (facts: ReminderFacts) => facts.clause?.party === 'government';
/** 未动工 clocks stop when construction starts; the partial-build rule is re-checked by the next scan. */
const stillIdle = (facts: ReminderFacts) => facts.data.rule !== 'not_started' || !facts.lead?.construction_started_at;
const idleText =
  (label: string) =>
  ({ project, reason, relation }: TextFacts) => ({
    title: `闲置土地${label}：${project}`,
    body: `${yours(relation)}项目${project}${reason ?? ''}，${worksIt(relation) ? '请尽快推动企业开工建设' : '请关注并督促相关责任人推动处置'}。`,
  });

const anchored = (time: Date | null | undefined, facts: ReminderFacts) => time?.getTime() === facts.anchor;

/** Every reminder kind. A new kind: an entry here, its ReminderKind member, and a migration for the CHECK constraint. */
export const REMINDER_KINDS = {
  [ReminderKind.FollowUpDue]: {
    label: '跟进到期',
    tone: 'primary',
    dedupeKey: ({ leadId, at }: { leadId: string; at: Date }) => `fud-${leadId}-${at.getTime()}`,
    stillApplies: (facts: ReminderFacts) => anchored(facts.lead?.next_follow_up_at, facts),
    recipients: () => [Recipient.CommissionerOrOwner],
    textTime: 'due',
    text: ({ project, time }: TextFacts) => ({
      title: `跟进提醒：${project}`,
      body: `项目${project}计划于 ${time} 跟进，请及时联系企业并登记跟进记录。`,
    }),
  },
  [ReminderKind.FollowUpOverdue]: {
    label: '跟进逾期',
    tone: 'danger',
    dedupeKey: ({ leadId, at }: { leadId: string; at: Date }) => `fuo-${leadId}-${at.getTime()}`,
    stillApplies: (facts: ReminderFacts) => {
      const followedUp = facts.lead?.last_follow_up_at && facts.anchor !== null && facts.lead.last_follow_up_at.getTime() >= facts.anchor;
      return anchored(facts.lead?.next_follow_up_at, facts) && !followedUp;
    },
    recipients: () => [Recipient.TeamLeader, Recipient.Leaders],
    textTime: 'anchor',
    text: ({ project, time, relation }: TextFacts) =>
      worksIt(relation)
        ? {
            title: `跟进逾期：${project}`,
            body: `${yours(relation)}项目${project}原定 ${time} 跟进，至今未登记跟进记录，请尽快联系企业并登记跟进。`,
          }
        : {
            title: `督办：${project}跟进已逾期`,
            body: `项目${project}原定 ${time} 跟进，至今未登记跟进记录，请督促负责人尽快跟进。`,
          },
  },
  [ReminderKind.StageStalled]: {
    label: '停滞预警',
    tone: 'warning',
    dedupeKey: ({ leadId, stage, level, reference }: { leadId: string; stage: string; level: string; reference: Date }) =>
      `stall-${leadId}-${stage}-${level}-${reference.getTime()}`,
    dedupeKeySql: ({ leadId, stage, level, reference }: Record<'leadId' | 'stage' | 'level' | 'reference', string>) =>
      `('stall-' || ${leadId} || '-' || ${stage} || '-' || ${level} || '-' || floor(extract(epoch FROM ${reference}) * 1000)::bigint)`,
    stillApplies: (facts: ReminderFacts) => !!facts.lead && facts.lead.stage === facts.data.stage,
    recipients: (facts: ReminderFacts) =>
      facts.level === 'red' ? [Recipient.Owner, Recipient.Commissioner, Recipient.Leaders] : [Recipient.Owner, Recipient.Commissioner],
    textTime: 'due',
    text: ({ project, time, level, stageLabel, reason, relation }: TextFacts) => ({
      title: `${level === 'red' ? '红色预警' : '黄色预警'}：${project}${reason ?? ''}`,
      body: `${yours(relation)}项目${project}处于「${stageLabel}」阶段，${reason ?? '推进停滞'}（截至 ${time}），${
        worksIt(relation) ? '请尽快推动解决' : '请关注并督促负责人推动解决'
      }。`,
    }),
  },
  [ReminderKind.IssueDue]: {
    label: '诉求到期',
    tone: 'primary',
    dedupeKey: ({ issueId, at }: { issueId: string; at: Date }) => `isd-${issueId}-${at.getTime()}`,
    stillApplies: (facts: ReminderFacts) => !!facts.issue && facts.issue.status !== 'resolved' && anchored(facts.issue.due_at, facts),
    recipients: () => [Recipient.IssueHandler],
    textTime: 'due',
    text: ({ project, time, issueTitle }: TextFacts) => ({
      title: `企业诉求到期：${issueTitle}`,
      body: `项目${project}的企业诉求「${issueTitle}」于 ${time} 到期，请尽快办结。`,
    }),
  },
  [ReminderKind.IssueOverdue]: {
    label: '诉求逾期',
    tone: 'danger',
    dedupeKey: ({ issueId, at }: { issueId: string; at: Date }) => `iso-${issueId}-${at.getTime()}`,
    stillApplies: (facts: ReminderFacts) => !!facts.issue && facts.issue.status !== 'resolved' && anchored(facts.issue.due_at, facts),
    recipients: () => [Recipient.Commissioner, Recipient.Leaders],
    textTime: 'anchor',
    text: ({ project, time, issueTitle, relation }: TextFacts) => ({
      title: `企业诉求逾期：${issueTitle}`,
      body: `${yours(relation)}项目${project}的企业诉求「${issueTitle}」已于 ${time} 逾期未办结，${
        worksIt(relation) ? '请尽快协调办结' : '请督促协调处理'
      }。`,
    }),
  },
  [ReminderKind.DailyDigest]: {
    label: '每日摘要',
    tone: 'info',
    dedupeKey: ({ userId, date }: { userId: string; date: string }) => `digest-${userId}-${date}`,
    stillApplies: () => true,
    recipients: () => [Recipient.Addressee],
    textTime: 'due',
    text: ({ time, digest }: TextFacts) => ({
      title: `每日待办（${time.slice(0, 10)}）`,
      body: `今日待跟进项目 ${digest.dueToday} 个，逾期未跟进 ${digest.overdue} 个，逾期企业诉求 ${digest.issuesOverdue} 件。`,
    }),
  },
  [ReminderKind.Assigned]: {
    label: '项目指派',
    tone: 'success',
    dedupeKey: ({ assignmentId }: { assignmentId: string }) => `asg-${assignmentId}`,
    stillApplies: () => true,
    recipients: () => [Recipient.Addressee],
    textTime: 'due',
    text: ({ project, time }: TextFacts) => ({
      title: `护商专员任命：${project}`,
      body: `您已被指派为项目${project}的护商专员（${time}），请尽快与企业对接。`,
    }),
  },
  [ReminderKind.ClauseDue]: {
    label: '条款到期',
    tone: 'primary',
    dedupeKey: (subject: ClauseCheckSubject) => clauseKey('cld', subject),
    stillApplies: clausePending,
    recipients: (facts: ReminderFacts) =>
      isGovernment(facts) ? [Recipient.ClauseResponsible, Recipient.Leaders] : [Recipient.CommissionerOrOwner],
    textTime: 'due',
    text: ({ project, time, clauseTitle, reason }: TextFacts) => ({
      title: `履约条款到期：${clauseTitle}`,
      body: `项目${project}的履约条款「${clauseTitle}」${reason ?? ''}于 ${time} 到期，请核实履约情况并上传佐证材料。`,
    }),
  },
  [ReminderKind.ClauseOverdue]: {
    label: '条款逾期',
    tone: 'danger',
    dedupeKey: (subject: ClauseCheckSubject) => clauseKey('clo', subject),
    stillApplies: clausePending,
    recipients: (facts: ReminderFacts) =>
      isGovernment(facts) ? [Recipient.ClauseResponsible, Recipient.Leaders] : [Recipient.CommissionerOrOwner, Recipient.Leaders],
    textTime: 'anchor',
    text: ({ project, time, clauseTitle, reason, relation }: TextFacts) => ({
      title: `履约条款逾期：${clauseTitle}`,
      body: `${yours(relation)}项目${project}的履约条款「${clauseTitle}」${reason ?? ''}已于 ${time} 到期未履约，${
        worksIt(relation) ? '请尽快推动履约或说明情况' : '请督促责任人推动履约'
      }。`,
    }),
  },
  [ReminderKind.IdleLandYellow]: {
    label: '闲置土地黄色预警',
    tone: 'warning',
    dedupeKey: ({ agreementId, since }: { agreementId: string; since: string }) => `ily-${agreementId}-${since}`,
    stillApplies: stillIdle,
    recipients: () => [Recipient.Owner, Recipient.Commissioner],
    textTime: 'due',
    text: idleText('黄色预警'),
  },
  [ReminderKind.IdleLandRed]: {
    label: '闲置土地红色预警',
    tone: 'danger',
    dedupeKey: ({ agreementId, since }: { agreementId: string; since: string }) => `ilr-${agreementId}-${since}`,
    stillApplies: stillIdle,
    recipients: () => [Recipient.Owner, Recipient.Commissioner, Recipient.Leaders],
    textTime: 'due',
    text: idleText('红色预警'),
  },
  [ReminderKind.IdleLandCritical]: {
    label: '闲置土地满两年',
    tone: 'danger',
    dedupeKey: ({ agreementId, since }: { agreementId: string; since: string }) => `ilc-${agreementId}-${since}`,
    stillApplies: stillIdle,
    recipients: () => [Recipient.Owner, Recipient.Commissioner, Recipient.Leaders],
    textTime: 'due',
    text: idleText('满两年'),
  },
  [ReminderKind.ActualsDue]: {
    label: '履约填报',
    tone: 'info',
    dedupeKey: ({ leadId, period }: { leadId: string; period: string }) => `act-${leadId}-${period}`,
    stillApplies: (facts: ReminderFacts) => facts.reported === false,
    recipients: () => [Recipient.CommissionerOrOwner],
    textTime: 'due',
    text: ({ project, reason }: TextFacts) => ({
      title: `履约数据填报：${project}`,
      body: `请填报项目${project}${reason ?? '上一期'}的实际投资、产值、税收、就业等履约数据。`,
    }),
  },
  [ReminderKind.ReservationExpiring]: {
    label: '载体预留到期',
    tone: 'warning',
    dedupeKey: ({ reservationId, until }: { reservationId: string; until: Date }) => `rsv-${reservationId}-${until.getTime()}`,
    // the reservation still stands, until the same time (released, taken or extended: not reminded)
    stillApplies: (facts: ReminderFacts) =>
      !!facts.reservation && facts.reservation.ended_at === null && anchored(facts.reservation.until, facts),
    recipients: () => [Recipient.Reserver, Recipient.Owner],
    textTime: 'anchor',
    text: ({ project, time, reason, relation }: TextFacts) => ({
      title: `载体预留即将到期：${reason ?? project}`,
      body: `${yours(relation)}项目${project}预留的载体${reason ?? ''}将于 ${time} 到期，到期后自动解除预留；如需保留，请尽快推动签约或重新预留。`,
    }),
  },
} as const satisfies { [K in ReminderKind]: ReminderKindSpec<never> };

/**
 * Whether a recorded reminder's reason still holds: never once its lead is deleted or lost, else the kind's
 * own check. Delivery skips a reminder that fails it; the notification list marks its notifications 已解决.
 */
export function reminderStillApplies(kind: ReminderKind, facts: ReminderFacts, hasLead: boolean): boolean {
  if (hasLead && (!facts.lead || facts.lead.deleted_at !== null || facts.lead.status === 'lost')) return false;
  return REMINDER_KINDS[kind].stillApplies(facts);
}

/** The kinds with their console labels, for GET /api/v1/meta/reminder-kinds. */
export function reminderKindLabels(): Array<{ kind: ReminderKind; label: string; tone: ReminderKindSpec<never>['tone'] }> {
  return Object.values(ReminderKind).map((kind) => ({ kind, label: REMINDER_KINDS[kind].label, tone: REMINDER_KINDS[kind].tone }));
}
