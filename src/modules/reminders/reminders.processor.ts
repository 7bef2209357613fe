import { Injectable } from '@nestjs/common';
import { DelayedError } from 'bullmq';
import { JobContext, OnJob } from '../../common/queue/on-job.decorator';
import { JobName } from '../../common/queue/queue.constants';
import { ReconcilerService } from './reconciler.service';
import { ReminderDeliveryService } from './reminder-delivery.service';
import { ScansService } from './scans.service';
import { WebhookService } from './webhook.service';

/** The reminders module's jobs, each handed to its service. */
@Injectable()
export class RemindersProcessor {
  constructor(
    private readonly delivery: ReminderDeliveryService,
    private readonly scans: ScansService,
    private readonly reconciler: ReconcilerService,
    private readonly webhooks: WebhookService,
  ) {}

  @OnJob(JobName.DeliverReminder)
  async deliver({ data, job, token }: JobContext<JobName.DeliverReminder>): Promise<string> {
    const result = await this.delivery.deliver(data.reminderId);
    if (result.outcome === 'not_due' && job && token) {
      // came early (a reconciled job, clock skew): wait for the due time instead of firing now
      await job.moveToDelayed(result.dueAt.getTime(), token);
      throw new DelayedError();
    }
    return result.outcome;
  }

  @OnJob(JobName.StallScan)
  stallScan(): Promise<unknown> {
    return this.scans.runScheduledScans();
  }

  @OnJob(JobName.DailyDigest)
  dailyDigest(): Promise<unknown> {
    return this.scans.runDailyDigest();
  }

  /** Also the reminders queue's repair (QUEUES), with scope `horizon`. */
  @OnJob(JobName.Reconcile)
  reconcile({ data }: JobContext<JobName.Reconcile>): Promise<unknown> {
    return this.reconciler.reconcile(data.scope ?? 'horizon');
  }

  @OnJob(JobName.SendWebhook)
  sendWebhook({ data, job }: JobContext<JobName.SendWebhook>): Promise<string> {
    return this.webhooks.send(data.notificationId, job?.attemptsMade ?? 0);
  }
}
