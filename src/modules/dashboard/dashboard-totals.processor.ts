import { Injectable } from '@nestjs/common';
import { OnJob } from '../../common/queue/on-job.decorator';
import { JobName } from '../../common/queue/queue.constants';
import { DashboardTotals } from './dashboard-totals';

/**
 * Folds the summary tables' deltas (scheduled once a minute in QUEUES). Reads are exact either way; folding
 * keeps them a few hundred rows. Safe on many workers at once (the SQL function takes an advisory lock).
 */
@Injectable()
export class DashboardTotalsProcessor {
  constructor(private readonly totals: DashboardTotals) {}

  /** Answers how many delta rows it folded. */
  @OnJob(JobName.CompactDashboardTotals)
  compact(): Promise<number> {
    return this.totals.compact();
  }
}
