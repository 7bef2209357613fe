import { EntityManager } from 'typeorm';
import { ReminderFacts, ReminderIssue, ReminderLead, reminderStillApplies } from './reminder-kinds';
import { ReminderKind } from './reminder.entity';

/** The columns of a recorded reminder its checks read. */
export interface RecordedReminder {
  id: string;
  kind: ReminderKind;
  lead_id: string | null;
  issue_id: string | null;
  level: string | null;
  data: Record<string, unknown>;
}

/**
 * The facts each reminder's checks see (REMINDER_KINDS[kind].stillApplies): its lead and issue as they are
 * now, in two queries however many reminders; delivery reads one, the notification list a page.
 */
export async function readReminderFacts(
  manager: EntityManager,
  reminders: readonly RecordedReminder[],
): Promise<Map<string, ReminderFacts>> {
  const leadIds = [...new Set(reminders.flatMap((r) => (r.lead_id ? [r.lead_id] : [])))];
  const issueIds = [...new Set(reminders.flatMap((r) => (r.issue_id ? [r.issue_id] : [])))];
  const [leads, issues] = await Promise.all([
    leadIds.length
      ? manager.query<Array<ReminderLead & { id: string }>>(
          `SELECT id, code, coalesce(code_name, name) AS title, stage, status, deleted_at, owner_id, commissioner_id, team_id,
                  next_follow_up_at, last_follow_up_at
           FROM leads WHERE id = ANY($1::uuid[])`,
          [leadIds],
        )
      : [],
    issueIds.length
      ? manager.query<Array<ReminderIssue & { id: string }>>(
          `SELECT id, title, status, due_at, handler_id FROM enterprise_issues WHERE id = ANY($1::uuid[])`,
          [issueIds],
        )
      : [],
  ]);
  const leadById = new Map(leads.map(({ id, ...lead }) => [id, lead]));
  const issueById = new Map(issues.map(({ id, ...issue }) => [id, issue]));
  return new Map(
    reminders.map((r) => [
      r.id,
      {
        level: r.level,
        data: r.data,
        anchor: typeof r.data.anchor === 'string' ? new Date(r.data.anchor).getTime() : null,
        lead: (r.lead_id && leadById.get(r.lead_id)) || null,
        issue: (r.issue_id && issueById.get(r.issue_id)) || null,
      },
    ]),
  );
}

/** Whether the reminder's reason still holds now (see reminderStillApplies). */
export function stillApplies(reminder: RecordedReminder, facts: ReminderFacts): boolean {
  return reminderStillApplies(reminder.kind, facts, reminder.lead_id !== null);
}
