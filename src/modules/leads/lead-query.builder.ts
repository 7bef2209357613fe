import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../common/auth/auth-user';
import { CursorValueType, decodeCursor } from '../../common/pagination/cursor';
import { sqlLiteral } from '../../common/sql/sql-list';
import { LeadFilterQuery, LeadSort, LeadSortKey } from './dto/list-leads.query';
import { leadScopeSql } from './lead-access';
import { LeadConditions, LeadWhere, lostReasonsSql, lostToSql, openIssueSql, overdueFollowUpSql } from './lead-conditions';
import { KeyProjectLevel, STAGE_ORDER } from './lead.enums';
import { leadSearchSql } from './lead-search';
import { SearchGramFrequencies } from './search-gram-frequencies';

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

  async where(user: AuthUser, filter: LeadFilterQuery): Promise<LeadWhere> {
    const w: LeadWhere = { where: ['l.deleted_at IS NULL'], params: [] };
    const { where, params } = w;
    const scope = leadScopeSql(user, params);
    if (scope) where.push(scope);
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
    const search = filter.q ? leadSearchSql(filter.q, params, await this.gramFrequencies.lookup()) : null;
    if (search) where.push(search);
    return w;
  }

  /** ORDER BY and the keyset condition for a sort, e.g. `-createdAt` after the cursor's key and id (checked against the sort's type). */
  keyset(
    sort: LeadSort,
    cursor: string | undefined,
    params: unknown[],
  ): { orderBy: string; condition: string | null; sortExpression: string } {
    const descending = sort.startsWith('-');
    const spec = SORTS[(descending ? sort.slice(1) : sort) as LeadSortKey];
    const direction = descending ? 'DESC' : 'ASC';
    let condition: string | null = null;
    if (cursor) {
      params.push(...decodeCursor(cursor, [spec.castTo, 'uuid']));
      condition = `(${spec.expression}, l.id) ${descending ? '<' : '>'} ($${params.length - 1}::${spec.castTo}, $${params.length}::uuid)`;
    }
    return { orderBy: `${spec.expression} ${direction}, l.id ${direction}`, condition, sortExpression: spec.expression };
  }
}
