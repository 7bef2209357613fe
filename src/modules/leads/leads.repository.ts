import { DOUBLE_SIGNED_SQL, DoubleSignedRow } from './double-signing';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { LeadEvent } from '../audit/lead-event.entity';
import type { ChainSegment } from '../chains/chain.model';
import { leadSelectList, mapLeadRow, LEAD_COLUMN_BY_PROPERTY } from './lead-columns';
import { Lead } from './lead.entity';
import { creditCodeHolderSql } from './credit-code-holder';

export interface LeadDetailExtras {
  latestAssessment: { id: string; total: number; passed: boolean; recommendation: string; createdAt: Date } | null;
  issues: { open: number; overdue: number };
}

export interface LeadListSql {
  where: string[];
  params: unknown[];
  orderBy: string;
  limit: number;
  /** a walk in list order checked on the index entries alone (LeadQueryBuilder.page) */
  walk?: boolean;
  /** disjoint conditions, one UNION ALL arm each (LeadQueryBuilder.page), or null for one SELECT */
  branches?: Array<{ where: string; walk: boolean }> | null;
  /** the order of the arms' rows by their "_sortValue" and id */
  pageOrderBy?: string;
}

/** Data access for the lead aggregate; every method can join a caller's transaction. */
@Injectable()
export class LeadsRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** Next number of the year's code sequence; the row lock serialises concurrent creates. */
  async nextCodeNumber(year: number, manager: EntityManager): Promise<number> {
    const rows: Array<{ last_value: number }> = await manager.query(
      `INSERT INTO lead_code_counters (year, last_value) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_value = lead_code_counters.last_value + 1
       RETURNING last_value`,
      [year],
    );
    return rows[0].last_value;
  }

  async insert(fields: Partial<Lead>, manager: EntityManager): Promise<string> {
    const result = await manager.getRepository(Lead).insert(fields);
    return (result.identifiers[0] as { id: string }).id;
  }

  /** A live lead by id; `forUpdate` locks its row for the rest of the transaction. */
  async findLive(id: string, manager?: EntityManager, forUpdate = false): Promise<Lead | null> {
    const rows: Array<Record<string, unknown>> = await this.manager(manager).query(
      `SELECT ${leadSelectList('l')} FROM leads l WHERE l.id = $1 AND l.deleted_at IS NULL${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows.length ? mapLeadRow(rows[0]) : null;
  }

  /** Live leads by id; `forUpdate` locks their rows (in id order, so that two transactions locking some of the same wait rather than deadlock). */
  async findLiveMany(ids: readonly string[], manager?: EntityManager, forUpdate = false): Promise<Map<string, Lead>> {
    if (ids.length === 0) return new Map();
    const rows: Array<Record<string, unknown>> = await this.manager(manager).query(
      `SELECT ${leadSelectList('l')} FROM leads l WHERE l.id = ANY($1::uuid[]) AND l.deleted_at IS NULL ORDER BY l.id${forUpdate ? ' FOR UPDATE' : ''}`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((row) => mapLeadRow(row)).map((lead) => [lead.id, lead]));
  }

  async findLiveByCreditCode(creditCode: string, manager?: EntityManager): Promise<Lead | null> {
    const rows: Array<Record<string, unknown>> = await this.manager(manager).query(
      `SELECT ${leadSelectList('l')} FROM leads l WHERE l.credit_code = $1 AND ${creditCodeHolderSql('l')} LIMIT 1`,
      [creditCode],
    );
    return rows.length ? mapLeadRow(rows[0]) : null;
  }

  /** A soft-deleted lead by id; `forUpdate` locks its row. */
  async findDeleted(id: string, manager?: EntityManager, forUpdate = false): Promise<Lead | null> {
    const rows: Array<Record<string, unknown>> = await this.manager(manager).query(
      `SELECT ${leadSelectList('l')} FROM leads l WHERE l.id = $1 AND l.deleted_at IS NOT NULL${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows.length ? mapLeadRow(rows[0]) : null;
  }

  /** The newest soft-deleted leads (the 已删除项目 page). */
  async listDeleted(limit: number): Promise<Lead[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT ${leadSelectList('l')} FROM leads l WHERE l.deleted_at IS NOT NULL ORDER BY l.deleted_at DESC, l.id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((row) => mapLeadRow(row));
  }

  /** Brings a soft-deleted lead back (version bumped), only if its version is still `expectedVersion`. */
  async undelete(id: string, expectedVersion: number, manager: EntityManager): Promise<boolean> {
    const result: [unknown[], number] = await manager.query(
      `UPDATE leads SET deleted_at = NULL, deleted_by = NULL, version = version + 1, updated_at = now()
       WHERE id = $1 AND version = $2 AND deleted_at IS NOT NULL`,
      [id, expectedVersion],
    );
    return result[1] === 1;
  }

  /** The lead's unresolved 企业诉求 as their reminders need them. */
  openIssues(leadId: string, manager: EntityManager): Promise<Array<{ id: string; leadId: string; status: string; dueAt: Date }>> {
    return manager.query(
      `SELECT id, lead_id AS "leadId", status, due_at AS "dueAt" FROM enterprise_issues WHERE lead_id = $1 AND status <> 'resolved'`,
      [leadId],
    );
  }

  /** Selects a page: the rows plus the text of their sort key, for the next cursor. */
  async list(sql: LeadListSql, sortExpression: string, manager?: EntityManager): Promise<Array<{ lead: Lead; sortKey: string | null }>> {
    const params = [...sql.params, sql.limit];
    const limit = `$${params.length}`;
    // a walk finds the page's ids from the list-order index alone (it includes search_text), then reads those rows
    const select = (where: string[], walk: boolean, extra = '') =>
      `SELECT ${leadSelectList('l')}, (${sortExpression})::text AS "_sortKey"${extra}
       FROM leads l
       WHERE ${walk ? `l.id = ANY(ARRAY(SELECT l.id FROM leads l WHERE ${where.join(' AND ')} ORDER BY ${sql.orderBy} LIMIT ${limit}))` : where.join(' AND ')}
       ORDER BY ${sql.orderBy}
       LIMIT ${limit}`;
    const text = sql.branches
      ? `SELECT * FROM (${sql.branches
          .map((branch) => `(${select([...sql.where, branch.where], branch.walk, `, ${sortExpression} AS "_sortValue"`)})`)
          .join(' UNION ALL ')}) page
         ORDER BY ${sql.pageOrderBy} LIMIT ${limit}`
      : select(sql.where, sql.walk ?? false);
    const rows: Array<Record<string, unknown>> = await this.manager(manager).query(text, params);
    return rows.map((row) => {
      const sortKey = row._sortKey as string | null;
      delete row._sortKey;
      delete row._sortValue;
      return { lead: mapLeadRow(row), sortKey };
    });
  }

  async count(where: string[], params: unknown[], manager?: EntityManager): Promise<number> {
    const [row] = await this.manager(manager).query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM leads l WHERE ${where.join(' AND ')}`,
      params,
    );
    return row.total;
  }

  /** Writes the changed fields and bumps the version, only if the version is still `expectedVersion`. */
  async updateVersioned(id: string, expectedVersion: number, changes: Partial<Lead>, manager: EntityManager): Promise<boolean> {
    const params: unknown[] = [id, expectedVersion];
    const sets = Object.entries(changes).map(([property, value]) => {
      const column = LEAD_COLUMN_BY_PROPERTY.get(property as keyof Lead);
      if (!column) throw new Error(`unknown lead property ${property}`);
      params.push(property === 'contacts' ? JSON.stringify(value) : value);
      return `${column} = $${params.length}`;
    });
    const result: [unknown[], number] = await manager.query(
      `UPDATE leads SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
       WHERE id = $1 AND version = $2 AND deleted_at IS NULL`,
      params,
    );
    return result[1] === 1;
  }

  /**
   * updateVersioned for many leads in one statement: each lead gets its own changes when its version is still
   * `expectedVersion`, and its version goes up by `bumps` (the changes of several rows merged count as several). The
   * values are typed as their columns by jsonb_populate_record, so one statement serves any mix of changed fields.
   * Answers the ids updated.
   */
  async updateVersionedMany(
    updates: ReadonlyArray<{ id: string; expectedVersion: number; changes: Partial<Lead>; bumps?: number }>,
    manager: EntityManager,
  ): Promise<Set<string>> {
    if (updates.length === 0) return new Set();
    const columns = new Set<string>();
    const patches = updates.map(({ changes }) => {
      const patch: Record<string, unknown> = {};
      for (const [property, value] of Object.entries(changes)) {
        const column = LEAD_COLUMN_BY_PROPERTY.get(property as keyof Lead);
        if (!column) throw new Error(`unknown lead property ${property}`);
        columns.add(column);
        patch[column] = value ?? null;
      }
      return JSON.stringify(patch);
    });
    // a column takes the row's value where the row's patch names it and keeps its own elsewhere
    const sets = [...columns].map((column) => `${column} = CASE WHEN u.patch ? '${column}' THEN r.${column} ELSE l.${column} END`);
    const [rows]: [Array<{ id: string }>, number] = await manager.query(
      `UPDATE leads l SET ${[...sets, 'version = l.version + u.bumps', 'updated_at = now()'].join(', ')}
         FROM unnest($1::uuid[], $2::int[], $3::int[], $4::jsonb[]) AS u(id, version, bumps, patch)
        CROSS JOIN LATERAL jsonb_populate_record(NULL::leads, u.patch) r
       WHERE l.id = u.id AND l.version = u.version AND l.deleted_at IS NULL
       RETURNING l.id`,
      [updates.map((u) => u.id), updates.map((u) => u.expectedVersion), updates.map((u) => u.bumps ?? 1), patches],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** What the lead page shows beside the lead: its latest 事前评估 and its open and overdue 企业诉求. */
  async detailExtras(leadId: string): Promise<LeadDetailExtras> {
    const [assessment] = await this.dataSource.query<Array<LeadDetailExtras['latestAssessment'] & object>>(
      `SELECT id, total::float8 AS total, passed, recommendation, created_at AS "createdAt"
       FROM assessments WHERE lead_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [leadId],
    );
    const [issues] = await this.dataSource.query<Array<LeadDetailExtras['issues']>>(
      `SELECT count(*) FILTER (WHERE status <> 'resolved')::int AS open,
              count(*) FILTER (WHERE status <> 'resolved' AND due_at < now())::int AS overdue
       FROM enterprise_issues WHERE lead_id = $1`,
      [leadId],
    );
    return { latestAssessment: assessment ?? null, issues: issues ?? { open: 0, overdue: 0 } };
  }

  /**
   * The lead page's chain node, read from the chains module's table: that module imports this one, so this one reads
   * the row rather than its service. One indexed lookup, for the detail only.
   */
  async chainNodeRef(nodeId: string): Promise<{ id: string; name: string; segment: ChainSegment; industryCode: string } | null> {
    const [node] = await this.dataSource.query<Array<{ id: string; name: string; segment: ChainSegment; industryCode: string }>>(
      `SELECT id, name, segment, industry_code AS "industryCode" FROM chain_nodes WHERE id = $1`,
      [nodeId],
    );
    return node ?? null;
  }

  /** For each of the leads, the other signed leads of the same company (重复签约). */
  doubleSigned(leadIds: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<DoubleSignedRow[]> {
    return leadIds.length === 0 ? Promise.resolve([]) : manager.query<DoubleSignedRow[]>(DOUBLE_SIGNED_SQL, [leadIds]);
  }

  async appendEvent(event: Pick<LeadEvent, 'leadId' | 'kind' | 'actorId' | 'data'>, manager: EntityManager): Promise<void> {
    await this.appendEvents([event], manager);
  }

  /** Audit events in one statement, in the order given (the timeline's order). */
  async appendEvents(
    events: ReadonlyArray<Pick<LeadEvent, 'leadId' | 'kind' | 'actorId' | 'data'>>,
    manager: EntityManager,
  ): Promise<void> {
    if (events.length === 0) return;
    await manager.query(
      `INSERT INTO lead_events (lead_id, kind, actor_id, data)
       SELECT lead_id, kind, actor_id, data FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::jsonb[]) WITH ORDINALITY AS e(lead_id, kind, actor_id, data, n)
       ORDER BY n`,
      [events.map((e) => e.leadId), events.map((e) => e.kind), events.map((e) => e.actorId), events.map((e) => JSON.stringify(e.data))],
    );
  }
}
