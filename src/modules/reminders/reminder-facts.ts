import { EntityManager } from 'typeorm';
import { allReads } from '../../database/all-reads';
import { ReminderClause, ReminderFacts, ReminderIssue, ReminderLead, ReminderReservation, reminderStillApplies } from './reminder-kinds';
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
  const clauseIds = [...new Set(reminders.flatMap((r) => (typeof r.data.clauseId === 'string' ? [r.data.clauseId] : [])))];
  // actuals_due: the period (or, for a quarter, its year) reported since
  const periods = reminders.flatMap((r) =>
    r.kind === ReminderKind.ActualsDue && r.lead_id && typeof r.data.period === 'string'
      ? [{ lead: r.lead_id, period: r.data.period }]
      : [],
  );
  const reservationIds = [...new Set(reminders.flatMap((r) => (typeof r.data.reservationId === 'string' ? [r.data.reservationId] : [])))];
  const [leads, issues, clauses, reported, reservations] = await allReads(manager, [
    () =>
      leadIds.length
        ? manager.query<Array<ReminderLead & { id: string }>>(
            `SELECT id, code, coalesce(code_name, name) AS title, stage, status, deleted_at, owner_id, commissioner_id, team_id,
                  next_follow_up_at, last_follow_up_at, construction_started_at, operating_at
           FROM leads WHERE id = ANY($1::uuid[])`,
            [leadIds],
          )
        : [],
    () =>
      issueIds.length
        ? manager.query<Array<ReminderIssue & { id: string }>>(
            `SELECT id, title, status, due_at, handler_id FROM enterprise_issues WHERE id = ANY($1::uuid[])`,
            [issueIds],
          )
        : [],
    () =>
      clauseIds.length
        ? manager.query<Array<ReminderClause & { id: string }>>(
            `SELECT id, title, kind, party, status, due_date, yearly_from, responsible_id FROM agreement_clauses WHERE id = ANY($1::uuid[])`,
            [clauseIds],
          )
        : [],
    () =>
      periods.length
        ? manager.query<Array<{ lead_id: string; period: string }>>(
            `SELECT lead_id, period FROM reported_actuals WHERE lead_id = ANY($1::uuid[]) AND period = ANY($2::text[])`,
            [periods.map((p) => p.lead), periods.flatMap((p) => [p.period, p.period.slice(0, 4)])],
          )
        : [],
    () =>
      reservationIds.length
        ? manager.query<Array<ReminderReservation & { id: string }>>(
            `SELECT id, until, ended_at, reserved_by FROM carrier_reservations WHERE id = ANY($1::uuid[])`,
            [reservationIds],
          )
        : [],
  ]);
  const reservationById = new Map(reservations.map(({ id, ...reservation }) => [id, reservation]));
  const clauseById = new Map(clauses.map(({ id, ...clause }) => [id, clause]));
  const reportedKeys = new Set(reported.map((r) => `${r.lead_id}|${r.period}`));
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
        clause: (typeof r.data.clauseId === 'string' && clauseById.get(r.data.clauseId)) || null,
        reservation: (typeof r.data.reservationId === 'string' && reservationById.get(r.data.reservationId)) || null,
        reported:
          r.kind === ReminderKind.ActualsDue && typeof r.data.period === 'string'
            ? reportedKeys.has(`${r.lead_id}|${r.data.period}`) || reportedKeys.has(`${r.lead_id}|${r.data.period.slice(0, 4)}`)
            : null,
      },
    ]),
  );
}

/** Whether the reminder's reason still holds now (see reminderStillApplies). */
export function stillApplies(reminder: RecordedReminder, facts: ReminderFacts): boolean {
  return reminderStillApplies(reminder.kind, facts, reminder.lead_id !== null);
}
