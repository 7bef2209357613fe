import { Injectable } from '@nestjs/common';
import { OnJob } from '../../common/queue/on-job.decorator';
import { JobName } from '../../common/queue/queue.constants';
import { ForecastSnapshots } from './forecast-snapshots.service';

/** Takes the forecast snapshot (scheduled every FORECAST_REFRESH_EVERY); a no-op while the latest is fresh. */
@Injectable()
export class ForecastProcessor {
  constructor(private readonly snapshots: ForecastSnapshots) {}

  /** Answers the new snapshot's id, or null when none was needed. */
  @OnJob(JobName.RefreshForecast)
  refresh(): Promise<number | null> {
    return this.snapshots.refresh();
  }
}
