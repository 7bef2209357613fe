import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Summary tables for the leaders' dashboard, kept exact by statement triggers on leads and
 * lead_transitions (so imports, COPY and every service write are covered alike).
 *
 * Each table holds rows per (dimension, key): 'all' with key '', and 'team', 'industry' and 'zone' with the
 * lead's value ('' for none), so the unfiltered pipeline, the one-dimension filters and the unfiltered
 * breakdowns read a few hundred rows instead of every lead. Triggers only append signed deltas (no shared row is updated, so concurrent
 * writers never wait on each other); crm_compact_dashboard_totals() folds them, run by the worker.
 */
export class DashboardTotals1795800000000 implements MigrationInterface {
  name = 'DashboardTotals1795800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "dashboard_lead_totals" (
            "dimension" text NOT NULL, "key" text NOT NULL, "stage" text NOT NULL, "status" text NOT NULL, "lost_reason" text, "lost_to" text,
            "lead_count" bigint NOT NULL, "planned_investment" numeric NOT NULL, "contract_investment" numeric NOT NULL,
            "actual_investment" numeric NOT NULL, "expected_jobs" bigint NOT NULL, "compacted" boolean NOT NULL DEFAULT false)`);
    await queryRunner.query(`CREATE INDEX "idx_dashboard_lead_totals_key" ON "dashboard_lead_totals" ("dimension", "key")`);
    // transitions with a known duration per whole day spent in the stage they left: locates the median's day, whose few rows are then read exactly
    await queryRunner.query(`CREATE TABLE "dashboard_stage_days" (
            "dimension" text NOT NULL, "key" text NOT NULL, "from_stage" text NOT NULL, "day" integer NOT NULL,
            "transitions" bigint NOT NULL, "compacted" boolean NOT NULL DEFAULT false)`);
    await queryRunner.query(`CREATE INDEX "idx_dashboard_stage_days_key" ON "dashboard_stage_days" ("dimension", "key")`);

    await queryRunner.query(`CREATE OR REPLACE FUNCTION crm_dashboard_dimensions(team_id uuid, industry_code text, zone_code text)
            RETURNS TABLE (dimension text, key text) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
              SELECT d.dimension, d.key FROM (VALUES ('all', ''), ('team', coalesce(team_id::text, '')), ('industry', industry_code), ('zone', coalesce(zone_code, ''))) d(dimension, key)
            $$`);

    // leads: −old image, +new image of each live lead; durations move when a lead's dimensions or liveness change
    await queryRunner.query(`CREATE OR REPLACE FUNCTION crm_dashboard_on_leads() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'INSERT' THEN
                INSERT INTO dashboard_lead_totals (dimension, key, stage, status, lost_reason, lost_to, lead_count, planned_investment, contract_investment, actual_investment, expected_jobs)
                SELECT d.dimension, d.key, n.stage, n.status, n.lost_reason, n.lost_to, count(*), coalesce(sum(n.planned_investment), 0),
                       coalesce(sum(n.contract_investment), 0), coalesce(sum(n.actual_investment), 0), coalesce(sum(n.expected_jobs), 0)
                FROM new_leads n CROSS JOIN LATERAL crm_dashboard_dimensions(n.team_id, n.industry_code, n.zone_code) d
                WHERE n.deleted_at IS NULL
                GROUP BY 1, 2, 3, 4, 5, 6;
                RETURN NULL;
              END IF;
              -- most updates (follow-up dates, names, versions) touch nothing counted here: leave before any real work
              IF NOT EXISTS (SELECT 1 FROM old_leads o JOIN new_leads n ON n.id = o.id
                             WHERE (o.stage, o.status, o.lost_reason, o.lost_to, o.planned_investment, o.contract_investment, o.actual_investment, o.expected_jobs,
                                    o.team_id, o.industry_code, o.zone_code, o.deleted_at IS NULL)
                                   IS DISTINCT FROM (n.stage, n.status, n.lost_reason, n.lost_to, n.planned_investment, n.contract_investment, n.actual_investment, n.expected_jobs,
                                    n.team_id, n.industry_code, n.zone_code, n.deleted_at IS NULL)) THEN
                RETURN NULL;
              END IF;
              INSERT INTO dashboard_lead_totals (dimension, key, stage, status, lost_reason, lost_to, lead_count, planned_investment, contract_investment, actual_investment, expected_jobs)
              SELECT d.dimension, d.key, s.stage, s.status, s.lost_reason, s.lost_to, sum(s.sign), coalesce(sum(s.sign * s.planned_investment), 0),
                     coalesce(sum(s.sign * s.contract_investment), 0), coalesce(sum(s.sign * s.actual_investment), 0), coalesce(sum(s.sign * s.expected_jobs), 0)
              FROM (SELECT -1 AS sign, o.* FROM old_leads o WHERE o.deleted_at IS NULL
                    UNION ALL SELECT 1, n.* FROM new_leads n WHERE n.deleted_at IS NULL) s
              CROSS JOIN LATERAL crm_dashboard_dimensions(s.team_id, s.industry_code, s.zone_code) d
              GROUP BY 1, 2, 3, 4, 5, 6
              HAVING sum(s.sign) <> 0 OR sum(s.sign * s.planned_investment) <> 0 OR sum(s.sign * s.contract_investment) <> 0
                  OR sum(s.sign * s.actual_investment) <> 0 OR sum(s.sign * s.expected_jobs) <> 0;
              IF NOT EXISTS (SELECT 1 FROM old_leads o JOIN new_leads n ON n.id = o.id
                             WHERE (o.team_id, o.industry_code, o.zone_code, o.deleted_at IS NULL) IS DISTINCT FROM (n.team_id, n.industry_code, n.zone_code, n.deleted_at IS NULL)) THEN
                RETURN NULL;
              END IF;
              INSERT INTO dashboard_stage_days (dimension, key, from_stage, day, transitions)
              SELECT d.dimension, d.key, t.from_stage, floor(t.days_in_from_stage)::int, sum(s.sign)
              FROM (SELECT -1 AS sign, o.id, o.team_id, o.industry_code, o.zone_code FROM old_leads o JOIN new_leads n ON n.id = o.id
                    WHERE o.deleted_at IS NULL AND (n.deleted_at IS NOT NULL OR (o.team_id, o.industry_code, o.zone_code) IS DISTINCT FROM (n.team_id, n.industry_code, n.zone_code))
                    UNION ALL
                    SELECT 1, n.id, n.team_id, n.industry_code, n.zone_code FROM old_leads o JOIN new_leads n ON n.id = o.id
                    WHERE n.deleted_at IS NULL AND (o.deleted_at IS NOT NULL OR (o.team_id, o.industry_code, o.zone_code) IS DISTINCT FROM (n.team_id, n.industry_code, n.zone_code))) s
              JOIN lead_transitions t ON t.lead_id = s.id AND t.days_in_from_stage IS NOT NULL
              CROSS JOIN LATERAL crm_dashboard_dimensions(s.team_id, s.industry_code, s.zone_code) d
              GROUP BY 1, 2, 3, 4
              HAVING sum(s.sign) <> 0;
              RETURN NULL;
            END $$`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION crm_dashboard_on_transitions() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'INSERT' THEN
                -- transitions without a duration (the first move of a lead, imports) count nothing
                IF NOT EXISTS (SELECT 1 FROM new_transitions WHERE days_in_from_stage IS NOT NULL) THEN
                  RETURN NULL;
                END IF;
                INSERT INTO dashboard_stage_days (dimension, key, from_stage, day, transitions)
                SELECT d.dimension, d.key, n.from_stage, floor(n.days_in_from_stage)::int, count(*)
                FROM new_transitions n JOIN leads l ON l.id = n.lead_id AND l.deleted_at IS NULL
                CROSS JOIN LATERAL crm_dashboard_dimensions(l.team_id, l.industry_code, l.zone_code) d
                WHERE n.days_in_from_stage IS NOT NULL
                GROUP BY 1, 2, 3, 4;
                RETURN NULL;
              END IF;
              IF NOT EXISTS (SELECT 1 FROM new_transitions WHERE days_in_from_stage IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM old_transitions WHERE days_in_from_stage IS NOT NULL) THEN
                RETURN NULL;
              END IF;
              INSERT INTO dashboard_stage_days (dimension, key, from_stage, day, transitions)
              SELECT d.dimension, d.key, s.from_stage, floor(s.days_in_from_stage)::int, sum(s.sign)
              FROM (SELECT 1 AS sign, n.lead_id, n.from_stage, n.days_in_from_stage FROM new_transitions n WHERE n.days_in_from_stage IS NOT NULL
                    UNION ALL
                    SELECT -1, o.lead_id, o.from_stage, o.days_in_from_stage FROM old_transitions o WHERE o.days_in_from_stage IS NOT NULL) s
              JOIN leads l ON l.id = s.lead_id AND l.deleted_at IS NULL
              CROSS JOIN LATERAL crm_dashboard_dimensions(l.team_id, l.industry_code, l.zone_code) d
              GROUP BY 1, 2, 3, 4
              HAVING sum(s.sign) <> 0;
              RETURN NULL;
            END $$`);
    // rebuild from scratch: each statement reads one snapshot, so writers committing meanwhile are counted once
    await queryRunner.query(`CREATE OR REPLACE FUNCTION crm_rebuild_dashboard_totals() RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
              WITH gone AS (DELETE FROM dashboard_lead_totals)
              INSERT INTO dashboard_lead_totals (dimension, key, stage, status, lost_reason, lost_to, lead_count, planned_investment, contract_investment, actual_investment, expected_jobs, compacted)
              SELECT d.dimension, d.key, l.stage, l.status, l.lost_reason, l.lost_to, count(*), coalesce(sum(l.planned_investment), 0),
                     coalesce(sum(l.contract_investment), 0), coalesce(sum(l.actual_investment), 0), coalesce(sum(l.expected_jobs), 0), true
              FROM leads l CROSS JOIN LATERAL crm_dashboard_dimensions(l.team_id, l.industry_code, l.zone_code) d
              WHERE l.deleted_at IS NULL
              GROUP BY 1, 2, 3, 4, 5, 6;
              WITH gone AS (DELETE FROM dashboard_stage_days)
              INSERT INTO dashboard_stage_days (dimension, key, from_stage, day, transitions, compacted)
              SELECT d.dimension, d.key, t.from_stage, floor(t.days_in_from_stage)::int, count(*), true
              FROM lead_transitions t JOIN leads l ON l.id = t.lead_id AND l.deleted_at IS NULL
              CROSS JOIN LATERAL crm_dashboard_dimensions(l.team_id, l.industry_code, l.zone_code) d
              WHERE t.days_in_from_stage IS NOT NULL
              GROUP BY 1, 2, 3, 4;
            END $$`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION crm_dashboard_rebuild_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              PERFORM crm_rebuild_dashboard_totals();
              RETURN NULL;
            END $$`);
    // folds the deltas of every (dimension, key) that has any into one row per group; returns the rows folded
    await queryRunner.query(`CREATE OR REPLACE FUNCTION crm_compact_dashboard_totals() RETURNS bigint LANGUAGE plpgsql AS $$
            DECLARE folded_totals bigint; folded_days bigint;
            BEGIN
              IF NOT pg_try_advisory_xact_lock(hashtext('crm_compact_dashboard_totals')) THEN RETURN 0; END IF;
              WITH touched AS (SELECT DISTINCT dimension, key FROM dashboard_lead_totals WHERE NOT compacted),
              gone AS (DELETE FROM dashboard_lead_totals t USING touched k WHERE t.dimension = k.dimension AND t.key = k.key RETURNING t.*),
              kept AS (
                INSERT INTO dashboard_lead_totals (dimension, key, stage, status, lost_reason, lost_to, lead_count, planned_investment, contract_investment, actual_investment, expected_jobs, compacted)
                SELECT dimension, key, stage, status, lost_reason, lost_to, sum(lead_count), sum(planned_investment), sum(contract_investment), sum(actual_investment), sum(expected_jobs), true
                FROM gone GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(lead_count) <> 0 RETURNING 1)
              SELECT (SELECT count(*) FROM gone) INTO folded_totals;
              WITH touched AS (SELECT DISTINCT dimension, key FROM dashboard_stage_days WHERE NOT compacted),
              gone AS (DELETE FROM dashboard_stage_days t USING touched k WHERE t.dimension = k.dimension AND t.key = k.key RETURNING t.*),
              kept AS (
                INSERT INTO dashboard_stage_days (dimension, key, from_stage, day, transitions, compacted)
                SELECT dimension, key, from_stage, day, sum(transitions), true FROM gone GROUP BY 1, 2, 3, 4 HAVING sum(transitions) <> 0 RETURNING 1)
              SELECT (SELECT count(*) FROM gone) INTO folded_days;
              RETURN folded_totals + folded_days;
            END $$`);

    await queryRunner.query(
      `CREATE TRIGGER dashboard_leads_insert AFTER INSERT ON "leads" REFERENCING NEW TABLE AS new_leads FOR EACH STATEMENT EXECUTE FUNCTION crm_dashboard_on_leads()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER dashboard_leads_update AFTER UPDATE ON "leads" REFERENCING OLD TABLE AS old_leads NEW TABLE AS new_leads FOR EACH STATEMENT EXECUTE FUNCTION crm_dashboard_on_leads()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER dashboard_transitions_insert AFTER INSERT ON "lead_transitions" REFERENCING NEW TABLE AS new_transitions FOR EACH STATEMENT EXECUTE FUNCTION crm_dashboard_on_transitions()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER dashboard_transitions_update AFTER UPDATE ON "lead_transitions" REFERENCING OLD TABLE AS old_transitions NEW TABLE AS new_transitions FOR EACH STATEMENT EXECUTE FUNCTION crm_dashboard_on_transitions()`,
    );
    // hard deletes and truncation never happen in the app (leads are soft-deleted); if they do, recount
    await queryRunner.query(
      `CREATE TRIGGER dashboard_leads_delete AFTER DELETE OR TRUNCATE ON "leads" FOR EACH STATEMENT EXECUTE FUNCTION crm_dashboard_rebuild_trigger()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER dashboard_transitions_delete AFTER DELETE OR TRUNCATE ON "lead_transitions" FOR EACH STATEMENT EXECUTE FUNCTION crm_dashboard_rebuild_trigger()`,
    );
    await queryRunner.query(`SELECT crm_rebuild_dashboard_totals()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [trigger, table] of [
      ['dashboard_transitions_delete', 'lead_transitions'],
      ['dashboard_leads_delete', 'leads'],
      ['dashboard_transitions_update', 'lead_transitions'],
      ['dashboard_transitions_insert', 'lead_transitions'],
      ['dashboard_leads_update', 'leads'],
      ['dashboard_leads_insert', 'leads'],
    ]) {
      await queryRunner.query(`DROP TRIGGER IF EXISTS ${trigger} ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION IF EXISTS crm_compact_dashboard_totals()`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS crm_dashboard_rebuild_trigger()`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS crm_rebuild_dashboard_totals()`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS crm_dashboard_on_transitions()`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS crm_dashboard_on_leads()`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS crm_dashboard_dimensions(uuid, text, text)`);
    await queryRunner.query(`DROP TABLE IF EXISTS "dashboard_stage_days"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "dashboard_lead_totals"`);
  }
}
