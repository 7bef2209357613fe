import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { JobName, QUEUE_JOB_DEFAULTS, QueueName, SendWebhookPayload, webhookJobId } from './queue.constants';
import { ReminderQueue } from './reminder-queue';

/**
 * The optional webhook channel (WEBHOOK_URL): each notification is POSTed as a 企业微信/钉钉 robot text
 * message. Server errors and timeouts retry with backoff; a 4xx is permanent and not retried. The
 * outcome is recorded on the notification.
 */
@Injectable()
export class WebhookService {
  private readonly logger = new Logger(WebhookService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: ReminderQueue,
  ) {}

  async enqueue(notificationIds: string[]): Promise<void> {
    if (!this.config.webhookUrl) return;
    await this.queue.queues[QueueName.Webhooks].addBulk(
      notificationIds.map((id) => ({ name: JobName.SendWebhook, data: { notificationId: id } satisfies SendWebhookPayload, opts: { jobId: webhookJobId(id) } })),
    );
  }

  async send(job: Job<SendWebhookPayload>): Promise<string> {
    const url = this.config.webhookUrl;
    // TypeORM answers an UPDATE … RETURNING with [rows, affected]
    const [[row]] = await this.dataSource.query<[Array<{ title: string; body: string; webhook_status: string | null }>, number]>(
      `UPDATE notifications SET webhook_attempts = webhook_attempts + 1 WHERE id = $1 RETURNING title, body, webhook_status`,
      [job.data.notificationId],
    );
    if (!url || !row || row.webhook_status === 'sent') return 'nothing to do';
    const lastAttempt = job.attemptsMade + 1 >= (QUEUE_JOB_DEFAULTS[QueueName.Webhooks].attempts ?? 1);
    let status: number;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ msgtype: 'text', text: { content: `${row.title}\n${row.body}` } }),
        signal: AbortSignal.timeout(5000),
      });
      status = response.status;
    } catch (error) {
      if (lastAttempt) await this.mark(job.data.notificationId, 'failed');
      throw error;
    }
    if (status >= 200 && status < 300) {
      await this.mark(job.data.notificationId, 'sent');
      return 'sent';
    }
    if (status >= 400 && status < 500 && status !== 429) {
      await this.mark(job.data.notificationId, 'failed');
      this.logger.warn({ msg: 'webhook refused the message; not retrying', status, notificationId: job.data.notificationId });
      throw new UnrecoverableError(`webhook answered ${status}`);
    }
    if (lastAttempt) await this.mark(job.data.notificationId, 'failed');
    throw new Error(`webhook answered ${status}`);
  }

  private async mark(notificationId: string, status: 'sent' | 'failed'): Promise<void> {
    await this.dataSource.query(`UPDATE notifications SET webhook_status = $2 WHERE id = $1`, [notificationId, status]);
  }
}
