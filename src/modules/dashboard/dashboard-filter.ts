import { Injectable } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { AppError } from '../../common/errors/app-error';
import { CatalogService } from '../catalog/catalog.service';
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
      const codes = await this.catalog.industryWithDescendants(filter.industry);
      if (!codes.length) throw AppError.validation(`industry "${filter.industry}" is not in the catalog`, [{ field: 'industry', errors: ['unknown industry code'] }]);
      params.push(codes);
      where.push(`l.industry_code = ANY($${params.length}::text[])`);
    }
    if (filter.zone) {
      const codes = await this.catalog.zoneWithDescendants(filter.zone);
      if (!codes.length) throw AppError.validation(`zone "${filter.zone}" is not in the catalog`, [{ field: 'zone', errors: ['unknown zone code'] }]);
      params.push(codes);
      where.push(`l.zone_code = ANY($${params.length}::text[])`);
    }
    return { where, params };
  }
}
