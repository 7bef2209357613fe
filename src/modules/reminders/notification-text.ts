import { dateTimeFormat } from '../../common/time/zoned';
import { ReminderKind } from './reminder.entity';
import { Digest, Relation, REMINDER_KINDS } from './reminder-kinds';

export interface NotificationSubject {
  kind: ReminderKind;
  leadCode?: string | null;
  /** 项目代号 when set (confidential projects), else the project name. */
  leadTitle?: string | null;
  /** The time the text names (REMINDER_KINDS[kind].textTime). */
  dueAt: Date;
  level?: string | null;
  issueTitle?: string | null;
  clauseTitle?: string | null;
  stageLabel?: string | null;
  reason?: string | null;
  digest?: Digest;
  /** The reader's relation to the subject (the text is worded for them); an overseer's wording by default. */
  relation?: Relation;
}

function formatTime(instant: Date, timeZone: string): string {
  const options = {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  } as const;
  return dateTimeFormat('zh-CN', options).format(instant);
}

/** Chinese title and body of an in-app notification, naming the project and the due time (the kind's `text`). */
export function notificationText(subject: NotificationSubject, timeZone: string): { title: string; body: string } {
  return REMINDER_KINDS[subject.kind].text({
    project: subject.leadCode ? `【${subject.leadCode} ${subject.leadTitle ?? ''}】` : '',
    time: formatTime(subject.dueAt, timeZone),
    level: subject.level ?? null,
    issueTitle: subject.issueTitle ?? '',
    clauseTitle: subject.clauseTitle ?? '',
    stageLabel: subject.stageLabel ?? '',
    reason: subject.reason ?? null,
    digest: subject.digest ?? { dueToday: 0, overdue: 0, issuesOverdue: 0 },
    relation: subject.relation ?? Relation.Leader,
  });
}
