import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { bulkInsert } from '../../database/bulk-insert';
import { Lead } from '../leads/lead.entity';
import { CommissionerAssignment } from '../pipeline/commissioner-assignment.entity';
import { Role } from '../users/role.enum';
import { creditCodeHolderSql } from '../leads/credit-code-holder';

export interface ImportUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  teamId: string | null;
  teamName: string | null;
  active: boolean;
}

export interface ImportTeam {
  id: string;
  name: string;
}

/**
 * What identifies an imported row without a credit code: the owner's team and the 企业名称 and 项目名称 as
 * lead_identity_text normalises them (NFKC, so full-width and half-width alike; lower case; no spaces,
 * punctuation or brackets). The database function is the one definition, for the index and for the rows.
 */
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

/** The bulk reads and writes of an import batch; every write joins the batch's transaction. */
@Injectable()
export class LeadImportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Live new-project leads holding any of these credit codes, by code, with what decides who may see them (a 增资 lead
   * shares its enterprise's code and is never the row an import's credit code names: see credit-code-holder.ts).
   */
  async liveByCreditCodes(codes: string[]): Promise<Map<string, LiveLeadRef>> {
    if (codes.length === 0) return new Map();
    const rows = await this.dataSource.query<Array<LiveLeadRef & { creditCode: string }>>(
      `SELECT id AS "leadId", code, credit_code AS "creditCode", team_id AS "teamId", owner_id AS "ownerId", commissioner_id AS "commissionerId"
       FROM leads l WHERE l.credit_code = ANY($1::text[]) AND ${creditCodeHolderSql('l')}`,
      [codes],
    );
    return new Map(rows.map(({ creditCode, ...lead }) => [creditCode, lead]));
  }

  /** The texts as lead_identity_text normalises them (ImportIdentity), in order. */
  async identityTexts(texts: string[]): Promise<string[]> {
    if (texts.length === 0) return [];
    const rows = await this.dataSource.query<Array<{ key: string }>>(
      `SELECT lead_identity_text(t) AS key FROM unnest($1::text[]) WITH ORDINALITY AS k(t, n) ORDER BY n`,
      [texts],
    );
    return rows.map((r) => r.key);
  }

  /**
   * Live leads with any of these (normalised) identities, by identityKey, with their credit code and what
   * decides who sees them; uses idx_leads_import_identity. A confidential lead is also found by its 代号 in
   * place of its name: that is what the export writes in the name column.
   */
  async liveByImportIdentity(identities: ImportIdentity[]): Promise<Map<string, LiveLeadRef & { creditCode: string | null }>> {
    if (identities.length === 0) return new Map();
    // two joins rather than one with OR, so that each keeps to its index (idx_leads_import_identity, idx_leads_import_code_name)
    const rows = await this.dataSource.query<
      Array<LiveLeadRef & { creditCode: string | null; companyKey: string; nameKey: string; byCodeName: number; created_at: Date }>
    >(
      `WITH k AS (SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[]) AS k(company_key, name_key, team_id))
       SELECT * FROM (
         SELECT l.id AS "leadId", l.code, l.credit_code AS "creditCode", l.team_id AS "teamId", l.owner_id AS "ownerId",
                l.commissioner_id AS "commissionerId", k.company_key AS "companyKey", k.name_key AS "nameKey", 0 AS "byCodeName", l.created_at
           FROM k JOIN leads l ON lead_identity_text(l.company_name) = k.company_key AND lead_identity_text(l.name) = k.name_key
                              AND l.team_id IS NOT DISTINCT FROM k.team_id AND l.deleted_at IS NULL
         UNION ALL
         SELECT l.id, l.code, l.credit_code, l.team_id, l.owner_id, l.commissioner_id, k.company_key, k.name_key, 1, l.created_at
           FROM k JOIN leads l ON lead_identity_text(l.company_name) = k.company_key AND l.code_name IS NOT NULL
                              AND lead_identity_text(l.code_name) = k.name_key
                              AND l.team_id IS NOT DISTINCT FROM k.team_id AND l.deleted_at IS NULL
       ) found
       ORDER BY "byCodeName", created_at`,
      [identities.map((i) => i.companyName), identities.map((i) => i.name), identities.map((i) => i.teamId)],
    );
    const found = new Map<string, LiveLeadRef & { creditCode: string | null }>();
    for (const { companyKey, nameKey, byCodeName: _byCodeName, created_at: _createdAt, ...lead } of rows) {
      const key = identityKey({ teamId: lead.teamId, companyName: companyKey, name: nameKey });
      if (!found.has(key)) found.set(key, lead);
    }
    return found;
  }

  /** Users whose (lower-case) account or display name is one of these, with their team's name. */
  async usersByNames(names: string[]): Promise<ImportUser[]> {
    if (names.length === 0) return [];
    return this.dataSource.query<ImportUser[]>(
      `SELECT u.id, u.username, u.display_name AS "displayName", u.roles, u.team_id AS "teamId", t.name AS "teamName", u.active
         FROM users u LEFT JOIN teams t ON t.id = u.team_id
        WHERE u.username = ANY($1::text[]) OR u.display_name = ANY($2::text[])
        ORDER BY u.username`,
      [names.map((n) => n.toLowerCase()), names],
    );
  }

  async teamsByName(names: string[]): Promise<ImportTeam[]> {
    if (names.length === 0) return [];
    return this.dataSource.query<ImportTeam[]>(`SELECT id, name FROM teams WHERE name = ANY($1::text[])`, [names]);
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
    await bulkInsert(manager, Lead, leads);
  }

  /** The commissioner history rows of the leads a batch creates with a 护商专员. */
  async insertAssignments(
    manager: EntityManager,
    rows: Array<Pick<CommissionerAssignment, 'leadId' | 'commissionerId' | 'assignedBy' | 'note'>>,
  ): Promise<void> {
    await bulkInsert(
      manager,
      CommissionerAssignment,
      rows.map((r) => ({ ...r, previousCommissionerId: null })),
    );
  }
}
