import { sqlList } from '../../common/sql/sql-list';
import { canSeeLead } from './lead-access';
import { AuthUser } from '../../common/auth/auth-user';
import { LeadStage, STAGE_ORDER } from './lead.enums';

/** A lead's position in the pipeline, as SQL over a stage column (1 for the first stage). */
export function stagePositionSql(column: string): string {
  return `array_position(ARRAY[${sqlList(STAGE_ORDER)}]::text[], ${column})`;
}

/**
 * 重复签约: the company's identity when comparing signed leads. The credit code where both leads have one; else the
 * company name folded (case, spaces, brackets and punctuation of either width removed).
 */
export function companyNameKeySql(alias: string): string {
  return `regexp_replace(lower(${alias}.company_name), '[[:space:]()（）·.,，。、\\-_"“”''‘’]', '', 'g')`;
}

/** SQL: leads `a` and `b` are the same company (see companyNameKeySql). */
export function sameCompanySql(a: string, b: string): string {
  return `(CASE WHEN ${a}.credit_code IS NOT NULL AND ${b}.credit_code IS NOT NULL THEN ${a}.credit_code = ${b}.credit_code
           ELSE ${companyNameKeySql(a)} = ${companyNameKeySql(b)} END)`;
}

/**
 * SQL: `a` and `b` could be one project signed twice: both new projects, or both 增资 (capital increases) of one
 * company. A 增资 is by definition the same company signing again, for the increase only (不重复统计), so a new
 * project and an increase of the same company are never a re-signing.
 */
export function sameInvestmentKindSql(a: string, b: string): string {
  return `${a}.investment_kind = ${b}.investment_kind`;
}

/** SQL: lead `alias` counts as signed for double-signing: live, not lost, at 签约 or beyond. */
export function signedLeadSql(alias: string): string {
  return `(${alias}.deleted_at IS NULL AND ${alias}.status <> 'lost' AND ${stagePositionSql(`${alias}.stage`)} >= ${STAGE_ORDER.indexOf(LeadStage.Signed) + 1})`;
}

/** Another signed lead of the same company, with what decides whether the caller may see it. */
export interface DoubleSignedRow {
  leadId: string;
  otherId: string;
  otherCode: string;
  teamId: string | null;
  ownerId: string;
  commissionerId: string | null;
}

/** The double-signing flag as answered: the other leads the caller may see, and how many they may not. */
export interface DoubleSigning {
  flagged: boolean;
  otherLeads: Array<{ id: string; code: string }>;
  hiddenCount: number;
}

/** The flag of one lead from its rows, naming only the leads the caller may see. */
export function doubleSigningFor(user: AuthUser, rows: readonly DoubleSignedRow[]): DoubleSigning {
  const visible = rows.filter((row) => canSeeLead(user, row));
  return {
    flagged: rows.length > 0,
    otherLeads: visible.map((row) => ({ id: row.otherId, code: row.otherCode })),
    hiddenCount: rows.length - visible.length,
  };
}

/**
 * The SQL listing, for leads $1 (uuid[]), the other signed leads of the same company. The equality on the credit code
 * or the name key is implied by sameCompanySql: it lets PostgreSQL look the other leads up by index (the live credit
 * codes' index idx_leads_credit_code_live, idx_leads_signed_company_key) instead of comparing every signed lead (minutes for the 500 leads
 * of the confirmations queue at 1M leads).
 */
export const DOUBLE_SIGNED_SQL = `SELECT a.id AS "leadId", b.id AS "otherId", b.code AS "otherCode", b.team_id AS "teamId",
         b.owner_id AS "ownerId", b.commissioner_id AS "commissionerId"
  FROM leads a JOIN leads b ON b.id <> a.id AND ${signedLeadSql('b')} AND ${sameCompanySql('a', 'b')} AND ${sameInvestmentKindSql('a', 'b')}
   AND (b.credit_code = a.credit_code OR ${companyNameKeySql('b')} = ${companyNameKeySql('a')})
  WHERE a.id = ANY($1::uuid[]) AND ${signedLeadSql('a')}
  ORDER BY b.code`;
