import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { CatalogService } from '../catalog/catalog.service';
import { SummarySlice } from './dashboard-totals';
import { DashboardFilterQuery } from './dto/dashboard-query.dto';

export interface DashboardWhere {
  where: string[];
  params: unknown[];
}

/** The dashboard filters as SQL over `leads l` (live leads only). */
@Injectable()
export class DashboardFilter {
  constructor(
    private readonly catalog: CatalogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async where(filter: DashboardFilterQuery): Promise<DashboardWhere> {
    const params: unknown[] = [];
    const where = ['l.deleted_at IS NULL'];
    if (filter.from) {
      params.push(filter.from, this.config.timezone);
      where.push(`l.created_at >= ($${params.length - 1}::date::timestamp AT TIME ZONE $${params.length})`);
    }
    if (filter.to) {
      params.push(filter.to, this.config.timezone);
      where.push(`l.created_at < (($${params.length - 1}::date + 1)::timestamp AT TIME ZONE $${params.length})`);
    }
    if (filter.teamId) {
      params.push(filter.teamId);
      where.push(`l.team_id = $${params.length}`);
    }
    if (filter.industry) {
      params.push(await this.catalog.branchCodes('industry', filter.industry));
      where.push(`l.industry_code = ANY($${params.length}::text[])`);
    }
    if (filter.zone) {
      params.push(await this.catalog.branchCodes('zone', filter.zone));
      where.push(`l.zone_code = ANY($${params.length}::text[])`);
    }
    return { where, params };
  }

  /**
   * The summary-table slice answering this filter, or null when only the leads themselves can: a date
   * range, or more than one of team, industry and zone.
   */
  async summarySlice(filter: DashboardFilterQuery): Promise<SummarySlice | null> {
    if (filter.from || filter.to) return null;
    const given = [filter.teamId, filter.industry, filter.zone].filter((value) => value !== undefined);
    if (given.length > 1) return null;
    if (filter.teamId) return { dimension: 'team', keys: [filter.teamId] };
    if (filter.industry) return { dimension: 'industry', keys: await this.catalog.branchCodes('industry', filter.industry) };
    if (filter.zone) return { dimension: 'zone', keys: await this.catalog.branchCodes('zone', filter.zone) };
    return { dimension: 'all', keys: [''] };
  }
}
