import { JOB_QUEUE, JobName, QueueName } from './queue.constants';
import { JobContext } from './on-job.decorator';

export interface FoundHandler {
  job: JobName;
  /** `Class.method`, for the start-up error. */
  label: string;
  run: (context: JobContext<JobName>) => Promise<unknown>;
}

export class QueueSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueueSetupError';
  }
}

/** One handler per job, and every job of every queue handled; else the start fails with what is wrong. */
export function checkHandlers(found: readonly FoundHandler[]): Map<JobName, FoundHandler> {
  const handlers = new Map<JobName, FoundHandler>();
  for (const handler of found) {
    const other = handlers.get(handler.job);
    if (other) throw new QueueSetupError(`job "${handler.job}" has two handlers: ${other.label} and ${handler.label}`);
    handlers.set(handler.job, handler);
  }
  const missing = Object.values(JobName).filter((job) => !handlers.has(job));
  if (missing.length) {
    const list = missing.map((job) => `"${job}" (queue "${JOB_QUEUE[job]}")`).join(', ');
    throw new QueueSetupError(`no handler for job ${list}: add @OnJob(JobName.…) to a provider method of a module the app imports`);
  }
  const idle = Object.values(QueueName).filter((queue) => !Object.values(JOB_QUEUE).includes(queue));
  if (idle.length) throw new QueueSetupError(`queue ${idle.map((q) => `"${q}"`).join(', ')} carries no job (JOB_QUEUE)`);
  return handlers;
}
