import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 履约监管 (#18): agreements, their clauses with evidence files, reported actuals per period, and the
 * reminder kinds of clauses, idle-land clocks and due reports.
 */
export class Obligations1796578439114 implements MigrationInterface {
  name = 'Obligations1796578439114';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "agreement_clauses" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "agreement_id" uuid NOT NULL, "lead_id" uuid NOT NULL, "party" text NOT NULL, "kind" text NOT NULL, "title" text NOT NULL, "threshold" numeric(16,4), "unit" text, "due_date" date, "yearly_from" integer, "evidence_required" text, "department" text, "responsible_id" uuid, "status" text NOT NULL DEFAULT 'pending', "status_reason" text, "status_changed_at" TIMESTAMP WITH TIME ZONE, "status_changed_by" uuid, "created_by" uuid NOT NULL, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_agreement_clauses_reason" CHECK (status = 'pending' OR status_reason IS NOT NULL), CONSTRAINT "chk_agreement_clauses_when" CHECK (due_date IS NOT NULL OR yearly_from IS NOT NULL), CONSTRAINT "chk_agreement_clauses_unit" CHECK (threshold IS NULL OR unit IS NOT NULL), CONSTRAINT "chk_agreement_clauses_status" CHECK (status IN ('pending', 'met', 'partly_met', 'missed', 'waived')), CONSTRAINT "chk_agreement_clauses_kind" CHECK (kind IN ('investment_arrived', 'construction_start', 'completion', 'operation', 'full_production', 'annual_output', 'annual_tax', 'tax_per_mu', 'investment_intensity', 'jobs', 'energy_per_output', 'rd_share', 'land_delivery', 'utilities', 'approvals', 'incentive_payment', 'other')), CONSTRAINT "chk_agreement_clauses_party" CHECK (party IN ('investor', 'government')), CONSTRAINT "PK_216ecebd64e90b6ecaea01b6add" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_agreement_clauses_lead" ON "agreement_clauses"  ("lead_id") `);
    await queryRunner.query(
      `CREATE INDEX "idx_agreement_clauses_agreement_created" ON "agreement_clauses"  ("agreement_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "agreements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "lead_id" uuid NOT NULL, "kind" text NOT NULL, "number" text NOT NULL, "signed_on" date NOT NULL, "parties" text NOT NULL, "investment" numeric(14,2), "land_area_mu" numeric(12,2), "land_use" text, "land_parcel" text, "land_delivery_date" date, "land_start_date" date, "land_price" numeric(14,2), "planned_floor_area" numeric(14,2), "note" text, "created_by" uuid NOT NULL, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_agreements_kind" CHECK (kind IN ('main', 'supplementary')), CONSTRAINT "PK_01532f6c999d44c776e3d1fa4c8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_agreements_main_per_lead" ON "agreements"  ("lead_id") WHERE kind = 'main'`);
    await queryRunner.query(`CREATE INDEX "idx_agreements_lead_created" ON "agreements"  ("lead_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "clause_evidence" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "clause_id" uuid NOT NULL, "lead_id" uuid NOT NULL, "file_name" text NOT NULL, "content_type" text NOT NULL, "size_bytes" integer NOT NULL, "sha256" text NOT NULL, "content" bytea NOT NULL, "uploaded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_921f4abd08070db0c7cf6230d16" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_clause_evidence_clause_created" ON "clause_evidence"  ("clause_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "reported_actuals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "lead_id" uuid NOT NULL, "period" text NOT NULL, "period_start" date NOT NULL, "period_end" date NOT NULL, "as_of" date NOT NULL, "investment_arrived" numeric(16,2), "output" numeric(16,2), "tax" numeric(16,2), "jobs" integer, "energy" numeric(16,2), "rd_expense" numeric(16,2), "built_floor_area" numeric(16,2), "note" text, "created_by" uuid NOT NULL, "updated_by" uuid NOT NULL, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_reported_actuals_period" CHECK (period ~ '^[0-9]{4}(-Q[1-4])?$'), CONSTRAINT "PK_52ca42c8c8a1d1064e4a9ee68bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_reported_actuals_lead_period" ON "reported_actuals"  ("lead_id", "period") `);
    await queryRunner.query(`ALTER TABLE "reminders" DROP CONSTRAINT "chk_reminders_kind"`);
    await queryRunner.query(
      `ALTER TABLE "reminders" ADD CONSTRAINT "chk_reminders_kind" CHECK (kind IN ('follow_up_due', 'follow_up_overdue', 'stage_stalled', 'issue_due', 'issue_overdue', 'daily_digest', 'assigned', 'clause_due', 'clause_overdue', 'idle_land_yellow', 'idle_land_red', 'idle_land_critical', 'actuals_due'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM "reminders" WHERE kind NOT IN ('follow_up_due', 'follow_up_overdue', 'stage_stalled', 'issue_due', 'issue_overdue', 'daily_digest', 'assigned')`,
    );
    await queryRunner.query(`ALTER TABLE "reminders" DROP CONSTRAINT "chk_reminders_kind"`);
    await queryRunner.query(
      `ALTER TABLE "reminders" ADD CONSTRAINT "chk_reminders_kind" CHECK (kind IN ('follow_up_due', 'follow_up_overdue', 'stage_stalled', 'issue_due', 'issue_overdue', 'daily_digest', 'assigned'))`,
    );
    await queryRunner.query(`DROP INDEX "public"."uq_reported_actuals_lead_period"`);
    await queryRunner.query(`DROP TABLE "reported_actuals"`);
    await queryRunner.query(`DROP INDEX "public"."idx_clause_evidence_clause_created"`);
    await queryRunner.query(`DROP TABLE "clause_evidence"`);
    await queryRunner.query(`DROP INDEX "public"."idx_agreements_lead_created"`);
    await queryRunner.query(`DROP INDEX "public"."uq_agreements_main_per_lead"`);
    await queryRunner.query(`DROP TABLE "agreements"`);
    await queryRunner.query(`DROP INDEX "public"."idx_agreement_clauses_agreement_created"`);
    await queryRunner.query(`DROP INDEX "public"."idx_agreement_clauses_lead"`);
    await queryRunner.query(`DROP TABLE "agreement_clauses"`);
  }
}
