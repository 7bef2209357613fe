import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../common/auth/auth-user';
import { CursorValueType, decodeCursor } from '../../common/pagination/cursor';
import { CatalogService } from '../catalog/catalog.service';
import { LeadFilterQuery, LeadSort } from './dto/list-leads.query';
import { leadScopeSql } from './lead-access';
import { leadSearchSql } from './lead-search';
import { SearchGramFrequencies } from './search-gram-frequencies';

interface SortSpec {
  expression: string;
  castTo: CursorValueType;
}

const SORTS: Record<string, SortSpec> = {
  createdAt: { expression: 'l.created_at', castTo: 'timestamptz' },
  updatedAt: { expression: 'l.updated_at', castTo: 'timestamptz' },
  code: { expression: 'l.code', castTo: 'text' },
  plannedInvestment: { expression: 'coalesce(l.planned_investment, -1)', castTo: 'numeric' },
  nextFollowUpAt: { expression: "coalesce(l.next_follow_up_at, 'infinity'::timestamptz)", castTo: 'timestamptz' },
};

export interface LeadWhere {
  where: string[];
  params: unknown[];
}

/** Turns the list filters and the caller's scope into SQL over `leads l`; the list and the export share it. */
@Injectable()
export class LeadQueryBuilder {
  constructor(
    private readonly catalog: CatalogService,
    private readonly gramFrequencies: SearchGramFrequencies,
  ) {}

  async where(user: AuthUser, filter: LeadFilterQuery): Promise<LeadWhere> {
    const params: unknown[] = [];
    const where = ['l.deleted_at IS NULL'];
    const scope = leadScopeSql(user, params);
    if (scope) where.push(scope);
    const equal = (column: string, value: unknown) => {
      params.push(value);
      where.push(`${column} = $${params.length}`);
    };
    if (filter.stage) equal('l.stage', filter.stage);
    if (filter.status) equal('l.status', filter.status);
    if (filter.source) equal('l.source', filter.source);
    if (filter.teamId) equal('l.team_id', filter.teamId);
    if (filter.ownerId) equal('l.owner_id', filter.ownerId);
    if (filter.commissionerId) equal('l.commissioner_id', filter.commissionerId);
    if (filter.industry) {
      params.push(await this.catalog.branchCodes('industry', filter.industry));
      where.push(`l.industry_code = ANY($${params.length}::text[])`);
    }
    if (filter.zone) {
      params.push(await this.catalog.branchCodes('zone', filter.zone));
      where.push(`l.zone_code = ANY($${params.length}::text[])`);
    }
    if (filter.keyProject !== undefined) where.push(filter.keyProject ? `l.key_project_level <> 'none'` : `l.key_project_level = 'none'`);
    if (filter.overdue !== undefined) {
      where.push(filter.overdue ? `l.next_follow_up_at < now()` : `(l.next_follow_up_at IS NULL OR l.next_follow_up_at >= now())`);
    }
    const search = filter.q ? leadSearchSql(filter.q, params, await this.gramFrequencies.lookup()) : null;
    if (search) where.push(search);
    return { where, params };
  }

  /** ORDER BY and the keyset condition for a sort, e.g. `-createdAt` after the cursor's key and id (checked against the sort's type). */
  keyset(
    sort: LeadSort,
    cursor: string | undefined,
    params: unknown[],
  ): { orderBy: string; condition: string | null; sortExpression: string } {
    const descending = sort.startsWith('-');
    const spec = SORTS[descending ? sort.slice(1) : sort];
    const direction = descending ? 'DESC' : 'ASC';
    let condition: string | null = null;
    if (cursor) {
      params.push(...decodeCursor(cursor, [spec.castTo, 'uuid']));
      condition = `(${spec.expression}, l.id) ${descending ? '<' : '>'} ($${params.length - 1}::${spec.castTo}, $${params.length}::uuid)`;
    }
    return { orderBy: `${spec.expression} ${direction}, l.id ${direction}`, condition, sortExpression: spec.expression };
  }
}
