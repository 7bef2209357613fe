/**
 * Reminders of clauses checked each year (每年考核, `yearlyFrom`): the model stores the first year only, so a
 * year is checked on its last day, the day its figures are complete. Days are district dates (YYYY-MM-DD).
 */

/** The day a year of a yearly check is checked: the year's last day. */
export function yearlyCheckDate(year: number): string {
  return `${year}-12-31`;
}

/**
 * The years of a yearly check reminded on `today`: the running year, whose check lies ahead, and the year
 * before, whose check has passed and whose escalation may still be due; none before `yearlyFrom`.
 */
export function remindedYears(yearlyFrom: number, today: string): number[] {
  const thisYear = Number(today.slice(0, 4));
  const years: number[] = [];
  for (let year = Math.max(yearlyFrom, thisYear - 1); year <= thisYear; year += 1) years.push(year);
  return years;
}

/** One check of a clause a reminder is recorded for: its due date, or one year of a yearly check (`year`). */
export interface ReminderCheck {
  /** The district day the reminder names: the due date, or the year's check date. */
  dueDate: string;
  /** The year of a yearly check; null for a due date. */
  year: number | null;
}

/**
 * The checks of a pending clause reminded on `today`: its due date, or the reminded years of its yearly check
 * whose figures have not met the threshold (`metYears`).
 */
export function clauseChecks(
  clause: { dueDate: string | null; yearlyFrom: number | null },
  today: string,
  metYears: readonly number[] = [],
): ReminderCheck[] {
  if (clause.dueDate !== null) return [{ dueDate: clause.dueDate, year: null }];
  if (clause.yearlyFrom === null) return [];
  return remindedYears(clause.yearlyFrom, today)
    .filter((year) => !metYears.includes(year))
    .map((year) => ({ dueDate: yearlyCheckDate(year), year }));
}
