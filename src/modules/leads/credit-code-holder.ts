import { InvestmentKind } from './lead.enums';

/**
 * A credit code names one lead: the live new project that holds it. A 增资 (capital increase) lead shares its
 * enterprise's code and is never the one named. The unique index keeps it one; its predicate is this rule.
 */
export const CREDIT_CODE_HOLDER_INDEX = 'uq_leads_credit_code_live';

/** SQL: the lead under `alias` is one a credit code may name (the predicate of CREDIT_CODE_HOLDER_INDEX). */
export function creditCodeHolderSql(alias: string): string {
  return `${alias}.deleted_at IS NULL AND ${alias}.investment_kind = '${InvestmentKind.New}'`;
}
