import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LeadStage, LeadStatus } from '../leads/lead.enums';

/** A live lead as the actuals import finds it: what names it, whether it has signed, and who may see it. */
export interface ActualsLeadRef {
  id: string;
  code: string;
  stage: LeadStage;
  status: LeadStatus;
  teamId: string | null;
  ownerId: string;
  commissionerId: string | null;
  /** 企业名称 and 项目名称 as lead_identity_text normalises them. */
  companyKey: string;
  nameKey: string;
}

const LEAD_REF = `l.id, l.code, l.stage, l.status, l.team_id AS "teamId", l.owner_id AS "ownerId", l.commissioner_id AS "commissionerId",
  lead_identity_text(l.company_name) AS "companyKey", lead_identity_text(l.name) AS "nameKey"`;

/** The lookups of an actuals import batch: the projects its rows name, by 项目编号 or id, or by 企业名称 + 项目名称. */
@Injectable()
export class ActualsImportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Live leads with any of these codes or ids. */
  byCodesOrIds(codes: string[], ids: string[]): Promise<ActualsLeadRef[]> {
    if (!codes.length && !ids.length) return Promise.resolve([]);
    return this.dataSource.query<ActualsLeadRef[]>(
      `SELECT ${LEAD_REF} FROM leads l WHERE (l.code = ANY($1::text[]) OR l.id = ANY($2::uuid[])) AND l.deleted_at IS NULL`,
      [codes, ids],
    );
  }

  /**
   * Live leads with any of these 企业名称 + 项目名称, compared as lead_identity_text normalises them (full-width and
   * half-width alike, no spaces, punctuation or brackets), as the leads import finds a ledger's existing projects;
   * the keys of each pair come back normalised on the lead (companyKey, nameKey). Uses idx_leads_import_identity.
   */
  async byNames(pairs: ReadonlyArray<{ companyName: string; name: string }>): Promise<{ leads: ActualsLeadRef[]; keys: string[][] }> {
    if (!pairs.length) return { leads: [], keys: [] };
    const keys = await this.dataSource.query<Array<{ company: string; name: string }>>(
      `SELECT lead_identity_text(c) AS company, lead_identity_text(n) AS name
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(c, n, i) ORDER BY i`,
      [pairs.map((p) => p.companyName), pairs.map((p) => p.name)],
    );
    const leads = await this.dataSource.query<ActualsLeadRef[]>(
      `SELECT ${LEAD_REF} FROM unnest($1::text[], $2::text[]) AS k(company_key, name_key)
         JOIN leads l ON lead_identity_text(l.company_name) = k.company_key AND lead_identity_text(l.name) = k.name_key
        WHERE l.deleted_at IS NULL ORDER BY l.code`,
      [keys.map((k) => k.company), keys.map((k) => k.name)],
    );
    return { leads, keys: keys.map((k) => [k.company, k.name]) };
  }
}
