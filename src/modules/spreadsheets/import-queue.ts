import { Injectable } from '@nestjs/common';
import { ENQUEUE_TIMEOUT_MS, importJobId, JobName, ProcessImportPayload, QueueName } from '../../common/queue/queue.constants';
import { QueueService } from '../../common/queue/queue.service';

/** Producer side of the imports queue: one job per import, with a deterministic id so it cannot be queued twice. */
@Injectable()
export class ImportQueue {
  constructor(private readonly queues: QueueService) {}

  /** Queues the import's job (again); a job that used up its attempts is retried. False when the queue did not answer in time. */
  async enqueue(importId: string): Promise<boolean> {
    const queued = await this.queues.attempt(
      'imports enqueue',
      async () => {
        // adding an id that is queued already is a no-op that answers the existing job
        const job = await this.queues.queues[QueueName.Imports].add(JobName.ProcessImport, { importId } satisfies ProcessImportPayload, {
          jobId: importJobId(importId),
        });
        if (await job.isFailed()) await job.retry();
        return true;
      },
      ENQUEUE_TIMEOUT_MS,
      { importId, note: 'the worker queues unfinished imports again' },
    );
    return queued ?? false;
  }
}
