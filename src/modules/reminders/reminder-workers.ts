import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError, Worker } from 'bullmq';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { DeliverReminderPayload, JobName, QueueName, ScanPayload, SendWebhookPayload } from './queue.constants';
import { ReconcilerService } from './reconciler.service';
import { ReminderDeliveryService } from './reminder-delivery.service';
import { ReminderQueue } from './reminder-queue';
import { ScansService } from './scans.service';
import { WebhookService } from './webhook.service';

/**
 * The consumer side: workers for deliveries, scans and webhooks, plus the job schedulers. Started only
 * when APP_ROLE is `all` or `worker`; closing waits for active jobs to finish (graceful shutdown).
 */
@Injectable()
export class ReminderWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReminderWorkers.name);
  private workers: Worker[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: ReminderQueue,
    private readonly delivery: ReminderDeliveryService,
    private readonly scans: ScansService,
    private readonly reconciler: ReconcilerService,
    private readonly webhooks: WebhookService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'api') return;
    const backend = this.queue.backend;
    const settings = { lockDuration: this.config.reminders.workerLockMs, stalledInterval: Math.max(1000, Math.floor(this.config.reminders.workerLockMs / 2)) };
    this.workers = [
      backend.worker<DeliverReminderPayload>(QueueName.Reminders, (job, token) => this.deliver(job, token), { ...settings, concurrency: this.config.reminders.workerConcurrency }),
      backend.worker<ScanPayload>(QueueName.Scans, (job) => this.scan(job), { ...settings, concurrency: 1 }),
      backend.worker<SendWebhookPayload>(QueueName.Webhooks, (job) => this.webhooks.send(job), { ...settings, concurrency: 4 }),
    ];
    for (const worker of this.workers) {
      worker.on('failed', (job, error) => this.logger.warn({ msg: 'job failed', queue: worker.name, jobId: job?.id, attempts: job?.attemptsMade, error: error.message }));
      worker.on('error', (error) => this.logger.warn({ msg: 'worker error', queue: worker.name, error: error.message }));
    }
    const scans = this.queue.queues[QueueName.Scans];
    const tz = this.config.timezone;
    await scans.upsertJobScheduler('stall-scan', { pattern: this.config.reminders.stallScanPattern, tz }, { name: JobName.StallScan, data: {} });
    await scans.upsertJobScheduler('daily-digest', { pattern: this.config.reminders.digestPattern, tz }, { name: JobName.DailyDigest, data: {} });
    await scans.upsertJobScheduler('reconcile', { every: this.config.reminders.reconcileEveryMs }, { name: JobName.Reconcile, data: {} });
    await this.reconciler.reconcile().catch((error: Error) => this.logger.warn({ msg: 'start-up reconcile failed', error: error.message }));
    this.logger.log({ msg: 'workers started', queues: this.workers.map((w) => w.name), prefix: this.config.queuePrefix });
  }

  private async deliver(job: Job<DeliverReminderPayload>, token?: string): Promise<string> {
    const result = await this.delivery.deliver(job.data.reminderId);
    if (result.outcome === 'not_due' && token) {
      // came early (a reconciled job, clock skew): wait for the due time instead of firing now
      await job.moveToDelayed(result.dueAt.getTime(), token);
      throw new DelayedError();
    }
    if (result.outcome === 'sent' && result.notificationIds.length) await this.webhooks.enqueue(result.notificationIds);
    return result.outcome;
  }

  private async scan(job: Job<ScanPayload>): Promise<unknown> {
    switch (job.name as JobName) {
      case JobName.StallScan:
        return this.scans.runStallScan();
      case JobName.DailyDigest:
        return this.scans.runDailyDigest();
      case JobName.Reconcile:
        return this.reconciler.reconcile('overdue');
      default:
        throw new UnrecoverableError(`no handler for scan job ${job.name}`);
    }
  }

  /** Before connections close: let active jobs finish; unfinished ones are picked up again as stalled. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    this.workers = [];
  }
}
