import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { QueueName, reminderJobId } from './queue.constants';
import { ReminderQueue } from './reminder-queue';

const BATCH = 2000;

/**
 * Repairs the queue from the database: every pending reminder due within the horizon must have a live
 * job. Runs at worker start and periodically, so a lost Redis, a failed enqueue or a job that exhausted
 * its retries never loses a reminder.
 */
@Injectable()
export class ReconcilerService {
  private readonly logger = new Logger(ReconcilerService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: ReminderQueue,
  ) {}

  async reconcile(): Promise<{ checked: number; enqueued: number; retried: number }> {
    const queue = this.queue.queues[QueueName.Reminders];
    let checked = 0;
    let enqueued = 0;
    let retried = 0;
    let after: [Date, string] | null = null;
    for (;;) {
      const rows: Array<{ id: string; due_at: Date }> = await this.dataSource.query(
        `SELECT id, due_at FROM reminders
         WHERE status = 'pending' AND due_at <= now() + $1::interval
           ${after ? 'AND (due_at, id) > ($3, $4)' : ''}
         ORDER BY due_at, id LIMIT $2`,
        after ? [`${this.config.reminders.reconcileHorizonMs} milliseconds`, BATCH, after[0], after[1]] : [`${this.config.reminders.reconcileHorizonMs} milliseconds`, BATCH],
      );
      if (rows.length === 0) break;
      checked += rows.length;
      const missing: Array<{ id: string; dueAt: Date }> = [];
      for (const row of rows) {
        const job = await queue.getJob(reminderJobId(row.id));
        if (!job) {
          missing.push({ id: row.id, dueAt: row.due_at });
        } else if (await job.isFailed()) {
          await job.retry('failed');
          retried += 1;
        } else if (await job.isCompleted()) {
          // completed but the row is still pending (e.g. it was not due yet when it ran): run it again
          await job.remove();
          missing.push({ id: row.id, dueAt: row.due_at });
        }
      }
      enqueued += await this.queue.dispatch(missing);
      const last = rows[rows.length - 1];
      after = [last.due_at, last.id];
      if (rows.length < BATCH) break;
    }
    if (enqueued || retried) this.logger.log({ msg: 'reconciled reminders', checked, enqueued, retried });
    return { checked, enqueued, retried };
  }
}
