import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Lead } from '../leads/lead.entity';
import { CommissionerAssignment } from '../pipeline/commissioner-assignment.entity';
import { Role } from '../users/role.enum';

export interface ImportUser {
  id: string;
  username: string;
  roles: Role[];
  teamId: string | null;
  active: boolean;
}

/** What identifies an imported row without a credit code: see importIdentity in lead-import.service.ts. */
export interface ImportIdentity {
  teamId: string | null;
  name: string;
  companyName: string;
}

export const identityKey = (identity: ImportIdentity): string => JSON.stringify([identity.teamId, identity.companyName, identity.name]);

export interface LiveLeadRef {
  leadId: string;
  code: string;
  teamId: string | null;
  ownerId: string;
  commissionerId: string | null;
}

export interface CreatedEvent {
  leadId: string;
  actorId: string;
  data: Record<string, unknown>;
}

/** The bulk reads and writes of an import batch; every write joins the batch's transaction. */
@Injectable()
export class LeadImportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Live leads holding any of these credit codes, by code, with what decides who may see them. */
  async liveByCreditCodes(codes: string[]): Promise<Map<string, LiveLeadRef>> {
    if (codes.length === 0) return new Map();
    const rows = await this.dataSource.query<Array<LiveLeadRef & { creditCode: string }>>(
      `SELECT id AS "leadId", code, credit_code AS "creditCode", team_id AS "teamId", owner_id AS "ownerId", commissioner_id AS "commissionerId"
       FROM leads WHERE credit_code = ANY($1::text[]) AND deleted_at IS NULL`,
      [codes],
    );
    return new Map(rows.map(({ creditCode, ...lead }) => [creditCode, lead]));
  }

  /** Live leads with any of these identities (team, 企业名称, 项目名称), by identityKey; uses idx_leads_import_identity. */
  async liveByImportIdentity(identities: ImportIdentity[]): Promise<Map<string, { leadId: string; code: string }>> {
    if (identities.length === 0) return new Map();
    const rows = await this.dataSource.query<
      Array<{ id: string; code: string; name: string; company_name: string; team_id: string | null }>
    >(
      `SELECT l.id, l.code, l.name, l.company_name, l.team_id
         FROM unnest($1::text[], $2::text[], $3::uuid[]) AS k(company_name, name, team_id)
         JOIN leads l ON l.company_name = k.company_name AND l.name = k.name AND l.team_id IS NOT DISTINCT FROM k.team_id AND l.deleted_at IS NULL`,
      [identities.map((i) => i.companyName), identities.map((i) => i.name), identities.map((i) => i.teamId)],
    );
    return new Map(
      rows.map((r) => [identityKey({ teamId: r.team_id, name: r.name, companyName: r.company_name }), { leadId: r.id, code: r.code }]),
    );
  }

  /** Users by (lower-case) username. */
  async usersByUsername(usernames: string[]): Promise<ImportUser[]> {
    if (usernames.length === 0) return [];
    return this.dataSource.query<ImportUser[]>(
      `SELECT id, username, roles, team_id AS "teamId", active FROM users WHERE username = ANY($1::text[])`,
      [usernames],
    );
  }

  /**
   * Reserves `count` numbers of the year's code sequence at once and answers the first. It runs on its
   * own, not in the batch's transaction, so that the counter row is locked only for this statement and
   * people creating leads meanwhile do not wait for a batch (a failed batch leaves a gap, never a clash).
   */
  async reserveCodeNumbers(year: number, count: number): Promise<number> {
    const rows = await this.dataSource.query<Array<{ last_value: number }>>(
      `INSERT INTO lead_code_counters (year, last_value) VALUES ($1, $2)
       ON CONFLICT (year) DO UPDATE SET last_value = lead_code_counters.last_value + $2
       RETURNING last_value`,
      [year, count],
    );
    return rows[0].last_value - count + 1;
  }

  async insertLeads(manager: EntityManager, leads: Array<Partial<Lead>>): Promise<void> {
    if (leads.length) await manager.getRepository(Lead).insert(leads);
  }

  /** The `created` audit events, written before the transitions so the timeline shows them first. */
  async insertCreatedEvents(manager: EntityManager, events: CreatedEvent[]): Promise<void> {
    if (events.length === 0) return;
    await manager.query(
      `INSERT INTO lead_events (lead_id, kind, actor_id, data)
       SELECT lead_id, 'created', actor_id, data FROM unnest($1::uuid[], $2::uuid[], $3::jsonb[]) AS e(lead_id, actor_id, data)`,
      [events.map((e) => e.leadId), events.map((e) => e.actorId), events.map((e) => JSON.stringify(e.data))],
    );
  }

  /** The commissioner history rows of the leads a batch creates with a 护商专员. */
  async insertAssignments(
    manager: EntityManager,
    rows: Array<Pick<CommissionerAssignment, 'leadId' | 'commissionerId' | 'assignedBy' | 'note'>>,
  ): Promise<void> {
    if (rows.length) await manager.getRepository(CommissionerAssignment).insert(rows.map((r) => ({ ...r, previousCommissionerId: null })));
  }
}
