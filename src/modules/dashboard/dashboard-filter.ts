import { Injectable } from '@nestjs/common';
import { CatalogService } from '../catalog/catalog.service';
import { LeadConditions, LeadWhere, NO_GROUP } from '../leads/lead-conditions';
import { SummarySlice } from './dashboard-totals';
import { DashboardFilterQuery } from './dto/dashboard-query.dto';

export type DashboardWhere = LeadWhere;

/** The dashboard filters as SQL over `leads l` (live leads only), the list's own definition (LeadConditions). */
@Injectable()
export class DashboardFilter {
  constructor(
    private readonly catalog: CatalogService,
    private readonly conditions: LeadConditions,
  ) {}

  async where(filter: DashboardFilterQuery): Promise<DashboardWhere> {
    const w: DashboardWhere = { where: ['l.deleted_at IS NULL'], params: [] };
    await this.conditions.figureFilter(w, filter);
    return w;
  }

  /**
   * The summary-table slice answering this filter, or null when only the leads themselves can: a date
   * range, leads without a team or zone, or more than one of team, industry and zone.
   */
  async summarySlice(filter: DashboardFilterQuery): Promise<SummarySlice | null> {
    if (filter.from || filter.to || filter.teamId === NO_GROUP || filter.zone === NO_GROUP) return null;
    const given = [filter.teamId, filter.industry, filter.zone].filter((value) => value !== undefined);
    if (given.length > 1) return null;
    if (filter.teamId) return { dimension: 'team', keys: [filter.teamId] };
    if (filter.industry) return { dimension: 'industry', keys: await this.catalog.branchCodes('industry', filter.industry) };
    if (filter.zone) return { dimension: 'zone', keys: await this.catalog.branchCodes('zone', filter.zone) };
    return { dimension: 'all', keys: [''] };
  }
}
