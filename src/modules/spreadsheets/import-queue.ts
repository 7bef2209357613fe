import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { APP_CONFIG, AppConfig, databaseUrlOf } from '../../config/app.config';
import { QueueBackend } from '../reminders/queue-backend';
import { IMPORT_JOB_DEFAULTS, importJobId, IMPORTS_QUEUE, JobName, ProcessImportPayload } from '../reminders/queue.constants';

/** How long an upload waits for the queue before it answers anyway; the worker's start-up sweep queues what was missed. */
const ENQUEUE_TIMEOUT_MS = 5000;

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
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ENQUEUE_TIMEOUT_MS)));
    try {
      const queued = await Promise.race([work, timeout]);
      if (!queued) this.logger.warn({ msg: 'import not queued in time; the worker start-up sweep will queue it', importId });
      return queued;
    } catch (error) {
      this.logger.warn({ msg: 'could not queue import; the worker start-up sweep will queue it', importId, error: (error as Error).message });
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
    await this.backend.close();
  }
}
