import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, Job, RepeatOptions, UnrecoverableError, Worker } from 'bullmq';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { DeliverReminderPayload, JobName, QueueName, ScanPayload, SendWebhookPayload } from './queue.constants';
import { ReconcilerService } from './reconciler.service';
import { ReminderDeliveryService } from './reminder-delivery.service';
import { ReminderQueue } from './reminder-queue';
import { ScansService } from './scans.service';
import { WebhookService } from './webhook.service';

/**
 * The consumer side: workers for deliveries, scans and webhooks, plus the job schedulers. Registered by
 * WorkerModule, so only in processes whose role runs workers; closing waits for active jobs to finish (graceful shutdown).
 */
@Injectable()
export class ReminderWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReminderWorkers.name);
  private workers: Worker[] = [];
  private checkTimer?: NodeJS.Timeout;
  private checking?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: ReminderQueue,
    private readonly delivery: ReminderDeliveryService,
    private readonly scans: ScansService,
    private readonly reconciler: ReconcilerService,
    private readonly webhooks: WebhookService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const backend = this.queue.backend;
    const settings = { lockDuration: this.config.reminders.workerLockMs, stalledInterval: Math.max(1000, Math.floor(this.config.reminders.workerLockMs / 2)) };
    this.workers = [
      backend.worker<DeliverReminderPayload>(QueueName.Reminders, (job, token) => this.deliver(job, token), { ...settings, concurrency: this.config.reminders.workerConcurrency }),
      backend.worker<ScanPayload>(QueueName.Scans, (job) => this.scan(job), { ...settings, concurrency: 1 }),
      backend.worker<SendWebhookPayload>(QueueName.Webhooks, (job) => this.webhooks.send(job), { ...settings, concurrency: 4 }),
    ];
    for (const worker of this.workers) {
      worker.on('failed', (job, error) => this.logger.warn({ msg: 'job failed', queue: worker.name, jobId: job?.id, attempts: job?.attemptsMade, error: error.message }));
      worker.on('error', backend.errorListener(`worker ${worker.name}`, this.logger));
    }
    await this.registerSchedulers('all');
    await this.reconciler.reconcile().catch((error: Error) => this.logger.warn({ msg: 'start-up reconcile failed', error: error.message }));
    // The schedulers live in the queue store: a Redis that restarts empty (or is flushed) loses them while we run.
    this.checkTimer = setInterval(() => void this.checkSchedulers(), this.config.reminders.schedulerCheckEveryMs);
    this.checkTimer.unref();
    this.queue.backend.onReconnect(() => void this.checkSchedulers());
    this.logger.log({ msg: 'workers started', queues: this.workers.map((w) => w.name), prefix: this.config.queuePrefix });
  }

  /** The repeatable jobs: the repair pass, the 红黄预警 scan and the morning digest. */
  private schedulers(): Array<{ id: string; repeat: Omit<RepeatOptions, 'key'>; name: JobName }> {
    const tz = this.config.timezone;
    return [
      { id: 'stall-scan', repeat: { pattern: this.config.reminders.stallScanPattern, tz }, name: JobName.StallScan },
      { id: 'daily-digest', repeat: { pattern: this.config.reminders.digestPattern, tz }, name: JobName.DailyDigest },
      { id: 'reconcile', repeat: { every: this.config.reminders.reconcileEveryMs }, name: JobName.Reconcile },
    ];
  }

  /** `all` at start (the configured times may have changed); `missing` afterwards. Answers the ids it (re-)registered. */
  private async registerSchedulers(which: 'all' | 'missing'): Promise<string[]> {
    const scans = this.queue.queues[QueueName.Scans];
    const registered: string[] = [];
    for (const scheduler of this.schedulers()) {
      if (which === 'missing' && (await scans.getJobScheduler(scheduler.id))) continue;
      await scans.upsertJobScheduler(scheduler.id, scheduler.repeat, { name: scheduler.name, data: {} });
      registered.push(scheduler.id);
    }
    return registered;
  }

  /** Re-registers vanished schedulers and, as their jobs vanished too, re-queues the reminders due within the horizon. */
  private checkSchedulers(): Promise<void> {
    this.checking ??= (async () => {
      try {
        const missing = await this.registerSchedulers('missing');
        this.queue.backend.succeeded('scheduler check');
        if (missing.length === 0) return;
        this.logger.warn({ msg: 'job schedulers were missing from the queue store (wiped?); registered them again', schedulers: missing });
        await this.reconciler.reconcile();
      } catch (error) {
        this.queue.backend.failed('scheduler check', error, this.logger);
      } finally {
        this.checking = undefined;
      }
    })();
    return this.checking;
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
    clearInterval(this.checkTimer);
    await this.checking;
    await Promise.all(this.workers.map((worker) => worker.close()));
    this.workers = [];
  }
}
