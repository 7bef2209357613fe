import { SIGNED_COMPANY_KEY_SQL, SIGNED_LEAD_SQL } from '../../database/migrations/1797000000000-CreditForecastIndexes';
import { companyNameKeySql, DOUBLE_SIGNED_SQL, signedLeadSql } from './double-signing';

/** The SQL over alias `b` as an index over the table's own columns states it (no alias, no outer brackets). */
const unaliased = (sql: string) => sql.replaceAll('b.', '').replace(/^\((.*)\)$/s, '$1');

describe('double-signing SQL and its index (idx_leads_signed_company_key)', () => {
  it('the index repeats the company key and the signed-lead predicate the query uses, so PostgreSQL can use it', () => {
    expect(unaliased(companyNameKeySql('b'))).toBe(SIGNED_COMPANY_KEY_SQL);
    expect(unaliased(signedLeadSql('b'))).toBe(SIGNED_LEAD_SQL);
  });

  it('the query looks the other leads up by the indexed key', () => {
    expect(DOUBLE_SIGNED_SQL).toContain(`${companyNameKeySql('b')} = ${companyNameKeySql('a')}`);
    expect(DOUBLE_SIGNED_SQL).toContain(signedLeadSql('b'));
  });
});
