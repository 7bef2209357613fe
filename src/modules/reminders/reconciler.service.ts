import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { QueueName, reminderJob, reminderJobId } from '../../common/queue/queue.constants';
import { QueueService } from '../../common/queue/queue.service';
import { APP_CONFIG, AppConfig } from '../../config/app.config';

const BATCH = 500;
/** The periodic pass only looks at reminders that should have fired this long ago: in normal operation that is none. */
const OVERDUE_GRACE = '10 seconds';

/**
 * Repairs the queue from the database: every pending reminder due within the horizon must have a live
 * job. The reminders queue's repair: runs at worker start, after a wiped queue store and periodically, so a lost Redis, a failed enqueue or a job that exhausted
 * its retries never loses a reminder.
 */
@Injectable()
export class ReconcilerService {
  private readonly logger = new Logger(ReconcilerService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: QueueService,
  ) {}

  /**
   * `horizon` (at worker start): every pending reminder due within RECONCILE_HORIZON; `overdue` (every
   * RECONCILE_EVERY): only those past due, so the periodic pass costs nothing while all is well.
   */
  async reconcile(scope: 'horizon' | 'overdue' = 'horizon'): Promise<{ checked: number; enqueued: number; retried: number }> {
    const limit =
      scope === 'horizon'
        ? `now() + interval '${this.config.reminders.reconcileHorizonMs} milliseconds'`
        : `now() - interval '${OVERDUE_GRACE}'`;
    const queue = this.queues.queues[QueueName.Reminders];
    let checked = 0;
    let enqueued = 0;
    let retried = 0;
    let after: [Date, string] | null = null;
    for (;;) {
      const rows: Array<{ id: string; due_at: Date }> = await this.dataSource.query(
        `SELECT id, due_at FROM reminders
         WHERE status = 'pending' AND due_at <= ${limit}
           ${after ? 'AND (due_at, id) > ($2, $3)' : ''}
         ORDER BY due_at, id LIMIT $1`,
        after ? [BATCH, after[0], after[1]] : [BATCH],
      );
      if (rows.length === 0) break;
      checked += rows.length;
      // one round of state look-ups per batch, concurrently: row by row this took ~46 s for 5k reminders at 1M leads
      const states = await Promise.all(rows.map((row) => queue.getJobState(reminderJobId(row.id))));
      const missing: Array<{ id: string; dueAt: Date }> = [];
      const completed: string[] = [];
      await Promise.all(
        rows.map(async (row, i) => {
          if (states[i] === 'unknown') missing.push({ id: row.id, dueAt: row.due_at });
          else if (states[i] === 'failed') {
            await queue.getJob(reminderJobId(row.id)).then((job) => job?.retry('failed'));
            retried += 1;
          } else if (states[i] === 'completed') completed.push(row.id);
        }),
      );
      if (completed.length) {
        // completed while still pending (e.g. it ran before its due time): re-read first, most were simply just delivered
        const still = await this.dataSource.query<Array<{ id: string; due_at: Date }>>(
          `SELECT id, due_at FROM reminders WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
          [completed],
        );
        for (const row of still) {
          await queue.remove(reminderJobId(row.id));
          missing.push({ id: row.id, dueAt: row.due_at });
        }
      }
      enqueued += await this.queues.enqueue(
        missing.map((r) => reminderJob(r.id, r.dueAt)),
        null,
      );
      const last = rows[rows.length - 1];
      after = [last.due_at, last.id];
      if (rows.length < BATCH) break;
    }
    if (enqueued || retried) this.logger.log({ msg: 'reconciled reminders', checked, enqueued, retried });
    return { checked, enqueued, retried };
  }
}
