import { MigrationInterface, QueryRunner } from 'typeorm';
import { DASHBOARD_ON_LEADS_BY_MONTH } from './1797430000000-DashboardMonths';

/**
 * The leads' summary trigger compares a statement's old and new rows by set difference (EXCEPT: a hash or sort of
 * each side) instead of joining the two transition tables on id. The planner has no statistics for transition
 * tables and joined them in a nested loop, so one UPDATE of n leads cost O(n²): 1,000 leads 0.25 s, 4,000 3.6 s,
 * 10,000 ~90 s (#22: the reminder bench's follow-up update, a large import's set-based update). Same rows counted:
 * the ids of both sides are the same set, so a row of one side missing from the other is exactly a lead whose
 * compared fields changed (EXCEPT, like IS DISTINCT FROM, takes two NULLs for equal).
 */
export class DashboardTriggerSetOps1797440000000 implements MigrationInterface {
  name = 'DashboardTriggerSetOps1797440000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE FUNCTION crm_dashboard_on_leads() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP = 'INSERT' THEN
                    INSERT INTO dashboard_lead_totals (dimension, key, stage, status, lost_reason, lost_to, lead_count, planned_investment, contract_investment, actual_investment, expected_jobs)
                    SELECT d.dimension, d.key, n.stage, n.status, n.lost_reason, n.lost_to, count(*), coalesce(sum(n.planned_investment), 0),
                           coalesce(sum(n.contract_investment), 0), coalesce(sum(n.actual_investment), 0), coalesce(sum(n.expected_jobs), 0)
                    FROM new_leads n CROSS JOIN LATERAL crm_dashboard_dimensions(n.team_id, n.industry_code, n.zone_code, n.created_at) d
                    WHERE n.deleted_at IS NULL
                    GROUP BY 1, 2, 3, 4, 5, 6;
                    RETURN NULL;
                  END IF;
                  -- most updates (follow-up dates, names, versions) touch nothing counted here: leave before any real work
                  IF NOT EXISTS (SELECT id, stage, status, lost_reason, lost_to, planned_investment, contract_investment, actual_investment, expected_jobs,
                                        team_id, industry_code, zone_code, created_at, deleted_at IS NULL FROM old_leads
                                 EXCEPT
                                 SELECT id, stage, status, lost_reason, lost_to, planned_investment, contract_investment, actual_investment, expected_jobs,
                                        team_id, industry_code, zone_code, created_at, deleted_at IS NULL FROM new_leads) THEN
                    RETURN NULL;
                  END IF;
                  INSERT INTO dashboard_lead_totals (dimension, key, stage, status, lost_reason, lost_to, lead_count, planned_investment, contract_investment, actual_investment, expected_jobs)
                  SELECT d.dimension, d.key, s.stage, s.status, s.lost_reason, s.lost_to, sum(s.sign), coalesce(sum(s.sign * s.planned_investment), 0),
                         coalesce(sum(s.sign * s.contract_investment), 0), coalesce(sum(s.sign * s.actual_investment), 0), coalesce(sum(s.sign * s.expected_jobs), 0)
                  FROM (SELECT -1 AS sign, o.* FROM old_leads o WHERE o.deleted_at IS NULL
                        UNION ALL SELECT 1, n.* FROM new_leads n WHERE n.deleted_at IS NULL) s
                  CROSS JOIN LATERAL crm_dashboard_dimensions(s.team_id, s.industry_code, s.zone_code, s.created_at) d
                  GROUP BY 1, 2, 3, 4, 5, 6
                  HAVING sum(s.sign) <> 0 OR sum(s.sign * s.planned_investment) <> 0 OR sum(s.sign * s.contract_investment) <> 0
                      OR sum(s.sign * s.actual_investment) <> 0 OR sum(s.sign * s.expected_jobs) <> 0;
                  IF NOT EXISTS (SELECT id, team_id, industry_code, zone_code, created_at, deleted_at IS NULL FROM old_leads
                                 EXCEPT SELECT id, team_id, industry_code, zone_code, created_at, deleted_at IS NULL FROM new_leads) THEN
                    RETURN NULL;
                  END IF;
                  INSERT INTO dashboard_stage_days (dimension, key, from_stage, day, transitions)
                  SELECT d.dimension, d.key, t.from_stage, floor(t.days_in_from_stage)::int, sum(s.sign)
                  FROM (SELECT -1 AS sign, moved.* FROM (SELECT id, team_id, industry_code, zone_code, created_at FROM old_leads WHERE deleted_at IS NULL
                                                EXCEPT SELECT id, team_id, industry_code, zone_code, created_at FROM new_leads WHERE deleted_at IS NULL) moved
                        UNION ALL
                        SELECT 1, arrived.* FROM (SELECT id, team_id, industry_code, zone_code, created_at FROM new_leads WHERE deleted_at IS NULL
                                                  EXCEPT SELECT id, team_id, industry_code, zone_code, created_at FROM old_leads WHERE deleted_at IS NULL) arrived) s
                  JOIN lead_transitions t ON t.lead_id = s.id AND t.days_in_from_stage IS NOT NULL
                  CROSS JOIN LATERAL crm_dashboard_dimensions(s.team_id, s.industry_code, s.zone_code, s.created_at) d
                  GROUP BY 1, 2, 3, 4
                  HAVING sum(s.sign) <> 0;
                  RETURN NULL;
                END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DASHBOARD_ON_LEADS_BY_MONTH);
  }
}
