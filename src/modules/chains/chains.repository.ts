import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user';
import { sqlList } from '../../common/sql/sql-list';
import { leadScopeSql } from '../leads/lead-access';
import { LeadStage, LeadStatus } from '../leads/lead.enums';
import { ChainEnterprise, ChainEnterpriseNode, ChainNode, ChainTarget, IndustryChain } from './chain.entity';
import { COUNTING_STAGES, VisitKind } from './chain.model';

/** A node's holders: its local enterprises and its counting projects (of every team). */
export interface NodeHolders {
  nodeId: string;
  enterprises: number;
  projects: number;
}

export interface ChainRow {
  industryCode: string;
  industryName: string;
  teamId: string | null;
  teamName: string | null;
}

export interface NodeProjectRow {
  id: string;
  nodeId: string;
  code: string;
  name: string;
  companyName: string;
  stage: LeadStage;
  status: LeadStatus;
}

/** An enterprise `e`'s latest 安商 visit date, as text (YYYY-MM-DD). */
const LAST_VISITED_SQL = `(SELECT max(v.visited_on)::text FROM chain_enterprise_visits v WHERE v.enterprise_id = e.id)`;

/** A 安商 visit as listed, with its author's name and the keyset cursor's columns. */
export interface VisitRow {
  id: string;
  enterpriseId: string;
  kind: VisitKind;
  visitedOn: string;
  summary: string;
  nextStep: string | null;
  authorId: string;
  authorName: string | null;
  createdAt: Date;
}

const VISIT_SELECT = `SELECT v.id, v.enterprise_id AS "enterpriseId", v.kind, v.visited_on::text AS "visitedOn", v.summary,
         v.next_step AS "nextStep", v.author_id AS "authorId", u.display_name AS "authorName", v.created_at AS "createdAt"
    FROM chain_enterprise_visits v LEFT JOIN users u ON u.id = v.author_id`;

/** Live: not deleted and not lost; the counting projects are the live ones at a COUNTING_STAGES stage. */
const LIVE = `l.deleted_at IS NULL AND l.status <> '${LeadStatus.Lost}'`;
const COUNTING = `${LIVE} AND l.stage IN (${sqlList(COUNTING_STAGES)})`;

@Injectable()
export class ChainsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** The chains (one industry or all) with their industry's name and team. */
  async chains(industryCode?: string): Promise<ChainRow[]> {
    return this.dataSource.query(
      `SELECT c.industry_code AS "industryCode", i.name AS "industryName", c.team_id AS "teamId", t.name AS "teamName"
         FROM industry_chains c JOIN industries i ON i.code = c.industry_code LEFT JOIN teams t ON t.id = c.team_id
        WHERE $1::text IS NULL OR c.industry_code = $1 ORDER BY i.sort_order`,
      [industryCode ?? null],
    );
  }

  async nodes(industryCode?: string, manager?: EntityManager): Promise<ChainNode[]> {
    return this.manager(manager).find(ChainNode, {
      where: industryCode ? { industryCode } : {},
      order: { industryCode: 'ASC', sortOrder: 'ASC', code: 'ASC' },
    });
  }

  /**
   * Per node: how many local enterprises and counting projects hold it (the marks read this, one rule for list, view
   * and assessment); `exceptLeadId` leaves one project out (a project judged against its node does not fill it itself).
   */
  async holders(nodeIds: string[], options: { exceptLeadId?: string; manager?: EntityManager } = {}): Promise<NodeHolders[]> {
    return this.manager(options.manager).query(
      `SELECT n.id AS "nodeId",
              (SELECT count(*)::int FROM chain_enterprise_nodes en WHERE en.node_id = n.id) AS enterprises,
              (SELECT count(*)::int FROM leads l
                WHERE l.chain_node_id = n.id AND ${COUNTING} AND ($2::uuid IS NULL OR l.id <> $2)) AS projects
         FROM chain_nodes n WHERE n.id = ANY($1::uuid[])`,
      [nodeIds, options.exceptLeadId ?? null],
    );
  }

  async enterprisesOn(nodeIds: string[]): Promise<Array<ChainEnterprise & { nodeIds: string[]; lastVisitedOn: string | null }>> {
    const rows: Array<ChainEnterprise & { nodeIds: string[]; lastVisitedOn: string | null }> = await this.dataSource.query(
      `SELECT e.id, e.name, e.credit_code AS "creditCode", e.chain_leader AS "chainLeader", e.output::float8 AS output, e.employees,
              array_agg(en.node_id ORDER BY en.node_id) AS "nodeIds", ${LAST_VISITED_SQL} AS "lastVisitedOn"
         FROM chain_enterprises e JOIN chain_enterprise_nodes en ON en.enterprise_id = e.id
        WHERE e.id IN (SELECT enterprise_id FROM chain_enterprise_nodes WHERE node_id = ANY($1::uuid[]))
        GROUP BY e.id ORDER BY e.chain_leader DESC, e.name`,
      [nodeIds],
    );
    return rows;
  }

  /** The live leads on the nodes that the caller may see (lead access rule). */
  async projectsOn(user: AuthUser, nodeIds: string[]): Promise<NodeProjectRow[]> {
    const params: unknown[] = [nodeIds];
    const scope = leadScopeSql(user, params);
    return this.dataSource.query(
      `SELECT l.id, l.chain_node_id AS "nodeId", l.code, coalesce(l.code_name, l.name) AS name, l.company_name AS "companyName",
              l.stage, l.status
         FROM leads l WHERE l.chain_node_id = ANY($1::uuid[]) AND ${LIVE}${scope ? ` AND ${scope}` : ''}
        ORDER BY l.created_at, l.id`,
      params,
    );
  }

  async targetsOn(nodeIds: string[], manager?: EntityManager): Promise<ChainTarget[]> {
    if (!nodeIds.length) return [];
    return this.manager(manager).find(ChainTarget, {
      where: nodeIds.map((nodeId) => ({ nodeId })),
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  async findNode(id: string, manager?: EntityManager): Promise<ChainNode | null> {
    return this.manager(manager).findOne(ChainNode, { where: { id } });
  }

  async findNodes(ids: string[], manager?: EntityManager): Promise<ChainNode[]> {
    return ids.length ? this.manager(manager).find(ChainNode, { where: ids.map((id) => ({ id })) }) : [];
  }

  /** An enterprise; `forUpdate` locks its row. */
  async findEnterprise(id: string, manager?: EntityManager, forUpdate = false): Promise<ChainEnterprise | null> {
    return this.manager(manager).findOne(ChainEnterprise, { where: { id }, ...(forUpdate ? { lock: { mode: 'pessimistic_write' } } : {}) });
  }

  async lastVisitedOn(enterpriseId: string): Promise<string | null> {
    const [row] = await this.dataSource.query<Array<{ on: string | null }>>(
      `SELECT ${LAST_VISITED_SQL} AS on FROM chain_enterprises e WHERE e.id = $1`,
      [enterpriseId],
    );
    return row?.on ?? null;
  }

  /** A page of the enterprise's visits, newest first (keyset on visited_on, created_at, id after `after`). */
  async visits(enterpriseId: string, limit: number, after: string[] | null): Promise<VisitRow[]> {
    const params: unknown[] = [enterpriseId, limit];
    if (after) params.push(...after);
    return this.dataSource.query(
      `${VISIT_SELECT} WHERE v.enterprise_id = $1${after ? ' AND (v.visited_on, v.id) < ($3::date, $4::uuid)' : ''}
        ORDER BY v.visited_on DESC, v.id DESC LIMIT $2`,
      params,
    );
  }

  async findVisit(id: string): Promise<VisitRow | null> {
    const [row] = await this.dataSource.query<VisitRow[]>(`${VISIT_SELECT} WHERE v.id = $1`, [id]);
    return row ?? null;
  }

  /**
   * The local enterprise a company is: by its credit code when it has one; else (or when no enterprise holds the
   * code) by the name as lead_identity_text normalises it, among enterprises whose code does not tell them apart.
   */
  async matchEnterprise(company: { name: string; creditCode: string | null }, manager: EntityManager): Promise<ChainEnterprise | null> {
    if (company.creditCode) {
      const byCode = await manager.findOne(ChainEnterprise, { where: { creditCode: company.creditCode } });
      if (byCode) return byCode;
    }
    const [byName] = await manager.query<Array<{ id: string }>>(
      `SELECT id FROM chain_enterprises
        WHERE lead_identity_text(name) = lead_identity_text($1) AND ($2::text IS NULL OR credit_code IS NULL)
        ORDER BY created_at, id LIMIT 1`,
      [company.name, company.creditCode],
    );
    return byName ? manager.findOne(ChainEnterprise, { where: { id: byName.id } }) : null;
  }

  /** Serialises the matching of one company (credit code, else normalised name) until the transaction ends. */
  async lockCompany(company: { name: string; creditCode: string | null }, manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('chain_enterprise:' || coalesce($2::text, lead_identity_text($1))))`, [
      company.name,
      company.creditCode,
    ]);
  }

  /** Puts the enterprise on the node (nothing when it is there). */
  async addEnterpriseNode(enterpriseId: string, nodeId: string, manager: EntityManager): Promise<void> {
    await manager.createQueryBuilder().insert().into(ChainEnterpriseNode).values({ enterpriseId, nodeId }).orIgnore().execute();
  }

  async enterpriseNodeIds(enterpriseId: string, manager?: EntityManager): Promise<string[]> {
    const rows = await this.manager(manager).find(ChainEnterpriseNode, { where: { enterpriseId }, order: { nodeId: 'ASC' } });
    return rows.map((r) => r.nodeId);
  }

  async setEnterpriseNodes(enterpriseId: string, nodeIds: string[], manager: EntityManager): Promise<void> {
    await manager.delete(ChainEnterpriseNode, { enterpriseId });
    await manager.insert(
      ChainEnterpriseNode,
      nodeIds.map((nodeId) => ({ enterpriseId, nodeId })),
    );
  }

  /** Nodes by code, of any chain (a code is unique across chains). */
  async nodesByCode(codes: string[], manager?: EntityManager): Promise<ChainNode[]> {
    return codes.length ? this.manager(manager).find(ChainNode, { where: codes.map((code) => ({ code })) }) : [];
  }

  /** Holds one chain's imports one after another until the transaction ends. */
  async lockChain(industryCode: string, manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('chain-import:' || $1))`, [industryCode]);
  }

  /** A target; `forUpdate` locks its row (a conversion holds it until it commits). */
  async findTarget(id: string, manager?: EntityManager, forUpdate = false): Promise<ChainTarget | null> {
    return this.manager(manager).findOne(ChainTarget, { where: { id }, ...(forUpdate ? { lock: { mode: 'pessimistic_write' } } : {}) });
  }

  /** Adds the chain of an industry when it has none (a first node of a branch). */
  async ensureChain(industryCode: string, manager: EntityManager): Promise<void> {
    await manager.createQueryBuilder().insert().into(IndustryChain).values({ industryCode }).orIgnore().execute();
  }

  async setChainTeam(industryCode: string, teamId: string | null): Promise<boolean> {
    const result = await this.dataSource.getRepository(IndustryChain).update({ industryCode }, { teamId });
    return (result.affected ?? 0) > 0;
  }

  async chainTeam(industryCode: string, manager?: EntityManager): Promise<string | null> {
    return (await this.manager(manager).findOne(IndustryChain, { where: { industryCode } }))?.teamId ?? null;
  }

  /**
   * Another live lead of the same company: the same credit code, or the same name as lead_identity_text
   * normalises it (the import's duplicate rule); `exceptId` is the lead being created.
   */
  async duplicateLead(
    company: { name: string; creditCode: string | null },
    exceptId: string,
    manager: EntityManager,
  ): Promise<{ id: string; code: string; teamId: string | null; ownerId: string; commissionerId: string | null; field: string } | null> {
    const rows: Array<{ id: string; code: string; teamId: string | null; ownerId: string; commissionerId: string | null; field: string }> =
      await manager.query(
        `SELECT id, code, team_id AS "teamId", owner_id AS "ownerId", commissioner_id AS "commissionerId",
                CASE WHEN $2::text IS NOT NULL AND credit_code = $2 THEN 'creditCode' ELSE 'companyName' END AS field
           FROM leads
          WHERE deleted_at IS NULL AND id <> $3
            AND (($2::text IS NOT NULL AND credit_code = $2) OR lead_identity_text(company_name) = lead_identity_text($1))
          ORDER BY created_at LIMIT 1`,
        [company.name, company.creditCode, exceptId],
      );
    return rows[0] ?? null;
  }
}
