import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogService } from '../catalog/catalog.service';
import { LeadConditions, LeadWhere, NO_GROUP } from '../leads/lead-conditions';
import { MonthlyDimension, SingleDimension, SummarySlice } from './dashboard-totals';
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
   * The summary-table slice answering this filter. One of team, industry and zone is that dimension's keys
   * ('' for no team or zone); more than one is the cells (`team|industry|zone`) they name together, every value
   * of a dimension not given; with a date range, those keys per creation month.
   */
  async summarySlice(filter: DashboardFilterQuery): Promise<SummarySlice> {
    const teams = filter.teamId === undefined ? undefined : [filter.teamId === NO_GROUP ? '' : filter.teamId];
    const industries = filter.industry === undefined ? undefined : await this.catalog.branchCodes('industry', filter.industry);
    const zones =
      filter.zone === undefined ? undefined : filter.zone === NO_GROUP ? [''] : await this.catalog.branchCodes('zone', filter.zone);
    const given = (
      [
        ['team', teams],
        ['industry', industries],
        ['zone', zones],
      ] as const
    ).filter((d): d is readonly [SingleDimension, string[]] => d[1] !== undefined);
    const dated = Boolean(filter.from || filter.to);
    if (given.length <= 1) {
      const [dimension, keys] = given[0] ?? ['all', ['']];
      return dated ? this.monthSlice(filter, dimension, keys) : { dimension, keys };
    }
    const everyTeam = async () => [
      '',
      ...(await this.dataSource.query<Array<{ id: string }>>(`SELECT id::text AS id FROM teams`)).map((t) => t.id),
    ];
    const cells: string[] = [];
    for (const team of teams ?? (await everyTeam()))
      for (const industry of industries ?? [...(await this.catalog.industryNames()).keys()])
        for (const zone of zones ?? ['', ...(await this.catalog.zoneNames()).keys()]) cells.push(`${team}|${industry}|${zone}`);
    if (dated) return this.monthSlice(filter, 'cell', cells);
    // a transition's lead is tested by the filter itself, not by its cell among hundreds of keys
    const leads: DashboardWhere = { where: ['l.deleted_at IS NULL'], params: ['', []] };
    await this.conditions.figureFilter(leads, filter);
    return { dimension: 'cell', keys: cells, leads: { edges: null, range: leads.where, params: leads.params.slice(2) } };
  }

  /**
   * A date range over everything or one dimension's `keys`, from the summary's creation months (UTC; 'month',
   * or the dimension's `_month` keys `key|YYYY-MM`): the months inside the range, or, when fewer lie outside it,
   * the whole dimension less those (`less`). A month the range cuts counts as inside or outside, whichever
   * leaves fewer hours to correct from the leads themselves (`edges`: +1 for the leads of the range in a month
   * counted outside, −1 for the leads outside it in a month counted inside), so a district-calendar year is
   * its UTC months and two 8-hour corrections. An open end reaches the first or last live lead's month.
   */
  private async monthSlice(filter: DashboardFilterQuery, dimension: MonthlyDimension | 'all', keys: string[]): Promise<SummarySlice> {
    const period: DashboardWhere = { where: [], params: [] };
    const { start, end } = this.conditions.periodSql(period, filter);
    const [bounds] = await this.dataSource.query<Array<{ start: Date | null; end: Date | null; first: Date | null; last: Date | null }>>(
      `SELECT ${start ?? 'NULL::timestamptz'} AS start, ${end ?? 'NULL::timestamptz'} AS end,
              (SELECT min(created_at) FROM leads WHERE deleted_at IS NULL) AS first, (SELECT max(created_at) FROM leads WHERE deleted_at IS NULL) AS last`,
      period.params,
    );
    // the filter without its dates, then the range as bounds computed once (the same instants periodSql gives)
    const scope: DashboardWhere = { where: ['l.deleted_at IS NULL'], params: ['', []] };
    await this.conditions.figureFilter(scope, { teamId: filter.teamId, industry: filter.industry, zone: filter.zone });
    const params = scope.params.slice(2);
    const at = (value: Date) => `$${params.push(value) + 2}`;
    const range = [...scope.where];
    if (bounds.start) range.push(`l.created_at >= ${at(bounds.start)}`);
    if (bounds.end) range.push(`l.created_at < ${at(bounds.end)}`);
    const monthly = (months: string[]): Pick<SummarySlice, 'dimension' | 'keys'> =>
      dimension === 'all'
        ? { dimension: 'month', keys: months }
        : { dimension: `${dimension}_month`, keys: months.flatMap((month) => keys.map((key) => `${key}|${month}`)) };
    if (!bounds.first || !bounds.last) return { ...monthly([]), leads: { edges: null, range, params } };

    // no live lead was created before the first or after the last: months are measured within those bounds
    const first = bounds.first.getTime();
    const last = bounds.last.getTime() + 1;
    const from = Math.max(bounds.start?.getTime() ?? first, first);
    const to = Math.min(bounds.end?.getTime() ?? last, last);
    const monthStart = (time: Date, add = 0) => new Date(Date.UTC(time.getUTCFullYear(), time.getUTCMonth() + add, 1));
    const inside: string[] = [];
    const outside: string[] = [];
    const corrections: Array<{ from: number; to: number }> = [];
    for (let month = monthStart(bounds.first); month <= bounds.last; month = monthStart(month, 1)) {
      const span = { from: Math.max(month.getTime(), first), to: Math.min(monthStart(month, 1).getTime(), last) };
      const cut = { from: Math.max(span.from, from), to: Math.min(span.to, to) };
      const covered = Math.max(0, cut.to - cut.from);
      const key = month.toISOString().slice(0, 7);
      if (covered > 0 && 2 * covered >= span.to - span.from) {
        inside.push(key);
        if (cut.from > span.from) corrections.push({ from: span.from, to: cut.from });
        if (cut.to < span.to) corrections.push({ from: cut.to, to: span.to });
      } else {
        outside.push(key);
        if (covered > 0) corrections.push(cut);
      }
    }
    let edges: NonNullable<SummarySlice['leads']>['edges'] = null;
    if (corrections.length > 0) {
      // each a range of the creation index; a lead there counts +1 if the filter's range holds it (its month
      // counted outside), −1 if not (its month counted inside)
      const spans = corrections.map((c) => `(l.created_at >= ${at(new Date(c.from))} AND l.created_at < ${at(new Date(c.to))})`);
      const dates = range.slice(scope.where.length);
      edges = {
        spans: `(${spans.join(' OR ')})`,
        where: scope.where,
        sign: `CASE WHEN ${dates.length > 0 ? dates.join(' AND ') : 'true'} THEN 1 ELSE -1 END`,
      };
    }
    const leads = { edges, range, params };
    if (outside.length < inside.length) {
      const whole: Pick<SummarySlice, 'dimension' | 'keys'> = dimension === 'all' ? { dimension: 'all', keys: [''] } : { dimension, keys };
      return { ...whole, ...(outside.length > 0 ? { less: monthly(outside) } : {}), leads };
    }
    return { ...monthly(inside), leads };
  }
}
