import { MigrationInterface, QueryRunner } from 'typeorm';

/** The filter keys of the dashboards' figures (LeadConditions.figureFilter: team, industry branch, zone). */
const FILTER_KEYS = ['team_id', 'industry_code', 'zone_code'];

/** The three date indexes of the yearly figures (1795800100000-CockpitIndexes): the date, then what the figures read. */
const DATE_INDEXES = [
  { name: 'idx_leads_signed_on', column: 'signed_at', reads: ['key_project_level', 'contract_investment'] },
  { name: 'idx_leads_started_on', column: 'construction_started_at', reads: ['key_project_level'] },
  { name: 'idx_leads_operating_on', column: 'operating_at', reads: ['actual_investment'] },
];

const quoted = (columns: string[]) => columns.map((c) => `"${c}"`).join(', ');

/**
 * 重复签约's company key and signed lead (src/modules/leads/double-signing.ts companyNameKeySql, signedLeadSql) over
 * the table's own columns, as the index must repeat them; double-signing.spec.ts checks they still agree.
 */
export const SIGNED_COMPANY_KEY_SQL = `regexp_replace(lower(company_name), '[[:space:]()（）·.,，。、\\-_"“”''‘’]', '', 'g')`;
export const SIGNED_LEAD_SQL = `deleted_at IS NULL AND status <> 'lost' AND array_position(ARRAY['lead', 'negotiating', 'signed', 'building', 'operating']::text[], stage) >= 3`;

/**
 * The 考核 reads at 1M leads (#20 benchmark):
 * - the forecast's actuals for one team, industry or zone: the yearly figures' date indexes covered the unfiltered
 *   read (index-only, ~5 ms) but not the filter keys, so a filtered one fetched every lead dated in the year from the
 *   heap (~80,000 pages, 250–600 ms; p95 734 ms for one team). They now INCLUDE the filter keys and the status, and
 *   hold lost leads too (the status is tested in the index), so that the credit (GET /dashboard/credit), which counts
 *   lost leads' deductions, reads the year's leads by these indexes and one on the agreed start date instead of every
 *   lead (a sequential scan, 3.7 s), and its voided confirmations by idx_lead_confirmations_voided;
 * - the confirmations queue: idx_leads_confirmable lists the leads at a confirmable stage with what orders the queue
 *   (an index-only scan instead of the whole table, 2–4 s), and idx_leads_signed_company_key finds a signed lead's
 *   namesakes (重复签约) by index instead of comparing every pair (139 s for the queue's 500 leads).
 * The date indexes keep their names, so the entity's synchronize: false declarations stand.
 */
export class CreditForecastIndexes1797000000000 implements MigrationInterface {
  name = 'CreditForecastIndexes1797000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const index of DATE_INDEXES) {
      await queryRunner.query(`DROP INDEX "public"."${index.name}"`);
      await queryRunner.query(
        `CREATE INDEX "${index.name}" ON "leads" ("${index.column}") INCLUDE (${quoted(['status', ...index.reads, ...FILTER_KEYS])}) WHERE deleted_at IS NULL AND ${index.column} IS NOT NULL`,
      );
    }
    await queryRunner.query(
      `CREATE INDEX "idx_leads_agreed_start_on" ON "leads" ("agreed_start_date") WHERE deleted_at IS NULL AND agreed_start_date IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_lead_confirmations_voided" ON "lead_confirmations" ("voided_at") INCLUDE ("lead_id") WHERE status = 'voided'`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_leads_confirmable" ON "leads" ("stage") INCLUDE ("id", "code", "signed_at", "construction_started_at", "operating_at")
       WHERE deleted_at IS NULL AND status <> 'lost' AND stage IN ('signed', 'building', 'operating')`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_leads_signed_company_key" ON "leads" ((${SIGNED_COMPANY_KEY_SQL})) WHERE ${SIGNED_LEAD_SQL}`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of [
      'idx_leads_signed_company_key',
      'idx_leads_confirmable',
      'idx_lead_confirmations_voided',
      'idx_leads_agreed_start_on',
    ])
      await queryRunner.query(`DROP INDEX "public"."${name}"`);
    for (const index of DATE_INDEXES) {
      await queryRunner.query(`DROP INDEX "public"."${index.name}"`);
      await queryRunner.query(
        `CREATE INDEX "${index.name}" ON "leads" ("${index.column}") INCLUDE (${quoted(index.reads)}) WHERE deleted_at IS NULL AND status <> 'lost' AND ${index.column} IS NOT NULL`,
      );
    }
  }
}
