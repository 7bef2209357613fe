import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ReminderScheduler } from '../reminders/reminder-scheduler';
import { AgreementClause } from './agreement-clause.entity';
import { LeadEvaluation, ObligationLead } from './obligations.evaluator';
import { ObligationsReader } from './obligations.reader';

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
      const state = evaluation.states.get(clause.id);
      const met = clause.yearlyFrom === null && state?.state === 'met';
      const metYears = (state?.years ?? []).filter((y) => y.state === 'met').map((y) => y.year);
      await this.scheduler.syncClause(manager, { ...clause, status: met ? 'met' : clause.status, metYears });
    }
  }
}
