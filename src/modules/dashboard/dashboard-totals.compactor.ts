import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DashboardTotals } from './dashboard-totals';

const COMPACT_EVERY_MS = 60_000;

/**
 * Folds the summary tables' deltas once a minute in processes that run workers (WorkerModule). Reads are exact either way; folding
 * keeps them a few hundred rows. Safe on many workers at once (the SQL function takes an advisory lock).
 */
@Injectable()
export class DashboardTotalsCompactor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DashboardTotalsCompactor.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly totals: DashboardTotals) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.compactOnce(), COMPACT_EVERY_MS);
    this.timer.unref();
  }

  async compactOnce(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.totals
      .compact()
      .then((folded) => {
        if (folded > 0) this.logger.debug({ msg: 'dashboard totals compacted', rowsFolded: folded });
      })
      .catch((error: Error) => this.logger.warn({ msg: 'dashboard totals compaction failed', error: error.message }))
      .finally(() => (this.running = null));
    return this.running;
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
