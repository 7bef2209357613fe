import { JobsOptions } from 'bullmq';

/** Every queue of the app, in one place. */
export enum QueueName {
  Reminders = 'reminders',
  Scans = 'scans',
  Webhooks = 'webhooks',
}

export enum JobName {
  DeliverReminder = 'deliver-reminder',
  StallScan = 'stall-scan',
  DailyDigest = 'daily-digest',
  Reconcile = 'reconcile',
  SendWebhook = 'send-webhook',
  ProcessImport = 'process-import',
}

export interface DeliverReminderPayload {
  reminderId: string;
}

export interface SendWebhookPayload {
  notificationId: string;
}

export type ScanPayload = Record<string, never>;

/**
 * Spreadsheet imports have their own queue, kept out of QueueName because ReminderQueue opens one queue
 * per QueueName member; its producer and worker live in the spreadsheets module.
 */
export const IMPORTS_QUEUE = 'imports';

export interface ProcessImportPayload {
  importId: string;
}

/** An import resumes where it stopped, so a retry is cheap; a file that cannot be read fails at once (UnrecoverableError). */
export const IMPORT_JOB_DEFAULTS: JobsOptions = { attempts: 5, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } };

/** Per-queue job defaults: retries with exponential backoff; finished jobs kept briefly for the dashboard. */
export const QUEUE_JOB_DEFAULTS: Record<QueueName, JobsOptions> = {
  [QueueName.Reminders]: { attempts: 8, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { age: 3600, count: 20_000 }, removeOnFail: { age: 7 * 86400 } },
  [QueueName.Scans]: { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
  [QueueName.Webhooks]: { attempts: 6, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: { age: 3600 }, removeOnFail: { age: 7 * 86400 } },
};

/** How long a request waits for the queue after its commit before it answers anyway (the reconciler catches up). */
export const ENQUEUE_TIMEOUT_MS = 1000;

/** Job ids are deterministic so a job cannot be queued twice; BullMQ forbids ':' in custom ids. */
export const reminderJobId = (reminderId: string): string => `rem-${reminderId}`;
export const webhookJobId = (notificationId: string): string => `hook-${notificationId}`;
export const importJobId = (importId: string): string => `import-${importId}`;
