import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogService } from '../catalog/catalog.service';
import { LeadConditions, LeadWhere, NO_GROUP } from '../leads/lead-conditions';
import { SummarySlice } from './dashboard-totals';
import { DashboardFilterQuery } from './dto/dashboard-query.dto';

export type DashboardWhere = LeadWhere;

/** The dashboard filters as SQL over `leads l` (live leads only), the list's own definition (LeadConditions). */
@Injectable()
export class DashboardFilter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
   * range. One of team, industry and zone is that dimension's keys ('' for no team or zone); more than one
   * is the cells (`team|industry|zone`) they name together, every value of a dimension not given.
   */
  async summarySlice(filter: DashboardFilterQuery): Promise<SummarySlice | null> {
    if (filter.from || filter.to) {
      const dated = filter.teamId === undefined && filter.industry === undefined && filter.zone === undefined;
      return dated ? this.monthSlice(filter) : null;
    }
    const teams = filter.teamId === undefined ? undefined : [filter.teamId === NO_GROUP ? '' : filter.teamId];
    const industries = filter.industry === undefined ? undefined : await this.catalog.branchCodes('industry', filter.industry);
    const zones =
      filter.zone === undefined ? undefined : filter.zone === NO_GROUP ? [''] : await this.catalog.branchCodes('zone', filter.zone);
    const given = [teams, industries, zones].filter((keys) => keys !== undefined).length;
    if (given === 0) return { dimension: 'all', keys: [''] };
    if (given === 1) {
      if (teams) return { dimension: 'team', keys: teams };
      if (industries) return { dimension: 'industry', keys: industries };
      return { dimension: 'zone', keys: zones ?? [] };
    }
    const everyTeam = async () => [
      '',
      ...(await this.dataSource.query<Array<{ id: string }>>(`SELECT id::text AS id FROM teams`)).map((t) => t.id),
    ];
    const cells: string[] = [];
    for (const team of teams ?? (await everyTeam()))
      for (const industry of industries ?? [...(await this.catalog.industryNames()).keys()])
        for (const zone of zones ?? ['', ...(await this.catalog.zoneNames()).keys()]) cells.push(`${team}|${industry}|${zone}`);
    // a transition's lead is tested by the filter itself, not by its cell among hundreds of keys
    const leads: DashboardWhere = { where: ['l.deleted_at IS NULL'], params: ['', []] };
    await this.conditions.figureFilter(leads, filter);
    return { dimension: 'cell', keys: cells, leads: { edges: null, range: leads.where, params: leads.params.slice(2) } };
  }

  /**
   * A date range as the summary's creation months (UTC) wholly inside it, plus the leads of its partial
   * months read from the leads themselves (at most two months' worth). An open end is the first or
   * last live lead's creation.
   */
  private async monthSlice(filter: DashboardFilterQuery): Promise<SummarySlice> {
    const range: DashboardWhere = { where: ['l.deleted_at IS NULL'], params: ['', []] };
    await this.conditions.figureFilter(range, { from: filter.from, to: filter.to });
    const period: DashboardWhere = { where: [], params: [] };
    const { start, end } = this.conditions.periodSql(period, filter);
    const [bounds] = await this.dataSource.query<Array<{ first: Date | null; end: Date | null }>>(
      `SELECT coalesce(${start ?? 'NULL'}, (SELECT min(created_at) FROM leads WHERE deleted_at IS NULL)) AS first,
              coalesce(${end ?? 'NULL'}, (SELECT max(created_at) + interval '1 millisecond' FROM leads WHERE deleted_at IS NULL)) AS end`,
      period.params,
    );
    const months: string[] = [];
    const monthStart = (year: number, month: number) => new Date(Date.UTC(year, month, 1));
    let full: { start: Date; end: Date } | null = null;
    if (bounds.first && bounds.end) {
      let month = monthStart(bounds.first.getUTCFullYear(), bounds.first.getUTCMonth());
      if (month < bounds.first) month = monthStart(month.getUTCFullYear(), month.getUTCMonth() + 1);
      const first = month;
      for (let next = monthStart(month.getUTCFullYear(), month.getUTCMonth() + 1); next <= bounds.end;) {
        months.push(month.toISOString().slice(0, 7));
        month = next;
        next = monthStart(month.getUTCFullYear(), month.getUTCMonth() + 1);
      }
      if (months.length > 0) full = { start: first, end: month };
    }
    const params = range.params.slice(2);
    let edges = range.where;
    if (full && bounds.first && bounds.end) {
      // two ranges of the creation index (before the first whole month, after the last), not the range less the months
      const at = (value: Date) => `$${params.push(value) + 2}`;
      edges = [
        ...range.where,
        `((l.created_at >= ${at(bounds.first)} AND l.created_at < ${at(full.start)}) OR (l.created_at >= ${at(full.end)} AND l.created_at < ${at(bounds.end)}))`,
      ];
    }
    return { dimension: 'month', keys: months, leads: { edges, range: range.where, params } };
  }
}
