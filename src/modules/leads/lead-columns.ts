import { Lead } from './lead.entity';

type ColumnKind = 'plain' | 'number';

/** Every column a lead answers with, as [property, column, kind]: the raw-SQL reads and the mapper share it. */
const COLUMNS: Array<[keyof Lead, string, ColumnKind]> = [
  ['id', 'id', 'plain'],
  ['code', 'code', 'plain'],
  ['name', 'name', 'plain'],
  ['codeName', 'code_name', 'plain'],
  ['companyName', 'company_name', 'plain'],
  ['creditCode', 'credit_code', 'plain'],
  ['industryCode', 'industry_code', 'plain'],
  ['source', 'source', 'plain'],
  ['sourceCity', 'source_city', 'plain'],
  ['plannedInvestment', 'planned_investment', 'number'],
  ['contractInvestment', 'contract_investment', 'number'],
  ['actualInvestment', 'actual_investment', 'number'],
  ['signedAt', 'signed_at', 'plain'],
  ['agreedStartDate', 'agreed_start_date', 'plain'],
  ['agreedOperatingDate', 'agreed_operating_date', 'plain'],
  ['constructionStartedAt', 'construction_started_at', 'plain'],
  ['operatingAt', 'operating_at', 'plain'],
  ['expectedAnnualOutput', 'expected_annual_output', 'number'],
  ['expectedAnnualTax', 'expected_annual_tax', 'number'],
  ['expectedJobs', 'expected_jobs', 'plain'],
  ['landAreaMu', 'land_area_mu', 'number'],
  ['zoneCode', 'zone_code', 'plain'],
  ['keyProjectLevel', 'key_project_level', 'plain'],
  ['contacts', 'contacts', 'plain'],
  ['teamId', 'team_id', 'plain'],
  ['ownerId', 'owner_id', 'plain'],
  ['commissionerId', 'commissioner_id', 'plain'],
  ['stage', 'stage', 'plain'],
  ['status', 'status', 'plain'],
  ['lostReason', 'lost_reason', 'plain'],
  ['lostTo', 'lost_to', 'plain'],
  ['statusNote', 'status_note', 'plain'],
  ['stageEnteredAt', 'stage_entered_at', 'plain'],
  ['nextFollowUpAt', 'next_follow_up_at', 'plain'],
  ['lastFollowUpAt', 'last_follow_up_at', 'plain'],
  ['version', 'version', 'plain'],
  ['createdBy', 'created_by', 'plain'],
  ['createdAt', 'created_at', 'plain'],
  ['updatedAt', 'updated_at', 'plain'],
  ['deletedAt', 'deleted_at', 'plain'],
  ['deletedBy', 'deleted_by', 'plain'],
];

export const LEAD_COLUMN_BY_PROPERTY = new Map(COLUMNS.map(([property, column]) => [property, column]));

/** `l.id, l.code, l.code_name AS "codeName", …` for a query that aliases leads as `alias`. */
export function leadSelectList(alias = 'l'): string {
  return COLUMNS.map(([property, column]) => (property === column ? `${alias}.${column}` : `${alias}.${column} AS "${property}"`)).join(', ');
}

const NUMERIC = COLUMNS.filter(([, , kind]) => kind === 'number').map(([property]) => property);

/** Turns a raw row selected with leadSelectList into a Lead (numeric strings to numbers). */
export function mapLeadRow(row: Record<string, unknown>): Lead {
  for (const property of NUMERIC) {
    const value = row[property];
    if (typeof value === 'string') row[property] = Number(value);
  }
  return row as unknown as Lead;
}
