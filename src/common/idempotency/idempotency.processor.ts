import { Injectable } from '@nestjs/common';
import { OnJob } from '../queue/on-job.decorator';
import { JobName } from '../queue/queue.constants';
import { IdempotencyStore } from './idempotency.store';

/** Expires old idempotency keys (scheduled hourly in QUEUES). */
@Injectable()
export class IdempotencyProcessor {
  constructor(private readonly store: IdempotencyStore) {}

  @OnJob(JobName.RemoveExpiredIdempotencyKeys)
  removeExpired(): Promise<number> {
    return this.store.removeExpired();
  }
}
