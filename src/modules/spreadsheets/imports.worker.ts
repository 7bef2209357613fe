import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { IMPORTS_QUEUE, JobName, ProcessImportPayload } from '../reminders/queue.constants';
import { ImportQueue } from './import-queue';
import { ImportsService } from './imports.service';

/** One import at a time: an import keeps a core busy, and the machine's other work must go on. */
const CONCURRENCY = 1;
const LOCK_MS = 60_000;

/**
 * The consumer side of the imports queue, registered by WorkerModule (roles that run workers). The job calls
 * ImportsService.run, which resumes after the rows already committed; start-up queues the imports
 * that are still unfinished (a crash, or the queue unreachable at upload time).
 */
@Injectable()
export class ImportsWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ImportsWorker.name);
  private worker?: Worker<ProcessImportPayload>;
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: ImportQueue,
    private readonly imports: ImportsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker = this.queue.backend.worker<ProcessImportPayload>(IMPORTS_QUEUE, (job) => this.process(job), { concurrency: CONCURRENCY, lockDuration: LOCK_MS });
    this.worker.on('failed', (job, error) => {
      if (!job) return;
      const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
      this.logger.warn({ msg: 'import job failed', importId: job.data.importId, attempts: job.attemptsMade, final, error: error.message });
      if (final) void this.imports.markFailed(job.data.importId, error.message).catch(() => undefined);
    });
    this.worker.on('error', this.queue.backend.errorListener('worker imports', this.logger));
    const requeued = await this.requeueUnfinished();
    // an upload while the queue was away (or a queue store that lost its jobs) is queued again without a restart
    this.sweepTimer = setInterval(() => void this.requeueUnfinished(), this.config.reminders.schedulerCheckEveryMs);
    this.sweepTimer.unref();
    this.queue.backend.onReconnect(() => void this.requeueUnfinished());
    this.logger.log({ msg: 'imports worker started', requeued });
  }

  /** Queues every unfinished import again; an import whose job exists already is left as it is (deterministic job id). */
  private async requeueUnfinished(): Promise<number> {
    const unfinished = await this.imports.unfinished().catch(() => []);
    for (const importId of unfinished) if (!(await this.queue.enqueue(importId))) break;
    return unfinished.length;
  }

  private async process(job: Job<ProcessImportPayload>): Promise<string> {
    if (job.name !== (JobName.ProcessImport as string)) throw new UnrecoverableError(`no handler for import job ${job.name}`);
    return this.imports.run(job.data.importId);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.sweepTimer);
    await this.worker?.close();
    this.worker = undefined;
  }
}
