import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { REMINDER_KINDS } from '../reminders/reminder-kinds';
import { ReminderKind } from '../reminders/reminder.entity';
import { ReminderScheduler } from '../reminders/reminder-scheduler';
import { AgreementClause } from './agreement-clause.entity';
import { LeadEvaluation, ObligationLead } from './obligations.evaluator';
import { ObligationsReader } from './obligations.reader';
import { clauseChecks } from './yearly-check';

/** The years of a yearly check its reported figures meet. */
const metYears = (clause: AgreementClause, evaluation: LeadEvaluation): number[] =>
  (evaluation.states.get(clause.id)?.years ?? []).filter((y) => y.state === 'met').map((y) => y.year);

/**
 * Keeps a lead's clause reminders in step with the clauses' states, inside the caller's transaction: a clause
 * met — recorded as such, by its milestone or by the reported figures — or decided otherwise is not reminded;
 * a pending one is reminded at its due date, a yearly check at each year's check date until that year is met.
 */
@Injectable()
export class ClauseReminders {
  constructor(
    private readonly reader: ObligationsReader,
    private readonly scheduler: ReminderScheduler,
  ) {}

  async sync(manager: EntityManager, lead: ObligationLead): Promise<void> {
    const found = (await this.reader.evaluate([lead], manager)).get(lead.id);
    if (found) await this.syncClauses(manager, found.clauses, found.evaluation);
  }

  /** The clauses' reminders from their evaluation: a dated clause met is done; a yearly check is done for each year met. */
  async syncClauses(manager: EntityManager, clauses: readonly AgreementClause[], evaluation: LeadEvaluation): Promise<void> {
    for (const clause of clauses) {
      const met = clause.yearlyFrom === null && evaluation.states.get(clause.id)?.state === 'met';
      await this.scheduler.syncClause(manager, { ...clause, status: met ? 'met' : clause.status, metYears: metYears(clause, evaluation) });
    }
  }

  /**
   * The daily scan's part: the yearly checks' reminders of a year not recorded yet (a year just begun), found with
   * one lookup of their keys for the whole batch, so that a day with nothing new writes nothing.
   */
  async recordYearly(
    manager: EntityManager,
    leads: ReadonlyArray<{ clauses: readonly AgreementClause[]; evaluation: LeadEvaluation }>,
  ): Promise<void> {
    const today = this.reader.today();
    const wanted = leads.flatMap(({ clauses, evaluation }) =>
      clauses
        .filter((c) => c.yearlyFrom !== null && c.status === 'pending')
        .map((clause) => ({
          clause,
          evaluation,
          keys: clauseChecks(clause, today, metYears(clause, evaluation)).flatMap((check) =>
            check.year === null ? [] : [REMINDER_KINDS[ReminderKind.ClauseDue].dedupeKey({ clauseId: clause.id, year: check.year })],
          ),
        })),
    );
    const keys = wanted.flatMap((w) => w.keys);
    if (keys.length === 0) return;
    const recorded = await manager.query<Array<{ dedupe_key: string }>>(
      `SELECT dedupe_key FROM reminders WHERE dedupe_key = ANY($1::text[])`,
      [keys],
    );
    const known = new Set(recorded.map((r) => r.dedupe_key));
    for (const { clause, evaluation, keys: own } of wanted)
      if (own.some((key) => !known.has(key))) await this.syncClauses(manager, [clause], evaluation);
  }
}
