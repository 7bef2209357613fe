import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { checkHandlers, FoundHandler } from './job-handlers';
import { JobContext, OnJob } from './on-job.decorator';
import { JOB_QUEUE, JobName, QueueName, QUEUES } from './queue.constants';
import { QueueService } from './queue.service';

/**
 * The consumer side of every queue: finds the @OnJob handlers, starts one worker per queue with its declared
 * settings, registers the declared job schedulers and runs the queues' repairs. Registered by WorkerModule, so
 * only in processes whose role runs workers; closing waits for active jobs to finish (graceful shutdown).
 */
@Injectable()
export class QueueWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(QueueWorkers.name);
  private handlers = new Map<JobName, FoundHandler>();
  private workers: Worker[] = [];
  private checkTimer?: NodeJS.Timeout;
  private checking?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: QueueService,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.handlers = checkHandlers(this.discover());
    const backend = this.queues.backend;
    this.workers = Object.values(QueueName).map((name) => {
      const worker = backend.worker(name, (job, token) => this.run(name, job, token), QUEUES[name].worker(this.config));
      worker.on('failed', (job, error) =>
        this.logger.warn({
          msg: 'job failed',
          queue: name,
          job: job?.name,
          jobId: job?.id,
          attempts: job?.attemptsMade,
          error: error.message,
        }),
      );
      worker.on('error', backend.errorListener(`worker ${name}`, this.logger));
      return worker;
    });
    await this.registerSchedulers('all');
    await this.repair('start-up');
    // The one timer of the app, on purpose: the job schedulers live in the queue store, and a Redis that restarts
    // empty (or is flushed) loses them while we run; nothing inside the store can notice that it was wiped.
    this.checkTimer = setInterval(() => void this.checkSchedulers(), this.config.reminders.schedulerCheckEveryMs);
    this.checkTimer.unref();
    backend.onReconnect(() => void this.checkSchedulers());
    this.logger.log({ msg: 'workers started', queues: this.workers.map((w) => w.name), prefix: this.config.queuePrefix });
  }

  /** Every provider method marked @OnJob. */
  private discover(): FoundHandler[] {
    const found: FoundHandler[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      for (const method of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object)) {
        const job = this.discovery.getMetadataByDecorator(OnJob, wrapper, method);
        if (!job) continue;
        const fn = (instance as Record<string, (context: JobContext<JobName>) => Promise<unknown>>)[method];
        found.push({ job, label: `${instance.constructor.name}.${method}`, run: (context) => fn.call(instance, context) });
      }
    }
    return found;
  }

  private run(queue: QueueName, job: Job, token?: string): Promise<unknown> {
    const name = job.name as JobName;
    const handler = this.handlers.get(name);
    if (!handler || JOB_QUEUE[name] !== queue) throw new UnrecoverableError(`no handler for job "${job.name}" on queue "${queue}"`);
    return handler.run({ data: job.data as JobContext<JobName>['data'], job, token });
  }

  /** `all` at start (the configured times may have changed); `missing` afterwards. Answers the ids it (re-)registered. */
  private async registerSchedulers(which: 'all' | 'missing'): Promise<string[]> {
    const registered: string[] = [];
    for (const name of Object.values(QueueName)) {
      const queue = this.queues.queues[name];
      for (const scheduler of QUEUES[name].schedulers?.(this.config) ?? []) {
        if (which === 'missing' && (await queue.getJobScheduler(scheduler.id))) continue;
        await queue.upsertJobScheduler(scheduler.id, scheduler.repeat, { name: scheduler.job, data: scheduler.data });
        registered.push(scheduler.id);
      }
    }
    return registered;
  }

  /** Runs each queue's repair inline: its work is queued again from PostgreSQL. */
  private async repair(why: string): Promise<void> {
    for (const name of Object.values(QueueName)) {
      const repair = QUEUES[name].repair;
      if (!repair) continue;
      await this.handlers
        .get(repair.job)
        ?.run({ data: repair.data })
        .catch((error: Error) => this.logger.warn({ msg: `${why} repair failed`, queue: name, error: error.message }));
    }
  }

  /** Re-registers vanished schedulers and, as their jobs vanished too, repairs every queue. */
  private checkSchedulers(): Promise<void> {
    this.checking ??= (async () => {
      try {
        const missing = await this.registerSchedulers('missing');
        this.queues.backend.succeeded('scheduler check');
        if (missing.length === 0) return;
        this.logger.warn({ msg: 'job schedulers were missing from the queue store (wiped?); registered them again', schedulers: missing });
        await this.repair('wiped-store');
      } catch (error) {
        this.queues.backend.failed('scheduler check', error, this.logger);
      } finally {
        this.checking = undefined;
      }
    })();
    return this.checking;
  }

  /** Before connections close: let active jobs finish; unfinished ones are picked up again as stalled. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.checkTimer);
    await this.checking;
    await Promise.all(this.workers.map((worker) => worker.close()));
    this.workers = [];
  }
}
