import { DiscoveryService } from '@nestjs/core';
import type { Job } from 'bullmq';
import { JobName, JobPayloads } from './queue.constants';

/** What a job handler gets: the payload, and the BullMQ job and lock token when it runs from a queue (not for an inline repair). */
export interface JobContext<J extends JobName> {
  data: JobPayloads[J];
  job?: Job<JobPayloads[J]>;
  token?: string;
}

/**
 * Marks a provider method as the handler of a job: `@OnJob(JobName.X) handle(context: JobContext<JobName.X>)`.
 * The handlers are found at worker start; a job without one, or with two, fails the start.
 */
export const OnJob = DiscoveryService.createDecorator<JobName>();
