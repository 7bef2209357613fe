import { Injectable } from '@nestjs/common';
import { AuthUser, seesEverything } from '../../common/auth/auth-user';
import { CursorValueType, decodeCursor } from '../../common/pagination/cursor';
import { sqlLiteral } from '../../common/sql/sql-list';
import { LeadFilterQuery, LeadSort, LeadSortKey } from './dto/list-leads.query';
import { leadScopeBranches, leadScopeSql, leadScopeTeam } from './lead-access';
import { LeadConditions, LeadWhere, lostReasonsSql, lostToSql, openIssueSql, overdueFollowUpSql } from './lead-conditions';
import { KeyProjectLevel, STAGE_ORDER } from './lead.enums';
import { leadSearch, SearchPage } from './lead-search';
import { SearchGramFrequencies, SearchStatistics } from './search-gram-frequencies';

/** A page's conditions: one SELECT (`where`), or the scope's disjoint UNION ALL arms, each also on `where`; `walk` marks a list-order walk. */
export interface LeadPageWhere extends LeadWhere {
  walk: boolean;
  branches: Array<{ where: string; walk: boolean }> | null;
}

interface SortSpec {
  expression: string;
  castTo: CursorValueType;
}

const rank = (values: readonly string[], column: string) =>
  `(CASE ${column} ${values.map((value, i) => `WHEN ${sqlLiteral(value)} THEN ${i}`).join(' ')} END)::bigint`;

/** The SQL of each sort key of LEAD_SORT_KEYS; nulls sort as the lowest (or, for follow-ups, the latest) value. */
const SORTS: Record<LeadSortKey, SortSpec> = {
  createdAt: { expression: 'l.created_at', castTo: 'timestamptz' },
  updatedAt: { expression: 'l.updated_at', castTo: 'timestamptz' },
  code: { expression: 'l.code', castTo: 'text' },
  name: { expression: 'l.name', castTo: 'text' },
  stage: { expression: rank(STAGE_ORDER, 'l.stage'), castTo: 'bigint' },
  investment: { expression: 'coalesce(l.contract_investment, l.planned_investment, -1)', castTo: 'numeric' },
  plannedInvestment: { expression: 'coalesce(l.planned_investment, -1)', castTo: 'numeric' },
  nextFollowUpAt: { expression: "coalesce(l.next_follow_up_at, 'infinity'::timestamptz)", castTo: 'timestamptz' },
  keyProjectLevel: { expression: rank(Object.values(KeyProjectLevel), 'l.key_project_level'), castTo: 'bigint' },
};

/** Turns the list filters and the caller's scope into SQL over `leads l`; the list and the export share it. */
@Injectable()
export class LeadQueryBuilder {
  constructor(
    private readonly conditions: LeadConditions,
    private readonly gramFrequencies: SearchGramFrequencies,
  ) {}

  /** The conditions of every lead the filters and the caller's scope select (count, export). */
  async where(user: AuthUser, filter: LeadFilterQuery): Promise<LeadWhere> {
    const w: LeadWhere = { where: ['l.deleted_at IS NULL'], params: [] };
    const scope = leadScopeSql(user, w.params);
    if (scope) w.where.push(scope);
    await this.filters(w, filter);
    return w;
  }

  /**
   * The conditions of a page of pageRows leads. A search by a caller who does not see every lead names
   * the scope as disjoint branches (leadScopeBranches), each with its own search condition, read as one
   * UNION ALL arm each: the team's arm may walk the team's leads in list order (leadSearch decides, at
   * the team's size); the others (the caller's own or assigned leads outside the team, few) find their
   * matches by the search index, which holds team and owner beside the grams. A walk is considered only
   * in created_at order (the order of the walked indexes) and with no other filter (which would thin it).
   */
  async page(user: AuthUser, filter: LeadFilterQuery, sort: LeadSort, pageRows: number): Promise<LeadPageWhere> {
    const w: LeadWhere = { where: ['l.deleted_at IS NULL'], params: [] };
    const statistics = await this.gramFrequencies.lookup();
    await this.filters(w, { ...filter, q: undefined });
    const walkable = w.where.length === 1 && (sort === '-createdAt' || sort === 'createdAt');
    if (seesEverything(user) || !filter.q?.trim()) {
      const scope = leadScopeSql(user, w.params);
      if (scope) w.where.push(scope);
      const walk = this.search(w, filter.q, statistics, walkable ? { scopeRows: statistics.leads, pageRows } : undefined);
      return { ...w, walk, branches: null };
    }
    const scopes = leadScopeBranches(user, w.params) ?? [];
    const team = leadScopeTeam(user);
    const teamRows = walkable && team ? statistics.leads * statistics.teamShare(team) : 0;
    const branches = scopes.map((scope, i) => {
      const arm: LeadWhere = { where: [scope], params: w.params };
      // the first branch is the team's when the caller has one (leadScopeBranches puts it first)
      const walk = this.search(arm, filter.q, statistics, i === 0 && teamRows > 0 ? { scopeRows: teamRows, pageRows } : undefined);
      return { where: arm.where.join(' AND '), walk };
    });
    return { ...w, walk: false, branches };
  }

  /** Adds the search condition; true when it is a walk in list order (leadSearch). */
  private search(w: LeadWhere, q: string | undefined, statistics: SearchStatistics, page?: SearchPage): boolean {
    const search = q ? leadSearch(q, w.params, statistics.frequencyOf, 'l', page) : null;
    if (search) w.where.push(search.sql);
    return search?.walk ?? false;
  }

  private async filters(w: LeadWhere, filter: LeadFilterQuery): Promise<void> {
    const { where, params } = w;
    const equal = (column: string, value: unknown) => {
      params.push(value);
      where.push(`${column} = $${params.length}`);
    };
    const anyOf = (column: string, values: string[], type: string) => {
      params.push(values);
      where.push(`${column} = ANY($${params.length}::${type}[])`);
    };
    if (filter.stage?.length) anyOf('l.stage', filter.stage, 'text');
    if (filter.status?.length) anyOf('l.status', filter.status, 'text');
    if (filter.ids?.length) anyOf('l.id', filter.ids, 'uuid');
    if (filter.lostReason?.length) lostReasonsSql(w, filter.lostReason);
    if (filter.lostTo) lostToSql(w, filter.lostTo);
    if (filter.source) equal('l.source', filter.source);
    if (filter.ownerId) equal('l.owner_id', filter.ownerId);
    if (filter.commissionerId) equal('l.commissioner_id', filter.commissionerId);
    await this.conditions.figureFilter(w, filter);
    if (filter.keyProject !== undefined) where.push(filter.keyProject ? `l.key_project_level <> 'none'` : `l.key_project_level = 'none'`);
    if (filter.overdue !== undefined) where.push(filter.overdue ? overdueFollowUpSql() : `NOT coalesce(${overdueFollowUpSql()}, false)`);
    if (filter.warning) this.conditions.warningLevel(w, filter.warning);
    if (filter.followedUpBy) this.conditions.recentFollowUpBy(w, filter.followedUpBy);
    if (filter.openIssues !== undefined) where.push(filter.openIssues ? openIssueSql() : `NOT ${openIssueSql()}`);
    if (filter.q) this.search(w, filter.q, await this.gramFrequencies.lookup());
  }

  /** ORDER BY and the keyset condition for a sort, e.g. `-createdAt` after the cursor's key and id (checked against the sort's type). */
  keyset(
    sort: LeadSort,
    cursor: string | undefined,
    params: unknown[],
  ): { orderBy: string; pageOrderBy: string; condition: string | null; sortExpression: string } {
    const descending = sort.startsWith('-');
    const spec = SORTS[(descending ? sort.slice(1) : sort) as LeadSortKey];
    const direction = descending ? 'DESC' : 'ASC';
    let condition: string | null = null;
    if (cursor) {
      params.push(...decodeCursor(cursor, [spec.castTo, 'uuid']));
      condition = `(${spec.expression}, l.id) ${descending ? '<' : '>'} ($${params.length - 1}::${spec.castTo}, $${params.length}::uuid)`;
    }
    return {
      orderBy: `${spec.expression} ${direction}, l.id ${direction}`,
      pageOrderBy: `"_sortValue" ${direction}, id ${direction}`,
      condition,
      sortExpression: spec.expression,
    };
  }
}
