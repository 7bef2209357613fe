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

/** One formatter per time zone: building one costs more than formatting, and a burst formats thousands. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatTime(instant: Date, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('zh-CN', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    formatters.set(timeZone, format);
  }
  return format.format(instant);
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
