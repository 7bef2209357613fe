import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { JobContext, OnJob } from '../../common/queue/on-job.decorator';
import { JobName } from '../../common/queue/queue.constants';
import { ImportQueue } from './import-queue';
import { ImportsService } from './imports.service';

/**
 * The imports queue's jobs. A run resumes after the rows already committed; the requeue (scheduled, and the
 * queue's repair at worker start) queues the imports still unfinished: a crash, or the queue unreachable at upload.
 */
@Injectable()
export class ImportsProcessor {
  constructor(
    private readonly queue: ImportQueue,
    private readonly imports: ImportsService,
  ) {}

  @OnJob(JobName.ProcessImport)
  async process({ data, job }: JobContext<JobName.ProcessImport>): Promise<string> {
    try {
      return await this.imports.run(data.importId);
    } catch (error) {
      const final = error instanceof UnrecoverableError || !job || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (final)
        await this.imports.markFailed(data.importId, error instanceof Error ? error.message : String(error)).catch(() => undefined);
      throw error;
    }
  }

  /** Queues every unfinished import again; an import whose job exists already is left as it is (deterministic job id). */
  @OnJob(JobName.RequeueImports)
  async requeueUnfinished(): Promise<number> {
    const unfinished = await this.imports.unfinished();
    for (const importId of unfinished) if (!(await this.queue.enqueue(importId))) break;
    return unfinished.length;
  }
}
