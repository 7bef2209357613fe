import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, databaseUrlOf } from '../../config/app.config';
import { withTimeout } from '../../common/async/with-timeout';
import { QueueBackend } from './queue-backend';
import { DeliverReminderPayload, ENQUEUE_TIMEOUT_MS, JobName, QUEUE_JOB_DEFAULTS, QueueName, reminderJobId } from './queue.constants';

export interface DueReminder {
  id: string;
  dueAt: Date;
}

/** Producer side of the queues: turns pending reminder rows into delayed BullMQ jobs with deterministic ids. */
@Injectable()
export class ReminderQueue implements OnApplicationShutdown {
  private readonly logger = new Logger(ReminderQueue.name);
  readonly backend: QueueBackend;
  readonly queues: Record<QueueName, Queue>;

  constructor(
    @Inject(APP_CONFIG) readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.backend = QueueBackend.create(config, databaseUrlOf(config));
    const make = (name: QueueName) => this.backend.queue(name, { defaultJobOptions: QUEUE_JOB_DEFAULTS[name] });
    this.queues = { [QueueName.Reminders]: make(QueueName.Reminders), [QueueName.Scans]: make(QueueName.Scans), [QueueName.Webhooks]: make(QueueName.Webhooks) };
  }

  /**
   * Enqueues the lead's pending reminders after a commit, waiting at most ENQUEUE_TIMEOUT_MS: the rows are
   * the truth already, so when the queue does not answer the request goes on and the reconciler repairs.
   */
  async dispatchForLead(leadId: string): Promise<void> {
    const rows = await this.dataSource.query<Array<{ id: string; due_at: Date }>>(`SELECT id, due_at FROM reminders WHERE lead_id = $1 AND status = 'pending'`, [leadId]);
    await this.dispatch(rows.map((r) => ({ id: r.id, dueAt: r.due_at })));
  }

  /** Failures are logged (once per Redis outage), not thrown: the reconciler retries. `timeoutMs` null: background work, no time-box. */
  async dispatch(reminders: DueReminder[], timeoutMs: number | null = ENQUEUE_TIMEOUT_MS): Promise<number> {
    if (reminders.length === 0) return 0;
    const now = Date.now();
    const adding = this.queues[QueueName.Reminders].addBulk(
      reminders.map((r) => ({
        name: JobName.DeliverReminder,
        data: { reminderId: r.id } satisfies DeliverReminderPayload,
        opts: { jobId: reminderJobId(r.id), delay: Math.max(0, r.dueAt.getTime() - now) },
      })),
    );
    try {
      await (timeoutMs === null ? adding : withTimeout(adding, timeoutMs, 'enqueueing reminders'));
      this.backend.succeeded('reminder enqueue');
      return reminders.length;
    } catch (error) {
      this.backend.failed('reminder enqueue', error, this.logger, { count: reminders.length, note: 'the reconciler will retry' });
      return 0;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((q) => q.close().catch(() => undefined)));
    await this.backend.close();
  }
}
