import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { QueueName, QUEUES } from '../../common/queue/queue.constants';
import { APP_CONFIG, AppConfig } from '../../config/app.config';

/**
 * The optional webhook channel (WEBHOOK_URL): each notification is POSTed as a 企业微信/钉钉 robot text
 * message (queued by delivery after its commit). Server errors and timeouts retry with backoff; a 4xx is
 * permanent and not retried. The outcome is recorded on the notification.
 */
@Injectable()
export class WebhookService {
  private readonly logger = new Logger(WebhookService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** One attempt; `attemptsMade` before it tells the last one, which records the failure. */
  async send(notificationId: string, attemptsMade: number): Promise<string> {
    const url = this.config.webhookUrl;
    // TypeORM answers an UPDATE … RETURNING with [rows, affected]
    const [[row]] = await this.dataSource.query<[Array<{ title: string; body: string; webhook_status: string | null }>, number]>(
      `UPDATE notifications SET webhook_attempts = webhook_attempts + 1 WHERE id = $1 RETURNING title, body, webhook_status`,
      [notificationId],
    );
    if (!url || !row || row.webhook_status === 'sent') return 'nothing to do';
    const lastAttempt = attemptsMade + 1 >= (QUEUES[QueueName.Webhooks].jobs.attempts ?? 1);
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
      if (lastAttempt) await this.mark(notificationId, 'failed');
      throw error;
    }
    if (status >= 200 && status < 300) {
      await this.mark(notificationId, 'sent');
      return 'sent';
    }
    if (status >= 400 && status < 500 && status !== 429) {
      await this.mark(notificationId, 'failed');
      this.logger.warn({ msg: 'webhook refused the message; not retrying', status, notificationId: notificationId });
      throw new UnrecoverableError(`webhook answered ${status}`);
    }
    if (lastAttempt) await this.mark(notificationId, 'failed');
    throw new Error(`webhook answered ${status}`);
  }

  private async mark(notificationId: string, status: 'sent' | 'failed'): Promise<void> {
    await this.dataSource.query(`UPDATE notifications SET webhook_status = $2 WHERE id = $1`, [notificationId, status]);
  }
}
