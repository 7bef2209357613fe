import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { withTimeout } from '../async/with-timeout';
import { APP_CONFIG, AppConfig, databaseUrlOf } from '../../config/app.config';
import { QueueBackend } from './queue-backend';
import { ENQUEUE_TIMEOUT_MS, JOB_QUEUE, QueuedJob, QueueName, QUEUES } from './queue.constants';

/** Jobs per addBulk. */
const ENQUEUE_CHUNK = 1000;

/**
 * The producer side of every queue: one Queue per QueueName with its declared job defaults, on one backend
 * (Redis, or BullMQ's PostgreSQL backend in zero-setup mode). Adding never throws: the rows in PostgreSQL
 * are the truth, and what the queue missed is queued again by its repair (QUEUES[…].repair).
 */
@Injectable()
export class QueueService implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueService.name);
  readonly backend: QueueBackend;
  readonly queues: Record<QueueName, Queue>;

  constructor(@Inject(APP_CONFIG) readonly config: AppConfig) {
    this.backend = QueueBackend.create(config, databaseUrlOf(config));
    const entries = Object.values(QueueName).map(
      (name) => [name, this.backend.queue(name, { defaultJobOptions: QUEUES[name].jobs })] as const,
    );
    this.queues = Object.fromEntries(entries) as Record<QueueName, Queue>;
  }

  /**
   * Adds jobs (an id that is queued already is left as it is), waiting at most `timeoutMs` (null: background
   * work, no time-box). Failures are logged (once per Redis outage), not thrown. Answers how many were added.
   */
  async enqueue(
    jobs: readonly QueuedJob[],
    timeoutMs: number | null = ENQUEUE_TIMEOUT_MS,
    note = 'the reconciler will retry',
  ): Promise<number> {
    if (jobs.length === 0) return 0;
    const now = Date.now();
    const byQueue = new Map<QueueName, QueuedJob[]>();
    for (const job of jobs) {
      const list = byQueue.get(JOB_QUEUE[job.name]);
      if (list) list.push(job);
      else byQueue.set(JOB_QUEUE[job.name], [job]);
    }
    const source = `${[...byQueue.keys()].join('+')} enqueue`;
    // one bulk (one MULTI) per ENQUEUE_CHUNK jobs, sent together: a scan's ten thousand do not hold Redis in one transaction
    const bulks = [...byQueue].flatMap(([queue, list]) =>
      Array.from({ length: Math.ceil(list.length / ENQUEUE_CHUNK) }, (_, i) => ({
        queue,
        chunk: list.slice(i * ENQUEUE_CHUNK, (i + 1) * ENQUEUE_CHUNK),
      })),
    );
    const addAll = ({ queue, chunk }: { queue: QueueName; chunk: QueuedJob[] }) =>
      this.queues[queue].addBulk(
        chunk.map((job) => ({
          name: job.name,
          data: job.data,
          opts: { jobId: job.jobId, ...(job.runAt ? { delay: Math.max(0, job.runAt.getTime() - now) } : {}) },
        })),
      );
    const added = await this.attempt(source, () => Promise.all(bulks.map(addAll)), timeoutMs, { count: jobs.length, note });
    return added ? jobs.length : 0;
  }

  /** A queue operation under the outage rules: at most `timeoutMs` (null: unbounded), reported to the one outage log; undefined when it failed. */
  async attempt<T>(
    source: string,
    work: () => Promise<T>,
    timeoutMs: number | null,
    fields: Record<string, unknown> = {},
  ): Promise<T | undefined> {
    try {
      const running = work();
      const value = await (timeoutMs === null ? running : withTimeout(running, timeoutMs, source));
      this.backend.succeeded(source);
      return value;
    } catch (error) {
      this.backend.failed(source, error, this.logger, fields);
      return undefined;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((queue) => queue.close().catch(() => undefined)));
    await this.backend.close();
  }
}
