import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables whose rows a project's obligation figures are computed from (each row carries its lead_id). */
const SOURCES = ['agreements', 'agreement_clauses', 'reported_actuals'];
/** The lead's columns the dashboard filters (DashboardFilter) and sorts on, kept as copies. */
const COPIED = ['code', 'team_id', 'industry_code', 'zone_code', 'status', 'created_at', 'deleted_at'];

/**
 * 履约监管 at scale (#18 benchmark): one row of obligation figures per project, so /dashboard/obligations sums
 * rows in SQL instead of evaluating every clause per request. The figures themselves are computed in TypeScript
 * (ObligationFiguresService, from the one evaluator); PostgreSQL only marks a row stale, in the writing
 * transaction, whenever what it was computed from changes — whichever code path wrote it (API, import, demo, bench).
 * The backfill inserts every project as stale; the first refresh computes them.
 */
export class ObligationFigures1796600000000 implements MigrationInterface {
  name = 'ObligationFigures1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "obligation_figures" (
        "lead_id" uuid PRIMARY KEY REFERENCES "leads"("id") ON DELETE CASCADE,
        "code" text NOT NULL,
        "team_id" uuid,
        "industry_code" text,
        "zone_code" text,
        "status" text NOT NULL,
        "created_at" timestamptz NOT NULL,
        "deleted_at" timestamptz,
        "stale" boolean NOT NULL DEFAULT true,
        "changes" bigint NOT NULL DEFAULT 0,
        "evaluated_on" date,
        "agreements" int NOT NULL DEFAULT 0,
        "clauses" int NOT NULL DEFAULT 0,
        "decided" int NOT NULL DEFAULT 0,
        "met" int NOT NULL DEFAULT 0,
        "partly_met" int NOT NULL DEFAULT 0,
        "missed" int NOT NULL DEFAULT 0,
        "pending" int NOT NULL DEFAULT 0,
        "waived" int NOT NULL DEFAULT 0,
        "overdue" int NOT NULL DEFAULT 0,
        "rate_sum" float8 NOT NULL DEFAULT 0,
        "rate" float8,
        "fully_honoured" boolean NOT NULL DEFAULT false,
        "clock_level" text NOT NULL DEFAULT 'none',
        "clocks_none" int NOT NULL DEFAULT 0,
        "clocks_yellow" int NOT NULL DEFAULT 0,
        "clocks_red" int NOT NULL DEFAULT 0,
        "clocks_critical" int NOT NULL DEFAULT 0,
        "clocks" jsonb NOT NULL DEFAULT '[]',
        "government_overdue" jsonb NOT NULL DEFAULT '[]',
        "government_overdue_count" int NOT NULL DEFAULT 0,
        "government_overdue_since" date,
        "clock_rank" int NOT NULL DEFAULT 0,
        "clock_days" int NOT NULL DEFAULT 0
      )`,
    );
    await queryRunner.query(`CREATE INDEX "idx_obligation_figures_stale" ON "obligation_figures" ("lead_id") WHERE stale`);
    await queryRunner.query(`CREATE INDEX "idx_obligation_figures_evaluated_on" ON "obligation_figures" ("evaluated_on")`);
    // the lists' orders: the dashboard reads the first 100 of each without sorting every project
    await queryRunner.query(
      `CREATE INDEX "idx_obligation_figures_by_rate" ON "obligation_figures" ((coalesce(rate, 2)), overdue DESC, code)
       WHERE status <> 'lost' AND deleted_at IS NULL AND agreements > 0`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_obligation_figures_clocked" ON "obligation_figures" (clock_rank DESC, clock_days DESC) WHERE clock_rank > 0`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_obligation_figures_government_overdue" ON "obligation_figures" (government_overdue_since)
       WHERE government_overdue_count > 0`,
    );
    // `changes` counts the marks: a refresh that read the rows before a later change does not clear its mark
    await queryRunner.query(
      `CREATE FUNCTION obligation_figures_mark(lead uuid) RETURNS void LANGUAGE sql AS $$
         INSERT INTO obligation_figures (lead_id, ${COPIED.join(', ')}) SELECT id, ${COPIED.join(', ')} FROM leads WHERE id = lead
         ON CONFLICT (lead_id) DO UPDATE SET stale = true, changes = obligation_figures.changes + 1 $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION obligation_figures_source_changed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP <> 'INSERT' THEN PERFORM obligation_figures_mark(OLD.lead_id); END IF;
         IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.lead_id <> OLD.lead_id) THEN PERFORM obligation_figures_mark(NEW.lead_id); END IF;
         RETURN NULL;
       END $$`,
    );
    for (const table of SOURCES)
      await queryRunner.query(
        `CREATE TRIGGER "trg_${table}_obligation_figures" AFTER INSERT OR UPDATE OR DELETE ON "${table}"
         FOR EACH ROW EXECUTE FUNCTION obligation_figures_source_changed()`,
      );
    // a lead's dates and land/investment enter the evaluation; its team, industry, zone and status are joined at read time
    await queryRunner.query(
      `CREATE FUNCTION obligation_figures_lead_changed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE obligation_figures SET stale = true, changes = changes + 1 WHERE lead_id = NEW.id;
         RETURN NULL;
       END $$`,
    );
    // the lead's columns the dashboard filters and sorts on are copied (no rule in them): the dashboard reads no leads row but the 100 it lists
    await queryRunner.query(
      `CREATE FUNCTION obligation_figures_lead_copied() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE obligation_figures SET ${COPIED.map((c) => `${c} = NEW.${c}`).join(', ')} WHERE lead_id = NEW.id;
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "trg_leads_obligation_figures_copy" AFTER UPDATE OF ${COPIED.join(', ')} ON "leads"
       FOR EACH ROW WHEN (${COPIED.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ')})
       EXECUTE FUNCTION obligation_figures_lead_copied()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "trg_leads_obligation_figures"
       AFTER UPDATE OF agreed_start_date, construction_started_at, operating_at, land_area_mu, contract_investment ON "leads"
       FOR EACH ROW WHEN (
         OLD.agreed_start_date IS DISTINCT FROM NEW.agreed_start_date OR OLD.construction_started_at IS DISTINCT FROM NEW.construction_started_at
         OR OLD.operating_at IS DISTINCT FROM NEW.operating_at OR OLD.land_area_mu IS DISTINCT FROM NEW.land_area_mu
         OR OLD.contract_investment IS DISTINCT FROM NEW.contract_investment)
       EXECUTE FUNCTION obligation_figures_lead_changed()`,
    );
    // backfill: every project with an agreement, stale until the first refresh computes it
    await queryRunner.query(
      `INSERT INTO obligation_figures (lead_id, ${COPIED.join(', ')})
       SELECT id, ${COPIED.join(', ')} FROM leads WHERE id IN (SELECT lead_id FROM agreements)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "trg_leads_obligation_figures" ON "leads"`);
    await queryRunner.query(`DROP TRIGGER "trg_leads_obligation_figures_copy" ON "leads"`);
    await queryRunner.query(`DROP FUNCTION obligation_figures_lead_copied()`);
    for (const table of SOURCES) await queryRunner.query(`DROP TRIGGER "trg_${table}_obligation_figures" ON "${table}"`);
    await queryRunner.query(`DROP FUNCTION obligation_figures_lead_changed()`);
    await queryRunner.query(`DROP FUNCTION obligation_figures_source_changed()`);
    await queryRunner.query(`DROP FUNCTION obligation_figures_mark(uuid)`);
    await queryRunner.query(`DROP TABLE "obligation_figures"`);
  }
}
