import { MigrationInterface, QueryRunner } from 'typeorm';

/** The three dimensions this migration adds, each a team, industry or zone key and a creation month (UTC). */
const DIMENSIONS = `('team_month', 'industry_month', 'zone_month')`;

/** crm_dashboard_dimensions as this migration leaves it (DashboardCellMonths.down restores it). */
export const DASHBOARD_DIMENSIONS_BY_MONTH = `CREATE OR REPLACE FUNCTION crm_dashboard_dimensions(team_id uuid, industry_code text, zone_code text, created_at timestamptz)
            RETURNS TABLE (dimension text, key text) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
              SELECT d.dimension, d.key FROM (SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month) m
              CROSS JOIN LATERAL (VALUES ('all', ''), ('team', coalesce(team_id::text, '')), ('industry', industry_code), ('zone', coalesce(zone_code, '')),
                ('cell', coalesce(team_id::text, '') || '|' || industry_code || '|' || coalesce(zone_code, '')),
                ('month', m.month),
                ('team_month', coalesce(team_id::text, '') || '|' || m.month),
                ('industry_month', industry_code || '|' || m.month),
                ('zone_month', coalesce(zone_code, '') || '|' || m.month)) d(dimension, key)
            $$`;

/**
 * A date range with one of team, industry or zone (#22): the summary tables gain the dimensions 'team_month',
 * 'industry_month' and 'zone_month', keyed `<team, industry or zone key>|YYYY-MM` (the lead's creation month in
 * UTC, as 'month'), so such a filter sums the whole months inside its range for the dimension's keys and reads
 * only the leads of the partial months at its ends (DashboardFilter.summarySlice), instead of every lead of
 * the range (industry IT + a past year: ~400 ms at 1M). Written by the same statement triggers through
 * crm_dashboard_dimensions (three more rows per changed lead in the statement's grouped delta, nothing per
 * row), folded by the same compaction and recounted by the same rebuild. The backfill below writes only the
 * new dimensions, from one pass over the leads and one over the transitions.
 */
export class DashboardDimensionMonths1797436000000 implements MigrationInterface {
  name = 'DashboardDimensionMonths1797436000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DASHBOARD_DIMENSIONS_BY_MONTH);
    await queryRunner.query(`DELETE FROM dashboard_lead_totals WHERE dimension IN ${DIMENSIONS}`);
    await queryRunner.query(`DELETE FROM dashboard_stage_days WHERE dimension IN ${DIMENSIONS}`);
    await queryRunner.query(`INSERT INTO dashboard_lead_totals (dimension, key, stage, status, lost_reason, lost_to, lead_count, planned_investment,
                                                               contract_investment, actual_investment, expected_jobs, compacted)
       SELECT d.dimension, d.key, l.stage, l.status, l.lost_reason, l.lost_to, count(*), coalesce(sum(l.planned_investment), 0),
              coalesce(sum(l.contract_investment), 0), coalesce(sum(l.actual_investment), 0), coalesce(sum(l.expected_jobs), 0), true
       FROM leads l CROSS JOIN LATERAL crm_dashboard_dimensions(l.team_id, l.industry_code, l.zone_code, l.created_at) d
       WHERE l.deleted_at IS NULL AND d.dimension IN ${DIMENSIONS}
       GROUP BY 1, 2, 3, 4, 5, 6`);
    await queryRunner.query(`INSERT INTO dashboard_stage_days (dimension, key, from_stage, day, transitions, compacted)
       SELECT d.dimension, d.key, t.from_stage, floor(t.days_in_from_stage)::int, count(*), true
       FROM lead_transitions t JOIN leads l ON l.id = t.lead_id AND l.deleted_at IS NULL
       CROSS JOIN LATERAL crm_dashboard_dimensions(l.team_id, l.industry_code, l.zone_code, l.created_at) d
       WHERE t.days_in_from_stage IS NOT NULL AND d.dimension IN ${DIMENSIONS}
       GROUP BY 1, 2, 3, 4`);
    // the planner's statistics for the new keys now, not at autovacuum's next pass (VACUUM cannot run in the migration's transaction)
    await queryRunner.query(`ANALYZE dashboard_lead_totals, dashboard_stage_days`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE FUNCTION crm_dashboard_dimensions(team_id uuid, industry_code text, zone_code text, created_at timestamptz)
            RETURNS TABLE (dimension text, key text) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
              SELECT d.dimension, d.key FROM (VALUES ('all', ''), ('team', coalesce(team_id::text, '')), ('industry', industry_code), ('zone', coalesce(zone_code, '')),
                ('cell', coalesce(team_id::text, '') || '|' || industry_code || '|' || coalesce(zone_code, '')),
                ('month', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM'))) d(dimension, key)
            $$`);
    await queryRunner.query(`DELETE FROM dashboard_lead_totals WHERE dimension IN ${DIMENSIONS}`);
    await queryRunner.query(`DELETE FROM dashboard_stage_days WHERE dimension IN ${DIMENSIONS}`);
  }
}
