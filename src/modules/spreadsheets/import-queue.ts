import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { withTimeout } from '../../common/async/with-timeout';
import { APP_CONFIG, AppConfig, databaseUrlOf } from '../../config/app.config';
import { QueueBackend } from '../reminders/queue-backend';
import { ENQUEUE_TIMEOUT_MS, IMPORT_JOB_DEFAULTS, importJobId, IMPORTS_QUEUE, JobName, ProcessImportPayload } from '../reminders/queue.constants';

/** Producer side of the imports queue: one job per import, with a deterministic id so it cannot be queued twice. */
@Injectable()
export class ImportQueue implements OnApplicationShutdown {
  private readonly logger = new Logger(ImportQueue.name);
  /** Redis or BullMQ's PostgreSQL backend, as the reminder queues (its own connection, closed with this queue). */
  readonly backend: QueueBackend;
  readonly queue: Queue<ProcessImportPayload>;

  constructor(@Inject(APP_CONFIG) readonly config: AppConfig) {
    this.backend = QueueBackend.create(config, databaseUrlOf(config));
    this.queue = this.backend.queue(IMPORTS_QUEUE, { defaultJobOptions: IMPORT_JOB_DEFAULTS }) as Queue<ProcessImportPayload>;
  }

  /** Queues the import's job (again); a job that used up its attempts is retried. False when the queue did not answer in time. */
  async enqueue(importId: string): Promise<boolean> {
    const work = (async () => {
      // adding an id that is queued already is a no-op that answers the existing job
      const job = await this.queue.add(JobName.ProcessImport, { importId }, { jobId: importJobId(importId) });
      if (await job.isFailed()) await job.retry();
      return true;
    })();
    try {
      const queued = await withTimeout(work, ENQUEUE_TIMEOUT_MS, 'queueing the import');
      this.backend.succeeded('import enqueue');
      return queued;
    } catch (error) {
      this.backend.failed('import enqueue', error, this.logger, { importId, note: 'the worker queues unfinished imports again' });
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
    await this.backend.close();
  }
}
