import { JobsOptions, RepeatOptions, WorkerOptions } from 'bullmq';
import { AppConfig } from '../../config/app.config';

/** Every queue of the app, in one place; each has its settings in QUEUES. */
export enum QueueName {
  Reminders = 'reminders',
  Scans = 'scans',
  Webhooks = 'webhooks',
  Imports = 'imports',
  /** Housekeeping of the database: folding the dashboard's deltas, expiring idempotency keys. */
  Maintenance = 'maintenance',
}

export enum JobName {
  DeliverReminder = 'deliver-reminder',
  StallScan = 'stall-scan',
  DailyDigest = 'daily-digest',
  Reconcile = 'reconcile',
  SendWebhook = 'send-webhook',
  ProcessImport = 'process-import',
  RequeueImports = 'requeue-imports',
  CompactDashboardTotals = 'compact-dashboard-totals',
  RemoveExpiredIdempotencyKeys = 'remove-expired-idempotency-keys',
  RefreshForecast = 'refresh-forecast',
}

export interface DeliverReminderPayload {
  reminderId: string;
}

export interface SendWebhookPayload {
  notificationId: string;
}

export interface ProcessImportPayload {
  importId: string;
}

/** `horizon`: every pending reminder due within RECONCILE_HORIZON (start, wiped store); `overdue`: only those past due (periodic). */
export interface ReconcilePayload {
  scope?: 'horizon' | 'overdue';
}

export type ScanPayload = Record<string, never>;

/** The payload of each job. */
export interface JobPayloads {
  [JobName.DeliverReminder]: DeliverReminderPayload;
  [JobName.StallScan]: ScanPayload;
  [JobName.DailyDigest]: ScanPayload;
  [JobName.Reconcile]: ReconcilePayload;
  [JobName.SendWebhook]: SendWebhookPayload;
  [JobName.ProcessImport]: ProcessImportPayload;
  [JobName.RequeueImports]: ScanPayload;
  [JobName.CompactDashboardTotals]: ScanPayload;
  [JobName.RemoveExpiredIdempotencyKeys]: ScanPayload;
  [JobName.RefreshForecast]: ScanPayload;
}

/** The queue that carries each job. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.DeliverReminder]: QueueName.Reminders,
  [JobName.StallScan]: QueueName.Scans,
  [JobName.DailyDigest]: QueueName.Scans,
  [JobName.Reconcile]: QueueName.Scans,
  [JobName.SendWebhook]: QueueName.Webhooks,
  [JobName.ProcessImport]: QueueName.Imports,
  [JobName.RequeueImports]: QueueName.Imports,
  [JobName.CompactDashboardTotals]: QueueName.Maintenance,
  [JobName.RemoveExpiredIdempotencyKeys]: QueueName.Maintenance,
  [JobName.RefreshForecast]: QueueName.Maintenance,
};

/** A repeatable job, registered as a BullMQ job scheduler under `id` (the only periodic mechanism of the app). */
export interface SchedulerSpec<J extends JobName = JobName> {
  id: string;
  job: J;
  data: JobPayloads[J];
  repeat: Omit<RepeatOptions, 'key'>;
}

export interface QueueSettings {
  /** Job defaults: retries with exponential backoff; finished jobs kept briefly for the dashboard. */
  jobs: JobsOptions;
  worker: (config: AppConfig) => Pick<WorkerOptions, 'concurrency' | 'lockDuration' | 'stalledInterval'>;
  schedulers?: (config: AppConfig) => SchedulerSpec[];
  /**
   * Rebuilds the queue from PostgreSQL (the truth): run inline at worker start and when the job schedulers
   * were found missing (a queue store that restarted empty or was flushed).
   */
  repair?: { job: JobName; data: JobPayloads[JobName] };
}

/** Checks a scheduler's payload against its job. */
const scheduler = <J extends JobName>(spec: SchedulerSpec<J>): SchedulerSpec => spec;

/** Reminder workers share their lock settings: a killed worker's job is picked up again after about one lock. */
const reminderLocks = (config: AppConfig) => ({
  lockDuration: config.reminders.workerLockMs,
  stalledInterval: Math.max(1000, Math.floor(config.reminders.workerLockMs / 2)),
});

/** Every queue and its settings. */
export const QUEUES: Record<QueueName, QueueSettings> = {
  [QueueName.Reminders]: {
    jobs: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 3600, count: 20_000 },
      removeOnFail: { age: 7 * 86400 },
    },
    worker: (config) => ({ ...reminderLocks(config), concurrency: config.reminders.workerConcurrency }),
    repair: { job: JobName.Reconcile, data: { scope: 'horizon' } },
  },
  [QueueName.Scans]: {
    jobs: { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
    worker: (config) => ({ ...reminderLocks(config), concurrency: 1 }),
    schedulers: (config) => [
      scheduler({
        id: 'stall-scan',
        job: JobName.StallScan,
        data: {},
        repeat: { pattern: config.reminders.stallScanPattern, tz: config.timezone },
      }),
      scheduler({
        id: 'daily-digest',
        job: JobName.DailyDigest,
        data: {},
        repeat: { pattern: config.reminders.digestPattern, tz: config.timezone },
      }),
      scheduler({
        id: 'reconcile',
        job: JobName.Reconcile,
        data: { scope: 'overdue' },
        repeat: { every: config.reminders.reconcileEveryMs },
      }),
    ],
  },
  [QueueName.Webhooks]: {
    jobs: { attempts: 6, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: { age: 3600 }, removeOnFail: { age: 7 * 86400 } },
    worker: (config) => ({ ...reminderLocks(config), concurrency: 4 }),
  },
  [QueueName.Imports]: {
    // An import resumes where it stopped, so a retry is cheap; a file that cannot be read fails at once (UnrecoverableError).
    jobs: { attempts: 5, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
    // one import at a time: an import keeps a core busy, and the machine's other work must go on
    worker: () => ({ concurrency: 1, lockDuration: 60_000 }),
    // an upload while the queue was away is queued again without a restart
    schedulers: (config) => [
      scheduler({ id: 'requeue-imports', job: JobName.RequeueImports, data: {}, repeat: { every: config.reminders.reconcileEveryMs } }),
    ],
    repair: { job: JobName.RequeueImports, data: {} },
  },
  [QueueName.Maintenance]: {
    jobs: { attempts: 2, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
    worker: () => ({ concurrency: 1 }),
    schedulers: (config) => [
      // idempotent: a new forecast snapshot only when leads changed or the day turned (ForecastSnapshots.refresh)
      scheduler({ id: 'refresh-forecast', job: JobName.RefreshForecast, data: {}, repeat: { every: config.forecast.refreshEveryMs } }),
      // reads are exact either way; folding keeps the summary tables a few hundred rows
      scheduler({ id: 'compact-dashboard-totals', job: JobName.CompactDashboardTotals, data: {}, repeat: { every: 60_000 } }),
      // a client retries within minutes; expired keys are only garbage (a claim takes an expired row over anyway)
      scheduler({
        id: 'remove-expired-idempotency-keys',
        job: JobName.RemoveExpiredIdempotencyKeys,
        data: {},
        repeat: { every: 3_600_000 },
      }),
    ],
  },
};

/** How long a request waits for the queue after its commit before it answers anyway (the reconciler catches up). */
export const ENQUEUE_TIMEOUT_MS = 1000;

/** Job ids are deterministic so a job cannot be queued twice; BullMQ forbids ':' in custom ids. */
export const reminderJobId = (reminderId: string): string => `rem-${reminderId}`;
export const webhookJobId = (notificationId: string): string => `hook-${notificationId}`;
export const importJobId = (importId: string): string => `import-${importId}`;

/** A job to add: deterministic id, and the time it should run (none: at once). */
export interface QueuedJob<J extends JobName = JobName> {
  name: J;
  data: JobPayloads[J];
  jobId: string;
  runAt?: Date;
}

export const reminderJob = (reminderId: string, dueAt: Date): QueuedJob<JobName.DeliverReminder> => ({
  name: JobName.DeliverReminder,
  data: { reminderId },
  jobId: reminderJobId(reminderId),
  runAt: dueAt,
});

export const webhookJob = (notificationId: string): QueuedJob<JobName.SendWebhook> => ({
  name: JobName.SendWebhook,
  data: { notificationId },
  jobId: webhookJobId(notificationId),
});
