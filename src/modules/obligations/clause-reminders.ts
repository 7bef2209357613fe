import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ReminderScheduler } from '../reminders/reminder-scheduler';
import { ObligationLead } from './obligations.evaluator';
import { ObligationsReader } from './obligations.reader';

/**
 * Keeps a lead's clause reminders in step with the clauses' states, inside the caller's transaction: a clause
 * met — recorded as such, by its milestone or by the reported figures — or decided otherwise is not reminded;
 * a pending one is reminded at its due date.
 */
@Injectable()
export class ClauseReminders {
  constructor(
    private readonly reader: ObligationsReader,
    private readonly scheduler: ReminderScheduler,
  ) {}

  async sync(manager: EntityManager, lead: ObligationLead): Promise<void> {
    const found = (await this.reader.evaluate([lead], manager)).get(lead.id);
    if (!found) return;
    for (const clause of found.clauses) {
      const met = found.evaluation.states.get(clause.id)?.state === 'met';
      await this.scheduler.syncClause(manager, { ...clause, status: met ? 'met' : clause.status });
    }
  }
}
