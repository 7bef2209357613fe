import { describe, expect, it } from '@jest/globals';
import { loadAppConfig } from '../../config/app.config';
import { DashboardTotalsProcessor } from '../../modules/dashboard/dashboard-totals.processor';
import { ForecastProcessor } from '../../modules/forecast/forecast.processor';
import { IdempotencyProcessor } from '../idempotency/idempotency.processor';
import { ImportsProcessor } from '../../modules/spreadsheets/imports.processor';
import { RemindersProcessor } from '../../modules/reminders/reminders.processor';
import { checkHandlers, FoundHandler, QueueSetupError } from './job-handlers';
import { OnJob } from './on-job.decorator';
import { JOB_QUEUE, JobName, QueueName, QUEUES } from './queue.constants';

/** The @OnJob methods of the app's processors, read from their metadata as the workers' discovery does. */
function declaredHandlers(): FoundHandler[] {
  const found: FoundHandler[] = [];
  for (const processor of [RemindersProcessor, ImportsProcessor, DashboardTotalsProcessor, IdempotencyProcessor, ForecastProcessor]) {
    const prototype = processor.prototype as unknown as Record<string, unknown>;
    for (const method of Object.getOwnPropertyNames(prototype)) {
      const job = Reflect.getMetadata(OnJob.KEY, prototype[method] as object) as JobName | undefined;
      if (job) found.push({ job, label: `${processor.name}.${method}`, run: () => Promise.resolve(undefined) });
    }
  }
  return found;
}

const config = loadAppConfig({
  NODE_ENV: 'test',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/unused',
  JWT_SECRET: 'test-secret-0123456789abcdef',
});

describe('checkHandlers', () => {
  it('finds exactly one handler for every job of every queue among the app’s processors', () => {
    const handlers = checkHandlers(declaredHandlers());
    expect([...handlers.keys()].sort()).toEqual(Object.values(JobName).sort());
  });

  it('fails the start naming the job and its queue when a job has no handler', () => {
    const withoutImports = declaredHandlers().filter((handler) => handler.job !== JobName.ProcessImport);
    expect(() => checkHandlers(withoutImports)).toThrow(QueueSetupError);
    expect(() => checkHandlers(withoutImports)).toThrow('no handler for job "process-import" (queue "imports")');
  });

  it('fails the start naming both handlers when a job has two', () => {
    const handlers = declaredHandlers();
    const twice = [...handlers, { ...handlers[0], label: 'Other.handler' }];
    expect(() => checkHandlers(twice)).toThrow(`job "${handlers[0].job}" has two handlers: ${handlers[0].label} and Other.handler`);
  });
});

describe('QUEUES', () => {
  it('declares every queue, each carrying at least one job', () => {
    expect(Object.keys(QUEUES).sort()).toEqual(Object.values(QueueName).sort());
    for (const queue of Object.values(QueueName)) expect(Object.values(JOB_QUEUE)).toContain(queue);
  });

  it('puts each scheduler on a job of its own queue under a unique id, and names the repairs', () => {
    const ids: string[] = [];
    for (const queue of Object.values(QueueName)) {
      for (const scheduler of QUEUES[queue].schedulers?.(config) ?? []) {
        expect({ scheduler: scheduler.id, queue: JOB_QUEUE[scheduler.job] }).toEqual({ scheduler: scheduler.id, queue });
        ids.push(scheduler.id);
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([
      'compact-dashboard-totals',
      'daily-digest',
      'reconcile',
      'refresh-forecast',
      'remove-expired-idempotency-keys',
      'requeue-imports',
      'stall-scan',
    ]);
    expect(
      Object.values(QUEUES)
        .filter((settings) => settings.repair)
        .map((settings) => settings.repair?.job)
        .sort(),
    ).toEqual([JobName.Reconcile, JobName.RequeueImports]);
  });

  it('gives every queue retries with backoff and bounded job retention', () => {
    for (const queue of Object.values(QueueName)) {
      const { jobs } = QUEUES[queue];
      expect({
        queue,
        retries: (jobs.attempts ?? 1) > 1,
        backoff: jobs.backoff !== undefined,
        kept: jobs.removeOnComplete !== undefined && jobs.removeOnFail !== undefined,
      }).toEqual({
        queue,
        retries: true,
        backoff: true,
        kept: true,
      });
      expect(QUEUES[queue].worker(config).concurrency).toBeGreaterThanOrEqual(1);
    }
  });
});
